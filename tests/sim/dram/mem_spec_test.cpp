#include "dsegym/sim/dram/mem_spec.hpp"

#include <gtest/gtest.h>

#include <string>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::dram {
namespace {

std::string problem_with(void (*edit)(mem_spec&)) {
  mem_spec s = ddr3_1600();
  edit(s);
  return find_problem(s);
}

TEST(MemSpec, Ddr3PresetMatchesSpecTable) {
  const mem_spec s = ddr3_1600();
  EXPECT_EQ(s.name, "MICRON_1Gb_DDR3-1600_8bit_G");
  EXPECT_DOUBLE_EQ(s.tck_ns(), 1.25);
  EXPECT_EQ(s.timing.cl, 10u);
  EXPECT_EQ(s.timing.cwl, 8u);
  EXPECT_EQ(s.timing.rcd, 10u);
  EXPECT_EQ(s.timing.rp, 10u);
  EXPECT_EQ(s.timing.ras, 28u);
  EXPECT_EQ(s.timing.rc, 38u);
  EXPECT_EQ(s.timing.ccd_s, 4u);
  EXPECT_EQ(s.timing.rrd_s, 5u);
  EXPECT_EQ(s.timing.faw, 24u);
  EXPECT_EQ(s.timing.wr, 12u);
  EXPECT_EQ(s.timing.wtr_s, 6u);
  EXPECT_EQ(s.timing.rtp, 6u);
  EXPECT_EQ(s.timing.rfc, 88u);
  EXPECT_EQ(s.timing.refi, 6240u);
  EXPECT_DOUBLE_EQ(s.timing.rfc * s.tck_ns(), 110.0);
  EXPECT_DOUBLE_EQ(s.power.vdd_v, 1.5);
  EXPECT_DOUBLE_EQ(s.power.idd0_ma, 70.0);
  EXPECT_DOUBLE_EQ(s.power.idd5_ma, 170.0);
  EXPECT_EQ(find_problem(s), "");
}

TEST(MemSpec, Ddr3DerivedGeometry) {
  const mem_spec s = ddr3_1600();
  EXPECT_EQ(s.burst_bytes(), 64u);
  EXPECT_EQ(s.burst_cycles(), 4u);
  EXPECT_EQ(s.bus_width_bytes(), 8u);
  EXPECT_EQ(s.capacity_bytes(), std::uint64_t{1} << 30);
  EXPECT_DOUBLE_EQ(s.peak_bandwidth_bytes_per_s(), 12.8e9);
  // One row is 1 KB per device = 8 KB per DIMM.
  EXPECT_EQ(s.org.columns * s.bus_width_bytes(), 8192u);
}

TEST(MemSpec, Ddr4PresetMatchesSpecTable) {
  const mem_spec s = ddr4_2400();
  EXPECT_EQ(s.standard, dram_standard::ddr4);
  EXPECT_NEAR(s.tck_ns(), 0.8333, 1e-4);
  EXPECT_EQ(s.org.banks, 16u);
  EXPECT_EQ(s.org.bank_groups, 4u);
  EXPECT_EQ(s.banks_per_group(), 4u);
  EXPECT_EQ(s.timing.cl, 16u);
  EXPECT_EQ(s.timing.cwl, 16u);
  EXPECT_EQ(s.timing.ccd_s, 4u);
  EXPECT_EQ(s.timing.ccd_l, 6u);
  EXPECT_EQ(s.timing.rrd_s, 4u);
  EXPECT_EQ(s.timing.rrd_l, 6u);
  EXPECT_EQ(s.timing.wtr_s, 3u);
  EXPECT_EQ(s.timing.wtr_l, 9u);
  EXPECT_EQ(s.timing.faw, 26u);
  EXPECT_EQ(s.timing.rfc, 312u);
  EXPECT_EQ(s.timing.refi, 9360u);
  EXPECT_EQ(s.capacity_bytes(), std::uint64_t{4} << 30);
  EXPECT_NEAR(s.peak_bandwidth_bytes_per_s(), 19.2e9, 1e3);
  EXPECT_DOUBLE_EQ(s.power.vpp_v, 2.5);
  EXPECT_DOUBLE_EQ(s.power.ipp0_ma, 4.05);
  EXPECT_EQ(find_problem(s), "");
}

TEST(MemSpec, BuiltInByNameIsCaseInsensitive) {
  EXPECT_EQ(built_in_mem_spec("DDR3-1600"), ddr3_1600());
  EXPECT_EQ(built_in_mem_spec("ddr4-2400"), ddr4_2400());
  EXPECT_EQ(built_in_mem_spec("JEDEC_4Gb_DDR4-2400_8bit_A"), ddr4_2400());
  EXPECT_EQ(built_in_mem_spec_names().size(), 4u);
}

TEST(MemSpec, UnknownPresetListsChoices) {
  try {
    (void)built_in_mem_spec("DDR5-4800");
    FAIL() << "expected not_found";
  } catch (const not_found& e) {
    EXPECT_NE(std::string(e.what()).find("[dsegym.dram]"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("DDR5-4800"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("DDR3-1600"), std::string::npos);
  }
}

TEST(MemSpec, InconsistentTimingsNameTheField) {
  EXPECT_EQ(problem_with([](mem_spec& s) { s.timing.rc = 30; }),
            "timing.rc = 30 is less than timing.ras + timing.rp = 38");
  EXPECT_EQ(problem_with([](mem_spec& s) { s.timing.rcd = 0; }), "timing.rcd = 0 must be > 0");
  EXPECT_EQ(problem_with([](mem_spec& s) { s.timing.ras = 5; }),
            "timing.ras = 5 is less than timing.rcd = 10");
  EXPECT_EQ(problem_with([](mem_spec& s) { s.timing.ccd_s = s.timing.ccd_l = 2; }),
            "timing.ccd_s = 2 is less than burst_length / data_rate = 4");
  EXPECT_EQ(problem_with([](mem_spec& s) { s.timing.ccd_l = 3; }),
            "timing.ccd_l = 3 is less than timing.ccd_s = 4");
  EXPECT_EQ(problem_with([](mem_spec& s) { s.timing.refi = 50; }),
            "timing.refi = 50 is less than timing.rfc + 1 = 89");
  EXPECT_EQ(problem_with([](mem_spec& s) { s.timing.al = 10; }),
            "timing.al = 10 must be less than timing.rcd = 10");
}

TEST(MemSpec, InconsistentOrganisationNamesTheField) {
  EXPECT_EQ(problem_with([](mem_spec& s) { s.org.banks = 0; }), "org.banks = 0 must be > 0");
  EXPECT_EQ(problem_with([](mem_spec& s) { s.org.bank_groups = 4; }),
            "org.bank_groups = 4 but DDR3 has no bank groups");
  EXPECT_EQ(problem_with([](mem_spec& s) { s.org.burst_length = 7; }),
            "org.burst_length = 7 is not a multiple of org.data_rate = 2");
  EXPECT_NE(problem_with([](mem_spec& s) { s.clock_mhz = 0.0; }).find("clock_mhz"),
            std::string::npos);
}

TEST(MemSpec, CurrentsThatWouldGiveNegativeEnergyAreRejected) {
  EXPECT_EQ(problem_with([](mem_spec& s) { s.power.idd0_ma = 40; }),
            "power.idd0_ma = 40 is less than power.idd3n_ma = 45 (the command energy would be "
            "negative)");
  EXPECT_NE(problem_with([](mem_spec& s) { s.power.idd4r_ma = -1; }).find("power.idd4r_ma"),
            std::string::npos);
  EXPECT_NE(problem_with([](mem_spec& s) { s.power.vdd_v = 0; }).find("power.vdd_v"),
            std::string::npos);
}

TEST(MemSpec, ValidateThrowsInvalidArgumentWithSpecName) {
  mem_spec s = ddr3_1600();
  s.timing.rc = 1;
  try {
    validate(s);
    FAIL() << "expected invalid_argument";
  } catch (const invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_EQ(e.area(), "dram");
    EXPECT_NE(msg.find("MICRON_1Gb_DDR3-1600_8bit_G"), std::string::npos);
    EXPECT_NE(msg.find("timing.rc = 1"), std::string::npos);
  }
}

}  // namespace
}  // namespace dsegym::sim::dram

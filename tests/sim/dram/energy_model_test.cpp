#include "dsegym/sim/dram/energy_model.hpp"

#include <gtest/gtest.h>

namespace dsegym::sim::dram {
namespace {

// §3 table, DIMM values (8 devices).
TEST(EnergyModel, Ddr3DimmMatchesSpecTable) {
  const energy_params e = rank_energy_params(ddr3_1600());
  EXPECT_NEAR(e.act_pj, 10500.0, 1e-6);
  EXPECT_NEAR(e.pre_pj, 3750.0, 1e-6);
  EXPECT_NEAR(e.rd_pj, 5700.0, 1e-6);
  EXPECT_NEAR(e.wr_pj, 6000.0, 1e-6);
  EXPECT_NEAR(e.ref_pj, 165000.0, 1e-6);
  EXPECT_NEAR(e.active_standby_mw, 540.0, 1e-9);
  EXPECT_NEAR(e.precharged_standby_mw, 540.0, 1e-9);
}

TEST(EnergyModel, Ddr4DimmMatchesSpecTableIncludingVpp) {
  const energy_params e = rank_energy_params(ddr4_2400());
  // VDD part + VPP add-on (2.63 nJ per ACT, 1.08 nJ per PRE).
  EXPECT_NEAR(e.act_pj, 5226.0 + 2632.5, 1.0);
  EXPECT_NEAR(e.pre_pj, 2880.0 + 1080.0, 1.0);
  EXPECT_NEAR(e.rd_pj, 4496.0, 1.0);
  EXPECT_NEAR(e.wr_pj, 3992.0, 1.0);
  EXPECT_NEAR(e.ref_pj, 184704.0, 1.0);
  EXPECT_NEAR(e.active_standby_mw, 422.4, 1e-9);
  EXPECT_NEAR(e.precharged_standby_mw, 367.2, 1e-9);
}

TEST(EnergyModel, PerDeviceValuesScaleWithDeviceCount) {
  mem_spec s = ddr3_1600();
  s.org.devices_per_rank = 1;
  const energy_params e = rank_energy_params(s);
  EXPECT_NEAR(e.act_pj, 1312.5, 1e-9);
  EXPECT_NEAR(e.pre_pj, 468.75, 1e-9);
  EXPECT_NEAR(e.rd_pj, 712.5, 1e-9);
  EXPECT_NEAR(e.wr_pj, 750.0, 1e-9);
  EXPECT_NEAR(e.ref_pj, 20625.0, 1e-9);
}

TEST(EnergyModel, ComputeEnergyIsCountsTimesEnergiesPlusBackground) {
  const energy_params e = rank_energy_params(ddr3_1600());
  command_counts n;
  n.act = 10000;
  n.pre = 10000;
  n.rd = 10000;
  // Spec §4 run A check: 142.5 + 57.0 + 0.54 W * 87.385 us = 246.69 uJ.
  const energy_breakdown b = compute_energy(e, n, 87385.0, 0.0);
  EXPECT_NEAR(b.act_pj + b.pre_pj, 142.5e6, 1e-3);
  EXPECT_NEAR(b.rd_pj, 57.0e6, 1e-3);
  EXPECT_NEAR(b.active_background_pj, 0.54 * 87385.0 * 1000.0, 1e-3);
  EXPECT_NEAR(b.total_pj(), 246.6879e6, 0.001e6);
  EXPECT_EQ(b.wr_pj, 0.0);
  EXPECT_EQ(b.ref_pj, 0.0);
}

}  // namespace
}  // namespace dsegym::sim::dram

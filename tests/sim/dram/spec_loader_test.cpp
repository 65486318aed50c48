#include "dsegym/sim/dram/spec_loader.hpp"

#include <gtest/gtest.h>

#include <string>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::dram {
namespace {

// A DRAMSys-style memspec for DDR3-1600, written out by hand (not via to_json).
const char* const ddr3_json = R"({
  "memspec": {
    "memoryId": "MICRON_1Gb_DDR3-1600_8bit_G",
    "memoryType": "DDR3",
    "memarchitecturespec": {"nbrOfRanks": 1, "nbrOfBanks": 8, "nbrOfRows": 16384,
      "nbrOfColumns": 1024, "width": 8, "nbrOfDevicesOnDIMM": 8, "burstLength": 8,
      "dataRate": 2},
    "memtimingspec": {"clkMhz": 800, "CL": 10, "WL": 8, "AL": 0, "RCD": 10, "RP": 10,
      "RAS": 28, "RC": 38, "CCD": 4, "RRD": 5, "FAW": 24, "WR": 12, "WTR": 6, "RTP": 6,
      "RFC": 88, "REFI": 6240, "RTRS": 1, "XP": 6, "XPDLL": 20, "XS": 96, "XSDLL": 512,
      "CKE": 3, "CKESR": 4},
    "mempowerspec": {"vdd": 1.5, "idd0": 70, "idd2n": 45, "idd2p0": 12, "idd2p1": 30,
      "idd3n": 45, "idd3p0": 35, "idd3p1": 35, "idd4r": 140, "idd4w": 145, "idd5": 170,
      "idd6": 8}
  }
})";

std::string with_replaced(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return text.replace(pos, from.size(), to);
}

template <class F>
std::string data_error_message(F&& f) {
  try {
    f();
  } catch (const data_error& e) {
    return e.what();
  }
  return "<no data_error>";
}

TEST(SpecLoader, HandWrittenDdr3MemspecEqualsThePreset) {
  EXPECT_EQ(parse_mem_spec(ddr3_json), ddr3_1600());
}

TEST(SpecLoader, PresetsRoundTripThroughJson) {
  EXPECT_EQ(parse_mem_spec(to_json(ddr3_1600())), ddr3_1600());
  EXPECT_EQ(parse_mem_spec(to_json(ddr4_2400())), ddr4_2400());
}

TEST(SpecLoader, MissingTimingNamesTheField) {
  const auto msg = data_error_message(
      [] { (void)parse_mem_spec(with_replaced(ddr3_json, "\"RCD\": 10, ", ""), "x.json"); });
  EXPECT_NE(msg.find("x.json"), std::string::npos) << msg;
  EXPECT_NE(msg.find("memspec.memtimingspec.RCD"), std::string::npos) << msg;
  EXPECT_NE(msg.find("missing"), std::string::npos) << msg;
}

TEST(SpecLoader, MissingHalfOfAShortLongPairNamesIt) {
  const auto text = with_replaced(ddr3_json, "\"CCD\": 4", "\"CCD_S\": 4");
  const auto msg = data_error_message([&] { (void)parse_mem_spec(text); });
  EXPECT_NE(msg.find("memspec.memtimingspec.CCD_L"), std::string::npos) << msg;
}

TEST(SpecLoader, Ddr4NeedsBankGroups) {
  auto text = to_json(ddr4_2400());
  text = with_replaced(text, "\"nbrOfBankGroups\": 4,", "");
  const auto msg = data_error_message([&] { (void)parse_mem_spec(text); });
  EXPECT_NE(msg.find("nbrOfBankGroups"), std::string::npos) << msg;
}

TEST(SpecLoader, InconsistentTimingNamesTheField) {
  const auto msg = data_error_message(
      [] { (void)parse_mem_spec(with_replaced(ddr3_json, "\"RC\": 38", "\"RC\": 30")); });
  EXPECT_NE(msg.find("timing.rc = 30 is less than timing.ras + timing.rp = 38"),
            std::string::npos)
      << msg;
}

TEST(SpecLoader, WrongTypeNamesTheFieldAndValue) {
  const auto msg = data_error_message(
      [] { (void)parse_mem_spec(with_replaced(ddr3_json, "\"CL\": 10", "\"CL\": \"ten\"")); });
  EXPECT_NE(msg.find("memspec.memtimingspec.CL"), std::string::npos) << msg;
  EXPECT_NE(msg.find("\"ten\""), std::string::npos) << msg;
  EXPECT_NE(data_error_message([] {
              (void)parse_mem_spec(with_replaced(ddr3_json, "\"RP\": 10", "\"RP\": -3"));
            }).find("non-negative integer"),
            std::string::npos);
}

TEST(SpecLoader, UnsupportedStandardListsChoices) {
  const auto msg = data_error_message(
      [] { (void)parse_mem_spec(with_replaced(ddr3_json, "\"DDR3\"", "\"LPDDR4\"")); });
  EXPECT_NE(msg.find("LPDDR4"), std::string::npos) << msg;
  EXPECT_NE(msg.find("DDR3, DDR4"), std::string::npos) << msg;
}

TEST(SpecLoader, SyntaxErrorCarriesTheLineNumber) {
  const std::string text = "{\n  \"memspec\": {\n    \"memoryType\": DDR3\n  }\n}\n";
  try {
    (void)parse_mem_spec(text, "broken.json");
    FAIL() << "expected data_error";
  } catch (const data_error& e) {
    EXPECT_EQ(e.line(), 3u);
    EXPECT_NE(std::string(e.what()).find("broken.json"), std::string::npos);
  }
}

TEST(SpecLoader, MissingFileIsNotFound) {
  EXPECT_THROW((void)load_mem_spec("/nonexistent/memspec.json"), not_found);
  EXPECT_THROW((void)load_address_mapping("/nonexistent/map.json"), not_found);
}

TEST(SpecLoader, AddressMappingParsesAndRoundTrips) {
  const auto m = parse_address_mapping(R"({"addressmapping": {"BYTE_BIT": [0,1,2],
      "COLUMN_BIT": [3,4,5,6,7,8,9,10,11,12], "BANK_BIT": [13,14,15],
      "ROW_BIT": [16,17,18,19,20,21,22,23,24,25,26,27,28,29]}})");
  EXPECT_EQ(m, reference_mapping(ddr3_1600()));
  const auto ddr4 = rbc_mapping(ddr4_2400());
  EXPECT_EQ(parse_address_mapping(to_json(ddr4)), ddr4);
}

TEST(SpecLoader, AddressMappingRejectsUnknownKeysAndBadBits) {
  auto msg = data_error_message([] { (void)parse_address_mapping(R"({"BANK_BITS": [13]})"); });
  EXPECT_NE(msg.find("BANK_BITS"), std::string::npos) << msg;
  EXPECT_NE(msg.find("BANKGROUP_BIT"), std::string::npos) << msg;
  msg = data_error_message([] { (void)parse_address_mapping(R"({"ROW_BIT": [16, 70]})"); });
  EXPECT_NE(msg.find("70"), std::string::npos) << msg;
  msg = data_error_message([] { (void)parse_address_mapping(R"({"ROW_BIT": 16})"); });
  EXPECT_NE(msg.find("list of bit positions"), std::string::npos) << msg;
}

}  // namespace
}  // namespace dsegym::sim::dram

#include <gtest/gtest.h>

#include <cmath>

#include "dsegym/core/error.hpp"
#include "test_support.hpp"
#include "dsegym_test_data.hpp"

namespace soc_test {
namespace {

const std::vector<std::string> workloads{"audio_decoder", "edge_detection", "hpvm_cava"};

// Spec §A.6 budget table, typed in from the spec (not from the files).
TEST(SocBudget, ReferenceValuesMatchSpecTable) {
  EXPECT_EQ(reference_budget("audio_decoder"), (budget{0.021, 0.008737, 1.7475e-5}));
  EXPECT_EQ(reference_budget("edge_detection"), (budget{0.034, 0.008737, 1.7475e-5}));
  EXPECT_EQ(reference_budget("hpvm_cava"), (budget{0.034, 0.008737, 1.7475e-5}));
  EXPECT_EQ(reference_budget("audio_decoder", budget_set::individually), (budget{0.021, 3.097e-3, 6.195e-6}));
  EXPECT_EQ(reference_budget("edge_detection", budget_set::individually), (budget{0.034, 3.630e-3, 7.260e-6}));
  EXPECT_EQ(reference_budget("hpvm_cava", budget_set::individually), (budget{0.034, 2.010e-3, 4.020e-6}));
  EXPECT_DOUBLE_EQ(reference_budget("audio_decoder", budget_set::for_pa).latency_s, 0.002);
  EXPECT_DOUBLE_EQ(reference_budget("edge_detection", budget_set::for_pa).latency_s, 0.017);
  EXPECT_DOUBLE_EQ(reference_budget("hpvm_cava", budget_set::for_pa).latency_s, 0.034);
  EXPECT_GT(reference_budget("hpvm_cava", budget_set::for_pa).power_w, 1e6);
  EXPECT_EQ(reference_budget("audio_decoder", budget_set::audio_decoder), (budget{0.021, 0.01, 3e-6}));
  EXPECT_THROW((void)reference_budget("edge_detection", budget_set::audio_decoder), dsegym::not_found);
  EXPECT_THROW((void)reference_budget("cartpole"), dsegym::not_found);
}

struct file_case {
  const char* file;
  budget_set set;
};

class SocBudgetFiles : public ::testing::TestWithParam<file_case> {};

TEST_P(SocBudgetFiles, FileReproducesBuiltInBudgets) {
  DSEGYM_NEED_DATA("archgym-reference/farsi-workloads");
  const auto rows = load_budget_file(farsi_dir() / GetParam().file);
  for (const auto& w : workloads) {
    if (GetParam().set == budget_set::audio_decoder && w != "audio_decoder") continue;
    EXPECT_EQ(budget_for(rows, w), reference_budget(w, GetParam().set)) << w;
  }
}

INSTANTIATE_TEST_SUITE_P(
    SpecA6, SocBudgetFiles,
    ::testing::Values(file_case{"misc_database__Budget.csv", budget_set::standard},
                      file_case{"misc_database__Budget_for_real.csv", budget_set::standard},
                      file_case{"misc_database__Budget_individually.csv", budget_set::individually},
                      file_case{"misc_database__Budget_individiaul.csv", budget_set::individually},
                      file_case{"misc_database__Budget_for_PA.csv", budget_set::for_pa},
                      file_case{"audio_decoder_database__Budget.csv", budget_set::audio_decoder}));

TEST(SocBudget, PowerAndAreaFallBackToAllRow) {
  DSEGYM_NEED_DATA("archgym-reference/farsi-workloads");
  // audio_decoder_database__Budget: the workload row gives only latency.
  const auto rows = load_budget_file(farsi_dir() / "audio_decoder_database__Budget.csv");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_FALSE(rows[0].power_w.has_value());
  EXPECT_DOUBLE_EQ(*rows[1].cost, 1e-9);
  const auto b = budget_for(rows, "audio_decoder");
  EXPECT_DOUBLE_EQ(b.power_w, 0.01);
  EXPECT_DOUBLE_EQ(b.area_m2, 3e-6);
  EXPECT_THROW((void)budget_for(rows, "hpvm_cava"), dsegym::not_found);
}

TEST(SocBudget, BadFiles) {
  temp_dir tmp;
  const auto f = tmp.path() / "b.csv";
  write_text(f, "Workload,latency,power,area,cost\nx,0.1,abc,1,\n");
  try {
    (void)load_budget_file(f);
    ADD_FAILURE();
  } catch (const dsegym::data_error& e) {
    EXPECT_EQ(e.line(), 2u);
    EXPECT_NE(std::string(e.what()).find("\"abc\""), std::string::npos) << e.what();
  }
  write_text(f, "Workload,latency,power\nx,0.1,1\n");
  EXPECT_THROW((void)load_budget_file(f), dsegym::data_error);
  write_text(f, "Workload,latency,power,area,cost\nx,0.1,1,1,\nx,0.2,1,1,\n");
  try {
    (void)load_budget_file(f);
    ADD_FAILURE();
  } catch (const dsegym::data_error& e) {
    EXPECT_EQ(e.line(), 3u);
  }
  EXPECT_THROW((void)load_budget_file(tmp.path() / "missing.csv"), dsegym::data_error);
}

TEST(SocBudget, RewardPenalisesOverrunsAndRewardsHeadroom) {
  simulation_result r;
  r.ok = true;
  r.latency_s = 0.042;   // 100 % over 0.021
  r.power_w = 0.004;     // under
  r.area_m2 = 1.5e-6;    // 50 % over 1e-6
  const budget b{0.021, 0.008, 1e-6};
  EXPECT_NEAR(budget_reward(r, b), -1.5, 1e-12);
  r.latency_s = 0.0105;
  r.area_m2 = 0.5e-6;
  EXPECT_NEAR(budget_reward(r, b, 0.01), 0.01 * 3.0 * std::log(2.0), 1e-12);
  r.ok = false;
  EXPECT_EQ(budget_reward(r, b), -10.0);
  r.ok = true;
  EXPECT_THROW((void)budget_reward(r, budget{0.0, 1.0, 1.0}), dsegym::invalid_argument);
}

TEST(SocBlockLibrary, FileMatchesDefaults) {
  DSEGYM_NEED_DATA("archgym-reference/farsi-workloads");
  EXPECT_EQ(load_block_library(farsi_dir() / "misc_database__Block_Characteristics.csv"), block_library{});
  EXPECT_EQ(load_block_library(farsi_dir() / "misc_database__Block_Characteristics_for_real.csv"),
            block_library{});
  // The _for_PA variant runs every block at half clock.
  const auto pa = load_block_library(farsi_dir() / "misc_database__Block_Characteristics_for_PA.csv");
  EXPECT_DOUBLE_EQ(pa.gpp_frequency_hz, 5e8);
  EXPECT_DOUBLE_EQ(pa.ip_frequency_hz, 5e7);
  EXPECT_DOUBLE_EQ(pa.memory_frequency_hz, 5e7);
  EXPECT_DOUBLE_EQ(pa.bus_frequency_hz, 5e7);
  // 21.27 pJ per instruction, 42.5 mW while busy (spec §A.3).
  const block_library lib;
  EXPECT_NEAR(1e12 / lib.gpp_instructions_per_joule, 21.27, 0.005);
  EXPECT_NEAR(lib.gpp_frequency_hz * lib.gpp_ipc / lib.gpp_instructions_per_joule, 0.0425, 0.0001);
}

TEST(SocBlockLibrary, BadValues) {
  DSEGYM_NEED_DATA("archgym-reference/farsi-workloads");
  block_library lib;
  lib.bus_frequency_hz = std::nan("");
  EXPECT_THROW(validate(lib), dsegym::invalid_argument);
  lib = {};
  lib.memory_granule_bytes = 0;
  EXPECT_THROW(validate(lib), dsegym::invalid_argument);
  temp_dir tmp;
  copy_farsi(tmp.path());
  const auto f = tmp.path() / "misc_database__Block_Characteristics.csv";
  replace_in(f, "A53,2,1000000000", "A53,2,fast");
  try {
    (void)load_block_library(f);
    ADD_FAILURE();
  } catch (const dsegym::data_error& e) {
    EXPECT_EQ(e.line(), 2u);
  }
}

}  // namespace
}  // namespace soc_test

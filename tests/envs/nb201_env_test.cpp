// nas/NB201-v0: the benchmark protocol as the env exposes it.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <dsegym/envs/default_registry.hpp>
#include <dsegym/envs/nas/nb201.hpp>

using namespace dsegym;
using namespace dsegym::envs::nas;

namespace {
// The shared CSVs when present, else the built-in table (the same values; 8 latency columns).
std::string tables_root() {
  return std::filesystem::is_directory(DSEGYM_TEST_DATA_DIR "/nb201") ? DSEGYM_TEST_DATA_DIR : "builtin";
}
nb201_options shared_data() {
  nb201_options o;
  o.data_dir = tables_root();
  return o;
}
// Index 6111: 3,3,3,s,3,1 -> codes 3,3,3,1,3,2.
const std::vector<std::int64_t> best_cifar10 = {3, 3, 3, 1, 3, 2};
}  // namespace

TEST(Nb201Env, OneShotStepGivesSearchMetricsAndCost) {
  nb201_one_shot env(shared_data());
  (void)env.reset(0);
  const auto r = env.step({2, 2, 2, 2, 2, 2});  // all 1x1 = index 4317
  EXPECT_TRUE(r.terminated);
  EXPECT_EQ(r.info.extra.at("arch_index").as_int(), 4317);
  EXPECT_NEAR(*r.info.get("flops_M"), 31.37601, 1e-5);
  EXPECT_NEAR(*r.info.get("params_M"), 0.241306, 1e-6);
  EXPECT_DOUBLE_EQ(r.reward, *r.info.get("valid_acc") / 100.0);
  EXPECT_GT(r.info.cost, 0.0);
  EXPECT_TRUE(env.observation_space().contains(r.observation));
}

TEST(Nb201Env, SearchNeverSeesTheReportedTestAccuracy) {
  nb201_one_shot env(shared_data());
  (void)env.reset(0);
  const auto r = env.step(best_cifar10);
  EXPECT_NEAR(*r.info.get("valid_acc"), 84.384, 1e-3);  // 12-epoch cifar10-valid x-valid
  EXPECT_FALSE(r.info.get("test_acc").has_value());
  for (const auto& m : r.info.metrics) EXPECT_EQ(m.name.find("test"), std::string::npos) << m.name;
  const auto rep = env.report();
  ASSERT_EQ(rep.size(), 1u);
  EXPECT_EQ(rep[0].name, "test_acc");
  EXPECT_NEAR(rep[0].value, 94.3733, 1e-4);  // 200-epoch cifar10 test of index 6111
}

TEST(Nb201Env, ReportBeforeAnyEpisodeIsAnError) {
  nb201_one_shot env(shared_data());
  EXPECT_THROW((void)env.report(), failed_precondition);
}

TEST(Nb201Env, SequentialPlaysSixEdges) {
  nb201_sequential env(shared_data());
  auto obs = env.reset(0).observation;
  EXPECT_EQ(obs, std::vector<std::int64_t>(6, nb201_sequential::unset));
  step_result<std::vector<std::int64_t>> r;
  for (std::size_t e = 0; e < 6; ++e) {
    r = env.step(best_cifar10[e]);
    EXPECT_EQ(r.terminated, e == 5);
    if (e < 5) {
      EXPECT_EQ(r.reward, 0.0);
      EXPECT_EQ(r.info.cost, 0.0);
    }
  }
  EXPECT_EQ(r.observation, best_cifar10);
  EXPECT_NEAR(r.reward, 0.84384, 1e-5);
  EXPECT_THROW((void)env.step(0), reset_needed);
}

TEST(Nb201Env, OtherDatasetsUseTheirOwnColumns) {
  nb201_options o = shared_data();
  o.dataset = "cifar100";
  nb201_one_shot env(o);
  (void)env.reset(0);
  (void)env.step({3, 3, 3, 1, 3, 3});  // 9930
  EXPECT_NEAR(env.report()[0].value, 73.5133, 1e-4);
  o.dataset = "cifar10-valid";
  EXPECT_THROW(nb201_one_shot{o}, invalid_argument);
  o.dataset = "mnist";
  EXPECT_THROW(nb201_one_shot{o}, invalid_argument);
}

TEST(Nb201Env, WithoutADataRootTheBuiltInTableIsUsed) {
  nb201_options o;
  ::unsetenv("DSEGYM_DATA_DIR");
  nb201_one_shot env(o);
  EXPECT_EQ(env.evaluator().backend(), "tabular");
  ASSERT_EQ(env.spec().data.size(), 1u);
  EXPECT_NE(env.spec().data[0].find("built-in"), std::string::npos) << env.spec().data[0];
  (void)env.reset(0);
  const auto r = env.step(best_cifar10);
  EXPECT_NEAR(*r.info.get("valid_acc"), 84.384, 1e-3);
  EXPECT_NEAR(env.report()[0].value, 94.3733, 1e-4);
  // latency=all: the 8 built-in latency columns (4 HW-NAS-Bench, 4 HELP phones)
  std::size_t latencies = 0;
  for (const auto& m : r.info.metrics) latencies += m.name.find("latency_ms") != std::string::npos;
  EXPECT_EQ(latencies, 8u);
  EXPECT_DOUBLE_EQ(*r.info.get("hwnasbench_c10_eyeriss_latency_ms"), 7.82354);  // hw_metrics.csv, index 6111
  EXPECT_DOUBLE_EQ(*r.info.get("help_pixel2_latency_ms"), 25.0);
  // A latency column the built-in table lacks names what to set.
  o.latency = "help_1080ti_1_latency_ms";
  try {
    nb201_one_shot lacking(o);
    FAIL();
  } catch (const data_error& e) {
    EXPECT_NE(std::string(e.what()).find("DSEGYM_DATA_DIR"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("help_pixel2_latency_ms"), std::string::npos) << e.what();
  }
  // A data root without nb201/ in DSEGYM_DATA_DIR falls back to the built-in table too.
  ::setenv("DSEGYM_DATA_DIR", "/nonexistent/dsegym-data", 1);
  o.latency = "none";
  EXPECT_NO_THROW(nb201_one_shot{o});
  ::unsetenv("DSEGYM_DATA_DIR");
}

TEST(Nb201Env, AnExplicitDataDirMustHoldTheTables) {
  nb201_options o;
  o.data_dir = "/nonexistent/dsegym-data";
  try {
    nb201_one_shot env(o);
    FAIL();
  } catch (const data_error& e) {
    EXPECT_NE(std::string(e.what()).find("cifar10-valid.csv"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("/nonexistent/dsegym-data/nb201"), std::string::npos)
        << e.what();
  }
}

TEST(Nb201Env, UnknownLatencyColumnListsValidOnes) {
  nb201_options o = shared_data();
  o.latency = "tpu_latency";
  try {
    nb201_one_shot env(o);
    FAIL();
  } catch (const invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("help_pixel2_latency_ms"), std::string::npos);
  }
}

TEST(Nb201Env, BadActionsAreRejectedThroughTheRegistry) {
  any_env env = envs::default_registry().make("nas/NB201-v0", value::dict{{"data_dir", tables_root()}});
  (void)env.reset(0);
  EXPECT_THROW((void)env.step(value::list{1, 2, 3}), invalid_action);
  EXPECT_THROW((void)env.step(value::list{1, 2, 3, 4, 5, 0}), invalid_action);
  EXPECT_THROW((void)env.step(value::list{1, 2, 3, 4, -1, 0}), invalid_action);
  EXPECT_NO_THROW((void)env.step(value::list{1, 2, 3, 4, 4, 0}));
  EXPECT_THROW((void)envs::default_registry().make("nas/NB201-v0", value::dict{{"mode", "lazy"}}),
               invalid_argument);
}

// Every registered environment, in each of its conformance configurations, passes check_env.
// Envs that need external data run with the shared benchmark data (DSEGYM_TEST_DATA_DIR).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <dsegym/core/env_checker.hpp>
#include <dsegym/envs/default_registry.hpp>
#include <dsegym/json/describe.hpp>
#include <set>
#include "dsegym_test_data.hpp"

using namespace dsegym;

namespace {

struct conformance_case {
  std::string id;
  value kwargs;
};

/// The configurations each env is checked in (every episode shape and main option).
std::vector<conformance_case> cases() {
  std::vector<conformance_case> c = {
      {"nas/NB201-v0", value::dict{}},
      {"nas/NB201-v0", value::dict{{"mode", "sequential"}, {"latency", "none"}}},
      {"nas/NB201-v0", value::dict{{"dataset", "ImageNet16-120"}, {"latency", "help_pixel2_latency_ms"}}},
      {"hw/DRAMController-v1", value::dict{}},
      {"hw/DRAMController-v1", value::dict{{"reward", "target_ratio"}, {"objective", "power"},
                                           {"trace", "gen:stream"}, {"trace_requests", 1000}}},
      {"hw/DRAMController-v1", value::dict{{"reward", "budget"}, {"trace", "cloud-1.stl"},
                                           {"trace_requests", 2000}}},
      {"hw/DRAMController-v1", value::dict{{"reward", "edp"}, {"memory", "DDR4-2400"},
                                           {"mapping", "rbc"}, {"trace", "gen:random"},
                                           {"read_fraction", 0.7}, {"trace_requests", 1000}}},
      {"hw/DRAMController-v1", value::dict{{"reward", "log_ratio"}, {"objective", "latency"},
                                           {"trace", "hot_spot"}, {"trace_time_scale", 4.0},
                                           {"trace_requests", 1000}}},
      {"nas/NB201-v0", value::dict{{"hardware", "eyeriss"}, {"latency_limit_s", 0.002}, {"latency", "none"}}},
      {"nas/NB201-v0", value::dict{{"mode", "sequential"}, {"dataset", "cifar100"}, {"hardware", "edge"},
                                   {"energy_limit_J", 0.0005}}},
      {"hw/SoC-v1", value::dict{}},
      {"hw/SoC-v1", value::dict{{"reward", "weighted_sum"}, {"encoding", "archgym_limited"}, {"workload_seed", 3},
                                {"workload_tasks", 5}, {"dma", "overlapped"}}},
      {"hw/SoC-v1", value::dict{{"workload", "audio_decoder"}, {"budget", "audio_decoder"}, {"reward", "archgym"}}},
      {"hw/SoC-v1", value::dict{{"workload", "hpvm_cava"}, {"budget", "individually"}, {"invalid_reward", -1e4}}},
      {"hw/SoC-v1", value::dict{{"workload", "edge_detection"}, {"budget", "for_pa"}, {"infeasible", "repair"}}},
      {"hw/Accelerator-v0", value::dict{}},
      {"hw/Accelerator-v0", value::dict{{"workload", "mobilenet_v2"}, {"reward", "timeloop"}, {"objective", "edp"},
                                        {"energy", "ddr4"}}},
      {"hw/Accelerator-v0", value::dict{{"workload", "maestro_resnet18_layer2"}, {"reward", "maestro"},
                                        {"objective", "latency"}, {"mapper", "random"}}},
      {"hw/Accelerator-v0", value::dict{{"workload", "timeloop_alexnet_conv"}, {"reward", "weighted_sum"},
                                        {"target_latency_s", 0.02}, {"mapper", "exhaustive"}}},
      {"hw/DRAMController-MA-v1", value::dict{}},
      {"hw/DRAMController-MA-v1", value::dict{{"grouping", "per_subsystem"},
                                              {"reward", "target_ratio"}, {"ratio_scaling", true},
                                              {"trace_requests", 1000}}},
      {"llm/InferenceStack-v0", value::dict{}},
      {"llm/InferenceStack-v0", value::dict{{"mode", "one_shot"}, {"benchmark", "arena_hard"}, {"questions", 100}}},
      {"llm/InferenceStack-v0", value::dict{{"benchmark", "code_contests"}, {"catalogue", "all"}, {"max_calls", 30},
                                            {"objective", "accuracy_latency"}, {"pricing", "gpu_hours"}}},
      {"llm/InferenceStack-v0", value::dict{{"mode", "one_shot"}, {"catalogue", "closed"}, {"max_usd", 0.05},
                                            {"benchmark", "mt_bench"}, {"objective", "accuracy_cost"}, {"gpu", "A100-80G"}}},
      {"quantum/QAS-v0", value::dict{{"max_gates", 8}, {"optimizer_iterations", 10}}},
      {"circuit/LogicSynthesis-v1", value::dict{{"recipe_length", 4}}},
      {"circuit/LogicSynthesis-v1", value::dict{{"design", "adder8"}, {"reward", "and_level"}, {"recipe_length", 3}}},
      {"circuit/LogicSynthesis-v1", value::dict{{"design", "ctrl"}, {"reward", "adp_dense"}, {"recipe_length", 3}}},
      {"quantum/QAS-v0", value::dict{{"task", "bell"}, {"gate_set", "kuo"}, {"reward", "final"}}},
      {"quantum/QAS-v0", value::dict{{"task", "maxcut_ring4"}, {"mode", "one_shot"}, {"max_gates", 6},
                                     {"optimizer_iterations", 10}}},
      {"quantum/QAS-v0", value::dict{{"task", "random_target"}, {"mode", "one_shot"}, {"max_gates", 6},
                                     {"optimizer_iterations", 5}, {"instance_seed", 3}}},
  };
#ifdef DSEGYM_TEST_HAVE_NN
  if (std::filesystem::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")) {
  c.push_back({"nas/NB201-v0", value::dict{{"backend", "train"}, {"train_preset", "ci"}}});
  // Random designs trained on 250 images; the MFLOPs limit rejects the largest CNNs untrained.
  c.push_back({"nas/ArchRecipe-v1", value::dict{{"split", "ci"}, {"data_fraction", 0.25}, {"max_mflops", 2.0}}});
  c.push_back({"nas/ArchRecipe-v1", value::dict{{"evaluate", "statistics"}, {"epochs", 0}, {"data_fraction", 0.0},
                                                {"gpu", "H100-SXM"}, {"gpu_batch", 32}}});
  }
#endif
  return c;
}

void PrintTo(const conformance_case& c, std::ostream* os) { *os << c.id << " " << c.kwargs.to_string(); }

class Conformance : public ::testing::TestWithParam<conformance_case> {
 protected:
  void SetUp() override {
    ::setenv("DSEGYM_DATA_DIR", DSEGYM_TEST_DATA_DIR, 1);
    // Envs that train networks share one result cache, kept across test runs, outside the user's.
    ::setenv("DSEGYM_CACHE_DIR", (std::filesystem::temp_directory_path() / "dsegym-test-cache").c_str(), 0);
    if (!envs::default_registry().contains(GetParam().id))
      GTEST_SKIP() << GetParam().id << " is not built (its simulator is not in DSEGYM_SIMULATORS)";
    // Cases reading shared data (traces, workloads, designs) skip when it is absent.
    try {
      (void)envs::default_registry().make(GetParam().id, GetParam().kwargs);
    } catch (const data_error& e) {
      if (dsegym_test::require_data()) FAIL() << "test data missing: " << e.what();
      GTEST_SKIP() << "test data missing: " << e.what();
    }
  }
};

std::string case_name(const ::testing::TestParamInfo<conformance_case>& info) {
  std::string s = info.param.id + "_" + std::to_string(info.index);
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

}  // namespace

TEST_P(Conformance, PassesCheckEnv) {
  any_env env = envs::default_registry().make(GetParam().id, GetParam().kwargs);
  const auto problems = check_env(env);
  for (const auto& p : problems) ADD_FAILURE() << p;
}

TEST_P(Conformance, DescribeRoundTripsThroughJson) {
  any_env env = envs::default_registry().make(GetParam().id, GetParam().kwargs);
  const value d = describe(env);
  EXPECT_EQ(parse_json(dump_json(d)), d);
  EXPECT_EQ(space_from_value(d.at("action_space")), env.action_space());
  EXPECT_EQ(space_from_value(d.at("observation_space")), env.observation_space());
  // The resolved kwargs re-create the same env.
  any_env again = envs::default_registry().make(GetParam().id, d.at("kwargs"));
  EXPECT_EQ(describe(again), d);
}

TEST_P(Conformance, SameSeedSameTrajectoryAcrossInstances) {
  any_env a = envs::default_registry().make(GetParam().id, GetParam().kwargs);
  any_env b = envs::default_registry().make(GetParam().id, GetParam().kwargs);
  rng ga(9), gb(9);
  for (int episode = 0; episode < 5; ++episode) {
    EXPECT_EQ(a.reset(100 + episode), b.reset(100 + episode));
    for (int t = 0; t < 1000; ++t) {
      const auto ra = a.step(a.action_space().sample(ga));
      const auto rb = b.step(b.action_space().sample(gb));
      ASSERT_EQ(ra, rb);
      if (ra.terminated || ra.truncated) break;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllEnvs, Conformance, ::testing::ValuesIn(cases()), case_name);

TEST(Conformance, EveryRegisteredEnvHasACase) {
  std::set<std::string> covered;
  for (const auto& c : cases()) covered.insert(c.id);
  for (const auto& id : envs::default_registry().ids())
    EXPECT_TRUE(covered.count(id)) << id << " has no conformance case";
}

// nas/ArchRecipe-v1: the design decoding, the protocol separation (valid searched, test reported),
// the fidelity kwargs, the constraints, determinism and the bad inputs. Runs on the ci split except
// for one reference-band check on the full split.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <dsegym/envs/default_registry.hpp>
#include <dsegym/envs/nas/arch_recipe.hpp>
#include <dsegym/json/describe.hpp>
#include <dsegym/sim/nn/device_cost.hpp>
#include <dsegym/sim/nn/network.hpp>
#include <dsegym/sim/nn/trainer.hpp>

using namespace dsegym;
using namespace dsegym::envs::nas;
namespace fs = std::filesystem;

namespace {

class ArchRecipe : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!sim::nn::fashion_mnist_available())
      GTEST_SKIP() << "package dataset-fashion-mnist not installed";
    cache_ = fs::temp_directory_path() / ("dsegym_arch_recipe_" + std::to_string(::getpid()));
  }
  void TearDown() override { fs::remove_all(cache_); }

  [[nodiscard]] arch_recipe_options ci() const {
    arch_recipe_options o;
    o.split = "ci";
    o.epochs = 2;
    o.data_fraction = 1.0;
    o.cache_dir = (cache_ / "cache").string();
    return o;
  }
  fs::path cache_;
};

/// An MLP 784-256-10 with the reference SGD recipe (arch-recipe.md §6): momentum 0.9, LR 10^-1.5
/// (the grid point nearest 0.05), cosine, wd 5e-4, batch 128, nothing else.
value reference_mlp() {
  return value::dict{{"family", 0},        {"resolution", 0},      {"mlp_depth", 0},
                     {"mlp_width_1", 3},   {"mlp_width_2", 0},     {"mlp_width_3", 0},
                     {"mlp_width_4", 0},   {"cnn_stages", 0},      {"cnn_blocks", 0},
                     {"cnn_base_width", 0}, {"cnn_kernel_1", 0},   {"cnn_kernel_2", 0},
                     {"cnn_kernel_3", 0},  {"activation", 0},      {"norm", 0},
                     {"dropout", 0},       {"skip", 0},            {"optimizer", 0},
                     {"learning_rate", 5}, {"schedule", 2},        {"weight_decay", 3},
                     {"batch_size", 2},    {"label_smoothing", 0}, {"mixup", 0},
                     {"ema", 0},           {"augment", 0}};
}

value with(value v, std::initializer_list<std::pair<const char*, std::int64_t>> changes) {
  for (const auto& [k, x] : changes) v.set(k, x);
  return v;
}

}  // namespace

TEST_F(ArchRecipe, SpaceHasTheSpecDimensionsAndFidelityKeysOnlyWhenAsked) {
  arch_recipe_env env(ci());
  const auto& keys = env.action_space().spaces();
  EXPECT_EQ(keys.size(), 26u);
  EXPECT_EQ(env.action_space().at("learning_rate").get_if<discrete>()->n(), 9);
  EXPECT_EQ(env.action_space().at("optimizer").get_if<discrete>()->n(), 5);
  arch_recipe_options o = ci();
  o.epochs = 0;
  o.data_fraction = 0.0;
  arch_recipe_env free_fidelity(o);
  EXPECT_EQ(free_fidelity.action_space().spaces().size(), 28u);
  EXPECT_EQ(free_fidelity.action_space().at("epochs").get_if<discrete>()->n(), 5);
  EXPECT_EQ(free_fidelity.action_space().at("data_fraction").get_if<discrete>()->n(), 5);
}

TEST_F(ArchRecipe, StepTrainsTheDesignAndChargesTheSimulatedClock) {
  arch_recipe_env env(ci());
  (void)env.reset(0);
  const auto r = env.step(reference_mlp());
  EXPECT_TRUE(r.terminated);
  const double valid = *r.info.get("valid_acc");
  EXPECT_GT(valid, 60.0);  // 2 epochs on 1,000 images
  EXPECT_DOUBLE_EQ(r.reward, valid / 100.0);
  for (const auto& m : r.info.metrics) EXPECT_EQ(m.name.find("test"), std::string::npos) << m.name;
  EXPECT_EQ(*r.info.get("params_M"), (784.0 * 256 + 256 + 256 * 10 + 10) * 1e-6);
  EXPECT_EQ(*r.info.get("flops_M"), *r.info.get("params_M"));  // Linear MACs = parameters
  EXPECT_DOUBLE_EQ(*r.info.get("activations_M"), (256.0 + 10.0) * 1e-6);
  const double macs = *r.info.get("flops_M") * 1e6;
  EXPECT_NEAR(r.info.cost, 2.0 * 2 * (3.0 * macs * 1000 + macs * 500) / 1e10 + 2 * 0.5, 1e-9);
  EXPECT_EQ(r.info.extra.at("epoch_valid_acc").as_list().size(), 2u);
  EXPECT_TRUE(env.observation_space().contains(r.observation));
  EXPECT_TRUE(r.info.extra.at("feasible").as_bool());

  const auto rep = env.report();
  ASSERT_EQ(rep.size(), 1u);
  EXPECT_EQ(rep[0].name, "test_acc");
  EXPECT_GT(rep[0].value, 60.0);
}

TEST_F(ArchRecipe, KeysOfTheOtherFamilyDoNotChangeTheDesign) {
  arch_recipe_env env(ci());
  (void)env.reset(0);
  const auto a = env.step(reference_mlp());
  (void)env.reset(1);
  const auto b = env.step(with(reference_mlp(), {{"cnn_stages", 2}, {"cnn_base_width", 3}, {"mlp_width_3", 4}}));
  EXPECT_EQ(a.info.extra.at("design"), b.info.extra.at("design"));
  EXPECT_EQ(a.reward, b.reward);
  EXPECT_EQ(a.info.metrics, b.info.metrics);
  // The recipe does change it.
  (void)env.reset(2);
  const auto c = env.step(with(reference_mlp(), {{"optimizer", 2}, {"learning_rate", 2}}));
  EXPECT_NE(a.info.extra.at("design"), c.info.extra.at("design"));
}

TEST_F(ArchRecipe, FidelityAsActionKeysAndEveryRecipeFeatureRuns) {
  arch_recipe_options o = ci();
  o.epochs = 0;
  o.data_fraction = 0.0;
  arch_recipe_env env(o);
  // A residual CNN with batch norm at 14 x 14, AdamW + warm-up cosine, smoothing, mixup, EMA and
  // crop + flip + erasing, 2 epochs on half the data.
  value cnn = with(reference_mlp(), {{"family", 1}, {"resolution", 1}, {"cnn_stages", 1}, {"cnn_blocks", 1},
                                     {"cnn_base_width", 0}, {"cnn_kernel_2", 1}, {"activation", 2},
                                     {"norm", 1}, {"dropout", 1}, {"skip", 1}, {"optimizer", 3},
                                     {"learning_rate", 4}, {"schedule", 3}, {"label_smoothing", 1},
                                     {"mixup", 1}, {"ema", 1}, {"augment", 3}});
  cnn.set("epochs", std::int64_t{1});
  cnn.set("data_fraction", std::int64_t{3});
  (void)env.reset(0);
  const auto r = env.step(cnn);
  EXPECT_EQ(r.info.extra.at("epoch_valid_acc").as_list().size(), 2u);
  const double macs = *r.info.get("flops_M") * 1e6;
  EXPECT_NEAR(r.info.cost, 2.0 * 2 * (3.0 * macs * 500 + macs * 500) / 1e10 + 2 * 0.5, 1e-9);
  sim::nn::network_spec spec;
  spec.family = sim::nn::network_family::cnn;
  spec.stages = 2;
  spec.blocks_per_stage = 2;
  spec.base_width = 8;
  spec.kernels = {3, 5};
  spec.norm = sim::nn::norm_kind::batch;
  spec.skip = true;
  EXPECT_EQ(*r.info.get("params_M"), static_cast<double>(sim::nn::analyse_network(spec, 1, 14, 14, 10).params) * 1e-6);
  EXPECT_GT(*r.info.get("valid_acc"), 10.0);
}

TEST_F(ArchRecipe, ConstraintsRejectWithoutTraining) {
  arch_recipe_options o = ci();
  o.max_mflops = 0.1;
  arch_recipe_env env(o);
  EXPECT_THROW((void)env.report(), failed_precondition);
  (void)env.reset(0);
  const auto r = env.step(reference_mlp());  // 0.2036 MFLOPs
  const double mflops = *r.info.get("flops_M");
  const double e = mflops / 0.1 - 1.0;
  EXPECT_DOUBLE_EQ(r.reward, -e / (1.0 + e));
  EXPECT_EQ(*r.info.get("valid_acc"), 0.0);
  EXPECT_EQ(r.info.cost, 0.5);
  EXPECT_FALSE(r.info.extra.at("feasible").as_bool());
  EXPECT_TRUE(env.report().empty());  // nothing was trained, nothing to report
  // A smaller MLP fits and is trained; a rejected design afterwards does not inherit its report.
  (void)env.reset(1);
  const auto small = env.step(with(reference_mlp(), {{"mlp_width_1", 0}}));  // 784-32-10
  EXPECT_GT(small.reward, 0.0);
  EXPECT_EQ(env.report().size(), 1u);
  (void)env.reset(2);
  (void)env.step(reference_mlp());
  EXPECT_TRUE(env.report().empty());
}

TEST_F(ArchRecipe, IdenticalResultsWithoutCacheAndThroughTheRegistry) {
  arch_recipe_options o = ci();
  o.cache_dir = "none";
  arch_recipe_env a(o), b(o);
  (void)a.reset(0);
  (void)b.reset(0);
  const value design = with(reference_mlp(), {{"dropout", 2}, {"augment", 2}, {"mixup", 2}});
  const auto ra = a.step(design), rb = b.step(design);
  EXPECT_EQ(ra.reward, rb.reward);
  EXPECT_EQ(ra.info.metrics, rb.info.metrics);
  EXPECT_EQ(ra.info.cost, rb.info.cost);

  any_env env = envs::default_registry().make(
      "nas/ArchRecipe-v1", value::dict{{"split", "ci"}, {"epochs", 2}, {"data_fraction", 1.0}, {"cache_dir", "none"}});
  (void)env.reset(0);
  EXPECT_EQ(env.step(design).reward, ra.reward);
  const value d = describe(env);
  EXPECT_EQ(describe(envs::default_registry().make("nas/ArchRecipe-v1", d.at("kwargs"))), d);
}

TEST_F(ArchRecipe, BadActionsAndKwargsGetClearErrors) {
  arch_recipe_env env(ci());
  (void)env.reset(0);
  const value full = reference_mlp();
  value::dict partial;
  for (const auto& [k, v] : full.as_dict())
    if (k != "augment") partial.emplace_back(k, v);
  EXPECT_THROW((void)env.step(value(partial)), invalid_action);
  EXPECT_THROW((void)env.step(with(reference_mlp(), {{"learning_rate", 9}})), invalid_action);
  EXPECT_THROW((void)env.step(with(reference_mlp(), {{"family", -1}})), invalid_action);
  EXPECT_THROW((void)env.step(value::list{1, 2}), invalid_action);
  try {
    (void)env.step(value(partial));
    FAIL() << "a design without augment was accepted";
  } catch (const invalid_action& e) {
    EXPECT_NE(std::string(e.what()).find("augment (0..3)"), std::string::npos) << e.what();
  }

  const auto message = [](value::dict kwargs) -> std::string {
    try {
      (void)envs::default_registry().make("nas/ArchRecipe-v1", value(std::move(kwargs)));
    } catch (const error& e) {
      return e.what();
    }
    return "(no error)";
  };
  EXPECT_NE(message({{"epochs", 3}}).find("1, 2, 5, 10, 20"), std::string::npos);
  EXPECT_NE(message({{"data_fraction", 0.3}}).find("0.05, 0.1, 0.25, 0.5, 1"), std::string::npos);
  EXPECT_NE(message({{"split", "tiny"}}).find("split"), std::string::npos);
  EXPECT_NE(message({{"max_latency_s", 0.01}}).find("hardware"), std::string::npos);
  EXPECT_NE(message({{"max_mflops", -1.0}}).find("max_mflops"), std::string::npos);
  EXPECT_NE(message({{"train_gflops", 0.0}}).find("train_gflops"), std::string::npos);
  EXPECT_NE(message({{"report_epochs", -2}}).find("report_epochs"), std::string::npos);
  EXPECT_NE(message({{"fmnist_dir", "/nonexistent/fmnist"}}).find("apt-get install dataset-fashion-mnist"),
            std::string::npos);
}

TEST_F(ArchRecipe, HardwareCostsTheDesignAndLatencyConstraintRejects) {
#ifndef DSEGYM_TEST_HAVE_ACCEL
  GTEST_SKIP() << "the accelerator model is not built";
#endif
  arch_recipe_options o = ci();
  o.hardware = "edge";
  arch_recipe_env env(o);
  (void)env.reset(0);
  const auto r = env.step(reference_mlp());
  const double latency = *r.info.get("latency_s");
  EXPECT_GT(latency, 0.0);
  EXPECT_GT(*r.info.get("energy_J"), 0.0);
  // A wider network is slower on the same accelerator.
  (void)env.reset(1);
  EXPECT_GT(*env.step(with(reference_mlp(), {{"mlp_width_1", 4}})).info.get("latency_s"), latency);
  o.max_latency_s = latency / 2;
  arch_recipe_env limited(o);
  (void)limited.reset(0);
  const auto rejected = limited.step(reference_mlp());
  EXPECT_DOUBLE_EQ(rejected.reward, -0.5);  // e = 1
}

// arch-recipe.md §6: MLPs land in 86–90 %; the reference MLP 784-256-10 trained 2 epochs on the
// whole search-train split reaches the band on the 10,000 validation images.
TEST_F(ArchRecipe, ReferenceMlpReachesItsBandOnTheFullSplit) {
  arch_recipe_options o;
  o.epochs = 2;
  o.data_fraction = 1.0;
  o.cache_dir = "none";
  arch_recipe_env env(o);
  (void)env.reset(0);
  const double valid = *env.step(reference_mlp()).info.get("valid_acc");
  EXPECT_GE(valid, 86.0);
  EXPECT_LE(valid, 90.5);
}

TEST_F(ArchRecipe, GpuLatencyAndItsConstraint) {
  arch_recipe_options o = ci();
  o.gpu = "A100-40G";
  o.gpu_batch = 64;
  arch_recipe_env env(o);
  (void)env.reset(0);
  const auto r = env.step(reference_mlp());
  const double t = *r.info.get("gpu_latency_s");
  const auto layers = sim::nn::compute_layers(
      [] {
        sim::nn::network_spec n;
        n.hidden = {256};
        return n;
      }(),
      1, 28, 28, 10);
  EXPECT_DOUBLE_EQ(t, sim::nn::gpu_inference_latency(layers, sim::nn::gpu_device_named("A100-40G"), {.batch = 64}));
  o.max_gpu_latency_s = t / 4;
  arch_recipe_env limited(o);
  (void)limited.reset(0);
  EXPECT_DOUBLE_EQ(limited.step(reference_mlp()).reward, -0.75);  // e = 3
  const auto message = [](value::dict kwargs) -> std::string {
    try {
      (void)envs::default_registry().make("nas/ArchRecipe-v1", value(std::move(kwargs)));
    } catch (const error& e) {
      return e.what();
    }
    return "(no error)";
  };
  EXPECT_NE(message({{"gpu", "TPU"}}).find("H100-SXM"), std::string::npos);
  EXPECT_NE(message({{"max_gpu_latency_s", 0.001}}).find("needs a GPU"), std::string::npos);
  EXPECT_NE(message({{"gpu", "V100"}, {"gpu_batch", 0}}).find("gpu_batch"), std::string::npos);
  EXPECT_NE(message({{"evaluate", "guess"}}).find("statistics"), std::string::npos);
}

TEST_F(ArchRecipe, StatisticsModeTrainsNothingAndCostsNothing) {
  arch_recipe_options o = ci();
  o.evaluate = "statistics";
  o.gpu = "V100";
  arch_recipe_env env(o);
  EXPECT_TRUE(env.spec().reported_metrics.empty());
  (void)env.reset(0);
  const auto r = env.step(reference_mlp());
  EXPECT_EQ(r.reward, 0.0);
  EXPECT_EQ(r.info.cost, 0.0);
  EXPECT_FALSE(r.info.get("valid_acc").has_value());
  EXPECT_FALSE(r.info.extra.find("epoch_valid_acc"));
  EXPECT_EQ(*r.info.get("params_M"), (784.0 * 256 + 256 + 256 * 10 + 10) * 1e-6);
  EXPECT_GT(*r.info.get("gpu_latency_s"), 0.0);
  EXPECT_TRUE(env.observation_space().contains(r.observation));
  EXPECT_EQ(r.observation(0), 0.0);
  EXPECT_TRUE(env.report().empty());
  EXPECT_FALSE(fs::exists(cache_ / "cache") && !fs::is_empty(cache_ / "cache"));  // nothing cached
}

// nas/NB201-v0 with backend=train: the built-in trainer on Fashion-MNIST (nas-bench-201.md §12),
// the backend resolution, the protocol separation and the bad kwargs. Runs at the CI preset.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <dsegym/envs/default_registry.hpp>
#include <dsegym/envs/nas/nb201.hpp>
#include <dsegym/json/describe.hpp>
#include <dsegym/sim/nn/network.hpp>
#include <dsegym/sim/nn/trainer.hpp>

using namespace dsegym;
using namespace dsegym::envs::nas;
namespace fs = std::filesystem;

namespace {

class Nb201Train : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!sim::nn::fashion_mnist_available())
      GTEST_SKIP() << "package dataset-fashion-mnist not installed";
    cache_ = fs::temp_directory_path() / ("dsegym_nb201_train_" + std::to_string(::getpid()));
    empty_ = cache_ / "empty-data-root";
    fs::create_directories(empty_);
  }
  void TearDown() override { fs::remove_all(cache_); }

  /// CI preset (3 epochs: one CI epoch is only 8 SGD steps), no tables anywhere, a private cache.
  [[nodiscard]] value ci_kwargs() const {
    return value::dict{{"backend", "train"},
                       {"data_dir", empty_.string()},
                       {"train_preset", "ci"},
                       {"train_epochs", 3},
                       {"report_epochs", 3},
                       {"cache_dir", (cache_ / "cache").string()}};
  }
  fs::path cache_, empty_;
};

const std::vector<std::int64_t> resnet_cell = {3, 0, 3, 1, 0, 1};  // conv3x3 path + skip

}  // namespace

TEST_F(Nb201Train, AutoNeverTrainsTrainOnlyWhenAskedFor) {
  // Without tables anywhere, auto is the tabular backend on the built-in table.
  value auto_kwargs = ci_kwargs();
  auto_kwargs.set("backend", "auto");
  auto_kwargs.set("data_dir", "builtin");
  any_env builtin = envs::default_registry().make("nas/NB201-v0", auto_kwargs);
  EXPECT_EQ(describe(builtin).at("kwargs").at("backend").as_string(), "tabular");
  EXPECT_EQ(describe(builtin).at("kwargs").at("dataset").as_string(), "cifar10");

  any_env trained = envs::default_registry().make("nas/NB201-v0", ci_kwargs());
  const value d = describe(trained);
  EXPECT_EQ(d.at("kwargs").at("backend").as_string(), "train");
  EXPECT_EQ(d.at("kwargs").at("dataset").as_string(), "fashion-mnist");
  EXPECT_NE(trained.spec().summary.find("Fashion-MNIST"), std::string::npos);
  // The resolved kwargs re-create the same env.
  EXPECT_EQ(describe(envs::default_registry().make("nas/NB201-v0", d.at("kwargs"))), d);

  any_env tabular = envs::default_registry().make("nas/NB201-v0", value::dict{{"latency", "none"}});
  EXPECT_EQ(describe(tabular).at("kwargs").at("backend").as_string(), "tabular");
  EXPECT_EQ(describe(tabular).at("kwargs").at("dataset").as_string(), "cifar10");
}

TEST_F(Nb201Train, SearchSeesValidationOnlyAndReportTrainsForTest) {
  nb201_options o;
  o.backend = "train";
  o.data_dir = empty_.string();
  o.train_preset = "ci";
  o.train_epochs = o.report_epochs = 3;
  o.cache_dir = (cache_ / "cache").string();
  nb201_one_shot env(o);
  EXPECT_EQ(env.evaluator().backend(), "train");
  (void)env.reset(0);
  const auto r = env.step(resnet_cell);
  EXPECT_TRUE(r.terminated);
  const double valid = *r.info.get("valid_acc");
  EXPECT_GT(valid, 20.0);  // three CI epochs of a conv cell are well above chance (10 %)
  EXPECT_LE(valid, 100.0);
  EXPECT_DOUBLE_EQ(r.reward, valid / 100.0);
  for (const auto& m : r.info.metrics) EXPECT_EQ(m.name.find("test"), std::string::npos) << m.name;
  // FLOPs/params are those of the trained downsized network (C = 4, N = 1, 16 x 16).
  const auto stats = sim::nn::analyse_network(sim::nn::nb201_network({3, 0, 3, 1, 0, 1}, 4, 1), 1, 16, 16, 10);
  EXPECT_DOUBLE_EQ(*r.info.get("flops_M"), static_cast<double>(stats.macs) * 1e-6);
  EXPECT_DOUBLE_EQ(*r.info.get("params_M"), static_cast<double>(stats.params) * 1e-6);
  // Cost: the deterministic simulated clock, 2 x 3 epochs x (3 x MACs x 1,000 trained + MACs x 500
  // validated) at 10 GFLOP/s + 0.5 s per epoch.
  const double macs = static_cast<double>(stats.macs);
  EXPECT_NEAR(r.info.cost, 2.0 * 3 * (3.0 * macs * 1000 + macs * 500) / 1e10 + 3 * 0.5, 1e-9);
  EXPECT_EQ(r.info.extra.at("epoch_valid_acc").as_list().size(), 3u);
  EXPECT_GT(r.info.extra.at("measured_s").as_real(), 0.0);

  const auto rep = env.report();
  ASSERT_EQ(rep.size(), 1u);
  EXPECT_EQ(rep[0].name, "test_acc");
  EXPECT_GT(rep[0].value, 20.0);
  EXPECT_NE(rep[0].value, valid);

  // A second instance gets the same numbers from the cache; without a cache, from a fresh run.
  nb201_one_shot again(o);
  (void)again.reset(1);
  const auto r2 = again.step(resnet_cell);
  EXPECT_EQ(r2.info, r.info);  // incl. the measured seconds stored with the result
  EXPECT_EQ(r2.reward, r.reward);
  EXPECT_EQ(r2.info.cost, r.info.cost);
  o.cache_dir = "none";
  nb201_one_shot fresh(o);
  (void)fresh.reset(2);
  const auto r3 = fresh.step(resnet_cell);
  EXPECT_EQ(r3.reward, r.reward);  // bit-identical training
  EXPECT_EQ(r3.info.metrics, r.info.metrics);
  EXPECT_EQ(fresh.report()[0].value, rep[0].value);
}

TEST_F(Nb201Train, DisconnectedCellScoresExactlyChance) {
  any_env env = envs::default_registry().make("nas/NB201-v0", ci_kwargs());
  (void)env.reset(0);
  const auto r = env.step(value::list{0, 0, 0, 0, 0, 0});  // index 1651-like: no path to the output
  EXPECT_EQ(r.info.get("valid_acc").value(), 10.0);
}

TEST_F(Nb201Train, SequentialModeAndHardwareCostTheTrainedNetwork) {
#ifndef DSEGYM_TEST_HAVE_ACCEL
  GTEST_SKIP() << "the accelerator model is not built";
#endif
  value k = ci_kwargs();
  k.set("mode", "sequential");
  k.set("hardware", "edge");
  any_env env = envs::default_registry().make("nas/NB201-v0", k);
  (void)env.reset(0);
  step_result<value> r;
  for (auto op : resnet_cell) r = env.step(value(op));
  ASSERT_TRUE(r.terminated);
  const double latency = r.info.get("latency_s").value();
  EXPECT_GT(latency, 0.0);
  EXPECT_GT(r.info.get("energy_J").value(), 0.0);
  // Over the latency limit the cell is not trained: its reward does not depend on its accuracy.
  k.set("latency_limit_s", latency / 2);
  any_env limited = envs::default_registry().make("nas/NB201-v0", k);
  (void)limited.reset(0);
  step_result<value> over;
  for (auto op : resnet_cell) over = limited.step(value(op));
  EXPECT_DOUBLE_EQ(over.reward, -1.0);
  EXPECT_EQ(over.info.get("valid_acc").value(), 0.0);
  EXPECT_EQ(over.info.cost, 0.5);
  EXPECT_FALSE(over.info.extra.at("trained").as_bool());
  EXPECT_FALSE(over.info.extra.at("within_limits").as_bool());
}

TEST_F(Nb201Train, BadKwargsGetClearErrors) {
  const auto make = [&](value::dict extra) {
    value k = ci_kwargs();
    for (const auto& [name, v] : extra) k.set(name, v);
    return envs::default_registry().make("nas/NB201-v0", k);
  };
  const auto message = [&](value::dict extra) -> std::string {
    try {
      (void)make(std::move(extra));
    } catch (const error& e) {
      return e.what();
    }
    return "(no error)";
  };
  EXPECT_NE(message({{"backend", "train"}, {"dataset", "cifar100"}}).find("Fashion-MNIST"), std::string::npos);
  EXPECT_NE(message({{"backend", "tabular"}, {"dataset", "fashion-mnist"}}).find("backend=train"),
            std::string::npos);
  EXPECT_NE(message({{"backend", "train"}, {"latency", "edgegpu_latency_ms"}}).find("hw_metrics.csv"),
            std::string::npos);
  EXPECT_NE(message({{"train_epochs", -1}}).find("train_epochs"), std::string::npos);
  EXPECT_NE(message({{"report_epochs", 100000000000}}).find("report_epochs"), std::string::npos);
  EXPECT_NE(message({{"train_gflops", 0.0}}).find("train_gflops"), std::string::npos);
  EXPECT_NE(message({{"train_seed", -3}}).find("train_seed"), std::string::npos);
  EXPECT_NE(message({{"backend", "gpu"}}).find("backend"), std::string::npos);
  const std::string missing = message({{"fmnist_dir", (empty_ / "nothing").string()}});
  EXPECT_NE(missing.find("apt-get install dataset-fashion-mnist"), std::string::npos) << missing;
}

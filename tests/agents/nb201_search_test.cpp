// On NAS-Bench-201 (the shared CSVs, else the built-in table), over 20 fixed seeds at equal simulated-time budget, regularised
// evolution, REINFORCE and Bayesian optimisation each beat random search on mean final
// validation accuracy. Seeds are fixed, so the outcome is deterministic.

#include <gtest/gtest.h>

#include <filesystem>

#include <dsegym/agents/catalog.hpp>
#include <dsegym/agents/runner.hpp>
#include <dsegym/envs/default_registry.hpp>

using namespace dsegym;
using namespace dsegym::agents;

namespace {

// The shared CSVs when present, else the built-in table (the same values).
std::string tables_root() {
  return std::filesystem::is_directory(DSEGYM_TEST_DATA_DIR "/nb201") ? DSEGYM_TEST_DATA_DIR : "builtin";
}

constexpr int seeds = 20;
constexpr double budget_s = 20000.0;  // NATS-Bench's default search budget (simulated seconds)

run_options options(budget_kind kind, double amount, std::uint64_t seed) {
  run_options o;
  o.limit = {kind, amount};
  o.seed = seed;
  return o;
}

double mean_best_valid_acc(const std::string& agent_name, const value& kwargs = value::dict{}) {
  value k = kwargs;
  k.set("data_dir", tables_root());
  k.set("latency", "none");
  any_env env = envs::default_registry().make("nas/NB201-v0", k);
  double sum = 0;
  for (int s = 0; s < seeds; ++s) {
    auto a = make_agent(agent_name, {}, design_space(env));
    const auto res = run_agent(env, *a, options(budget_kind::cost, budget_s, static_cast<std::uint64_t>(s)));
    EXPECT_TRUE(res.incumbent.has_value());
    const auto& best = res.episodes[*res.incumbent];
    sum += *step_info{best.steps.back().metrics, 0, {}}.get("valid_acc");
    EXPECT_FALSE(best.reported.empty());  // the final design's test accuracy is reported
  }
  return sum / seeds;
}

}  // namespace

TEST(Nb201Search, StrongAgentsBeatRandomSearchAtEqualBudget) {
  const double random = mean_best_valid_acc("random");
  for (const char* name : {"regularized_evolution", "reinforce", "bayesian_optimization"}) {
    const double score = mean_best_valid_acc(name);
    EXPECT_GT(score, random) << name << " " << score << " vs random " << random;
    std::printf("%-24s %.4f (random %.4f)\n", name, score, random);
  }
}

TEST(Nb201Search, PlanAgentsPlayTheSequentialModeStepByStep) {
  value k = value::dict{{"data_dir", tables_root()}, {"mode", "sequential"}, {"latency", "none"}};
  any_env env = envs::default_registry().make("nas/NB201-v0", k);
  const any_space ds = design_space(env);
  ASSERT_NE(ds.get_if<multi_discrete>(), nullptr);
  EXPECT_EQ(ds.get_if<multi_discrete>()->size(), 6u);
  auto a = make_agent("reinforce", {}, ds);
  const auto res = run_agent(env, *a, options(budget_kind::evaluations, 30, 1));
  ASSERT_EQ(res.episodes.size(), 30u);
  for (const auto& e : res.episodes) {
    EXPECT_EQ(e.steps.size(), 6u);
    EXPECT_TRUE(e.steps.back().terminated);
  }
}

TEST(Nb201Search, RunnerIsReproducible) {
  value k = value::dict{{"data_dir", tables_root()}};
  any_env env = envs::default_registry().make("nas/NB201-v0", k);
  auto run = [&] {
    auto a = make_agent("bayesian_optimization", {}, design_space(env));
    auto r = run_agent(env, *a, options(budget_kind::evaluations, 40, 7));
    for (auto& e : r.episodes) e.timing = {};
    return r.episodes;
  };
  EXPECT_EQ(run(), run());
}

// Agent overhead per proposal (propose + observe, µs) for every agent on the NB201 design space,
// next to the cost of the env step it drives (benchmarks/report.py prints the ratios).

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <dsegym/agents/catalog.hpp>
#include <dsegym/agents/runner.hpp>
#include <dsegym/envs/default_registry.hpp>

using namespace dsegym;

namespace {

any_env& env() {
  static any_env e = [] {
    if (std::getenv("DSEGYM_DATA_DIR") == nullptr) ::setenv("DSEGYM_DATA_DIR", DSEGYM_BENCH_DATA_DIR, 1);
    return envs::default_registry().make("nas/NB201-v0", value::dict{{"latency", "none"}});
  }();
  return e;
}

void BM_EnvStep(benchmark::State& state) {
  any_env& e = env();
  rng g(1);
  for (auto _ : state) {
    (void)e.reset(std::nullopt);
    auto r = e.step(e.action_space().sample(g));
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_EnvStep);

/// propose + observe after `warm` evaluations of history (agents get slower as they learn)
void BM_Agent(benchmark::State& state, const std::string& name) {
  any_env& e = env();
  const auto space = agents::design_space(e);
  auto a = agents::make_agent(name, {}, space);
  rng g(2);
  const auto play = [&](const value& d) {
    (void)e.reset(std::nullopt);
    const auto r = e.step(d);
    agents::evaluation ev;
    ev.reward = r.reward;
    return ev;
  };
  for (int i = 0; i < 100; ++i) {
    const value d = a->propose(g);
    a->observe(d, play(d));
  }
  const value fixed = space.sample(g);
  const agents::evaluation ev = play(fixed);
  for (auto _ : state) {
    value d = a->propose(g);
    a->observe(d, ev);
    benchmark::DoNotOptimize(d);
  }
}

/// Bayesian optimisation's propose + observe after `warm` evaluations (its GP grows with them):
/// µs per proposal against the evaluation count.
void BM_BayesianOptimizationAt(benchmark::State& state) {
  any_env& e = env();
  const auto space = agents::design_space(e);
  auto a = agents::make_agent("bayesian_optimization", {}, space);
  rng g(2);
  const auto play = [&](const value& d) {
    (void)e.reset(std::nullopt);
    agents::evaluation ev;
    ev.reward = e.step(d).reward;
    return ev;
  };
  const auto warm = static_cast<int>(state.range(0));
  for (int i = 0; i < warm; ++i) {
    const value d = a->propose(g);
    a->observe(d, play(d));
  }
  // 20 timed proposals: the history grows from `warm` to `warm` + 20.
  for (auto _ : state) {
    value d = a->propose(g);
    a->observe(d, play(d));
    benchmark::DoNotOptimize(d);
  }
  state.counters["evaluations"] = warm;
}
BENCHMARK(BM_BayesianOptimizationAt)->Arg(25)->Arg(50)->Arg(100)->Arg(200)->Arg(300)
    ->Unit(benchmark::kMicrosecond)->Iterations(20);

const int registered = [] {
  for (const auto& info : agents::agent_catalog())
    benchmark::RegisterBenchmark(("BM_Agent/" + info.name).c_str(), BM_Agent, info.name);
  return 0;
}();

}  // namespace

BENCHMARK_MAIN();

// Throughput of the LLM inference-stacking simulator and of llm/InferenceStack-v0:
// - simulated questions per second for a large stack (10 generators x 5 samples, then fusion
//   layers of 8, 4 and 1 fusers) on three answer families (counter "questions");
// - env evaluations per second, one-shot and sequential, typed and through the registry
//   (counter "steps": one evaluation of a stack on the dev split per step; a sequential "stop"
//   step re-reports the stack and counts too).

#include <benchmark/benchmark.h>

#include <dsegym/envs/default_registry.hpp>
#include <dsegym/envs/llm/inference_stack.hpp>
#include <dsegym/sim/llmsys.hpp>

using namespace dsegym;
namespace ls = dsegym::sim::llmsys;

namespace {

ls::architecture large_stack(const ls::simulator& sim) {
  const auto rank = sim.models().ranking(sim.bench().fam());
  const std::string top = sim.models().at(rank[0]).name;
  ls::architecture a;
  a.name = "10x5-fuse-8-4-1";
  ls::layer gens;
  for (std::size_t i = 0; i < 10; ++i) {
    ls::component g;
    g.model = sim.models().at(rank[i]).name, g.samples = 5;
    gens.push_back(g);
  }
  a.layers.push_back(gens);
  for (int n : {8, 4, 1}) {
    ls::component f;
    f.type = ls::component_type::fuser, f.model = top, f.max_tokens = 8192;
    a.layers.push_back(ls::layer(static_cast<std::size_t>(n), f));
  }
  return a;
}

void BM_LargeStackQuestions(benchmark::State& state, const char* bench) {
  const ls::simulator sim(std::make_shared<const ls::benchmark>(ls::find_benchmark(bench), 0),
                          ls::make_catalogue("open70b"));
  const ls::architecture a = large_stack(sim);
  const auto all = sim.bench().all();
  std::uint64_t seed = 0;
  double acc = 0;
  for (auto _ : state) {
    const ls::evaluation e = sim.evaluate(a, all, seed++);
    acc += e.accuracy;
    benchmark::DoNotOptimize(acc);
  }
  state.counters["questions"] = benchmark::Counter(static_cast<double>(state.iterations() * all.size()),
                                                   benchmark::Counter::kIsRate);
  state.counters["questions_per_eval"] = static_cast<double>(all.size());
}
BENCHMARK_CAPTURE(BM_LargeStackQuestions, math, "math")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_LargeStackQuestions, arena_hard, "arena_hard")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_LargeStackQuestions, code_contests, "code_contests")->Unit(benchmark::kMillisecond);

void steps_counter(benchmark::State& state, std::size_t steps) {
  state.counters["steps"] = benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
}

void BM_TypedOneShotStep(benchmark::State& state) {
  envs::llm::inference_stack_one_shot env;
  rng g(1);
  std::size_t steps = 0;
  for (auto _ : state) {
    (void)env.reset(steps);
    auto r = env.step(env.action_space().sample(g));
    benchmark::DoNotOptimize(r);
    ++steps;
  }
  steps_counter(state, steps);
}
BENCHMARK(BM_TypedOneShotStep);

void registry_loop(benchmark::State& state, const value& kwargs) {
  any_env env = envs::default_registry().make("llm/InferenceStack-v0", kwargs);
  rng g(1);
  std::size_t steps = 0, episode = 0;
  for (auto _ : state) {
    (void)env.reset(episode++);
    for (;;) {
      auto r = env.step(env.action_space().sample(g));
      ++steps;
      if (r.done()) break;
    }
  }
  steps_counter(state, steps);
  state.counters["steps_per_episode"] = static_cast<double>(steps) / static_cast<double>(episode);
}

void BM_RegistryOneShotEpisode(benchmark::State& state) { registry_loop(state, value::dict{{"mode", "one_shot"}}); }
BENCHMARK(BM_RegistryOneShotEpisode);
void BM_RegistrySequentialEpisode(benchmark::State& state) { registry_loop(state, value::dict{}); }
BENCHMARK(BM_RegistrySequentialEpisode);

}  // namespace

BENCHMARK_MAIN();

// Steps per second of nas/NB201-v0 (a table-lookup env, so this measures the core's overhead):
// typed env vs any_env vs the registry's wrapped any_env vs sync / thread vector envs.
// benchmarks/report.py turns the JSON output into rates and ratios against the typed env.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <dsegym/envs/default_registry.hpp>
#include <dsegym/envs/nas/nb201.hpp>
#include <dsegym/vector/vector_env.hpp>

using namespace dsegym;
using envs::nas::nb201_one_shot;

namespace {

envs::nas::nb201_options options() {
  envs::nas::nb201_options o;
  o.latency = "none";
  return o;
}

std::vector<std::vector<std::int64_t>> actions(std::size_t n) {
  rng g(1);
  const multi_discrete space(std::vector<std::int64_t>(6, 5));
  std::vector<std::vector<std::int64_t>> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(space.sample(g));
  return out;
}

void BM_TypedStep(benchmark::State& state) {
  nb201_one_shot env(options());
  const auto acts = actions(1024);
  std::size_t i = 0;
  for (auto _ : state) {
    (void)env.reset(std::nullopt);
    auto r = env.step(acts[i++ & 1023]);
    benchmark::DoNotOptimize(r);
  }
  state.counters["steps"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                               benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TypedStep);

void BM_AnyEnvStep(benchmark::State& state) {
  any_env env{nb201_one_shot(options())};
  std::vector<value> acts;
  for (const auto& a : actions(1024)) acts.push_back(value::from_vector(a));
  std::size_t i = 0;
  for (auto _ : state) {
    (void)env.reset(std::nullopt);
    auto r = env.step(acts[i++ & 1023]);
    benchmark::DoNotOptimize(r);
  }
  state.counters["steps"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                               benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AnyEnvStep);

void BM_RegistryEnvStep(benchmark::State& state) {
  any_env env = envs::default_registry().make("nas/NB201-v0", value::dict{{"latency", "none"}});
  std::vector<value> acts;
  for (const auto& a : actions(1024)) acts.push_back(value::from_vector(a));
  std::size_t i = 0;
  for (auto _ : state) {
    (void)env.reset(std::nullopt);
    auto r = env.step(acts[i++ & 1023]);
    benchmark::DoNotOptimize(r);
  }
  state.counters["steps"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                               benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RegistryEnvStep);

template <class V>
void vector_loop(benchmark::State& state, V& venv) {
  const std::size_t n = venv.num_envs();
  const auto acts = actions(n * 64);
  (void)venv.reset(0);
  std::size_t round = 0;
  for (auto _ : state) {
    std::vector<std::vector<std::int64_t>> batch(acts.begin() + static_cast<std::ptrdiff_t>((round % 64) * n),
                                                 acts.begin() + static_cast<std::ptrdiff_t>((round % 64 + 1) * n));
    ++round;
    auto r = venv.step(batch);
    benchmark::DoNotOptimize(r);
  }
  state.counters["steps"] = benchmark::Counter(static_cast<double>(state.iterations() * n),
                                               benchmark::Counter::kIsRate);
}

void BM_SyncVectorStep(benchmark::State& state) {
  std::vector<nb201_one_shot> envs(static_cast<std::size_t>(state.range(0)), nb201_one_shot(options()));
  vector::sync_vector_env<nb201_one_shot> venv(std::move(envs), vector::autoreset_mode::same_step);
  vector_loop(state, venv);
}
BENCHMARK(BM_SyncVectorStep)->Arg(16);

void BM_ThreadVectorStep(benchmark::State& state) {
  std::vector<nb201_one_shot> envs(16, nb201_one_shot(options()));
  vector::thread_vector_env<nb201_one_shot> venv(std::move(envs), static_cast<std::size_t>(state.range(0)),
                                                 vector::autoreset_mode::same_step);
  vector_loop(state, venv);
}
BENCHMARK(BM_ThreadVectorStep)->Arg(1)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  if (std::getenv("DSEGYM_DATA_DIR") == nullptr) ::setenv("DSEGYM_DATA_DIR", DSEGYM_BENCH_DATA_DIR, 1);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

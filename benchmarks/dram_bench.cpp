// Requests simulated per second by dsegym::sim::dram (DESIGN.md §7), on the shared DRAMGym
// traces and on generated 1M-request traces; and evaluations per second of the env
// hw/DRAMController-v1 with its default workload (generated, 5,000 requests): typed env, the
// registry's wrapped any_env, and the multi-agent variant (counter "steps" = evaluations/s).
//
// Needs: Google Benchmark (benchmark::benchmark_main), dsegym::sim_dram and dsegym::envs (for the
// env cases; the dram env family is built whenever the dram simulator is). The shared traces
// are read from $DSEGYM_DATA_DIR/dram-traces, else from DSEGYM_BENCH_DATA_DIR (compile
// definition, as nb201_env_bench gets it), else ../shared/data/dram-traces; missing files skip
// those benchmarks. Build Release. Counter "requests" is requests simulated per CPU second.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "dsegym/envs/default_registry.hpp"
#include "dsegym/envs/hw/dram_controller.hpp"
#include "dsegym/sim/dram.hpp"

namespace dram = dsegym::sim::dram;

namespace {

std::filesystem::path trace_dir() {
  if (const char* env = std::getenv("DSEGYM_DATA_DIR")) return std::filesystem::path(env) / "dram-traces";
#ifdef DSEGYM_BENCH_DATA_DIR
  return std::filesystem::path(DSEGYM_BENCH_DATA_DIR) / "dram-traces";
#else
  return std::filesystem::path("../shared/data/dram-traces");
#endif
}

// Run A of the spec (§4): the reference design point of the DRAMGym installation docs.
dram::controller_config reference_design() {
  dram::controller_config c;
  c.page_policy = dram::page_policy_kind::closed_adaptive;
  c.scheduler = dram::scheduler_kind::fr_fcfs;
  c.scheduler_buffer = dram::scheduler_buffer_kind::shared;
  c.request_buffer_size = 8;
  c.resp_queue = dram::resp_queue_kind::reorder;
  c.refresh_policy = dram::refresh_policy_kind::no_refresh;
  c.arbiter = dram::arbiter_kind::reorder;
  c.max_active_transactions = 103;
  return c;
}

// A deep-buffer open-page design with refresh: more scheduler work per request.
dram::controller_config busy_design() {
  dram::controller_config c;
  c.page_policy = dram::page_policy_kind::open_adaptive;
  c.scheduler = dram::scheduler_kind::fr_fcfs_grp;
  c.scheduler_buffer = dram::scheduler_buffer_kind::bankwise;
  c.request_buffer_size = 128;
  c.refresh_policy = dram::refresh_policy_kind::all_bank;
  return c;
}

void run(benchmark::State& state, const dram::trace& t, const dram::controller_config& c) {
  dram::simulation_config cfg;
  cfg.controller = c;
  double time_ns = 0.0;
  for (auto _ : state) {
    auto r = dram::simulate(cfg, t);
    // On the struct, not on a double: benchmark 1.7's "+r,m" constraint garbles doubles (GCC).
    benchmark::DoNotOptimize(r);
    time_ns = r.total_time_ns;
  }
  state.counters["requests"] = benchmark::Counter(
      static_cast<double>(t.requests.size()) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
  state.counters["simulated_us"] = time_ns / 1000.0;
}

void shared_trace(benchmark::State& state, const std::string& name, bool busy) {
  static std::map<std::string, dram::trace> cache;
  auto it = cache.find(name);
  if (it == cache.end()) {
    const auto path = trace_dir() / name;
    if (!std::filesystem::exists(path)) {
      state.SkipWithError(("missing " + path.string()).c_str());
      return;
    }
    it = cache.emplace(name, dram::read_stl(path, {.clamp_backward_time = true})).first;
  }
  run(state, it->second, busy ? busy_design() : reference_design());
}

void generated(benchmark::State& state, dram::access_pattern pattern, bool busy) {
  dram::trace_generator_config g;
  g.pattern = pattern;
  g.requests = 1'000'000;
  g.read_fraction = pattern == dram::access_pattern::phase_mix ? 0.7 : 1.0;
  g.seed = 1;
  static std::map<int, dram::trace> cache;
  auto it = cache.find(static_cast<int>(pattern));
  if (it == cache.end()) it = cache.emplace(static_cast<int>(pattern), dram::generate_trace(g)).first;
  run(state, it->second, busy ? busy_design() : reference_design());
}

void parse_trace(benchmark::State& state) {
  const auto path = trace_dir() / "random.stl";
  if (!std::filesystem::exists(path)) {
    state.SkipWithError(("missing " + path.string()).c_str());
    return;
  }
  std::size_t n = 0;
  for (auto _ : state) {
    const auto t = dram::read_stl(path);
    n = t.requests.size();
    benchmark::DoNotOptimize(n);
  }
  state.counters["requests"] = benchmark::Counter(
      static_cast<double>(n) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// ----- env evaluations per second ------------------------------------------------------------

std::vector<std::vector<std::int64_t>> designs(std::size_t n) {
  dsegym::rng g(1);
  const dsegym::multi_discrete space(std::vector<std::int64_t>(
      dsegym::envs::hw::dram_knob_sizes.begin(), dsegym::envs::hw::dram_knob_sizes.end()));
  std::vector<std::vector<std::int64_t>> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(space.sample(g));
  return out;
}

void env_counters(benchmark::State& state, double requests_per_evaluation) {
  const auto n = static_cast<double>(state.iterations());
  state.counters["steps"] = benchmark::Counter(n, benchmark::Counter::kIsRate);
  state.counters["requests"] = benchmark::Counter(n * requests_per_evaluation, benchmark::Counter::kIsRate);
}

void BM_DramEnvTypedStep(benchmark::State& state) {
  dsegym::envs::hw::dram_controller_env env;  // default kwargs
  const auto acts = designs(256);
  std::size_t i = 0;
  double cost = 0.0;
  for (auto _ : state) {
    (void)env.reset(std::nullopt);
    auto r = env.step(acts[i++ & 255]);
    cost = r.info.cost;
    benchmark::DoNotOptimize(r);
  }
  env_counters(state, cost);
}

void registry_step(benchmark::State& state, const char* id) {
  dsegym::any_env env = dsegym::envs::default_registry().make(id);
  dsegym::rng g(1);
  std::vector<dsegym::value> acts;
  for (int k = 0; k < 256; ++k) acts.push_back(env.action_space().sample(g));
  std::size_t i = 0;
  double cost = 0.0;
  for (auto _ : state) {
    (void)env.reset(std::nullopt);
    auto r = env.step(acts[i++ & 255]);
    cost = r.info.cost;
    benchmark::DoNotOptimize(r);
  }
  env_counters(state, cost);
}

}  // namespace

BENCHMARK(BM_DramEnvTypedStep)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(registry_step, BM_DramEnvRegistryStep, "hw/DRAMController-v1")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(registry_step, BM_DramEnvMultiAgentRegistryStep, "hw/DRAMController-MA-v1")->Unit(benchmark::kMillisecond);

BENCHMARK_CAPTURE(shared_trace, stream, std::string("stream.stl"), false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(shared_trace, random, std::string("random.stl"), false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(shared_trace, cloud_1, std::string("cloud-1.stl"), false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(shared_trace, cloud_2, std::string("cloud-2.stl"), false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(shared_trace, ddr3_example, std::string("ddr3_example.stl"), false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(shared_trace, random_busy_design, std::string("random.stl"), true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(generated, stream_1m, dram::access_pattern::stream, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(generated, random_1m, dram::access_pattern::random, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(generated, phase_mix_1m_busy_design, dram::access_pattern::phase_mix, true)->Unit(benchmark::kMillisecond);
BENCHMARK(parse_trace)->Unit(benchmark::kMillisecond);

// Evaluations per second of the SoC simulator (dsegym::sim::soc) and the DNN-accelerator cost
// model (dsegym::sim::accel).
//
// Needs: Google Benchmark (benchmark::benchmark_main), dsegym::sim_soc and dsegym::sim_accel. The
// FARSI workloads are read from $DSEGYM_DATA_DIR/archgym-reference/farsi-workloads, else from
// DSEGYM_TEST_DATA_DIR (compile definition, as the tests get it), else
// ../shared/data/archgym-reference/farsi-workloads; if missing, those benchmarks are skipped (the
// generated workload and every accelerator benchmark need no data). Build Release. Counter
// "evals" is evaluations (simulations / network or layer costings) per wall-clock second.
//
// Env cases (BM_SocEnv*, BM_AccelEnv*, BM_Nb201HardwareEnv*; need dsegym::envs): evaluations/s of
// hw/SoC-v1, hw/Accelerator-v0 and NB201 with hardware=eyeriss, as steps/s in counter "steps"
// (one step = one evaluation), typed and through the registry (any_env + default wrappers).

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dsegym/core/random.hpp"
#include "dsegym/envs/default_registry.hpp"
#include "dsegym/envs/hw/accelerator.hpp"
#include "dsegym/envs/hw/soc.hpp"
#include "dsegym/sim/accel.hpp"
#include "dsegym/sim/soc.hpp"

namespace soc = dsegym::sim::soc;
namespace accel = dsegym::sim::accel;

namespace {

std::filesystem::path farsi_dir() {
  const std::filesystem::path rel = "archgym-reference/farsi-workloads";
  if (const char* env = std::getenv("DSEGYM_DATA_DIR")) return std::filesystem::path(env) / rel;
#ifdef DSEGYM_TEST_DATA_DIR
  return std::filesystem::path(DSEGYM_TEST_DATA_DIR) / rel;
#else
  return std::filesystem::path("../shared/data") / rel;
#endif
}

void evals_counter(benchmark::State& state) {
  state.counters["evals"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

const soc::workload* farsi(benchmark::State& state, const std::string& name) {
  static std::map<std::string, std::optional<soc::workload>> cache;
  auto it = cache.find(name);
  if (it == cache.end()) {
    std::optional<soc::workload> w;
    try {
      w = soc::load_farsi_workload(farsi_dir(), name);
    } catch (const dsegym::error&) {
    }
    it = cache.emplace(name, std::move(w)).first;
  }
  if (!it->second) {
    state.SkipWithError(("cannot load " + name + " from " + farsi_dir().string()).c_str());
    return nullptr;
  }
  return &*it->second;
}

// ----- SoC ---------------------------------------------------------------------------------------

// The reference design: every task on one A53 (the longest event sequence per workload).
void soc_reference(benchmark::State& state, const std::string& name) {
  const soc::workload* w = farsi(state, name);
  if (w == nullptr) return;
  const soc::design d = soc::reference_design(*w);
  soc::simulation_options o;
  o.record_tasks = false;
  for (auto _ : state) {
    auto r = soc::simulate(*w, d, {}, o);
    benchmark::DoNotOptimize(r);
  }
  evals_counter(state);
}

// What an environment step does: decode a knob vector, simulate (feasible or not).
void soc_random_knobs(benchmark::State& state, const soc::workload& w) {
  const soc::design_encoding enc(w);
  const auto nvec = enc.nvec();
  const auto start = enc.start();
  dsegym::rng g(1);
  std::vector<std::vector<std::int64_t>> knobs(256, std::vector<std::int64_t>(enc.size()));
  for (auto& x : knobs)
    for (std::size_t i = 0; i < x.size(); ++i)
      x[i] = start[i] + static_cast<std::int64_t>(dsegym::uniform_below(g, static_cast<std::uint64_t>(nvec[i])));
  soc::simulation_options o;
  o.record_tasks = false;
  std::size_t i = 0, feasible = 0;
  for (auto _ : state) {
    auto r = soc::simulate(w, enc.decode(knobs[i++ & 255]), {}, o);
    feasible += r.ok ? 1 : 0;
    benchmark::DoNotOptimize(r);
  }
  evals_counter(state);
  state.counters["feasible_pct"] = 100.0 * static_cast<double>(feasible) / static_cast<double>(state.iterations());
}

void soc_random_knobs_farsi(benchmark::State& state, const std::string& name) {
  if (const soc::workload* w = farsi(state, name)) soc_random_knobs(state, *w);
}

void soc_random_knobs_generated(benchmark::State& state) {
  soc::generator_options o;
  o.compute_tasks = 40;
  static const soc::workload w = soc::generate_arvr_workload(o, 1);
  soc_random_knobs(state, w);
}

// ----- accelerator -------------------------------------------------------------------------------

// The pure cost formulas on one fixed mapping.
void accel_evaluate_mapping(benchmark::State& state) {
  const accel::layer l = accel::conv2d("conv3x3", 64, 64, 56, 56, 3, 1, 1);
  const accel::accel_config c = accel::eyeriss_like();
  const accel::mapping m = accel::map_layer(l, c).best.map;
  for (auto _ : state) {
    auto r = accel::evaluate_mapping(l, c, m);
    benchmark::DoNotOptimize(r);
  }
  evals_counter(state);
}

// One mapper run (exhaustive search) per iteration.
void accel_map_layer(benchmark::State& state, accel::dataflow f) {
  const accel::layer l = accel::conv2d("conv3x3", 64, 64, 56, 56, 3, 1, 1);
  accel::accel_config c = accel::eyeriss_like();
  c.flow = f;
  std::size_t mappings = 0;
  for (auto _ : state) {
    auto r = accel::map_layer(l, c);
    mappings = r.evaluated;
    benchmark::DoNotOptimize(r);
  }
  evals_counter(state);
  state.counters["mappings_per_layer"] = static_cast<double>(mappings);
}

// A whole network without cache: what a TimeloopGym-style step (new hardware each step) costs.
void accel_network(benchmark::State& state, const std::string& name) {
  const accel::network n = name == "nb201_all3x3"
                               ? accel::nb201_network(std::array<std::uint8_t, 6>{3, 3, 3, 3, 3, 3})
                               : accel::builtin_network(name);
  const accel::accel_config c = accel::eyeriss_like();
  for (auto _ : state) {
    auto r = accel::evaluate(n, c);
    benchmark::DoNotOptimize(r);
  }
  evals_counter(state);
}

// Random NB201 archs on a fixed accelerator through the evaluator's cache (an NB201 env step):
// the dozen layer shapes are mapped once, then every network is a cache walk.
void accel_nb201_cached(benchmark::State& state) {
  accel::evaluator ev;
  const accel::accel_config c = accel::eyeriss_like();
  dsegym::rng g(3);
  std::vector<accel::network> nets;
  for (int i = 0; i < 256; ++i) {
    std::array<std::uint8_t, 6> ops{};
    for (auto& o : ops) o = static_cast<std::uint8_t>(dsegym::uniform_below(g, 5));
    nets.push_back(accel::nb201_network(ops));
  }
  for (const auto& n : nets) (void)ev.evaluate(n, c);  // warm
  std::size_t i = 0;
  for (auto _ : state) {
    auto r = ev.evaluate(nets[i++ & 255], c);
    benchmark::DoNotOptimize(r);
  }
  evals_counter(state);
}

// Random accelerator configurations (PE array, GLB size, bandwidth) on AlexNet's convolutions
// through the cache: a TimeloopGym-like search where configurations rarely repeat.
void accel_timeloop_like_search(benchmark::State& state) {
  const accel::network full = accel::alexnet();
  const accel::network n{.name = "alexnet_conv", .layers = {full.layers.begin(), full.layers.begin() + 5}};
  accel::evaluator ev;
  dsegym::rng g(4);
  for (auto _ : state) {
    accel::accel_config c = accel::eyeriss_like();
    c.pe_rows = static_cast<std::uint32_t>(2 + dsegym::uniform_below(g, 23));
    c.pe_cols = static_cast<std::uint32_t>(2 + dsegym::uniform_below(g, 23));
    c.glb_bytes = std::uint64_t{1024} << dsegym::uniform_below(g, 7);
    c.dram_bandwidth_bytes = static_cast<double>(std::uint64_t{2} << dsegym::uniform_below(g, 5));
    auto r = ev.evaluate(n, c);
    benchmark::DoNotOptimize(r);
  }
  evals_counter(state);
}

// ----- environments ------------------------------------------------------------------------------

void steps_counter(benchmark::State& state) {
  state.counters["steps"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

template <class Env>
void typed_env_step(benchmark::State& state, Env& env) {
  dsegym::rng g(1);
  std::vector<typename Env::action_type> acts;
  for (int k = 0; k < 256; ++k) acts.push_back(env.action_space().sample(g));
  std::size_t i = 0;
  for (auto _ : state) {
    (void)env.reset(std::nullopt);
    auto r = env.step(acts[i++ & 255]);
    benchmark::DoNotOptimize(r);
  }
  steps_counter(state);
}

void BM_SocEnvTypedStep(benchmark::State& state) {
  dsegym::envs::hw::soc_env env;  // default kwargs: generated workload, penalty
  typed_env_step(state, env);
}

void BM_SocEnvTypedStepRepair(benchmark::State& state) {
  dsegym::envs::hw::soc_env_options o;
  o.infeasible = "repair";
  dsegym::envs::hw::soc_env env(o);
  typed_env_step(state, env);
}

// Fresh random designs: nearly every step misses the per-(layer, config) cache.
void BM_AccelEnvTypedStep(benchmark::State& state) {
  dsegym::envs::hw::accelerator_env env;  // alexnet, fast mapper
  dsegym::rng g(1);
  for (auto _ : state) {
    auto r = env.step(env.action_space().sample(g));
    benchmark::DoNotOptimize(r);
  }
  steps_counter(state);
}

// 256 sampled designs cycled: after the first pass the accelerator envs hit their caches.
void registry_env_step(benchmark::State& state, const char* id, dsegym::value kwargs) {
  const char* data = std::getenv("DSEGYM_DATA_DIR");
#ifdef DSEGYM_TEST_DATA_DIR
  if (data == nullptr) ::setenv("DSEGYM_DATA_DIR", DSEGYM_TEST_DATA_DIR, 1);
#endif
  (void)data;
  std::optional<dsegym::any_env> env;
  try {
    env.emplace(dsegym::envs::default_registry().make(id, kwargs));
  } catch (const dsegym::error& e) {
    state.SkipWithError(e.what());
    return;
  }
  dsegym::rng g(1);
  std::vector<dsegym::value> acts;
  for (int k = 0; k < 256; ++k) acts.push_back(env->action_space().sample(g));
  std::size_t i = 0;
  for (auto _ : state) {
    (void)env->reset(std::nullopt);
    auto r = env->step(acts[i++ & 255]);
    benchmark::DoNotOptimize(r);
  }
  steps_counter(state);
}

}  // namespace

BENCHMARK(BM_SocEnvTypedStep)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SocEnvTypedStepRepair)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(registry_env_step, BM_SocEnvRegistryStep, "hw/SoC-v1", dsegym::value::dict{})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(registry_env_step, BM_SocEnvRegistryStepAudioDecoder, "hw/SoC-v1",
                  dsegym::value::dict{{"workload", "audio_decoder"}, {"infeasible", "repair"}})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AccelEnvTypedStep)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(registry_env_step, BM_AccelEnvRegistryStep, "hw/Accelerator-v0", dsegym::value::dict{})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(registry_env_step, BM_AccelEnvRegistryStepResnet18, "hw/Accelerator-v0",
                  dsegym::value::dict{{"workload", "resnet18"}})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(registry_env_step, BM_Nb201HardwareEnvRegistryStep, "nas/NB201-v0",
                  dsegym::value::dict{{"hardware", "eyeriss"}, {"latency", "none"}})
    ->Unit(benchmark::kMicrosecond);

BENCHMARK_CAPTURE(soc_reference, audio_decoder, std::string("audio_decoder"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(soc_reference, edge_detection, std::string("edge_detection"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(soc_reference, hpvm_cava, std::string("hpvm_cava"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(soc_random_knobs_farsi, audio_decoder, std::string("audio_decoder"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(soc_random_knobs_farsi, hpvm_cava, std::string("hpvm_cava"))->Unit(benchmark::kMicrosecond);
BENCHMARK(soc_random_knobs_generated)->Unit(benchmark::kMicrosecond);

BENCHMARK(accel_evaluate_mapping)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(accel_map_layer, row_stationary, accel::dataflow::row_stationary)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(accel_map_layer, weight_stationary, accel::dataflow::weight_stationary)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(accel_network, alexnet, std::string("alexnet"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(accel_network, resnet18, std::string("resnet18"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(accel_network, mobilenet_v2, std::string("mobilenet_v2"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(accel_network, nb201_all3x3, std::string("nb201_all3x3"))->Unit(benchmark::kMillisecond);
BENCHMARK(accel_nb201_cached)->Unit(benchmark::kMicrosecond);
BENCHMARK(accel_timeloop_like_search)->Unit(benchmark::kMillisecond);

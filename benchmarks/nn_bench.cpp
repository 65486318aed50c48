// Training throughput of the sim/nn trainer: images/s for the NB201 cell network on 16x16 inputs at
// C = 4 and C = 16, achieved GFLOP/s (3 x forward MACs x 2 per trained image) against a plain
// Eigen-backed GEMM in the same run (via the library's dense layer on a 256x1024x1024 product), and
// evaluations per hour at the CI fidelity. Synthetic data (no dataset needed).
//
// Not yet wired into benchmarks/CMakeLists.txt (owned elsewhere); to build:
//   add_executable(nn_bench nn_bench.cpp)
//   target_link_libraries(nn_bench PRIVATE dsegym::sim_nn benchmark::benchmark_main dsegym_warnings)

#include <benchmark/benchmark.h>

#include "dsegym/core/random.hpp"
#include "dsegym/sim/nn/trainer.hpp"

namespace {

using namespace dsegym::sim::nn;

dataset synthetic(int n, int side, std::uint64_t seed) {
  dataset d;
  d.images = tensor({n, 1, side, side});
  dsegym::rng g(seed);
  for (auto& v : d.images.values()) v = static_cast<float>(dsegym::standard_normal(g));
  for (int i = 0; i < n; ++i) d.labels.push_back(i % 10);
  return d;
}

// One epoch over 512 images (batch 128) of the NB201 network with the given cell.
void train_nb201_cell(benchmark::State& state, nb201_ops ops) {
  const int channels = static_cast<int>(state.range(0));
  const dataset tr = synthetic(512, 16, 1), ev = synthetic(10, 16, 2);
  const network_spec spec = nb201_network(ops, channels, 1);
  const recipe rec = nb201_recipe();
  std::uint64_t images = 0, macs = 0;
  for (auto _ : state) {
    const train_result r = train(spec, rec, tr, ev, {1, 1.0}, 1);
    images += r.images_seen;
    macs = r.macs;
    benchmark::DoNotOptimize(r.loss);
  }
  state.counters["images/s"] = benchmark::Counter(static_cast<double>(images),
                                                  benchmark::Counter::kIsRate);
  state.counters["GFLOP/s"] = benchmark::Counter(6.0 * static_cast<double>(macs) *
                                                     static_cast<double>(images) * 1e-9,
                                                 benchmark::Counter::kIsRate);
  state.counters["fwd_MMACs"] = static_cast<double>(macs) * 1e-6;
}
void BM_Nb201ResNetCell(benchmark::State& s) { train_nb201_cell(s, {3, 0, 3, 1, 0, 1}); }
void BM_Nb201All3x3Cell(benchmark::State& s) { train_nb201_cell(s, {3, 3, 3, 3, 3, 3}); }
BENCHMARK(BM_Nb201ResNetCell)->Arg(4)->Arg(16)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Nb201All3x3Cell)->Arg(4)->Arg(16)->Unit(benchmark::kMillisecond);

// Reference: a large dense forward+backward (three 256x1024x1024 GEMMs through Eigen).
void BM_PlainGemm(benchmark::State& state) {
  dsegym::rng g(3);
  linear l(1024, 1024, false, g);
  tensor x({256, 1024}, 0.5f), gy({256, 1024}, 0.1f);
  run_context ctx;
  std::uint64_t flops = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(l.forward(x, ctx));
    benchmark::DoNotOptimize(l.backward(gy));
    flops += 3ULL * 2 * 256 * 1024 * 1024;
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(static_cast<double>(flops) * 1e-9, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PlainGemm)->Unit(benchmark::kMillisecond);

// Evaluations per hour at the CI fidelity (C = 4, 1,000 training images, 1 epoch, 500 evaluated).
void BM_Nb201CiEvaluation(benchmark::State& state) {
  const dataset tr = synthetic(1000, 16, 4), ev = synthetic(500, 16, 5);
  const network_spec spec = nb201_network({3, 0, 3, 1, 0, 1}, 4, 1);
  std::uint64_t evals = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(train(spec, nb201_recipe(), tr, ev, {1, 1.0}, 1).accuracy);
    ++evals;
  }
  state.counters["evals/h"] =
      benchmark::Counter(3600.0 * static_cast<double>(evals), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Nb201CiEvaluation)->Unit(benchmark::kMillisecond);

}  // namespace

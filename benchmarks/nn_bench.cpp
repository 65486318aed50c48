// Training throughput of the sim/nn trainer: images/s for the NB201 cell network on 16x16 inputs at
// C = 4 and C = 16, achieved GFLOP/s (3 x forward MACs x 2 per trained image) against a plain
// GEMM in the same run (the library's dense layer on a 256x1024x1024 product), and
// evaluations per hour at the CI fidelity. Synthetic data (no dataset needed).
//
// nas/ArchRecipe-v1 fidelities (BM_ArchRecipeFidelities): for three reference designs, training and
// evaluation throughput are measured on 28x28 inputs and turned into evaluations per hour at every
// (epochs, data fraction) of the env's full split (fraction x 50,000 images trained per epoch,
// 10,000 validated per epoch) — projected from the measured rates, since a 20-epoch full-data run
// per benchmark iteration would take an hour. The same benchmark reports the training GFLOP/s as a
// fraction of the GEMM GFLOP/s measured in the same iteration.

#include <benchmark/benchmark.h>

#include <chrono>
#include <sstream>
#include <string>

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

// Reference: a large dense forward+backward (three 256x1024x1024 GEMMs).
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

// ----- nas/ArchRecipe-v1: evaluations per hour at each fidelity -------------------------------

double gemm_gflops() {
  dsegym::rng g(3);
  linear l(1024, 1024, false, g);
  tensor x({256, 1024}, 0.5f), gy({256, 1024}, 0.1f);
  run_context ctx;
  const auto t0 = std::chrono::steady_clock::now();
  constexpr int reps = 4;
  for (int i = 0; i < reps; ++i) {
    benchmark::DoNotOptimize(l.forward(x, ctx));
    benchmark::DoNotOptimize(l.backward(gy));
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return reps * 3.0 * 2 * 256 * 1024 * 1024 * 1e-9 / s;
}

network_spec reference_design(int which) {
  network_spec n;
  if (which == 0) {  // MLP 784-256-10
    n.hidden = {256};
    return n;
  }
  n.family = network_family::cnn;  // which 1: CNN 8/16 k3 BN; 2: CNN 16/32/64 k3 BN residual
  n.norm = norm_kind::batch;
  n.stages = which == 1 ? 2 : 3;
  n.base_width = which == 1 ? 8 : 16;
  n.kernels.assign(static_cast<std::size_t>(n.stages), 3);
  n.skip = which == 2;
  return n;
}

void BM_ArchRecipeFidelities(benchmark::State& state) {
  const int which = static_cast<int>(state.range(0));
  const network_spec spec = reference_design(which);
  const dataset tr = synthetic(1024, 28, 6), ev = synthetic(1024, 28, 7);
  recipe rec;
  rec.optimizer = optimizer_kind::sgd;
  double train_s = 0.0, total_s = 0.0, train_gf = 0.0, gemm_gf = 0.0;
  std::uint64_t macs = 0;
  for (auto _ : state) {
    gemm_gf = gemm_gflops();
    // One epoch over 1,024 images evaluated on 1,024, then the same with no evaluation set: the
    // difference is the evaluation time.
    const train_result with_eval = train(spec, rec, tr, ev, {1, 1.0}, 1);
    const train_result no_eval = train(spec, rec, tr, dataset{}, {1, 1.0}, 1);
    train_s = no_eval.seconds;
    total_s = with_eval.seconds;
    macs = no_eval.macs;
    train_gf = 6.0 * static_cast<double>(macs) * static_cast<double>(no_eval.images_seen) * 1e-9 / train_s;
  }
  const double train_rate = 1024.0 / train_s;                                      // images/s
  const double eval_rate = 1024.0 / std::max(total_s - train_s, 1e-9);             // images/s
  state.counters["fwd_MMACs"] = static_cast<double>(macs) * 1e-6;
  state.counters["train_img/s"] = train_rate;
  state.counters["eval_img/s"] = eval_rate;
  state.counters["train_GFLOP/s"] = train_gf;
  state.counters["gemm_GFLOP/s"] = gemm_gf;
  state.counters["of_gemm_peak"] = train_gf / gemm_gf;
  for (int epochs : {1, 2, 5, 10, 20})
    for (double fraction : {0.05, 0.1, 0.25, 0.5, 1.0}) {
      const double seconds = epochs * (fraction * 50000.0 / train_rate + 10000.0 / eval_rate);
      std::ostringstream name;
      name << "evals/h@" << epochs << "ep_f" << fraction;
      state.counters[name.str()] = 3600.0 / seconds;
    }
}
BENCHMARK(BM_ArchRecipeFidelities)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

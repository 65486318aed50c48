// Diagnostic for NB201's train backend (nas-bench-201.md §12): how well does the built-in trainer's
// short-fidelity Fashion-MNIST validation accuracy rank cells compared with the benchmark's own
// 12-epoch CIFAR-10 validation accuracy? Trains N seeded random cells (plus the all-skip cell, which
// has no convolutions in its cells) at the env's search fidelity through the result cache and prints
// Kendall's tau and Spearman's rho. A diagnostic, not a test: the tasks differ (grey 16x16 garments
// vs colour 32x32 objects), so only a positive correlation is expected.
// Run: ./build/benchmarks/nb201_train_rank [cells=30] [preset=full|ci] [epochs=0 (preset default)]

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>

#include "dsegym/core/random.hpp"
#include "dsegym/sim/nb201/benchmark_protocol.hpp"
#include "dsegym/sim/nb201/tables.hpp"
#include "dsegym/sim/nn/cache.hpp"
#include "dsegym/sim/nn/trainer.hpp"

namespace {

double kendall_tau(const std::vector<double>& a, const std::vector<double>& b) {
  double concordant = 0, discordant = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = i + 1; j < a.size(); ++j) {
      const double s = (a[i] - a[j]) * (b[i] - b[j]);
      if (s > 0) ++concordant;
      if (s < 0) ++discordant;
    }
  const double pairs = static_cast<double>(a.size() * (a.size() - 1) / 2);
  return (concordant - discordant) / pairs;
}

std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto x, auto y) { return v[x] < v[y]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < order.size();) {  // average ranks over ties
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    for (std::size_t k = i; k <= j; ++k) r[order[k]] = 0.5 * static_cast<double>(i + j);
    i = j + 1;
  }
  return r;
}

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  const auto ra = ranks(a), rb = ranks(b);
  const double n = static_cast<double>(a.size());
  const double ma = std::accumulate(ra.begin(), ra.end(), 0.0) / n, mb = std::accumulate(rb.begin(), rb.end(), 0.0) / n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < ra.size(); ++i) {
    sab += (ra[i] - ma) * (rb[i] - mb);
    saa += (ra[i] - ma) * (ra[i] - ma);
    sbb += (rb[i] - mb) * (rb[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

}  // namespace

int main(int argc, char** argv) {
  namespace nb = dsegym::sim::nb201;
  namespace nn = dsegym::sim::nn;
  const int cells = argc > 1 ? std::atoi(argv[1]) : 30;
  const std::string preset = argc > 2 ? argv[2] : "full";
  nn::nb201_train_options opt = preset == "ci" ? nn::nb201_ci_options() : nn::nb201_train_options{};
  if (preset != "ci") opt.task.preset = nn::fmnist_preset::full;
  if (argc > 3 && std::atoi(argv[3]) > 0) opt.epochs = std::atoi(argv[3]);
  const nb::benchmark_protocol protocol(nb::load_tables_shared(std::string(DSEGYM_BENCH_DATA_DIR) + "/nb201"),
                                        nb::dataset::cifar10);
  nn::result_cache cache(nn::default_cache_dir());

  std::vector<std::size_t> indices;
  dsegym::rng g(2026);
  indices.push_back(nb::arch_index(nb::arch{{1, 1, 1, 1, 1, 1}}));  // all skip: no conv in the cells
  while (static_cast<int>(indices.size()) < cells) {
    const std::size_t i = dsegym::uniform_below(g, nb::arch_count);
    if (!nb::has_path_to_output(nb::arch_at_index(i))) continue;  // disconnected: constant output
    if (std::find(indices.begin(), indices.end(), i) == indices.end()) indices.push_back(i);
  }
  std::vector<double> trained, tabular;
  for (std::size_t k = 0; k < indices.size(); ++k) {
    const nb::arch a = nb::arch_at_index(indices[k]);
    nn::nb201_ops ops{};
    for (std::size_t e = 0; e < nb::edge_count; ++e) ops[e] = a.ops[e];
    const nn::train_result r = nn::train_nb201(ops, opt, 0, &cache);
    trained.push_back(100.0 * r.accuracy);
    tabular.push_back(protocol.query(indices[k]).valid_acc);
    std::cout << "[" << k + 1 << "/" << indices.size() << "] " << nb::to_arch_string(a) << "  fmnist "
              << trained.back() << " %  cifar10-valid " << tabular.back() << " %  (" << r.seconds
              << " s" << (r.from_cache ? ", cached" : "") << ")" << std::endl;
  }
  std::cout << "\n" << indices.size() << " cells, preset " << preset << ", " << opt.epochs
            << " epoch(s): Kendall tau " << kendall_tau(trained, tabular) << ", Spearman rho "
            << spearman(trained, tabular) << "\n";
  return 0;
}

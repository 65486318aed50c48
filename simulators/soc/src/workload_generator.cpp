#include "dsegym/sim/soc/workload_generator.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <utility>

#include "dsegym/core/error.hpp"
#include "dsegym/core/random.hpp"

namespace dsegym::sim::soc {

namespace {

void check_range(std::string_view what, double lo, double hi) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo > 0.0) || !(lo <= hi))
    throw invalid_argument("soc", "generator_options " + std::string(what) + " range [" + std::to_string(lo) +
                                      ", " + std::to_string(hi) + "] needs finite 0 < min <= max");
}

void check_probability(std::string_view what, double p) {
  if (!(p >= 0.0 && p <= 1.0))
    throw invalid_argument("soc", "generator_options." + std::string(what) + " = " + std::to_string(p) +
                                      " must lie in [0, 1]");
}

double log_uniform(rng& g, double lo, double hi) {
  return lo == hi ? lo : std::exp(uniform_real(g, std::log(lo), std::log(hi)));
}

}  // namespace

workload generate_arvr_workload(const generator_options& o, std::uint64_t seed) {
  if (o.compute_tasks == 0) throw invalid_argument("soc", "generator_options.compute_tasks must be >= 1");
  if (o.max_width == 0) throw invalid_argument("soc", "generator_options.max_width must be >= 1");
  check_probability("skip_probability", o.skip_probability);
  check_probability("ip_probability", o.ip_probability);
  check_range("gpp_cycles", o.min_gpp_cycles, o.max_gpp_cycles);
  check_range("ip_speedup", o.min_ip_speedup, o.max_ip_speedup);
  check_range("edge_bytes", o.min_edge_bytes, o.max_edge_bytes);
  if (o.max_iterations < 1) throw invalid_argument("soc", "generator_options.max_iterations must be >= 1");

  rng g(derive_seed(seed, "soc.arvr_workload"));
  workload w;
  w.name = "synthetic";
  w.tasks.push_back(task{.name = "souurce", .gpp_cycles = 0.0});

  // Stages of 1..max_width parallel tasks.
  std::vector<std::vector<std::size_t>> stages;
  std::size_t left = o.compute_tasks;
  while (left > 0) {
    const auto width = std::min<std::size_t>(
        left, 1 + static_cast<std::size_t>(uniform_below(g, o.max_width)));
    std::vector<std::size_t> stage;
    for (std::size_t i = 0; i < width; ++i) {
      task t;
      t.name = "stage" + std::to_string(stages.size()) + "_task" + std::to_string(i);
      const double gpp = std::round(log_uniform(g, o.min_gpp_cycles, o.max_gpp_cycles));
      t.gpp_cycles = gpp;
      if (bernoulli(g, o.ip_probability)) {
        // IP cycles at 100 MHz for a single lane, from a speed-up over the 1 GHz A53.
        const double speedup = log_uniform(g, o.min_ip_speedup, o.max_ip_speedup);
        t.ip_cycles = std::max(1.0, std::round(gpp / 10.0 / speedup));
        t.ip_area_um2 = std::round(log_uniform(g, 2e3, 5e5));
        t.ip_energy = std::round(*t.ip_cycles * log_uniform(g, 1e-3, 1.0) * 1e3) / 1e3;
      }
      t.iterations = bernoulli(g, 0.3) || o.max_iterations < 2
                         ? 1
                         : static_cast<std::uint64_t>(std::round(
                               log_uniform(g, 2.0, static_cast<double>(o.max_iterations))));
      stage.push_back(w.tasks.size());
      w.tasks.push_back(std::move(t));
    }
    left -= width;
    stages.push_back(std::move(stage));
  }
  const std::size_t join = w.tasks.size();
  w.tasks.push_back(task{.name = "dummy_last", .gpp_cycles = 0.0});
  const std::size_t sink = w.tasks.size();
  w.tasks.push_back(task{.name = "siink", .gpp_cycles = 0.0});
  w.last_task = join;

  auto bytes = [&] { return static_cast<std::uint64_t>(std::round(log_uniform(g, o.min_edge_bytes, o.max_edge_bytes))); };
  std::set<std::pair<std::size_t, std::size_t>> edges;
  auto add = [&](std::size_t p, std::size_t c, std::uint64_t b) {
    if (edges.emplace(p, c).second) w.edges.push_back(edge{p, c, std::max<std::uint64_t>(b, 1)});
  };
  for (std::size_t s = 0; s < stages.size(); ++s) {
    for (std::size_t t : stages[s]) {
      if (s == 0) {
        add(0, t, bytes());
        continue;
      }
      // One or two parents in the previous stage, and maybe a skip edge from further back.
      const auto& prev = stages[s - 1];
      const std::size_t parents = std::min<std::size_t>(prev.size(), 1 + uniform_below(g, 2));
      for (std::size_t k : sample_without_replacement(g, prev.size(), parents)) add(prev[k], t, bytes());
      if (s >= 2 && bernoulli(g, o.skip_probability)) {
        const auto& earlier = stages[uniform_below(g, s - 1)];
        add(earlier[uniform_below(g, earlier.size())], t, bytes());
      }
    }
  }
  // Every task without a consumer feeds the join, which feeds the sink.
  std::vector<bool> has_child(w.tasks.size(), false);
  for (const edge& e : w.edges) has_child[e.producer] = true;
  for (const auto& stage : stages)
    for (std::size_t t : stage)
      if (!has_child[t]) add(t, join, bytes());
  add(join, sink, 64);
  validate(w);
  return w;
}

}  // namespace dsegym::sim::soc

#pragma once
// Leaderboard statistics (rliable's recommendations): mean, sample standard deviation, median,
// quantiles (linear interpolation, as numpy's default), the interquartile mean (25 % trimmed from
// each end, as scipy.stats.trim_mean(x, 0.25)), and percentile bootstrap confidence intervals —
// stratified (runs resampled within each task) for aggregates over several tasks — with a fixed
// seed so reports are reproducible; a stratified permutation test, rliable's probability of
// improvement and Holm's adjustment for comparing agents with random search.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

#include "dsegym/core/error.hpp"
#include "dsegym/core/random.hpp"

namespace dsegym::leaderboard {

[[nodiscard]] inline double mean(std::span<const double> x) {
  if (x.empty()) return std::numeric_limits<double>::quiet_NaN();
  double s = 0;
  for (double v : x) s += v;
  return s / static_cast<double>(x.size());
}

/// Sample standard deviation (n - 1); 0 for a single value.
[[nodiscard]] inline double stddev(std::span<const double> x) {
  if (x.size() < 2) return x.empty() ? std::numeric_limits<double>::quiet_NaN() : 0.0;
  const double m = mean(x);
  double s = 0;
  for (double v : x) s += (v - m) * (v - m);
  return std::sqrt(s / static_cast<double>(x.size() - 1));
}

/// Quantile q in [0, 1] with linear interpolation between order statistics.
[[nodiscard]] inline double quantile(std::vector<double> x, double q) {
  if (x.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(x.begin(), x.end());
  const double pos = q * static_cast<double>(x.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, x.size() - 1);
  return x[lo] + (pos - static_cast<double>(lo)) * (x[hi] - x[lo]);
}

[[nodiscard]] inline double median(std::vector<double> x) { return quantile(std::move(x), 0.5); }

/// Interquartile mean: drop floor(n/4) values from each end of the sorted data, average the rest.
[[nodiscard]] inline double iqm(std::vector<double> x) {
  if (x.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(x.begin(), x.end());
  const std::size_t cut = x.size() / 4;
  return mean(std::span<const double>(x).subspan(cut, x.size() - 2 * cut));
}

struct interval {
  double low = std::numeric_limits<double>::quiet_NaN();
  double high = std::numeric_limits<double>::quiet_NaN();
};

/// Percentile bootstrap CI of `statistic` over the pooled runs of all tasks, resampling runs with
/// replacement within each task (stratified bootstrap). `tasks[t]` holds the runs of task t.
[[nodiscard]] inline interval stratified_bootstrap_ci(
    const std::vector<std::vector<double>>& tasks,
    const std::function<double(std::vector<double>)>& statistic, std::size_t reps = 2000,
    double confidence = 0.95, std::uint64_t seed = 0) {
  if (reps == 0 || !(confidence > 0 && confidence < 1))
    throw invalid_argument("stats", "bootstrap needs reps > 0 and 0 < confidence < 1");
  std::size_t total = 0;
  for (const auto& t : tasks) total += t.size();
  if (total == 0) return {};
  rng g(seed);
  std::vector<double> stats;
  stats.reserve(reps);
  std::vector<double> sample;
  for (std::size_t r = 0; r < reps; ++r) {
    sample.clear();
    for (const auto& t : tasks)
      for (std::size_t i = 0; i < t.size(); ++i) sample.push_back(t[uniform_below(g, t.size())]);
    stats.push_back(statistic(sample));
  }
  const double alpha = (1 - confidence) / 2;
  return {quantile(stats, alpha), quantile(stats, 1 - alpha)};
}

/// Relative improvement (%) of x over a baseline b, signed so that positive is better.
[[nodiscard]] inline double improvement_percent(double x, double b, bool maximize) {
  if (b == 0) return std::numeric_limits<double>::quiet_NaN();
  const double d = maximize ? x - b : b - x;
  return 100.0 * d / std::abs(b);
}

/// One-sided stratified permutation test that `a` is lower (better, e.g. regret) than `b`.
/// `a[t]` and `b[t]` are the values of the two agents on task t (runs at equal budget); labels are
/// exchanged only within a task. Statistic: mean over tasks of (mean(b[t]) - mean(a[t])).
/// p = (1 + #{permutations with statistic >= observed}) / (1 + reps) (Monte Carlo, fixed seed), or
/// the exact fraction when every relabelling can be enumerated (at most `reps` of them).
/// Tasks where either side is empty are ignored; NaN when no task has values on both sides.
[[nodiscard]] inline double permutation_p_lower(const std::vector<std::vector<double>>& a,
                                                const std::vector<std::vector<double>>& b,
                                                std::size_t reps = 20000, std::uint64_t seed = 0) {
  if (a.size() != b.size()) throw invalid_argument("stats", "permutation test needs the same tasks on both sides");
  struct task {
    std::vector<double> pooled;
    std::size_t na;
  };
  std::vector<task> tasks;
  for (std::size_t t = 0; t < a.size(); ++t)
    if (!a[t].empty() && !b[t].empty()) {
      task k{a[t], a[t].size()};
      k.pooled.insert(k.pooled.end(), b[t].begin(), b[t].end());
      tasks.push_back(std::move(k));
    }
  if (tasks.empty()) return std::numeric_limits<double>::quiet_NaN();
  const auto statistic = [&](const std::vector<std::vector<std::size_t>>& in_a) {
    double s = 0;
    for (std::size_t t = 0; t < tasks.size(); ++t) {
      const auto& k = tasks[t];
      double sa = 0, total = 0;
      for (double v : k.pooled) total += v;
      for (std::size_t i : in_a[t]) sa += k.pooled[i];
      const double nb = static_cast<double>(k.pooled.size() - k.na);
      s += (total - sa) / nb - sa / static_cast<double>(k.na);
    }
    return s / static_cast<double>(tasks.size());
  };
  std::vector<std::vector<std::size_t>> observed(tasks.size());
  for (std::size_t t = 0; t < tasks.size(); ++t)
    for (std::size_t i = 0; i < tasks[t].na; ++i) observed[t].push_back(i);
  const double obs = statistic(observed);
  const double eps = 1e-12 * (1.0 + std::abs(obs));
  // Number of relabellings: product over tasks of C(n, na).
  double combos = 1;
  for (const auto& k : tasks) {
    double c = 1;
    for (std::size_t i = 0; i < k.na; ++i)
      c = c * static_cast<double>(k.pooled.size() - i) / static_cast<double>(i + 1);
    combos *= std::round(c);
    if (combos > static_cast<double>(reps)) break;
  }
  if (combos <= static_cast<double>(reps)) {
    // exact: enumerate every subset of size na per task (odometer over tasks)
    std::vector<std::vector<std::size_t>> cur = observed;
    std::size_t at_least = 0, total = 0;
    const auto next_subset = [](std::vector<std::size_t>& c, std::size_t n) {
      const std::size_t k = c.size();
      std::size_t i = k;
      while (i > 0 && c[i - 1] == n - k + i - 1) --i;
      if (i == 0) return false;
      ++c[i - 1];
      for (std::size_t j = i; j < k; ++j) c[j] = c[j - 1] + 1;
      return true;
    };
    while (true) {
      ++total;
      if (statistic(cur) >= obs - eps) ++at_least;
      std::size_t t = 0;
      while (t < tasks.size() && !next_subset(cur[t], tasks[t].pooled.size())) {
        for (std::size_t i = 0; i < cur[t].size(); ++i) cur[t][i] = i;
        ++t;
      }
      if (t == tasks.size()) break;
    }
    return static_cast<double>(at_least) / static_cast<double>(total);
  }
  rng g(seed);
  std::size_t at_least = 0;
  std::vector<std::vector<std::size_t>> perm(tasks.size());
  std::vector<std::size_t> idx;
  for (std::size_t r = 0; r < reps; ++r) {
    for (std::size_t t = 0; t < tasks.size(); ++t) {
      const std::size_t n = tasks[t].pooled.size();
      idx.resize(n);
      for (std::size_t i = 0; i < n; ++i) idx[i] = i;
      for (std::size_t i = 0; i < tasks[t].na; ++i) std::swap(idx[i], idx[i + uniform_below(g, n - i)]);
      perm[t].assign(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(tasks[t].na));
    }
    if (statistic(perm) >= obs - eps) ++at_least;
  }
  return (1.0 + static_cast<double>(at_least)) / (1.0 + static_cast<double>(reps));
}

/// Probability of improvement (rliable): mean over tasks of P(X < Y) + P(X = Y) / 2 for a run X of
/// agent `a` and a run Y of agent `b` on the same task (lower is better, e.g. regret). NaN when no
/// task has values on both sides.
[[nodiscard]] inline double probability_of_improvement(const std::vector<std::vector<double>>& a,
                                                       const std::vector<std::vector<double>>& b) {
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t t = 0; t < a.size() && t < b.size(); ++t) {
    if (a[t].empty() || b[t].empty()) continue;
    double wins = 0;
    for (double x : a[t])
      for (double y : b[t]) wins += x < y ? 1.0 : (x == y ? 0.5 : 0.0);
    sum += wins / static_cast<double>(a[t].size() * b[t].size());
    ++n;
  }
  return n ? sum / static_cast<double>(n) : std::numeric_limits<double>::quiet_NaN();
}

/// Holm's step-down adjustment of p-values (family-wise error), in input order; NaN stays NaN.
[[nodiscard]] inline std::vector<double> holm_adjust(const std::vector<double>& p) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (std::isfinite(p[i])) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return p[x] < p[y]; });
  std::vector<double> out(p.size(), std::numeric_limits<double>::quiet_NaN());
  double running = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    running = std::max(running, std::min(1.0, static_cast<double>(order.size() - k) * p[order[k]]));
    out[order[k]] = running;
  }
  return out;
}

}  // namespace dsegym::leaderboard

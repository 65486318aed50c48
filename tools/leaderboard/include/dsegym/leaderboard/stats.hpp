#pragma once
// Leaderboard statistics (rliable's recommendations): mean, sample standard deviation, median,
// quantiles (linear interpolation, as numpy's default), the interquartile mean (25 % trimmed from
// each end, as scipy.stats.trim_mean(x, 0.25)), and percentile bootstrap confidence intervals —
// stratified (runs resampled within each task) for aggregates over several tasks — with a fixed
// seed so reports are reproducible.

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

}  // namespace dsegym::leaderboard

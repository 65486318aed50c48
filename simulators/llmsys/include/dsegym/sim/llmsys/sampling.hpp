#pragma once
// Random-number helpers of the LLM-system simulator, built only on dsegym::rng and the project's
// distributions (core/random.hpp): a counter-based keyed stream (spec §9: "keyed by (seed, item,
// model, role, sample index)", so configurations that share a generator layer see identical
// samples), Gamma/Beta/Dirichlet/Gumbel draws, and the logistic and normal functions.

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <numbers>
#include <span>

#include "dsegym/core/random.hpp"

namespace dsegym::sim::llmsys {

/// Mixes a list of 64-bit keys into one seed (order matters). Same keys => same seed.
[[nodiscard]] constexpr std::uint64_t mix_keys(std::initializer_list<std::uint64_t> keys) noexcept {
  std::uint64_t h = 0x243F6A8885A308D3ULL;
  for (std::uint64_t k : keys) {
    std::uint64_t s = h ^ (k * 0x9E3779B97F4A7C15ULL);
    h = splitmix64(s);
  }
  return h;
}

/// A fresh engine for the stream named by `keys` (counter-based: no shared state between streams).
[[nodiscard]] inline rng keyed_rng(std::initializer_list<std::uint64_t> keys) noexcept {
  return rng(mix_keys(keys));
}

[[nodiscard]] inline double sigmoid(double x) noexcept { return 1.0 / (1.0 + std::exp(-x)); }
[[nodiscard]] inline double logit(double p) noexcept { return std::log(p / (1.0 - p)); }
/// Standard normal CDF.
[[nodiscard]] inline double normal_cdf(double x) noexcept {
  return 0.5 * std::erfc(-x / std::numbers::sqrt2);
}

/// Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 via the boost Gamma(shape+1)·U^(1/shape).
template <class Engine>
[[nodiscard]] double gamma_draw(Engine& g, double shape) {
  if (!(shape > 0.0) || !std::isfinite(shape))
    throw invalid_argument("llmsys", "gamma shape must be finite and > 0");
  if (shape < 1.0) {
    double u = uniform01(g);
    while (u <= 0.0) u = uniform01(g);
    return gamma_draw(g, shape + 1.0) * std::pow(u, 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x = standard_normal(g);
    double v = 1.0 + c * x;
    if (v <= 0.0) continue;
    v = v * v * v;
    const double u = uniform01(g);
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
    if (u > 0.0 && std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
  }
}

/// Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b); clamped into (0, 1).
template <class Engine>
[[nodiscard]] double beta_draw(Engine& g, double a, double b) {
  const double x = gamma_draw(g, a), y = gamma_draw(g, b);
  double u = (x + y) > 0.0 ? x / (x + y) : 0.5;
  constexpr double eps = 1e-12;
  if (u < eps) u = eps;
  if (u > 1.0 - eps) u = 1.0 - eps;
  return u;
}

/// Symmetric Dirichlet(gamma) into `out` (sums to 1).
template <class Engine>
void dirichlet_draw(Engine& g, double concentration, std::span<double> out) {
  double total = 0.0;
  for (double& x : out) total += (x = gamma_draw(g, concentration));
  if (!(total > 0.0)) {
    for (double& x : out) x = 1.0 / static_cast<double>(out.size());
    return;
  }
  for (double& x : out) x /= total;
}

/// Standard Gumbel.
template <class Engine>
[[nodiscard]] double gumbel_draw(Engine& g) {
  double u = uniform01(g);
  while (u <= 0.0) u = uniform01(g);
  return -std::log(-std::log(u));
}

/// LogNormal with the given mean and coefficient of variation.
template <class Engine>
[[nodiscard]] double lognormal_mean_cv(Engine& g, double mean, double cv) {
  const double s2 = std::log1p(cv * cv);
  return mean * std::exp(std::sqrt(s2) * standard_normal(g) - 0.5 * s2);
}

}  // namespace dsegym::sim::llmsys

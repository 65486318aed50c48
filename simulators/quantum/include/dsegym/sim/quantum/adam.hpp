#pragma once
// Adam (Kingma & Ba) with a fixed iteration budget.

#include <cstddef>
#include <span>

#include "dsegym/sim/quantum/optimize_result.hpp"

namespace dsegym::sim::quantum {

struct adam_options {
  std::size_t max_iterations = 100;  ///< gradient evaluations (= iterations)
  double learning_rate = 0.05;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
  /// Stop early once |f_k - f_{k-1}| <= tolerance; negative disables the test.
  double tolerance = -1.0;
};

/// Minimises f from x0. Each iteration evaluates f and its gradient at the current point, keeps
/// the best point seen, then takes a bias-corrected Adam step. Throws dsegym::invalid_argument for
/// bad options, a non-finite x0, or when f returns a non-finite value or gradient.
[[nodiscard]] optimize_result adam(const gradient_function& f, std::span<const double> x0,
                                   const adam_options& options = {});

}  // namespace dsegym::sim::quantum

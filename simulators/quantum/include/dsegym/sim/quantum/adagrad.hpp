#pragma once
// Adagrad with a fixed iteration budget (the inner optimiser of Sun et al., spec §3).

#include <cstddef>
#include <span>

#include "dsegym/sim/quantum/optimize_result.hpp"

namespace dsegym::sim::quantum {

struct adagrad_options {
  std::size_t max_iterations = 50;  ///< spec: 50 (fidelity, MaxCut) or 100 (VQE)
  double learning_rate = 0.5;       ///< spec: step 0.5
  double epsilon = 1e-8;
  /// Stop early once |f_k - f_{k-1}| <= tolerance (spec: 1e-6); negative disables the test.
  double tolerance = 1e-6;
};

/// x <- x - lr * g / (sqrt(sum of g^2 so far) + eps), per coordinate; best point kept.
[[nodiscard]] optimize_result adagrad(const gradient_function& f, std::span<const double> x0,
                                      const adagrad_options& options = {});

}  // namespace dsegym::sim::quantum

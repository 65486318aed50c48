#pragma once
// Simultaneous-perturbation stochastic approximation (Spall), seeded and derivative-free.

#include <cstddef>
#include <cstdint>
#include <span>

#include "dsegym/sim/quantum/optimize_result.hpp"

namespace dsegym::sim::quantum {

struct spsa_options {
  std::size_t max_iterations = 100;  ///< two objective calls each, plus one at the end
  double a = 0.2;                    ///< step gain: a_k = a / (k + 1 + stability)^alpha
  double c = 0.1;                    ///< perturbation: c_k = c / (k + 1)^gamma
  double alpha = 0.602;
  double gamma = 0.101;
  double stability = 0.0;  ///< Spall's A (often ~10% of max_iterations)
  std::uint64_t seed = 0;  ///< the +-1 perturbations come from dsegym::rng(seed)
};

/// g_k = (f(x + c_k D) - f(x - c_k D)) / (2 c_k) * D with D uniform in {-1, +1}^d.
[[nodiscard]] optimize_result spsa(const objective_function& f, std::span<const double> x0,
                                   const spsa_options& options = {});

}  // namespace dsegym::sim::quantum

#pragma once
// Nelder–Mead downhill simplex with a fixed evaluation budget (derivative-free).

#include <cstddef>
#include <span>

#include "dsegym/sim/quantum/optimize_result.hpp"

namespace dsegym::sim::quantum {

struct nelder_mead_options {
  std::size_t max_evaluations = 200;  ///< hard cap on objective calls
  double initial_step = 0.5;          ///< simplex vertex i = x0 + initial_step * e_i
  /// Converged when the simplex's values differ by at most f_tolerance and its vertices by at
  /// most x_tolerance (max norm) from the best one.
  double f_tolerance = 1e-10;
  double x_tolerance = 1e-8;
};

/// Standard coefficients: reflection 1, expansion 2, contraction 1/2, shrink 1/2; ties are broken
/// by vertex order, so the run is deterministic.
[[nodiscard]] optimize_result nelder_mead(const objective_function& f, std::span<const double> x0,
                                          const nelder_mead_options& options = {});

}  // namespace dsegym::sim::quantum

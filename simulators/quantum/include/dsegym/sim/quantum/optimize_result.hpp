#pragma once
// What every inner angle optimiser returns, and the function types it minimises.

#include <cstddef>
#include <functional>
#include <limits>
#include <span>
#include <vector>

namespace dsegym::sim::quantum {

/// f(x), for derivative-free optimisers.
using objective_function = std::function<double(std::span<const double>)>;

/// f(x), also writing df/dx into the second argument (same size as x).
using gradient_function = std::function<double(std::span<const double>, std::span<double>)>;

/// Result of a minimisation with a fixed budget. The optimisers are deterministic: the same
/// objective, start point, options (and seed, for SPSA) give the same result bit for bit.
struct optimize_result {
  std::vector<double> x;                                   ///< best point evaluated
  double value = std::numeric_limits<double>::infinity();  ///< objective at x
  std::size_t iterations = 0;   ///< iterations (sweeps for Rotosolve) run
  std::size_t evaluations = 0;  ///< objective calls (a value-and-gradient call counts as 1)
  bool converged = false;       ///< stopped by its tolerance before the budget ran out
  std::vector<double> history;  ///< best value so far after each iteration
};

}  // namespace dsegym::sim::quantum

#pragma once
// Shared checks and bookkeeping of the inner optimisers.

#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dsegym/sim/quantum/detail/check.hpp"
#include "dsegym/sim/quantum/optimize_result.hpp"

namespace dsegym::sim::quantum::detail {

inline void check_start(std::span<const double> x0, std::string_view optimiser) {
  for (std::size_t i = 0; i < x0.size(); ++i)
    check_finite(x0[i], std::string(optimiser) + " start point entry " + std::to_string(i));
}

inline void check_budget(std::size_t budget, std::string_view what) {
  if (budget == 0) throw_invalid(std::string(what) + " must be >= 1, got 0");
}

inline void check_positive(double v, std::string_view what) {
  if (!(v > 0.0) || !std::isfinite(v))
    throw_invalid(std::string(what) + " must be finite and > 0, got " + format_double(v));
}

inline void check_unit_interval(double v, std::string_view what) {
  if (!(v >= 0.0 && v < 1.0))
    throw_invalid(std::string(what) + " must be in [0, 1), got " + format_double(v));
}

/// Throws when an objective returned a non-finite value.
inline void check_value(double v, std::string_view optimiser, std::size_t evaluation) {
  if (!std::isfinite(v))
    throw_invalid(std::string(optimiser) + ": the objective returned " + format_double(v) +
                  " at evaluation " + std::to_string(evaluation) + "; it must be finite");
}

/// Records an evaluated point if it is the best so far.
inline void keep_best(optimize_result& r, std::span<const double> x, double v) {
  if (v < r.value || r.x.empty()) {
    r.value = v;
    r.x.assign(x.begin(), x.end());
  }
}

}  // namespace dsegym::sim::quantum::detail

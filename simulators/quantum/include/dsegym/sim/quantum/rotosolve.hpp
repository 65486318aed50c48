#pragma once
// Rotosolve: exact coordinate minimisation for Pauli-rotation parameters (spec §3).

#include <cstddef>
#include <span>

#include "dsegym/sim/quantum/optimize_result.hpp"

namespace dsegym::sim::quantum {

struct rotosolve_options {
  std::size_t max_sweeps = 10;  ///< one sweep updates every parameter once
  /// Stop once a sweep improves f by at most tolerance; negative disables the test.
  double tolerance = 1e-10;
};

/// When f(theta_d) = A sin(theta_d + B) + C in each coordinate — every parameter enters a single
/// rx/ry/rz/u3/rzz angle with scale 1 — the update
///   theta_d* = phi - pi/2 - atan2(2 E(phi) - E(phi + pi/2) - E(phi - pi/2),
///                                  E(phi + pi/2) - E(phi - pi/2))
/// is the exact minimiser along that coordinate (2 evaluations per parameter plus 1 per sweep).
/// For other objectives it is a heuristic; the reported value is always an evaluated one.
[[nodiscard]] optimize_result rotosolve(const objective_function& f, std::span<const double> x0,
                                        const rotosolve_options& options = {});

}  // namespace dsegym::sim::quantum

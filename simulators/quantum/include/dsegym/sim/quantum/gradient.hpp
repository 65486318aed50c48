#pragma once
// Gradients of circuit objectives with respect to the circuit's parameters.
//
// Three independent routes, each the others' test oracle (spec §3, §5.6):
//   adjoint          one forward and one backward sweep for all parameters (state-vector only)
//   parameter shift  exact from shifted circuit runs: two per Pauli-rotation angle, four per
//                    controlled-rotation angle; works for any objective of the circuit
//   finite difference central differences of any function, for checks

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "dsegym/sim/quantum/circuit.hpp"
#include "dsegym/sim/quantum/optimize_result.hpp"
#include "dsegym/sim/quantum/pauli_sum.hpp"
#include "dsegym/sim/quantum/state_vector.hpp"

namespace dsegym::sim::quantum {

/// An objective evaluated for a circuit (possibly with shifted angles) and its parameters.
using circuit_function = std::function<double(const circuit&, std::span<const double>)>;

/// Central differences (f(x + h e_i) - f(x - h e_i)) / 2h; 2 * x.size() evaluations.
[[nodiscard]] std::vector<double> finite_difference_gradient(const objective_function& f,
                                                             std::span<const double> x,
                                                             double step = 1e-6);

/// d f / d params by the parameter-shift rule. Every angle slot that references a parameter is
/// shifted on its own and the contributions are summed with the chain-rule factor `scale`:
///   rx ry rz u3 rzz:  (f(t + pi/2) - f(t - pi/2)) / 2
///   crx cry crz:      c1 (f(t + pi/2) - f(t - pi/2)) + c2 (f(t + 3pi/2) - f(t - 3pi/2)),
///                     c1 = (sqrt2 + 1) / (4 sqrt2), c2 = (1 - sqrt2) / (4 sqrt2)
/// (the generator |1><1| (x) P / 2 has eigenvalues 0, +-1/2, so f has frequencies 1/2 and 1).
[[nodiscard]] std::vector<double> parameter_shift_gradient(const circuit& c,
                                                           std::span<const double> params,
                                                           const circuit_function& f);

/// <H> for psi = U(params)|initial>, and its gradient written into `gradient`
/// (size >= c.num_params()) by the adjoint method.
double adjoint_expectation_gradient(const circuit& c, std::span<const double> params,
                                    const pauli_sum& h, const state_vector& initial,
                                    std::span<double> gradient);

/// |<target|psi>|^2 for psi = U(params)|initial>, and its gradient by the adjoint method.
double adjoint_fidelity_gradient(const circuit& c, std::span<const double> params,
                                 const state_vector& target, const state_vector& initial,
                                 std::span<double> gradient);

}  // namespace dsegym::sim::quantum

#pragma once
// The adjoint-differentiation sweep shared by the gradient functions and circuit_objective.

#include <span>

#include "dsegym/sim/quantum/circuit.hpp"
#include "dsegym/sim/quantum/state_vector.hpp"

namespace dsegym::sim::quantum::detail {

/// Given psi = U|initial> (the final state) and lambda = O psi for a Hermitian observable O,
/// adds d<psi|O|psi>/d params = sum_k 2 Re <lambda_k| dU_k |psi_{k-1}> into `gradient`
/// (zeroed by the caller). psi and lambda are consumed (swept back to the start); `scratch` is a
/// work state of the same width. Parameters must have been checked.
void adjoint_sweep(const circuit& c, std::span<const double> params, state_vector& psi,
                   state_vector& lambda, state_vector& scratch, std::span<double> gradient);

}  // namespace dsegym::sim::quantum::detail

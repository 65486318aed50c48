#pragma once
// Gate dispatch onto the kernels, shared by state_vector, density_matrix and the adjoint sweep.

#include <cstddef>
#include <span>

#include "dsegym/sim/quantum/gate.hpp"
#include "dsegym/sim/quantum/types.hpp"

namespace dsegym::sim::quantum::detail {

/// Which operator of the gate to apply.
enum class gate_mode {
  normal,     ///< U
  inverse,    ///< U^dagger
  conjugate,  ///< U* (element-wise conjugate; the column half of rho -> U rho U^dagger)
};

/// Applies gate `g` with resolved `angles` (3 entries) to `a`, a register of `num_qubits` wires
/// whose wire 0 is bit num_qubits-1; `wire_offset` is added to the gate's wires (a density matrix
/// puts its column index on wires n..2n-1). No checks.
void apply_gate(std::span<amplitude> a, std::size_t num_qubits, const gate& g, const double* angles,
                gate_mode mode, std::size_t wire_offset = 0) noexcept;

/// Replaces `a` by (dU/d angle[slot]) a for a parameterised gate (rx ry rz u3 crx cry crz rzz).
void apply_gate_derivative(std::span<amplitude> a, std::size_t num_qubits, const gate& g,
                           const double* angles, std::size_t slot);

}  // namespace dsegym::sim::quantum::detail

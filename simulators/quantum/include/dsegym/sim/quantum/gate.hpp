#pragma once
// One gate of a circuit and the matrices of the gate alphabet.

#include <array>
#include <cstddef>
#include <span>
#include <string>

#include "dsegym/sim/quantum/angle.hpp"
#include "dsegym/sim/quantum/gate_kind.hpp"
#include "dsegym/sim/quantum/types.hpp"

namespace dsegym::sim::quantum {

/// A gate placed on wires. For controlled gates `qubits[0]` is the control and `qubits[1]` the
/// target; for cz, swap and rzz the order does not matter. Unused qubit and angle slots are
/// ignored.
struct gate {
  gate_kind kind = gate_kind::x;
  std::array<std::size_t, 2> qubits{};
  std::array<angle, 3> angles{};

  [[nodiscard]] std::size_t num_qubits() const noexcept { return gate_qubit_count(kind); }
  [[nodiscard]] std::size_t num_angles() const noexcept { return gate_angle_count(kind); }
  /// The wires the gate touches (1 or 2 of them).
  [[nodiscard]] std::span<const std::size_t> wires() const noexcept {
    return {qubits.data(), num_qubits()};
  }
  /// Text form such as "rx(2, p0)", "cnot(0, 1)", "u3(1, 0.5, 2*p3+0.1, 0)".
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const gate&, const gate&) = default;
};

/// The 2x2 matrix of a single-qubit gate, or the target block of a controlled gate (cnot -> X,
/// crx -> RX, ...), for resolved angles (`angles.size()` >= gate_angle_count(kind)). cz gives Z
/// (it is a controlled Z); swap and rzz have no such block and throw dsegym::invalid_argument.
[[nodiscard]] matrix2 gate_matrix(gate_kind kind, std::span<const double> angles);

/// d/d(angle[slot]) of gate_matrix for rx, ry, rz, u3, crx, cry, crz (for the controlled ones this
/// is the derivative of the target block; the control-0 block's derivative is zero).
[[nodiscard]] matrix2 gate_matrix_derivative(gate_kind kind, std::span<const double> angles,
                                             std::size_t slot);

/// Conjugate transpose.
[[nodiscard]] matrix2 adjoint(const matrix2& m) noexcept;

/// Matrix product a*b.
[[nodiscard]] matrix2 multiply(const matrix2& a, const matrix2& b) noexcept;

}  // namespace dsegym::sim::quantum

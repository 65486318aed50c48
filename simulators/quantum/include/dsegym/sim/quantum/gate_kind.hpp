#pragma once
// The gate alphabet of the simulator and its static properties.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dsegym::sim::quantum {

/// Gate types. Matrices (wire order control, target where it applies):
///   x y z h s sdg t tdg sx sxdg      fixed single-qubit gates (sx = sqrt(X), sxdg its inverse)
///   rx ry rz                         exp(-i theta P / 2)
///   u3(theta, phi, lambda)           [[c, -e^{i lambda} s], [e^{i phi} s, e^{i(phi+lambda)} c]],
///                                    c = cos(theta/2), s = sin(theta/2); equals
///                                    RZ(phi) RY(theta) RZ(lambda) up to a global phase
///   cnot(c, t) cz swap               fixed two-qubit gates
///   crx cry crz (c, t)               controlled rotations: |0><0| (x) I + |1><1| (x) R(theta)
///   rzz                              exp(-i theta Z(x)Z / 2)
// clang-format off
enum class gate_kind : std::uint8_t {
  x, y, z, h, s, sdg, t, tdg, sx, sxdg,
  rx, ry, rz, u3,
  cnot, cz, swap,
  crx, cry, crz, rzz,
};
// clang-format on

/// Every gate kind, in declaration order.
inline constexpr std::array<gate_kind, 21> all_gate_kinds = {
    gate_kind::x,   gate_kind::y,    gate_kind::z,   gate_kind::h,   gate_kind::s,
    gate_kind::sdg, gate_kind::t,    gate_kind::tdg, gate_kind::sx,  gate_kind::sxdg,
    gate_kind::rx,  gate_kind::ry,   gate_kind::rz,  gate_kind::u3,  gate_kind::cnot,
    gate_kind::cz,  gate_kind::swap, gate_kind::crx, gate_kind::cry, gate_kind::crz,
    gate_kind::rzz};

/// Lower-case name ("rx", "cnot").
[[nodiscard]] std::string_view to_string(gate_kind k) noexcept;

/// Number of qubits the gate acts on (1 or 2).
[[nodiscard]] std::size_t gate_qubit_count(gate_kind k) noexcept;

/// Number of angles the gate takes (0, 1 or 3).
[[nodiscard]] std::size_t gate_angle_count(gate_kind k) noexcept;

/// True for cnot/crx/cry/crz, whose first qubit is a control and second the target.
[[nodiscard]] bool gate_is_controlled(gate_kind k) noexcept;

/// True when every angle enters as exp(-i theta P / 2) with P a Pauli string (rx, ry, rz, u3, rzz),
/// so the two-term parameter-shift rule and Rotosolve are exact for it.
[[nodiscard]] bool gate_is_pauli_rotation(gate_kind k) noexcept;

/// Parses a name case-insensitively ("RX", "cx" is an alias of cnot); throws
/// dsegym::invalid_argument listing the valid names.
[[nodiscard]] gate_kind parse_gate_kind(std::string_view name);

}  // namespace dsegym::sim::quantum

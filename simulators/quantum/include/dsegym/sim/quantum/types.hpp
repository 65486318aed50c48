#pragma once
// Numeric types and index conventions shared by the quantum simulator.
//
// Wire 0 is the most significant bit of a basis index (spec §0, PennyLane/Cirq order): in a 3-qubit
// register the ket |100> has index 4 and the Pauli label "ZII" acts with Z on wire 0.

#include <array>
#include <complex>
#include <cstddef>
#include <cstdint>

namespace dsegym::sim::quantum {

/// One complex amplitude in double precision.
using amplitude = std::complex<double>;

/// A 2x2 complex matrix in row-major order {m00, m01, m10, m11}.
using matrix2 = std::array<amplitude, 4>;

/// Largest register a state vector may allocate (2^32 amplitudes = 64 GiB).
inline constexpr std::size_t max_state_qubits = 32;

/// Largest register a Pauli term can describe (its X and Z masks are 64-bit words).
inline constexpr std::size_t max_pauli_qubits = 64;

/// Bit position, counted from the least significant bit, of `wire` in an n-qubit basis index.
[[nodiscard]] constexpr std::size_t bit_of(std::size_t wire, std::size_t num_qubits) noexcept {
  return num_qubits - 1 - wire;
}

}  // namespace dsegym::sim::quantum

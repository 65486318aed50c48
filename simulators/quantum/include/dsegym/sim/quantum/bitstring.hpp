#pragma once
// Text form of computational basis states, wire 0 first ("1100" is index 12).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dsegym::sim::quantum {

/// "0110"-style text of a basis index, wire 0 first (1..64 qubits; the index must fit).
[[nodiscard]] std::string to_bitstring(std::uint64_t index, std::size_t num_qubits);

/// Basis index of a bitstring, wire 0 first; throws dsegym::invalid_argument on characters other
/// than '0'/'1' and on an empty or longer-than-64 string.
[[nodiscard]] std::uint64_t from_bitstring(std::string_view bits);

}  // namespace dsegym::sim::quantum

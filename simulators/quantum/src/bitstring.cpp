#include "dsegym/sim/quantum/bitstring.hpp"

#include <string>

#include "dsegym/sim/quantum/detail/check.hpp"
#include "dsegym/sim/quantum/types.hpp"

namespace dsegym::sim::quantum {

std::string to_bitstring(std::uint64_t index, std::size_t num_qubits) {
  if (num_qubits == 0 || num_qubits > 64)
    detail::throw_invalid("to_bitstring needs 1..64 qubits, got " + std::to_string(num_qubits));
  if (num_qubits < 64 && (index >> num_qubits) != 0)
    detail::throw_invalid("index " + std::to_string(index) + " does not fit in " +
                          std::to_string(num_qubits) + " qubits");
  std::string s(num_qubits, '0');
  for (std::size_t w = 0; w < num_qubits; ++w)
    if ((index >> bit_of(w, num_qubits)) & 1U) s[w] = '1';
  return s;
}

std::uint64_t from_bitstring(std::string_view bits) {
  if (bits.empty() || bits.size() > 64)
    detail::throw_invalid("a bitstring needs 1..64 characters, got " + std::to_string(bits.size()));
  std::uint64_t index = 0;
  for (std::size_t i = 0; i < bits.size(); ++i) {
    if (bits[i] != '0' && bits[i] != '1')
      detail::throw_invalid("bitstring \"" + std::string(bits) + "\" has '" +
                            std::string(1, bits[i]) + "' at position " + std::to_string(i) +
                            "; only '0' and '1' are allowed");
    index = (index << 1) | static_cast<std::uint64_t>(bits[i] - '0');
  }
  return index;
}

}  // namespace dsegym::sim::quantum

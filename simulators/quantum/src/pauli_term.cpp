#include "dsegym/sim/quantum/pauli_term.hpp"

#include <bit>
#include <string>

#include "dsegym/sim/quantum/detail/check.hpp"
#include "dsegym/sim/quantum/types.hpp"

namespace dsegym::sim::quantum {

pauli_term::pauli_term(double coefficient, std::string_view label)
    : coefficient_(coefficient), num_qubits_(label.size()) {
  detail::check_finite(coefficient, "coefficient of Pauli term \"" + std::string(label) + "\"");
  if (label.empty())
    detail::throw_invalid("Pauli label is empty; it needs one of I, X, Y, Z per qubit");
  if (label.size() > max_pauli_qubits)
    detail::throw_invalid("Pauli label has " + std::to_string(label.size()) +
                          " characters; at most " + std::to_string(max_pauli_qubits) +
                          " qubits are supported");
  for (std::size_t w = 0; w < label.size(); ++w) {
    const std::uint64_t bit = std::uint64_t{1} << bit_of(w, num_qubits_);
    switch (label[w]) {
      case 'I':
        break;
      case 'X':
        x_mask_ |= bit;
        break;
      case 'Y':
        x_mask_ |= bit;
        z_mask_ |= bit;
        break;
      case 'Z':
        z_mask_ |= bit;
        break;
      default:
        detail::throw_invalid("Pauli label \"" + std::string(label) + "\" has '" +
                              std::string(1, label[w]) + "' at position " + std::to_string(w) +
                              "; valid characters are I, X, Y, Z (upper case)");
    }
  }
}

pauli_term pauli_term::from_masks(std::size_t num_qubits, std::uint64_t x_mask,
                                  std::uint64_t z_mask, double coefficient) {
  if (num_qubits == 0 || num_qubits > max_pauli_qubits)
    detail::throw_invalid("a Pauli term needs 1.." + std::to_string(max_pauli_qubits) +
                          " qubits, got " + std::to_string(num_qubits));
  const std::uint64_t valid =
      num_qubits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << num_qubits) - 1;
  if (((x_mask | z_mask) & ~valid) != 0)
    detail::throw_invalid("Pauli masks have bits set above qubit count " +
                          std::to_string(num_qubits));
  detail::check_finite(coefficient, "coefficient of a Pauli term");
  pauli_term t;
  t.coefficient_ = coefficient;
  t.num_qubits_ = num_qubits;
  t.x_mask_ = x_mask;
  t.z_mask_ = z_mask;
  return t;
}

char pauli_term::pauli(std::size_t wire) const {
  detail::check_wire(wire, num_qubits_, "wire of pauli_term::pauli");
  const std::uint64_t bit = std::uint64_t{1} << bit_of(wire, num_qubits_);
  const bool x = (x_mask_ & bit) != 0, z = (z_mask_ & bit) != 0;
  return x ? (z ? 'Y' : 'X') : (z ? 'Z' : 'I');
}

std::string pauli_term::label() const {
  std::string s(num_qubits_, 'I');
  for (std::size_t w = 0; w < num_qubits_; ++w) s[w] = pauli(w);
  return s;
}

std::size_t pauli_term::weight() const noexcept {
  return static_cast<std::size_t>(std::popcount(x_mask_ | z_mask_));
}

std::size_t pauli_term::y_count() const noexcept {
  return static_cast<std::size_t>(std::popcount(x_mask_ & z_mask_));
}

pauli_term pauli_term::with_coefficient(double c) const {
  detail::check_finite(c, "coefficient of Pauli term \"" + label() + "\"");
  pauli_term t = *this;
  t.coefficient_ = c;
  return t;
}

}  // namespace dsegym::sim::quantum

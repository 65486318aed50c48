#pragma once
// One weighted Pauli string c * P_0 (x) P_1 (x) ... (x) P_{n-1}.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dsegym::sim::quantum {

/// Stored as two bit masks over basis-index bits (bit_of(wire)): X and Y set `x_mask`, Z and Y set
/// `z_mask`. Acting on a basis state, P|i> = i^{#Y} (-1)^{popcount(i & z_mask)} |i ^ x_mask>, which
/// is how expectations and products are computed without matrices.
class pauli_term {
 public:
  /// From a label over I, X, Y, Z with one character per wire, wire 0 first ("ZZII").
  /// Throws dsegym::invalid_argument for other characters, an empty label, more than
  /// max_pauli_qubits characters or a non-finite coefficient.
  pauli_term(double coefficient, std::string_view label);
  /// From masks; bits at or above num_qubits must be clear.
  [[nodiscard]] static pauli_term from_masks(std::size_t num_qubits, std::uint64_t x_mask,
                                             std::uint64_t z_mask, double coefficient);

  [[nodiscard]] double coefficient() const noexcept { return coefficient_; }
  [[nodiscard]] std::size_t num_qubits() const noexcept { return num_qubits_; }
  [[nodiscard]] std::uint64_t x_mask() const noexcept { return x_mask_; }
  [[nodiscard]] std::uint64_t z_mask() const noexcept { return z_mask_; }
  /// 'I', 'X', 'Y' or 'Z' on `wire`.
  [[nodiscard]] char pauli(std::size_t wire) const;
  /// The label, wire 0 first.
  [[nodiscard]] std::string label() const;
  /// Number of non-identity factors.
  [[nodiscard]] std::size_t weight() const noexcept;
  /// Number of Y factors (gives the phase i^{#Y}).
  [[nodiscard]] std::size_t y_count() const noexcept;
  /// Only I and Z factors (the operator is diagonal in the computational basis).
  [[nodiscard]] bool is_diagonal() const noexcept { return x_mask_ == 0; }
  [[nodiscard]] bool is_identity() const noexcept { return x_mask_ == 0 && z_mask_ == 0; }
  /// True when the strings are equal (coefficients ignored).
  [[nodiscard]] bool same_string(const pauli_term& other) const noexcept {
    return num_qubits_ == other.num_qubits_ && x_mask_ == other.x_mask_ && z_mask_ == other.z_mask_;
  }
  /// Copy with another coefficient.
  [[nodiscard]] pauli_term with_coefficient(double c) const;

  friend bool operator==(const pauli_term&, const pauli_term&) = default;

 private:
  pauli_term() = default;
  double coefficient_ = 0.0;
  std::size_t num_qubits_ = 0;
  std::uint64_t x_mask_ = 0;
  std::uint64_t z_mask_ = 0;
};

}  // namespace dsegym::sim::quantum

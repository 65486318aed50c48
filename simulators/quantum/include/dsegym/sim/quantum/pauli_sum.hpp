#pragma once
// A Hamiltonian written as a real linear combination of Pauli strings.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dsegym/sim/quantum/pauli_term.hpp"
#include "dsegym/sim/quantum/state_vector.hpp"

namespace dsegym::sim::quantum {

/// H = sum_k c_k P_k with real c_k (so H is Hermitian). Expectations and products with states are
/// computed term by term on the amplitudes, never through a dense 2^n x 2^n matrix.
///
/// Text form accepted by parse() (terms joined by '+' or '-', ASCII or U+2212 minus):
///   "0.5*ZZII - 0.2*XXYY + IIIZ"                 coefficient, optional '*', dense label
///   "-0.042 I + 0.1706 Z0 Z1 - 0.0448 Y0 Y1 X2 X3"  indexed factors (spec §5.1); a bare I is
///                                                   the identity on every wire
///   "1.5"                                           a constant (identity) term
/// Coefficients use C number syntax without a sign ("1e-3", ".5"). Errors name the column.
class pauli_sum {
 public:
  /// The zero operator on `num_qubits` wires (1..max_pauli_qubits).
  explicit pauli_sum(std::size_t num_qubits);

  /// Parses the text form. `num_qubits` = 0 infers the width from the dense labels (which must all
  /// agree) or else from the largest wire index used. Throws dsegym::invalid_argument on malformed
  /// text, labels of the wrong length, indices out of range, repeated wires in a term and
  /// non-finite coefficients.
  [[nodiscard]] static pauli_sum parse(std::string_view text, std::size_t num_qubits = 0);
  /// From (label, coefficient) pairs, e.g. {{"IIII", -0.0996}, {"IIIZ", -0.2225}}.
  [[nodiscard]] static pauli_sum from_terms(
      std::span<const std::pair<std::string_view, double>> terms);
  [[nodiscard]] static pauli_sum from_terms(
      std::initializer_list<std::pair<std::string_view, double>> terms);

  /// Appends c * label (same width).
  pauli_sum& add(double coefficient, std::string_view label);
  /// Appends a term (same width).
  pauli_sum& add(const pauli_term& term);

  [[nodiscard]] std::size_t num_qubits() const noexcept { return num_qubits_; }
  [[nodiscard]] const std::vector<pauli_term>& terms() const noexcept { return terms_; }
  [[nodiscard]] std::size_t size() const noexcept { return terms_.size(); }
  [[nodiscard]] bool empty() const noexcept { return terms_.empty(); }
  /// Every term is made of I and Z only.
  [[nodiscard]] bool is_diagonal() const noexcept;

  /// Equal strings merged (first-occurrence order) and terms with |c| <= tolerance dropped.
  [[nodiscard]] pauli_sum simplified(double tolerance = 0.0) const;
  /// Every coefficient multiplied by `factor`.
  [[nodiscard]] pauli_sum scaled(double factor) const;
  /// Sum of |c_k|, an upper bound on the spectral radius.
  [[nodiscard]] double coefficient_norm() const noexcept;

  /// <psi|H|psi> for a normalised state of the same width.
  [[nodiscard]] double expectation(const state_vector& psi) const;
  /// out = H in (same widths; `out` is overwritten, its previous content ignored).
  void apply(const state_vector& in, state_vector& out) const;
  /// out = H in on raw arrays of 2^n amplitudes (no checks; for solvers).
  void apply(std::span<const amplitude> in, std::span<amplitude> out) const noexcept;
  /// The 2^n diagonal elements <i|H|i> (only the diagonal terms contribute).
  [[nodiscard]] std::vector<double> diagonal() const;

  /// Text such as "0.5*ZZII - 0.2*XXYY" that parse() reads back exactly.
  [[nodiscard]] std::string to_string() const;

  friend pauli_sum operator+(const pauli_sum& a, const pauli_sum& b);
  friend pauli_sum operator-(const pauli_sum& a, const pauli_sum& b);
  friend pauli_sum operator*(double factor, const pauli_sum& a) { return a.scaled(factor); }
  friend pauli_sum operator-(const pauli_sum& a) { return a.scaled(-1.0); }
  friend bool operator==(const pauli_sum&, const pauli_sum&) = default;

 private:
  std::size_t num_qubits_;
  std::vector<pauli_term> terms_;
};

}  // namespace dsegym::sim::quantum

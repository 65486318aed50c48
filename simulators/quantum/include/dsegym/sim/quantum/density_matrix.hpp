#pragma once
// Mixed states for exact noisy simulation of small registers.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "dsegym/sim/quantum/circuit.hpp"
#include "dsegym/sim/quantum/gate.hpp"
#include "dsegym/sim/quantum/noise_model.hpp"
#include "dsegym/sim/quantum/pauli_sum.hpp"
#include "dsegym/sim/quantum/state_vector.hpp"

namespace dsegym::sim::quantum {

/// rho as a row-major 2^n x 2^n array. Internally a 2n-wire register (row index on wires 0..n-1,
/// column index on n..2n-1), so U rho U^dagger is the state-vector kernel of U on the row wires and
/// of U* on the column wires: the same streaming kernels, 4^n amplitudes.
class density_matrix {
 public:
  /// Largest register (4^12 amplitudes = 256 MiB).
  static constexpr std::size_t max_qubits = 12;

  /// |0...0><0...0| on 1..max_qubits wires (beyond: dsegym::resource_exhausted).
  explicit density_matrix(std::size_t num_qubits);
  /// |psi><psi|.
  [[nodiscard]] static density_matrix from_state(const state_vector& psi);

  [[nodiscard]] std::size_t num_qubits() const noexcept { return num_qubits_; }
  /// Dimension 2^n of the matrix.
  [[nodiscard]] std::size_t dimension() const noexcept { return std::size_t{1} << num_qubits_; }
  /// <row|rho|col>.
  [[nodiscard]] amplitude operator()(std::size_t row, std::size_t col) const;
  [[nodiscard]] std::span<const amplitude> elements() const noexcept { return rho_; }

  /// rho -> U rho U^dagger for one gate (validated).
  void apply(const gate& g, std::span<const double> params = {});
  /// Applies a circuit, and with a noise model its depolarising channel after every gate.
  void apply(const circuit& c, std::span<const double> params = {}, const noise_model& noise = {});
  /// Single-qubit depolarising channel with Pauli probability p (see noise_model).
  void depolarize(std::size_t q, double p);
  /// Two-qubit depolarising channel with Pauli probability p.
  void depolarize(std::size_t a, std::size_t b, double p);

  [[nodiscard]] double trace() const noexcept;
  /// Tr rho^2 (1 for pure states, 2^-n for the maximally mixed state).
  [[nodiscard]] double purity() const noexcept;
  /// Tr(rho H).
  [[nodiscard]] double expectation(const pauli_sum& h) const;
  /// <psi|rho|psi>.
  [[nodiscard]] double fidelity(const state_vector& psi) const;
  /// Measurement distribution: the diagonal, then each bit flipped with probability readout_flip.
  [[nodiscard]] std::vector<double> probabilities(double readout_flip = 0.0) const;

 private:
  std::size_t num_qubits_;
  std::vector<amplitude> rho_;
};

/// rho = N(U_k) ... N(U_1) |initial><initial| with the model's channel N after each gate.
[[nodiscard]] density_matrix simulate_density_matrix(const circuit& c,
                                                     std::span<const double> params,
                                                     const noise_model& noise,
                                                     std::optional<state_vector> initial = {});

}  // namespace dsegym::sim::quantum

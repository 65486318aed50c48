#pragma once
// A pure n-qubit state in double precision with in-place gate application.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "dsegym/sim/quantum/circuit.hpp"
#include "dsegym/sim/quantum/gate.hpp"
#include "dsegym/sim/quantum/types.hpp"

namespace dsegym::sim::quantum {

/// 2^n amplitudes, wire 0 = most significant bit of the index. Gates are applied in place: a
/// single-qubit gate reads and writes every amplitude once (strided pair updates, no matrix
/// multiply), diagonal and permutation gates touch only what they change.
///
/// A value type: copies are deep. Not thread-safe for concurrent mutation.
class state_vector {
 public:
  /// |0...0> on `num_qubits` wires (1..max_state_qubits; beyond that dsegym::resource_exhausted).
  explicit state_vector(std::size_t num_qubits);

  /// The computational basis state |index>.
  [[nodiscard]] static state_vector basis(std::size_t num_qubits, std::uint64_t index);
  /// The basis state written as a bitstring, wire 0 first: from_bitstring("1100").
  [[nodiscard]] static state_vector from_bitstring(std::string_view bits);
  /// From 2^n amplitudes; they must be finite and, unless `normalize`, have norm 1 within 1e-9.
  [[nodiscard]] static state_vector from_amplitudes(std::vector<amplitude> amplitudes,
                                                    bool normalize = false);

  [[nodiscard]] std::size_t num_qubits() const noexcept { return num_qubits_; }
  /// Number of amplitudes, 2^n.
  [[nodiscard]] std::size_t size() const noexcept { return amps_.size(); }
  [[nodiscard]] std::span<const amplitude> amplitudes() const noexcept { return amps_; }
  /// Mutable access for custom kernels; the caller keeps the state normalised.
  [[nodiscard]] std::span<amplitude> mutable_amplitudes() noexcept { return amps_; }
  [[nodiscard]] amplitude operator[](std::uint64_t index) const { return amps_[index]; }

  /// Back to |0...0> without reallocating.
  void reset() noexcept;
  /// Overwrites this state with `other` (same width), reusing the allocation.
  void assign(const state_vector& other);

  /// Applies one gate with its angles resolved from `params` (validated).
  void apply(const gate& g, std::span<const double> params = {});
  /// Applies a circuit of the same width; params.size() must be >= c.num_params().
  void apply(const circuit& c, std::span<const double> params = {});
  /// Applies the inverse of one gate.
  void apply_adjoint(const gate& g, std::span<const double> params = {});
  /// Applies an arbitrary 2x2 matrix (need not be unitary) to wire `q`.
  void apply_matrix(const matrix2& m, std::size_t q);
  /// Applies `m` to `target` on the subspace where `control` is 1.
  void apply_controlled_matrix(const matrix2& m, std::size_t control, std::size_t target);

  /// Sum of |amplitude|^2.
  [[nodiscard]] double norm_squared() const noexcept;
  /// Rescales to norm 1; throws dsegym::invalid_argument for the zero vector.
  void normalize();
  /// |amplitude|^2 of every basis state.
  [[nodiscard]] std::vector<double> probabilities() const;
  /// Probability that wire `q` is measured as 1.
  [[nodiscard]] double probability_of_one(std::size_t q) const;
  /// <this|other> (same width).
  [[nodiscard]] amplitude inner_product(const state_vector& other) const;
  /// |<this|other>|^2, insensitive to global phase.
  [[nodiscard]] double fidelity(const state_vector& other) const;
  /// {<X>, <Y>, <Z>} of every wire (the Bloch vectors; spec §2 Kuo observation).
  [[nodiscard]] std::vector<std::array<double, 3>> bloch_vectors() const;

 private:
  state_vector(std::size_t num_qubits, std::vector<amplitude> amps);
  void apply_resolved(const gate& g, const double* angles, bool inverse);

  std::size_t num_qubits_;
  std::vector<amplitude> amps_;
};

}  // namespace dsegym::sim::quantum

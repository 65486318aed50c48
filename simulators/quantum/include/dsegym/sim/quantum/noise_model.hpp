#pragma once
// Gate-level noise: depolarising Pauli channels after gates and readout bit flips.

#include "dsegym/sim/quantum/device_profile.hpp"
#include "dsegym/sim/quantum/pauli_sum.hpp"

namespace dsegym::sim::quantum {

/// After every one-qubit gate, with probability depolarizing_1q a Pauli drawn uniformly from
/// {X, Y, Z} hits its qubit; after every two-qubit gate, with probability depolarizing_2q one of
/// the 15 non-identity two-qubit Paulis hits its pair (the PennyLane/Cirq convention for
/// "depolarising p"; Qiskit's depolarizing_error(p) corresponds to p (d^2 - 1) / d^2 here). Each
/// measured bit is flipped with probability readout_flip.
struct noise_model {
  double depolarizing_1q = 0.0;
  double depolarizing_2q = 0.0;
  double readout_flip = 0.0;

  /// The same probability p after every gate and `readout` on every bit (Kuo: p = readout = 1e-3).
  [[nodiscard]] static noise_model uniform(double p, double readout = 0.0);
  /// From a device's per-gate error rates r (average gate infidelities): a uniform Pauli channel
  /// with infidelity r has p = r (d + 1) / d, i.e. 3r/2 on one qubit and 5r/4 on two; readout as
  /// is.
  [[nodiscard]] static noise_model from_device(const device_profile& device);

  /// Throws dsegym::invalid_argument unless every probability is in [0, 1].
  void validate() const;
  [[nodiscard]] bool is_noiseless() const noexcept {
    return depolarizing_1q == 0.0 && depolarizing_2q == 0.0 && readout_flip == 0.0;
  }
};

/// The observable a measurement with readout flips actually estimates: independent flips with
/// probability q scale <P> by (1 - 2q)^{weight(P)} (each term is measured in its own basis).
[[nodiscard]] pauli_sum with_readout_error(const pauli_sum& h, double readout_flip);

}  // namespace dsegym::sim::quantum

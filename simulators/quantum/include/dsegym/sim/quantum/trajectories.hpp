#pragma once
// Noisy expectations by stochastic Pauli trajectories: pure states, so any width a state vector
// allows, at the price of sampling error.

#include <cstddef>
#include <optional>
#include <span>

#include "dsegym/core/random.hpp"
#include "dsegym/sim/quantum/circuit.hpp"
#include "dsegym/sim/quantum/noise_model.hpp"
#include "dsegym/sim/quantum/pauli_sum.hpp"
#include "dsegym/sim/quantum/state_vector.hpp"

namespace dsegym::sim::quantum {

struct trajectory_estimate {
  double mean = 0.0;
  double standard_error = 0.0;  ///< sample standard deviation / sqrt(trajectories)
  std::size_t trajectories = 0;
};

/// Mean of <H> over `trajectories` runs in which, after every gate, the noise model's Pauli error
/// is inserted with its probability (draw order per gate: bernoulli(p), then the Pauli index
/// uniform over 3 or 15). Readout flips enter exactly through with_readout_error. Converges to the
/// density-matrix result; same rng state => same estimate.
[[nodiscard]] trajectory_estimate trajectory_expectation(
    const circuit& c, std::span<const double> params, const pauli_sum& h, const noise_model& noise,
    std::size_t trajectories, rng& g, std::optional<state_vector> initial = {});

/// Mean fidelity |<target|psi_traj>|^2 over trajectories (readout flips do not apply).
[[nodiscard]] trajectory_estimate trajectory_fidelity(const circuit& c,
                                                      std::span<const double> params,
                                                      const state_vector& target,
                                                      const noise_model& noise,
                                                      std::size_t trajectories, rng& g,
                                                      std::optional<state_vector> initial = {});

}  // namespace dsegym::sim::quantum

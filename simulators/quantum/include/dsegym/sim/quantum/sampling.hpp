#pragma once
// Measurement in the computational basis: sampling bitstrings with the project's RNG.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "dsegym/core/random.hpp"
#include "dsegym/sim/quantum/bitstring.hpp"
#include "dsegym/sim/quantum/state_vector.hpp"

namespace dsegym::sim::quantum {

/// `shots` basis indices drawn from |amplitude|^2 (inverse-CDF on one uniform01 per shot, so the
/// result depends only on the rng state). With `readout_flip` > 0 every measured bit is then
/// flipped independently with that probability (one bernoulli draw per bit, wire 0 first).
[[nodiscard]] std::vector<std::uint64_t> sample_bitstrings(const state_vector& psi,
                                                           std::size_t shots, rng& g,
                                                           double readout_flip = 0.0);

/// Same from a probability vector of length 2^num_qubits (e.g. a density matrix's diagonal); the
/// entries must be finite, >= 0 and sum to 1 within 1e-9.
[[nodiscard]] std::vector<std::uint64_t> sample_bitstrings(std::span<const double> probabilities,
                                                           std::size_t shots, rng& g,
                                                           double readout_flip = 0.0);

}  // namespace dsegym::sim::quantum

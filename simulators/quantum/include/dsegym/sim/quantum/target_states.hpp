#pragma once
// Fixed target states of the state-preparation tasks (spec §1).

#include <cstddef>

#include "dsegym/sim/quantum/state_vector.hpp"

namespace dsegym::sim::quantum {

/// (|00> + |11>) / sqrt2.
[[nodiscard]] state_vector bell_state();

/// (|0...0> + |1...1>) / sqrt2 on n >= 2 qubits (spec: GHZ-3).
[[nodiscard]] state_vector ghz_state(std::size_t num_qubits);

/// (|10...0> + |010...0> + ... + |0...01>) / sqrtn on n >= 2 qubits.
[[nodiscard]] state_vector w_state(std::size_t num_qubits);

}  // namespace dsegym::sim::quantum

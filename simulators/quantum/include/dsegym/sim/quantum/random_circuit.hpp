#pragma once
// Random circuits from a gate pool: the reachable targets of the random state-preparation task
// (Sun et al.'s generator, spec §2).

#include <cstddef>
#include <vector>

#include "dsegym/core/random.hpp"
#include "dsegym/sim/quantum/circuit.hpp"
#include "dsegym/sim/quantum/gate_kind.hpp"
#include "dsegym/sim/quantum/state_vector.hpp"

namespace dsegym::sim::quantum {

/// Sun et al.'s pool: x, y, z, h, rx, ry, rz, cnot, cz, u3, swap.
[[nodiscard]] std::vector<gate_kind> sun_gate_pool();

struct random_circuit_options {
  std::size_t num_qubits = 4;  ///< spec: 4 (10 gates, depth <= 5) or 8 (20 gates)
  std::size_t num_gates = 10;
  std::size_t max_depth = 5;  ///< the whole circuit is redrawn while deeper; 0 = no limit
  std::vector<gate_kind> pool = sun_gate_pool();
  std::size_t max_attempts = 10000;  ///< redraws before giving up (dsegym::resource_exhausted)
};

/// Draws one circuit with fixed angles. Per gate, in this order: the kind uniform over `pool`, the
/// qubit q uniform over the wires, then cnot targets (q + 1) mod n, other two-qubit gates a
/// partner uniform among the other wires (control = q for controlled ones), and every angle
/// uniform in [0, 2pi). Same rng state => same circuit.
[[nodiscard]] circuit random_circuit(const random_circuit_options& options, rng& g);

/// A random circuit and the state it prepares from |0...0>: a target reachable by construction.
struct random_target {
  circuit generator;
  state_vector state;
};
[[nodiscard]] random_target make_random_target(const random_circuit_options& options, rng& g);

}  // namespace dsegym::sim::quantum

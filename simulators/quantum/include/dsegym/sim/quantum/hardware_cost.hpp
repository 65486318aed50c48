#pragma once
// Hardware cost of a circuit on a device: counts, routing overhead, estimated success probability
// and decoherence (spec §6 "penalties, no density matrices needed").

#include <cstddef>
#include <optional>
#include <vector>

#include "dsegym/sim/quantum/circuit.hpp"
#include "dsegym/sim/quantum/device_profile.hpp"

namespace dsegym::sim::quantum {

struct hardware_cost_options {
  /// Logical wire i runs on physical qubit layout[i]; empty = identity (wire i on qubit i).
  std::vector<std::size_t> layout;
  /// Qubits read out at the end; empty = every wire of the circuit.
  std::optional<std::size_t> measured_qubits{};
};

/// Estimated cost of running a circuit. Each logical gate is charged a fixed decomposition into
/// the device's natives (rz is virtual and free; "pulses" are sx/x):
///   x y h sx sxdg: 1 pulse        rx ry u3: 2 pulses        z s sdg t tdg rz: free
///   cnot: 1 two-qubit native (+2 pulses on ecr/cz devices)    cz: 1 (+2 pulses unless cz-native)
///   swap: 3 CNOTs    crz, rzz: 2 CNOTs    crx, cry: 2 CNOTs + 4 pulses
/// A two-qubit gate between physical qubits at hop distance d > 1 is charged d - 1 SWAPs
/// (3 CNOTs each, spec §6) without moving the qubits: a routing estimate, not a transpiler.
struct hardware_cost {
  std::size_t gates = 0;             ///< logical gates
  std::size_t depth = 0;             ///< logical ASAP depth
  std::size_t two_qubit_gates = 0;   ///< logical two-qubit gates
  std::size_t cnot_count = 0;        ///< CNOT-equivalents after decomposition, before routing
  std::size_t routing_swaps = 0;     ///< SWAPs charged for uncoupled pairs
  std::size_t native_two_qubit = 0;  ///< cnot_count + 3 * routing_swaps
  std::size_t native_one_qubit = 0;  ///< physical single-qubit pulses
  std::size_t measured_qubits = 0;
  bool coupling_respected = true;  ///< every two-qubit gate acts on a coupler
  /// ESP = (1 - e_1q)^pulses (1 - e_2q)^two_qubit (1 - e_ro)^measured.
  double success_probability = 1.0;
  /// Critical-path time of the ASAP schedule of native operations (needs gate durations).
  std::optional<double> duration_ns;
  /// exp(-duration / T2) (needs durations and T2).
  std::optional<double> decoherence_factor;

  /// Global-depolarising estimate ESP * F + (1 - ESP) / 2^n of the fidelity on hardware.
  [[nodiscard]] double noisy_fidelity(double ideal_fidelity, std::size_t num_qubits) const;
};

/// Throws dsegym::invalid_argument when the circuit is wider than the device, the layout is not a
/// list of distinct in-range physical qubits of the right length, or a two-qubit gate joins qubits
/// in different connected components of the coupling map.
[[nodiscard]] hardware_cost estimate_hardware_cost(const circuit& c, const device_profile& device,
                                                   const hardware_cost_options& options = {});

}  // namespace dsegym::sim::quantum

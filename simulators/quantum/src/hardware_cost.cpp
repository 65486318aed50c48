#include "dsegym/sim/quantum/hardware_cost.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "dsegym/sim/quantum/detail/check.hpp"

namespace dsegym::sim::quantum {
namespace {

struct native_count {
  std::size_t pulses = 0;
  std::size_t two_qubit = 0;
};

/// Pulses a CNOT needs besides its two-qubit native (ECR and CZ need single-qubit dressing).
std::size_t cnot_dressing(two_qubit_basis b) { return b == two_qubit_basis::cx ? 0 : 2; }

native_count decompose(gate_kind k, two_qubit_basis b) {
  const std::size_t dress = cnot_dressing(b);
  switch (k) {
    case gate_kind::z:
    case gate_kind::s:
    case gate_kind::sdg:
    case gate_kind::t:
    case gate_kind::tdg:
    case gate_kind::rz:
      return {0, 0};
    case gate_kind::x:
    case gate_kind::y:
    case gate_kind::h:
    case gate_kind::sx:
    case gate_kind::sxdg:
      return {1, 0};
    case gate_kind::rx:
    case gate_kind::ry:
    case gate_kind::u3:
      return {2, 0};
    case gate_kind::cnot:
      return {dress, 1};
    case gate_kind::cz:
      return {b == two_qubit_basis::cz ? 0 : dress + 2, 1};
    case gate_kind::swap:
      return {3 * dress, 3};
    case gate_kind::crz:
    case gate_kind::rzz:
      return {2 * dress, 2};
    case gate_kind::crx:
    case gate_kind::cry:
      return {2 * dress + 4, 2};
  }
  return {0, 0};
}

}  // namespace

double hardware_cost::noisy_fidelity(double ideal_fidelity, std::size_t num_qubits) const {
  if (!(ideal_fidelity >= 0.0 && ideal_fidelity <= 1.0 + 1e-12))
    detail::throw_invalid("ideal fidelity must be in [0, 1], got " +
                          detail::format_double(ideal_fidelity));
  if (num_qubits == 0 || num_qubits > 1023)
    detail::throw_invalid("noisy_fidelity needs 1..1023 qubits");
  return success_probability * ideal_fidelity +
         (1.0 - success_probability) * std::ldexp(1.0, -static_cast<int>(num_qubits));
}

hardware_cost estimate_hardware_cost(const circuit& c, const device_profile& device,
                                     const hardware_cost_options& o) {
  device.validate();
  const std::size_t n = c.num_qubits();
  if (n > device.num_qubits)
    detail::throw_invalid("a " + std::to_string(n) + "-qubit circuit does not fit on device \"" +
                          device.name + "\" with " + std::to_string(device.num_qubits) + " qubits");
  std::vector<std::size_t> layout = o.layout;
  if (layout.empty()) {
    for (std::size_t i = 0; i < n; ++i) layout.push_back(i);
  } else {
    if (layout.size() != n)
      detail::throw_invalid("layout has " + std::to_string(layout.size()) +
                            " entries; the circuit has " + std::to_string(n) + " wires");
    std::vector<bool> used(device.num_qubits, false);
    for (std::size_t i = 0; i < n; ++i) {
      detail::check_wire(layout[i], device.num_qubits, "layout entry " + std::to_string(i));
      if (used[layout[i]])
        detail::throw_invalid("layout uses physical qubit " + std::to_string(layout[i]) + " twice");
      used[layout[i]] = true;
    }
  }
  const std::size_t measured = o.measured_qubits.value_or(n);
  if (measured > n)
    detail::throw_invalid("measured_qubits " + std::to_string(measured) + " exceeds the " +
                          std::to_string(n) + " wires of the circuit");

  const auto dist = device.distances();
  const bool timed = device.duration_1q_ns.has_value() && device.duration_2q_ns.has_value();
  const double t1q = device.duration_1q_ns.value_or(0.0), t2q = device.duration_2q_ns.value_or(0.0);
  std::vector<double> busy_until(n, 0.0);

  hardware_cost r;
  r.gates = c.size();
  r.depth = c.depth();
  r.two_qubit_gates = c.two_qubit_count();
  r.measured_qubits = measured;
  for (const gate& g : c.gates()) {
    native_count nc = decompose(g.kind, device.native_two_qubit);
    r.cnot_count += nc.two_qubit;
    if (g.num_qubits() == 2) {
      const std::size_t pa = layout[g.qubits[0]], pb = layout[g.qubits[1]];
      const std::size_t d = dist[pa][pb];
      if (d >= device.num_qubits)
        detail::throw_invalid(g.to_string() + " joins physical qubits " + std::to_string(pa) +
                              " and " + std::to_string(pb) +
                              ", which are not connected on device \"" + device.name + "\"");
      if (d > 1) {
        r.coupling_respected = false;
        r.routing_swaps += d - 1;
        nc.two_qubit += 3 * (d - 1);
        nc.pulses += 3 * (d - 1) * cnot_dressing(device.native_two_qubit);
      }
    }
    r.native_one_qubit += nc.pulses;
    r.native_two_qubit += nc.two_qubit;
    // ASAP: the gate starts when all its wires are free and keeps them busy for its natives.
    double start = 0.0;
    for (std::size_t w : g.wires()) start = std::max(start, busy_until[w]);
    const double length =
        static_cast<double>(nc.pulses) * t1q + static_cast<double>(nc.two_qubit) * t2q;
    for (std::size_t w : g.wires()) busy_until[w] = start + length;
  }
  r.success_probability = std::pow(1.0 - device.error_1q, static_cast<double>(r.native_one_qubit)) *
                          std::pow(1.0 - device.error_2q, static_cast<double>(r.native_two_qubit)) *
                          std::pow(1.0 - device.readout_error, static_cast<double>(measured));
  if (timed) {
    r.duration_ns =
        busy_until.empty() ? 0.0 : *std::max_element(busy_until.begin(), busy_until.end());
    if (device.t2_us) r.decoherence_factor = std::exp(-*r.duration_ns / (*device.t2_us * 1000.0));
  }
  return r;
}

}  // namespace dsegym::sim::quantum

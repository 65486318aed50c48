#include "dsegym/sim/quantum/trajectories.hpp"

#include <cmath>
#include <string>

#include "dsegym/sim/quantum/detail/apply_gate.hpp"
#include "dsegym/sim/quantum/detail/check.hpp"

namespace dsegym::sim::quantum {
namespace {

constexpr gate_kind pauli_gate[4] = {gate_kind::x, gate_kind::x, gate_kind::y, gate_kind::z};

void apply_pauli(state_vector& s, std::size_t wire, unsigned which) {  // which: 1 X, 2 Y, 3 Z
  if (which == 0) return;
  gate p;
  p.kind = pauli_gate[which];
  p.qubits[0] = wire;
  const double none[3] = {0.0, 0.0, 0.0};
  detail::apply_gate(s.mutable_amplitudes(), s.num_qubits(), p, none, detail::gate_mode::normal);
}

/// One noisy run of the circuit from `initial` into `s`.
void run_trajectory(const circuit& c, std::span<const double> params, const noise_model& noise,
                    const state_vector& initial, state_vector& s, rng& g) {
  s.assign(initial);
  double ang[3] = {0.0, 0.0, 0.0};
  for (const gate& gt : c.gates()) {
    for (std::size_t i = 0; i < gt.num_angles(); ++i) ang[i] = gt.angles[i].resolve(params);
    detail::apply_gate(s.mutable_amplitudes(), s.num_qubits(), gt, ang, detail::gate_mode::normal);
    if (gt.num_qubits() == 1) {
      if (noise.depolarizing_1q > 0.0 && bernoulli(g, noise.depolarizing_1q))
        apply_pauli(s, gt.qubits[0], 1 + static_cast<unsigned>(uniform_below(g, 3)));
    } else if (noise.depolarizing_2q > 0.0 && bernoulli(g, noise.depolarizing_2q)) {
      const auto k = 1 + static_cast<unsigned>(uniform_below(g, 15));  // 1..15: not II
      apply_pauli(s, gt.qubits[0], k / 4);
      apply_pauli(s, gt.qubits[1], k % 4);
    }
  }
}

template <class Score>
trajectory_estimate average(const circuit& c, std::span<const double> params,
                            const noise_model& noise, std::size_t trajectories, rng& g,
                            const std::optional<state_vector>& initial, Score&& score) {
  c.check_params(params);
  noise.validate();
  if (trajectories == 0) detail::throw_invalid("trajectories must be >= 1, got 0");
  const state_vector start = initial ? *initial : state_vector(c.num_qubits());
  if (start.num_qubits() != c.num_qubits())
    detail::throw_invalid("initial state has " + std::to_string(start.num_qubits()) +
                          " qubits but the circuit has " + std::to_string(c.num_qubits()));
  state_vector s(c.num_qubits());
  double sum = 0.0, sum_sq = 0.0;
  for (std::size_t t = 0; t < trajectories; ++t) {
    run_trajectory(c, params, noise, start, s, g);
    const double v = score(s);
    sum += v;
    sum_sq += v * v;
  }
  const auto m = static_cast<double>(trajectories);
  trajectory_estimate r;
  r.trajectories = trajectories;
  r.mean = sum / m;
  if (trajectories > 1) {
    const double var = std::max(0.0, (sum_sq - m * r.mean * r.mean) / (m - 1.0));
    r.standard_error = std::sqrt(var / m);
  }
  return r;
}

}  // namespace

trajectory_estimate trajectory_expectation(const circuit& c, std::span<const double> params,
                                           const pauli_sum& h, const noise_model& noise,
                                           std::size_t trajectories, rng& g,
                                           std::optional<state_vector> initial) {
  if (h.num_qubits() != c.num_qubits())
    detail::throw_invalid("Hamiltonian has " + std::to_string(h.num_qubits()) +
                          " qubits but the circuit has " + std::to_string(c.num_qubits()));
  noise.validate();
  const pauli_sum measured = with_readout_error(h, noise.readout_flip);
  return average(c, params, noise, trajectories, g, initial,
                 [&](const state_vector& s) { return measured.expectation(s); });
}

trajectory_estimate trajectory_fidelity(const circuit& c, std::span<const double> params,
                                        const state_vector& target, const noise_model& noise,
                                        std::size_t trajectories, rng& g,
                                        std::optional<state_vector> initial) {
  if (target.num_qubits() != c.num_qubits())
    detail::throw_invalid("target state has " + std::to_string(target.num_qubits()) +
                          " qubits but the circuit has " + std::to_string(c.num_qubits()));
  return average(c, params, noise, trajectories, g, initial,
                 [&](const state_vector& s) { return target.fidelity(s); });
}

}  // namespace dsegym::sim::quantum

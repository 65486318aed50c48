#include "dsegym/sim/quantum/random_circuit.hpp"

#include <numbers>
#include <string>

#include "dsegym/sim/quantum/detail/check.hpp"

namespace dsegym::sim::quantum {

std::vector<gate_kind> sun_gate_pool() {
  return {gate_kind::x,  gate_kind::y,  gate_kind::z,   gate_kind::h,
          gate_kind::rx, gate_kind::ry, gate_kind::rz,  gate_kind::cnot,
          gate_kind::cz, gate_kind::u3, gate_kind::swap};
}

circuit random_circuit(const random_circuit_options& o, rng& g) {
  const std::size_t n = o.num_qubits;
  if (n == 0 || n > max_pauli_qubits)
    detail::throw_invalid("random_circuit num_qubits must be 1.." +
                          std::to_string(max_pauli_qubits) + ", got " + std::to_string(n));
  if (o.pool.empty())
    detail::throw_invalid("random_circuit pool is empty; give at least one gate kind");
  for (gate_kind k : o.pool)
    if (gate_qubit_count(k) == 2 && n < 2)
      detail::throw_invalid("random_circuit pool has two-qubit gate " + std::string(to_string(k)) +
                            " but the register has 1 qubit");
  if (o.max_depth != 0 && o.max_depth * n < o.num_gates)
    detail::throw_invalid("random_circuit cannot fit " + std::to_string(o.num_gates) +
                          " gates on " + std::to_string(n) + " qubits within depth " +
                          std::to_string(o.max_depth));
  if (o.max_attempts == 0) detail::throw_invalid("random_circuit max_attempts must be >= 1");
  const double two_pi = 2.0 * std::numbers::pi;
  for (std::size_t attempt = 0; attempt < o.max_attempts; ++attempt) {
    circuit c(n);
    for (std::size_t k = 0; k < o.num_gates; ++k) {
      gate gt;
      gt.kind = o.pool[uniform_below(g, o.pool.size())];
      const std::size_t q = uniform_below(g, n);
      gt.qubits[0] = q;
      if (gate_qubit_count(gt.kind) == 2) {
        if (gt.kind == gate_kind::cnot) {
          gt.qubits[1] = (q + 1) % n;
        } else {
          const std::size_t r = uniform_below(g, n - 1);  // uniform among the other wires
          gt.qubits[1] = r < q ? r : r + 1;
        }
      }
      for (std::size_t i = 0; i < gate_angle_count(gt.kind); ++i)
        gt.angles[i] = uniform_real(g, 0.0, two_pi);
      c.add(gt);
    }
    if (o.max_depth == 0 || c.depth() <= o.max_depth) return c;
  }
  throw resource_exhausted(detail::error_area, "random_circuit found no circuit of depth <= " +
                                                   std::to_string(o.max_depth) + " in " +
                                                   std::to_string(o.max_attempts) + " attempts");
}

random_target make_random_target(const random_circuit_options& options, rng& g) {
  circuit c = random_circuit(options, g);
  state_vector s(c.num_qubits());
  s.apply(c);
  return {std::move(c), std::move(s)};
}

}  // namespace dsegym::sim::quantum

#include "dsegym/sim/quantum/gradient.hpp"

#include <cmath>
#include <numbers>
#include <string>

#include "dsegym/sim/quantum/detail/adjoint.hpp"
#include "dsegym/sim/quantum/detail/apply_gate.hpp"
#include "dsegym/sim/quantum/detail/check.hpp"
#include "dsegym/sim/quantum/detail/kernels.hpp"

namespace dsegym::sim::quantum {
namespace detail {

void adjoint_sweep(const circuit& c, std::span<const double> params, state_vector& psi,
                   state_vector& lambda, state_vector& scratch, std::span<double> gradient) {
  const std::size_t n = c.num_qubits();
  const auto& gates = c.gates();
  double ang[3] = {0.0, 0.0, 0.0};
  for (std::size_t k = gates.size(); k-- > 0;) {
    const gate& g = gates[k];
    for (std::size_t i = 0; i < g.num_angles(); ++i) ang[i] = g.angles[i].resolve(params);
    // psi_{k-1} = U_k^dagger psi_k; lambda is still lambda_k = U_{k+1}^dagger ... O psi.
    apply_gate(psi.mutable_amplitudes(), n, g, ang, gate_mode::inverse);
    for (std::size_t slot = 0; slot < g.num_angles(); ++slot) {
      const angle& a = g.angles[slot];
      if (!a.is_parameter()) continue;
      scratch.assign(psi);
      apply_gate_derivative(scratch.mutable_amplitudes(), n, g, ang, slot);
      gradient[a.param] +=
          2.0 * a.scale * inner_product(lambda.amplitudes(), scratch.amplitudes()).real();
    }
    apply_gate(lambda.mutable_amplitudes(), n, g, ang, gate_mode::inverse);
  }
}

}  // namespace detail

namespace {

void check_gradient_size(const circuit& c, std::span<double> gradient) {
  if (gradient.size() < c.num_params())
    detail::throw_invalid("gradient buffer has " + std::to_string(gradient.size()) +
                          " entries but the circuit has " + std::to_string(c.num_params()) +
                          " parameter(s)");
}

void check_state_width(const circuit& c, const state_vector& s, std::string_view what) {
  if (s.num_qubits() != c.num_qubits())
    detail::throw_invalid(std::string(what) + " has " + std::to_string(s.num_qubits()) +
                          " qubits but the circuit has " + std::to_string(c.num_qubits()));
}

}  // namespace

std::vector<double> finite_difference_gradient(const objective_function& f,
                                               std::span<const double> x, double step) {
  if (!(step > 0.0) || !std::isfinite(step))
    detail::throw_invalid("finite-difference step must be finite and > 0, got " +
                          detail::format_double(step));
  std::vector<double> xs(x.begin(), x.end());
  std::vector<double> g(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    xs[i] = x[i] + step;
    const double fp = f(xs);
    xs[i] = x[i] - step;
    const double fm = f(xs);
    xs[i] = x[i];
    g[i] = (fp - fm) / (2.0 * step);
  }
  return g;
}

std::vector<double> parameter_shift_gradient(const circuit& c, std::span<const double> params,
                                             const circuit_function& f) {
  c.check_params(params);
  constexpr double half_pi = std::numbers::pi / 2;
  const double c1 = (std::numbers::sqrt2 + 1.0) / (4.0 * std::numbers::sqrt2);
  const double c2 = (1.0 - std::numbers::sqrt2) / (4.0 * std::numbers::sqrt2);
  std::vector<double> grad(c.num_params(), 0.0);
  circuit shifted = c;
  const auto at = [&](std::size_t k, std::size_t slot, angle a, double shift) {
    angle s = a;
    s.offset += shift;
    shifted.set_angle(k, slot, s);
    const double v = f(shifted, params);
    shifted.set_angle(k, slot, a);
    return v;
  };
  for (std::size_t k = 0; k < c.size(); ++k) {
    const gate& g = c[k];
    for (std::size_t slot = 0; slot < g.num_angles(); ++slot) {
      const angle a = g.angles[slot];
      if (!a.is_parameter()) continue;
      double d = 0.0;
      if (gate_is_pauli_rotation(g.kind)) {
        d = (at(k, slot, a, half_pi) - at(k, slot, a, -half_pi)) / 2.0;
      } else {
        d = c1 * (at(k, slot, a, half_pi) - at(k, slot, a, -half_pi)) +
            c2 * (at(k, slot, a, 3 * half_pi) - at(k, slot, a, -3 * half_pi));
      }
      grad[a.param] += a.scale * d;
    }
  }
  return grad;
}

double adjoint_expectation_gradient(const circuit& c, std::span<const double> params,
                                    const pauli_sum& h, const state_vector& initial,
                                    std::span<double> gradient) {
  check_state_width(c, initial, "initial state");
  if (h.num_qubits() != c.num_qubits())
    detail::throw_invalid("Hamiltonian has " + std::to_string(h.num_qubits()) +
                          " qubits but the circuit has " + std::to_string(c.num_qubits()));
  check_gradient_size(c, gradient);
  c.check_params(params);
  state_vector psi = initial;
  psi.apply(c, params);
  state_vector lambda(c.num_qubits());
  h.apply(psi, lambda);
  const double value = detail::inner_product(psi.amplitudes(), lambda.amplitudes()).real();
  state_vector scratch(c.num_qubits());
  std::fill(gradient.begin(), gradient.end(), 0.0);
  detail::adjoint_sweep(c, params, psi, lambda, scratch, gradient);
  return value;
}

double adjoint_fidelity_gradient(const circuit& c, std::span<const double> params,
                                 const state_vector& target, const state_vector& initial,
                                 std::span<double> gradient) {
  check_state_width(c, initial, "initial state");
  check_state_width(c, target, "target state");
  check_gradient_size(c, gradient);
  c.check_params(params);
  state_vector psi = initial;
  psi.apply(c, params);
  // F = <psi|P|psi> with P = |target><target|, so lambda = P psi = <target|psi> target.
  const amplitude overlap = target.inner_product(psi);
  state_vector lambda = target;
  for (auto& v : lambda.mutable_amplitudes()) v *= overlap;
  state_vector scratch(c.num_qubits());
  std::fill(gradient.begin(), gradient.end(), 0.0);
  detail::adjoint_sweep(c, params, psi, lambda, scratch, gradient);
  return std::norm(overlap);
}

}  // namespace dsegym::sim::quantum

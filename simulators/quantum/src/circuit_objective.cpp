#include "dsegym/sim/quantum/circuit_objective.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "dsegym/sim/quantum/detail/adjoint.hpp"
#include "dsegym/sim/quantum/detail/check.hpp"
#include "dsegym/sim/quantum/detail/kernels.hpp"
#include "dsegym/sim/quantum/gradient.hpp"

namespace dsegym::sim::quantum {

circuit_objective::circuit_objective(circuit c, std::optional<pauli_sum> h,
                                     std::optional<state_vector> target,
                                     std::optional<state_vector> initial)
    : circuit_(std::move(c)),
      hamiltonian_(std::move(h)),
      target_(std::move(target)),
      initial_(initial ? std::move(*initial) : state_vector(circuit_.num_qubits())),
      psi_(circuit_.num_qubits()),
      lambda_(circuit_.num_qubits()),
      scratch_(circuit_.num_qubits()) {
  const std::size_t n = circuit_.num_qubits();
  const auto check = [&](std::size_t m, const char* what) {
    if (m != n)
      detail::throw_invalid(std::string(what) + " has " + std::to_string(m) +
                            " qubits but the circuit has " + std::to_string(n));
  };
  check(initial_.num_qubits(), "initial state");
  if (hamiltonian_) check(hamiltonian_->num_qubits(), "Hamiltonian");
  if (target_) check(target_->num_qubits(), "target state");
}

circuit_objective circuit_objective::energy(circuit ansatz, pauli_sum hamiltonian,
                                            std::optional<state_vector> initial) {
  return {std::move(ansatz), std::move(hamiltonian), std::nullopt, std::move(initial)};
}

circuit_objective circuit_objective::infidelity(circuit ansatz, state_vector target,
                                                std::optional<state_vector> initial) {
  return {std::move(ansatz), std::nullopt, std::move(target), std::move(initial)};
}

double circuit_objective::evaluate(const circuit& c, std::span<const double> params) const {
  ++runs_;
  psi_.assign(initial_);
  psi_.apply(c, params);
  if (hamiltonian_) return hamiltonian_->expectation(psi_);
  return 1.0 - target_->fidelity(psi_);
}

double circuit_objective::value(std::span<const double> params) const {
  circuit_.check_params(params);
  return evaluate(circuit_, params);
}

double circuit_objective::value_and_gradient(std::span<const double> params,
                                             std::span<double> gradient,
                                             gradient_method method) const {
  circuit_.check_params(params);
  if (gradient.size() < num_params())
    detail::throw_invalid("gradient buffer has " + std::to_string(gradient.size()) +
                          " entries but the objective has " + std::to_string(num_params()) +
                          " parameter(s)");
  ++gradient_calls_;
  if (method == gradient_method::parameter_shift) {
    const std::vector<double> g = parameter_shift_gradient(
        circuit_, params,
        [this](const circuit& c, std::span<const double> p) { return evaluate(c, p); });
    std::fill(gradient.begin(), gradient.end(), 0.0);
    std::copy(g.begin(), g.end(), gradient.begin());
    return evaluate(circuit_, params);
  }
  ++runs_;
  psi_.assign(initial_);
  psi_.apply(circuit_, params);
  double value = 0.0;
  double sign = 1.0;
  if (hamiltonian_) {
    hamiltonian_->apply(psi_, lambda_);
    value = detail::inner_product(psi_.amplitudes(), lambda_.amplitudes()).real();
  } else {
    const amplitude overlap = target_->inner_product(psi_);
    lambda_.assign(*target_);
    for (auto& v : lambda_.mutable_amplitudes()) v *= overlap;
    value = 1.0 - std::norm(overlap);
    sign = -1.0;  // d(1 - F) = -dF
  }
  std::fill(gradient.begin(), gradient.end(), 0.0);
  detail::adjoint_sweep(circuit_, params, psi_, lambda_, scratch_, gradient);
  if (sign < 0.0)
    for (double& g : gradient) g = -g;
  return value;
}

std::vector<double> circuit_objective::gradient(std::span<const double> params,
                                                gradient_method method) const {
  std::vector<double> g(num_params());
  value_and_gradient(params, g, method);
  return g;
}

state_vector circuit_objective::state(std::span<const double> params) const {
  circuit_.check_params(params);
  state_vector s = initial_;
  s.apply(circuit_, params);
  return s;
}

}  // namespace dsegym::sim::quantum

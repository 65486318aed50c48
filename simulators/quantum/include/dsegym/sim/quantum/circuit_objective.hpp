#pragma once
// A circuit bound to what it is scored on: an energy <H> or an infidelity to a target state.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "dsegym/sim/quantum/circuit.hpp"
#include "dsegym/sim/quantum/pauli_sum.hpp"
#include "dsegym/sim/quantum/state_vector.hpp"

namespace dsegym::sim::quantum {

/// How circuit_objective computes gradients.
enum class gradient_method {
  adjoint,          ///< one forward and one backward sweep (default)
  parameter_shift,  ///< 2 (or 4) shifted runs per parameterised angle
};

/// The function an inner angle optimiser minimises:
///   energy:      f(params) = <psi|H|psi>
///   infidelity:  f(params) = 1 - |<target|psi>|^2
/// with psi = U(params)|initial> (initial defaults to |0...0>). Holds reusable work states, so
/// repeated evaluation does not allocate; not safe to call from several threads at once (use one
/// object per thread). Evaluation counters let an environment report the simulated cost.
///
///     auto f = circuit_objective::energy(ansatz, h2.hamiltonian);
///     auto r = adam([&](auto x, auto g) { return f.value_and_gradient(x, g); }, x0);
class circuit_objective {
 public:
  [[nodiscard]] static circuit_objective energy(circuit ansatz, pauli_sum hamiltonian,
                                                std::optional<state_vector> initial = {});
  [[nodiscard]] static circuit_objective infidelity(circuit ansatz, state_vector target,
                                                    std::optional<state_vector> initial = {});

  /// f(params); params are validated (size >= num_params(), finite).
  [[nodiscard]] double value(std::span<const double> params) const;
  /// f(params), writing df/dparams into `gradient` (size >= num_params()).
  double value_and_gradient(std::span<const double> params, std::span<double> gradient,
                            gradient_method method = gradient_method::adjoint) const;
  [[nodiscard]] std::vector<double> gradient(
      std::span<const double> params, gradient_method method = gradient_method::adjoint) const;
  /// The prepared state U(params)|initial>.
  [[nodiscard]] state_vector state(std::span<const double> params) const;

  [[nodiscard]] const circuit& ansatz() const noexcept { return circuit_; }
  [[nodiscard]] std::size_t num_params() const noexcept { return circuit_.num_params(); }
  [[nodiscard]] std::size_t num_qubits() const noexcept { return circuit_.num_qubits(); }
  [[nodiscard]] bool is_energy() const noexcept { return hamiltonian_.has_value(); }

  /// Circuit simulations run so far: value() counts 1, an adjoint gradient 1 forward run (its
  /// backward sweep costs about two more), a parameter-shift gradient 1 + its shifted runs.
  [[nodiscard]] std::size_t circuit_runs() const noexcept { return runs_; }
  /// Calls of value_and_gradient / gradient so far.
  [[nodiscard]] std::size_t gradient_calls() const noexcept { return gradient_calls_; }

 private:
  circuit_objective(circuit c, std::optional<pauli_sum> h, std::optional<state_vector> target,
                    std::optional<state_vector> initial);
  double evaluate(const circuit& c, std::span<const double> params) const;  // no checks

  circuit circuit_;
  std::optional<pauli_sum> hamiltonian_;
  std::optional<state_vector> target_;
  state_vector initial_;
  mutable state_vector psi_;
  mutable state_vector lambda_;
  mutable state_vector scratch_;
  mutable std::size_t runs_ = 0;
  mutable std::size_t gradient_calls_ = 0;
};

}  // namespace dsegym::sim::quantum

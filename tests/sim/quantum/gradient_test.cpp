#include "dsegym/sim/quantum/gradient.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "dsegym/sim/quantum/circuit_objective.hpp"
#include "test_util.hpp"

namespace dsegym::sim::quantum {
namespace {

using test::expect_quantum_error;

/// Every parameterised gate kind, shared parameters, scales and offsets, and fixed gates between.
circuit rich_ansatz() {
  circuit c(4);
  c.h(0).h(1).h(2).h(3);
  c.rx(0, angle::parameter(0)).ry(1, angle::parameter(1, -1.5, 0.2)).rz(2, angle::parameter(2));
  c.u3(3, angle::parameter(3), angle::parameter(4), angle::parameter(5, 2.0));
  c.cnot(0, 1).crx(1, 2, angle::parameter(6)).cry(2, 3, angle::parameter(7, 0.5, 1.0));
  c.crz(3, 0, angle::parameter(8)).rzz(0, 2, angle::parameter(9, -1.0)).cz(1, 3).swap(0, 3);
  c.ry(0, angle::parameter(0, 0.7)).rx(2, angle::parameter(6, -2.0)).t(1).sx(2);  // shared
  c.reserve_params(11);                                                           // p10 unused
  return c;
}

const std::vector<double> rich_params{0.3, -0.8, 1.4, 0.9, -0.2, 0.6, 1.1, -1.3, 0.45, 2.2, 0.0};

pauli_sum rich_hamiltonian() {
  return pauli_sum::parse(
      "0.4*ZZII - 0.3*XIXI + 0.25*IYYZ + 0.6*IIIX - 0.2*YXZI + 0.1*ZIIZ + 0.3*IIII");
}

TEST(Gradient, AdjointParameterShiftAndFiniteDifferencesAgreeForEnergy) {
  const circuit c = rich_ansatz();
  const pauli_sum h = rich_hamiltonian();
  const state_vector initial = test::random_state(4, 8);
  std::vector<double> adj(c.num_params());
  const double e = adjoint_expectation_gradient(c, rich_params, h, initial, adj);

  const auto energy = [&](const circuit& cc, std::span<const double> p) {
    state_vector s = initial;
    s.apply(cc, p);
    return h.expectation(s);
  };
  EXPECT_NEAR(e, energy(c, rich_params), 1e-14);
  const auto ps = parameter_shift_gradient(c, rich_params, energy);
  const auto fd = finite_difference_gradient(
      [&](std::span<const double> p) { return energy(c, p); }, rich_params, 1e-5);
  ASSERT_EQ(ps.size(), c.num_params());
  for (std::size_t i = 0; i < c.num_params(); ++i) {
    EXPECT_NEAR(adj[i], ps[i], 1e-12) << "parameter " << i;
    EXPECT_NEAR(adj[i], fd[i], 1e-8) << "parameter " << i;
  }
  EXPECT_EQ(adj[10], 0.0);
  EXPECT_GT(std::abs(adj[6]), 1e-3);  // the test would not notice a missing term otherwise
}

TEST(Gradient, AdjointFidelityGradientMatchesFiniteDifferences) {
  const circuit c = rich_ansatz();
  const state_vector target = test::random_state(4, 9);
  const state_vector initial(4);
  std::vector<double> adj(c.num_params());
  const double f = adjoint_fidelity_gradient(c, rich_params, target, initial, adj);
  const auto fid = [&](std::span<const double> p) {
    state_vector s = initial;
    s.apply(c, p);
    return target.fidelity(s);
  };
  EXPECT_NEAR(f, fid(rich_params), 1e-14);
  const auto fd = finite_difference_gradient(fid, rich_params, 1e-5);
  for (std::size_t i = 0; i < c.num_params(); ++i)
    EXPECT_NEAR(adj[i], fd[i], 1e-8) << "parameter " << i;
}

TEST(Gradient, SingleRotationHasTheAnalyticDerivative) {
  // <Z> after RX(t)|0> is cos t, so the derivative is -sin t.
  circuit c(1);
  c.rx(0, c.new_parameter());
  const auto z = pauli_sum::parse("Z");
  for (double t : {-2.0, 0.0, 0.5, 1.9}) {
    std::vector<double> g(1);
    const double e = adjoint_expectation_gradient(c, std::vector{t}, z, state_vector(1), g);
    EXPECT_NEAR(e, std::cos(t), 1e-15);
    EXPECT_NEAR(g[0], -std::sin(t), 1e-15);
  }
}

TEST(Gradient, ControlledRotationNeedsTheFourTermRule) {
  // For CRX the two-term rule is wrong; check the four-term rule is what we use (vs adjoint).
  circuit c(2);
  c.h(0).crx(0, 1, c.new_parameter());
  const auto h = pauli_sum::parse("IZ");
  const auto f = [&](const circuit& cc, std::span<const double> p) {
    state_vector s(2);
    s.apply(cc, p);
    return h.expectation(s);
  };
  const std::vector<double> p{0.8};
  // Exact: <Z_1> = 1/2 + cos(t)/2, derivative -sin(t)/2.
  EXPECT_NEAR(parameter_shift_gradient(c, p, f)[0], -std::sin(0.8) / 2, 1e-14);
  std::vector<double> adj(1);
  (void)adjoint_expectation_gradient(c, p, h, state_vector(2), adj);
  EXPECT_NEAR(adj[0], -std::sin(0.8) / 2, 1e-14);
}

TEST(CircuitObjective, EnergyAndInfidelityWithBothGradientMethods) {
  const circuit c = rich_ansatz();
  const auto e = circuit_objective::energy(c, rich_hamiltonian());
  const auto g_adj = e.gradient(rich_params);
  const auto g_ps = e.gradient(rich_params, gradient_method::parameter_shift);
  for (std::size_t i = 0; i < c.num_params(); ++i) EXPECT_NEAR(g_adj[i], g_ps[i], 1e-12);

  const state_vector target = test::random_state(4, 10);
  const auto inf = circuit_objective::infidelity(c, target);
  std::vector<double> g(c.num_params());
  const double v = inf.value_and_gradient(rich_params, g);
  EXPECT_NEAR(v, 1.0 - target.fidelity(inf.state(rich_params)), 1e-14);
  const auto fd = finite_difference_gradient(
      [&](std::span<const double> p) { return inf.value(p); }, rich_params, 1e-5);
  for (std::size_t i = 0; i < c.num_params(); ++i) EXPECT_NEAR(g[i], fd[i], 1e-8);
  EXPECT_GT(inf.circuit_runs(), 2u * c.num_params());
  EXPECT_EQ(inf.gradient_calls(), 1u);
}

TEST(CircuitObjective, InitialStateIsUsed) {
  circuit c(2);
  c.rx(0, c.new_parameter());
  const auto e =
      circuit_objective::energy(c, pauli_sum::parse("ZI + IZ"), state_vector::from_bitstring("01"));
  EXPECT_NEAR(e.value(std::vector{0.0}), 0.0, 1e-15);  // +1 - 1
}

TEST(Gradient, BadInputsAreRejected) {
  const circuit c = rich_ansatz();
  std::vector<double> small(3);
  expect_quantum_error<dsegym::invalid_argument>(
      [&] {
        (void)adjoint_expectation_gradient(c, rich_params, rich_hamiltonian(), state_vector(4),
                                           small);
      },
      "gradient buffer has 3 entries but the circuit has 11 parameter(s)");
  std::vector<double> g(11);
  expect_quantum_error<dsegym::invalid_argument>(
      [&] {
        (void)adjoint_expectation_gradient(c, rich_params, pauli_sum::parse("ZZ"), state_vector(4),
                                           g);
      },
      "Hamiltonian has 2 qubits but the circuit has 4");
  std::vector<double> nan_params = rich_params;
  nan_params[4] = std::nan("");
  expect_quantum_error<dsegym::invalid_argument>(
      [&] {
        (void)adjoint_expectation_gradient(c, nan_params, rich_hamiltonian(), state_vector(4), g);
      },
      "parameter 4 must be finite, got nan");
  expect_quantum_error<dsegym::invalid_argument>(
      [&] { (void)circuit_objective::energy(c, pauli_sum::parse("ZZ")); },
      "Hamiltonian has 2 qubits");
  expect_quantum_error<dsegym::invalid_argument>(
      [&] {
        (void)finite_difference_gradient([](std::span<const double>) { return 0.0; }, rich_params,
                                         0.0);
      },
      "finite-difference step must be finite and > 0");
}

}  // namespace
}  // namespace dsegym::sim::quantum

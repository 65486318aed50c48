#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "dsegym/sim/quantum/adagrad.hpp"
#include "dsegym/sim/quantum/adam.hpp"
#include "dsegym/sim/quantum/circuit_objective.hpp"
#include "dsegym/sim/quantum/hamiltonians.hpp"
#include "dsegym/sim/quantum/nelder_mead.hpp"
#include "dsegym/sim/quantum/rotosolve.hpp"
#include "dsegym/sim/quantum/spsa.hpp"
#include "test_util.hpp"

namespace dsegym::sim::quantum {
namespace {

using test::expect_quantum_error;
constexpr double chemical_accuracy = 1.6e-3;

/// Hardware-efficient two-qubit ansatz: RY layer, CNOT, RY layer (reaches every real state).
circuit two_qubit_ansatz() {
  circuit c(2);
  c.ry(0, c.new_parameter()).ry(1, c.new_parameter()).cnot(0, 1);
  c.ry(0, c.new_parameter()).ry(1, c.new_parameter());
  return c;
}

/// cos(t/2)|1100> - sin(t/2)|0011> from |0000> with one parameter:
/// RY(t + pi) on wire 0, CNOT(0,1), X on 2 and 3, CNOT(0,2), CNOT(0,3).
circuit double_excitation_ansatz() {
  circuit c(4);
  c.ry(0, c.new_parameter(1.0, std::numbers::pi)).cnot(0, 1).x(2).x(3).cnot(0, 2).cnot(0, 3);
  return c;
}

std::vector<double> seeded_start(std::size_t n, std::uint64_t seed) {
  rng g(seed);
  std::vector<double> x(n);
  for (auto& v : x) v = uniform_real(g, -0.5, 0.5);
  return x;
}

TEST(Adam, ReachesH2TwoQubitGroundEnergyWithinChemicalAccuracy) {
  const vqe_problem h2 = h2_parity_0735();
  const auto f = circuit_objective::energy(two_qubit_ansatz(), h2.hamiltonian);
  adam_options o;
  o.max_iterations = 300;
  o.learning_rate = 0.1;
  const auto r =
      adam([&](auto x, auto g) { return f.value_and_gradient(x, g); }, seeded_start(4, 1), o);
  EXPECT_LT(std::abs(r.value - h2.ground_energy), chemical_accuracy) << r.value;
  EXPECT_GE(r.value, h2.ground_energy - 1e-12);  // variational bound
  EXPECT_EQ(r.evaluations, r.iterations);
  EXPECT_LE(r.iterations, 300u);
  EXPECT_NEAR(f.value(r.x), r.value, 1e-15);
}

TEST(NelderMead, ReachesH2TwoQubitGroundEnergyWithinChemicalAccuracy) {
  const vqe_problem h2 = h2_parity_0735();
  const auto f = circuit_objective::energy(two_qubit_ansatz(), h2.hamiltonian);
  nelder_mead_options o;
  o.max_evaluations = 600;
  const auto r = nelder_mead([&](auto x) { return f.value(x); }, seeded_start(4, 2), o);
  EXPECT_LT(std::abs(r.value - h2.ground_energy), chemical_accuracy) << r.value;
  EXPECT_LE(r.evaluations, 600u);
  EXPECT_EQ(f.circuit_runs(), r.evaluations);
}

TEST(Rotosolve, OneSweepSolvesTheH2DoubleExcitation) {
  const vqe_problem h2 = h2_jordan_wigner_070();
  const auto f = circuit_objective::energy(double_excitation_ansatz(), h2.hamiltonian);
  const auto r = rotosolve([&](auto x) { return f.value(x); }, std::vector{0.0}, {.max_sweeps = 1});
  EXPECT_NEAR(r.value, -1.1361894541, 1e-9);
  EXPECT_NEAR(r.x[0], 0.2097346, 1e-6);  // spec §5.1: theta* = atan2(c, (b - a)/2)
  EXPECT_EQ(r.evaluations, 4u);          // start, two shifts, end of sweep
}

TEST(Adam, ReachesH2FourQubitGroundEnergyFromHartreeFock) {
  const vqe_problem h2 = h2_jordan_wigner_070();
  const auto f = circuit_objective::energy(double_excitation_ansatz(), h2.hamiltonian);
  EXPECT_NEAR(f.value(std::vector{0.0}), h2.reference_energy, 1e-9);  // theta = 0 is |1100>
  const auto r = adam([&](auto x, auto g) { return f.value_and_gradient(x, g); }, std::vector{0.0},
                      {.max_iterations = 100, .learning_rate = 0.02});
  EXPECT_LT(std::abs(r.value - h2.ground_energy), chemical_accuracy);
}

TEST(Spsa, ImprovesTheEnergyAndIsDeterministicForASeed) {
  const vqe_problem h2 = h2_parity_0735();
  const auto f = circuit_objective::energy(two_qubit_ansatz(), h2.hamiltonian);
  const auto x0 = seeded_start(4, 3);
  const spsa_options o{.max_iterations = 300, .a = 0.5, .c = 0.2, .seed = 42};
  const auto r1 = spsa([&](auto x) { return f.value(x); }, x0, o);
  const auto r2 = spsa([&](auto x) { return f.value(x); }, x0, o);
  EXPECT_EQ(r1.x, r2.x);
  EXPECT_EQ(r1.value, r2.value);
  EXPECT_EQ(r1.evaluations, 2u * 300u + 1u);
  EXPECT_LT(r1.value, f.value(x0) - 0.3);
  EXPECT_LT(std::abs(r1.value - h2.ground_energy), 0.03);  // SPSA converges slowly
  auto o3 = o;
  o3.seed = 43;
  EXPECT_NE(spsa([&](auto x) { return f.value(x); }, x0, o3).x, r1.x);
}

TEST(Adagrad, FollowsSunsSettingsOnBellInfidelity) {
  circuit c(2);
  c.ry(0, c.new_parameter()).cnot(0, 1);
  state_vector bell = state_vector::from_amplitudes({1.0, 0.0, 0.0, 1.0}, true);
  const auto f = circuit_objective::infidelity(c, bell);
  const auto r =
      adagrad([&](auto x, auto g) { return f.value_and_gradient(x, g); }, std::vector{0.3});
  // F = (1 + sin t) / 2 is maximal at t = pi/2.
  EXPECT_LT(r.value, 1e-4);
  EXPECT_NEAR(r.x[0], std::numbers::pi / 2, 0.02);
  EXPECT_LE(r.iterations, 50u);
}

TEST(Optimizers, AreDeterministicAndKeepTheBestPoint) {
  const auto quad = [](std::span<const double> x) {
    return (x[0] - 1.0) * (x[0] - 1.0) + 10.0 * (x[1] + 0.5) * (x[1] + 0.5);
  };
  const auto quad_grad = [&](std::span<const double> x, std::span<double> g) {
    g[0] = 2.0 * (x[0] - 1.0);
    g[1] = 20.0 * (x[1] + 0.5);
    return quad(x);
  };
  const std::vector<double> x0{3.0, 2.0};
  const auto a = nelder_mead(quad, x0, {.max_evaluations = 400});
  const auto b = nelder_mead(quad, x0, {.max_evaluations = 400});
  EXPECT_EQ(a.x, b.x);
  EXPECT_TRUE(a.converged);
  EXPECT_NEAR(a.x[0], 1.0, 1e-4);
  EXPECT_NEAR(a.x[1], -0.5, 1e-4);
  for (std::size_t i = 1; i < a.history.size(); ++i) EXPECT_LE(a.history[i], a.history[i - 1]);
  const auto d = adam(quad_grad, x0, {.max_iterations = 2000, .learning_rate = 0.05});
  EXPECT_NEAR(d.value, 0.0, 1e-6);
  const auto tight = nelder_mead(quad, x0, {.max_evaluations = 7});
  EXPECT_EQ(tight.evaluations, 7u);
  EXPECT_FALSE(tight.converged);
}

TEST(Optimizers, BadOptionsAndNonFiniteValuesAreRejected) {
  using E = dsegym::invalid_argument;
  const auto ok = [](std::span<const double>, std::span<double> g) {
    for (auto& v : g) v = 0.0;
    return 1.0;
  };
  const std::vector<double> x0{0.0};
  expect_quantum_error<E>([&] { (void)adam(ok, x0, {.max_iterations = 0}); },
                          "adam max_iterations must be >= 1");
  expect_quantum_error<E>([&] { (void)adam(ok, x0, {.learning_rate = -1.0}); },
                          "adam learning_rate must be finite and > 0");
  expect_quantum_error<E>([&] { (void)adam(ok, x0, {.beta1 = 1.0}); },
                          "adam beta1 must be in [0, 1)");
  expect_quantum_error<E>([&] { (void)adam(ok, std::vector{std::nan("")}); },
                          "adam start point entry 0 must be finite");
  expect_quantum_error<E>(
      [&] {
        (void)adam([](std::span<const double>, std::span<double>) { return std::nan(""); }, x0);
      },
      "adam: the objective returned nan at evaluation 1");
  expect_quantum_error<E>(
      [&] {
        (void)nelder_mead([](std::span<const double>) { return 0.0; }, x0, {.initial_step = 0.0});
      },
      "nelder_mead initial_step must be finite and > 0");
  expect_quantum_error<E>(
      [&] { (void)spsa([](std::span<const double>) { return 0.0; }, x0, {.c = 0.0}); },
      "spsa c must be finite and > 0");
  expect_quantum_error<E>(
      [&] { (void)rotosolve([](std::span<const double>) { return 0.0; }, x0, {.max_sweeps = 0}); },
      "rotosolve max_sweeps must be >= 1");
}

}  // namespace
}  // namespace dsegym::sim::quantum

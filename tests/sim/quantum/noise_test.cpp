#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "dsegym/sim/quantum/density_matrix.hpp"
#include "dsegym/sim/quantum/hamiltonians.hpp"
#include "dsegym/sim/quantum/noise_model.hpp"
#include "dsegym/sim/quantum/target_states.hpp"
#include "dsegym/sim/quantum/trajectories.hpp"
#include "test_util.hpp"

namespace dsegym::sim::quantum {
namespace {

using test::expect_quantum_error;

circuit ghz_circuit(std::size_t n) {
  circuit c(n);
  c.h(0);
  for (std::size_t q = 0; q + 1 < n; ++q) c.cnot(q, q + 1);
  return c;
}

TEST(DensityMatrix, NoiselessEvolutionMatchesTheStateVector) {
  circuit c(3);
  c.h(0)
      .ry(1, 0.4)
      .u3(2, 0.3, -0.2, 1.1)
      .crx(0, 2, 0.9)
      .rzz(1, 2, 0.5)
      .y(0)
      .sx(1)
      .swap(0, 2)
      .cz(0, 1);
  c.rx(2, -0.7)
      .rz(1, 1.3)
      .s(0)
      .t(2)
      .sdg(1)
      .tdg(0)
      .sxdg(2)
      .cry(2, 1, 0.6)
      .crz(1, 0, -1.1)
      .cnot(2, 0)
      .x(1)
      .z(2);
  const state_vector initial = test::random_state(3, 4);
  state_vector psi = initial;
  psi.apply(c);
  const density_matrix rho = simulate_density_matrix(c, {}, noise_model{}, initial);
  for (std::size_t r = 0; r < 8; ++r)
    for (std::size_t k = 0; k < 8; ++k)
      ASSERT_NEAR(std::abs(rho(r, k) - psi[r] * std::conj(psi[k])), 0.0, 1e-14) << r << "," << k;
  EXPECT_NEAR(rho.trace(), 1.0, 1e-14);
  EXPECT_NEAR(rho.purity(), 1.0, 1e-13);
  const pauli_sum h = pauli_sum::parse("0.3*XYZ - 0.5*ZZI + 0.2*IXX + 1");
  EXPECT_NEAR(rho.expectation(h), h.expectation(psi), 1e-14);
  EXPECT_NEAR(rho.fidelity(psi), 1.0, 1e-14);
}

TEST(DensityMatrix, SingleQubitDepolarisingShrinksTheBlochVector) {
  // With Pauli probability p, <Z> of |1> becomes -(1 - 4p/3).
  const double p = 0.1;
  circuit c(1);
  c.x(0);
  const density_matrix rho = simulate_density_matrix(c, {}, noise_model{p, 0.0, 0.0});
  EXPECT_NEAR(rho.expectation(pauli_sum::parse("Z")), -(1.0 - 4.0 * p / 3.0), 1e-15);
  EXPECT_NEAR(rho.trace(), 1.0, 1e-15);
  density_matrix full(1);
  full.depolarize(0, 0.75);  // p = 3/4 is the fully depolarising channel
  EXPECT_NEAR(full.purity(), 0.5, 1e-15);
}

TEST(DensityMatrix, TwoQubitDepolarisingOnBell) {
  // After a two-qubit channel with probability p, <ZZ> and <XX> of the Bell state shrink by 1 -
  // 16p/15.
  const double p = 0.2;
  density_matrix rho = density_matrix::from_state(bell_state());
  rho.depolarize(0, 1, p);
  const double shrink = 1.0 - 16.0 * p / 15.0;
  EXPECT_NEAR(rho.expectation(pauli_sum::parse("ZZ")), shrink, 1e-15);
  EXPECT_NEAR(rho.expectation(pauli_sum::parse("XX")), shrink, 1e-15);
  EXPECT_NEAR(rho.fidelity(bell_state()), shrink + (1 - shrink) / 4, 1e-15);
  EXPECT_NEAR(rho.trace(), 1.0, 1e-15);
}

TEST(DensityMatrix, ReadoutFlipsMixTheDistribution) {
  const density_matrix rho(2);
  const auto p = rho.probabilities(0.1);
  EXPECT_NEAR(p[0b00], 0.81, 1e-15);
  EXPECT_NEAR(p[0b01], 0.09, 1e-15);
  EXPECT_NEAR(p[0b11], 0.01, 1e-15);
  // The same attenuation through the observable: <ZZ> -> (1 - 2q)^2.
  EXPECT_NEAR(
      with_readout_error(pauli_sum::parse("ZZ + 0.5*ZI + 2"), 0.1).expectation(state_vector(2)),
      0.64 + 0.5 * 0.8 + 2, 1e-15);
}

TEST(Trajectories, AgreeWithTheDensityMatrix) {
  const noise_model noise{0.02, 0.05, 0.01};
  const circuit c = ghz_circuit(4);
  const pauli_sum h = pauli_sum::parse("ZZII + IZZI + IIZZ + XXXX");
  const density_matrix rho = simulate_density_matrix(c, {}, noise);
  const double exact = rho.expectation(with_readout_error(h, noise.readout_flip));
  rng g(12);
  const auto est = trajectory_expectation(c, {}, h, noise, 4000, g);
  EXPECT_GT(est.standard_error, 0.0);
  EXPECT_NEAR(est.mean, exact, 5 * est.standard_error);
  const auto fid = trajectory_fidelity(c, {}, ghz_state(4), noise, 4000, g);
  EXPECT_NEAR(fid.mean, rho.fidelity(ghz_state(4)), 5 * fid.standard_error + 1e-12);
  EXPECT_LT(rho.fidelity(ghz_state(4)), 0.95);
}

TEST(Trajectories, AreDeterministicAndNoiselessRunsAreExact) {
  const circuit c = ghz_circuit(3);
  const pauli_sum h = pauli_sum::parse("XXX");
  rng a(3), b(3);
  const noise_model noise = noise_model::uniform(0.05);
  EXPECT_EQ(trajectory_expectation(c, {}, h, noise, 50, a).mean,
            trajectory_expectation(c, {}, h, noise, 50, b).mean);
  rng g(0);
  const auto clean = trajectory_expectation(c, {}, h, noise_model{}, 3, g);
  EXPECT_NEAR(clean.mean, 1.0, 1e-14);
  EXPECT_NEAR(clean.standard_error, 0.0, 1e-14);
}

TEST(NoiseModel, FromDeviceConvertsGateErrorsToPauliProbabilities) {
  const noise_model m = noise_model::from_device(device_profile::ibm_sherbrooke());
  EXPECT_NEAR(m.depolarizing_1q, 1.5 * 2.4e-4, 1e-16);
  EXPECT_NEAR(m.depolarizing_2q, 1.25 * 7.5e-3, 1e-16);
  EXPECT_NEAR(m.readout_flip, 1.98e-2, 1e-16);
  // Check the conversion: the average gate fidelity of the channel is 1 - error.
  // For one qubit F_avg = (2 F_process + 1) / 3 with F_process = 1 - p.
  EXPECT_NEAR(1.0 - (2.0 * (1.0 - m.depolarizing_1q) + 1.0) / 3.0, 2.4e-4, 1e-15);
}

TEST(NoiseModel, BadProbabilitiesAndSizesAreRejected) {
  using E = dsegym::invalid_argument;
  expect_quantum_error<E>([] { (void)noise_model::uniform(1.5); },
                          "noise_model depolarizing_1q must be in [0, 1], got 1.5");
  expect_quantum_error<E>(
      [] {
        noise_model{0.0, 0.0, std::nan("")}.validate();
      },
      "readout_flip must be in [0, 1], got nan");
  expect_quantum_error<dsegym::resource_exhausted>([] { density_matrix d(13); },
                                                   "density matrix of 13 qubits is too large");
  density_matrix d(2);
  expect_quantum_error<E>([&] { d.depolarize(2, 0.1); }, "qubit of depolarize is 2");
  expect_quantum_error<E>([&] { d.depolarize(0, 0, 0.1); }, "needs different qubits");
  rng g(0);
  expect_quantum_error<E>(
      [&] { (void)trajectory_expectation(ghz_circuit(2), {}, pauli_sum::parse("ZZ"), {}, 0, g); },
      "trajectories must be >= 1");
}

}  // namespace
}  // namespace dsegym::sim::quantum

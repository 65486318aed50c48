#include "dsegym/sim/quantum/state_vector.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "dsegym/sim/quantum/target_states.hpp"
#include "test_util.hpp"

namespace dsegym::sim::quantum {
namespace {

using test::expect_quantum_error;
const double r2 = std::numbers::sqrt2 / 2.0;

/// Applies `a` and `b` to the same random state and expects equal amplitudes (exactly, no phase).
void expect_same_action(const circuit& a, const circuit& b, double tol = 1e-13) {
  state_vector x = test::random_state(a.num_qubits(), 5), y = x;
  x.apply(a);
  y.apply(b);
  for (std::size_t i = 0; i < x.size(); ++i)
    EXPECT_NEAR(std::abs(x[i] - y[i]), 0.0, tol) << "index " << i;
}

TEST(StateVector, StartsInAllZeros) {
  const state_vector psi(3);
  EXPECT_EQ(psi.size(), 8u);
  EXPECT_EQ(psi[0], amplitude(1.0));
  EXPECT_DOUBLE_EQ(psi.norm_squared(), 1.0);
}

TEST(StateVector, HadamardOnZeroGivesPlus) {
  state_vector psi(1);
  circuit c(1);
  c.h(0);
  psi.apply(c);
  EXPECT_NEAR(psi[0].real(), r2, 1e-15);
  EXPECT_NEAR(psi[1].real(), r2, 1e-15);
  EXPECT_NEAR(psi.bloch_vectors()[0][0], 1.0, 1e-15);  // <X> = 1
}

TEST(StateVector, WireZeroIsTheMostSignificantBit) {
  state_vector psi(3);
  circuit c(3);
  c.x(0);
  psi.apply(c);
  EXPECT_EQ(psi[4], amplitude(1.0));  // |100>
  EXPECT_EQ(state_vector::from_bitstring("1100")[12], amplitude(1.0));
  EXPECT_NEAR(psi.probability_of_one(0), 1.0, 0.0);
  EXPECT_NEAR(psi.probability_of_one(2), 0.0, 0.0);
}

TEST(StateVector, EveryGateMatchesTheDenseReferenceOnEveryWire) {
  const std::size_t n = 4;
  const double angles[3] = {0.83, -2.1, 0.45};
  for (gate_kind k : all_gate_kinds) {
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = 0; b < n; ++b) {
        gate g;
        g.kind = k;
        g.qubits = {a, b};
        if (gate_qubit_count(k) == 1 && b != 0) continue;
        if (gate_qubit_count(k) == 2 && a == b) continue;
        for (std::size_t i = 0; i < gate_angle_count(k); ++i) g.angles[i] = angles[i];
        state_vector psi = test::random_state(n, 17 + a * 5 + b);
        const auto expected =
            test::multiply(test::reference_unitary(g, angles, n), psi.amplitudes());
        psi.apply(g);
        SCOPED_TRACE(g.to_string());
        test::expect_amplitudes_near(psi.amplitudes(), expected, 1e-13);
      }
  }
}

TEST(StateVector, ApplyAdjointInvertsEveryGate) {
  const double angles[3] = {1.1, 0.2, -0.7};
  for (gate_kind k : all_gate_kinds) {
    gate g;
    g.kind = k;
    g.qubits = {2, 0};
    for (std::size_t i = 0; i < gate_angle_count(k); ++i) g.angles[i] = angles[i];
    const state_vector start = test::random_state(3, 3);
    state_vector psi = start;
    psi.apply(g);
    psi.apply_adjoint(g);
    for (std::size_t i = 0; i < psi.size(); ++i)
      EXPECT_NEAR(std::abs(psi[i] - start[i]), 0.0, 1e-14) << to_string(k);
  }
}

TEST(StateVector, GateIdentities) {
  circuit hzh(2), x(2);
  hzh.h(1).z(1).h(1);
  x.x(1);
  expect_same_action(hzh, x);

  circuit ss(2), z(2);
  ss.s(0).s(0);
  z.z(0);
  expect_same_action(ss, z);

  circuit tt(2), s(2);
  tt.t(1).t(1);
  s.s(1);
  expect_same_action(tt, s);

  circuit cnot(3), h_cz_h(3);
  cnot.cnot(2, 0);
  h_cz_h.h(0).cz(2, 0).h(0);
  expect_same_action(cnot, h_cz_h);

  circuit swap(3), three_cnots(3);
  swap.swap(0, 2);
  three_cnots.cnot(0, 2).cnot(2, 0).cnot(0, 2);
  expect_same_action(swap, three_cnots);

  circuit rzz(3), cnot_rz_cnot(3);
  rzz.rzz(1, 2, 0.77);
  cnot_rz_cnot.cnot(1, 2).rz(2, 0.77).cnot(1, 2);
  expect_same_action(rzz, cnot_rz_cnot);

  // CRY(t) = RY(t/2) CX RY(-t/2) CX on the target.
  circuit cry(2), decomposed(2);
  cry.cry(0, 1, 1.3);
  decomposed.ry(1, 0.65).cnot(0, 1).ry(1, -0.65).cnot(0, 1);
  expect_same_action(cry, decomposed);

  // RX(a) RX(b) = RX(a + b).
  circuit two(1), one(1);
  two.rx(0, 0.4).rx(0, 0.9);
  one.rx(0, 1.3);
  expect_same_action(two, one);
}

TEST(StateVector, RotationAnglesGiveKnownProbabilities) {
  for (double t : {0.0, 0.3, 1.0, std::numbers::pi / 2, 2.5, std::numbers::pi}) {
    state_vector a(1), b(1);
    circuit rx(1), ry(1);
    rx.rx(0, t);
    ry.ry(0, t);
    a.apply(rx);
    b.apply(ry);
    EXPECT_NEAR(a.probability_of_one(0), std::pow(std::sin(t / 2), 2), 1e-15);
    EXPECT_NEAR(b.bloch_vectors()[0][2], std::cos(t), 1e-15);   // <Z> = cos t
    EXPECT_NEAR(b.bloch_vectors()[0][0], std::sin(t), 1e-15);   // RY tilts towards +X
    EXPECT_NEAR(a.bloch_vectors()[0][1], -std::sin(t), 1e-15);  // RX tilts towards -Y
  }
}

TEST(StateVector, BlochVectorOfPlusIIsPlusY) {
  state_vector psi(2);
  circuit c(2);
  c.h(1).s(1);
  psi.apply(c);
  const auto b = psi.bloch_vectors();
  EXPECT_NEAR(b[1][0], 0.0, 1e-15);
  EXPECT_NEAR(b[1][1], 1.0, 1e-15);
  EXPECT_NEAR(b[1][2], 0.0, 1e-15);
  EXPECT_NEAR(b[0][2], 1.0, 1e-15);
}

TEST(StateVector, BellCircuitHasFidelityOneWithBellState) {
  state_vector psi(2);
  circuit c(2);
  c.h(0).cnot(0, 1);
  psi.apply(c);
  EXPECT_NEAR(psi.fidelity(bell_state()), 1.0, 1e-15);
  EXPECT_NEAR(psi.fidelity(state_vector(2)), 0.5, 1e-15);
}

TEST(StateVector, GhzCircuitHasFidelityOneWithGhzState) {
  for (std::size_t n : {3u, 5u, 8u}) {
    state_vector psi(n);
    circuit c(n);
    c.h(0);
    for (std::size_t q = 0; q + 1 < n; ++q) c.cnot(q, q + 1);
    psi.apply(c);
    EXPECT_NEAR(psi.fidelity(ghz_state(n)), 1.0, 1e-14) << n;
  }
}

TEST(StateVector, WStateHasOneExcitationSpreadEvenly) {
  const state_vector w = w_state(4);
  for (std::size_t q = 0; q < 4; ++q) EXPECT_NEAR(w.probability_of_one(q), 0.25, 1e-15);
  EXPECT_NEAR(std::abs(w[0b0100]), 0.5, 1e-15);
  EXPECT_EQ(w[0b0110], amplitude{});
}

TEST(StateVector, TwentyFourQubitRegister) {
  state_vector psi(24);
  circuit c(24);
  c.h(0).cnot(0, 23).x(12);
  psi.apply(c);
  const std::uint64_t one = 1;
  EXPECT_NEAR(psi[one << 11].real(), r2, 1e-15);                        // |0..1..0>
  EXPECT_NEAR(psi[(one << 23) | (one << 11) | one].real(), r2, 1e-15);  // |1..1..1>
  EXPECT_NEAR(psi.norm_squared(), 1.0, 1e-12);
}

TEST(StateVector, BadInputsGiveClearErrors) {
  expect_quantum_error<dsegym::invalid_argument>([] { state_vector s(0); }, "at least 1 qubit");
  expect_quantum_error<dsegym::resource_exhausted>([] { state_vector s(40); },
                                                   "a state vector of 40 qubits is too large");
  expect_quantum_error<dsegym::invalid_argument>([] { (void)state_vector::basis(2, 4); },
                                                 "basis index 4 out of range for 2 qubits");
  expect_quantum_error<dsegym::invalid_argument>([] { (void)state_vector::from_bitstring("10a"); },
                                                 "has 'a' at position 2");
  expect_quantum_error<dsegym::invalid_argument>(
      [] {
        (void)state_vector::from_amplitudes({1.0, 1.0});
      },
      "squared norm 2, expected 1");
  expect_quantum_error<dsegym::invalid_argument>(
      [] {
        (void)state_vector::from_amplitudes({1.0, 0.0, 0.0});
      },
      "2^n amplitudes");
  expect_quantum_error<dsegym::invalid_argument>(
      [] {
        (void)state_vector::from_amplitudes({std::numeric_limits<double>::quiet_NaN(), 0.0});
      },
      "amplitude 0 is not finite");
  state_vector psi(2);
  gate g;
  g.kind = gate_kind::h;
  g.qubits = {3, 0};
  expect_quantum_error<dsegym::invalid_argument>([&] { psi.apply(g); }, "qubit of h is 3");
  g.kind = gate_kind::rz;
  g.qubits = {0, 0};
  g.angles[0] = std::numeric_limits<double>::quiet_NaN();
  expect_quantum_error<dsegym::invalid_argument>([&] { psi.apply(g); },
                                                 "angle 0 of rz must be finite, got nan");
  expect_quantum_error<dsegym::invalid_argument>(
      [&] { psi.apply(circuit(3)); }, "cannot apply a 3-qubit circuit to a 2-qubit state");
  expect_quantum_error<dsegym::invalid_argument>(
      [&] {
        psi.apply_matrix({1, 0, 0, 1}, 2);
      },
      "qubit of apply_matrix is 2");
}

TEST(StateVector, FromAmplitudesCanNormalise) {
  const state_vector s = state_vector::from_amplitudes({3.0, amplitude{0.0, 4.0}}, true);
  EXPECT_NEAR(s[0].real(), 0.6, 1e-15);
  EXPECT_NEAR(s[1].imag(), 0.8, 1e-15);
}

}  // namespace
}  // namespace dsegym::sim::quantum

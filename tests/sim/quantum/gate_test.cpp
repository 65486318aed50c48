#include "dsegym/sim/quantum/gate.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "dsegym/sim/quantum/gate_kind.hpp"
#include "test_util.hpp"

namespace dsegym::sim::quantum {
namespace {

using test::expect_quantum_error;

double max_abs_diff(const matrix2& a, const matrix2& b) {
  double d = 0.0;
  for (int i = 0; i < 4; ++i) d = std::max(d, std::abs(a[i] - b[i]));
  return d;
}

TEST(GateKind, NamesRoundTripAndCxIsAnAlias) {
  for (gate_kind k : all_gate_kinds) EXPECT_EQ(parse_gate_kind(to_string(k)), k);
  EXPECT_EQ(parse_gate_kind("CX"), gate_kind::cnot);
  EXPECT_EQ(parse_gate_kind("Rx"), gate_kind::rx);
}

TEST(GateKind, UnknownNameListsTheValidGates) {
  expect_quantum_error<dsegym::invalid_argument>([] { (void)parse_gate_kind("toffoli"); },
                                                 "unknown gate \"toffoli\"; valid gates: x y z");
}

TEST(GateKind, ArityAndAngleCounts) {
  EXPECT_EQ(gate_qubit_count(gate_kind::h), 1u);
  EXPECT_EQ(gate_qubit_count(gate_kind::crz), 2u);
  EXPECT_EQ(gate_angle_count(gate_kind::u3), 3u);
  EXPECT_EQ(gate_angle_count(gate_kind::cnot), 0u);
  EXPECT_TRUE(gate_is_controlled(gate_kind::cry));
  EXPECT_FALSE(gate_is_controlled(gate_kind::cz));
  EXPECT_TRUE(gate_is_pauli_rotation(gate_kind::rzz));
  EXPECT_FALSE(gate_is_pauli_rotation(gate_kind::crx));
}

TEST(GateMatrix, AllSingleQubitMatricesAreUnitary) {
  const double angles[3] = {0.7, -1.3, 2.1};
  for (gate_kind k : all_gate_kinds) {
    if (k == gate_kind::swap || k == gate_kind::rzz) continue;
    const matrix2 m = gate_matrix(k, angles);
    const matrix2 p = multiply(adjoint(m), m);
    EXPECT_LT(max_abs_diff(p, matrix2{1.0, 0.0, 0.0, 1.0}), 1e-15) << to_string(k);
  }
}

TEST(GateMatrix, RotationsAtPiAreMinusIPauli) {
  const double pi[1] = {std::numbers::pi};
  const amplitude mi{0.0, -1.0};
  const auto scaled = [&](matrix2 m) {
    for (auto& v : m) v *= mi;
    return m;
  };
  EXPECT_LT(max_abs_diff(gate_matrix(gate_kind::rx, pi), scaled(gate_matrix(gate_kind::x, {}))),
            1e-15);
  EXPECT_LT(max_abs_diff(gate_matrix(gate_kind::ry, pi), scaled(gate_matrix(gate_kind::y, {}))),
            1e-15);
  EXPECT_LT(max_abs_diff(gate_matrix(gate_kind::rz, pi), scaled(gate_matrix(gate_kind::z, {}))),
            1e-15);
}

TEST(GateMatrix, U3IsRzRyRzUpToGlobalPhase) {
  const double t = 0.9, p = -0.4, l = 1.7;
  const double u3_angles[3] = {t, p, l};
  const double rz_phi[1] = {p}, ry_theta[1] = {t}, rz_lambda[1] = {l};
  const matrix2 u3 = gate_matrix(gate_kind::u3, u3_angles);
  matrix2 zyz = multiply(
      gate_matrix(gate_kind::rz, rz_phi),
      multiply(gate_matrix(gate_kind::ry, ry_theta), gate_matrix(gate_kind::rz, rz_lambda)));
  const amplitude phase =
      std::exp(amplitude{0.0, (p + l) / 2});  // U3 = e^{i(phi+lambda)/2} RZ RY RZ
  for (auto& v : zyz) v *= phase;
  EXPECT_LT(max_abs_diff(u3, zyz), 1e-15);
}

TEST(GateMatrix, SxSquaredIsXAndHzhIsX) {
  const matrix2 sx = gate_matrix(gate_kind::sx, {});
  EXPECT_LT(max_abs_diff(multiply(sx, sx), gate_matrix(gate_kind::x, {})), 1e-15);
  const matrix2 h = gate_matrix(gate_kind::h, {});
  EXPECT_LT(max_abs_diff(multiply(h, multiply(gate_matrix(gate_kind::z, {}), h)),
                         gate_matrix(gate_kind::x, {})),
            1e-15);
  EXPECT_LT(
      max_abs_diff(multiply(sx, gate_matrix(gate_kind::sxdg, {})), matrix2{1.0, 0.0, 0.0, 1.0}),
      1e-15);
}

TEST(GateMatrix, DerivativesMatchFiniteDifferences) {
  const double base[3] = {0.37, -1.1, 2.4};
  const double h = 1e-6;
  for (gate_kind k : {gate_kind::rx, gate_kind::ry, gate_kind::rz, gate_kind::u3, gate_kind::crx,
                      gate_kind::cry, gate_kind::crz}) {
    for (std::size_t slot = 0; slot < gate_angle_count(k); ++slot) {
      double plus[3] = {base[0], base[1], base[2]}, minus[3] = {base[0], base[1], base[2]};
      plus[slot] += h;
      minus[slot] -= h;
      const matrix2 mp = gate_matrix(k, plus), mm = gate_matrix(k, minus);
      matrix2 fd;
      for (int i = 0; i < 4; ++i) fd[i] = (mp[i] - mm[i]) / (2 * h);
      EXPECT_LT(max_abs_diff(gate_matrix_derivative(k, base, slot), fd), 1e-9)
          << to_string(k) << " slot " << slot;
    }
  }
}

TEST(GateMatrix, GatesWithoutTwoByTwoBlockAreRejected) {
  expect_quantum_error<dsegym::invalid_argument>([] { (void)gate_matrix(gate_kind::swap, {}); },
                                                 "gate swap has no 2x2 matrix");
  const double a[1] = {0.1};
  expect_quantum_error<dsegym::invalid_argument>(
      [&] { (void)gate_matrix_derivative(gate_kind::rx, a, 1); }, "gate rx has no angle 1");
}

TEST(Gate, ToStringShowsWiresAndParameterReferences) {
  gate g;
  g.kind = gate_kind::u3;
  g.qubits = {1, 0};
  g.angles = {angle(0.5), angle::parameter(3, 2.0, 0.25), angle::parameter(0)};
  EXPECT_EQ(g.to_string(), "u3(1, 0.5, 2*p3+0.25, p0)");
}

}  // namespace
}  // namespace dsegym::sim::quantum

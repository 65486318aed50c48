#include "dsegym/sim/quantum/hamiltonians.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "dsegym/sim/quantum/ground_state.hpp"
#include "test_util.hpp"

namespace dsegym::sim::quantum {
namespace {

using test::expect_quantum_error;

/// <bra|H|ket> for basis states given as bitstrings.
amplitude matrix_element(const pauli_sum& h, const char* bra, const char* ket) {
  state_vector out(h.num_qubits());
  h.apply(state_vector::from_bitstring(ket), out);
  return state_vector::from_bitstring(bra).inner_product(out);
}

TEST(Hamiltonians, H2JordanWigner070MatchesSpecMatrixElements) {
  const vqe_problem p = h2_jordan_wigner_070();
  ASSERT_EQ(p.hamiltonian.size(), 15u);
  EXPECT_EQ(p.reference_state, "1100");
  const double a = matrix_element(p.hamiltonian, "1100", "1100").real();
  const double b = matrix_element(p.hamiltonian, "0011", "0011").real();
  const double c = matrix_element(p.hamiltonian, "1100", "0011").real();
  EXPECT_NEAR(a, -1.1173490350, 1e-10);  // Hartree-Fock energy
  EXPECT_NEAR(a, p.reference_energy, 1e-10);
  EXPECT_NEAR(b, 0.5644736841, 1e-10);
  EXPECT_NEAR(c, 0.1790005761, 1e-10);
  EXPECT_NEAR(matrix_element(p.hamiltonian, "1100", "0011").imag(), 0.0, 1e-15);
}

TEST(Hamiltonians, H2DoubleExcitationReachesTheExactGroundEnergy) {
  // Spec §5.1: |psi(t)> = cos(t/2)|1100> - sin(t/2)|0011>, minimised at t* = 0.2097346.
  const vqe_problem p = h2_jordan_wigner_070();
  const auto energy = [&](double t) {
    std::vector<amplitude> amps(16);
    amps[0b1100] = std::cos(t / 2);
    amps[0b0011] = -std::sin(t / 2);
    return p.hamiltonian.expectation(state_vector::from_amplitudes(std::move(amps)));
  };
  EXPECT_NEAR(energy(0.0), -1.1173490350, 1e-10);
  EXPECT_NEAR(energy(0.2097346), -1.1361894541, 1e-10);
  EXPECT_NEAR(energy(0.209733), -1.1361894541, 1e-10);
  EXPECT_GT(energy(0.25), energy(0.2097346));
  EXPECT_NEAR(energy(0.2097346), p.ground_energy, 1e-10);
}

TEST(Hamiltonians, H2JordanWigner0742ReferenceIsTheLowestDiagonalElement) {
  const vqe_problem p = h2_jordan_wigner_0742();
  const std::vector<double> d = p.hamiltonian.diagonal();
  double lowest = d[0];
  for (double v : d) lowest = std::min(lowest, v);
  EXPECT_NEAR(lowest, -1.1166511626, 1e-10);
  EXPECT_NEAR(d[0b1100], p.reference_energy, 1e-10);
  const auto gs = ground_state(p.hamiltonian);
  const double sign = gs.state->operator[](0b1100).real() < 0 ? 1.0 : -1.0;  // spec: -0.9936|1100>
  EXPECT_NEAR(sign * gs.state->operator[](0b1100).real(), -0.9936, 1e-4);
  EXPECT_NEAR(sign * gs.state->operator[](0b0011).real(), 0.1130, 1e-4);
}

TEST(Hamiltonians, H2TwoQubitReferenceEnergy) {
  const vqe_problem p = h2_parity_0735();
  EXPECT_NEAR(matrix_element(p.hamiltonian, "01", "01").real(), -1.8369679912, 1e-10);
  EXPECT_NEAR(p.reference_energy, -1.8369679912, 1e-10);
  const vqe_problem total = h2_parity_0735(true);
  EXPECT_NEAR(total.ground_energy - p.ground_energy, 0.7199689944489797, 1e-15);
}

TEST(Hamiltonians, SpinChainsHaveTheSpecTerms) {
  EXPECT_EQ(transverse_field_ising(4, false).simplified(),
            pauli_sum::parse("-ZZII - IZZI - IIZZ - XIII - IXII - IIXI - IIIX").simplified());
  EXPECT_EQ(transverse_field_ising(4, true).size(), 8u);
  EXPECT_EQ(transverse_field_ising(4, true).terms()[3].label(), "ZIIZ");
  EXPECT_EQ(heisenberg_xxx(4, false),
            pauli_sum::parse("XXII + YYII + ZZII + IXXI + IYYI + IZZI + IIXX + IIYY + IIZZ"));
  EXPECT_EQ(heisenberg_xxx(4, true).size(), 12u);
  EXPECT_EQ(heisenberg_xxx(2, true).size(), 3u);  // no repeated bond on two sites
}

TEST(Hamiltonians, FlippingSignsKeepsTheSpectrumOnEvenRings) {
  // Spec §5.4: Sun's +ZZ + X ring has the same E0 as -ZZ - X.
  const double e_minus = ground_state(transverse_field_ising(6, true)).energy;
  const double e_plus = ground_state(transverse_field_ising(6, true, -1.0, -1.0)).energy;
  EXPECT_NEAR(e_minus, e_plus, 1e-10);
}

TEST(Hamiltonians, BadChainParametersAreRejected) {
  expect_quantum_error<dsegym::invalid_argument>(
      [] { (void)transverse_field_ising(1, false); },
      "transverse_field_ising needs 2..64 qubits, got 1");
  expect_quantum_error<dsegym::invalid_argument>(
      [] { (void)heisenberg_xxx(3, false, std::nan("")); },
      "heisenberg_xxx coupling J must be finite");
  expect_quantum_error<dsegym::invalid_argument>(
      [] { (void)transverse_field_ising(3, false, 1.0, INFINITY); }, "field h must be finite");
}

}  // namespace
}  // namespace dsegym::sim::quantum

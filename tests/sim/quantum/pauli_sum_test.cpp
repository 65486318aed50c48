#include "dsegym/sim/quantum/pauli_sum.hpp"

#include <gtest/gtest.h>

#include <string>

#include "dsegym/sim/quantum/target_states.hpp"
#include "test_util.hpp"

namespace dsegym::sim::quantum {
namespace {

using test::expect_quantum_error;

/// Dense matrix of a Pauli sum from explicit Kronecker products (independent of the masks).
test::dense dense_of(const pauli_sum& h) {
  const std::size_t n = h.num_qubits();
  const double none[3] = {0, 0, 0};
  test::dense m(std::size_t{1} << n, std::vector<test::cd>(std::size_t{1} << n));
  for (const pauli_term& t : h.terms()) {
    std::vector<std::pair<std::size_t, test::dense>> ops;
    for (std::size_t w = 0; w < n; ++w) {
      const char p = t.pauli(w);
      if (p == 'X') ops.emplace_back(w, test::textbook(gate_kind::x, none));
      if (p == 'Y') ops.emplace_back(w, test::textbook(gate_kind::y, none));
      if (p == 'Z') ops.emplace_back(w, test::textbook(gate_kind::z, none));
    }
    const test::dense term = test::on_wires(n, ops);
    for (std::size_t i = 0; i < m.size(); ++i)
      for (std::size_t j = 0; j < m.size(); ++j) m[i][j] += t.coefficient() * term[i][j];
  }
  return m;
}

TEST(PauliTerm, LabelMasksAndWeight) {
  const pauli_term t(0.5, "XYZI");
  EXPECT_EQ(t.label(), "XYZI");
  EXPECT_EQ(t.x_mask(), 0b1100u);  // wire 0 = bit 3
  EXPECT_EQ(t.z_mask(), 0b0110u);
  EXPECT_EQ(t.weight(), 3u);
  EXPECT_EQ(t.y_count(), 1u);
  EXPECT_FALSE(t.is_diagonal());
  EXPECT_TRUE(pauli_term(1.0, "IZZI").is_diagonal());
  expect_quantum_error<dsegym::invalid_argument>([] { pauli_term(1.0, "XQ"); },
                                                 "has 'Q' at position 1");
  expect_quantum_error<dsegym::invalid_argument>([] { pauli_term(std::nan(""), "XX"); },
                                                 "must be finite, got nan");
}

TEST(PauliSum, ParsesDenseLabels) {
  const pauli_sum h = pauli_sum::parse("0.5*ZZII - 0.2*XXYY");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h.num_qubits(), 4u);
  EXPECT_EQ(h.terms()[0].label(), "ZZII");
  EXPECT_DOUBLE_EQ(h.terms()[0].coefficient(), 0.5);
  EXPECT_EQ(h.terms()[1].label(), "XXYY");
  EXPECT_DOUBLE_EQ(h.terms()[1].coefficient(), -0.2);
}

TEST(PauliSum, ParsesIndexedFactorsConstantsAndUnicodeMinus) {
  const pauli_sum h = pauli_sum::parse(
      "-0.04 I + 0.17 Z0 Z1 \xE2\x88\x92 0.0447 Y0 Y1 X2 X3 + 2 + Z0*Z3 + X1X2", 4);
  ASSERT_EQ(h.size(), 6u);
  EXPECT_EQ(h.terms()[0].label(), "IIII");
  EXPECT_DOUBLE_EQ(h.terms()[0].coefficient(), -0.04);
  EXPECT_EQ(h.terms()[1].label(), "ZZII");
  EXPECT_EQ(h.terms()[2].label(), "YYXX");
  EXPECT_DOUBLE_EQ(h.terms()[2].coefficient(), -0.0447);
  EXPECT_EQ(h.terms()[3].label(), "IIII");
  EXPECT_DOUBLE_EQ(h.terms()[3].coefficient(), 2.0);
  EXPECT_EQ(h.terms()[4].label(), "ZIIZ");
  EXPECT_EQ(h.terms()[5].label(), "IXXI");
  EXPECT_EQ(pauli_sum::parse("1e-3 Z2").num_qubits(), 3u);  // inferred from the largest index
  EXPECT_DOUBLE_EQ(pauli_sum::parse(".5*X").terms()[0].coefficient(), 0.5);
}

TEST(PauliSum, ToStringRoundTrips) {
  const pauli_sum h = pauli_sum::parse("-0.1*XYZ + 0.30000000000000004*ZZI - 7*III");
  EXPECT_EQ(h.to_string(), "-0.1*XYZ + 0.30000000000000004*ZZI - 7*III");
  EXPECT_EQ(pauli_sum::parse(h.to_string()), h);
  EXPECT_EQ(pauli_sum::parse(pauli_sum(2).to_string()).size(), 1u);
}

TEST(PauliSum, MalformedTextIsRejectedWithTheColumn) {
  using E = dsegym::invalid_argument;
  expect_quantum_error<E>([] { (void)pauli_sum::parse(""); }, "the text is empty");
  expect_quantum_error<E>([] { (void)pauli_sum::parse("0.5*ZZ 0.2*XX"); },
                          "at column 8 (near \"0.2*XX\"): expected '+' or '-' between terms");
  expect_quantum_error<E>([] { (void)pauli_sum::parse("0.5*ZZ + -XX"); }, "two signs in a row");
  expect_quantum_error<E>([] { (void)pauli_sum::parse("0.5*zz"); }, "Pauli letters are upper case");
  expect_quantum_error<E>([] { (void)pauli_sum::parse("0.5**ZZ"); },
                          "expected a Pauli operator (I, X, Y, Z) after '*'");
  expect_quantum_error<E>([] { (void)pauli_sum::parse("0.5*ZZA"); },
                          "unexpected character in a Pauli operator");
  expect_quantum_error<E>([] { (void)pauli_sum::parse("0.5*ZZ +"); },
                          "(end of text): expected a coefficient");
  expect_quantum_error<E>([] { (void)pauli_sum::parse("ZZ0"); },
                          "a wire index must follow a single Pauli letter");
  expect_quantum_error<E>([] { (void)pauli_sum::parse("Z0 Z0"); },
                          "wire 0 appears twice in one term");
  expect_quantum_error<E>([] { (void)pauli_sum::parse("1.5"); },
                          "cannot infer the number of qubits");
}

TEST(PauliSum, NonFiniteCoefficientsAreRejected) {
  using E = dsegym::invalid_argument;
  expect_quantum_error<E>([] { (void)pauli_sum::parse("nan*ZZ"); },
                          "coefficient must be finite, got nan");
  expect_quantum_error<E>([] { (void)pauli_sum::parse("0.5*XX - inf*ZZ"); },
                          "coefficient must be finite, got inf");
  expect_quantum_error<E>([] { (void)pauli_sum::parse("1e999*ZZ"); },
                          "out of the range of a double");
  pauli_sum h(2);
  expect_quantum_error<E>([&] { h.add(std::nan(""), "XX"); }, "must be finite");
}

TEST(PauliSum, WrongLengthsAndIndicesAreRejected) {
  using E = dsegym::invalid_argument;
  expect_quantum_error<E>(
      [] { (void)pauli_sum::parse("0.5*ZZII - 0.2*XXY"); },
      "Pauli label \"XXY\" (term at column 12) has 3 characters but earlier labels have 4");
  expect_quantum_error<E>([] { (void)pauli_sum::parse("0.5*ZZ", 3); },
                          "has 2 characters; expected 3, one per qubit");
  expect_quantum_error<E>([] { (void)pauli_sum::parse("0.5 Z0 Z4", 4); },
                          "wire 4 (term at column 1) is out of range for 4 qubits");
  pauli_sum h(3);
  expect_quantum_error<E>([&] { h.add(1.0, "XX"); }, "has 2 characters; expected 3");
  expect_quantum_error<E>([&] { (void)h.expectation(state_vector(2)); },
                          "expectation of a 3-qubit Pauli sum in a 2-qubit state");
}

TEST(PauliSum, KnownExpectationValues) {
  const state_vector bell = bell_state();
  EXPECT_NEAR(pauli_sum::parse("ZZ").expectation(bell), 1.0, 1e-15);
  EXPECT_NEAR(pauli_sum::parse("XX").expectation(bell), 1.0, 1e-15);
  EXPECT_NEAR(pauli_sum::parse("YY").expectation(bell), -1.0, 1e-15);
  EXPECT_NEAR(pauli_sum::parse("ZI + IZ + XY").expectation(bell), 0.0, 1e-15);
  state_vector one_zero = state_vector::from_bitstring("10");
  EXPECT_NEAR(pauli_sum::parse("0.5*ZI - 0.25*IZ + 3").expectation(one_zero), -0.5 - 0.25 + 3,
              1e-15);
}

TEST(PauliSum, ExpectationAndApplyMatchTheDenseMatrix) {
  const pauli_sum h = pauli_sum::parse(
      "0.3*XYZI - 1.1*YYII + 0.7*ZIZX + 0.2*IIIY - 0.4*XXXX + 0.9*ZZZZ + 0.05*IIII");
  const state_vector psi = test::random_state(4, 21);
  const auto hpsi = test::multiply(dense_of(h), psi.amplitudes());
  test::cd expected{};
  for (std::size_t i = 0; i < psi.size(); ++i) expected += std::conj(psi[i]) * hpsi[i];
  EXPECT_NEAR(h.expectation(psi), expected.real(), 1e-13);
  EXPECT_NEAR(expected.imag(), 0.0, 1e-13);
  state_vector out(4);
  h.apply(psi, out);
  test::expect_amplitudes_near(out.amplitudes(), hpsi, 1e-13);
}

TEST(PauliSum, DiagonalSimplifyAndArithmetic) {
  const pauli_sum h = pauli_sum::parse("1.0*ZI + 0.5*IZ + 2*II + 0.25*ZI - 1.25*ZI + 0.5*XX");
  EXPECT_FALSE(h.is_diagonal());
  const std::vector<double> d = h.diagonal();  // XX does not contribute
  EXPECT_DOUBLE_EQ(d[0], 0.0 + 0.5 + 2);       // |00>: ZI terms sum to 0
  EXPECT_DOUBLE_EQ(d[1], -0.5 + 2);
  const pauli_sum s = h.simplified();
  ASSERT_EQ(s.size(), 3u);  // ZI cancels to 0 and is dropped
  EXPECT_EQ(s.terms()[0].label(), "IZ");
  EXPECT_TRUE((h - h).simplified().empty());
  EXPECT_DOUBLE_EQ((2.0 * h).coefficient_norm(), 2.0 * h.coefficient_norm());
  expect_quantum_error<dsegym::invalid_argument>([&] { (void)(h + pauli_sum(3)); },
                                                 "widths differ");
}

}  // namespace
}  // namespace dsegym::sim::quantum

// ----- user Hamiltonians from text (hamiltonian_text.hpp) -----------------------------------------


#include <cstdio>
#include <fstream>

#include "dsegym/sim/quantum/ground_state.hpp"
#include "dsegym/sim/quantum/hamiltonian_text.hpp"
#include "dsegym/sim/quantum/hamiltonians.hpp"

namespace dsegym::sim::quantum {
namespace {

TEST(HamiltonianText, ReadsTheOpenFermionPrintoutWithSignsAndComplexCoefficients) {
  const pauli_sum h = parse_hamiltonian_text(
      "# two qubits\n(-0.5+0j) [] +\n0.25 [Z0 Z1] +\n-0.125 [X1] +\n(0.0625-0j) [Y0]\n");
  EXPECT_EQ(h.num_qubits(), 2u);  // inferred from the largest wire
  const pauli_sum expected = pauli_sum::from_terms({{"II", -0.5}, {"ZZ", 0.25}, {"IX", -0.125}, {"YI", 0.0625}});
  EXPECT_EQ(h, expected.simplified());
  // The same operator in the pauli_sum text form gives the same sum.
  EXPECT_EQ(parse_hamiltonian_text("-0.5 I + 0.25 Z0 Z1 - 0.125 X1 + 0.0625 Y0"), h);
  // min_qubits widens (identity on the extra wires).
  EXPECT_EQ(parse_hamiltonian_text("1.0 [Z0]", 3).num_qubits(), 3u);
  EXPECT_EQ(parse_hamiltonian_text("1.0*Z", 3).terms()[0].label(), "ZII");
}

TEST(HamiltonianText, MalformedTermsAreClearErrors) {
  using E = dsegym::invalid_argument;
  // "Z-1" must not become Z minus a constant.
  expect_quantum_error<E>([] { (void)pauli_sum::parse("0.5 Z-1"); }, "non-negative integer");
  expect_quantum_error<E>([] { (void)parse_hamiltonian_text("0.5 Z-1"); }, "non-negative integer");
  expect_quantum_error<E>([] { (void)parse_hamiltonian_text("0.5 [Z-1]"); }, "must be a non-negative integer");
  expect_quantum_error<E>([] { (void)parse_hamiltonian_text("0.5 [Z0] + 0.2 [z1]"); }, "upper case");
  expect_quantum_error<E>([] { (void)parse_hamiltonian_text("0.5 [Z0 Z0]"); }, "appears twice");
  expect_quantum_error<E>([] { (void)parse_hamiltonian_text("(0.5+0.1j) [X0]"); }, "imaginary part");
  expect_quantum_error<E>([] { (void)parse_hamiltonian_text("0.5 [Z0] 0.2 [Z1]"); }, "expected '+' between terms");
  expect_quantum_error<E>([] { (void)parse_hamiltonian_text("0.5 [Z0] +\n0.2 [Q1]"); }, "line 2");
  expect_quantum_error<E>([] { (void)parse_hamiltonian_text("0.5 [Z0] +"); }, "another term");
  expect_quantum_error<E>([] { (void)parse_hamiltonian_text("0.5 [Z99]"); }, "too large");
  expect_quantum_error<E>([] { (void)parse_hamiltonian_text("[Z0]"); }, "expected a coefficient");
  expect_quantum_error<E>([] { (void)read_hamiltonian_file("/nonexistent/h.txt"); }, "cannot open");
  // "Z - 1" (blanks) is still the constant term it says.
  EXPECT_EQ(pauli_sum::parse("0.5 Z - 1").size(), 2u);
}

TEST(HamiltonianText, LiHFromOpenFermionHasThePublishedGroundEnergy) {
  const vqe_problem p = lih_jordan_wigner_145();
  EXPECT_EQ(p.hamiltonian.num_qubits(), 4u);
  EXPECT_EQ(p.hamiltonian.size(), 27u);  // the 27 printed terms, none merged
  // OpenFermion's tutorial prints E0 = -7.862773163027991 Ha for this operator.
  EXPECT_NEAR(ground_state(p.hamiltonian).energy, -7.862773163027991, 1e-9);
  EXPECT_NEAR(p.hamiltonian.expectation(state_vector::from_bitstring(p.reference_state)), p.reference_energy, 1e-12);
}

TEST(HamiltonianText, FileRoundTrip) {
  const std::string path = ::testing::TempDir() + "dsegym_h2.txt";
  {
    std::ofstream f(path);
    f << h2_parity_0735().hamiltonian.to_string() << "\n";
  }
  const pauli_sum h = read_hamiltonian_file(path);
  EXPECT_NEAR(ground_state(h).energy, -1.857275030202, 1e-9);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace dsegym::sim::quantum

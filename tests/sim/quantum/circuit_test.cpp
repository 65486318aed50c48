#include "dsegym/sim/quantum/circuit.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "dsegym/sim/quantum/state_vector.hpp"
#include "test_util.hpp"

namespace dsegym::sim::quantum {
namespace {

using test::expect_quantum_error;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

TEST(Circuit, BuildersRecordGatesAndParameters) {
  circuit c(3);
  c.h(0)
      .cnot(0, 1)
      .ry(2, c.new_parameter())
      .crz(1, 2, c.new_parameter(0.5, 0.1))
      .u3(0, 0.1, 0.2, 0.3);
  EXPECT_EQ(c.size(), 5u);
  EXPECT_EQ(c.num_params(), 2u);
  EXPECT_EQ(c[2].angles[0], angle::parameter(0));
  EXPECT_EQ(c[3].angles[0], angle::parameter(1, 0.5, 0.1));
  EXPECT_EQ(c.to_string(),
            "h(0)\ncnot(0, 1)\nry(2, p0)\ncrz(1, 2, 0.5*p1+0.1)\nu3(0, 0.1, 0.2, 0.3)\n");
}

TEST(Circuit, DepthPlacesGatesAsSoonAsTheirWiresAreFree) {
  circuit c(4);
  c.h(0).h(1).h(2).h(3);  // moment 1
  EXPECT_EQ(c.depth(), 1u);
  c.cnot(0, 1).cnot(2, 3);  // moment 2
  EXPECT_EQ(c.depth(), 2u);
  c.cnot(1, 2);  // moment 3
  c.x(0);        // fits in moment 3
  EXPECT_EQ(c.depth(), 3u);
  EXPECT_EQ(c.two_qubit_count(), 3u);
  EXPECT_EQ(c.count(gate_kind::cnot), 3u);
  EXPECT_EQ(circuit(2).depth(), 0u);
}

TEST(Circuit, InverseUndoesTheCircuitWithSameParameters) {
  circuit c(3);
  c.h(0)
      .s(1)
      .t(2)
      .sx(0)
      .rx(1, c.new_parameter())
      .u3(2, c.new_parameter(), 0.3, c.new_parameter(-1.5, 0.2));
  c.cnot(0, 2).crx(2, 1, c.new_parameter()).rzz(0, 1, 0.8).swap(1, 2).cz(0, 1).cry(0, 1, 0.4);
  c.crz(1, 0, c.new_parameter(2.0)).y(1).sdg(2).tdg(0).sxdg(1);
  const std::vector<double> p{0.3, -1.2, 0.7, 2.2, -0.4};
  state_vector psi = test::random_state(3, 11);
  const state_vector start = psi;
  psi.apply(c, p);
  EXPECT_LT(psi.fidelity(start), 0.99);
  psi.apply(c.inverse(), p);
  for (std::size_t i = 0; i < psi.size(); ++i) EXPECT_NEAR(std::abs(psi[i] - start[i]), 0.0, 1e-13);
}

TEST(Circuit, PopBackAndAppend) {
  circuit a(2), b(2);
  a.h(0);
  b.cnot(0, 1).rx(1, angle::parameter(4));
  a.append(b);
  EXPECT_EQ(a.size(), 3u);
  EXPECT_EQ(a.num_params(), 5u);
  a.pop_back();
  EXPECT_EQ(a.size(), 2u);
  expect_quantum_error<dsegym::invalid_argument>(
      [&] { a.append(circuit(3)); }, "cannot append a 3-qubit circuit to a 2-qubit circuit");
}

TEST(Circuit, QubitOutOfRangeIsRejected) {
  circuit c(2);
  expect_quantum_error<dsegym::invalid_argument>(
      [&] { c.h(2); }, "qubit of h is 2 but the register has 2 qubit(s); valid indices are 0..1");
  expect_quantum_error<dsegym::invalid_argument>([&] { c.cnot(0, 5); },
                                                 "target qubit of cnot is 5");
  expect_quantum_error<dsegym::invalid_argument>([&] { c.crx(7, 0, 0.1); },
                                                 "control qubit of crx is 7");
  expect_quantum_error<dsegym::invalid_argument>([&] { c.swap(1, 1); },
                                                 "swap needs two different qubits");
  EXPECT_TRUE(c.empty());
}

TEST(Circuit, NanAnglesAndWrongArityAreRejected) {
  circuit c(1);
  expect_quantum_error<dsegym::invalid_argument>([&] { c.rx(0, nan); },
                                                 "angle 0 of rx must be finite, got nan");
  expect_quantum_error<dsegym::invalid_argument>(
      [&] { c.u3(0, 0.0, std::numeric_limits<double>::infinity(), 0.0); },
      "angle 1 of u3 must be finite, got inf");
  expect_quantum_error<dsegym::invalid_argument>([&] { c.ry(0, angle::parameter(0, nan)); },
                                                 "angle 0 of ry (scale) must be finite");
  expect_quantum_error<dsegym::invalid_argument>([&] { c.add(gate_kind::rx, {0}); },
                                                 "rx takes 1 qubit(s) and 1 angle(s), got 1 and 0");
  expect_quantum_error<dsegym::invalid_argument>([] { circuit(0); }, "at least 1 qubit");
}

TEST(Circuit, ParameterValuesAreChecked) {
  circuit c(1);
  c.rx(0, c.new_parameter()).ry(0, c.new_parameter());
  state_vector psi(1);
  expect_quantum_error<dsegym::invalid_argument>(
      [&] { psi.apply(c, std::vector{0.1}); },
      "the circuit has 2 parameter(s) but 1 value(s) were given");
  expect_quantum_error<dsegym::invalid_argument>(
      [&] {
        psi.apply(c, std::vector{0.1, nan});
      },
      "parameter 1 must be finite, got nan");
}

TEST(Circuit, SetAngleValidates) {
  circuit c(1);
  c.rx(0, 0.1).h(0);
  c.set_angle(0, 0, angle::parameter(2));
  EXPECT_EQ(c.num_params(), 3u);
  expect_quantum_error<dsegym::invalid_argument>(
      [&] { c.set_angle(1, 0, 0.5); }, "angle slot 0 out of range; gate 1 (h) takes 0 angle(s)");
  expect_quantum_error<dsegym::invalid_argument>([&] { c.set_angle(9, 0, 0.5); },
                                                 "gate index 9 out of range");
}

}  // namespace
}  // namespace dsegym::sim::quantum

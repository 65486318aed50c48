#include "dsegym/sim/quantum/random_circuit.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numbers>
#include <set>

#include "dsegym/sim/quantum/adam.hpp"
#include "dsegym/sim/quantum/circuit_objective.hpp"
#include "test_util.hpp"

namespace dsegym::sim::quantum {
namespace {

using test::expect_quantum_error;

TEST(RandomCircuit, FollowsSunsGeneratorRules) {
  rng g(2024);
  const random_circuit_options o;  // 4 qubits, 10 gates, depth <= 5
  const auto pool = sun_gate_pool();
  std::set<gate_kind> seen;
  for (int k = 0; k < 200; ++k) {
    const circuit c = random_circuit(o, g);
    ASSERT_EQ(c.size(), 10u);
    ASSERT_LE(c.depth(), 5u);
    EXPECT_EQ(c.num_params(), 0u);  // fixed angles
    for (const gate& gt : c.gates()) {
      seen.insert(gt.kind);
      ASSERT_NE(std::find(pool.begin(), pool.end(), gt.kind), pool.end());
      if (gt.kind == gate_kind::cnot) {
        EXPECT_EQ(gt.qubits[1], (gt.qubits[0] + 1) % 4);
      }
      for (std::size_t i = 0; i < gt.num_angles(); ++i) {
        EXPECT_GE(gt.angles[i].offset, 0.0);
        EXPECT_LT(gt.angles[i].offset, 2 * std::numbers::pi);
      }
    }
  }
  EXPECT_EQ(seen.size(), pool.size());
}

TEST(RandomCircuit, SameSeedSameCircuit) {
  random_circuit_options o;
  o.num_qubits = 8;
  o.num_gates = 20;
  o.max_depth = 0;
  rng a(7), b(7), c(8);
  const circuit x = random_circuit(o, a);
  EXPECT_EQ(x.gates(), random_circuit(o, b).gates());
  EXPECT_NE(x.gates(), random_circuit(o, c).gates());
}

TEST(RandomCircuit, TargetsAreReachableByTheirOwnStructure) {
  // Re-parameterise the generator's own gates and recover the target by gradient descent:
  // the reachable-by-construction property the random-target task relies on (spec §4).
  rng g(11);
  random_circuit_options o;
  o.pool = {gate_kind::rx, gate_kind::ry, gate_kind::rz, gate_kind::cnot, gate_kind::cz};
  const random_target t = make_random_target(o, g);
  circuit ansatz(4);
  std::vector<double> truth;
  for (const gate& gt : t.generator.gates()) {
    gate p = gt;
    if (gt.num_angles() == 1) {
      truth.push_back(gt.angles[0].offset);
      p.angles[0] = ansatz.new_parameter();
    }
    ansatz.add(p);
  }
  const auto f = circuit_objective::infidelity(ansatz, t.state);
  EXPECT_NEAR(f.value(truth), 0.0, 1e-12);
  EXPECT_NEAR(t.state.norm_squared(), 1.0, 1e-12);
}

TEST(RandomCircuit, ImpossibleRequestsAreRejected) {
  rng g(0);
  random_circuit_options o;
  o.num_gates = 30;  // 4 qubits x depth 5 = 20 slots at most
  expect_quantum_error<dsegym::invalid_argument>([&] { (void)random_circuit(o, g); },
                                                 "cannot fit 30 gates on 4 qubits within depth 5");
  o = {};
  o.pool.clear();
  expect_quantum_error<dsegym::invalid_argument>([&] { (void)random_circuit(o, g); },
                                                 "pool is empty");
  o = {};
  o.num_qubits = 1;
  o.num_gates = 3;
  expect_quantum_error<dsegym::invalid_argument>(
      [&] { (void)random_circuit(o, g); }, "two-qubit gate cnot but the register has 1 qubit");
  o = {};
  o.num_gates = 20;
  o.max_depth = 5;
  o.max_attempts = 3;
  expect_quantum_error<dsegym::resource_exhausted>([&] { (void)random_circuit(o, g); },
                                                   "found no circuit of depth <= 5 in 3 attempts");
}

}  // namespace
}  // namespace dsegym::sim::quantum

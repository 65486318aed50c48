#include "dsegym/sim/quantum/maxcut_graph.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "dsegym/sim/quantum/bitstring.hpp"
#include "dsegym/sim/quantum/circuit_objective.hpp"
#include "dsegym/sim/quantum/nelder_mead.hpp"
#include "dsegym/sim/quantum/qaoa.hpp"
#include "test_util.hpp"

namespace dsegym::sim::quantum {
namespace {

using test::expect_quantum_error;

TEST(MaxcutGraph, RingOfFourHasTwoOptimalCutsOfFour) {
  const auto r = maxcut_graph::ring(4).max_cut();
  EXPECT_EQ(r.value, 4u);
  ASSERT_EQ(r.optimal_cuts.size(), 2u);
  EXPECT_EQ(to_bitstring(r.optimal_cuts[0], 4), "0101");
  EXPECT_EQ(to_bitstring(r.optimal_cuts[1], 4), "1010");
}

TEST(MaxcutGraph, SunEightNodeGraphHasCmaxTwelveAndSixOptima) {
  const maxcut_graph g = maxcut_graph::sun_eight_node();
  EXPECT_EQ(g.edges().size(), 15u);
  const auto r = g.max_cut();
  EXPECT_EQ(r.value, 12u);
  EXPECT_EQ(r.optimal_cuts.size(), 6u);
  // Spec: {0,2,3,5} vs {1,4,6,7} is optimal.
  EXPECT_EQ(g.cut_value(from_bitstring("10110100")), 12u);
}

TEST(MaxcutGraph, CostOperatorIsDiagonalWithTheCutValues) {
  const maxcut_graph g = maxcut_graph::sun_eight_node();
  const pauli_sum c = g.cost_operator();
  EXPECT_TRUE(c.is_diagonal());
  const std::vector<double> d = c.diagonal();
  for (std::uint64_t a = 0; a < d.size(); ++a)
    ASSERT_NEAR(d[a], static_cast<double>(g.cut_value(a)), 1e-12) << a;
}

double qaoa_expectation(const maxcut_graph& g, double gamma, double beta) {
  const auto f = circuit_objective::energy(qaoa_circuit(g, 1), g.cost_operator());
  return f.value(std::vector{gamma, beta});
}

TEST(Qaoa, RingOfFourAtDepthOneReachesThree) {
  // Spec §5.5: best p = 1 <C> = 3.0 at gamma = pi/4, beta = pi/8.
  const maxcut_graph g = maxcut_graph::ring(4);
  EXPECT_NEAR(qaoa_expectation(g, std::numbers::pi / 4, std::numbers::pi / 8), 3.0, 1e-12);
  EXPECT_NEAR(qaoa_expectation(g, 0.0, 0.0), 2.0, 1e-12);  // |+>^n cuts half the edges
  const auto f = circuit_objective::energy(qaoa_circuit(g, 1), -g.cost_operator());
  const auto r = nelder_mead([&](auto x) { return f.value(x); }, std::vector{0.5, 0.3},
                             {.max_evaluations = 300});
  EXPECT_NEAR(-r.value, 3.0, 1e-6);
}

TEST(Qaoa, SunEightNodeGraphAtDepthOneReachesSpecOptimum) {
  // Spec §5.5: best p = 1 <C> ~ 9.436 (ratio 0.786) near gamma 0.506, beta 0.337.
  const maxcut_graph g = maxcut_graph::sun_eight_node();
  const auto f = circuit_objective::energy(qaoa_circuit(g, 1), -g.cost_operator());
  const auto r = nelder_mead([&](auto x) { return f.value(x); }, std::vector{0.5, 0.34},
                             {.max_evaluations = 300});
  EXPECT_NEAR(-r.value, 9.436, 1e-3);
  EXPECT_NEAR(-r.value / 12.0, 0.786, 1e-3);
  EXPECT_NEAR(r.x[0], 0.506, 0.01);
  EXPECT_NEAR(r.x[1], 0.337, 0.01);
}

TEST(Qaoa, LayersShareParameters) {
  const circuit c = qaoa_circuit(maxcut_graph::ring(4), 3);
  EXPECT_EQ(c.num_params(), 6u);
  EXPECT_EQ(c.count(gate_kind::rzz), 12u);
  EXPECT_EQ(c.count(gate_kind::rx), 12u);
}

TEST(MaxcutGraph, RandomGraphsAreSeeded) {
  rng a(5), b(5);
  const auto g1 = maxcut_graph::random(10, 0.5, a);
  const auto g2 = maxcut_graph::random(10, 0.5, b);
  EXPECT_EQ(g1.edges(), g2.edges());
  EXPECT_GT(g1.edges().size(), 5u);
  EXPECT_LT(g1.edges().size(), 40u);
  rng c(1);
  EXPECT_TRUE(maxcut_graph::random(6, 0.0, c).edges().empty());
  EXPECT_EQ(maxcut_graph::random(6, 1.0, c).edges().size(), 15u);
}

TEST(MaxcutGraph, BadGraphsAreRejected) {
  using E = dsegym::invalid_argument;
  expect_quantum_error<E>(
      [] {
        maxcut_graph(3, {{0, 3}});
      },
      "edge 0 (0, 3) node is 3 but the register has 3");
  expect_quantum_error<E>([] { maxcut_graph(3, {{1, 1}}); }, "edge 0 (1, 1) is a self-loop");
  expect_quantum_error<E>(
      [] {
        maxcut_graph(3, {{0, 1}, {1, 0}});
      },
      "edge 1 (1, 0) repeats edge 0");
  expect_quantum_error<E>([] { (void)maxcut_graph::ring(2); }, "a ring needs at least 3 nodes");
  rng g(0);
  expect_quantum_error<E>([&] { (void)maxcut_graph::random(4, 1.5, g); },
                          "edge probability must be in [0, 1]");
  expect_quantum_error<E>([] { (void)qaoa_circuit(maxcut_graph::ring(3), 0); }, "at least 1 layer");
}

}  // namespace
}  // namespace dsegym::sim::quantum

#include <gtest/gtest.h>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/aig/aiger.hpp"
#include "dsegym/sim/aig/equivalence.hpp"
#include "test_data.hpp"
#include "dsegym_test_data.hpp"

namespace aig = dsegym::sim::aig;
using aig::lit_not;

namespace {
// (a & b) | c written two ways, plus a deliberately wrong variant
aig::graph ab_or_c(int variant, unsigned extra_pis = 0) {
  aig::graph g;
  const auto a = g.add_pi(), b = g.add_pi(), c = g.add_pi();
  for (unsigned i = 0; i < extra_pis; ++i) (void)g.add_pi();
  if (variant == 0) {
    g.add_po(g.create_or(g.create_and(a, b), c));
  } else if (variant == 1) {  // (a | c) & (b | c)
    g.add_po(g.create_and(g.create_or(a, c), g.create_or(b, c)));
  } else {  // wrong when a=1,b=0,c=0
    g.add_po(g.create_or(g.create_and(a, lit_not(b)), c));
  }
  return g;
}
}  // namespace

TEST(AigEquivalence, EvaluateAndSimulate) {
  const auto g = ab_or_c(0);
  EXPECT_EQ(aig::evaluate(g, {true, true, false}), std::vector<bool>{true});
  EXPECT_EQ(aig::evaluate(g, {true, false, false}), std::vector<bool>{false});
  const auto r = aig::simulate(g, {{0xAAAAAAAAAAAAAAAAULL}, {0xCCCCCCCCCCCCCCCCULL},
                                   {0xF0F0F0F0F0F0F0F0ULL}});
  EXPECT_EQ(r[0][0], (0xAAAAAAAAAAAAAAAAULL & 0xCCCCCCCCCCCCCCCCULL) | 0xF0F0F0F0F0F0F0F0ULL);
}

TEST(AigEquivalence, ExhaustiveSimulationDecides) {
  auto r = aig::check_by_simulation(ab_or_c(0), ab_or_c(1));
  EXPECT_EQ(r.result, aig::verdict::equivalent);
  EXPECT_TRUE(r.exhaustive);
  r = aig::check_by_simulation(ab_or_c(0), ab_or_c(2));
  ASSERT_EQ(r.result, aig::verdict::different);
  EXPECT_NE(aig::evaluate(ab_or_c(0), r.counterexample), aig::evaluate(ab_or_c(2), r.counterexample));
}

TEST(AigEquivalence, RandomSimulationFindsDifferenceOnWideInputs) {
  const auto r = aig::check_by_simulation(ab_or_c(0, 30), ab_or_c(2, 30), 4, 3);
  EXPECT_FALSE(r.exhaustive);
  EXPECT_EQ(r.result, aig::verdict::different);
  EXPECT_EQ(aig::check_by_simulation(ab_or_c(0, 30), ab_or_c(1, 30)).result, aig::verdict::unknown);
}

TEST(AigEquivalence, InterfaceMismatchIsInvalidArgument) {
  EXPECT_THROW((void)aig::check_by_simulation(ab_or_c(0), ab_or_c(0, 1)), dsegym::invalid_argument);
}

TEST(AigEquivalence, SatProvesAndRefutes) {
  if (!aig::sat_available()) GTEST_SKIP() << "built without CaDiCaL";
  EXPECT_EQ(aig::check_by_sat(ab_or_c(0, 40), ab_or_c(1, 40)).result, aig::verdict::equivalent);
  const auto r = aig::check_by_sat(ab_or_c(0, 40), ab_or_c(2, 40));
  ASSERT_EQ(r.result, aig::verdict::different);
  EXPECT_NE(aig::evaluate(ab_or_c(0, 40), r.counterexample),
            aig::evaluate(ab_or_c(2, 40), r.counterexample));
}

TEST(AigEquivalence, SatOnEpflCopyAndMutation) {
  if (!aig::sat_available()) GTEST_SKIP() << "built without CaDiCaL";
  DSEGYM_NEED_DATA("epfl");
  const auto g = aig::read_aiger(aig_test::epfl_path("i2c"));
  const auto h = aig::parse_aiger(aig::to_aiger(g, {false, true, true}));
  EXPECT_EQ(aig::check_equivalence(g, h).result, aig::verdict::equivalent);
  // flip one AND deep inside: redirect a PO onto a complemented internal AND's fanin
  aig::graph m = g.cleanup();
  std::uint32_t o = 0;
  while (!m.is_and(aig::lit_node(m.po(o)))) ++o;
  const aig::node_t n = aig::lit_node(m.po(o));
  m.set_po(o, aig::lit_not(m.fanin0(n)));
  const auto r = aig::check_by_sat(g, m);
  ASSERT_EQ(r.result, aig::verdict::different);
  EXPECT_EQ(r.po, o);
  EXPECT_NE(aig::evaluate(g, r.counterexample)[o], aig::evaluate(m, r.counterexample)[o]);
}

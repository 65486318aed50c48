#include <gtest/gtest.h>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/aig/graph.hpp"

namespace aig = dsegym::sim::aig;
using aig::lit_not;

TEST(AigGraph, StrashSimplifiesTrivialCases) {
  aig::graph g;
  const auto a = g.add_pi("a");
  const auto b = g.add_pi("b");
  EXPECT_EQ(g.create_and(a, aig::lit_false), aig::lit_false);
  EXPECT_EQ(g.create_and(aig::lit_true, a), a);
  EXPECT_EQ(g.create_and(a, a), a);
  EXPECT_EQ(g.create_and(a, lit_not(a)), aig::lit_false);
  const auto x = g.create_and(a, b);
  EXPECT_EQ(g.create_and(b, a), x);  // order does not matter
  EXPECT_NE(g.create_and(lit_not(a), b), x);
  EXPECT_EQ(g.num_live_ands(), 2u);
  EXPECT_EQ(g.lookup_and(a, b), x);
  EXPECT_EQ(g.lookup_and(a, lit_not(b)), aig::no_lit);
  EXPECT_THROW(g.add_pi("late"), dsegym::invalid_argument);
}

TEST(AigGraph, LevelsRefsAndDepth) {
  aig::graph g;
  const auto a = g.add_pi(), b = g.add_pi(), c = g.add_pi();
  const auto x = g.create_and(a, b);
  const auto y = g.create_and(lit_not(x), c);
  g.add_po(lit_not(y));
  g.add_po(x);
  EXPECT_EQ(g.level(aig::lit_node(x)), 1u);
  EXPECT_EQ(g.level(aig::lit_node(y)), 2u);
  EXPECT_EQ(g.depth(), 2u);
  EXPECT_EQ(g.refs(aig::lit_node(x)), 2u);  // one fanout + one PO
  EXPECT_EQ(g.refs(aig::lit_node(a)), 1u);
  EXPECT_EQ(g.num_ands(), 2u);
}

TEST(AigGraph, CleanupRemovesDanglingAndRenumbers) {
  aig::graph g;
  const auto a = g.add_pi(), b = g.add_pi(), c = g.add_pi();
  (void)g.create_and(a, c);  // dangling
  const auto x = g.create_and(a, b);
  const auto y = g.create_and(x, c);
  g.add_po(y);
  EXPECT_EQ(g.num_live_ands(), 3u);
  EXPECT_EQ(g.num_ands(), 2u);
  const auto h = g.cleanup();
  EXPECT_EQ(h.num_live_ands(), 2u);
  EXPECT_EQ(h.size(), 1u + 3u + 2u);
  EXPECT_EQ(aig::lit_node(h.po(0)), 5u);  // DFS order: x = 4, y = 5
  EXPECT_EQ(h.fanin0(5), 8u);
}

TEST(AigGraph, ReplaceMergesCascadesAndDeletesMffc) {
  aig::graph g;
  const auto a = g.add_pi(), b = g.add_pi(), c = g.add_pi();
  const auto ab = g.create_and(a, b);
  const auto t = g.create_and(ab, c);        // (a b) c
  const auto bc = g.create_and(b, c);
  const auto u = g.create_and(a, bc);        // a (b c)  : same function as t
  const auto v = g.create_and(t, lit_not(c));  // = 0 functionally but structurally not
  g.add_po(t);
  g.add_po(u);
  g.add_po(v);
  g.enable_fanouts();
  // replace u by t: PO1 moves, bc dangles and vanishes
  g.replace(aig::lit_node(u), t);
  EXPECT_EQ(g.po(1), t);
  EXPECT_TRUE(g.is_dead(aig::lit_node(u)));
  EXPECT_TRUE(g.is_dead(aig::lit_node(bc)));
  // replace ab by a: t becomes AND(a, c) (new), v = AND(t, !c) stays
  g.replace(aig::lit_node(ab), a);
  EXPECT_EQ(g.num_ands(), 2u);
  EXPECT_EQ(g.level(aig::lit_node(g.po(0))), 1u);
  EXPECT_EQ(g.depth(), 2u);
  // replacing node t by c makes v = AND(c, !c) = 0 by cascade
  g.replace(aig::lit_node(g.po(0)), c);
  EXPECT_EQ(g.po(0), c);
  EXPECT_EQ(g.po(2), aig::lit_false);
  EXPECT_EQ(g.num_ands(), 0u);
  EXPECT_EQ(g.num_live_ands(), 0u);
}

TEST(AigGraph, ReplaceMergesDuplicateFanouts) {
  aig::graph g;
  const auto a = g.add_pi(), b = g.add_pi(), c = g.add_pi();
  const auto x = g.create_and(a, b);
  const auto y = g.create_and(a, c);
  const auto p = g.create_and(x, c);
  const auto q = g.create_and(y, c);  // if y := x then q duplicates p
  g.add_po(p);
  g.add_po(q);
  g.enable_fanouts();
  g.replace(aig::lit_node(y), x);
  EXPECT_EQ(g.po(1), p);
  EXPECT_EQ(g.num_ands(), 2u);
  EXPECT_EQ(g.num_live_ands(), 2u);
  EXPECT_EQ(g.refs(aig::lit_node(p)), 2u);
}

TEST(AigGraph, MffcCountsConeAndRestoresRefs) {
  aig::graph g;
  const auto a = g.add_pi(), b = g.add_pi(), c = g.add_pi();
  const auto x = g.create_and(a, b);
  const auto y = g.create_and(x, c);
  const auto z = g.create_and(y, a);
  const auto w = g.create_and(x, lit_not(c));
  g.add_po(z);
  g.add_po(w);
  EXPECT_EQ(g.mffc_size(aig::lit_node(z)), 2u);  // z, y (x is shared with w)
  EXPECT_EQ(g.refs(aig::lit_node(x)), 2u);
  EXPECT_EQ(g.mffc_size(aig::lit_node(z), {aig::lit_node(y)}), 1u);
}

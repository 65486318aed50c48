#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/aig/aiger.hpp"
#include "dsegym/sim/aig/mapping.hpp"
#include "test_data.hpp"
#include "dsegym_test_data.hpp"

namespace aig = dsegym::sim::aig;

namespace {
std::string genlib_path() { return std::string(DSEGYM_TEST_DATA_DIR) + "/genlib/simple.genlib"; }

void expect_genlib_error(const std::string& text, const std::string& fragment, std::size_t line) {
  try {
    (void)aig::parse_genlib(text, "t.genlib");
    ADD_FAILURE() << "no error for " << text;
  } catch (const dsegym::data_error& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    EXPECT_EQ(e.line(), line) << e.what();
  }
}

aig::graph and_chain(unsigned n) {
  aig::graph g;
  std::vector<aig::lit_t> in;
  for (unsigned i = 0; i < n; ++i) in.push_back(g.add_pi());
  aig::lit_t acc = in[0];
  for (unsigned i = 1; i < n; ++i) acc = g.create_and(acc, in[i]);
  g.add_po(acc);
  return g;
}
}  // namespace

TEST(AigGenlib, SimpleGenlibMatchesBuiltInLibrary) {
  DSEGYM_NEED_DATA("genlib");
  const auto lib = aig::read_genlib(genlib_path());
  const auto def = aig::default_library();
  ASSERT_EQ(lib.gates.size(), def.gates.size());
  for (std::size_t i = 0; i < lib.gates.size(); ++i) {
    EXPECT_EQ(lib.gates[i].name, def.gates[i].name);
    EXPECT_EQ(lib.gates[i].area, def.gates[i].area) << lib.gates[i].name;
    EXPECT_EQ(lib.gates[i].inputs.size(), def.gates[i].inputs.size()) << lib.gates[i].name;
    EXPECT_EQ(lib.gates[i].function, def.gates[i].function) << lib.gates[i].name;
    EXPECT_EQ(lib.gates[i].pin_delay, def.gates[i].pin_delay) << lib.gates[i].name;
  }
}

TEST(AigGenlib, ParsesNamedPinsAndFanoutDelay) {
  const auto lib = aig::parse_genlib(
      "# c\nGATE INV 1 O=!a; PIN a INV 1 999 1 0.5 1.2 0.5\n"
      "GATE MUX 4 O=(s*b)+(!s*a);\n PIN s UNKNOWN 1 9 2 0 2 0\n PIN a NONINV 1 9 1 0 1 0\n"
      " PIN b NONINV 1 9 1 0 1 0\n");
  ASSERT_EQ(lib.gates.size(), 2u);
  EXPECT_DOUBLE_EQ(lib.gates[0].pin_delay[0], 1.7);  // max(1 + 0.5, 1.2 + 0.5)
  EXPECT_EQ(lib.gates[1].inputs, (std::vector<std::string>{"s", "b", "a"}));
  EXPECT_EQ(lib.gates[1].function, 0xD8u);  // s ? b : a over (s, b, a): minterms 3, 4, 6, 7
}

TEST(AigGenlib, BadLibrariesGiveClearErrors) {
  expect_genlib_error("", "no GATE", 1);
  expect_genlib_error("GATE X 1 O=A;\n", "no PIN line", 1);
  expect_genlib_error("GATE X abc O=A; PIN * NONINV 1 1 1 0 1 0\n", "bad gate area 'abc'", 1);
  expect_genlib_error("GATE X 1 O=A*(B;\nPIN * NONINV 1 1 1 0 1 0\n", "missing ')'", 1);
  expect_genlib_error("GATE X 1 O=A;\nPIN * MAYBE 1 1 1 0 1 0\n", "bad pin phase", 2);
  expect_genlib_error("GATE X 1 O=A;\nPIN Q NONINV 1 1 1 0 1 0\n", "not an input", 2);
  expect_genlib_error("GATE X 1 O=A;\nPIN A NONINV 1 1 1 0\n", "unexpected end", 2);
  expect_genlib_error("FOO X 1 O=A;\n", "expected 'GATE'", 1);
  expect_genlib_error("GATE X 1 A\n", "unexpected end", 1);
  EXPECT_THROW((void)aig::read_genlib("/nonexistent.genlib"), dsegym::not_found);
}

TEST(AigLutMap, ChainOf16AndsNeedsThreeSixLuts) {
  // a linear chain can only be cut into consecutive segments: 6 + 5 + 5 inputs
  const auto r = aig::map_luts(and_chain(16));
  EXPECT_EQ(r.luts, 3u);
  EXPECT_EQ(r.depth, 3u);
  EXPECT_EQ(r.edges, 18u);  // 16 PIs + 2 LUT-to-LUT edges
  const auto r4 = aig::map_luts(and_chain(16), {.k = 4});  // 4 + 3 + 3 + 3 + 3
  EXPECT_EQ(r4.luts, 5u);
  EXPECT_EQ(r4.depth, 5u);
  EXPECT_THROW((void)aig::map_luts(and_chain(4), {.k = 1}), dsegym::invalid_argument);
}

TEST(AigLutMap, EpflCloseToAbc) {
  DSEGYM_NEED_DATA("epfl");
  // ABC `if -K 6` (spec §5.3): ctrl 29/2, bar 512/4, dec 287/2, cavlc 122/4
  struct row {
    const char* d;
    unsigned luts, depth;
  };
  for (const row r : {row{"ctrl", 29, 2}, row{"bar", 512, 4}, row{"dec", 287, 2}, row{"cavlc", 122, 4}}) {
    const auto m = aig::map_luts(aig::read_aiger(aig_test::epfl_path(r.d)));
    EXPECT_LE(m.depth, r.depth + 1) << r.d;
    EXPECT_NEAR(m.luts, r.luts, 0.15 * r.luts) << r.d;
  }
}

TEST(AigCellMap, SmallCircuitsHaveKnownAreaAndDelay) {
  const auto lib = aig::default_library();
  {  // a & b: AND2 (area 3, delay 2)
    aig::graph g;
    const auto a = g.add_pi(), b = g.add_pi();
    g.add_po(g.create_and(a, b));
    const auto r = aig::map_cells(g, lib);
    EXPECT_DOUBLE_EQ(r.area, 3);
    EXPECT_DOUBLE_EQ(r.delay, 2);
    EXPECT_DOUBLE_EQ(r.adp(), 6);
  }
  {  // !(a & b): NAND2 (2, 1)
    aig::graph g;
    const auto a = g.add_pi(), b = g.add_pi();
    g.add_po(aig::lit_not(g.create_and(a, b)));
    const auto r = aig::map_cells(g, lib);
    EXPECT_DOUBLE_EQ(r.area, 2);
    EXPECT_DOUBLE_EQ(r.delay, 1);
  }
  {  // xor: XOR2 (5, 2)
    aig::graph g;
    const auto a = g.add_pi(), b = g.add_pi();
    g.add_po(g.create_xor(a, b));
    const auto r = aig::map_cells(g, lib);
    EXPECT_DOUBLE_EQ(r.area, 5);
    EXPECT_DOUBLE_EQ(r.delay, 2);
  }
  {  // constant and inverted PI outputs: ZERO (0) + INV (1, 1)
    aig::graph g;
    const auto a = g.add_pi();
    g.add_po(aig::lit_false);
    g.add_po(aig::lit_not(a));
    const auto r = aig::map_cells(g, lib);
    EXPECT_DOUBLE_EQ(r.area, 1);
    EXPECT_DOUBLE_EQ(r.delay, 1);
  }
}

TEST(AigCellMap, LibraryWithoutInverterIsRejected) {
  const auto lib = aig::parse_genlib("GATE AND2 3 Y=A*B; PIN * NONINV 1 9 2 0 2 0\n");
  EXPECT_THROW((void)aig::map_cells(and_chain(3), lib), dsegym::invalid_argument);
}

TEST(AigCellMap, EpflDelayMatchesAbcOnSmallDesigns) {
  DSEGYM_NEED_DATA("epfl");
  // ABC `map` with simple.genlib (spec §5.3): area/delay ctrl 265/10, bar 6299/13, dec 616/4
  struct row {
    const char* d;
    double area, delay;
  };
  for (const row r : {row{"ctrl", 265, 10}, row{"bar", 6299, 13}, row{"dec", 616, 4}}) {
    const auto m = aig::map_cells(aig::read_aiger(aig_test::epfl_path(r.d)), aig::default_library());
    EXPECT_LE(m.delay, r.delay + 1) << r.d;
    EXPECT_LE(m.area, 1.25 * r.area) << r.d;
    EXPECT_GE(m.area, 0.75 * r.area) << r.d;
  }
}

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/aig/aiger.hpp"
#include "test_data.hpp"
#include "dsegym_test_data.hpp"

namespace aig = dsegym::sim::aig;

namespace {
std::string slurp(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}
void expect_data_error(const std::string& text, const std::string& fragment, std::size_t line = 0) {
  try {
    (void)aig::parse_aiger(text, "t.aag");
    ADD_FAILURE() << "no error for: " << text.substr(0, 60);
  } catch (const dsegym::data_error& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    if (line != 0) {
      EXPECT_EQ(e.line(), line) << e.what();
    }
  }
}
template <std::size_t N>
std::string bytes_of(const char (&s)[N]) {
  return std::string(s, N - 1);
}
}  // namespace

TEST(AigAiger, AsciiUnorderedAndsSymbolsComment) {
  // AND 8 defined before the ANDs it uses; non-contiguous variable 5 unused
  const std::string t =
      "aag 7 2 0 2 3\n2\n4\n14\n9\n14 8 12\n8 2 4\n12 3 5\ni0 a\ni1 b\no0 xor\no1 nand\nc\nhello\n";
  const auto g = aig::parse_aiger(t);
  EXPECT_EQ(g.num_pis(), 2u);
  EXPECT_EQ(g.num_pos(), 2u);
  EXPECT_EQ(g.num_ands(), 3u);
  EXPECT_EQ(g.depth(), 2u);
  EXPECT_EQ(g.pi_name(1), "b");
  EXPECT_EQ(g.po_name(0), "xor");
  EXPECT_EQ(g.comment(), "hello\n");
  // round trip in both formats
  for (bool bin : {true, false}) {
    const auto s = aig::to_aiger(g, {bin, true, true});
    const auto h = aig::parse_aiger(s);
    EXPECT_EQ(h.num_ands(), 3u);
    EXPECT_EQ(h.po_name(1), "nand");
    EXPECT_EQ(h.comment(), "hello\n");
    EXPECT_TRUE(aig::to_aiger(h, {bin, true, true}) == s);
  }
}

TEST(AigAiger, ConstantAndPassThroughOutputs) {
  const auto g = aig::parse_aiger("aag 1 1 0 3 0\n2\n0\n1\n3\n");
  EXPECT_EQ(g.po(0), aig::lit_false);
  EXPECT_EQ(g.po(1), aig::lit_true);
  EXPECT_EQ(g.po(2), 3u);
  EXPECT_EQ(aig::to_aiger(g, {true, false, false}), "aig 1 1 0 3 0\n0\n1\n3\n");
}

TEST(AigAiger, CtrlHeaderAndFirstAndMatchSpec) {
  DSEGYM_NEED_DATA("epfl");
  const std::string bytes = slurp(aig_test::epfl_path("ctrl"));
  ASSERT_EQ(bytes.substr(0, 22), "aig 181 7 0 26 174\n45\n");
  const auto g = aig::parse_aiger(bytes);
  EXPECT_EQ(g.pi_name(0), "opcode[0]");
  EXPECT_EQ(g.pi_name(1), "opcode[1]");
  // first AND (node 8) = AND(!i1, i0): fanin literals 5 and 2
  EXPECT_EQ(g.fanin0(8), 5u);
  EXPECT_EQ(g.fanin1(8), 2u);
  EXPECT_NE(g.comment().find("ABC"), std::string::npos);
}

struct epfl_row {
  const char* name;
  unsigned pi, po, ands, levels;
};
class AigEpfl : public ::testing::TestWithParam<epfl_row> {};

TEST_P(AigEpfl, ReadGivesSpecCountsAndRoundTrips) {
  DSEGYM_NEED_DATA("epfl");
  const auto r = GetParam();
  const std::string bytes = slurp(aig_test::epfl_path(r.name));
  const auto g = aig::parse_aiger(bytes, r.name);
  const auto s = g.statistics();
  EXPECT_EQ(s.pis, r.pi);
  EXPECT_EQ(s.pos, r.po);
  EXPECT_EQ(s.ands, r.ands);
  EXPECT_EQ(s.levels, r.levels);
  EXPECT_EQ(g.num_live_ands(), r.ands);  // strashed: nothing dangling or merged
  // writing gives the file back (ABC wrote it in the same canonical numbering) up to the comment
  const std::string w = aig::to_aiger(g, {true, true, false});
  EXPECT_TRUE(w == bytes.substr(0, w.size())) << "written file differs from the original";
}

INSTANTIATE_TEST_SUITE_P(
    All, AigEpfl,
    ::testing::Values(epfl_row{"adder", 256, 129, 1020, 255}, epfl_row{"bar", 135, 128, 3336, 12},
                      epfl_row{"div", 128, 128, 57247, 4372},
                      epfl_row{"hyp", 256, 128, 214335, 24801},
                      epfl_row{"log2", 32, 32, 32060, 444}, epfl_row{"max", 512, 130, 2865, 287},
                      epfl_row{"multiplier", 128, 128, 27062, 274},
                      epfl_row{"sin", 24, 25, 5416, 225}, epfl_row{"sqrt", 128, 64, 24618, 5058},
                      epfl_row{"square", 64, 128, 18484, 250},
                      epfl_row{"arbiter", 256, 129, 11839, 87}, epfl_row{"cavlc", 10, 11, 693, 16},
                      epfl_row{"ctrl", 7, 26, 174, 10}, epfl_row{"dec", 8, 256, 304, 3},
                      epfl_row{"i2c", 147, 142, 1342, 20}, epfl_row{"int2float", 11, 7, 260, 16},
                      epfl_row{"mem_ctrl", 1204, 1231, 46836, 114},
                      epfl_row{"priority", 128, 8, 978, 250}, epfl_row{"router", 60, 30, 257, 54},
                      epfl_row{"voter", 1001, 1, 13758, 70}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(AigAiger, BadHeaders) {
  expect_data_error("", "truncated", 1);
  expect_data_error("aig\n", "expected 5 to 9 numbers", 1);
  expect_data_error("xyz 1 1 0 0 0\n", "bad header", 1);
  expect_data_error("aag 1 x 0 0 0\n", "bad I 'x'", 1);
  expect_data_error("aag 1 1 1 0 0\n2\n", "latches", 1);
  expect_data_error("aag 1 1 0 1 0 1\n2\n2\n", "B = 1", 1);
  expect_data_error("aig 5 1 0 0 1\n", "M = I + L + A", 1);
  expect_data_error("aag 1 1 0 0 1\n", "exceeds M", 1);
}

TEST(AigAiger, BadAsciiBodies) {
  expect_data_error("aag 1 1 0 0 0\n3\n", "odd", 2);
  expect_data_error("aag 1 1 0 0 0\n4\n", "out of range", 2);
  expect_data_error("aag 2 2 0 0 0\n2\n2\n", "defined twice", 3);
  expect_data_error("aag 1 1 0 1 0\n2\n4\n", "output literal 4 out of range", 3);
  expect_data_error("aag 2 1 0 1 1\n2\n4\n4 2 6\n", "out of range", 4);
  expect_data_error("aag 2 1 0 1 1\n2\n4\n5 2 2\n", "odd", 4);
  expect_data_error("aag 3 1 0 1 1\n2\n4\n4 2 6\n", "undefined variable 3", 4);
  expect_data_error("aag 3 1 0 1 2\n2\n4\n4 2 6\n6 4 2\n", "cycle", 0);
  expect_data_error("aag 2 1 0 1 1\n2\n4\n4 4 2\n", "cycle", 4);
  expect_data_error("aag 3 1 0 1 1\n2\n6\n4 2 2\n", "undefined variable 3", 3);
  expect_data_error("aag 2 1 0 1 1\n2\n4\n", "needs at least 10 more bytes, but the file has only 4", 1);
  expect_data_error("aag 2 1 0 1 1\n2\n4\n\n\n\n\n\n\n", "lhs rhs0 rhs1", 4);
  expect_data_error("aag 2 1 0 1 1\n2\n4\n4 2\n\n\n", "lhs rhs0 rhs1", 4);
  expect_data_error("aag 1 1 0 1 0\n2\n2\nq0 x\n", "bad symbol", 4);
  expect_data_error("aag 1 1 0 1 0\n2\n2\ni3 x\n", "out of range", 4);
  expect_data_error("aag 1 1 0 1 0\n2\n2\nl0 x\n", "out of range", 4);
}

TEST(AigAiger, BadBinaryBodies) {
  // AND 4 = AND(2, 2): delta0 = 2, delta1 = 0
  EXPECT_EQ(aig::parse_aiger(bytes_of("aig 2 1 0 1 1\n4\n\x02\x00")).num_ands(), 0u);
  expect_data_error(bytes_of("aig 2 1 0 1 1\n4\n\x00\x00"), "delta0 = 0");
  expect_data_error(bytes_of("aig 2 1 0 1 1\n4\n\x01\x05"), "delta1 = 5 exceeds");
  expect_data_error(bytes_of("aig 2 1 0 1 1\n4\n\x82\x82"), "truncated");
  expect_data_error(bytes_of("aig 2 1 0 1 1\n4\n\x82"), "needs at least 4 more bytes");
  expect_data_error(bytes_of("aig 2 1 0 1 1\n4\n\x02"), "needs at least");
  expect_data_error(bytes_of("aig 2 1 0 1 1\n4\n\xff\xff\xff\xff\xff\x01"), "varint");
  expect_data_error(bytes_of("aig 2 1 0 1 1\n4\n\x05\x00"), "exceeds lhs");
  expect_data_error("aig 1 1 0 2 0\n2\n", "needs at least");
  expect_data_error("aig 1 1 0 2 0\n2\n\n\n", "exactly one literal");
  try {
    (void)aig::parse_aiger(bytes_of("aig 2 1 0 1 1\n4\n\x82\x82"));
    ADD_FAILURE();
  } catch (const dsegym::data_error& e) {
    EXPECT_NE(std::string(e.what()).find("byte offset 16"), std::string::npos) << e.what();
  }
}

TEST(AigAiger, FuzzedEpflBytesNeverCrash) {
  DSEGYM_NEED_DATA("epfl");
  const std::string base = slurp(aig_test::epfl_path("ctrl"));
  std::uint64_t s = 12345;
  int errors = 0;
  for (int k = 0; k < 400; ++k) {
    std::string b = base;
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto pos = (s >> 20) % b.size();
    if (k % 3 == 0) b.resize(pos);
    else b[pos] = static_cast<char>(s >> 56);
    try {
      (void)aig::parse_aiger(b);
    } catch (const dsegym::data_error&) {
      ++errors;
    }
  }
  EXPECT_GT(errors, 100);
}

TEST(AigAiger, HostileHeadersAreRefusedBeforeAllocating) {
  // 23 bytes that declare a billion variables: refused at once, nothing sized by M is allocated
  const std::string hostile = "aag 1000000000 0 0 0 0\n";
  ASSERT_EQ(hostile.size(), 23u);
  // M alone is harmless (no definitions): an empty combinational network
  const auto g = aig::parse_aiger(hostile);
  EXPECT_EQ(g.num_pis(), 0u);
  EXPECT_EQ(g.num_pos(), 0u);
  expect_data_error("aag 1000000000 1000000000 0 0 0\n", "needs at least 2000000000 more bytes, but the file has only 0", 1);
  expect_data_error("aag 1000000000 0 0 1000000000 0\n", "needs at least", 1);
  expect_data_error("aag 1000000000 0 0 0 1000000000\n", "needs at least", 1);
  expect_data_error("aig 1000000000 1 0 0 999999999\n", "needs at least", 1);
  // inputs of a binary file take no bytes: their number has a fixed cap instead
  expect_data_error("aig 100000000 100000000 0 0 0\n", "implicit inputs", 1);
  // a sparse ASCII file with huge variable indices but few definitions is read without dense tables
  const auto s = aig::parse_aiger("aag 900000000 2 0 1 1\n2\n4\n1799999999\n1799999998 4 3\n");
  EXPECT_EQ(s.num_pis(), 2u);
  EXPECT_EQ(s.num_ands(), 1u);
}

TEST(AigAiger, MissingFileIsNotFound) {
  EXPECT_THROW((void)aig::read_aiger("/nonexistent/x.aig"), dsegym::not_found);
}

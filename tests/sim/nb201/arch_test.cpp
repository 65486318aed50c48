// Architecture encodings (spec §1–§4): strings, lexicographic codes, the official index order and
// the isomorphism key, against the spec's check values and every row of archs.csv.

#include "dsegym/sim/nb201/arch.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "dsegym/core/error.hpp"
#include "test_data.hpp"
#include "dsegym_test_data.hpp"

namespace nb = dsegym::sim::nb201;
using nb::arch;
using nb::op;

namespace {

constexpr const char* index0 =
    "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~"
    "2|";
constexpr const char* index1 =
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~"
    "2|";
constexpr const char* index11472 =
    "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|";

arch uniform(op o) {
  arch a;
  a.ops.fill(static_cast<std::uint8_t>(o));
  return a;
}

struct archs_csv_row {
  std::size_t index;
  std::string arch_string;
  std::vector<std::string> ops;
  std::string unique_str;
};

// archs.csv read with the naive test reader (not the library loader).
const std::vector<archs_csv_row>& archs_csv() {
  static const std::vector<archs_csv_row> rows = [] {
    std::vector<archs_csv_row> out;
    const auto lines = nb201_test::read_lines(nb201_test::data_dir() / "archs.csv");
    for (std::size_t l = 1; l < lines.size(); ++l) {
      const auto f = nb201_test::split(lines[l]);
      out.push_back({std::stoul(f.at(0)), f.at(1), {f.begin() + 2, f.begin() + 8}, f.at(8)});
    }
    return out;
  }();
  return rows;
}

template <class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const dsegym::invalid_argument& e) {
    return e.what();
  }
  return "<no exception>";
}

}  // namespace

TEST(Nb201Op, NamesAndCodes) {
  EXPECT_EQ(nb::op_count, 5u);
  EXPECT_EQ(nb::op_name(op::none), "none");
  EXPECT_EQ(nb::op_name(op::skip_connect), "skip_connect");
  EXPECT_EQ(nb::op_name(op::nor_conv_1x1), "nor_conv_1x1");
  EXPECT_EQ(nb::op_name(op::nor_conv_3x3), "nor_conv_3x3");
  EXPECT_EQ(nb::op_name(op::avg_pool_3x3), "avg_pool_3x3");
  EXPECT_EQ(static_cast<int>(op::avg_pool_3x3), 4);
  for (std::size_t c = 0; c < nb::op_count; ++c)
    EXPECT_EQ(nb::op_from_name(nb::op_names[c]), static_cast<op>(c));
  EXPECT_FALSE(nb::op_from_name("None").has_value());
  EXPECT_EQ(nb::parse_op("nor_conv_3x3"), op::nor_conv_3x3);
  const std::string msg = message_of([] { (void)nb::parse_op("conv3x3"); });
  EXPECT_NE(msg.find("[dsegym.nb201]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("conv3x3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("avg_pool_3x3"), std::string::npos) << msg;
}

TEST(Nb201Arch, SpecStrings) {
  EXPECT_EQ(nb::arch_index(nb::parse_arch_string(index0)), 0u);
  EXPECT_EQ(nb::arch_index(nb::parse_arch_string(index1)), 1u);
  EXPECT_EQ(nb::arch_index(nb::parse_arch_string(index11472)), 11472u);
  EXPECT_EQ(nb::to_arch_string(nb::arch_at_index(0)), index0);
  EXPECT_EQ(nb::to_arch_string(nb::arch_at_index(1)), index1);
  EXPECT_EQ(nb::to_arch_string(nb::arch_at_index(11472)), index11472);
  const arch a1 = nb::parse_arch_string(index1);
  EXPECT_EQ(a1.ops, (std::array<std::uint8_t, 6>{3, 3, 4, 1, 3, 1}));
  EXPECT_EQ(a1.op_at(2), op::avg_pool_3x3);
}

TEST(Nb201Arch, IndexCheckValues) {
  const std::vector<std::pair<std::size_t, std::uint32_t>> index_to_code = {
      {0, 13931},   {1, 11791}, {1462, 11718}, {4317, 7812},
      {1835, 3906}, {1651, 0},  {7581, 15624}, {11472, 9776}};
  for (auto [index, code] : index_to_code) {
    EXPECT_EQ(nb::lex_code(nb::arch_at_index(index)), code) << "index " << index;
    EXPECT_EQ(nb::arch_index(nb::arch_from_lex_code(code)), index) << "code " << code;
    EXPECT_EQ(nb::index_to_lex_code()[index], code);
  }
  EXPECT_EQ(nb::arch_index(nb::arch_from_lex_code(1)), 9585u);
  EXPECT_EQ(nb::arch_index(uniform(op::nor_conv_3x3)), 1462u);
  EXPECT_EQ(nb::arch_index(uniform(op::nor_conv_1x1)), 4317u);
  EXPECT_EQ(nb::arch_index(uniform(op::skip_connect)), 1835u);
  EXPECT_EQ(nb::arch_index(uniform(op::none)), 1651u);
  EXPECT_EQ(nb::arch_index(uniform(op::avg_pool_3x3)), 7581u);
}

TEST(Nb201Arch, LexCodeDigits) {
  // Edge 0->1 is the most significant base-5 digit.
  arch a;
  a.ops = {1, 0, 0, 0, 0, 0};
  EXPECT_EQ(nb::lex_code(a), 3125u);
  a.ops = {0, 0, 0, 0, 0, 4};
  EXPECT_EQ(nb::lex_code(a), 4u);
  a.ops = {4, 3, 2, 1, 0, 4};
  EXPECT_EQ(nb::lex_code(a), 4u * 3125 + 3 * 625 + 2 * 125 + 1 * 25 + 0 * 5 + 4);
  for (std::uint32_t code = 0; code < nb::arch_count; ++code)
    ASSERT_EQ(nb::lex_code(nb::arch_from_lex_code(code)), code);
}

TEST(Nb201Arch, AllIndicesRoundTrip) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < nb::arch_count; ++i) {
    const arch a = nb::arch_at_index(i);
    const std::string s = nb::to_arch_string(a);
    ASSERT_EQ(nb::parse_arch_string(s), a) << s;
    ASSERT_EQ(nb::arch_index(a), i) << s;
    seen.insert(s);
  }
  EXPECT_EQ(seen.size(), nb::arch_count);
}

TEST(Nb201Arch, MatchesArchsCsv) {
  DSEGYM_NEED_DATA("nb201");
  const auto& rows = archs_csv();
  ASSERT_EQ(rows.size(), nb::arch_count);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].index, i);
    const arch a = nb::arch_at_index(i);
    ASSERT_EQ(nb::to_arch_string(a), rows[i].arch_string) << "index " << i;
    ASSERT_EQ(nb::arch_index(nb::parse_arch_string(rows[i].arch_string)), i);
    for (std::size_t e = 0; e < nb::edge_count; ++e)
      ASSERT_EQ(nb::op_names[a.ops[e]], rows[i].ops[e]);
  }
}

TEST(Nb201Arch, ParseRejectsMalformedStrings) {
  const std::string good = index1;
  const std::vector<std::string> bad = {
      "",
      "|nor_conv_3x3~0|",
      good + "|",
      good.substr(0, good.size() - 1),
      " " + good,
      "|Nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_"
      "connect~2|",
      "|nor_conv_3x3~1|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_"
      "connect~2|",
      "|nor_conv_3x3~0||nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~"
      "2|",
      "|nor_conv_3x3~0|+|avg_pool_3x3~1|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|skip_"
      "connect~2|",
      "|conv~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
      "|nor_conv_3x3|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~"
      "2|",
      "nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~"
      "2|",
      std::string(5000, '|'),
  };
  for (const auto& s : bad) {
    const std::string msg = message_of([&] { (void)nb::parse_arch_string(s); });
    EXPECT_EQ(msg.rfind("[dsegym.nb201] invalid architecture string '", 0), 0u)
        << s << " -> " << msg;
    EXPECT_NE(msg.find(s.substr(0, 150)), std::string::npos) << msg;
    EXPECT_NE(msg.find("expected"), std::string::npos) << msg;
    EXPECT_NE(msg.find("|op~0|+|op~0|op~1|+|op~0|op~1|op~2|"), std::string::npos) << msg;
    EXPECT_LT(msg.size(), 1000u);  // huge inputs are capped in the message
  }
  const std::string unknown = message_of(
      [] { (void)nb::parse_arch_string("|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|"); });
  EXPECT_NE(unknown.find("op name of edge 0->1, found 'conv'"), std::string::npos) << unknown;
}

TEST(Nb201Arch, RejectsOutOfRangeValues) {
  EXPECT_THROW((void)nb::arch_at_index(nb::arch_count), dsegym::invalid_argument);
  EXPECT_THROW((void)nb::arch_from_lex_code(15625), dsegym::invalid_argument);
  arch bad;
  bad.ops = {0, 1, 2, 3, 4, 5};
  EXPECT_FALSE(nb::is_valid(bad));
  EXPECT_TRUE(nb::is_valid(nb::arch_at_index(3)));
  const std::string msg = message_of([&] { (void)nb::arch_index(bad); });
  EXPECT_NE(msg.find("invalid op code 5 on edge 2->3"), std::string::npos) << msg;
  EXPECT_THROW((void)nb::to_arch_string(bad), dsegym::invalid_argument);
  EXPECT_THROW((void)nb::unique_str(bad), dsegym::invalid_argument);
  EXPECT_THROW((void)nb::has_path_to_output(bad), dsegym::invalid_argument);
  EXPECT_THROW((void)nb::count_convs(bad), dsegym::invalid_argument);
}

TEST(Nb201Arch, CountsConvolutions) {
  EXPECT_EQ(nb::count_convs(nb::arch_at_index(1)), (nb::conv_counts{3, 0}));
  EXPECT_EQ(nb::count_convs(nb::arch_at_index(0)), (nb::conv_counts{0, 2}));
  EXPECT_EQ(nb::count_op(nb::arch_at_index(0), op::skip_connect), 3u);
  EXPECT_EQ(nb::count_convs(uniform(op::nor_conv_3x3)), (nb::conv_counts{6, 0}));
}

TEST(Nb201Isomorphism, HandComputedKeys) {
  EXPECT_EQ(nb::unique_str(uniform(op::none)), "#+#+#");
  EXPECT_EQ(nb::unique_str(uniform(op::skip_connect)), "0+0+0+0");
  EXPECT_EQ(nb::unique_str(nb::arch_at_index(0)),
            "(0)@avg_pool_3x3+(0)@avg_pool_3x3+(0)@nor_conv_1x1+(0)@nor_conv_1x1");
  // ResNet cell: node1 = conv(0); node2 = # + conv(node1); node3 = 0 + # + node2.
  EXPECT_EQ(nb::unique_str(nb::parse_arch_string(index11472)),
            "#+#+((0)@nor_conv_3x3)@nor_conv_3x3+0");
}

TEST(Nb201Isomorphism, MatchesArchsCsvUniqueStr) {
  DSEGYM_NEED_DATA("nb201");
  const auto& rows = archs_csv();
  ASSERT_EQ(rows.size(), nb::arch_count);
  std::map<std::string, std::size_t> class_size;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string key = nb::unique_str(nb::arch_at_index(i));
    ASSERT_EQ(key, rows[i].unique_str) << "index " << i;
    ++class_size[key];
  }
  EXPECT_EQ(class_size.size(), 6466u);
  std::size_t singletons = 0;
  std::size_t largest = 0;
  for (const auto& [key, n] : class_size) {
    singletons += n == 1;
    largest = std::max(largest, n);
  }
  EXPECT_EQ(singletons, 5116u);
  EXPECT_EQ(largest, 275u);
}

TEST(Nb201Isomorphism, PathToOutput) {
  EXPECT_FALSE(nb::has_path_to_output(uniform(op::none)));
  EXPECT_TRUE(nb::has_path_to_output(uniform(op::avg_pool_3x3)));
  arch a;  // 0->1 conv, 1->3 skip: a path through node 1 only
  a.ops = {3, 0, 0, 0, 1, 0};
  EXPECT_TRUE(nb::has_path_to_output(a));
  a.ops = {3, 0, 0, 0, 0, 1};  // node 2 is unreachable, so 2->3 does not help
  EXPECT_FALSE(nb::has_path_to_output(a));
  a.ops = {0, 0, 1, 0, 0, 1};  // 1->2->3 but nothing enters node 1
  EXPECT_FALSE(nb::has_path_to_output(a));
  std::size_t without = 0;
  for (std::size_t i = 0; i < nb::arch_count; ++i) {
    const arch x = nb::arch_at_index(i);
    const bool path = nb::has_path_to_output(x);
    without += !path;
    // Without a path the key collapses to zeros only.
    if (!path) {
      ASSERT_EQ(nb::unique_str(x).find('0'), std::string::npos) << i;
    }
  }
  EXPECT_EQ(without, 341u);
}

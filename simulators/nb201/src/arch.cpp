#include "dsegym/sim/nb201/arch.hpp"

#include <algorithm>
#include <vector>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/nb201/python_random.hpp"

namespace dsegym::sim::nb201 {

namespace {

constexpr std::string_view format_hint =
    "the official format is |op~0|+|op~0|op~1|+|op~0|op~1|op~2| (edges 0->1 | 0->2, 1->2 | "
    "0->3, 1->3, 2->3) with op one of none, skip_connect, nor_conv_1x1, nor_conv_3x3, "
    "avg_pool_3x3";

// Quotes a caller-supplied string for a message, capped so a huge input cannot flood logs.
std::string quoted(std::string_view s) {
  constexpr std::size_t cap = 200;
  std::string q = "'";
  q.append(s.substr(0, cap));
  if (s.size() > cap) q.append("...");
  q.append("'");
  return q;
}

[[noreturn]] void parse_failure(std::string_view s, std::size_t pos, std::string_view what) {
  std::string msg = "invalid architecture string " + quoted(s) + ": at position " +
                    std::to_string(pos) + " " + std::string(what) + "; ";
  msg.append(format_hint);
  throw invalid_argument("nb201", msg);
}

std::string found_at(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return "end of string";
  std::string q(3, '\'');
  q[1] = s[pos];
  return q;
}

void expect_char(std::string_view s, std::size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c)
    parse_failure(s, pos, "expected '" + std::string(1, c) + "', found " + found_at(s, pos));
  ++pos;
}

// Base-5 weights of the edges: edge 0->1 is the most significant digit.
constexpr std::array<std::uint32_t, edge_count> lex_weight = {3125, 625, 125, 25, 5, 1};

struct index_order {
  std::array<std::uint16_t, arch_count> to_code{};   // index -> lexicographic code
  std::array<std::uint16_t, arch_count> to_index{};  // lexicographic code -> index
};

// Built once on first use (function-local static: thread-safe initialisation).
const index_order& order() {
  static const index_order table = [] {
    index_order t;
    const std::vector<std::uint32_t> shuffled = python_shuffled_range(arch_count, 88);
    for (std::size_t i = 0; i < arch_count; ++i) {
      t.to_code[i] = static_cast<std::uint16_t>(shuffled[i]);
      t.to_index[shuffled[i]] = static_cast<std::uint16_t>(i);
    }
    return t;
  }();
  return table;
}

}  // namespace

void validate(const arch& a) {
  for (std::size_t e = 0; e < edge_count; ++e) {
    if (a.ops[e] >= op_count)
      throw invalid_argument("nb201", "invalid op code " + std::to_string(a.ops[e]) + " on edge " +
                                          std::to_string(edges[e].from) + "->" +
                                          std::to_string(edges[e].to) + " (edge " +
                                          std::to_string(e) +
                                          "); op codes are 0 none, 1 skip_connect, 2 "
                                          "nor_conv_1x1, 3 nor_conv_3x3, 4 avg_pool_3x3");
  }
}

arch parse_arch_string(std::string_view s) {
  arch a;
  std::size_t pos = 0;
  std::size_t e = 0;
  for (std::size_t to = 1; to < node_count; ++to) {
    if (to > 1) expect_char(s, pos, '+');
    expect_char(s, pos, '|');
    for (std::size_t from = 0; from < to; ++from, ++e) {
      const std::size_t end = std::min(s.find_first_of("~|+", pos), s.size());
      const std::string_view name = s.substr(pos, end - pos);
      const auto o = op_from_name(name);
      if (!o)
        parse_failure(s, pos,
                      "expected the op name of edge " + std::to_string(from) + "->" +
                          std::to_string(to) + ", found " + quoted(name));
      a.ops[e] = static_cast<std::uint8_t>(*o);
      pos = end;
      expect_char(s, pos, '~');
      expect_char(s, pos, static_cast<char>('0' + from));
      expect_char(s, pos, '|');
    }
  }
  if (pos != s.size())
    parse_failure(s, pos, "expected the end of the string, found " + found_at(s, pos));
  return a;
}

void append_arch_string(const arch& a, std::string& out) {
  validate(a);
  std::size_t e = 0;
  for (std::size_t to = 1; to < node_count; ++to) {
    if (to > 1) out.push_back('+');
    out.push_back('|');
    for (std::size_t from = 0; from < to; ++from, ++e) {
      out.append(op_names[a.ops[e]]);
      out.push_back('~');
      out.push_back(static_cast<char>('0' + from));
      out.push_back('|');
    }
  }
}

std::string to_arch_string(const arch& a) {
  std::string s;
  s.reserve(100);
  append_arch_string(a, s);
  return s;
}

std::uint32_t lex_code(const arch& a) {
  validate(a);
  std::uint32_t code = 0;
  for (std::size_t e = 0; e < edge_count; ++e) code += a.ops[e] * lex_weight[e];
  return code;
}

arch arch_from_lex_code(std::uint32_t code) {
  if (code >= arch_count)
    throw invalid_argument("nb201", "lexicographic code " + std::to_string(code) +
                                        " out of range; valid codes are 0..15624");
  arch a;
  for (std::size_t e = 0; e < edge_count; ++e) {
    a.ops[e] = static_cast<std::uint8_t>(code / lex_weight[e]);
    code %= lex_weight[e];
  }
  return a;
}

std::size_t arch_index(const arch& a) { return order().to_index[lex_code(a)]; }

arch arch_at_index(std::size_t index) {
  if (index >= arch_count)
    throw invalid_argument("nb201", "architecture index " + std::to_string(index) +
                                        " out of range; valid indices are 0..15624");
  return arch_from_lex_code(order().to_code[index]);
}

std::span<const std::uint16_t, arch_count> index_to_lex_code() { return order().to_code; }

std::size_t count_op(const arch& a, op o) {
  validate(a);
  return static_cast<std::size_t>(
      std::count(a.ops.begin(), a.ops.end(), static_cast<std::uint8_t>(o)));
}

conv_counts count_convs(const arch& a) {
  return {count_op(a, op::nor_conv_3x3), count_op(a, op::nor_conv_1x1)};
}

std::string unique_str(const arch& a) {
  validate(a);
  std::array<std::string, node_count> node;
  node[0].push_back('0');
  std::vector<std::string> inputs;
  std::size_t e = 0;
  for (std::size_t to = 1; to < node_count; ++to) {
    inputs.clear();
    for (std::size_t from = 0; from < to; ++from, ++e) {
      const op o = a.op_at(e);
      if (o == op::none || node[from] == "#")
        inputs.emplace_back("#");
      else if (o == op::skip_connect)
        inputs.push_back(node[from]);
      else
        inputs.push_back("(" + node[from] + ")@" + std::string(op_name(o)));
    }
    std::sort(inputs.begin(), inputs.end());  // std::string compares bytes, as Python's sorted
    std::string joined;
    for (std::size_t k = 0; k < inputs.size(); ++k) {
      if (k > 0) joined.push_back('+');
      joined.append(inputs[k]);
    }
    node[to] = std::move(joined);
  }
  return node[node_count - 1];
}

bool has_path_to_output(const arch& a) {
  validate(a);
  std::array<bool, node_count> reached{true, false, false, false};
  for (std::size_t e = 0; e < edge_count; ++e)  // edges are in topological order of their target
    if (a.op_at(e) != op::none && reached[edges[e].from]) reached[edges[e].to] = true;
  return reached[node_count - 1];
}

}  // namespace dsegym::sim::nb201

#pragma once
/// @file
/// An NAS-Bench-201 cell architecture and its encodings (spec nas-bench-201.md §1–§4):
/// the official string, the lexicographic base-5 code, the official index (0..15624), the official
/// isomorphism key and simple structural queries.
///
/// @code
///   using namespace dsegym::sim::nb201;
///   arch a = parse_arch_string("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|"
///                              "skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
///   std::size_t i = arch_index(a);              // 1
///   arch b = arch_at_index(i);                  // == a
///   std::string s = to_arch_string(b);          // the string above
/// @endcode

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "dsegym/sim/nb201/op.hpp"

namespace dsegym::sim::nb201 {

/// Nodes of the cell DAG: 0 = cell input, 1 and 2 intermediate, 3 = cell output.
inline constexpr std::size_t node_count = 4;
/// Edges of the cell DAG (all i -> j with i < j).
inline constexpr std::size_t edge_count = 6;
/// Number of architectures: op_count ^ edge_count.
inline constexpr std::size_t arch_count = 15625;

/// One directed edge of the cell.
struct edge {
  std::uint8_t from;
  std::uint8_t to;
};

/// The official edge order used by strings, `arch::ops`, codes and indices:
/// 0->1, 0->2, 1->2, 0->3, 1->3, 2->3.
inline constexpr std::array<edge, edge_count> edges = {
    {{0, 1}, {0, 2}, {1, 2}, {0, 3}, {1, 3}, {2, 3}}};

/// A cell: the op code (0..4, see `op`) of each edge, in the order of `edges`.
/// A plain aggregate; functions taking an `arch` throw dsegym::invalid_argument if a code is > 4.
struct arch {
  std::array<std::uint8_t, edge_count> ops{};

  /// The op on edge `e` (no range check on the code; see is_valid).
  [[nodiscard]] constexpr op op_at(std::size_t e) const { return static_cast<op>(ops[e]); }

  friend constexpr bool operator==(const arch&, const arch&) = default;
  friend constexpr auto operator<=>(const arch&, const arch&) = default;
};

/// True when every op code is in 0..4.
[[nodiscard]] constexpr bool is_valid(const arch& a) noexcept {
  for (auto c : a.ops)
    if (c >= op_count) return false;
  return true;
}

/// Throws dsegym::invalid_argument naming the first edge whose op code is not in 0..4.
void validate(const arch& a);

// --- Strings (§2) -------------------------------------------------------------------------------

/// Parses the official format
/// `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|` (edges 0->1 | 0->2, 1->2 | 0->3, 1->3, 2->3).
/// Matching is exact, as in the official API: no whitespace, case folding or reordering.
/// @throws dsegym::invalid_argument naming the string, the position and what was expected.
[[nodiscard]] arch parse_arch_string(std::string_view s);

/// The official string of `a` (inverse of parse_arch_string).
[[nodiscard]] std::string to_arch_string(const arch& a);

/// Appends the official string of `a` to `out` (no allocation when `out` has capacity).
void append_arch_string(const arch& a, std::string& out);

// --- Lexicographic code and official index (§3) -------------------------------------------------

/// Base-5 code L = sum_e ops[e] * 5^(5-e) (edge 0->1 most significant); 0 = all none,
/// 15624 = all avg_pool_3x3.
[[nodiscard]] std::uint32_t lex_code(const arch& a);

/// Inverse of lex_code. @throws dsegym::invalid_argument if code >= 15625.
[[nodiscard]] arch arch_from_lex_code(std::uint32_t code);

/// The official NB201/NATS-Bench-TSS index of `a` (0..15624). Needs no data file: the order is
/// rebuilt on first use (thread-safe, about a millisecond) from the authors' seeded shuffle.
[[nodiscard]] std::size_t arch_index(const arch& a);

/// The architecture with official index `index`. @throws dsegym::invalid_argument if >= 15625.
[[nodiscard]] arch arch_at_index(std::size_t index);

/// The whole order: element i is the lexicographic code of the architecture with index i
/// (Python's `random.seed(88); random.shuffle(list(range(15625)))`).
[[nodiscard]] std::span<const std::uint16_t, arch_count> index_to_lex_code();

// --- Structure (§4, §6) -------------------------------------------------------------------------

/// Number of edges of `a` carrying `o` (dead edges included).
[[nodiscard]] std::size_t count_op(const arch& a, op o);

/// The two counts that determine FLOPs and params (§6).
struct conv_counts {
  std::size_t n3 = 0;  ///< edges with nor_conv_3x3
  std::size_t n1 = 0;  ///< edges with nor_conv_1x1
  friend constexpr bool operator==(const conv_counts&, const conv_counts&) = default;
};
[[nodiscard]] conv_counts count_convs(const arch& a);

/// The official isomorphism key (`get_unique_str`, i.e. `to_unique_str(consider_zero=True)`):
/// node 0 is "0"; an incoming edge gives "#" if its op is none or its source is "#", the source
/// string for skip_connect, else "(" + source + ")@" + op name; the edge strings of a node are
/// sorted byte-wise and joined with "+"; the key is node 3's string. Heuristic by design ("#+#" is
/// not reduced), so it must be reproduced as is to match the benchmark's 6,466 classes.
[[nodiscard]] std::string unique_str(const arch& a);

/// True when some path 0 -> ... -> 3 uses only non-`none` edges. Without one the cell output is
/// constant and the network scores chance (341 architectures).
[[nodiscard]] bool has_path_to_output(const arch& a);

}  // namespace dsegym::sim::nb201

#pragma once
// Internal helpers shared by the transforms (not installed).
#include <cstdint>
#include <limits>
#include <vector>

#include "dsegym/sim/aig/graph.hpp"

namespace dsegym::sim::aig::detail {

inline constexpr std::uint32_t no_level = std::numeric_limits<std::uint32_t>::max();

/// Required level of every node of a topologically numbered graph (ids increasing): POs at depth.
inline std::vector<std::uint32_t> required_levels(const graph& g) {
  std::vector<std::uint32_t> req(g.size(), no_level);
  const std::uint32_t d = g.depth();
  for (lit_t p : g.pos()) req[lit_node(p)] = d;
  for (node_t n = g.size(); n-- > g.num_pis() + 1;) {
    if (!g.is_and(n) || req[n] == no_level) continue;
    for (lit_t f : {g.fanin0(n), g.fanin1(n)}) {
      auto& r = req[lit_node(f)];
      if (req[n] - 1 < r) r = req[n] - 1;
    }
  }
  return req;
}

/// Truth tables over up to 16 variables as 64-bit word arrays.
inline std::uint32_t tt_words(unsigned vars) { return vars <= 6 ? 1u : (1u << (vars - 6)); }

inline void tt_var(std::vector<std::uint64_t>& t, unsigned var, unsigned nvars) {
  static constexpr std::uint64_t masks[6] = {0xAAAAAAAAAAAAAAAAULL, 0xCCCCCCCCCCCCCCCCULL,
                                             0xF0F0F0F0F0F0F0F0ULL, 0xFF00FF00FF00FF00ULL,
                                             0xFFFF0000FFFF0000ULL, 0xFFFFFFFF00000000ULL};
  const std::uint32_t W = tt_words(nvars);
  t.assign(W, 0);
  for (std::uint32_t w = 0; w < W; ++w)
    t[w] = var < 6 ? masks[var] : (((w >> (var - 6)) & 1u) ? ~0ULL : 0ULL);
}

/// Simulates the cone of `root` over `leaves` (truth tables of leaves[i] = variable i). Returns
/// false when the cone reaches a PI that is not a leaf or exceeds `limit` nodes. `cone` receives
/// the internal AND nodes in topological order.
bool cone_tt(const graph& g, node_t root, const std::vector<node_t>& leaves, unsigned nvars,
             std::vector<std::uint64_t>& out, std::vector<node_t>* cone = nullptr,
             unsigned limit = 200);

/// One LUT of a mapped cover: the AND node it implements (positive phase) and its leaves.
struct lut_cover_entry {
  node_t root = 0;
  std::vector<node_t> leaves;
};
/// One gate instance of a standard-cell cover: implements node `node` in `phase` (1 = the
/// complement); pins[j] = (node, phase) driving gate pin j. gate = no_gate: a constant without a
/// library cell.
inline constexpr std::uint32_t no_gate = 0xFFFFFFFFu;
struct cell_instance {
  std::uint32_t gate = no_gate;
  node_t node = 0;
  int phase = 0;
  std::vector<std::pair<node_t, int>> pins;
};
}  // namespace dsegym::sim::aig::detail

namespace dsegym::sim::aig {
struct lut_options;
struct lut_result;
struct gate_library;
struct cell_result;
namespace detail {
/// The mappers on an already cleaned-up graph, optionally returning their cover.
lut_result map_luts_cover(const graph& cleaned, const lut_options& opt, std::vector<lut_cover_entry>* cover);
cell_result map_cells_cover(const graph& cleaned, const gate_library& lib, std::vector<cell_instance>* cover);
}  // namespace detail
}  // namespace dsegym::sim::aig

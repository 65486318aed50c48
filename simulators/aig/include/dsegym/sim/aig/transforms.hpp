#pragma once
// AIG optimisation commands with ABC semantics (spec logic-synthesis.md §2.3-2.6). Each takes a
// graph and returns a new, cleaned-up graph (only logic reachable from the POs, renumbered in
// topological order); PIs, POs and names are kept, function is preserved.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dsegym/sim/aig/graph.hpp"

namespace dsegym::sim::aig {

/// `balance`: rebuild every supergate (multi-input AND cone of single-fanout, non-complemented
/// AND fanins) as a minimum-depth tree, pairing the lowest-level operands first.
[[nodiscard]] graph balance(const graph& g);

struct rewrite_options {
  bool zero_cost = false;        ///< `-z`: also accept replacements with gain 0
  bool preserve_levels = true;   ///< `-l`: never increase a node beyond its required level
  unsigned cuts_per_node = 8;    ///< priority 4-cuts kept per node (fewest leaves, then most shared leaves)
};
/// `rewrite`: 4-input cuts, NPN classes, precomputed optimal subgraphs (DAG-aware gain).
[[nodiscard]] graph rewrite(const graph& g, const rewrite_options& opt = {});

struct refactor_options {
  bool zero_cost = false;        ///< `-z`
  bool preserve_levels = true;   ///< `-l`
  unsigned max_leaves = 10;      ///< `-N`: cut size of the reconvergence-driven cone (2..12)
};
/// `refactor`: reconvergence-driven cones, ISOP of the function and its complement, algebraic
/// factoring, keep the cheaper form when it saves nodes.
[[nodiscard]] graph refactor(const graph& g, const refactor_options& opt = {});

struct resub_options {
  bool zero_cost = false;        ///< `-z`: accepted; like berkeley-abc 1.01 (spec §5.1) it changes nothing
  bool preserve_levels = true;   ///< `-l`
  unsigned max_leaves = 8;       ///< `-K`: window cut size (4..16)
  unsigned max_new_nodes = 1;    ///< `-N`: 0 = only 0-resub, 1 = also 1-resub (AND/OR of two)
};
/// `resub`: windowing, divisors, 0- and 1-resubstitution proved by window simulation.
[[nodiscard]] graph resub(const graph& g, const resub_options& opt = {});

/// Applies one command by its ABC spelling: "balance", "rewrite", "refactor", "resub" (also "b",
/// "rw", "rf", "rs" and "rwz", "rfz", "rsz" for the -z forms) with ABC's flags: -z (zero-cost
/// replacements), -l (toggle level preservation; accepted by balance, which always minimises
/// levels), refactor -N <2..12>, resub -K <4..16> -N <0..3>. Throws invalid_argument otherwise.
[[nodiscard]] graph apply_command(const graph& g, std::string_view command);
/// Splits a ";"-separated script into commands, expanding the abc.rc aliases resyn, resyn2,
/// resyn2a, resyn3, compress, compress2 (commands themselves are not validated here).
[[nodiscard]] std::vector<std::string> expand_recipe(std::string_view script);
/// `resyn2` = b; rw; rf; b; rw; rwz; b; rfz; rwz; b.
[[nodiscard]] graph resyn2(const graph& g);

}  // namespace dsegym::sim::aig

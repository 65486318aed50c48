#pragma once
// Combinational equivalence checking (spec logic-synthesis.md §2.9): bit-parallel random or
// exhaustive simulation, and a SAT miter (CaDiCaL) proving PO pairs equal. PIs and POs are matched
// by position.

#include <cstdint>
#include <vector>

#include "dsegym/sim/aig/graph.hpp"

namespace dsegym::sim::aig {

/// Simulates g on 64-bit words: `pi_words[i]` holds the patterns of PI i (all the same length W).
/// Returns one vector of W words per PO.
[[nodiscard]] std::vector<std::vector<std::uint64_t>> simulate(
    const graph& g, const std::vector<std::vector<std::uint64_t>>& pi_words);

/// Values of one input assignment (bit i = PI i) at the POs.
[[nodiscard]] std::vector<bool> evaluate(const graph& g, const std::vector<bool>& inputs);

enum class verdict { equivalent, different, unknown };

struct cec_result {
  verdict result = verdict::unknown;
  std::uint32_t po = 0;                ///< first differing PO (when different)
  std::vector<bool> counterexample;    ///< PI values showing the difference (when different)
  bool exhaustive = false;             ///< simulation covered every input pattern
};

/// Random simulation with `words` 64-bit words per PI (dsegym::rng seeded with `seed`), exhaustive
/// when the graphs have <= 16 PIs. `equivalent` only when exhaustive; else `unknown` if no
/// difference was seen. Throws invalid_argument when PI/PO counts differ.
[[nodiscard]] cec_result check_by_simulation(const graph& a, const graph& b,
                                             std::uint32_t words = 128, std::uint64_t seed = 1);

/// True when the SAT back end (CaDiCaL) was compiled in.
[[nodiscard]] bool sat_available() noexcept;

/// SAT-based combinational equivalence on a miter, PO by PO. `conflict_limit` per PO (< 0: none);
/// a PO that hits the limit makes the result `unknown`. Throws unimplemented without CaDiCaL.
[[nodiscard]] cec_result check_by_sat(const graph& a, const graph& b,
                                      std::int64_t conflict_limit = -1);

/// Simulation first (cheap disproof), then SAT when available.
[[nodiscard]] cec_result check_equivalence(const graph& a, const graph& b,
                                           std::int64_t conflict_limit = -1);

}  // namespace dsegym::sim::aig

#pragma once
// Unweighted graphs of the MaxCut task, their cut function and cost operator (spec §1, §4).

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "dsegym/core/random.hpp"
#include "dsegym/sim/quantum/pauli_sum.hpp"

namespace dsegym::sim::quantum {

/// Node i is wire i. An assignment is a basis index: node i is on side 1 when its bit (wire i,
/// most significant first) is set.
class maxcut_graph {
 public:
  using edge = std::pair<std::size_t, std::size_t>;

  /// Throws dsegym::invalid_argument for nodes out of range, self-loops and repeated edges
  /// ((u, v) and (v, u) are the same edge). 1..64 nodes.
  maxcut_graph(std::size_t num_nodes, std::vector<edge> edges);

  /// The n-cycle (0,1), (1,2), ..., (n-1, 0); n >= 3. ring(4) is the spec's 4-node task (C_max 4).
  [[nodiscard]] static maxcut_graph ring(std::size_t num_nodes);
  /// The spec's 8-node, 15-edge graph (Sun et al.; C_max 12).
  [[nodiscard]] static maxcut_graph sun_eight_node();
  /// Erdos–Renyi G(n, p): each pair (u < v), in lexicographic order, is an edge with probability p.
  [[nodiscard]] static maxcut_graph random(std::size_t num_nodes, double edge_probability, rng& g);

  [[nodiscard]] std::size_t num_nodes() const noexcept { return num_nodes_; }
  [[nodiscard]] const std::vector<edge>& edges() const noexcept { return edges_; }

  /// Number of edges cut by an assignment.
  [[nodiscard]] std::size_t cut_value(std::uint64_t assignment) const;
  /// C = sum_edges (I - Z_u Z_v) / 2, whose expectation is the mean cut (maximise it; minimise -C).
  [[nodiscard]] pauli_sum cost_operator() const;

  struct max_cut_result {
    std::size_t value = 0;                    ///< C_max
    std::vector<std::uint64_t> optimal_cuts;  ///< every optimal assignment, ascending
  };
  /// Exhaustive search over 2^n assignments (n <= 30).
  [[nodiscard]] max_cut_result max_cut() const;

 private:
  std::size_t num_nodes_;
  std::vector<edge> edges_;
};

}  // namespace dsegym::sim::quantum

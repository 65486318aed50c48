#include "dsegym/sim/quantum/maxcut_graph.hpp"

#include <algorithm>
#include <string>

#include "dsegym/sim/quantum/detail/check.hpp"

namespace dsegym::sim::quantum {

maxcut_graph::maxcut_graph(std::size_t num_nodes, std::vector<edge> edges)
    : num_nodes_(num_nodes), edges_(std::move(edges)) {
  if (num_nodes == 0 || num_nodes > max_pauli_qubits)
    detail::throw_invalid("a MaxCut graph needs 1.." + std::to_string(max_pauli_qubits) +
                          " nodes, got " + std::to_string(num_nodes));
  for (std::size_t k = 0; k < edges_.size(); ++k) {
    const auto [u, v] = edges_[k];
    const std::string name =
        "edge " + std::to_string(k) + " (" + std::to_string(u) + ", " + std::to_string(v) + ")";
    detail::check_wire(u, num_nodes, name + " node");
    detail::check_wire(v, num_nodes, name + " node");
    if (u == v) detail::throw_invalid(name + " is a self-loop");
    for (std::size_t j = 0; j < k; ++j) {
      const auto [a, b] = edges_[j];
      if ((a == u && b == v) || (a == v && b == u))
        detail::throw_invalid(name + " repeats edge " + std::to_string(j));
    }
  }
}

maxcut_graph maxcut_graph::ring(std::size_t num_nodes) {
  if (num_nodes < 3)
    detail::throw_invalid("a ring needs at least 3 nodes, got " + std::to_string(num_nodes));
  std::vector<edge> e;
  for (std::size_t i = 0; i < num_nodes; ++i) e.emplace_back(i, (i + 1) % num_nodes);
  return {num_nodes, std::move(e)};
}

maxcut_graph maxcut_graph::sun_eight_node() {
  return {8,
          {{0, 1},
           {0, 6},
           {0, 7},
           {1, 2},
           {1, 6},
           {2, 4},
           {2, 7},
           {3, 7},
           {3, 6},
           {4, 5},
           {4, 6},
           {5, 1},
           {5, 6},
           {5, 7},
           {6, 7}}};
}

maxcut_graph maxcut_graph::random(std::size_t num_nodes, double edge_probability, rng& g) {
  if (!(edge_probability >= 0.0 && edge_probability <= 1.0))
    detail::throw_invalid("edge probability must be in [0, 1], got " +
                          detail::format_double(edge_probability));
  std::vector<edge> e;
  for (std::size_t u = 0; u < num_nodes; ++u)
    for (std::size_t v = u + 1; v < num_nodes; ++v)
      if (bernoulli(g, edge_probability)) e.emplace_back(u, v);
  return {num_nodes, std::move(e)};
}

std::size_t maxcut_graph::cut_value(std::uint64_t assignment) const {
  if (num_nodes_ < 64 && (assignment >> num_nodes_) != 0)
    detail::throw_invalid("assignment " + std::to_string(assignment) + " has bits beyond " +
                          std::to_string(num_nodes_) + " nodes");
  std::size_t cut = 0;
  for (const auto& [u, v] : edges_)
    cut += ((assignment >> bit_of(u, num_nodes_)) ^ (assignment >> bit_of(v, num_nodes_))) & 1U;
  return cut;
}

pauli_sum maxcut_graph::cost_operator() const {
  pauli_sum c(num_nodes_);
  if (edges_.empty()) {
    c.add(0.0, std::string(num_nodes_, 'I'));
    return c;
  }
  c.add(0.5 * static_cast<double>(edges_.size()), std::string(num_nodes_, 'I'));
  for (const auto& [u, v] : edges_) {
    std::string label(num_nodes_, 'I');
    label[u] = label[v] = 'Z';
    c.add(-0.5, label);
  }
  return c;
}

maxcut_graph::max_cut_result maxcut_graph::max_cut() const {
  if (num_nodes_ > 30)
    throw resource_exhausted(
        detail::error_area,
        "exhaustive MaxCut over " + std::to_string(num_nodes_) + " nodes is too large; at most 30");
  max_cut_result r;
  const std::uint64_t count = std::uint64_t{1} << num_nodes_;
  for (std::uint64_t a = 0; a < count; ++a) {
    const std::size_t v = cut_value(a);
    if (v > r.value) {
      r.value = v;
      r.optimal_cuts.clear();
    }
    if (v == r.value) r.optimal_cuts.push_back(a);
  }
  return r;
}

}  // namespace dsegym::sim::quantum

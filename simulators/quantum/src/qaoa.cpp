#include "dsegym/sim/quantum/qaoa.hpp"

#include <string>

#include "dsegym/sim/quantum/detail/check.hpp"

namespace dsegym::sim::quantum {

circuit qaoa_circuit(const maxcut_graph& graph, std::size_t layers) {
  if (layers == 0) detail::throw_invalid("qaoa_circuit needs at least 1 layer, got 0");
  const std::size_t n = graph.num_nodes();
  circuit c(n);
  for (std::size_t q = 0; q < n; ++q) c.h(q);
  for (std::size_t l = 0; l < layers; ++l) {
    const angle gamma = angle::parameter(2 * l, -1.0);
    const angle beta = angle::parameter(2 * l + 1, 2.0);
    for (const auto& [u, v] : graph.edges()) c.rzz(u, v, gamma);
    for (std::size_t q = 0; q < n; ++q) c.rx(q, beta);
  }
  c.reserve_params(2 * layers);
  return c;
}

}  // namespace dsegym::sim::quantum

#pragma once
// The QAOA ansatz for MaxCut (spec §5.5).

#include <cstddef>

#include "dsegym/sim/quantum/circuit.hpp"
#include "dsegym/sim/quantum/maxcut_graph.hpp"

namespace dsegym::sim::quantum {

/// |+>^n, then p layers of e^{-i gamma_l C} (one rzz(u, v, -gamma_l) per edge, since
/// e^{-i gamma (1 - ZZ)/2} = e^{-i gamma/2} e^{+i gamma ZZ/2}) and e^{-i beta_l sum X} (rx(2
/// beta_l) on every wire). Parameters [gamma_1, beta_1, ..., gamma_p, beta_p]; each is shared by
/// all gates of its layer through parameter references with scale -1 or 2.
[[nodiscard]] circuit qaoa_circuit(const maxcut_graph& graph, std::size_t layers);

}  // namespace dsegym::sim::quantum

#include "dsegym/core/error.hpp"
#include "dsegym/sim/aig/transforms.hpp"
namespace dsegym::sim::aig {
graph resub(const graph&, const resub_options&) { throw unimplemented("aig", "resub"); }
}  // namespace dsegym::sim::aig

#include "dsegym/sim/accel/dataflow.hpp"

#include <string>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::accel {

std::string_view to_string(dataflow d) noexcept {
  switch (d) {
    case dataflow::weight_stationary: return "weight_stationary";
    case dataflow::output_stationary: return "output_stationary";
    case dataflow::row_stationary: return "row_stationary";
    case dataflow::no_local_reuse: return "no_local_reuse";
  }
  return "?";
}

dataflow parse_dataflow(std::string_view name) {
  if (name == "weight_stationary" || name == "ws") return dataflow::weight_stationary;
  if (name == "output_stationary" || name == "os") return dataflow::output_stationary;
  if (name == "row_stationary" || name == "rs") return dataflow::row_stationary;
  if (name == "no_local_reuse" || name == "nlr") return dataflow::no_local_reuse;
  throw invalid_argument("accel", "unknown dataflow \"" + std::string(name) +
                                      "\" (valid: weight_stationary/ws, output_stationary/os, "
                                      "row_stationary/rs, no_local_reuse/nlr)");
}

}  // namespace dsegym::sim::accel

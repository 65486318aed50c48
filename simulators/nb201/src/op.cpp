#include "dsegym/sim/nb201/op.hpp"

#include <string>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::nb201 {

op parse_op(std::string_view name) {
  if (auto o = op_from_name(name)) return *o;
  std::string msg = "unknown operation '";
  msg.append(name).append("'; expected one of:");
  for (auto n : op_names) msg.append(" ").append(n);
  throw invalid_argument("nb201", msg);
}

}  // namespace dsegym::sim::nb201

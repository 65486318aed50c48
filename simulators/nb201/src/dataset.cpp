#include "dsegym/sim/nb201/dataset.hpp"

#include <string>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::nb201 {

dataset parse_dataset(std::string_view name) {
  for (dataset d : all_datasets)
    if (dataset_name(d) == name) return d;
  std::string msg = "unknown dataset '";
  msg.append(name).append("'; expected one of:");
  for (dataset d : all_datasets) msg.append(" ").append(dataset_name(d));
  throw invalid_argument("nb201", msg);
}

}  // namespace dsegym::sim::nb201

#pragma once
// Where envs find external benchmark data: the kwarg data_dir when given, else the environment
// variable DSEGYM_DATA_DIR (set by the CLI's --data-dir). Both name the data root that holds one
// folder per benchmark (nb201/, dram-traces/, epfl/, ...).

#include <cstdlib>
#include <filesystem>
#include <string>

#include "dsegym/core/error.hpp"

namespace dsegym::envs {

/// The data folder `sub` (e.g. "nb201") under the configured data root; `what` names the data in
/// the error raised when no root is configured.
[[nodiscard]] inline std::filesystem::path data_folder(const std::string& data_dir_kwarg,
                                                       const std::string& sub,
                                                       const std::string& what) {
  std::string root = data_dir_kwarg;
  if (root.empty()) {
    if (const char* env = std::getenv("DSEGYM_DATA_DIR")) root = env;
  }
  if (root.empty())
    throw data_error("data", what + " needs external data that is not configured: set the "
                                    "environment variable DSEGYM_DATA_DIR (or pass --data-dir, or "
                                    "the kwarg data_dir) to the data root holding " + sub + "/");
  return std::filesystem::path(root) / sub;
}

}  // namespace dsegym::envs

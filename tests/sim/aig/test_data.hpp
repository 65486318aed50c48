#pragma once
#include <filesystem>
#include <string>

namespace aig_test {
inline std::string epfl_path(const std::string& design) {
  static const char* arith[] = {"adder", "bar", "div", "hyp", "log2", "max", "multiplier",
                                "sin", "sqrt", "square"};
  std::string dir = "random_control";
  for (auto* a : arith)
    if (design == a) dir = "arithmetic";
  return std::string(DSEGYM_TEST_DATA_DIR) + "/epfl/" + dir + "/" + design + ".aig";
}
inline bool have_epfl() { return std::filesystem::exists(epfl_path("ctrl")); }
}  // namespace aig_test

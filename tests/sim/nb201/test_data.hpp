#pragma once
// Shared helpers of the nb201 tests: where the data is, one loaded copy of it, and an
// independent (deliberately naive) CSV reader so tests do not validate the loader with itself.

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "dsegym/sim/nb201/tables.hpp"

namespace nb201_test {

inline std::filesystem::path data_dir() { return DSEGYM_TEST_DATA_DIR "/nb201"; }

/// The real data, loaded once per test executable.
inline const dsegym::sim::nb201::tables& data() {
  static const std::shared_ptr<const dsegym::sim::nb201::tables> t =
      dsegym::sim::nb201::load_tables_shared(data_dir());
  return *t;
}

inline std::shared_ptr<const dsegym::sim::nb201::tables> shared_data() {
  data();
  return dsegym::sim::nb201::load_tables_shared(data_dir());
}

/// All lines of a text file (without '\n').
inline std::vector<std::string> read_lines(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// Fields of one CSV line (no quoting in these files).
inline std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  for (std::string f; std::getline(ss, f, ',');) out.push_back(f);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

}  // namespace nb201_test

#pragma once
// Shared helpers of the SoC tests: where the FARSI data is, small hand-built workloads and
// designs, and scratch directories holding modified copies of the data files.

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <unistd.h>
#include <vector>

#include "dsegym/sim/soc.hpp"

namespace soc_test {

namespace fs = std::filesystem;
using namespace dsegym::sim::soc;

inline fs::path farsi_dir() { return DSEGYM_TEST_DATA_DIR "/archgym-reference/farsi-workloads"; }

/// The shipped workloads, loaded once.
inline const workload& farsi(const std::string& name) {
  static std::map<std::string, workload> cache;
  auto it = cache.find(name);
  if (it == cache.end()) it = cache.emplace(name, load_farsi_workload(farsi_dir(), name)).first;
  return it->second;
}

inline task zero_task(std::string name) { return task{.name = std::move(name), .gpp_cycles = 0.0}; }
inline task gpp_task(std::string name, double cycles) {
  return task{.name = std::move(name), .gpp_cycles = cycles};
}
inline task ip_task(std::string name, double gpp_cycles, double ip_cycles, double energy, double area,
                    std::uint64_t iterations) {
  return task{.name = std::move(name),
              .gpp_cycles = gpp_cycles,
              .ip_cycles = ip_cycles,
              .ip_energy = energy,
              .ip_area_um2 = area,
              .iterations = iterations};
}

inline workload make_workload(std::vector<task> tasks,
                              std::vector<std::tuple<std::size_t, std::size_t, std::uint64_t>> edges,
                              std::size_t last) {
  workload w;
  w.name = "test";
  w.tasks = std::move(tasks);
  for (auto [p, c, b] : edges) w.edges.push_back(edge{p, c, b});
  w.last_task = last;
  return w;
}

/// A fresh directory, removed with its contents at scope exit.
class temp_dir {
 public:
  temp_dir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("dsegym_soc_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_text(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

/// A copy of the FARSI directory in `dir` (only copies are ever modified).
inline void copy_farsi(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(farsi_dir()))
    fs::copy_file(e.path(), dir / e.path().filename(), fs::copy_options::overwrite_existing);
  for (const auto& e : fs::directory_iterator(dir))
    fs::permissions(e.path(), fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add);
}

/// Replaces the first occurrence of `from` in the file; fails the test if absent.
inline void replace_in(const fs::path& p, const std::string& from, const std::string& to) {
  std::string text = read_text(p);
  const auto pos = text.find(from);
  ASSERT_NE(pos, std::string::npos) << "'" << from << "' not in " << p;
  text.replace(pos, from.size(), to);
  write_text(p, text);
}

/// 1-based line of the first occurrence of `needle` in a file (0 if absent).
inline std::size_t line_of(const fs::path& p, const std::string& needle) {
  std::istringstream in(read_text(p));
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.find(needle) != std::string::npos) return n;
  }
  return 0;
}

}  // namespace soc_test

#pragma once
// Private: the bus graph of a design and shortest bus paths (BFS, lowest bus index first, so
// routes are deterministic). Assumes all indices were checked (check_design).

#include <cstddef>
#include <limits>
#include <vector>

#include "dsegym/sim/soc/design.hpp"

namespace dsegym::sim::soc::detail {

inline constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();

class topology {
 public:
  /// Bus links to self are ignored ("a self bus-to-bus link means none"). For a memory on several
  /// buses the first link wins (check_design rejects such designs anyway).
  explicit topology(const design& d);

  /// Buses crossed from `from_bus` to the bus of memory `m` (both ends included); empty when the
  /// memory is unreachable or on no bus.
  [[nodiscard]] const std::vector<std::size_t>& route(std::size_t from_bus, std::size_t m) const;
  [[nodiscard]] bool reaches(std::size_t from_bus, std::size_t m) const {
    return !route(from_bus, m).empty();
  }
  [[nodiscard]] std::size_t memory_bus(std::size_t m) const { return memory_bus_[m]; }

 private:
  std::size_t buses_ = 0;
  std::vector<std::size_t> memory_bus_;
  std::vector<std::vector<std::size_t>> paths_;  // [from * buses + to] -> bus path
  std::vector<std::size_t> empty_;
};

}  // namespace dsegym::sim::soc::detail

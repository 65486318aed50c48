#include "topology.hpp"

#include <algorithm>
#include <deque>

namespace dsegym::sim::soc::detail {

topology::topology(const design& d) : buses_(d.buses.size()) {
  std::vector<std::vector<std::size_t>> nb(buses_);
  for (const auto& [a, b] : d.bus_links) {
    if (a == b || a >= buses_ || b >= buses_) continue;
    nb[a].push_back(b);
    nb[b].push_back(a);
  }
  for (auto& v : nb) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }
  memory_bus_.assign(d.memories.size(), npos);
  for (const auto& [bus, mem] : d.memory_links)
    if (bus < buses_ && mem < memory_bus_.size() && memory_bus_[mem] == npos) memory_bus_[mem] = bus;

  paths_.assign(buses_ * buses_, {});
  std::vector<std::size_t> parent(buses_);
  for (std::size_t src = 0; src < buses_; ++src) {
    std::fill(parent.begin(), parent.end(), npos);
    parent[src] = src;
    std::deque<std::size_t> queue{src};
    while (!queue.empty()) {
      const std::size_t u = queue.front();
      queue.pop_front();
      for (std::size_t v : nb[u])
        if (parent[v] == npos) {
          parent[v] = u;
          queue.push_back(v);
        }
    }
    for (std::size_t dst = 0; dst < buses_; ++dst) {
      if (parent[dst] == npos) continue;
      auto& path = paths_[src * buses_ + dst];
      for (std::size_t v = dst; v != src; v = parent[v]) path.push_back(v);
      path.push_back(src);
      std::reverse(path.begin(), path.end());
    }
  }
}

const std::vector<std::size_t>& topology::route(std::size_t from_bus, std::size_t m) const {
  if (from_bus >= buses_ || m >= memory_bus_.size() || memory_bus_[m] == npos) return empty_;
  return paths_[from_bus * buses_ + memory_bus_[m]];
}

}  // namespace dsegym::sim::soc::detail

#pragma once
/// @file
/// A network = an ordered list of layers; cost = sum over layers (spec §B.3, §B.6).

#include <cstdint>
#include <string>
#include <vector>

#include "dsegym/sim/accel/layer.hpp"

namespace dsegym::sim::accel {

struct network {
  std::string name;
  std::vector<layer> layers;

  [[nodiscard]] std::uint64_t macs() const noexcept {
    std::uint64_t m = 0;
    for (const auto& l : layers) m += l.macs();
    return m;
  }
  [[nodiscard]] std::uint64_t flops() const noexcept {
    std::uint64_t f = 0;
    for (const auto& l : layers) f += l.flops();
    return f;
  }
  friend bool operator==(const network&, const network&) = default;
};

}  // namespace dsegym::sim::accel

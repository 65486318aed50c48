#include "dsegym/sim/accel/mapping.hpp"

namespace dsegym::sim::accel {

std::string to_string(const mapping& m) {
  auto level = [](std::string_view label, const dim_array& f, const dim_order& order) {
    std::string s(label);
    s += "[";
    bool first = true;
    for (dim d : order) {
      if (f[index(d)] <= 1) continue;
      if (!first) s += " ";
      s += dim_name(d);
      s += std::to_string(f[index(d)]);
      first = false;
    }
    return s + "]";
  };
  std::string s = level("DRAM", m.dram, m.dram_order) + " " + level("GLB", m.glb, m.glb_order);
  s += " spatial[" + std::string(dim_name(m.spatial_x)) + std::to_string(m.spatial_x_factor) + " " +
       std::string(dim_name(m.spatial_y)) + std::to_string(m.spatial_y_factor) + "] ";
  return s + level("RF", m.rf, m.rf_order);
}

}  // namespace dsegym::sim::accel

#pragma once
// Private: the cost formulas without validation, shared by evaluate_mapping and the mapper (which
// costs thousands of candidate mappings per layer and checks them itself).

#include "dsegym/sim/accel/accel_config.hpp"
#include "dsegym/sim/accel/layer.hpp"
#include "dsegym/sim/accel/layer_result.hpp"
#include "dsegym/sim/accel/mapping.hpp"

namespace dsegym::sim::accel::detail {

struct raw_cost {
  double compute_cycles = 0.0;
  double dram_cycles = 0.0;
  double glb_cycles = 0.0;
  double cycles = 0.0;
  double dram_bytes = 0.0;
  double glb_words = 0.0;
  access_counts acc;
  energy_breakdown energy;
  [[nodiscard]] double energy_pj() const noexcept { return energy.total_pj(); }
};

/// Dense footprint of tensor t for tile extents e (words).
[[nodiscard]] double footprint(const layer& l, tensor t, const dim_array& e) noexcept;

/// Extent of every dimension in the padded iteration space (spatial dims rounded up).
[[nodiscard]] dim_array spatial_factors(const mapping& m) noexcept;

/// Costs of a mapping assumed valid.
[[nodiscard]] raw_cost compute_cost(const layer& l, const accel_config& cfg, const mapping& m) noexcept;

/// Empty if the tiles fit the register files (per operand) and the global buffer.
[[nodiscard]] bool rf_fits(const layer& l, const accel_config& cfg, const dim_array& t0) noexcept;
[[nodiscard]] bool glb_fits(const layer& l, const accel_config& cfg, const dim_array& t1) noexcept;

}  // namespace dsegym::sim::accel::detail

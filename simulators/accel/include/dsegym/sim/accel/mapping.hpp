#pragma once
/// @file
/// A mapping of a layer onto the accelerator (spec §B.3): the loop nest DRAM → GLB → PE array
/// (two spatial dimensions) → register file → MAC.
///
/// For every dimension d: dram[d] · glb[d] · rf[d] = D, except for the two spatial dimensions
/// where it equals ceil(D / spatial factor) (the array is padded; padded iterations do no MACs).
/// Tiles: RF tile t0 = rf; array tile = t0 × spatial; GLB tile = array tile × glb; the DRAM
/// level iterates over GLB tiles. Each order lists the loops of its level, outermost first.

#include <string>

#include "dsegym/sim/accel/loop_dims.hpp"

namespace dsegym::sim::accel {

inline constexpr dim_order default_order{dim::n, dim::k, dim::c, dim::r, dim::s, dim::p, dim::q};

struct mapping {
  dim spatial_x = dim::k;          ///< spread over the array columns
  std::uint64_t spatial_x_factor = 1;
  dim spatial_y = dim::c;          ///< spread over the array rows
  std::uint64_t spatial_y_factor = 1;
  dim_array rf{1, 1, 1, 1, 1, 1, 1};    ///< temporal factors inside a PE
  dim_array glb{1, 1, 1, 1, 1, 1, 1};   ///< temporal factors at the GLB (over array tiles)
  dim_array dram{1, 1, 1, 1, 1, 1, 1};  ///< temporal factors at DRAM (over GLB tiles)
  dim_order rf_order = default_order;
  dim_order glb_order = default_order;
  dim_order dram_order = default_order;

  friend bool operator==(const mapping&, const mapping&) = default;
};

/// A readable loop nest, e.g. "DRAM[K2 P4] GLB[C8] spatial[K14 C12] RF[S3 Q2]" (factors > 1 only).
[[nodiscard]] std::string to_string(const mapping& m);

}  // namespace dsegym::sim::accel

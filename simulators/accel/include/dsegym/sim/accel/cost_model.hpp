#pragma once
/// @file
/// Analytical cost of one layer under one mapping (spec §B.3), in the spirit of Timeloop.
///
/// Traffic of tensor T across a level boundary = |tile of T below the boundary| × the product of
/// the trip counts of all loops above it, from the outermost down to the innermost loop (trip > 1)
/// that indexes T; the loops inside that one reuse the tile. Applied at four boundaries:
///
/// * DRAM → GLB: GLB tile, DRAM loops.
/// * GLB → array: array tile (distinct words: a multicast is one GLB read), DRAM + GLB loops.
/// * NoC: the RF tile of every used PE, DRAM + GLB loops.
/// * RF → MAC: one word per used PE, all loops (the MAC's register keeps an operand across the
///   innermost loops that do not index it).
///
/// Outputs move up: writes = that count; reads (partial sums brought back) = writes − the
/// distinct outputs at that boundary (|O|, or |O| × the spatial factor of dimensions that do not
/// index outputs for the per-PE boundaries). RF reads = MAC-level weight and input reads +
/// partial-sum reads + outputs sent up; RF writes = MAC-level output updates + NoC fills. With
/// no_local_reuse the RF is bypassed (no RF accesses).
///
/// Latency (roofline) = max(compute cycles, DRAM bytes / DRAM bandwidth, GLB words through its
/// busier port / GLB bandwidth) — the GLB has a read and a write port, each at the configured
/// bandwidth, like TimeloopGym's separate read/write bandwidths. Energy = MACs·e_MAC + RF·e_RF + NoC·e_NoC + GLB·e_GLB + DRAM words·e_DRAM +
/// leakage × time. Tiles are dense: an input tile of p outputs with filter extent r and stride s
/// holds (p−1)·s + r rows when r >= s, else p·r.

#include <string>

#include "dsegym/sim/accel/accel_config.hpp"
#include "dsegym/sim/accel/layer.hpp"
#include "dsegym/sim/accel/layer_result.hpp"
#include "dsegym/sim/accel/mapping.hpp"

namespace dsegym::sim::accel {

/// Empty if `m` is a valid mapping of `l` on `cfg`, else why not (factor products, spatial
/// factors larger than the array or the dimension, orders that are not permutations, a tile that
/// does not fit a register file or the global buffer). Layer and config must be valid.
[[nodiscard]] std::string check_mapping(const layer& l, const accel_config& cfg, const mapping& m);

/// Words of tensor t in a tile with the given extents.
[[nodiscard]] double tile_words(const layer& l, tensor t, const dim_array& extents);

/// Cost of `l` on `cfg` under `m`.
/// @throws dsegym::invalid_argument (tag "accel") for an invalid layer, config or mapping, with
///         the reason of check_mapping().
[[nodiscard]] layer_result evaluate_mapping(const layer& l, const accel_config& cfg, const mapping& m);

}  // namespace dsegym::sim::accel

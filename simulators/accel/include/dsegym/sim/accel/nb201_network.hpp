#pragma once
/// @file
/// The layer list of a NAS-Bench-201 cell network (nas-bench-201.md §1, §5; soc-accelerator.md
/// §B.6), so an NB201 environment can report latency and energy on an accelerator.
///
/// Stem conv 3×3 (Cin→C, pad 1); three stages of N cells at C, 2C, 4C channels whose six edges are
/// the arch's ops (conv3x3 / conv1x1 edges are convs C_s→C_s, stride 1, same padding; none,
/// skip and avg_pool have no MACs and are not layers); between stages a residual block: conv
/// 3×3 stride 2 (C_s→2C_s), conv 3×3 (2C_s→2C_s), shortcut conv 1×1 (C_s→2C_s) after a 2×2
/// average pool; head Linear(4C, K) with bias. Every edge runs, dead paths included, so the MACs
/// equal the NB201 FLOPs formula (§6) minus the K bias adds, and flops() equals it exactly.

#include <array>
#include <cstdint>
#include <span>

#include "dsegym/sim/accel/network.hpp"

namespace dsegym::sim::accel {

/// Edge op codes in NB201 order: 0 none, 1 skip_connect, 2 nor_conv_1x1, 3 nor_conv_3x3,
/// 4 avg_pool_3x3. Edge order 0→1, 0→2, 1→2, 0→3, 1→3, 2→3.
struct nb201_network_options {
  std::uint32_t channels = 16;        ///< C
  std::uint32_t cells_per_stage = 5;  ///< N
  std::uint32_t input_channels = 3;   ///< Cin
  std::uint32_t height = 32;          ///< multiple of 4 (CIFAR 32, ImageNet16-120 16)
  std::uint32_t width = 32;
  std::uint32_t classes = 10;         ///< K (CIFAR-10 10, CIFAR-100 100, ImageNet16-120 120)
};

/// @throws dsegym::invalid_argument (tag "accel") for other than 6 codes, a code outside 0..4,
///         zero sizes, or height/width not a positive multiple of 4.
[[nodiscard]] network nb201_network(std::span<const std::int64_t> ops,
                                    const nb201_network_options& options = {});
[[nodiscard]] network nb201_network(const std::array<std::uint8_t, 6>& ops,
                                    const nb201_network_options& options = {});

}  // namespace dsegym::sim::accel

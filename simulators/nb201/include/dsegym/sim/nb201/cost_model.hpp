#pragma once
/// @file
/// Exact analytic FLOPs and parameter counts of an NB201 network (spec §5, §6).
///
/// This model is the source of the benchmark's `flops_M` / `params_M` (the data files were
/// computed with the same formula and equal the official API's hp='12' cost values). It follows
/// the official counter: FLOPs are multiply-accumulates of every Conv and Linear (+ Cout*H*W for a
/// bias); pooling, BatchNorm, ReLU and additions are free; params count every parameter element
/// including BatchNorm affine weights. All six cell edges are executed (dead ones included), so
/// only the numbers of 3x3 and 1x1 convolutions matter.

#include <cstdint>

#include "dsegym/sim/nb201/arch.hpp"
#include "dsegym/sim/nb201/dataset.hpp"

namespace dsegym::sim::nb201 {

/// Macro skeleton: stem conv, 3 stages of `cells_per_stage` cells with widths C, 2C, 4C separated
/// by two stride-2 residual blocks, then BN-ReLU-GAP-Linear. Defaults are NB201 on CIFAR-10.
struct network_shape {
  std::uint32_t channels = 16;        ///< C, width of stage 1
  std::uint32_t cells_per_stage = 5;  ///< N
  std::uint32_t input_channels = 3;   ///< Cin
  std::uint32_t height = 32;          ///< input height; must be a positive multiple of 4
  std::uint32_t width = 32;           ///< input width; must be a positive multiple of 4
  std::uint32_t classes = 10;         ///< K
  friend constexpr bool operator==(const network_shape&, const network_shape&) = default;
};

/// The NB201 shape of a dataset: C = 16, N = 5, Cin = 3; 32x32 with K = 10 / 10 / 100 for the
/// CIFAR sets, 16x16 with K = 120 for ImageNet16-120.
[[nodiscard]] network_shape nb201_shape(dataset d);

/// Exact counts (integers, not millions).
struct network_cost {
  std::uint64_t flops = 0;   ///< multiply-accumulates per image (what NB201 calls FLOPs)
  std::uint64_t params = 0;  ///< parameter elements

  [[nodiscard]] constexpr double flops_m() const noexcept {
    return static_cast<double>(flops) / 1e6;
  }
  [[nodiscard]] constexpr double params_m() const noexcept {
    return static_cast<double>(params) / 1e6;
  }
  friend constexpr bool operator==(const network_cost&, const network_cost&) = default;
};

/// Cost of a network whose cells have `counts` 3x3 / 1x1 convolutions (each in 0..6):
///   FLOPs  = 9*Cin*C*H*W + 28*C^2*H*W + (4C+1)*K + N*C^2*H*W*(27*n3 + 3*n1)
///   params = 280*C^2 + (9*Cin+34)*C + (4C+1)*K + N*(n3*(189*C^2 + 14*C) + n1*(21*C^2 + 14*C))
/// @throws dsegym::invalid_argument for a zero size, H or W not a multiple of 4, counts with
///         n3 + n1 > 6, or a result that overflows 64 bits.
[[nodiscard]] network_cost compute_cost(conv_counts counts, const network_shape& shape);

/// compute_cost(count_convs(a), shape).
[[nodiscard]] network_cost compute_cost(const arch& a, const network_shape& shape);

/// compute_cost(a, nb201_shape(d)): the benchmark's flops_M / params_M for dataset `d`.
[[nodiscard]] network_cost nb201_cost(const arch& a, dataset d);

}  // namespace dsegym::sim::nb201

#pragma once
/// @file
/// One DNN layer as a 7-deep loop nest (spec §B.1): conv, depthwise conv, GEMM or fully
/// connected, all expressed in the N, K, C, R, S, P, Q dimensions with P, Q the OUTPUT size.

#include <cstdint>
#include <string>

#include "dsegym/sim/accel/loop_dims.hpp"

namespace dsegym::sim::accel {

enum class layer_type : std::uint8_t {
  conv,       ///< MACs N·K·C·R·S·P·Q
  depthwise,  ///< K = 1, one filter per input channel: MACs N·C·R·S·P·Q
  gemm,       ///< (M×Kg)·(Kg×Ng) as conv: K = Ng, C = Kg, P = M, Q = R = S = 1
  fc,         ///< K = outputs, C = inputs, N = batch, the rest 1
};

struct layer {
  std::string name;
  layer_type type = layer_type::conv;
  std::uint64_t n = 1, k = 1, c = 1, r = 1, s = 1, p = 1, q = 1;
  std::uint32_t stride_h = 1, stride_w = 1;
  std::uint32_t pad_h = 0, pad_w = 0;  ///< only for input_h/input_w (buffers hold padded inputs)
  bool bias = false;                   ///< adds N·K·P·Q to flops() (NB201's official counting)

  [[nodiscard]] dim_array dims() const noexcept { return {n, k, c, r, s, p, q}; }
  [[nodiscard]] bool depthwise() const noexcept { return type == layer_type::depthwise; }
  [[nodiscard]] std::uint64_t macs() const noexcept { return n * k * c * r * s * p * q; }
  /// MACs plus one per output for a bias: what NAS-Bench-201 reports as FLOPs.
  [[nodiscard]] std::uint64_t flops() const noexcept {
    return macs() + (bias ? n * k * (depthwise() ? c : 1) * p * q : 0);
  }
  /// Unpadded input size: (P - 1)·stride + R - 2·pad.
  [[nodiscard]] std::uint64_t input_h() const noexcept { return (p - 1) * stride_h + r - 2 * pad_h; }
  [[nodiscard]] std::uint64_t input_w() const noexcept { return (q - 1) * stride_w + s - 2 * pad_w; }
  friend bool operator==(const layer&, const layer&) = default;
};

/// @throws dsegym::invalid_argument (tag "accel") for a zero dimension or stride, a depthwise
///         layer with K != 1, padding that leaves no input, or more than 4e18 MACs.
/// Largest loop bound (any of N K C R S P Q) a layer may have: the mapper's work per layer grows
/// with the square root of each bound (divisor lists), so absurd sizes are refused up front.
inline constexpr std::uint64_t max_layer_dim = std::uint64_t{1} << 24;

void validate(const layer& l);

/// Conv with a square kernel on an in_h × in_w input: P = (in_h + 2·pad - kernel) / stride + 1.
/// @throws dsegym::invalid_argument if the kernel does not fit the padded input.
[[nodiscard]] layer conv2d(std::string name, std::uint64_t in_channels, std::uint64_t out_channels,
                           std::uint64_t in_h, std::uint64_t in_w, std::uint32_t kernel,
                           std::uint32_t stride = 1, std::uint32_t pad = 0, bool bias = false);
[[nodiscard]] layer depthwise_conv2d(std::string name, std::uint64_t channels, std::uint64_t in_h,
                                     std::uint64_t in_w, std::uint32_t kernel, std::uint32_t stride = 1,
                                     std::uint32_t pad = 0);
[[nodiscard]] layer fully_connected(std::string name, std::uint64_t inputs, std::uint64_t outputs,
                                    std::uint64_t batch = 1, bool bias = true);
/// (M×K)·(K×N) with MACs M·N·K.
[[nodiscard]] layer gemm(std::string name, std::uint64_t m, std::uint64_t n, std::uint64_t k);

}  // namespace dsegym::sim::accel

#pragma once
/// @file
/// Readers of the layer tables of the reference gyms (spec §B.1), in
/// ../shared/data/archgym-reference/dnn-layers: MAESTRO/GAMMA `K,C,Y,X,R,S,T` (Y, X = input size;
/// T 1 CONV, 2 DSCONV, 3 GEMM, 0 FC; BERT's `M,N,K,0,0,0,T` form for GEMMs) and TimeloopGym
/// `layer,N,C,M,R,S,P,Q,Hstride,Wstride` (P, Q = output size).

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "dsegym/sim/accel/network.hpp"

namespace dsegym::sim::accel {

/// How a MAESTRO row's output size is derived (the table has no stride or padding).
enum class shape_mode : std::uint8_t {
  maestro_compat,  ///< what the reference does: stride 1, no padding, P = Y - R + 1
  true_shapes,     ///< stride and padding from a side table (one entry per row)
};

struct conv_geometry {
  std::uint32_t stride = 1;
  std::uint32_t pad = 0;
  friend bool operator==(const conv_geometry&, const conv_geometry&) = default;
};

/// Side tables of the real strides/paddings for `maestro_alexnet` (conv1 11×11/4 pad 2, conv2 pad
/// 2, 3×3 pad 1) and `maestro_resnet18` (7×7/2 pad 3, 3×3 pad 1, the first conv and the 1×1
/// projection of stages 2-4 stride 2) and `maestro_vgg16` (3×3/1 pad 1; its pools are not rows).
/// @throws dsegym::not_found naming the tables that have one.
[[nodiscard]] std::vector<conv_geometry> maestro_true_geometry(std::string_view table);

/// Reads a MAESTRO table; the network is named after the file stem. In true_shapes mode
/// `geometry` must have one entry per data row.
/// @throws dsegym::data_error with file and line for a wrong header, field count, non-integer or
///         zero value, unknown layer type, DSCONV with K != 1, or an output size below 1;
///         dsegym::invalid_argument for a geometry table of the wrong length.
[[nodiscard]] network load_maestro_layers(const std::filesystem::path& csv_path,
                                          shape_mode mode = shape_mode::maestro_compat,
                                          std::span<const conv_geometry> geometry = {});

/// Reads a TimeloopGym table (padding unknown: 0). @throws dsegym::data_error as above.
[[nodiscard]] network load_timeloop_layers(const std::filesystem::path& csv_path);

/// Either format, chosen by the header (MAESTRO rows in maestro_compat mode).
[[nodiscard]] network load_layer_table(const std::filesystem::path& csv_path);

}  // namespace dsegym::sim::accel

#pragma once
/// @file
/// Vocabulary of the loop nest (spec soc-accelerator.md §B.3): the seven problem dimensions and
/// the three tensors, and which dimensions index which tensor.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dsegym::sim::accel {

/// N batch, K output channels, C input channels, R/S filter height/width, P/Q output height/width.
enum class dim : std::uint8_t { n, k, c, r, s, p, q };
inline constexpr std::size_t dim_count = 7;
inline constexpr std::array<dim, dim_count> all_dims{dim::n, dim::k, dim::c, dim::r,
                                                     dim::s, dim::p, dim::q};

/// One value per dimension, indexed by dim (as std::size_t).
using dim_array = std::array<std::uint64_t, dim_count>;
/// A loop order, outermost first.
using dim_order = std::array<dim, dim_count>;

[[nodiscard]] constexpr std::size_t index(dim d) noexcept { return static_cast<std::size_t>(d); }
[[nodiscard]] constexpr std::string_view dim_name(dim d) noexcept {
  constexpr std::array<std::string_view, dim_count> names{"N", "K", "C", "R", "S", "P", "Q"};
  return names[index(d)];
}

enum class tensor : std::uint8_t { weights, inputs, outputs };
inline constexpr std::array<tensor, 3> all_tensors{tensor::weights, tensor::inputs, tensor::outputs};

[[nodiscard]] constexpr std::string_view tensor_name(tensor t) noexcept {
  constexpr std::array<std::string_view, 3> names{"weights", "inputs", "outputs"};
  return names[static_cast<std::size_t>(t)];
}

/// Whether dimension d indexes tensor t: weights {K, C, R, S}; inputs {N, C, P, Q, R, S} (input
/// rows come from P and R); outputs {N, K, P, Q}, plus C for a depthwise layer (one output
/// channel per input channel).
[[nodiscard]] constexpr bool relevant(tensor t, dim d, bool depthwise) noexcept {
  switch (t) {
    case tensor::weights: return d == dim::k || d == dim::c || d == dim::r || d == dim::s;
    case tensor::inputs: return d != dim::k;
    case tensor::outputs:
      return d == dim::n || d == dim::k || d == dim::p || d == dim::q || (depthwise && d == dim::c);
  }
  return false;
}

}  // namespace dsegym::sim::accel

#pragma once
/// @file
/// The five candidate operations of an NAS-Bench-201 cell edge (spec nas-bench-201.md §1).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace dsegym::sim::nb201 {

/// Operation on one cell edge. The underlying value is the op code used by the lexicographic code,
/// by `arch::ops` and by the official benchmark.
enum class op : std::uint8_t {
  none = 0,          ///< outputs zeros (the edge is effectively absent)
  skip_connect = 1,  ///< identity
  nor_conv_1x1 = 2,  ///< ReLU -> Conv 1x1 (no bias) -> BatchNorm
  nor_conv_3x3 = 3,  ///< ReLU -> Conv 3x3 (pad 1, no bias) -> BatchNorm
  avg_pool_3x3 = 4,  ///< AvgPool 3x3, stride 1, pad 1, padding excluded from the average
};

/// Number of candidate operations.
inline constexpr std::size_t op_count = 5;

/// Official op names (as in architecture strings), indexed by op code.
inline constexpr std::array<std::string_view, op_count> op_names = {
    "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"};

/// Official name of `o`; "<invalid op>" for a value outside the enum.
[[nodiscard]] constexpr std::string_view op_name(op o) noexcept {
  const auto code = static_cast<std::size_t>(o);
  return code < op_count ? op_names[code] : std::string_view("<invalid op>");
}

/// The op whose official name is exactly `name` (case-sensitive), or nullopt.
[[nodiscard]] constexpr std::optional<op> op_from_name(std::string_view name) noexcept {
  for (std::size_t code = 0; code < op_count; ++code)
    if (op_names[code] == name) return static_cast<op>(code);
  return std::nullopt;
}

/// Like op_from_name, but throws dsegym::invalid_argument naming `name` and the valid names.
[[nodiscard]] op parse_op(std::string_view name);

}  // namespace dsegym::sim::nb201

#pragma once
/// @file
/// Dataflows (spec §B.2): which problem dimensions the mapper spreads over the PE array and which
/// operand a PE keeps in its registers.
///
/// | dataflow | array columns × rows | PE register file holds / loops over | stays in the MAC's register |
/// |---|---|---|---|
/// | weight_stationary | K × C | R, S weights; loops N, P, Q | the weight (across N, P, Q) |
/// | output_stationary | Q × P or K × P | C, R, S slices | the partial sum (across C, R, S) |
/// | row_stationary (Eyeriss) | P × R or P × C | filter rows (K, C, S) and output rows (Q) | the partial sum (across C, S) |
/// | no_local_reuse (DianNao) | K × C | nothing: operands come from the NoC every MAC | nothing |

#include <cstdint>
#include <string_view>

namespace dsegym::sim::accel {

enum class dataflow : std::uint8_t { weight_stationary, output_stationary, row_stationary, no_local_reuse };

[[nodiscard]] std::string_view to_string(dataflow d) noexcept;
/// "weight_stationary" / "ws", "output_stationary" / "os", "row_stationary" / "rs",
/// "no_local_reuse" / "nlr". @throws dsegym::invalid_argument listing the names.
[[nodiscard]] dataflow parse_dataflow(std::string_view name);

}  // namespace dsegym::sim::accel

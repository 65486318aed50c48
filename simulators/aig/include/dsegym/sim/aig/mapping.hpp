#pragma once
// Technology mapping for QoR (spec logic-synthesis.md §2.7-2.8): K-LUT mapping with priority cuts
// and area recovery, and a standard-cell mapper over a genlib gate library (area, delay, ADP).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dsegym/sim/aig/graph.hpp"

namespace dsegym::sim::aig {

// ---- LUT mapping (`if -K 6 -C 8 -F 1 -A 2`) -------------------------------------------------
struct lut_options {
  unsigned k = 6;                  ///< LUT size (2..8)
  unsigned cuts_per_node = 16;     ///< priority cuts kept per node (C; 16 measured best, see benchmarks/aig_qor.cpp)
  unsigned area_flow_passes = 1;   ///< F
  unsigned exact_area_passes = 2;  ///< A
};
struct lut_result {
  std::uint32_t luts = 0;   ///< number of LUTs in the cover
  std::uint32_t depth = 0;  ///< LUT levels on the longest PI->PO path
  std::uint32_t edges = 0;  ///< sum of LUT input counts
};
/// Depth-optimal K-LUT cover (exact depth labels over the priority cuts), then area recovery
/// under that depth: area-flow passes that recompute the cut sets with area-oriented priority,
/// then exact-area passes (the LUTs a cut adds to the current cover). Nodes outside the cover keep
/// their depth label as a bound, so the depth never grows.
[[nodiscard]] lut_result map_luts(const graph& g, const lut_options& opt = {});

// ---- genlib standard cells ------------------------------------------------------------------
struct gate {
  std::string name;
  double area = 0;
  std::string output;
  std::string expression;            ///< as written, e.g. "!(A*B+C)"
  std::vector<std::string> inputs;   ///< in order of first appearance in the expression
  std::vector<double> pin_delay;     ///< per input: max(rise, fall) of block + fanout * load
  std::uint64_t function = 0;        ///< truth table over `inputs` (input i = variable i, <= 6)
};
struct gate_library {
  std::vector<gate> gates;
};
/// Parses genlib text (GATE/PIN lines, `#` comments, expressions with ! * + ( ) CONST0 CONST1).
/// Throws data_error with the line for malformed input.
[[nodiscard]] gate_library parse_genlib(std::string_view text, std::string_view source = "<memory>");
/// Reads a genlib file (not_found when missing).
[[nodiscard]] gate_library read_genlib(const std::string& path);
/// dsegym's built-in generic library: ZERO/ONE 0; BUF, INV area 1 delay 1; NAND2, NOR2 2/1;
/// AND2, OR2, NAND3, NOR3, AOI21, OAI21 3/2; XOR2, XNOR2 5/2 (the cell set of spec §2.8).
[[nodiscard]] gate_library default_library();

struct cell_result {
  double area = 0;          ///< sum of gate areas (library area units)
  double delay = 0;         ///< max PO arrival (library delay units, PIs at 0)
  std::uint32_t gates = 0;  ///< gate instances incl. inverters
  [[nodiscard]] double adp() const noexcept { return area * delay; }
};
/// Cut-based (<= 3 leaves) cell mapping in both phases, delay-optimal then area-flow recovery
/// under the delay target. Needs an inverter and a 2-input gate in the library.
[[nodiscard]] cell_result map_cells(const graph& g, const gate_library& lib);

}  // namespace dsegym::sim::aig

#pragma once
// Netlist writers: the AIG itself as BLIF or structural Verilog, and the covers of the mappers
// (K-LUTs as BLIF `.names`, genlib cells as structural Verilog instances) so another tool, e.g.
// ABC's `cec`, can check them against the AIG. Ports keep the graph's PI/PO names and order
// (unnamed ports become pi<i>/po<i>); internal nets are w<node>.

#include <string>
#include <string_view>

#include "dsegym/sim/aig/graph.hpp"
#include "dsegym/sim/aig/mapping.hpp"

namespace dsegym::sim::aig {

/// The AIG as BLIF: one 2-input `.names` per AND (complemented fanins as 0 in the cube), buffers
/// or inverters for POs.
[[nodiscard]] std::string to_blif(const graph& g, std::string_view model = "top");
/// The AIG as a Verilog module of `assign` statements.
[[nodiscard]] std::string to_verilog(const graph& g, std::string_view model = "top");

/// K-LUT mapping (as map_luts) and its cover as BLIF: one `.names` per LUT with its on-set
/// minterms, inverters for complemented POs.
[[nodiscard]] lut_result map_luts_to_blif(const graph& g, std::string& blif, const lut_options& opt = {},
                                          std::string_view model = "top");
/// Standard-cell mapping (as map_cells) and its cover as a structural Verilog module that
/// instantiates the library's gates by name with named pin connections.
[[nodiscard]] cell_result map_cells_to_verilog(const graph& g, const gate_library& lib, std::string& verilog,
                                               std::string_view model = "top");

}  // namespace dsegym::sim::aig

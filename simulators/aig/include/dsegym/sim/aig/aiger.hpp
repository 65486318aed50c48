#pragma once
// AIGER 1.9 reader/writer (spec logic-synthesis.md §2.1): binary `aig` and ASCII `aag`, symbols,
// comments. Combinational only: files with latches or B/C/J/F properties are rejected with a
// dsegym::data_error. Every malformed input gives a data_error naming the line (ASCII parts) or
// byte offset (binary AND section); never a crash.

#include <iosfwd>
#include <string>
#include <string_view>

#include "dsegym/sim/aig/graph.hpp"

namespace dsegym::sim::aig {

/// Reads an AIGER file (format from the header). Throws not_found when the file cannot be opened.
[[nodiscard]] graph read_aiger(const std::string& path);
/// Parses AIGER bytes held in memory; `source` names them in error messages.
[[nodiscard]] graph parse_aiger(std::string_view bytes, std::string_view source = "<memory>");

struct aiger_write_options {
  bool binary = true;   ///< `aig` (true) or `aag`
  bool symbols = true;  ///< write the i/o names that are non-empty
  bool comment = true;  ///< write the graph's comment (if any) after a `c` line
};

/// AIGER text/bytes of the logic reachable from the POs, renumbered (PIs, then ANDs in
/// topological order with rhs0 >= rhs1).
[[nodiscard]] std::string to_aiger(const graph& g, const aiger_write_options& opt = {});
void write_aiger(const graph& g, const std::string& path, const aiger_write_options& opt = {});

}  // namespace dsegym::sim::aig

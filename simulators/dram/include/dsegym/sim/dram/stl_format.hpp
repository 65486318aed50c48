#pragma once
/// @file
/// DRAMSys `.stl` trace files (§5 of the spec): one request per line,
/// `<cycle>:<ws>[(<len>)<ws>]<read|write><ws>0x<hex address>[<ws><hex data>]`.
/// Blank lines and lines starting with `#` are skipped; the optional length and data fields are
/// read and ignored (every request is one burst); CRLF line ends are accepted.

#include <filesystem>
#include <iosfwd>
#include <string>

#include "dsegym/sim/dram/trace.hpp"

namespace dsegym::sim::dram {

struct stl_options {
  /// A line stamped before its predecessor is an error by default. With this set it is due
  /// together with its predecessor instead (its cycle is raised to the previous one), which is
  /// what the trace player's rule "offered at max(due, previous acceptance)" does anyway and
  /// how DRAMSys plays such files. Needed for the shared ddr3_example.stl: it is four
  /// 469-request segments that each restart at cycle 0 (lines 470, 939 and 1408).
  bool clamp_backward_time = false;
};

/// Parses a whole `.stl` stream.
/// @param source  name used in error messages and stored in trace::source.
/// @throws dsegym::data_error with the 1-based line number for an unparsable line, a cycle or
///         address that does not fit 64 bits, or (unless clamped) a cycle smaller than the
///         previous line's.
[[nodiscard]] trace parse_stl(std::istream& in, const std::string& source = "<stream>",
                              const stl_options& options = {});

/// Reads a `.stl` file.
/// @throws dsegym::not_found if the file cannot be opened; data_error as parse_stl().
[[nodiscard]] trace read_stl(const std::filesystem::path& path, const stl_options& options = {});

/// Writes `t` in the format of the shared traces (`<cycle>:\t<read|write>\t0x<HEX>`).
void write_stl(std::ostream& out, const trace& t);

}  // namespace dsegym::sim::dram

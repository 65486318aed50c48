#pragma once
/// @file
/// A workload: the requests the trace player offers to the controller, in offer order.

#include <cstdint>
#include <string>
#include <vector>

namespace dsegym::sim::dram {

/// One memory request: one burst (64 B on the presets) at a byte address.
struct request {
  std::uint64_t cycle = 0;    ///< arrival in trace-player clock cycles (non-decreasing)
  std::uint64_t address = 0;  ///< byte address, burst-aligned
  bool is_write = false;

  friend bool operator==(const request&, const request&) = default;
};

/// Requests plus where they came from, so that errors found later (an address the memory does
/// not have) still name the file and line.
struct trace {
  std::vector<request> requests;
  /// 1-based source line of each request (parallel to `requests`); empty for generated traces.
  std::vector<std::uint64_t> source_lines;
  std::string source;  ///< file path or generator description, for messages

  friend bool operator==(const trace&, const trace&) = default;
};

}  // namespace dsegym::sim::dram

#pragma once
/// @file
/// A concrete SoC design: processing elements (general-purpose cores and per-task accelerators),
/// memories and buses with their widths and clock multipliers, the topology, and the mapping of
/// tasks to PEs and of task outputs to memories. Any value may be nonsense here: check_design()
/// says whether it is feasible and simulate() never crashes on it.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "dsegym/sim/soc/workload.hpp"

namespace dsegym::sim::soc {

enum class pe_kind : std::uint8_t { gpp, ip };
enum class memory_kind : std::uint8_t { sram, dram };

inline constexpr std::size_t no_task = std::numeric_limits<std::size_t>::max();

/// A processing element. A GPP runs any task with a software version, one at a time; an IP is a
/// dedicated accelerator for exactly one task (`ip_task`), with `unroll` parallel lanes.
struct pe_block {
  std::string name;
  pe_kind kind = pe_kind::gpp;
  std::size_t ip_task = no_task;   ///< IPs only: the task it implements
  double clock_multiplier = 1.0;   ///< IPs only (the GPP runs at its fixed clock)
  std::uint64_t unroll = 1;        ///< IPs only: lanes, 1..task iterations
  std::size_t bus = 0;             ///< the bus the PE sits on
  friend bool operator==(const pe_block&, const pe_block&) = default;
};

struct memory_block {
  std::string name;
  memory_kind kind = memory_kind::sram;
  std::uint32_t width_bytes = 4;   ///< bytes per cycle
  double clock_multiplier = 1.0;
  friend bool operator==(const memory_block&, const memory_block&) = default;
};

struct bus_block {
  std::string name;
  std::uint32_t width_bytes = 4;   ///< bytes per cycle
  double clock_multiplier = 1.0;
  friend bool operator==(const bus_block&, const bus_block&) = default;
};

struct design {
  std::vector<pe_block> pes;
  std::vector<memory_block> memories;
  std::vector<bus_block> buses;
  std::vector<std::pair<std::size_t, std::size_t>> bus_links;     ///< undirected bus-bus links
  std::vector<std::pair<std::size_t, std::size_t>> memory_links;  ///< (bus, memory)
  std::vector<std::size_t> task_pe;      ///< per task: index into pes
  std::vector<std::size_t> task_memory;  ///< per task: memory holding the task's outputs
  friend bool operator==(const design&, const design&) = default;
};

/// FARSI's initial design (Hardware_Graph): every task on one A53 (`A53_0`) with its outputs in one
/// SRAM (`LMEM_0_0`, 4 B/cycle) on one bus (`LMEM_ic_0_0`, 4 B/cycle), all at clock multiplier 1.
[[nodiscard]] design reference_design(const workload& w);

}  // namespace dsegym::sim::soc

#pragma once
/// @file
/// What simulate() reports for one design: the observation of the spec (§A.6, latency / power /
/// area), energy and area by block class, and per-block and per-task detail. SI units throughout.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dsegym::sim::soc {

/// Busy time of one block: a PE from the start of a task's READ to the end of its WRITE; a
/// memory or bus while at least one transfer moves data through it.
struct block_usage {
  std::string name;
  double busy_s = 0.0;
  double utilisation = 0.0;  ///< busy_s / makespan_s
};

/// Phase boundaries of one task (seconds from the start of the run).
struct task_timing {
  double start_s = 0.0;          ///< READ begins (the task holds its PE from here)
  double compute_start_s = 0.0;  ///< READ done
  double compute_end_s = 0.0;    ///< COMPUTE done
  double finish_s = 0.0;         ///< WRITE done
  std::size_t pe = 0;            ///< index into design::pes
};

struct simulation_result {
  bool ok = false;
  std::string reason;  ///< why the design is infeasible (ok == false)

  double latency_s = 0.0;        ///< finish of the workload's last task
  double makespan_s = 0.0;       ///< finish of every task
  double energy_j = 0.0;         ///< pe + memory + bus energy of the whole run
  double power_w = 0.0;          ///< peak power over >= power_window_s windows (§A.5.6)
  double average_power_w = 0.0;  ///< energy_j / latency_s
  double area_m2 = 0.0;          ///< budgeted area: GPPs + IPs + SRAMs (DRAM excluded)
  double dram_area_m2 = 0.0;     ///< reported only (stacked DRAM)

  double pe_energy_j = 0.0;
  double memory_energy_j = 0.0;
  double bus_energy_j = 0.0;
  double pe_area_m2 = 0.0;
  double sram_area_m2 = 0.0;

  std::uint64_t bytes_moved = 0;                     ///< bytes read + written by all transfers
  std::vector<std::uint64_t> memory_capacity_bytes;  ///< per memory, rounded up to the granule
  std::vector<block_usage> pe_usage, memory_usage, bus_usage;
  std::vector<task_timing> tasks;  ///< per task (empty if not recorded)

  /// Observation vector in the reference order: [latency_s, power_W, area_m2].
  [[nodiscard]] std::array<double, 3> observation() const noexcept {
    return {latency_s, power_w, area_m2};
  }
};

}  // namespace dsegym::sim::soc

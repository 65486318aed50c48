#pragma once
/// @file
/// What one simulation run measures. Every field name carries its unit.

#include <cstdint>
#include <vector>

#include "dsegym/sim/dram/command.hpp"
#include "dsegym/sim/dram/energy_model.hpp"

namespace dsegym::sim::dram {

/// Distribution of a per-request latency. Percentiles are nearest-rank: the smallest sample
/// with at least p % of the samples at or below it.
struct latency_summary {
  double mean_ns = 0.0;
  double p50_ns = 0.0;
  double p95_ns = 0.0;
  double p99_ns = 0.0;
  double max_ns = 0.0;

  friend bool operator==(const latency_summary&, const latency_summary&) = default;
};

/// Life of one request in DRAM clock cycles (simulation_config::record_requests).
struct request_record {
  std::uint64_t accepted_cycle = 0;   ///< controller accepted it (buffer slot taken)
  std::uint64_t column_cycle = 0;     ///< its RD/WR(A) issued (buffer slot freed)
  std::uint64_t completed_cycle = 0;  ///< end of its data burst
  std::uint64_t delivered_cycle = 0;  ///< response reached the trace player

  friend bool operator==(const request_record&, const request_record&) = default;
};

struct run_results {
  std::uint64_t requests = 0;
  std::uint64_t reads = 0;
  std::uint64_t writes = 0;

  /// DRAM clock cycles until the last response reached the trace player.
  std::uint64_t cycles = 0;
  /// Makespan: time the last response reaches the player (reference "Total Time").
  double total_time_ns = 0.0;
  /// requests * burst bytes / total time.
  double bandwidth_bytes_per_s = 0.0;
  /// Share of total time the data bus carried a burst.
  double data_bus_utilization = 0.0;

  /// Response delivery minus the request's due time in the trace (includes backlog).
  latency_summary arrival_latency;
  /// Response delivery minus acceptance by the controller.
  latency_summary service_latency;

  /// Each request is exactly one of: a hit (its row was open when it was picked), a miss (it
  /// needed an ACT on a precharged bank) or a conflict (it needed a PRE of another row first).
  std::uint64_t row_hits = 0;
  std::uint64_t row_misses = 0;
  std::uint64_t row_conflicts = 0;
  double row_hit_rate = 0.0;  ///< row_hits / requests

  command_counts commands;
  std::uint64_t refreshes_forced = 0;     ///< REFs issued because too many were postponed
  std::uint64_t refreshes_pulled_in = 0;  ///< REFs issued ahead of their due time

  energy_breakdown energy;
  double energy_pj = 0.0;     ///< energy.total_pj()
  double avg_power_mw = 0.0;  ///< energy_pj / total_time_ns

  /// Every command in issue order; empty unless simulation_config::record_commands.
  std::vector<command_record> command_log;
  /// One record per trace request, in trace order; empty unless record_requests.
  std::vector<request_record> request_log;

  friend bool operator==(const run_results&, const run_results&) = default;
};

}  // namespace dsegym::sim::dram

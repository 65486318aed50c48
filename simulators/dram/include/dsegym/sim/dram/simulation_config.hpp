#pragma once
/// @file
/// Everything one simulation run needs besides the trace: memory, address map, controller
/// design point and trace-player timing.

#include <optional>

#include "dsegym/sim/dram/address_mapping.hpp"
#include "dsegym/sim/dram/controller_config.hpp"
#include "dsegym/sim/dram/mem_spec.hpp"

namespace dsegym::sim::dram {

struct simulation_config {
  mem_spec memory = ddr3_1600();
  /// nullopt: reference_mapping(memory) (DDR3 RBC, DDR4 BRC).
  std::optional<address_mapping> mapping;
  controller_config controller;
  /// Trace-player clock: request i is due at cycle_i * trace_time_scale / trace_clock_mhz us,
  /// independent of the DRAM clock (reference: 800 MHz, 1.25 ns per trace cycle).
  double trace_clock_mhz = 800.0;
  /// Multiplies every trace cycle (> 1 spreads the requests out: latency under lighter load).
  double trace_time_scale = 1.0;
  /// Fill run_results::command_log with every issued command (for tests and debugging).
  bool record_commands = false;
  /// Fill run_results::request_log with each request's accept/column/complete/deliver cycles.
  bool record_requests = false;

  friend bool operator==(const simulation_config&, const simulation_config&) = default;
};

}  // namespace dsegym::sim::dram

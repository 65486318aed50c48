#pragma once
/// @file
/// Runs a trace through one DRAM channel and its controller (§2 of the spec).
///
/// Model: trace player -> arbiter (MaxActiveTransactions) -> admission into the scheduler buffer
/// -> per-bank queues and bank machines (scheduler + page policy) -> command multiplexer (one
/// command per clock, oldest request first, forced refresh first) -> JEDEC timing checker ->
/// data bus -> response queue -> arbiter -> player. Event-driven with cycle-exact timing: it
/// jumps over clocks where no command can legally issue and nothing arrives or completes.
///
/// @code
/// namespace dram = dsegym::sim::dram;
/// dram::simulation_config cfg;                       // DDR3-1600, reference address map
/// cfg.controller.page_policy = dram::page_policy_kind::closed_adaptive;
/// cfg.controller.arbiter = dram::arbiter_kind::reorder;
/// cfg.controller.max_active_transactions = 103;
/// auto result = dram::simulate(cfg, dram::read_stl("random.stl"));
/// double ns = result.total_time_ns, pj = result.energy_pj;
/// @endcode

#include "dsegym/sim/dram/run_results.hpp"
#include "dsegym/sim/dram/simulation_config.hpp"
#include "dsegym/sim/dram/trace.hpp"

namespace dsegym::sim::dram {

/// Simulates `workload` to completion (every response delivered). Deterministic: the same
/// inputs give bit-identical results.
/// @throws dsegym::invalid_argument if the memory spec, address map, controller config or
///         trace-player settings are invalid (message names the field);
///         dsegym::data_error if the trace is empty, goes back in time, or holds an address
///         that is not burst-aligned or beyond the mapped memory (with the trace's line number).
[[nodiscard]] run_results simulate(const simulation_config& config, const trace& workload);

}  // namespace dsegym::sim::dram

#pragma once
// Shared helpers for the DRAM simulator tests.

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>

#include "dsegym/sim/dram/simulation_config.hpp"
#include "dsegym/sim/dram/trace.hpp"

namespace dsegym::sim::dram::testing {

inline std::filesystem::path trace_dir() {
  return std::filesystem::path(DSEGYM_TEST_DATA_DIR) / "dram-traces";
}

struct req {
  std::uint64_t cycle;
  std::uint64_t address;
  bool is_write = false;
};

inline trace make_trace(std::initializer_list<req> requests) {
  trace t;
  t.source = "test";
  for (const auto& r : requests) t.requests.push_back({r.cycle, r.address, r.is_write});
  return t;
}

/// DDR3-1600, Open page, FR-FCFS, big bankwise buffers, no refresh, simple arbiter, logs on:
/// the setting in which the analytic timing results hold exactly.
inline simulation_config analytic_config() {
  simulation_config c;
  c.controller.page_policy = page_policy_kind::open;
  c.controller.scheduler = scheduler_kind::fr_fcfs;
  c.controller.scheduler_buffer = scheduler_buffer_kind::bankwise;
  c.controller.request_buffer_size = 64;
  c.controller.refresh_policy = refresh_policy_kind::no_refresh;
  c.controller.arbiter = arbiter_kind::simple;
  c.record_commands = true;
  c.record_requests = true;
  return c;
}

/// DDR3 RBC reference map: byte 0-2, column 3-12, bank 13-15, row 16-29.
inline std::uint64_t ddr3_address(std::uint64_t bank, std::uint64_t row, std::uint64_t column = 0) {
  return (row << 16) | (bank << 13) | (column << 3);
}

}  // namespace dsegym::sim::dram::testing

#pragma once
/// @file
/// Seeded synthetic workloads, so the simulator works without the shared trace files: stream,
/// uniform random, strided, hot spot, and phase mixes in the style of the cloud-1/cloud-2 traces
/// (blocks of sequential and random requests). All draws go through dsegym::rng: the same config
/// gives the same trace on every platform.

#include <cstdint>
#include <span>
#include <string_view>

#include "dsegym/sim/dram/trace.hpp"

namespace dsegym::sim::dram {

enum class access_pattern : std::uint8_t {
  stream,     ///< base, base + request_bytes, ... wrapping inside the footprint
  random,     ///< uniform over the footprint's request-aligned slots
  strided,    ///< base + i * stride_bytes, wrapping inside the footprint
  hot_spot,   ///< hot region with probability hot_probability, else uniform
  phase_mix,  ///< blocks that are each sequential or random (cloud-1 / cloud-2 style)
};

[[nodiscard]] std::string_view to_string(access_pattern p) noexcept;  ///< "stream", ...
/// @throws dsegym::invalid_argument naming the valid choices.
[[nodiscard]] access_pattern parse_access_pattern(std::string_view name);
[[nodiscard]] std::span<const std::string_view> access_pattern_names() noexcept;

struct trace_generator_config {
  access_pattern pattern = access_pattern::stream;
  std::uint64_t requests = 10'000;
  std::uint64_t seed = 0;
  double read_fraction = 1.0;  ///< probability that a request is a read
  /// Mean arrival rate in requests per trace-player cycle (1.0 = the shared traces: one request
  /// per 1.25 ns at 800 MHz). Fixed rate: request i arrives at floor(i / rate).
  double requests_per_cycle = 1.0;
  bool poisson_arrivals = false;  ///< exponential inter-arrival gaps with the same mean rate
  std::uint64_t base_address = 0;
  std::uint64_t footprint_bytes = std::uint64_t{1} << 30;  ///< addresses in [base, base + this)
  std::uint64_t request_bytes = 64;   ///< alignment and sequential step (one burst)
  std::uint64_t stride_bytes = 4096;  ///< strided pattern
  double hot_probability = 0.9;       ///< hot_spot: share of requests into the hot region
  std::uint64_t hot_bytes = 64 * 1024;  ///< hot_spot: region [base, base + hot_bytes)
  /// phase_mix: the trace is cut into blocks of `phase_block_requests`; after the first block
  /// each one is sequential (continuing the stream where the last sequential block stopped)
  /// with probability `sequential_share`, else uniform random. This is how the shared cloud
  /// traces are built: 50-request blocks, share 0.5, so runs are multiples of 50 with
  /// geometric lengths (cloud-1: 48 % sequential, cloud-2: 50 %).
  std::uint64_t phase_block_requests = 50;
  double sequential_share = 0.5;
  bool start_sequential = true;  ///< first block: cloud-1 sequential, cloud-2 random

  friend bool operator==(const trace_generator_config&, const trace_generator_config&) = default;
};

/// Generates the trace. Addresses, operations, arrivals and phase lengths draw from separate
/// streams derived from `seed`, so changing e.g. read_fraction keeps the addresses.
/// @throws dsegym::invalid_argument naming the bad field (zero requests, rate <= 0, footprint
///         not a multiple of request_bytes, probabilities outside [0, 1], min > max, ...).
[[nodiscard]] trace generate_trace(const trace_generator_config& config);

}  // namespace dsegym::sim::dram

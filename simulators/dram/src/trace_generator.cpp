#include "dsegym/sim/dram/trace_generator.hpp"

#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <string>

#include "dsegym/core/error.hpp"
#include "dsegym/core/random.hpp"
#include "text_util.hpp"

namespace dsegym::sim::dram {

namespace {
constexpr std::array<std::string_view, 5> pattern_names = {"stream", "random", "strided",
                                                           "hot_spot", "phase_mix"};

[[noreturn]] void bad(const std::string& what) {
  throw invalid_argument("dram", "trace generator: " + what);
}

void check(const trace_generator_config& c) {
  if (static_cast<std::size_t>(c.pattern) >= pattern_names.size())
    bad("pattern = " + std::to_string(static_cast<unsigned>(c.pattern)) +
        " is invalid; valid: " + detail::join(pattern_names));
  if (c.requests == 0) bad("requests = 0 must be >= 1");
  if (c.requests > std::numeric_limits<std::uint32_t>::max())
    bad("requests = " + std::to_string(c.requests) + " exceeds 2^32 - 1");
  if (!(c.read_fraction >= 0.0 && c.read_fraction <= 1.0))
    bad("read_fraction = " + detail::format_double(c.read_fraction) + " must be in [0, 1]");
  if (!(std::isfinite(c.requests_per_cycle) && c.requests_per_cycle > 0.0))
    bad("requests_per_cycle = " + detail::format_double(c.requests_per_cycle) +
        " must be finite and > 0");
  // Keeps arrival cycles exact in a double and far from 64-bit overflow.
  if (static_cast<double>(c.requests) / c.requests_per_cycle > 1e15)
    bad("requests / requests_per_cycle = " +
        detail::format_double(static_cast<double>(c.requests) / c.requests_per_cycle) +
        " cycles exceeds 1e15");
  if (c.request_bytes == 0 || !std::has_single_bit(c.request_bytes))
    bad("request_bytes = " + std::to_string(c.request_bytes) + " must be a power of two");
  if (c.base_address % c.request_bytes != 0)
    bad("base_address = " + detail::hex(c.base_address) + " is not a multiple of request_bytes");
  if (c.footprint_bytes < c.request_bytes || c.footprint_bytes % c.request_bytes != 0)
    bad("footprint_bytes = " + std::to_string(c.footprint_bytes) +
        " must be a positive multiple of request_bytes = " + std::to_string(c.request_bytes));
  if (c.base_address > std::numeric_limits<std::uint64_t>::max() - c.footprint_bytes)
    bad("base_address + footprint_bytes overflows 64 bits");
  if (c.pattern == access_pattern::strided &&
      (c.stride_bytes == 0 || c.stride_bytes % c.request_bytes != 0))
    bad("stride_bytes = " + std::to_string(c.stride_bytes) +
        " must be a positive multiple of request_bytes");
  if (c.pattern == access_pattern::hot_spot) {
    if (!(c.hot_probability >= 0.0 && c.hot_probability <= 1.0))
      bad("hot_probability = " + detail::format_double(c.hot_probability) + " must be in [0, 1]");
    if (c.hot_bytes < c.request_bytes || c.hot_bytes % c.request_bytes != 0 ||
        c.hot_bytes > c.footprint_bytes)
      bad("hot_bytes = " + std::to_string(c.hot_bytes) +
          " must be a multiple of request_bytes within footprint_bytes");
  }
  if (c.pattern == access_pattern::phase_mix) {
    if (c.phase_block_requests == 0) bad("phase_block_requests = 0 must be >= 1");
    if (!(c.sequential_share >= 0.0 && c.sequential_share <= 1.0))
      bad("sequential_share = " + detail::format_double(c.sequential_share) +
          " must be in [0, 1]");
  }
}

}  // namespace

std::string_view to_string(access_pattern p) noexcept {
  const auto i = static_cast<std::size_t>(p);
  return i < pattern_names.size() ? pattern_names[i] : std::string_view("?");
}

std::span<const std::string_view> access_pattern_names() noexcept { return pattern_names; }

access_pattern parse_access_pattern(std::string_view name) {
  for (std::size_t i = 0; i < pattern_names.size(); ++i)
    if (detail::iequals(name, pattern_names[i])) return static_cast<access_pattern>(i);
  throw invalid_argument("dram", "unknown access pattern \"" + std::string(name) +
                                     "\"; valid: " + detail::join(pattern_names));
}

trace generate_trace(const trace_generator_config& c) {
  check(c);
  rng addresses(derive_seed(c.seed, "dram.trace.address"));
  rng operations(derive_seed(c.seed, "dram.trace.operation"));
  rng arrivals(derive_seed(c.seed, "dram.trace.arrival"));
  rng phases(derive_seed(c.seed, "dram.trace.phase"));

  const std::uint64_t slots = c.footprint_bytes / c.request_bytes;
  const std::uint64_t hot_slots = c.hot_bytes / c.request_bytes;
  const std::uint64_t stride_slots = c.stride_bytes / c.request_bytes;

  trace t;
  t.source = "generated:" + std::string(to_string(c.pattern)) + ",seed=" + std::to_string(c.seed);
  t.requests.reserve(c.requests);

  std::uint64_t strided_slot = 0;
  std::uint64_t sequential_slot = 0;  // next slot of the sequential stream (stream, phase_mix)
  bool sequential_block = c.start_sequential;
  double arrival = 0.0;

  for (std::uint64_t i = 0; i < c.requests; ++i) {
    std::uint64_t slot = 0;
    switch (c.pattern) {
      case access_pattern::stream:
        slot = sequential_slot;
        sequential_slot = (sequential_slot + 1) % slots;
        break;
      case access_pattern::random:
        slot = uniform_below(addresses, slots);
        break;
      case access_pattern::strided:
        slot = strided_slot;  // both terms < slots <= 2^58: the sum cannot overflow
        strided_slot = (strided_slot + stride_slots % slots) % slots;
        break;
      case access_pattern::hot_spot:
        slot = bernoulli(addresses, c.hot_probability) ? uniform_below(addresses, hot_slots)
                                                       : uniform_below(addresses, slots);
        break;
      case access_pattern::phase_mix:
        if (i != 0 && i % c.phase_block_requests == 0)
          sequential_block = bernoulli(phases, c.sequential_share);
        if (sequential_block) {
          slot = sequential_slot;
          sequential_slot = (sequential_slot + 1) % slots;
        } else {
          slot = uniform_below(addresses, slots);
        }
        break;
    }

    request r;
    r.address = c.base_address + slot * c.request_bytes;
    r.is_write = c.read_fraction < 1.0 && !bernoulli(operations, c.read_fraction);
    if (c.poisson_arrivals) {
      if (i != 0) arrival += exponential(arrivals, c.requests_per_cycle);
      r.cycle = static_cast<std::uint64_t>(std::floor(arrival));
    } else {
      r.cycle = static_cast<std::uint64_t>(std::floor(static_cast<double>(i) / c.requests_per_cycle));
    }
    t.requests.push_back(r);
  }
  return t;
}

}  // namespace dsegym::sim::dram

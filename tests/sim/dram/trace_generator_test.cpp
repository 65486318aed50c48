#include "dsegym/sim/dram/trace_generator.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/dram/stl_format.hpp"
#include "test_support.hpp"
#include "dsegym_test_data.hpp"

namespace dsegym::sim::dram {
namespace {

trace_generator_config config(access_pattern p, std::uint64_t n = 10000, std::uint64_t seed = 7) {
  trace_generator_config c;
  c.pattern = p;
  c.requests = n;
  c.seed = seed;
  return c;
}

TEST(TraceGenerator, StreamIsSequentialOnePerCycleLikeTheSharedTrace) {
  const trace t = generate_trace(config(access_pattern::stream));
  ASSERT_EQ(t.requests.size(), 10000u);
  for (std::size_t i = 0; i < t.requests.size(); ++i) {
    ASSERT_EQ(t.requests[i].address, i * 64);
    ASSERT_EQ(t.requests[i].cycle, i);
    ASSERT_FALSE(t.requests[i].is_write);
  }
  EXPECT_TRUE(t.source_lines.empty());
}

TEST(TraceGenerator, SameSeedSameTraceOtherSeedOtherTrace) {
  for (auto p : {access_pattern::random, access_pattern::hot_spot, access_pattern::phase_mix}) {
    auto c = config(p, 2000);
    c.read_fraction = 0.7;
    c.poisson_arrivals = true;
    EXPECT_EQ(generate_trace(c), generate_trace(c)) << to_string(p);
    auto other = c;
    other.seed = 8;
    EXPECT_NE(generate_trace(c).requests, generate_trace(other).requests) << to_string(p);
  }
}

TEST(TraceGenerator, RandomIsAlignedInsideTheFootprintAndSpread) {
  auto c = config(access_pattern::random);
  c.base_address = 1 << 20;
  c.footprint_bytes = 1 << 24;
  const trace t = generate_trace(c);
  std::set<std::uint64_t> distinct;
  for (const auto& r : t.requests) {
    ASSERT_EQ(r.address % 64, 0u);
    ASSERT_GE(r.address, c.base_address);
    ASSERT_LT(r.address, c.base_address + c.footprint_bytes);
    distinct.insert(r.address);
  }
  EXPECT_GT(distinct.size(), 9000u);  // 262144 slots: few repeats among 10000 draws
}

TEST(TraceGenerator, StridedWrapsInsideTheFootprint) {
  auto c = config(access_pattern::strided, 10);
  c.stride_bytes = 4096;
  c.footprint_bytes = 4 * 4096;
  const trace t = generate_trace(c);
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(t.requests[i].address, (i % 4) * 4096);
}

TEST(TraceGenerator, HotSpotSendsTheConfiguredShareToTheHotRegion) {
  auto c = config(access_pattern::hot_spot, 20000);
  c.hot_probability = 0.8;
  c.hot_bytes = 4096;
  const trace t = generate_trace(c);
  std::size_t hot = 0;
  for (const auto& r : t.requests) hot += r.address < c.hot_bytes ? 1 : 0;
  // 0.8 + 0.2 * 4096 / 1 GiB: within 5 standard deviations of the expected share.
  EXPECT_NEAR(static_cast<double>(hot) / 20000.0, 0.8, 5 * 0.0029);
}

// Lengths of the maximal sequential stretches (each address = previous + 64); random requests
// form stretches of length 1.
std::vector<std::size_t> sequential_stretches(const trace& t) {
  std::vector<std::size_t> runs;
  std::size_t run = 1;
  for (std::size_t i = 1; i < t.requests.size(); ++i) {
    if (t.requests[i].address == t.requests[i - 1].address + 64) {
      ++run;
    } else {
      runs.push_back(run);
      run = 1;
    }
  }
  runs.push_back(run);
  return runs;
}

TEST(TraceGenerator, PhaseMixIsBlocksOfSequentialOrRandomRequests) {
  auto c = config(access_pattern::phase_mix, 20000);
  const trace t = generate_trace(c);
  std::size_t sequential = 0;
  for (std::size_t r : sequential_stretches(t)) {
    if (r == 1) continue;
    ASSERT_EQ(r % 50, 0u) << "sequential runs are whole 50-request blocks";
    sequential += r;
  }
  // Starts sequential like cloud-1; 400 blocks with share 0.5 (sd 0.025).
  EXPECT_EQ(t.requests[49].address, 49u * 64u);
  EXPECT_NEAR(static_cast<double>(sequential) / 20000.0, 0.5, 0.1);

  c.start_sequential = false;
  const trace r = generate_trace(c);
  EXPECT_NE(r.requests[1].address, r.requests[0].address + 64);

  c.sequential_share = 1.0;
  c.start_sequential = true;
  EXPECT_EQ(generate_trace(c).requests, generate_trace(config(access_pattern::stream, 20000)).requests);
}

TEST(TraceGenerator, PhaseMixHasTheShapeOfTheSharedCloudTraces) {
  DSEGYM_NEED_DATA("dram-traces");
  // Same statistic on the real cloud-1 trace: 50-request blocks, 48 % sequential.
  const trace cloud = read_stl(testing::trace_dir() / "cloud-1.stl");
  std::size_t sequential = 0;
  for (std::size_t r : sequential_stretches(cloud)) {
    if (r == 1) continue;
    ASSERT_EQ(r % 50, 0u);
    sequential += r;
  }
  EXPECT_EQ(sequential, 4800u);
}

TEST(TraceGenerator, ReadFractionAndArrivalRate) {
  auto c = config(access_pattern::random, 20000);
  c.read_fraction = 0.25;
  c.requests_per_cycle = 0.5;
  const trace t = generate_trace(c);
  std::size_t reads = 0;
  for (const auto& r : t.requests) reads += r.is_write ? 0 : 1;
  EXPECT_NEAR(static_cast<double>(reads) / 20000.0, 0.25, 5 * 0.0031);
  EXPECT_EQ(t.requests[3].cycle, 6u);  // fixed rate: floor(i / 0.5)
  EXPECT_EQ(t.requests.back().cycle, 39998u);

  c.poisson_arrivals = true;
  const trace p = generate_trace(c);
  for (std::size_t i = 1; i < p.requests.size(); ++i)
    ASSERT_GE(p.requests[i].cycle, p.requests[i - 1].cycle);
  // Mean gap 2 cycles: 19999 gaps end near 40000 (sd ~ 283).
  EXPECT_NEAR(static_cast<double>(p.requests.back().cycle), 39998.0, 1500.0);
}

TEST(TraceGenerator, ChangingReadFractionKeepsTheAddresses) {
  auto c = config(access_pattern::random, 500);
  const trace a = generate_trace(c);
  c.read_fraction = 0.5;
  const trace b = generate_trace(c);
  for (std::size_t i = 0; i < 500; ++i) ASSERT_EQ(a.requests[i].address, b.requests[i].address);
}

TEST(TraceGenerator, BadConfigsNameTheField) {
  const auto message = [](trace_generator_config c) -> std::string {
    try {
      (void)generate_trace(c);
    } catch (const invalid_argument& e) {
      return e.what();
    }
    return "<no invalid_argument>";
  };
  auto c = config(access_pattern::random);
  c.requests = 0;
  EXPECT_NE(message(c).find("requests = 0"), std::string::npos);
  c = config(access_pattern::random);
  c.read_fraction = 1.5;
  EXPECT_NE(message(c).find("read_fraction"), std::string::npos);
  c = config(access_pattern::random);
  c.requests_per_cycle = 0.0;
  EXPECT_NE(message(c).find("requests_per_cycle"), std::string::npos);
  c = config(access_pattern::random);
  c.footprint_bytes = 100;
  EXPECT_NE(message(c).find("footprint_bytes"), std::string::npos);
  c = config(access_pattern::random);
  c.request_bytes = 48;
  EXPECT_NE(message(c).find("request_bytes"), std::string::npos);
  c = config(access_pattern::phase_mix);
  c.phase_block_requests = 0;
  EXPECT_NE(message(c).find("phase_block_requests"), std::string::npos);
  c = config(access_pattern::phase_mix);
  c.sequential_share = -0.1;
  EXPECT_NE(message(c).find("sequential_share"), std::string::npos);
  c = config(access_pattern::hot_spot);
  c.hot_bytes = std::uint64_t{1} << 31;
  EXPECT_NE(message(c).find("hot_bytes"), std::string::npos);
}

TEST(TraceGenerator, PatternNamesRoundTrip) {
  for (auto name : access_pattern_names()) EXPECT_EQ(to_string(parse_access_pattern(name)), name);
  EXPECT_THROW((void)parse_access_pattern("zigzag"), invalid_argument);
}

}  // namespace
}  // namespace dsegym::sim::dram

// Effects every controller knob must have (§2.2 - §2.7 of the spec).

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "dsegym/sim/dram/simulator.hpp"
#include "dsegym/sim/dram/stl_format.hpp"
#include "dsegym/sim/dram/trace_generator.hpp"
#include "test_support.hpp"
#include "dsegym_test_data.hpp"

namespace dsegym::sim::dram {
namespace {

using testing::analytic_config;
using testing::ddr3_address;
using testing::trace_dir;
using testing::make_trace;

// Alternates between two rows of bank 0: FIFO conflicts on every request, FR-FCFS can batch.
trace two_row_ping_pong(std::size_t n) {
  trace t;
  t.source = "ping-pong";
  for (std::size_t i = 0; i < n; ++i)
    t.requests.push_back({0, ddr3_address(0, i % 2, (i / 2) * 8 % 1024), false});
  return t;
}

std::size_t direction_switches(const run_results& r) {
  std::size_t n = 0;
  int last = -1;
  for (const auto& c : r.command_log) {
    if (c.kind == command_kind::act || c.kind == command_kind::pre ||
        c.kind == command_kind::prea || c.kind == command_kind::ref)
      continue;
    const int dir = (c.kind == command_kind::wr || c.kind == command_kind::wra) ? 1 : 0;
    if (last >= 0 && dir != last) ++n;
    last = dir;
  }
  return n;
}

TEST(DramPolicy, FrFcfsBeatsFifoOnRowHitRateForAMixedTrace) {
  DSEGYM_NEED_DATA("dram-traces");
  auto cfg = analytic_config();
  cfg.controller.scheduler = scheduler_kind::fifo;
  const auto fifo = simulate(cfg, two_row_ping_pong(64));
  cfg.controller.scheduler = scheduler_kind::fr_fcfs;
  const auto frfcfs = simulate(cfg, two_row_ping_pong(64));
  EXPECT_EQ(fifo.row_hits, 0u);
  EXPECT_GT(frfcfs.row_hit_rate, 0.5);
  EXPECT_LT(frfcfs.total_time_ns, fifo.total_time_ns);

  // And on the shared phase-mix trace, with a buffer deep enough to reorder.
  const trace cloud = read_stl(trace_dir() / "cloud-1.stl");
  cfg.controller.request_buffer_size = 32;
  cfg.controller.scheduler = scheduler_kind::fifo;
  const auto cloud_fifo = simulate(cfg, cloud);
  cfg.controller.scheduler = scheduler_kind::fr_fcfs;
  const auto cloud_frfcfs = simulate(cfg, cloud);
  EXPECT_GT(cloud_frfcfs.row_hit_rate, cloud_fifo.row_hit_rate);
}

TEST(DramPolicy, ClosedPagePolicyGivesZeroRowHits) {
  DSEGYM_NEED_DATA("dram-traces");
  auto cfg = analytic_config();
  cfg.controller.page_policy = page_policy_kind::closed;
  for (const char* name : {"stream.stl", "random.stl", "cloud-1.stl", "cloud-2.stl"}) {
    const auto r = simulate(cfg, read_stl(trace_dir() / name));
    EXPECT_EQ(r.row_hits, 0u) << name;
    EXPECT_EQ(r.commands.act, 10000u) << name;
    EXPECT_EQ(r.commands.rda, 10000u) << name;
  }
}

TEST(DramPolicy, ClosedPageBeatsOpenPageOnRandomTrafficLatency) {
  // Random addresses almost never hit an open row: an open page must first precharge the old row
  // (tRP on the critical path), a closed page has already done so. Light load (one request per
  // 100 cycles), so latency is access time rather than queueing.
  trace_generator_config g;
  g.pattern = access_pattern::random;
  g.requests = 2000;
  g.requests_per_cycle = 0.01;
  g.seed = 3;
  const trace random = generate_trace(g);
  auto cfg = analytic_config();
  cfg.controller.page_policy = page_policy_kind::open;
  const auto open = simulate(cfg, random);
  cfg.controller.page_policy = page_policy_kind::closed;
  const auto closed = simulate(cfg, random);
  EXPECT_LT(open.row_hit_rate, 0.05);
  EXPECT_LT(closed.service_latency.mean_ns, open.service_latency.mean_ns);
}

TEST(DramPolicy, OpenPageOnStreamHitsAllButOneRequestPerRow) {
  DSEGYM_NEED_DATA("dram-traces");
  auto cfg = analytic_config();
  const auto r = simulate(cfg, read_stl(trace_dir() / "stream.stl"));
  // 640,000 B in 8 KB rows: 79 rows, one ACT each (§4: "~80 row opens, ~99.2 % hits"). The
  // first row of each of the 8 banks is a miss, every later one a conflict with the old row.
  EXPECT_EQ(r.commands.act, 79u);
  EXPECT_EQ(r.row_hits, 10000u - 79u);
  EXPECT_EQ(r.row_misses, 8u);
  EXPECT_EQ(r.row_conflicts, 71u);
  EXPECT_EQ(r.commands.rda + r.commands.wra, 0u);
}

TEST(DramPolicy, AdaptivePoliciesFollowTheBankQueue) {
  // Bank 0: row 1 twice, then row 2. The first access has a queued hit behind it, the second
  // has only a different row behind it, the third has nothing behind it.
  const trace t = testing::make_trace(
      {{0, ddr3_address(0, 1, 0)}, {0, ddr3_address(0, 1, 8)}, {0, ddr3_address(0, 2, 0)}});
  const auto kinds = [&](page_policy_kind p) {
    auto cfg = analytic_config();
    cfg.controller.page_policy = p;
    std::vector<command_kind> v;
    for (const auto& c : simulate(cfg, t).command_log)
      if (c.kind != command_kind::act && c.kind != command_kind::pre) v.push_back(c.kind);
    return v;
  };
  using k = command_kind;
  EXPECT_EQ(kinds(page_policy_kind::open), (std::vector<k>{k::rd, k::rd, k::rd}));
  EXPECT_EQ(kinds(page_policy_kind::closed), (std::vector<k>{k::rda, k::rda, k::rda}));
  EXPECT_EQ(kinds(page_policy_kind::open_adaptive), (std::vector<k>{k::rd, k::rda, k::rd}));
  EXPECT_EQ(kinds(page_policy_kind::closed_adaptive), (std::vector<k>{k::rd, k::rda, k::rda}));
}

TEST(DramPolicy, FrFcfsGrpEqualsFrFcfsOnReadOnlyTraces) {
  DSEGYM_NEED_DATA("dram-traces");
  auto cfg = analytic_config();
  cfg.controller.request_buffer_size = 16;
  const trace cloud = read_stl(trace_dir() / "cloud-2.stl");
  cfg.controller.scheduler = scheduler_kind::fr_fcfs;
  const auto a = simulate(cfg, cloud);
  cfg.controller.scheduler = scheduler_kind::fr_fcfs_grp;
  const auto b = simulate(cfg, cloud);
  EXPECT_EQ(a, b);
}

TEST(DramPolicy, FrFcfsGrpGroupsReadsAndWritesToSaveTurnarounds) {
  // One open row, requests alternating write/read to distinct columns.
  trace t;
  for (std::uint64_t i = 0; i < 64; ++i)
    t.requests.push_back({0, ddr3_address(0, 0, i * 8), i % 2 == 0});
  auto cfg = analytic_config();
  cfg.controller.scheduler = scheduler_kind::fr_fcfs;
  const auto plain = simulate(cfg, t);
  cfg.controller.scheduler = scheduler_kind::fr_fcfs_grp;
  const auto grouped = simulate(cfg, t);
  EXPECT_GE(direction_switches(plain), 60u);
  EXPECT_LT(direction_switches(grouped), direction_switches(plain) / 4);
  EXPECT_LT(grouped.total_time_ns, plain.total_time_ns);
}

TEST(DramPolicy, FrFcfsGrpKeepsAnOlderOppositeAccessToTheSameAddressFirst) {
  // A write issues at cycle 10; at 11 a read and a younger write to one address arrive. The
  // grouped scheduler prefers writes now (and the write is legal first: tCCD vs tWTR), but the
  // write must not pass the older read of its address (WAR hazard).
  const std::uint64_t a = ddr3_address(0, 0, 8), c = ddr3_address(0, 0, 16);
  const auto column_order = [](const trace& t) {
    auto cfg = analytic_config();
    cfg.controller.scheduler = scheduler_kind::fr_fcfs_grp;
    std::vector<std::uint64_t> v;
    for (const auto& cmd : simulate(cfg, t).command_log)
      if (cmd.kind == command_kind::rd || cmd.kind == command_kind::wr) v.push_back(cmd.request);
    return v;
  };
  EXPECT_EQ(column_order(testing::make_trace({{0, c, true}, {11, a, false}, {11, a, true}})),
            (std::vector<std::uint64_t>{0, 1, 2}));
  // Without the hazard (different addresses) the younger write does go first.
  EXPECT_EQ(column_order(testing::make_trace(
                {{0, c, true}, {11, a, false}, {11, ddr3_address(0, 0, 24), true}})),
            (std::vector<std::uint64_t>{0, 2, 1}));
}

TEST(DramPolicy, MaxActiveTransactionsOneSerialisesTheTrace) {
  auto cfg = analytic_config();
  cfg.controller.arbiter = arbiter_kind::fifo;
  cfg.controller.max_active_transactions = 1;
  trace_generator_config g;
  g.requests = 1000;  // 64 KB stream: 8 rows in 8 banks
  const auto r = simulate(cfg, generate_trace(g));
  for (std::size_t i = 1; i < r.request_log.size(); ++i)
    ASSERT_GE(r.request_log[i].accepted_cycle, r.request_log[i - 1].delivered_cycle);
  // 8 misses at tRCD + CL + BL/2 = 24, 992 hits at CL + BL/2 = 14, nothing overlaps.
  EXPECT_EQ(r.cycles, 8u * 24u + 992u * 14u);
}

TEST(DramPolicy, SimpleArbiterIgnoresMaxActiveTransactions) {
  DSEGYM_NEED_DATA("dram-traces");
  auto cfg = analytic_config();
  const trace t = read_stl(trace_dir() / "random.stl");
  cfg.controller.max_active_transactions = 1;
  const auto one = simulate(cfg, t);
  cfg.controller.max_active_transactions = 128;
  EXPECT_EQ(one, simulate(cfg, t));
}

TEST(DramPolicy, MoreActiveTransactionsNeverSlowARandomTrace) {
  DSEGYM_NEED_DATA("dram-traces");
  auto cfg = analytic_config();
  cfg.controller.arbiter = arbiter_kind::reorder;
  const trace t = read_stl(trace_dir() / "random.stl");
  double previous = 1e300;
  for (std::uint32_t mat : {1u, 2u, 4u, 8u, 16u, 32u}) {
    cfg.controller.max_active_transactions = mat;
    const auto r = simulate(cfg, t);
    EXPECT_LE(r.total_time_ns, previous) << "MAT " << mat;
    previous = r.total_time_ns;
  }
}

TEST(DramPolicy, ReorderDeliversInRequestOrderFifoMayNot) {
  // FR-FCFS serves the ping-pong trace out of order; in-order delivery needs a reorder stage.
  const trace t = two_row_ping_pong(64);
  const auto delivered_in_order = [](const run_results& r) {
    for (std::size_t i = 1; i < r.request_log.size(); ++i)
      if (r.request_log[i].delivered_cycle < r.request_log[i - 1].delivered_cycle) return false;
    return true;
  };
  auto cfg = analytic_config();
  EXPECT_FALSE(delivered_in_order(simulate(cfg, t)));
  cfg.controller.resp_queue = resp_queue_kind::reorder;
  EXPECT_TRUE(delivered_in_order(simulate(cfg, t)));
  cfg.controller.resp_queue = resp_queue_kind::fifo;
  cfg.controller.arbiter = arbiter_kind::reorder;
  EXPECT_TRUE(delivered_in_order(simulate(cfg, t)));
}

TEST(DramPolicy, ReorderingHoldsFinishedResponsesBack) {
  const trace t = two_row_ping_pong(64);
  auto cfg = analytic_config();
  const auto fifo = simulate(cfg, t);
  cfg.controller.resp_queue = resp_queue_kind::reorder;
  const auto reorder = simulate(cfg, t);
  EXPECT_EQ(fifo.command_log, reorder.command_log);  // same DRAM schedule...
  EXPECT_GT(reorder.service_latency.mean_ns, fifo.service_latency.mean_ns);  // ...later delivery
}

// Highest number of requests between acceptance and column command at any time.
template <class Key>
std::size_t max_buffered(const run_results& r, Key key) {
  std::size_t worst = 0;
  for (std::size_t i = 0; i < r.request_log.size(); ++i) {
    std::size_t n = 0;
    const auto t = r.request_log[i].accepted_cycle;
    for (std::size_t j = 0; j <= i; ++j)
      if (key(j) == key(i) && r.request_log[j].accepted_cycle <= t &&
          r.request_log[j].column_cycle >= t)
        ++n;
    worst = std::max(worst, n);
  }
  return worst;
}

TEST(DramPolicy, SchedulerBufferKindsLimitWhatTheirNameSays) {
  trace_generator_config g;
  g.pattern = access_pattern::hot_spot;
  g.hot_bytes = 64 * 1024;  // 8 banks
  g.read_fraction = 0.5;
  g.requests = 2000;
  const trace t = generate_trace(g);
  const auto spec = ddr3_1600();
  const auto map = reference_mapping(spec);
  const auto bank = [&](std::size_t i) { return decode(map, spec, t.requests[i].address).bank; };
  const auto dir = [&](std::size_t i) { return t.requests[i].is_write ? 1 : 0; };
  const auto all = [](std::size_t) { return 0; };

  auto cfg = analytic_config();
  cfg.controller.request_buffer_size = 2;
  cfg.controller.scheduler_buffer = scheduler_buffer_kind::bankwise;
  auto r = simulate(cfg, t);
  EXPECT_EQ(max_buffered(r, bank), 2u);
  EXPECT_GT(max_buffered(r, all), 2u);

  cfg.controller.scheduler_buffer = scheduler_buffer_kind::read_write;
  r = simulate(cfg, t);
  EXPECT_EQ(max_buffered(r, dir), 2u);
  EXPECT_GT(max_buffered(r, all), 2u);

  cfg.controller.scheduler_buffer = scheduler_buffer_kind::shared;
  r = simulate(cfg, t);
  EXPECT_EQ(max_buffered(r, all), 2u);
}

TEST(DramPolicy, LargerSharedBufferHelpsRandomTraffic) {
  DSEGYM_NEED_DATA("dram-traces");
  auto cfg = analytic_config();
  cfg.controller.scheduler_buffer = scheduler_buffer_kind::shared;
  const trace t = read_stl(trace_dir() / "random.stl");
  cfg.controller.request_buffer_size = 1;
  const auto small = simulate(cfg, t);
  cfg.controller.request_buffer_size = 16;
  const auto large = simulate(cfg, t);
  EXPECT_LT(large.total_time_ns, 0.8 * small.total_time_ns);
}

TEST(DramPolicy, TraceTimeScaleRemovesTheBacklog) {
  DSEGYM_NEED_DATA("dram-traces");
  auto cfg = analytic_config();
  const trace t = read_stl(trace_dir() / "random.stl");
  const auto saturated = simulate(cfg, t);
  cfg.trace_time_scale = 20.0;  // one request per 25 ns: well below the ~8.7 ns per request
  const auto light = simulate(cfg, t);
  EXPECT_GT(saturated.arrival_latency.mean_ns, 10.0 * saturated.service_latency.mean_ns);
  EXPECT_NEAR(light.arrival_latency.mean_ns, light.service_latency.mean_ns, 1.0);
  EXPECT_GE(light.total_time_ns, 9999.0 * 25.0);
}

// DRAMSys's BufferCounterBankwise::hasBufferSpace() looks at the bank of the last stored request:
// a request to an idle bank waits while the previous request's bank is full. (No bank ever holds
// more than RBS: a bank can only fill up through requests that were checked against it.)
TEST(DramPolicy, BankwiseAdmissionChecksTheLastStoredRequestsBank) {
  auto cfg = analytic_config();
  cfg.controller.request_buffer_size = 1;
  cfg.controller.scheduler_buffer = scheduler_buffer_kind::bankwise;
  // r0 -> bank 0, r1 -> bank 1 (idle), both due at cycle 0.
  const trace t = make_trace({{0, ddr3_address(0, 1)}, {0, ddr3_address(1, 1)}});
  const auto r = simulate(cfg, t);
  const auto& log = r.request_log;
  ASSERT_EQ(log.size(), 2u);
  // r1 waits for r0's column command (ACT at 0..., RD at tRCD) although its own bank is empty.
  EXPECT_GE(log[1].accepted_cycle, log[0].column_cycle);
  // Shared RBS 2 takes both at once: r1 one clock after r0.
  cfg.controller.scheduler_buffer = scheduler_buffer_kind::shared;
  cfg.controller.request_buffer_size = 2;
  const auto s = simulate(cfg, t);
  EXPECT_EQ(s.request_log[1].accepted_cycle, s.request_log[0].accepted_cycle + 1);
}

}  // namespace
}  // namespace dsegym::sim::dram

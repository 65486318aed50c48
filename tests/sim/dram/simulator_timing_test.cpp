// Analytic timing checks: small traces whose command schedule follows from the JEDEC
// constraints alone (DDR3-1600 unless stated: RCD = RP = CL = 10, CWL 8, BL/2 = 4, RAS 28,
// RC 38, CCD 4, RRD 5, FAW 24, WR 12, WTR 6, RTP 6, RFC 88, REFI 6240; tCK = 1.25 ns).

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "dsegym/sim/dram/simulator.hpp"
#include "dsegym/sim/dram/stl_format.hpp"
#include "dsegym/sim/dram/trace_generator.hpp"
#include "protocol_checker.hpp"
#include "test_support.hpp"
#include "dsegym_test_data.hpp"

namespace dsegym::sim::dram {
namespace {

using testing::analytic_config;
using testing::ddr3_address;
using testing::make_trace;

std::vector<command_record> of_kind(const run_results& r, std::initializer_list<command_kind> k) {
  std::vector<command_record> v;
  for (const auto& c : r.command_log)
    if (std::find(k.begin(), k.end(), c.kind) != k.end()) v.push_back(c);
  return v;
}

std::vector<std::uint64_t> cycles_of(const std::vector<command_record>& v) {
  std::vector<std::uint64_t> c;
  for (const auto& x : v) c.push_back(x.cycle);
  return c;
}

void expect_legal(const simulation_config& cfg, const run_results& r) {
  testing::protocol_checker checker(cfg.memory);
  const auto errors = checker.check(r.command_log);
  EXPECT_TRUE(errors.empty()) << errors.size() << " violations, first: " << errors.front();
}

TEST(DramTiming, ClosedBankReadTakesRcdPlusClPlusBurst) {
  const auto cfg = analytic_config();
  const auto r = simulate(cfg, make_trace({{0, ddr3_address(3, 7)}}));
  ASSERT_EQ(r.command_log.size(), 2u);
  EXPECT_EQ(r.command_log[0].kind, command_kind::act);
  EXPECT_EQ(r.command_log[0].cycle, 0u);
  EXPECT_EQ(r.command_log[0].bank, 3u);
  EXPECT_EQ(r.command_log[0].row, 7u);
  EXPECT_EQ(r.command_log[1].kind, command_kind::rd);
  EXPECT_EQ(r.command_log[1].cycle, 10u);  // tRCD
  EXPECT_EQ(r.cycles, 10u + 10u + 4u);     // tRCD + CL + BL/2
  EXPECT_DOUBLE_EQ(r.total_time_ns, 30.0);
  EXPECT_DOUBLE_EQ(r.service_latency.max_ns, 30.0);
  EXPECT_DOUBLE_EQ(r.arrival_latency.mean_ns, 30.0);
  EXPECT_EQ(r.row_misses, 1u);
  EXPECT_EQ(r.row_hits, 0u);
}

TEST(DramTiming, ClosedBankWriteTakesRcdPlusCwlPlusBurst) {
  const auto r = simulate(analytic_config(), make_trace({{0, ddr3_address(0, 0), true}}));
  EXPECT_EQ(cycles_of(of_kind(r, {command_kind::wr})), (std::vector<std::uint64_t>{10}));
  EXPECT_EQ(r.cycles, 10u + 8u + 4u);
  EXPECT_EQ(r.writes, 1u);
  EXPECT_EQ(r.commands.wr, 1u);
}

TEST(DramTiming, BackToBackRowHitsStreamAtTccd) {
  trace t;
  for (std::uint64_t i = 0; i < 16; ++i) t.requests.push_back({0, ddr3_address(0, 0, i * 8), false});
  const auto cfg = analytic_config();
  const auto r = simulate(cfg, t);
  const auto reads = cycles_of(of_kind(r, {command_kind::rd}));
  ASSERT_EQ(reads.size(), 16u);
  for (std::size_t i = 0; i < reads.size(); ++i) EXPECT_EQ(reads[i], 10 + 4 * i);
  EXPECT_EQ(r.cycles, 10u + 15u * 4u + 10u + 4u);
  EXPECT_EQ(r.row_hits, 15u);
  EXPECT_EQ(r.commands.act, 1u);
  EXPECT_DOUBLE_EQ(r.data_bus_utilization, 16.0 * 4.0 / 84.0);
  expect_legal(cfg, r);
}

TEST(DramTiming, RowConflictPaysRpPlusRcd) {
  // The first row has been open long enough (tRAS, tRTP) when the conflicting request arrives.
  const auto cfg = analytic_config();
  const auto r = simulate(cfg, make_trace({{0, ddr3_address(2, 1)}, {100, ddr3_address(2, 5)}}));
  const auto log = r.command_log;
  ASSERT_EQ(log.size(), 5u);
  EXPECT_EQ(log[2].kind, command_kind::pre);
  EXPECT_EQ(log[2].cycle, 100u);
  EXPECT_EQ(log[3].kind, command_kind::act);
  EXPECT_EQ(log[3].cycle, 110u);  // + tRP
  EXPECT_EQ(log[4].cycle, 120u);  // + tRCD
  EXPECT_EQ(r.request_log[1].delivered_cycle - 100, 10u + 10u + 10u + 4u);  // 42.5 ns
  EXPECT_DOUBLE_EQ(r.service_latency.max_ns, 42.5);
  EXPECT_EQ(r.row_conflicts, 1u);
  expect_legal(cfg, r);
}

TEST(DramTiming, EarlyConflictWaitsForTrasAndTrc) {
  const auto cfg = analytic_config();
  const auto r = simulate(cfg, make_trace({{0, ddr3_address(2, 1)}, {0, ddr3_address(2, 5)}}));
  const auto log = r.command_log;
  ASSERT_EQ(log.size(), 5u);
  EXPECT_EQ(log[2].kind, command_kind::pre);
  EXPECT_EQ(log[2].cycle, 28u);  // ACT + tRAS (later than RD + tRTP = 16)
  EXPECT_EQ(log[3].cycle, 38u);  // = ACT + tRC
  EXPECT_EQ(log[4].cycle, 48u);
  expect_legal(cfg, r);
}

TEST(DramTiming, WriteRecoveryDelaysPrecharge) {
  const auto cfg = analytic_config();
  const auto r =
      simulate(cfg, make_trace({{0, ddr3_address(0, 1), true}, {0, ddr3_address(0, 2)}}));
  const auto pre = of_kind(r, {command_kind::pre});
  ASSERT_EQ(pre.size(), 1u);
  EXPECT_EQ(pre[0].cycle, 10u + 8u + 4u + 12u);  // WR + WL + BL/2 + tWR
  expect_legal(cfg, r);
}

TEST(DramTiming, AutoPrechargeClosesAtMaxOfTrtpAndTras) {
  auto cfg = analytic_config();
  cfg.controller.page_policy = page_policy_kind::closed;
  const auto r = simulate(cfg, make_trace({{0, ddr3_address(0, 1)}, {0, ddr3_address(0, 2)}}));
  const auto acts = cycles_of(of_kind(r, {command_kind::act}));
  ASSERT_EQ(acts.size(), 2u);
  // RDA at 10: implicit PRE at max(10 + tRTP, 0 + tRAS) = 28, next ACT at 28 + tRP = 38.
  EXPECT_EQ(acts[1], 38u);
  EXPECT_EQ(r.commands.rda, 2u);
  EXPECT_EQ(r.commands.pre, 2u);
  expect_legal(cfg, r);
}

TEST(DramTiming, ActivatesToOtherBanksAreSpacedByTrrd) {
  const auto cfg = analytic_config();
  const auto r = simulate(cfg, make_trace({{0, ddr3_address(0, 0)}, {0, ddr3_address(1, 0)}}));
  EXPECT_EQ(cycles_of(of_kind(r, {command_kind::act})), (std::vector<std::uint64_t>{0, 5}));
}

TEST(DramTiming, FawLimitsActivatesToFourPerWindow) {
  trace t;
  for (std::uint64_t b = 0; b < 8; ++b) t.requests.push_back({0, ddr3_address(b, 0), false});
  const auto cfg = analytic_config();
  const auto r = simulate(cfg, t);
  const auto acts = cycles_of(of_kind(r, {command_kind::act}));
  ASSERT_EQ(acts.size(), 8u);
  // tRRD would allow the 5th ACT at 20 (or 21 after the RD at 10 took a command slot);
  // tFAW holds it until the 1st ACT + 24.
  EXPECT_EQ(acts[4], acts[0] + 24);
  for (std::size_t i = 4; i < acts.size(); ++i) EXPECT_GE(acts[i], acts[i - 4] + 24);
  expect_legal(cfg, r);
}

TEST(DramTiming, WriteToReadTurnaroundIsWlPlusBurstPlusTwtr) {
  const auto cfg = analytic_config();
  const auto r =
      simulate(cfg, make_trace({{0, ddr3_address(0, 0), true}, {0, ddr3_address(1, 0)}}));
  const auto wr = of_kind(r, {command_kind::wr});
  const auto rd = of_kind(r, {command_kind::rd});
  ASSERT_EQ(wr.size(), 1u);
  ASSERT_EQ(rd.size(), 1u);
  EXPECT_EQ(rd[0].cycle - wr[0].cycle, 8u + 4u + 6u);
  expect_legal(cfg, r);
}

TEST(DramTiming, ReadToWriteTurnaroundIsRlPlusTccdPlusTwoMinusWl) {
  const auto cfg = analytic_config();
  const auto r =
      simulate(cfg, make_trace({{0, ddr3_address(0, 0)}, {0, ddr3_address(1, 0), true}}));
  const auto rd = of_kind(r, {command_kind::rd});
  const auto wr = of_kind(r, {command_kind::wr});
  ASSERT_EQ(rd.size(), 1u);
  ASSERT_EQ(wr.size(), 1u);
  EXPECT_EQ(wr[0].cycle - rd[0].cycle, 10u + 4u + 2u - 8u);
}

TEST(DramTiming, RefreshEveryTrefiBlocksForTrfc) {
  // One request just after the first refresh tick: with nothing postponed or pulled in, REF
  // issues at tREFI and the request's ACT waits for tRFC.
  auto cfg = analytic_config();
  cfg.controller.refresh_policy = refresh_policy_kind::all_bank;
  cfg.controller.refresh_max_postponed = 0;
  cfg.controller.refresh_max_pulledin = 0;
  const auto r = simulate(cfg, make_trace({{6241, ddr3_address(0, 0)}}));
  const auto refs = of_kind(r, {command_kind::ref});
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].cycle, 6240u);
  EXPECT_EQ(of_kind(r, {command_kind::act})[0].cycle, 6240u + 88u);
  EXPECT_EQ(r.cycles, 6240u + 88u + 10u + 10u + 4u);
  expect_legal(cfg, r);
}

TEST(DramTiming, BusyRefreshHappensOncePerTrefiAndClosesOpenRows) {
  auto cfg = analytic_config();
  cfg.controller.refresh_policy = refresh_policy_kind::all_bank;
  cfg.controller.refresh_max_postponed = 0;
  cfg.controller.refresh_max_pulledin = 0;
  trace_generator_config g;
  g.pattern = access_pattern::stream;
  g.requests = 20000;  // ~100k cycles, saturated
  const auto r = simulate(cfg, generate_trace(g));
  const auto refs = cycles_of(of_kind(r, {command_kind::ref}));
  const auto expected = r.cycles / 6240;
  EXPECT_EQ(refs.size(), expected);
  for (std::size_t k = 0; k < refs.size(); ++k) {
    EXPECT_GE(refs[k], (k + 1) * 6240);  // never early: nothing may be pulled in
    EXPECT_LT(refs[k], (k + 1) * 6240 + 60);  // PREA (after tRAS/tRTP) + tRP
  }
  EXPECT_GT(r.commands.prea, 0u);
  EXPECT_EQ(r.refreshes_forced, refs.size());
  expect_legal(cfg, r);
}

TEST(DramTiming, BusyControllerPostponesUpToMaxPostponed) {
  auto cfg = analytic_config();
  cfg.controller.refresh_policy = refresh_policy_kind::all_bank;
  cfg.controller.refresh_max_postponed = 4;
  trace_generator_config g;
  g.pattern = access_pattern::random;
  g.requests = 30000;
  const auto r = simulate(cfg, generate_trace(g));
  const auto refs = cycles_of(of_kind(r, {command_kind::ref}));
  ASSERT_FALSE(refs.empty());
  // Saturated from the start: the first REF is forced once 5 are owed.
  EXPECT_GE(refs[0], 5u * 6240u);
  EXPECT_LT(refs[0], 5u * 6240u + 100u);
  // Overall one per tREFI, give or take the postponed ones.
  const double owed = static_cast<double>(r.cycles) / 6240.0;
  EXPECT_GE(static_cast<double>(refs.size()), owed - 5.0);
  EXPECT_LE(static_cast<double>(refs.size()), owed + 1.0);
  expect_legal(cfg, r);
}

TEST(DramTiming, IdleControllerPullsInUpToMaxPulledin) {
  // (AllBank refresh decides at tREFI triggers; see also NoRefreshIsIssuedBeforeTheFirstTrigger.)
  auto cfg = analytic_config();
  cfg.controller.refresh_policy = refresh_policy_kind::all_bank;
  cfg.controller.refresh_max_pulledin = 4;
  // Idle between two requests 16 refresh intervals apart.
  const auto r = simulate(cfg, make_trace({{0, ddr3_address(0, 0)}, {16 * 6240 + 1000, ddr3_address(1, 0)}}));
  const auto refs = cycles_of(of_kind(r, {command_kind::ref}));
  // As DRAMSys, nothing happens between tREFI triggers: at the first trigger the due refresh and
  // then 4 pulled in back to back (the rank stays idle), then one at each of the other 15 ticks.
  ASSERT_EQ(refs.size(), 5u + 15u);
  EXPECT_GE(refs[0], 6240u);
  EXPECT_LT(refs[0], 6240u + 20u);
  for (std::size_t k = 1; k < 5; ++k) EXPECT_EQ(refs[k] - refs[k - 1], 88u);  // back to back (tRFC)
  EXPECT_GE(refs[5], 2u * 6240u);
  EXPECT_EQ(r.refreshes_pulled_in, refs.size() - 1);  // all but the first were ahead of time
  EXPECT_EQ(r.refreshes_forced, 0u);
  expect_legal(cfg, r);
}

TEST(DramTiming, NoRefreshNeverRefreshes) {
  auto cfg = analytic_config();
  const auto r = simulate(cfg, make_trace({{0, 0}, {100000, 64}}));
  EXPECT_EQ(r.commands.ref, 0u);
}

TEST(DramTiming, Ddr4BankGroupsUseShortAndLongTimings) {
  auto cfg = analytic_config();
  cfg.memory = ddr4_2400();
  cfg.mapping = rbc_mapping(cfg.memory);  // bank group bits 13-14, bank bits 15-16
  const std::uint64_t other_group = 1 << 13, same_group_other_bank = 1 << 15;
  for (auto [second, rrd] : {std::pair{other_group, 4u}, std::pair{same_group_other_bank, 6u}}) {
    const auto r = simulate(cfg, make_trace({{0, 0}, {0, second}}));
    const auto acts = cycles_of(of_kind(r, {command_kind::act}));
    EXPECT_EQ(acts[1] - acts[0], rrd);  // tRRD_S / tRRD_L
  }
  for (auto [second, ccd] : {std::pair{other_group, 4u}, std::pair{same_group_other_bank, 6u}}) {
    // Open both rows first; at DRAM cycle 150 (trace cycle 100 at 800 MHz) two row hits
    // issue back to back.
    const auto r = simulate(cfg, make_trace({{0, 0}, {0, second}, {100, 64}, {100, second + 64}}));
    const auto rds = cycles_of(of_kind(r, {command_kind::rd}));
    ASSERT_EQ(rds.size(), 4u);
    EXPECT_EQ(rds[2], 150u);
    EXPECT_EQ(rds[3] - rds[2], ccd);  // tCCD_S / tCCD_L
  }
  {
    // WR -> RD: WL + BL/2 + tWTR_S (other group) vs tWTR_L (same group).
    auto r = simulate(cfg, make_trace({{0, 0, true}, {0, other_group}}));
    EXPECT_EQ(of_kind(r, {command_kind::rd})[0].cycle - of_kind(r, {command_kind::wr})[0].cycle,
              16u + 4u + 3u);
    r = simulate(cfg, make_trace({{0, 0, true}, {0, same_group_other_bank}}));
    EXPECT_EQ(of_kind(r, {command_kind::rd})[0].cycle - of_kind(r, {command_kind::wr})[0].cycle,
              16u + 4u + 9u);
  }
}

TEST(DramTiming, SwitchingRanksCostsABurstPlusTrtrs) {
  auto cfg = analytic_config();
  cfg.memory.org.ranks = 2;  // 2 GiB: RBC puts the rank bit (16) below the row bits
  const std::uint64_t rank1 = std::uint64_t{1} << 16;
  const auto r = simulate(cfg, make_trace({{0, 0}, {0, rank1}, {0, rank1 + 64, true}}));
  const auto log = r.command_log;
  ASSERT_EQ(log.size(), 5u);
  EXPECT_EQ(log[1].kind, command_kind::act);
  EXPECT_EQ(log[1].rank, 1u);
  EXPECT_EQ(log[1].cycle, 1u);  // tRRD applies within a rank only
  const auto rds = of_kind(r, {command_kind::rd});
  ASSERT_EQ(rds.size(), 2u);
  EXPECT_EQ(rds[1].cycle - rds[0].cycle, 4u + 1u);  // BL/2 + tRTRS
  EXPECT_EQ(of_kind(r, {command_kind::wr})[0].cycle - rds[1].cycle, 10u + 4u + 2u - 8u);
  expect_legal(cfg, r);
}

TEST(DramTiming, TraceClockIsIndependentOfTheDramClock) {
  // DDR4 at 1200 MHz, trace player at 800 MHz: trace cycle 2 is due at 2.5 ns = DRAM cycle 3.
  auto cfg = analytic_config();
  cfg.memory = ddr4_2400();
  const auto r = simulate(cfg, make_trace({{2, 0}}));
  EXPECT_EQ(r.request_log[0].accepted_cycle, 3u);
  EXPECT_EQ(r.cycles, 3u + 16u + 16u + 4u);
  EXPECT_NEAR(r.arrival_latency.max_ns, (3.0 + 36.0) / 1.2 - 2.5, 1e-9);
}

TEST(DramTiming, PipelineDelaysAddWholeClocks) {
  auto cfg = analytic_config();
  cfg.controller.frontend_delay_ns = 2.5;  // 2 clocks
  cfg.controller.backend_delay_ns = 1.0;   // rounded up to 1 clock
  const auto r = simulate(cfg, make_trace({{0, 0}}));
  EXPECT_EQ(r.command_log[0].cycle, 2u);
  EXPECT_EQ(r.cycles, 2u + 24u + 1u);
}

TEST(DramTiming, ProtocolCheckerCatchesDoctoredLogs) {
  // The checker vouches for long runs below; it must flag each kind of violation. Trace 1:
  // reads to five banks (tRRD, tFAW, tRCD) and a write that conflicts in bank 0 (tRAS, tRC).
  // Trace 2: a write, then a read to another row of its bank (tWR, then tRP binds the ACT).
  auto cfg = analytic_config();
  trace t1;
  for (std::uint64_t b = 0; b < 5; ++b) t1.requests.push_back({0, ddr3_address(b, 0), false});
  t1.requests.push_back({0, ddr3_address(0, 3), true});
  const trace t2 = make_trace({{0, ddr3_address(0, 0), true}, {0, ddr3_address(0, 1)}});
  const auto first_error = [&](const trace& t, command_kind k, std::size_t nth, auto edit) {
    auto log = simulate(cfg, t).command_log;
    EXPECT_TRUE(testing::protocol_checker(cfg.memory).check(log).empty());
    for (auto& c : log)
      if (c.kind == k && nth-- == 0) {
        edit(c);
        break;
      }
    const auto errors = testing::protocol_checker(cfg.memory).check(log);
    return errors.empty() ? std::string("<none>") : errors.front();
  };
  const auto earlier = [](command_record& c) { c.cycle -= 1; };
  const auto contains = [](const std::string& s, const char* what) {
    return s.find(what) != std::string::npos;
  };
  EXPECT_PRED2(contains, first_error(t1, command_kind::rd, 0, earlier), "tRCD");
  EXPECT_PRED2(contains, first_error(t1, command_kind::act, 1, earlier), "tRRD");
  EXPECT_PRED2(contains, first_error(t1, command_kind::act, 4, earlier), "tFAW");
  EXPECT_PRED2(contains, first_error(t1, command_kind::pre, 0, earlier), "tRAS");
  EXPECT_PRED2(contains, first_error(t1, command_kind::act, 5, earlier), "tRC");
  EXPECT_PRED2(contains, first_error(t2, command_kind::pre, 0, earlier), "tWR");
  EXPECT_PRED2(contains, first_error(t2, command_kind::act, 1, earlier), "tRP");
  EXPECT_PRED2(contains, first_error(t2, command_kind::rd, 0, earlier), "tRCD");
  EXPECT_PRED2(contains,
               first_error(t1, command_kind::rd, 1, [](command_record& c) { c.row += 1; }),
               "is open");
  EXPECT_PRED2(contains,
               first_error(t1, command_kind::act, 1, [](command_record& c) { c.cycle = 0; }),
               "command bus");
}

TEST(DramTiming, SharedTracesObeyEveryConstraintUnderManyPolicies) {
  DSEGYM_NEED_DATA("dram-traces");
  for (const char* name : {"random.stl", "cloud-2.stl"}) {
    const trace t = read_stl(testing::trace_dir() / name);
    for (auto page : {page_policy_kind::open, page_policy_kind::open_adaptive,
                      page_policy_kind::closed, page_policy_kind::closed_adaptive}) {
      auto cfg = analytic_config();
      cfg.controller.page_policy = page;
      cfg.controller.refresh_policy = refresh_policy_kind::all_bank;
      cfg.controller.scheduler_buffer = scheduler_buffer_kind::shared;
      cfg.controller.request_buffer_size = 32;
      const auto r = simulate(cfg, t);
      SCOPED_TRACE(std::string(name) + " " + std::string(to_string(page)));
      expect_legal(cfg, r);
    }
  }
}

TEST(DramTiming, MixedReadWriteTrafficObeysEveryConstraintOnBothPresets) {
  trace_generator_config g;
  g.pattern = access_pattern::hot_spot;
  g.hot_bytes = 1 << 20;
  g.read_fraction = 0.6;
  g.requests = 20000;
  for (const mem_spec& spec : {ddr3_1600(), ddr4_2400()}) {
    for (auto sched : {scheduler_kind::fifo, scheduler_kind::fr_fcfs_grp, scheduler_kind::fr_fcfs}) {
      auto cfg = analytic_config();
      cfg.memory = spec;
      cfg.mapping = rbc_mapping(spec);
      cfg.controller.scheduler = sched;
      cfg.controller.page_policy = page_policy_kind::open_adaptive;
      cfg.controller.refresh_policy = refresh_policy_kind::all_bank;
      g.footprint_bytes = spec.capacity_bytes();
      const auto r = simulate(cfg, generate_trace(g));
      SCOPED_TRACE(spec.name + " " + std::string(to_string(sched)));
      EXPECT_EQ(r.commands.rd + r.commands.wr, 20000u);
      expect_legal(cfg, r);
    }
  }
}

}  // namespace
}  // namespace dsegym::sim::dram

namespace dsegym::sim::dram {
namespace {

// A trace shorter than tREFI sees no refresh under AllBank, so it costs exactly what NoRefresh
// costs: no PREA is spent at the idle end of the trace on a refresh that never comes.
TEST(DramTiming, NoRefreshIsIssuedBeforeTheFirstTrigger) {
  auto cfg = testing::analytic_config();
  const trace t = testing::make_trace({{0, testing::ddr3_address(0, 0)}, {0, testing::ddr3_address(1, 0)},
                                       {0, testing::ddr3_address(2, 0)}, {0, testing::ddr3_address(3, 3)}});
  const auto none = simulate(cfg, t);
  cfg.controller.refresh_policy = refresh_policy_kind::all_bank;
  const auto all_bank = simulate(cfg, t);
  EXPECT_EQ(all_bank.commands.ref, 0u);
  EXPECT_EQ(all_bank.commands.prea, 0u);
  EXPECT_EQ(all_bank.commands.pre, none.commands.pre);
  EXPECT_EQ(all_bank.energy_pj, none.energy_pj);
  EXPECT_EQ(all_bank.total_time_ns, none.total_time_ns);
}

}  // namespace
}  // namespace dsegym::sim::dram

// hw/DRAMController-v1 and hw/DRAMController-MA-v1: rewards, units, determinism, the
// multi-agent mapping, bad inputs and the shared traces (DSEGYM_TEST_DATA_DIR).

#include <gtest/gtest.h>

#include <filesystem>

#include <cmath>
#include <cstdlib>
#include <dsegym/core/env_checker.hpp>
#include <dsegym/envs/default_registry.hpp>
#include <dsegym/envs/hw/dram_controller.hpp>
#include <dsegym/sim/dram/simulator.hpp>
#include <string>
#include "dsegym_test_data.hpp"

using namespace dsegym;
using namespace dsegym::envs::hw;

namespace {

const registry& reg() { return envs::default_registry(); }

/// Asserts that `f` throws E whose message contains every one of `parts`.
template <class E, class F>
void expect_error(F&& f, std::initializer_list<std::string> parts) {
  try {
    f();
    ADD_FAILURE() << "no exception";
  } catch (const E& e) {
    for (const auto& p : parts)
      EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << "\"" << p << "\" not in: " << e.what();
  }
}

double metric_of(const step_info& info, const char* name) {
  const auto v = info.get(name);
  EXPECT_TRUE(v.has_value()) << name;
  return v.value_or(NAN);
}

dram_env_options small(std::int64_t requests = 300) {
  dram_env_options o;
  o.trace_requests = requests;
  return o;
}

dram_env_options shared_trace(const std::string& name) {
  dram_env_options o;
  o.trace = name;
  o.data_dir = DSEGYM_TEST_DATA_DIR;
  return o;
}

const std::vector<std::int64_t> all_zero(10, 0);
// Spec §4 reference runs on random.stl (NoRefresh): OpenAdaptive, FrFcfs, Shared, RBS 1, RespQueue
// Reorder, Arbiter Reorder, MAT 1 (run B) and MAT 2 (run C).
const std::vector<std::int64_t> run_b = {1, 2, 2, 0, 1, 0, 0, 0, 2, 0};
const std::vector<std::int64_t> run_c = {1, 2, 2, 0, 1, 0, 0, 0, 2, 1};

}  // namespace

// ----- reward formulas (hand-computed) -------------------------------------------------------

TEST(DramReward, FormulasMatchHandComputedValues) {
  const dram_outcome base{1e-6, 2e-5, 0.05, 1e-7};
  const dram_outcome x{2e-6, 1e-5, 0.2, 4e-7};
  dram_env_options o;
  o.reward = "weighted_sum";  // w = (1, 1, 0): -(2 + 0.5) / 2
  EXPECT_DOUBLE_EQ(dram_reward(o, x, base), -1.25);
  o.weight_time = 2.0;
  o.weight_p99_latency = 1.0;  // -(1*2 + 2*0.5 + 1*4) / 4
  EXPECT_DOUBLE_EQ(dram_reward(o, x, base), -1.75);
  EXPECT_DOUBLE_EQ(dram_reward(o, base, base), -1.0);
  o.reward = "edp";  // -(2e-6 * 1e-5) / (1e-6 * 2e-5)
  EXPECT_DOUBLE_EQ(dram_reward(o, x, base), -1.0);

  o.target_power_W = 0.1;
  o.target_latency_s = 2e-5;
  o.reward = "budget";  // power (0.2 - 0.1)/0.1 = 1 over; latency met
  EXPECT_DOUBLE_EQ(dram_reward(o, x, base), -1.0);
  o.objective = "latency";
  EXPECT_DOUBLE_EQ(dram_reward(o, x, base), 0.0);
  o.target_latency_s = 5e-6;  // (1e-5 - 5e-6) / 5e-6 = 1
  EXPECT_DOUBLE_EQ(dram_reward(o, x, base), -1.0);

  o.target_latency_s = 2e-5;
  o.reward = "log_ratio";
  o.objective = "both";  // -(ln 2 + ln 0.5)
  EXPECT_NEAR(dram_reward(o, x, base), 0.0, 1e-15);
  o.objective = "power";
  EXPECT_DOUBLE_EQ(dram_reward(o, x, base), -std::log(2.0));

  o.reward = "target_ratio";
  o.objective = "both";  // (0.1 / 0.1) * (2e-5 / 1e-5)
  EXPECT_DOUBLE_EQ(dram_reward(o, x, base), 2.0);
  o.objective = "latency";
  EXPECT_DOUBLE_EQ(dram_reward(o, x, base), 2.0);
  o.objective = "power";
  EXPECT_DOUBLE_EQ(dram_reward(o, x, base), 1.0);
  o.objective = "both";
  o.ratio_scaling = true;  // (1/350) * (1/20) * 2
  EXPECT_DOUBLE_EQ(dram_reward(o, x, base), 2.0 / 7000.0);
}

TEST(DramReward, TargetRatioIsCappedAndFinite) {
  const dram_outcome base{1e-6, 2e-5, 0.05, 1e-7};
  const dram_outcome x{2e-6, 1e-5, 0.2, 4e-7};
  dram_env_options o;
  o.reward = "target_ratio";
  o.objective = "power";
  o.target_power_W = 0.2;  // target hit exactly: the reference divides by zero
  EXPECT_EQ(dram_reward(o, x, base), 1000.0);
  o.target_power_W = 0.2001;  // 0.2001 / 0.0001 = 2001 -> cap
  EXPECT_EQ(dram_reward(o, x, base), 1000.0);
  o.target_power_W = 0.21;  // 0.21 / 0.01 = 21
  EXPECT_NEAR(dram_reward(o, x, base), 21.0, 1e-9);
}

TEST(DramReward, ReferenceTargetsOnRunB) {
  // Run B of the spec: 1.00289 W, 430,895 ns; reference targets 1 W and 0.1 s.
  const dram_outcome b{432139050e-12, 430895e-9, 432139050.0 / 430895.0 * 1e-3, 0.0};
  dram_env_options o;
  o.reward = "target_ratio";
  o.objective = "latency";  // 0.1 / (0.1 - 4.30895e-4): every correct design scores ~1
  EXPECT_NEAR(dram_reward(o, b, b), 0.1 / (0.1 - 430895e-9), 1e-12);
  o.objective = "power";  // 1 / 0.0028872...
  const double p = 432139050.0 / 430895.0 * 1e-3;
  EXPECT_NEAR(dram_reward(o, b, b), 1.0 / (p - 1.0), 1e-9);
  EXPECT_NEAR(dram_reward(o, b, b), 346.3, 0.1);
  o.ratio_scaling = true;  // the reference's 1/350 brings it to ~1
  EXPECT_NEAR(dram_reward(o, b, b), 346.3 / 350, 1e-3);
}

// ----- env: spaces, units, hand-computed physics ---------------------------------------------

TEST(DramEnv, SpacesFollowTheSpec) {
  dram_controller_env env(small());
  EXPECT_EQ(env.action_space().nvec(), (std::vector<std::int64_t>{4, 3, 3, 8, 2, 2, 4, 4, 3, 8}));
  EXPECT_EQ(env.action_space().cardinality(), 442368u);
  EXPECT_EQ(env.observation_space().shape(), std::vector<std::size_t>{5});
  EXPECT_EQ(env.spec().cost_unit, "simulated requests");
  EXPECT_EQ(env.spec().max_episode_steps, 1);
  EXPECT_TRUE(env.spec().data.empty());  // generated trace: no external data
  const auto r = env.reset(0);
  for (double v : r.observation) EXPECT_EQ(v, 0.0);
}

TEST(DramEnv, SingleReadMatchesHandComputedTimeEnergyAndPower) {
  // One 64 B read at address 0, DDR3-1600 (tCK 1.25 ns), all-index-0 design (Open page,
  // NoRefresh): ACT at 0, RD at tRCD = 10, burst [RD + CL, RD + CL + 4) ends at 24 clk = 30 ns.
  // Energy (DIMM): E_ACT 10.5 nJ + E_RD 5.7 nJ + 0.54 W x 30 ns = 32.4 nJ; power 1.08 W.
  dram_env_options o;
  o.trace = "gen:stream";
  o.trace_requests = 1;
  dram_controller_env env(o);
  (void)env.reset(0);
  const auto r = env.step(all_zero);
  EXPECT_NEAR(metric_of(r.info, "total_time_s"), 30e-9, 1e-18);
  EXPECT_NEAR(metric_of(r.info, "energy_J"), 32.4e-9, 1e-17);
  EXPECT_NEAR(metric_of(r.info, "avg_power_W"), 1.08, 1e-9);
  EXPECT_NEAR(metric_of(r.info, "mean_service_latency_s"), 30e-9, 1e-18);
  EXPECT_NEAR(metric_of(r.info, "p99_service_latency_s"), 30e-9, 1e-18);
  EXPECT_NEAR(metric_of(r.info, "bandwidth_Bps"), 64 / 30e-9, 1.0);
  EXPECT_EQ(metric_of(r.info, "act_count"), 1.0);
  EXPECT_EQ(metric_of(r.info, "pre_count"), 0.0);  // Open page: the row stays open
  EXPECT_EQ(metric_of(r.info, "rd_count"), 1.0);
  EXPECT_EQ(r.info.cost, 1.0);
  const std::vector<double> obs(r.observation.begin(), r.observation.end());
  ASSERT_EQ(obs.size(), 5u);
  EXPECT_NEAR(obs[0], 32.4e-9, 1e-17);  // energy_J
  EXPECT_NEAR(obs[1], 1.08, 1e-9);      // avg_power_W
  EXPECT_NEAR(obs[2], 30e-9, 1e-18);    // total_time_s
  EXPECT_NEAR(obs[3], 30e-9, 1e-18);    // mean_service_latency_s
  EXPECT_NEAR(obs[4], 30e-9, 1e-18);    // p99_service_latency_s
  EXPECT_DOUBLE_EQ(r.reward, -1.0);     // the baseline design itself
}

TEST(DramEnv, MetricsAreTheSimulatorsInSiUnitsWithDeclaredUnits) {
  dram_controller_env env(small());
  rng g(5);
  for (int i = 0; i < 5; ++i) {
    const auto a = env.action_space().sample(g);
    (void)env.reset(std::nullopt);
    const auto r = env.step(a);
    sim::dram::simulation_config cfg = env.evaluator().base_config();
    cfg.controller = dram_design(a);
    const auto s = sim::dram::simulate(cfg, env.evaluator().trace());
    EXPECT_DOUBLE_EQ(metric_of(r.info, "total_time_s"), s.total_time_ns * 1e-9);
    EXPECT_DOUBLE_EQ(metric_of(r.info, "total_time_s"), static_cast<double>(s.cycles) * 1.25e-9);
    EXPECT_EQ(r.info.extra.at("cycles").as_int(), static_cast<std::int64_t>(s.cycles));
    EXPECT_DOUBLE_EQ(metric_of(r.info, "energy_J"), s.energy_pj * 1e-12);
    EXPECT_NEAR(metric_of(r.info, "avg_power_W"), metric_of(r.info, "energy_J") / metric_of(r.info, "total_time_s"), 1e-9);
    EXPECT_DOUBLE_EQ(metric_of(r.info, "p99_service_latency_s"), s.service_latency.p99_ns * 1e-9);
    EXPECT_DOUBLE_EQ(metric_of(r.info, "p95_arrival_latency_s"), s.arrival_latency.p95_ns * 1e-9);
    EXPECT_NEAR(metric_of(r.info, "bandwidth_Bps"), 300 * 64 / metric_of(r.info, "total_time_s"), 1e-3);
    EXPECT_EQ(r.info.cost, 300.0);  // requests simulated
    for (const auto& m : r.info.metrics) {
      const metric_spec* ms = env.spec().find_metric(m.name);
      ASSERT_NE(ms, nullptr) << m.name;
      EXPECT_EQ(ms->unit, m.unit);
      EXPECT_EQ(ms->dir, m.dir);
      EXPECT_TRUE(std::isfinite(m.value)) << m.name;
    }
  }
}

TEST(DramEnv, EveryMetricOfTheSpecIsReported) {
  dram_controller_env env(small());
  (void)env.reset(0);
  const auto r = env.step(all_zero);
  for (const char* name :
       {"total_time_s", "energy_J", "avg_power_W", "mean_service_latency_s", "p50_service_latency_s",
        "p95_service_latency_s", "p99_service_latency_s", "mean_arrival_latency_s",
        "p50_arrival_latency_s", "p95_arrival_latency_s", "p99_arrival_latency_s", "bandwidth_Bps",
        "row_hit_rate", "data_bus_utilization", "act_count", "pre_count", "rd_count", "wr_count",
        "ref_count"})
    EXPECT_TRUE(r.info.get(name).has_value()) << name;
  EXPECT_EQ(r.info.metrics.size(), env.spec().metrics.size());
  EXPECT_EQ(env.spec().find_metric("total_time_s")->unit, "s");
  EXPECT_EQ(env.spec().find_metric("total_time_s")->dir, direction::minimize);
  EXPECT_EQ(env.spec().find_metric("bandwidth_Bps")->dir, direction::maximize);
  EXPECT_EQ(env.spec().find_metric("energy_J")->unit, "J");
  EXPECT_EQ(env.spec().find_metric("avg_power_W")->unit, "W");
  const value& d = r.info.extra.at("design");
  EXPECT_EQ(d.at("PagePolicy").as_string(), "Open");
  EXPECT_EQ(d.at("RequestBufferSize").as_int(), 1);
  EXPECT_EQ(d.at("Arbiter").as_string(), "Simple");
}

TEST(DramEnv, DesignIndicesMapToTheSpecsValues) {
  const auto c = dram_design(std::vector<std::int64_t>{3, 1, 2, 7, 1, 1, 3, 2, 2, 5});
  namespace d = sim::dram;
  EXPECT_EQ(c.page_policy, d::page_policy_kind::closed_adaptive);
  EXPECT_EQ(c.scheduler, d::scheduler_kind::fr_fcfs_grp);
  EXPECT_EQ(c.scheduler_buffer, d::scheduler_buffer_kind::shared);
  EXPECT_EQ(c.request_buffer_size, 128u);
  EXPECT_EQ(c.resp_queue, d::resp_queue_kind::reorder);
  EXPECT_EQ(c.refresh_policy, d::refresh_policy_kind::all_bank);
  EXPECT_EQ(c.refresh_max_postponed, 8u);
  EXPECT_EQ(c.refresh_max_pulledin, 4u);
  EXPECT_EQ(c.arbiter, d::arbiter_kind::reorder);
  EXPECT_EQ(c.max_active_transactions, 32u);
}

TEST(DramEnv, Ddr4TimesAreInSecondsToo) {
  dram_env_options o = small();
  o.memory = "DDR4-2400";
  o.mapping = "rbc";
  dram_controller_env env(o);
  (void)env.reset(0);
  const auto r = env.step(std::vector<std::int64_t>{1, 2, 2, 3, 0, 1, 3, 3, 0, 7});
  const double cycles = static_cast<double>(r.info.extra.at("cycles").as_int());
  EXPECT_NEAR(metric_of(r.info, "total_time_s"), cycles / 1.2e9, 1e-15);
}

// ----- determinism ---------------------------------------------------------------------------

TEST(DramEnv, DeterministicAcrossInstancesAndResetSeeds) {
  dram_controller_env a(small()), b(small());
  rng g(3);
  for (int i = 0; i < 4; ++i) {
    const auto act = a.action_space().sample(g);
    (void)a.reset(static_cast<std::uint64_t>(i));
    (void)b.reset(static_cast<std::uint64_t>(1000 + i));  // the reset seed does not change the workload
    EXPECT_EQ(a.step(act), b.step(act));
  }
}

TEST(DramEnv, TraceSeedChangesTheWorkloadButNotItsLength) {
  dram_env_options o = small();
  o.trace = "gen:random";
  dram_controller_env a(o);
  o.trace_seed = 1;
  dram_controller_env b(o);
  EXPECT_NE(a.evaluator().trace(), b.evaluator().trace());
  EXPECT_EQ(a.evaluator().trace().requests.size(), 300u);
  (void)a.reset(0);
  (void)b.reset(0);
  EXPECT_NE(a.step(all_zero).observation, b.step(all_zero).observation);
}

TEST(DramEnv, DefaultTraceIsGeneratedWithTheDocumentedLength) {
  ::unsetenv("DSEGYM_DATA_DIR");
  any_env env = reg().make("hw/DRAMController-v1");
  (void)env.reset(0);
  const auto r = env.step(value::from_vector(all_zero));
  EXPECT_EQ(r.info.cost, static_cast<double>(dram_default_generated_requests));
  EXPECT_EQ(r.info.extra.at("requests").as_int(), dram_default_generated_requests);
  EXPECT_DOUBLE_EQ(r.reward, -1.0);
}

TEST(DramEnv, BaselineNormalisedRewardsScoreTheBaselineMinusOne) {
  for (const char* reward : {"weighted_sum", "edp"}) {
    dram_env_options o = small();
    o.reward = reward;
    dram_controller_env env(o);
    (void)env.reset(0);
    EXPECT_DOUBLE_EQ(env.step(all_zero).reward, -1.0) << reward;
    (void)env.reset(0);
    const auto r = env.step(std::vector<std::int64_t>{1, 2, 2, 4, 0, 0, 0, 0, 0, 7});
    const dram_outcome x{metric_of(r.info, "energy_J"), metric_of(r.info, "total_time_s"),
                         metric_of(r.info, "avg_power_W"), metric_of(r.info, "p99_service_latency_s")};
    EXPECT_DOUBLE_EQ(r.reward, dram_reward(o, x, env.evaluator().baseline())) << reward;
  }
}

TEST(DramEnv, TargetRewardsUseTheEnvsMetrics) {
  // Targets placed relative to a design's measured values give hand-computable rewards.
  dram_controller_env probe(small());
  (void)probe.reset(0);
  const auto p = probe.step(all_zero);
  const double t = metric_of(p.info, "total_time_s"), w = metric_of(p.info, "avg_power_W");
  dram_env_options o = small();
  o.target_latency_s = 2 * t;  // latency term 2t / |t - 2t| = 2
  o.target_power_W = w / 2;    // power term (w/2) / (w/2) = 1
  o.reward = "target_ratio";
  dram_controller_env ratio(o);
  (void)ratio.reset(0);
  EXPECT_NEAR(ratio.step(all_zero).reward, 2.0, 1e-12);
  o.reward = "budget";  // latency met, power twice its budget -> -(w - w/2)/(w/2) = -1
  dram_controller_env budget(o);
  (void)budget.reset(0);
  EXPECT_NEAR(budget.step(all_zero).reward, -1.0, 1e-12);
  o.reward = "log_ratio";  // -(ln(1/2) + ln 2) = 0
  dram_controller_env log_ratio(o);
  (void)log_ratio.reset(0);
  EXPECT_NEAR(log_ratio.step(all_zero).reward, 0.0, 1e-12);
}

// ----- shared traces -------------------------------------------------------------------------

TEST(DramEnv, ReferenceRunsOnSharedRandomTraceInSeconds) {
  DSEGYM_NEED_DATA("dram-traces");
  dram_controller_env env(shared_trace("random.stl"));
  EXPECT_EQ(env.evaluator().trace().requests.size(), 10000u);
  ASSERT_EQ(env.spec().data.size(), 1u);
  EXPECT_NE(env.spec().data[0].find("dram-traces/random.stl"), std::string::npos);
  (void)env.reset(0);
  const auto b = env.step(run_b);  // 430,895 ns, 432,139,050 pJ (spec §4)
  EXPECT_NEAR(metric_of(b.info, "total_time_s"), 430895e-9, 1e-15);
  EXPECT_NEAR(metric_of(b.info, "energy_J"), 432139050e-12, 432139050e-12 * 1e-3);
  EXPECT_NEAR(metric_of(b.info, "avg_power_W"), 1.00289, 1e-3);
  EXPECT_EQ(b.info.cost, 10000.0);
  (void)env.reset(0);
  // Run C ends at 288,003.75 ns, not a whole ns: the reference read it in ps (x1000, "0.288").
  const auto c = env.step(run_c);
  EXPECT_NEAR(metric_of(c.info, "total_time_s"), 288003.75e-9, 1e-15);
  EXPECT_NEAR(metric_of(c.info, "energy_J"), 354977775e-12, 354977775e-12 * 1e-3);
  EXPECT_NEAR(c.observation(2), 2.8800375e-4, 1e-15);
  EXPECT_NEAR(b.observation(2) / c.observation(2), 430895.0 / 288003.75, 1e-9);
}

TEST(DramEnv, SharedTraceThroughDataDirEnvironmentVariable) {
  DSEGYM_NEED_DATA("dram-traces");
  ::setenv("DSEGYM_DATA_DIR", DSEGYM_TEST_DATA_DIR, 1);
  any_env env = reg().make("hw/DRAMController-v1", value::dict{{"trace", "cloud-1.stl"}, {"trace_requests", 2000}});
  ::unsetenv("DSEGYM_DATA_DIR");
  (void)env.reset(0);
  const auto r = env.step(value::from_vector(run_b));
  EXPECT_EQ(r.info.cost, 2000.0);
  EXPECT_EQ(r.info.extra.at("requests").as_int(), 2000);
}

TEST(DramEnv, SharedTraceWithWrites) {
  DSEGYM_NEED_DATA("dram-traces");
  dram_env_options o = shared_trace("ddr3_example.stl");
  o.trace_backward_time = "clamp";  // the file restarts its clock three times
  dram_controller_env env(o);
  (void)env.reset(0);
  const auto r = env.step(std::vector<std::int64_t>{2, 1, 1, 5, 1, 1, 3, 3, 1, 4});
  EXPECT_EQ(metric_of(r.info, "rd_count"), 768.0);
  EXPECT_EQ(metric_of(r.info, "wr_count"), 1108.0);
  EXPECT_EQ(r.info.cost, 1876.0);
}

TEST(DramEnv, BackwardTimeIsRejectedUnlessClampIsAsked) {
  if (!std::filesystem::exists(std::string(DSEGYM_TEST_DATA_DIR) + "/dram-traces"))
    GTEST_SKIP() << "no DRAM traces under " << DSEGYM_TEST_DATA_DIR;
  expect_error<data_error>([] { dram_controller_env env(shared_trace("ddr3_example.stl")); },
                           {"ddr3_example.stl", "line 470", "time must not go backwards", "trace_backward_time"});
}

TEST(DramEnv, ArchgymEncodingReachesRunAsMaxActiveTransactions103) {
  if (!std::filesystem::exists(std::string(DSEGYM_TEST_DATA_DIR) + "/dram-traces"))
    GTEST_SKIP() << "no DRAM traces under " << DSEGYM_TEST_DATA_DIR;
  dram_env_options o = shared_trace("random.stl");
  o.encoding = "archgym";
  dram_controller_env env(o);
  EXPECT_EQ(env.action_space().nvec(), (std::vector<std::int64_t>{4, 3, 3, 8, 2, 2, 8, 8, 3, 128}));
  (void)env.reset(0);
  // Run A (spec 4): ClosedAdaptive, FrFcfs, Shared, RBS 8, RespQueue Reorder, NoRefresh, Arbiter
  // Reorder, MAT 103 -> 87,385 ns in DRAMSys.
  const auto a = env.step(std::vector<std::int64_t>{3, 2, 2, 7, 1, 0, 0, 0, 2, 102});
  EXPECT_EQ(a.info.extra.at("design").at("MaxActiveTransactions").as_int(), 103);
  EXPECT_EQ(a.info.extra.at("design").at("RequestBufferSize").as_int(), 8);
  EXPECT_NEAR(metric_of(a.info, "total_time_s"), 87385e-9, 1e-15);
  EXPECT_NEAR(metric_of(a.info, "energy_J"), 246681075e-12, 246681075e-12 * 1e-3);
}

TEST(DramEnv, ResetInfoNamesTheKnobsAndTheirValues) {
  dram_controller_env env(small());
  const auto r = env.reset(0);
  const value& names = r.info.extra.at("knob_names");
  const value& choices = r.info.extra.at("knob_choices");
  ASSERT_EQ(names.size(), 10u);
  EXPECT_EQ(names.as_list()[9].as_string(), "MaxActiveTransactions");
  EXPECT_EQ(choices.as_list()[0].as_list()[3].as_string(), "ClosedAdaptive");
  EXPECT_EQ(choices.as_list()[3].as_list()[7].as_string(), "128");
  dram_env_options o = small();
  o.encoding = "archgym";
  dram_controller_env ag(o);
  EXPECT_EQ(ag.reset(0).info.extra.at("knob_choices").as_list()[9].as_list()[102].as_string(), "103");
}

TEST(DramEnv, GeneratedAndFileTracesCannotBeConfused) {
  const auto make = [](value kwargs) { return [kwargs] { (void)reg().make("hw/DRAMController-v1", kwargs); }; };
  expect_error<invalid_argument>(make(value::dict{{"trace", "stream"}}), {"ambiguous", "gen:stream", "stream.stl"});
  expect_error<invalid_argument>(make(value::dict{{"trace", "random"}}), {"ambiguous", "gen:random", "random.stl"});
  any_env env = reg().make("hw/DRAMController-v1", value::dict{{"trace", "phase_mix"}, {"trace_requests", 100}});
  EXPECT_EQ(env.spec().kwargs.at("trace").as_string(), "gen:phase_mix");  // resolved to the explicit name
  expect_error<invalid_argument>(make(value::dict{{"encoding", "pow2"}}), {"encoding", "archgym"});
}

// ----- bad inputs ----------------------------------------------------------------------------

TEST(DramEnv, BadKwargsAreClearErrors) {
  const auto make = [](value kwargs) { return [kwargs] { (void)reg().make("hw/DRAMController-v1", kwargs); }; };
  // The registry checks names, kinds and choices.
  expect_error<invalid_argument>(make(value::dict{{"traces", "random"}}), {"unknown kwarg \"traces\"", "trace_requests"});
  expect_error<invalid_argument>(make(value::dict{{"reward", "power"}}), {"\"reward\"", "target_ratio"});
  expect_error<invalid_argument>(make(value::dict{{"memory", "DDR5"}}), {"DDR4-2400"});
  expect_error<invalid_argument>(make(value::dict{{"trace_requests", "many"}}), {"trace_requests", "must be int"});
  // The env checks values.
  expect_error<invalid_argument>(make(value::dict{{"trace", "zipf"}}), {"\"zipf\"", "phase_mix", "cloud-1.stl"});
  expect_error<invalid_argument>(make(value::dict{{"trace_requests", -1}}), {"trace_requests", "-1"});
  expect_error<invalid_argument>(make(value::dict{{"trace_requests", 20000000}}), {"trace_requests"});
  expect_error<invalid_argument>(make(value::dict{{"trace_seed", -3}}), {"trace_seed"});
  expect_error<invalid_argument>(make(value::dict{{"read_fraction", 1.5}}), {"read_fraction", "[0, 1]"});
  expect_error<invalid_argument>(make(value::dict{{"trace_time_scale", 0}}), {"trace_time_scale", "> 0"});
  expect_error<invalid_argument>(make(value::dict{{"target_power_W", 0}}), {"target_power_W"});
  expect_error<invalid_argument>(make(value::dict{{"target_latency_s", -1}}), {"target_latency_s"});
  expect_error<invalid_argument>(make(value::dict{{"weight_time", -1}}), {"weight_time"});
  expect_error<invalid_argument>(make(value::dict{{"weight_energy", 0}, {"weight_time", 0}}), {"weighted_sum", "all are 0"});
  // All-zero weights are fine when the weights are not used.
  EXPECT_NO_THROW((void)reg().make("hw/DRAMController-v1", value::dict{{"weight_energy", 0}, {"weight_time", 0}, {"reward", "edp"}, {"trace_requests", 50}}));
}

TEST(DramEnv, TraceFileErrorsNameWhatToFix) {
  DSEGYM_NEED_DATA("dram-traces");
  ::unsetenv("DSEGYM_DATA_DIR");
  expect_error<data_error>(
      [] {
        dram_env_options o;
        o.trace = "random.stl";
        dram_controller_env env(o);
      },
      {"DSEGYM_DATA_DIR", "dram-traces"});
  expect_error<data_error>([] { dram_controller_env env(shared_trace("cloud-3.stl")); },
                           {"cloud-3.stl", "does not exist", "cloud-2.stl"});
  expect_error<data_error>(
      [] {
        dram_env_options o = shared_trace("random.stl");
        o.data_dir = "/nonexistent/dsegym-data";
        dram_controller_env env(o);
      },
      {"/nonexistent/dsegym-data/dram-traces/random.stl"});
  expect_error<invalid_argument>(
      [] {
        dram_env_options o = shared_trace("stream.stl");
        o.trace_requests = 10001;
        dram_controller_env env(o);
      },
      {"10001", "10000"});
  expect_error<invalid_argument>(
      [] {
        dram_env_options o = shared_trace("stream.stl");
        o.read_fraction = 0.5;
        dram_controller_env env(o);
      },
      {"read_fraction", "generated traces only"});
}

TEST(DramEnv, BadActionsAreRejectedAndLeaveTheEnvUsable) {
  dram_controller_env env(small());
  (void)env.reset(0);
  expect_error<invalid_action>([&] { (void)env.step({0, 0, 0}); }, {"10 knob indices", "PagePolicy"});
  expect_error<invalid_action>([&] { (void)env.step({0, 0, 0, 8, 0, 0, 0, 0, 0, 0}); },
                               {"knob 3", "RequestBufferSize", "[0, 7]"});
  expect_error<invalid_action>([&] { (void)env.step({0, 0, 0, 0, 0, 0, 0, 0, 0, -1}); },
                               {"MaxActiveTransactions"});
  EXPECT_NO_THROW((void)env.step(all_zero));

  any_env erased = reg().make("hw/DRAMController-v1", value::dict{{"trace_requests", 100}});
  (void)erased.reset(0);
  EXPECT_THROW((void)erased.step(value::list{1, 2, 3}), invalid_action);
  EXPECT_THROW((void)erased.step(value::list{4, 0, 0, 0, 0, 0, 0, 0, 0, 0}), invalid_action);
  EXPECT_THROW((void)erased.step(value::list{0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0}), invalid_action);
  EXPECT_THROW((void)erased.step(value("Open")), invalid_action);
  EXPECT_NO_THROW((void)erased.step(value::from_vector(all_zero)));
  EXPECT_THROW((void)erased.step(value::from_vector(all_zero)), reset_needed);  // one step per episode
}

// ----- multi-agent ---------------------------------------------------------------------------

TEST(DramMultiAgent, PerKnobAgentsOwnOneKnobEach) {
  dram_controller_parallel env(small());
  ASSERT_EQ(env.possible_agents().size(), 10u);
  EXPECT_EQ(env.possible_agents().front(), "page_policy");
  EXPECT_EQ(env.possible_agents().back(), "max_active_transactions");
  for (std::size_t k = 0; k < 10; ++k) {
    const std::string& a = env.possible_agents()[k];
    EXPECT_EQ(a, dram_knob_names()[k]);
    EXPECT_EQ(env.action_space(a), any_space(discrete(dram_knob_sizes[k])));
    EXPECT_EQ(env.knobs_of(a), std::vector<std::size_t>{k});
    EXPECT_EQ(env.observation_space(a).shape(), std::vector<std::size_t>{5});
  }
  EXPECT_TRUE(env.agents().empty());  // before reset
}

TEST(DramMultiAgent, PerSubsystemAgentsCoverEveryKnobOnce) {
  dram_controller_parallel env(small(), dram_grouping::per_subsystem);
  EXPECT_EQ(env.possible_agents(), (std::vector<std::string>{"page_refresh", "scheduler", "front_end"}));
  EXPECT_EQ(env.knobs_of("page_refresh"), (std::vector<std::size_t>{0, 5, 6, 7}));
  EXPECT_EQ(env.knobs_of("scheduler"), (std::vector<std::size_t>{1, 2, 3, 4}));
  EXPECT_EQ(env.knobs_of("front_end"), (std::vector<std::size_t>{8, 9}));
  std::uint64_t joint = 1;
  for (const auto& a : env.possible_agents()) {
    const auto* md = env.action_space(a).get_if<multi_discrete>();
    ASSERT_NE(md, nullptr) << a;
    joint *= md->cardinality();
  }
  EXPECT_EQ(env.action_space("page_refresh").get_if<multi_discrete>()->cardinality(), 128u);
  EXPECT_EQ(env.action_space("scheduler").get_if<multi_discrete>()->cardinality(), 144u);
  EXPECT_EQ(env.action_space("front_end").get_if<multi_discrete>()->cardinality(), 24u);
  EXPECT_EQ(joint, 442368u);
  const std::vector<std::int64_t> knobs = {3, 1, 2, 7, 1, 1, 3, 2, 2, 5};
  const auto split = env.split(knobs);
  EXPECT_EQ(split.at("page_refresh"), (value::list{3, 1, 3, 2}));
  EXPECT_EQ(split.at("scheduler"), (value::list{1, 2, 7, 1}));
  EXPECT_EQ(split.at("front_end"), (value::list{2, 5}));
  EXPECT_EQ(env.joint_knobs(split), knobs);
}

TEST(DramMultiAgent, JointActionEqualsTheSingleAgentDesign) {
  for (auto grouping : {dram_grouping::per_knob, dram_grouping::per_subsystem}) {
    dram_controller_parallel ma(small(), grouping);
    dram_controller_env single(small());
    rng g(11);
    for (int i = 0; i < 3; ++i) {
      const auto knobs = single.action_space().sample(g);
      (void)single.reset(0);
      const auto s = single.step(knobs);
      const auto reset = ma.reset(0);
      EXPECT_EQ(ma.agents(), ma.possible_agents());
      EXPECT_EQ(reset.observations.size(), ma.possible_agents().size());
      const auto r = ma.step(ma.split(knobs));
      for (const auto& a : ma.possible_agents()) {
        EXPECT_EQ(r.observations.at(a), s.observation) << a;  // shared observation
        EXPECT_EQ(r.rewards.at(a), s.reward) << a;            // shared reward
        EXPECT_TRUE(r.terminations.at(a));
        EXPECT_FALSE(r.truncations.at(a));
        EXPECT_EQ(r.infos.at(a), s.info);
      }
      EXPECT_EQ(ma.state(), s.observation);
      EXPECT_TRUE(ma.agents().empty());
    }
  }
}

TEST(DramMultiAgent, ProtocolErrors) {
  dram_controller_parallel env(small());
  const auto actions = env.split(all_zero);
  EXPECT_THROW((void)env.step(actions), reset_needed);  // before reset
  (void)env.reset(0);
  auto missing = actions;
  missing.erase("arbiter");
  expect_error<invalid_action>([&] { (void)env.step(missing); }, {"no action for agent \"arbiter\""});
  auto unknown = actions;
  unknown.emplace("refresh", value(0));
  expect_error<invalid_action>([&] { (void)env.step(unknown); }, {"unknown agent \"refresh\"", "page_policy"});
  auto out_of_range = actions;
  out_of_range["resp_queue"] = value(2);
  expect_error<invalid_action>([&] { (void)env.step(out_of_range); }, {"resp_queue", "outside"});
  auto wrong_type = actions;
  wrong_type["scheduler"] = value::list{1};
  expect_error<invalid_action>([&] { (void)env.step(wrong_type); }, {"scheduler"});
  EXPECT_EQ(env.agents(), env.possible_agents());  // rejected actions change nothing
  EXPECT_NO_THROW((void)env.step(actions));
  EXPECT_THROW((void)env.step(actions), reset_needed);  // after the episode
  expect_error<invalid_argument>([&] { (void)env.action_space("dram"); }, {"unknown agent \"dram\"", "per_knob", "max_active_transactions"});
}

TEST(DramMultiAgent, RegisteredEnvIsADictOfAgents) {
  any_env env = reg().make("hw/DRAMController-MA-v1",
                           value::dict{{"grouping", "per_subsystem"}, {"trace_requests", 200}});
  const auto* act = env.action_space().get_if<dict_space>();
  const auto* obs = env.observation_space().get_if<dict_space>();
  ASSERT_NE(act, nullptr);
  ASSERT_NE(obs, nullptr);
  ASSERT_EQ(act->spaces().size(), 3u);
  EXPECT_EQ(act->spaces()[0].first, "page_refresh");  // possible_agents() order
  EXPECT_EQ(act->spaces()[2].first, "front_end");
  EXPECT_EQ(act->at("front_end"), any_space(multi_discrete({3, 8})));
  EXPECT_EQ(obs->at("scheduler").type_name(), "Box");

  dram_controller_env single(small(200));
  const std::vector<std::int64_t> knobs = {1, 2, 2, 3, 1, 1, 2, 1, 2, 4};
  (void)single.reset(0);
  const auto s = single.step(knobs);
  (void)env.reset(0);
  const value joint = value::dict{{"page_refresh", value::list{1, 1, 2, 1}},
                                  {"scheduler", value::list{2, 2, 3, 1}},
                                  {"front_end", value::list{2, 4}}};
  const auto r = env.step(joint);
  EXPECT_EQ(r.reward, s.reward);
  EXPECT_TRUE(r.terminated);
  for (const auto& [agent, o] : r.observation.as_dict())
    EXPECT_EQ(o, single.observation_space().to_value(s.observation)) << agent;
  EXPECT_EQ(r.info.metrics, s.info.metrics);
  EXPECT_EQ(r.info.cost, 200.0);
  EXPECT_EQ(r.info.extra.at("agent_rewards").at("scheduler").as_real(), s.reward);
  EXPECT_EQ(r.info.extra.at("design"), s.info.extra.at("design"));

  (void)env.reset(0);
  EXPECT_THROW((void)env.step(value::dict{{"page_refresh", value::list{1, 1, 2, 1}}}), invalid_action);
  EXPECT_THROW((void)env.step(value::list{1, 2, 3}), invalid_action);
  EXPECT_NO_THROW((void)env.step(joint));
}

TEST(DramMultiAgent, PassesCheckEnvInBothGroupings) {
  for (const char* g : {"per_knob", "per_subsystem"}) {
    any_env env = reg().make("hw/DRAMController-MA-v1", value::dict{{"grouping", g}, {"trace_requests", 200}});
    for (const auto& p : check_env(env)) ADD_FAILURE() << g << ": " << p;
  }
}

TEST(DramMultiAgent, TwoCopiesReplayIdentically) {
  // PettingZoo's parallel_seed_test: same seeds and actions, same results.
  dram_controller_parallel a(small(200)), b(small(200));
  rng ga(4), gb(4);
  for (int i = 0; i < 20; ++i) {
    (void)a.reset(static_cast<std::uint64_t>(i));
    (void)b.reset(static_cast<std::uint64_t>(i));
    dram_controller_parallel::agent_map<value> aa, ab;
    for (const auto& agent : a.possible_agents()) {
      aa.emplace(agent, a.action_space(agent).sample(ga));
      ab.emplace(agent, b.action_space(agent).sample(gb));
    }
    const auto ra = a.step(aa);
    const auto rb = b.step(ab);
    EXPECT_EQ(ra.observations, rb.observations);
    EXPECT_EQ(ra.rewards, rb.rewards);
    EXPECT_EQ(ra.infos, rb.infos);
  }
}

TEST(DramMultiAgent, DescribeNamesTheGroupingAndTheSharedReward) {
  any_env env = reg().make("hw/DRAMController-MA-v1", value::dict{{"trace_requests", 100}});
  EXPECT_EQ(env.spec().kwargs.at("grouping").as_string(), "per_knob");
  EXPECT_EQ(env.spec().reward.rfind("shared by every agent", 0), 0u);
  EXPECT_EQ(env.spec().metrics.size(), 19u);
}

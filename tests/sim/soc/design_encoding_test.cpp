#include <gtest/gtest.h>

#include <numeric>

#include "dsegym/core/error.hpp"
#include "dsegym/core/random.hpp"
#include "test_support.hpp"
#include "dsegym_test_data.hpp"

namespace soc_test {
namespace {

TEST(SocDesignEncoding, UnrollChoices) {
  EXPECT_EQ(unroll_choices(1), (std::vector<std::uint64_t>{1}));
  EXPECT_EQ(unroll_choices(151), (std::vector<std::uint64_t>{1, 2, 4, 8, 16, 32, 64, 128, 151}));
  EXPECT_EQ(unroll_choices(1024).back(), 1024u);
  EXPECT_EQ(unroll_choices(1024).size(), 11u);
  // edge_detection: 1..32,768 and 1,638,400 (16 doublings + the full count).
  const auto e = unroll_choices(1638400);
  EXPECT_EQ(e.size(), 17u);
  EXPECT_EQ(e[15], 32768u);
  EXPECT_EQ(e[16], 1638400u);
  EXPECT_THROW((void)unroll_choices(0), dsegym::invalid_argument);
}

TEST(SocDesignEncoding, LengthsAndRanges) {
  DSEGYM_NEED_DATA("archgym-reference/farsi-workloads");
  // Canonical: 27 + 3T; archgym_limited: 18 + 2T = 54 / 34 / 36 (spec §A.4).
  const std::vector<std::pair<std::string, std::size_t>> tasks{
      {"audio_decoder", 18}, {"edge_detection", 8}, {"hpvm_cava", 9}};
  for (const auto& [name, t] : tasks) {
    const design_encoding enc(farsi(name));
    EXPECT_EQ(enc.size(), 27 + 3 * t) << name;
    const design_encoding lim(farsi(name), encoding_options{.mode = encoding_mode::archgym_limited});
    EXPECT_EQ(lim.size(), 18 + 2 * t) << name;
  }
  const design_encoding enc(farsi("hpvm_cava"));
  const auto& k = enc.knobs();
  EXPECT_EQ(k[0].name, "pe_kind[0]");
  EXPECT_EQ(k[6].name, "mem_kind[0]");
  EXPECT_EQ(k[6].high, 11);
  EXPECT_EQ(k[21].name, "bus_to_bus[0]");
  EXPECT_EQ(k[21].low, -1);
  EXPECT_EQ(k[24].name, "bus_to_mem[0]");
  EXPECT_EQ(k[27].name, "task_to_pe[souurce]");
  EXPECT_EQ(k.back().name, "task_unroll[siink]");
  EXPECT_EQ(k[27 + 18 + 5].name, "task_unroll[gamut_map_fxp_cloned]");
  EXPECT_EQ(k[27 + 18 + 5].high, 8);  // 9 unroll choices
  const auto nvec = enc.nvec();
  const auto start = enc.start();
  EXPECT_EQ(nvec[21], 4);
  EXPECT_EQ(start[21], -1);
  EXPECT_EQ(nvec[0], 2);
}

TEST(SocDesignEncoding, ReferenceKnobsDecodeToReferenceDesign) {
  DSEGYM_NEED_DATA("archgym-reference/farsi-workloads");
  const workload& w = farsi("audio_decoder");
  const design_encoding enc(w);
  const design d = enc.decode(enc.reference_knobs());
  ASSERT_EQ(d.pes.size(), 1u);  // the empty IP slots create no IP
  EXPECT_EQ(d.pes[0].name, "A53_0");
  EXPECT_EQ(d.memories.size(), 3u);
  EXPECT_EQ(d.memory_links, (std::vector<std::pair<std::size_t, std::size_t>>{{0, 0}}));
  const auto a = simulate(w, d);
  const auto b = simulate(w, reference_design(w));
  ASSERT_TRUE(a.ok) << a.reason;
  EXPECT_EQ(a.latency_s, b.latency_s);
  EXPECT_EQ(a.energy_j, b.energy_j);
  EXPECT_EQ(a.area_m2, b.area_m2);
  const auto masks = enc.action_masks(enc.reference_knobs());
  ASSERT_EQ(masks.size(), enc.size());
}

TEST(SocDesignEncoding, DecodeBuildsBlocksFromKnobs) {
  DSEGYM_NEED_DATA("archgym-reference/farsi-workloads");
  const workload& w = farsi("hpvm_cava");
  const design_encoding enc(w);
  auto x = enc.reference_knobs();
  const std::size_t T = w.tasks.size(), pe_to_pe = 27, to_mem = 27 + T, unroll = 27 + 2 * T;
  const std::size_t g = find_task(w, "gamut_map_fxp_cloned");
  x[1] = 1;             // slot 1 is an IP slot (already), clock x4
  x[4] = 1;
  x[6 + 1] = 6 + 5;     // memory 1: DRAM, 128 B
  x[9 + 1] = 3;         // memory 1 clock x8
  x[15 + 2] = 4;        // bus 2 width 64 B
  x[18 + 1] = 2;        // PE slot 1 on bus 2
  x[21 + 2] = 0;        // bus 2 - bus 0
  x[24 + 2] = 1;        // memory 1 on bus 2
  x[pe_to_pe + g] = 1;  // gamut_map on the IP slot, unroll 151, output in memory 1
  x[to_mem + g] = 1;
  x[unroll + g] = 8;
  const design d = enc.decode(x);
  ASSERT_EQ(d.pes.size(), 2u);
  EXPECT_EQ(d.pes[1].name, "IP1_gamut_map_fxp_cloned");
  EXPECT_EQ(d.pes[1].kind, pe_kind::ip);
  EXPECT_EQ(d.pes[1].ip_task, g);
  EXPECT_EQ(d.pes[1].unroll, 151u);
  EXPECT_EQ(d.pes[1].clock_multiplier, 4.0);
  EXPECT_EQ(d.pes[1].bus, 2u);
  EXPECT_EQ(d.task_pe[g], 1u);
  EXPECT_EQ(d.memories[1].kind, memory_kind::dram);
  EXPECT_EQ(d.memories[1].name, "GMEM_1");
  EXPECT_EQ(d.memories[1].width_bytes, 128u);
  EXPECT_EQ(d.memories[1].clock_multiplier, 8.0);
  EXPECT_EQ(d.buses[2].width_bytes, 64u);
  EXPECT_EQ(d.bus_links, (std::vector<std::pair<std::size_t, std::size_t>>{{2, 0}}));
  EXPECT_TRUE(check_design(w, d).ok) << check_design(w, d).reason;
}

TEST(SocDesignEncoding, OutOfRangeKnobsThrow) {
  DSEGYM_NEED_DATA("archgym-reference/farsi-workloads");
  const design_encoding enc(farsi("hpvm_cava"));
  auto x = enc.reference_knobs();
  x[27] = 3;
  try {
    (void)enc.decode(x);
    ADD_FAILURE();
  } catch (const dsegym::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'task_to_pe[souurce]' = 3 is outside 0..2"), std::string::npos)
        << e.what();
  }
  x.pop_back();
  EXPECT_THROW((void)enc.decode(x), dsegym::invalid_argument);
  EXPECT_THROW((void)enc.action_masks(x), dsegym::invalid_argument);
  EXPECT_THROW((void)design_encoding(farsi("hpvm_cava"), encoding_options{.pe_slots = 0}),
               dsegym::invalid_argument);
}

// hpvm_cava needs unrolled, fast IPs to meet 34 ms (spec §A.1: a single-lane IP takes 35.9 s).
TEST(SocDesignEncoding, HpvmCavaMeetsLatencyOnlyWithUnrolledFastIps) {
  DSEGYM_NEED_DATA("archgym-reference/farsi-workloads");
  const workload& w = farsi("hpvm_cava");
  const design_encoding enc(w);
  const std::size_t T = w.tasks.size();
  auto x = enc.reference_knobs();
  x[1] = 1;       // slot 1: IP
  x[3 + 1] = 3;   // clock x8
  x[6] = 5;       // SRAM 128 B at x8 on a 128-B bus at x8
  x[9] = 3;
  x[12] = 3;
  x[15] = 5;
  for (std::size_t t = 1; t + 1 < T; ++t) {
    x[27 + t] = 1;
    x[27 + 2 * T + t] = static_cast<std::int64_t>(enc.task_unrolls(t).size() - 1);
  }
  const auto fast = simulate(w, enc.decode(x));
  ASSERT_TRUE(fast.ok) << fast.reason;
  EXPECT_LT(fast.latency_s, reference_budget("hpvm_cava").latency_s);
  // gamut_map alone: 3,387,311,728 cycles / (100 MHz x 8 x 151) = 28.04 ms.
  EXPECT_GT(fast.latency_s, 3387311728.0 / (1e8 * 8 * 151));
  for (std::size_t t = 1; t + 1 < T; ++t) x[27 + 2 * T + t] = 0;  // single lanes
  x[3 + 1] = 0;
  const auto slow = simulate(w, enc.decode(x));
  ASSERT_TRUE(slow.ok);
  EXPECT_GT(slow.latency_s, 35.9);
}

TEST(SocDesignEncoding, MasksFlagKnownInfeasibleChoices) {
  DSEGYM_NEED_DATA("archgym-reference/farsi-workloads");
  const workload& w = farsi("edge_detection");
  const design_encoding enc(w);
  const std::size_t T = w.tasks.size();
  auto x = enc.reference_knobs();
  x[24 + 1] = 0;  // bus 1 also claims memory 0: masked (memory 0 is on bus 0)
  auto m = enc.action_masks(x);
  EXPECT_EQ(m[24 + 1][0 + 1], 0);
  EXPECT_EQ(m[24 + 1][1 + 1], 1);
  EXPECT_EQ(m[24 + 0][0 + 1], 1);
  // A task without an IP version (none here but the zero-work ones, which may go anywhere).
  workload v = w;
  v.tasks[2].ip_cycles.reset();
  const design_encoding enc2(v);
  x = enc2.reference_knobs();
  m = enc2.action_masks(x);
  EXPECT_EQ(m[27 + 2][1], 0);  // slot 1 is an IP slot
  EXPECT_EQ(m[27 + 2][0], 1);
  EXPECT_EQ(m[27 + 0][1], 1);  // souurce: zero work
  // Output memory unreachable: memory 2 is on no bus.
  EXPECT_EQ(m[27 + T + 1][2], 0);
  EXPECT_EQ(m[27 + T + 1][0], 1);
  // A PE slot whose bus reaches no memory cannot host tasks that move data.
  x[18 + 2] = 2;  // slot 2 on bus 2, which has no memory and no link
  m = enc2.action_masks(x);
  EXPECT_EQ(m[27 + 1][2], 0);
}

// Property: setting any masked value makes the design infeasible, whatever the other knobs are.
TEST(SocDesignEncoding, EveryMaskedValueIsInfeasible) {
  DSEGYM_NEED_DATA("archgym-reference/farsi-workloads");
  const workload& w = farsi("audio_decoder");
  const design_encoding enc(w);
  const auto nvec = enc.nvec();
  const auto start = enc.start();
  dsegym::rng g(7);
  std::size_t checked = 0;
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<std::int64_t> x(enc.size());
    for (std::size_t i = 0; i < x.size(); ++i)
      x[i] = start[i] + static_cast<std::int64_t>(dsegym::uniform_below(g, static_cast<std::uint64_t>(nvec[i])));
    // Bias towards feasible topologies: every bus linked to bus 0, memories on distinct buses.
    for (std::size_t b = 0; b < 3; ++b) {
      x[21 + b] = 0;
      x[24 + b] = static_cast<std::int64_t>(b);
    }
    const auto masks = enc.action_masks(x);
    for (std::size_t i = 0; i < x.size(); ++i)
      for (std::size_t j = 0; j < masks[i].size(); ++j) {
        if (masks[i][j] != 0) continue;
        auto y = x;
        y[i] = start[i] + static_cast<std::int64_t>(j);
        EXPECT_FALSE(check_design(w, enc.decode(y)).ok) << enc.knobs()[i].name << " = " << y[i];
        ++checked;
      }
  }
  EXPECT_GT(checked, 0u);
}

TEST(SocDesignEncoding, ArchgymLimitedLayout) {
  DSEGYM_NEED_DATA("archgym-reference/farsi-workloads");
  const workload& w = farsi("hpvm_cava");
  const design_encoding enc(w, encoding_options{.mode = encoding_mode::archgym_limited});
  EXPECT_EQ(enc.knobs()[0].name, "pe_allocation[0]");
  EXPECT_EQ(enc.knobs()[3].name, "mem_allocation[0]");
  EXPECT_EQ(enc.knobs()[3].high, 3);
  EXPECT_EQ(enc.knobs()[6].name, "bus_allocation[0]");
  auto x = enc.reference_knobs();
  x[3] = 3;  // memory 0: LMEM_3, 32 B
  x[6] = 2;  // bus 0: 16 B
  const design d = enc.decode(x);
  EXPECT_EQ(d.memories[0].width_bytes, 32u);
  EXPECT_EQ(d.memories[0].kind, memory_kind::sram);
  EXPECT_EQ(d.buses[0].width_bytes, 16u);
  const auto r = simulate(w, d);
  EXPECT_TRUE(r.ok) << r.reason;
}

TEST(SocWorkloadGenerator, SeededAndValid) {
  const auto a = generate_arvr_workload({}, 42);
  const auto b = generate_arvr_workload({}, 42);
  const auto c = generate_arvr_workload({}, 43);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_NO_THROW(validate(a));
  EXPECT_EQ(a.tasks.size(), 12u + 3u);
  EXPECT_EQ(a.tasks.front().name, "souurce");
  EXPECT_EQ(a.tasks[a.last_task].name, "dummy_last");
  EXPECT_EQ(a.tasks.back().name, "siink");
  const auto adj = build_adjacency(a);
  for (std::size_t t = 1; t + 1 < a.tasks.size(); ++t) {
    EXPECT_FALSE(adj.in_edges[t].empty()) << a.tasks[t].name;
    EXPECT_FALSE(adj.out_edges[t].empty()) << a.tasks[t].name;
  }
  const auto r = simulate(a, reference_design(a));
  EXPECT_TRUE(r.ok) << r.reason;
  EXPECT_GT(r.latency_s, 0.0);
}

TEST(SocWorkloadGenerator, OptionsShapeTheGraph) {
  generator_options o;
  o.compute_tasks = 40;
  o.max_width = 1;  // a chain
  o.skip_probability = 0.0;
  o.ip_probability = 1.0;
  const auto w = generate_arvr_workload(o, 1);
  EXPECT_EQ(w.tasks.size(), 43u);
  EXPECT_EQ(w.edges.size(), 42u);  // souurce -> 40 stages -> dummy_last -> siink
  for (std::size_t t = 1; t <= 40; ++t) EXPECT_TRUE(w.tasks[t].ip_cycles.has_value());
  const design_encoding enc(w);
  EXPECT_EQ(enc.size(), 27u + 3 * 43);
  o.compute_tasks = 0;
  EXPECT_THROW((void)generate_arvr_workload(o, 1), dsegym::invalid_argument);
  o = {};
  o.skip_probability = 1.5;
  EXPECT_THROW((void)generate_arvr_workload(o, 1), dsegym::invalid_argument);
  o = {};
  o.min_edge_bytes = 0;
  EXPECT_THROW((void)generate_arvr_workload(o, 1), dsegym::invalid_argument);
}

}  // namespace
}  // namespace soc_test

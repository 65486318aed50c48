#include <gtest/gtest.h>

#include <cmath>

#include "dsegym/core/error.hpp"
#include "test_support.hpp"
#include "dsegym_test_data.hpp"

namespace soc_test {
namespace {

constexpr double rel = 1e-12;
const block_library lib;  // defaults: A53 1 GHz, IPC 2; IP/memory/bus 100 MHz; 1 hop cycle

// One bus crossing: hop latency + bytes at the narrowest of bus and memory.
double xfer(double bytes, double bytes_per_s, double hops = 1.0, double bus_hz = 1e8) {
  return hops / bus_hz + bytes / bytes_per_s;
}

// souurce -> a -> b -> siink, last task b.
workload chain() {
  return make_workload({zero_task("souurce"), gpp_task("a", 1e6), gpp_task("b", 2e6), zero_task("siink")},
                       {{0, 1, 4000}, {1, 2, 8000}, {2, 3, 400}}, 2);
}

TEST(SocSimulator, ChainLatencyIsSumOfTasksAndTransfers) {
  const workload w = chain();
  const auto r = simulate(w, reference_design(w));
  ASSERT_TRUE(r.ok) << r.reason;
  const double bw = 4 * 1e8;  // 4-B SRAM and 4-B bus at 100 MHz
  // a: read 4000 B, compute 1 ms, write 8000 B; b: read 8000 B, compute 2 ms, write 400 B.
  // The source's data is already in memory; the sink reads nothing.
  const double expected = xfer(4000, bw) + 1e-3 + xfer(8000, bw) + xfer(8000, bw) + 2e-3 + xfer(400, bw);
  EXPECT_NEAR(r.latency_s, expected, expected * rel);
  EXPECT_NEAR(r.makespan_s, expected, expected * rel);
  ASSERT_EQ(r.tasks.size(), 4u);
  EXPECT_NEAR(r.tasks[1].compute_start_s, xfer(4000, bw), 1e-15);
  EXPECT_NEAR(r.tasks[2].start_s, xfer(4000, bw) + 1e-3 + xfer(8000, bw), 1e-15);
  EXPECT_EQ(r.bytes_moved, 4000u + 8000u + 8000u + 400u);
  // The A53 holds every task from its READ to its WRITE: busy the whole run.
  EXPECT_NEAR(r.pe_usage[0].utilisation, 1.0, 1e-12);
}

TEST(SocSimulator, ChainEnergyAreaAndPowerByHand) {
  const workload w = chain();
  const auto r = simulate(w, reference_design(w));
  ASSERT_TRUE(r.ok);
  // A53: 3e6 cycles x 2 instructions at 4.7019607843e10 instructions/J.
  const double pe_j = 3e6 * 2 / 4.7019607843e10;
  // SRAM capacity: 12,400 B mapped -> 256,000 B; 1.25 pJ x sqrt(256000/8192) x 0.064 per byte.
  const double sram_j_per_byte = 1.25e-12 * std::sqrt(256000.0 / 8192.0) * 0.064;
  const double mem_j = 20400 * sram_j_per_byte;
  EXPECT_EQ(r.memory_capacity_bytes, (std::vector<std::uint64_t>{256000}));
  EXPECT_NEAR(r.pe_energy_j, pe_j, pe_j * rel);
  EXPECT_NEAR(r.memory_energy_j, mem_j, mem_j * 1e-9);
  EXPECT_EQ(r.bus_energy_j, 0.0);
  EXPECT_NEAR(r.energy_j, pe_j + mem_j, (pe_j + mem_j) * 1e-9);
  // Area: 0.65 mm² A53 + SRAM 256,000 B = 1.953125 Mbit x 0.7 mm²/Mbit x 0.07.
  const double area = 0.65e-6 + 256000.0 * 8 / 1048576.0 * 0.7e-6 * 0.07;
  EXPECT_NEAR(r.area_m2, area, area * rel);
  EXPECT_EQ(r.dram_area_m2, 0.0);
  // A 3 ms run is shorter than one 10 ms window: peak power = average power.
  EXPECT_NEAR(r.power_w, r.energy_j / r.makespan_s, r.power_w * 1e-9);
  EXPECT_NEAR(r.average_power_w, r.energy_j / r.latency_s, r.power_w * 1e-12);
  EXPECT_EQ(r.observation()[0], r.latency_s);
  EXPECT_EQ(r.observation()[1], r.power_w);
  EXPECT_EQ(r.observation()[2], r.area_m2);
}

// souurce -> a, b -> c -> siink with a (1 ms) and b (2 ms) on two A53s sharing bus and memory.
workload fork_join() {
  return make_workload({zero_task("souurce"), gpp_task("a", 1e6), gpp_task("b", 2e6), gpp_task("c", 5e5),
                        zero_task("siink")},
                       {{0, 1, 4000}, {0, 2, 4000}, {1, 3, 400}, {2, 3, 400}, {3, 4, 400}}, 3);
}

TEST(SocSimulator, ParallelBranchesOverlapAndShareBandwidth) {
  const workload w = fork_join();
  design d = reference_design(w);
  d.pes.push_back(pe_block{.name = "A53_1", .kind = pe_kind::gpp, .bus = 0});
  d.task_pe[2] = 1;
  const auto r = simulate(w, d);
  ASSERT_TRUE(r.ok) << r.reason;
  const double bw = 4e8;
  // a and b read 4,000 B each at the same time: half the bandwidth each. a writes alone while b
  // computes, b writes alone; c reads both 400-B edges sharing the bus, computes, writes.
  const double reads = xfer(8000, bw);
  const double expected = reads + 2e-3 + xfer(400, bw) + xfer(800, bw) + 0.5e-3 + xfer(400, bw);
  EXPECT_NEAR(r.latency_s, expected, expected * rel);
  EXPECT_NEAR(r.tasks[1].compute_start_s, reads, 1e-15);
  EXPECT_NEAR(r.tasks[2].compute_start_s, reads, 1e-15);
  EXPECT_NEAR(r.tasks[1].finish_s, reads + 1e-3 + xfer(400, bw), 1e-15);

  // The same graph on one A53: a runs before b (same ready time, lower index), then c.
  const auto serial = simulate(w, reference_design(w));
  const double one = xfer(4000, bw) + 1e-3 + xfer(400, bw);
  const double two = xfer(4000, bw) + 2e-3 + xfer(400, bw);
  const double expected_serial = one + two + xfer(800, bw) + 0.5e-3 + xfer(400, bw);
  EXPECT_NEAR(serial.latency_s, expected_serial, expected_serial * rel);
  EXPECT_GT(serial.latency_s, r.latency_s + 0.9e-3);
  EXPECT_NEAR(serial.tasks[2].start_s, one, 1e-15);
}

TEST(SocSimulator, GppRunsTasksInReadyOrder) {
  // x (long) and y both depend on the source; z depends on x only but has a lower index than y.
  // On one A53: x, then y (ready at 0), then z (ready when x ends) although z's index is lower.
  const workload w = make_workload({zero_task("souurce"), gpp_task("z", 1e6), gpp_task("x", 3e6), gpp_task("y", 1e6)},
                                   {{0, 2, 4}, {0, 3, 4}, {2, 1, 4}}, 1);
  const auto r = simulate(w, reference_design(w));
  ASSERT_TRUE(r.ok);
  EXPECT_LT(r.tasks[2].start_s, r.tasks[3].start_s);
  EXPECT_LT(r.tasks[3].start_s, r.tasks[1].start_s);
  EXPECT_NEAR(r.tasks[1].start_s, r.tasks[3].finish_s, 1e-15);
}

TEST(SocSimulator, RouteAcrossBusesUsesNarrowestBlockAndHopLatency) {
  const workload w = chain();
  design d = reference_design(w);
  // PE on bus 0 (16 B), bus 1 (8 B), memory on bus 2 (64 B, 32-B SRAM at clock x4).
  d.buses = {bus_block{.name = "b0", .width_bytes = 16}, bus_block{.name = "b1", .width_bytes = 8},
             bus_block{.name = "b2", .width_bytes = 64}};
  d.bus_links = {{0, 1}, {2, 1}};
  d.memory_links = {{2, 0}};
  d.memories[0].width_bytes = 32;
  d.memories[0].clock_multiplier = 4;
  const auto r = simulate(w, d);
  ASSERT_TRUE(r.ok) << r.reason;
  const double bw = 8 * 1e8;  // bus 1 is the bottleneck
  const double hop = 3 / 1e8;
  const double expected = (hop + 4000 / bw) + 1e-3 + (hop + 8000 / bw) * 2 + 2e-3 + (hop + 400 / bw);
  EXPECT_NEAR(r.latency_s, expected, expected * rel);
  EXPECT_NEAR(r.bus_usage[1].busy_s, (4000 + 16000 + 400) / bw, 1e-15);
}

TEST(SocSimulator, TransfersOnSeparateRoutesDoNotContend) {
  // a and b (1 ms each) on two A53s: a on bus 0 writes to memory 0, b on bus 1 writes to memory 1.
  const workload w = make_workload({zero_task("souurce"), gpp_task("a", 1e6), gpp_task("b", 1e6),
                                    gpp_task("c", 5e5), zero_task("siink")},
                                   {{0, 1, 4000}, {0, 2, 4000}, {1, 3, 400}, {2, 3, 400}, {3, 4, 400}}, 3);
  design d = reference_design(w);
  d.pes.push_back(pe_block{.name = "A53_1", .kind = pe_kind::gpp, .bus = 1});
  d.buses.push_back(bus_block{.name = "b1", .width_bytes = 4});
  d.memories.push_back(memory_block{.name = "m1", .width_bytes = 4});
  d.memory_links.emplace_back(1, 1);
  d.bus_links.emplace_back(0, 1);
  d.task_pe[2] = 1;
  d.task_memory[2] = 1;
  const auto r = simulate(w, d);
  ASSERT_TRUE(r.ok) << r.reason;
  // Both read the input from memory 0 (b over 2 hops): 8,000 B through bus 0 from 10 ns on.
  EXPECT_NEAR(r.tasks[2].compute_start_s, 1 / 1e8 + 8000 / 4e8, 1e-14);
  // Their writes overlap on disjoint routes: each at the full 0.4 GB/s.
  EXPECT_LT(r.tasks[2].compute_end_s, r.tasks[1].finish_s);
  EXPECT_NEAR(r.tasks[1].finish_s - r.tasks[1].compute_end_s, xfer(400, 4e8), 1e-14);
  EXPECT_NEAR(r.tasks[2].finish_s - r.tasks[2].compute_end_s, xfer(400, 4e8), 1e-14);
}

TEST(SocSimulator, IpTimingEnergyAndAreaFollowSpecA3) {
  // One IP task: 1e6 single-lane cycles, 500 energy units, 2,000 µm², 64 iterations.
  const workload w = make_workload({zero_task("souurce"), ip_task("k", 5e7, 1e6, 500, 2000, 64)},
                                   {{0, 1, 4}}, 1);
  design d = reference_design(w);
  d.pes.push_back(pe_block{.name = "IP_k", .kind = pe_kind::ip, .ip_task = 1, .clock_multiplier = 4,
                           .unroll = 16, .bus = 0});
  d.task_pe[1] = 1;
  const auto r = simulate(w, d);
  ASSERT_TRUE(r.ok) << r.reason;
  const double compute = 1e6 / (1e8 * 4 * 16);
  EXPECT_NEAR(r.tasks[1].compute_end_s - r.tasks[1].compute_start_s, compute, 1e-18);
  EXPECT_NEAR(r.pe_energy_j, 16 * 0.064 * 500 * 1e-15, 1e-25);
  EXPECT_NEAR(r.pe_area_m2, 0.65e-6 + 16 * 0.0374 * 2000 * 1e-12, 1e-18);
}

TEST(SocSimulator, DramEnergyCountsRowsAndAreaIsReportedApart) {
  const workload w = chain();
  design d = reference_design(w);
  d.memories[0].kind = memory_kind::dram;
  const auto r = simulate(w, d);
  ASSERT_TRUE(r.ok);
  // Per transfer: bytes x 70 pJ + ceil(bytes / 8 KiB) x 8.1 nJ, all x 0.064.
  const double j = (20400 * 70e-12 + (1 + 1 + 1 + 1) * 8.1e-9) * 0.064;
  EXPECT_NEAR(r.memory_energy_j, j, j * 1e-9);
  EXPECT_EQ(r.sram_area_m2, 0.0);
  EXPECT_GT(r.dram_area_m2, 0.0);
  EXPECT_NEAR(r.area_m2, 0.65e-6, 1e-18);
}

TEST(SocSimulator, PeakPowerOverTenMillisecondWindows) {
  // a: 30 ms on the A53 (42.5 mW); b: 15 ms on an IP with tiny energy.
  const workload w = make_workload({zero_task("souurce"), gpp_task("a", 3e7), ip_task("b", 1e9, 1.5e6, 1, 1, 1)},
                                   {{0, 1, 4000}, {1, 2, 4000}}, 2);
  design d = reference_design(w);
  d.pes.push_back(pe_block{.name = "IP_b", .kind = pe_kind::ip, .ip_task = 2, .bus = 0});
  d.task_pe[2] = 1;
  const auto r = simulate(w, d);
  ASSERT_TRUE(r.ok);
  const double bw = 4e8;
  const double sram = 1.25e-12 * std::sqrt(256000.0 / 8192.0) * 0.064;
  // Window 1 closes at the first phase boundary after 10 ms: the end of a's compute.
  const double t1 = xfer(4000, bw) + 0.03;
  const double e1 = 4000 * sram + 3e7 * 2 / 4.7019607843e10;
  // Window 2: a's write, b's read and compute (15 ms), closing at the end of b's compute; b's
  // (absent) write adds nothing. Its power is far lower.
  const double t2 = xfer(4000, bw) * 2 + 0.015;
  const double e2 = 8000 * sram + 0.064 * 1e-15;
  EXPECT_NEAR(r.latency_s, t1 + t2, 1e-12);
  EXPECT_NEAR(r.power_w, e1 / t1, e1 / t1 * 1e-9);
  EXPECT_LT(e2 / t2, r.power_w);
  EXPECT_NEAR(r.average_power_w, (e1 + e2) / (t1 + t2), 1e-9);
  EXPECT_GT(r.power_w, r.average_power_w * 1.4);
}

TEST(SocSimulator, OverlappedDmaRunsPhasesTogether) {
  const workload w = chain();
  simulation_options o;
  o.dma = dma_mode::overlapped;
  const auto r = simulate(w, reference_design(w), lib, o);
  ASSERT_TRUE(r.ok);
  // a: max(read 4000 + write 8000 sharing the bus, 1 ms compute); b: max(8000 + 400 shared, 2 ms).
  const double expected = 1e-3 + 2e-3;
  EXPECT_NEAR(r.latency_s, expected, expected * rel);
  EXPECT_LT(r.latency_s, simulate(w, reference_design(w)).latency_s);
}

TEST(SocSimulator, DeterministicAndRepeatable) {
  DSEGYM_NEED_DATA("archgym-reference/farsi-workloads");
  const workload& w = farsi("audio_decoder");
  const auto a = simulate(w, reference_design(w));
  const auto b = simulate(w, reference_design(w));
  EXPECT_EQ(a.latency_s, b.latency_s);
  EXPECT_EQ(a.energy_j, b.energy_j);
  EXPECT_EQ(a.power_w, b.power_w);
  for (std::size_t t = 0; t < w.tasks.size(); ++t) EXPECT_EQ(a.tasks[t].finish_s, b.tasks[t].finish_s);
}

TEST(SocSimulator, FarsiReferenceDesignsRun) {
  DSEGYM_NEED_DATA("archgym-reference/farsi-workloads");
  for (const auto* name : {"audio_decoder", "edge_detection", "hpvm_cava"}) {
    const workload& w = farsi(name);
    const auto r = simulate(w, reference_design(w));
    ASSERT_TRUE(r.ok) << name << ": " << r.reason;
    const auto s = compute_stats(w);
    // One A53: at least the serial compute time, plus data movement over a 0.4 GB/s bus.
    EXPECT_GE(r.latency_s, s.serial_gpp_s) << name;
    EXPECT_GE(r.makespan_s, r.latency_s) << name;
    EXPECT_GT(r.energy_j, 0.0);
    EXPECT_LE(r.average_power_w, r.power_w * (1 + 1e-9)) << name;
  }
}

TEST(SocSimulator, InfeasibleDesignIsReportedNotThrown) {
  const workload w = chain();
  design d = reference_design(w);
  d.task_pe[1] = 7;
  simulation_result r;
  ASSERT_NO_THROW(r = simulate(w, d));
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.reason.find("PE 7"), std::string::npos) << r.reason;
  // A malformed workload or block library is a caller error.
  workload bad = w;
  bad.last_task = 9;
  EXPECT_THROW((void)simulate(bad, reference_design(w)), dsegym::invalid_argument);
  block_library broken;
  broken.gpp_ipc = -1;
  EXPECT_THROW((void)simulate(w, reference_design(w), broken), dsegym::invalid_argument);
}

}  // namespace
}  // namespace soc_test

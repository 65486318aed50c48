#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"

namespace soc_test {
namespace {

// souurce -> k (GPP and IP versions) -> s (software only) -> siink
workload mixed() {
  return make_workload({zero_task("souurce"), ip_task("k", 1e6, 1e5, 10, 100, 32), gpp_task("s", 1e6),
                        zero_task("siink")},
                       {{0, 1, 100}, {1, 2, 100}, {2, 3, 100}}, 2);
}

design with_ip_for(const workload& w, std::size_t t) {
  design d = reference_design(w);
  d.pes.push_back(pe_block{.name = "IP_" + w.tasks[t].name, .kind = pe_kind::ip, .ip_task = t, .bus = 0});
  return d;
}

void expect_infeasible(const workload& w, const design& d, const std::string& needle) {
  const auto f = check_design(w, d);
  EXPECT_FALSE(f.ok);
  EXPECT_NE(f.reason.find(needle), std::string::npos) << f.reason;
  const auto r = simulate(w, d);  // never throws for an infeasible design
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.reason, f.reason);
}

TEST(SocFeasibility, ReferenceAndIpDesignsAreFeasible) {
  const workload w = mixed();
  EXPECT_TRUE(check_design(w, reference_design(w)).ok);
  design d = with_ip_for(w, 1);
  d.task_pe[1] = 1;
  EXPECT_TRUE(check_design(w, d)) << check_design(w, d).reason;
}

TEST(SocFeasibility, TaskOnAnotherTasksAccelerator) {
  const workload w = mixed();
  design d = with_ip_for(w, 1);
  d.task_pe[2] = 1;  // s on k's IP
  expect_infeasible(w, d, "task 's' is mapped to 'IP_k', an accelerator for task 'k'");
}

TEST(SocFeasibility, AcceleratorForTaskWithoutIpVersion) {
  const workload w = mixed();
  design d = with_ip_for(w, 2);
  d.task_pe[2] = 1;
  expect_infeasible(w, d, "has no accelerator version");
  // Zero-work tasks may sit on an IP slot.
  design z = with_ip_for(w, 3);
  z.task_pe[3] = 1;
  EXPECT_TRUE(check_design(w, z).ok) << check_design(w, z).reason;
}

TEST(SocFeasibility, GppForTaskWithoutSoftwareVersion) {
  workload w = mixed();
  w.tasks[1].gpp_cycles.reset();
  expect_infeasible(w, reference_design(w), "no software version");
}

TEST(SocFeasibility, UnrollOutsideIterations) {
  const workload w = mixed();
  design d = with_ip_for(w, 1);
  d.task_pe[1] = 1;
  d.pes[1].unroll = 33;
  expect_infeasible(w, d, "allows 1..32");
  d.pes[1].unroll = 0;
  expect_infeasible(w, d, "unroll 0");
}

TEST(SocFeasibility, BadBlockParameters) {
  const workload w = mixed();
  design d = reference_design(w);
  d.buses[0].width_bytes = 0;
  expect_infeasible(w, d, "width 0");
  d = reference_design(w);
  d.memories[0].clock_multiplier = std::nan("");
  expect_infeasible(w, d, "clock multiplier");
  d = with_ip_for(w, 1);
  d.task_pe[1] = 1;
  d.pes[1].clock_multiplier = -4;
  expect_infeasible(w, d, "clock multiplier");
  d = reference_design(w);
  d.pes[0].bus = 3;
  expect_infeasible(w, d, "bus 3");
  d = reference_design(w);
  d.task_memory.pop_back();
  expect_infeasible(w, d, "task_memory has 3 entries for 4 tasks");
  d = reference_design(w);
  d.bus_links.emplace_back(0, 5);
  expect_infeasible(w, d, "bus link 0 - 5");
  d = reference_design(w);
  d.memories.clear();
  expect_infeasible(w, d, "no memory");
}

TEST(SocFeasibility, OverflowingNumbersAreReportedNotSimulated) {
  const workload w = mixed();
  design d = with_ip_for(w, 1);
  d.task_pe[1] = 1;
  d.pes[1].clock_multiplier = 1e-320;  // denormal: compute time overflows to inf
  auto r = simulate(w, d);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.reason.find("not finite"), std::string::npos) << r.reason;
  d = reference_design(w);
  d.buses[0].clock_multiplier = 1e308;  // bandwidth overflows to inf
  r = simulate(w, d);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.reason.find("bandwidth of 'LMEM_ic_0_0'"), std::string::npos) << r.reason;
}

TEST(SocFeasibility, MemoryOnTwoBuses) {
  const workload w = mixed();
  design d = reference_design(w);
  d.buses.push_back(bus_block{.name = "LMEM_ic_1"});
  d.memory_links.emplace_back(1, 0);
  expect_infeasible(w, d, "on two buses");
}

TEST(SocFeasibility, UnreachableMemories) {
  const workload w = mixed();
  design d = reference_design(w);
  d.buses.push_back(bus_block{.name = "LMEM_ic_1"});
  d.memories.push_back(memory_block{.name = "LMEM_1"});
  d.memory_links.emplace_back(1, 1);
  d.task_memory[1] = 1;  // k writes to memory 1 on bus 1, not linked to bus 0
  expect_infeasible(w, d, "task 'k' on 'A53_0' cannot reach its output memory 'LMEM_1'");
  d.bus_links.emplace_back(1, 0);
  EXPECT_TRUE(check_design(w, d).ok) << check_design(w, d).reason;
  // Consumer s on a PE whose bus reaches only memory 1 cannot read k's output in memory 0.
  design e = reference_design(w);
  e.buses.push_back(bus_block{.name = "LMEM_ic_1"});
  e.memories.push_back(memory_block{.name = "LMEM_1"});
  e.memory_links.emplace_back(1, 1);
  e.pes.push_back(pe_block{.name = "A53_1", .bus = 1});
  e.task_pe[2] = 1;
  e.task_memory[2] = 1;
  expect_infeasible(w, e, "cannot reach memory 'LMEM_0_0' holding the output of 'k'");
  // A self link is no link.
  e.bus_links.emplace_back(1, 1);
  EXPECT_FALSE(check_design(w, e).ok);
}

}  // namespace
}  // namespace soc_test

#include "dsegym/sim/soc/feasibility.hpp"

#include <cmath>
#include <string>

#include "topology.hpp"

namespace dsegym::sim::soc {

namespace {

feasibility fail(std::string reason) { return {false, std::move(reason)}; }

std::string num(double v) {
  std::string s = std::to_string(v);
  return s;
}

}  // namespace

feasibility check_design(const workload& w, const design& d) {
  const std::size_t n = w.tasks.size();
  if (d.task_pe.size() != n)
    return fail("task_pe has " + std::to_string(d.task_pe.size()) + " entries for " +
                std::to_string(n) + " tasks");
  if (d.task_memory.size() != n)
    return fail("task_memory has " + std::to_string(d.task_memory.size()) + " entries for " +
                std::to_string(n) + " tasks");
  if (d.pes.empty()) return fail("the design has no processing element");
  if (d.memories.empty()) return fail("the design has no memory");
  if (d.buses.empty()) return fail("the design has no bus");

  for (const auto& b : d.buses) {
    if (b.width_bytes == 0) return fail("bus '" + b.name + "' has width 0");
    if (!std::isfinite(b.clock_multiplier) || !(b.clock_multiplier > 0.0))
      return fail("bus '" + b.name + "' has clock multiplier " + num(b.clock_multiplier) +
                  " (must be finite and > 0)");
  }
  for (const auto& m : d.memories) {
    if (m.width_bytes == 0) return fail("memory '" + m.name + "' has width 0");
    if (!std::isfinite(m.clock_multiplier) || !(m.clock_multiplier > 0.0))
      return fail("memory '" + m.name + "' has clock multiplier " + num(m.clock_multiplier) +
                  " (must be finite and > 0)");
  }
  for (const auto& p : d.pes) {
    if (p.bus >= d.buses.size())
      return fail("PE '" + p.name + "' sits on bus " + std::to_string(p.bus) + ", the design has " +
                  std::to_string(d.buses.size()) + " buses");
    if (p.kind != pe_kind::ip) continue;
    if (p.ip_task >= n) return fail("IP '" + p.name + "' implements no task of the workload");
    const task& t = w.tasks[p.ip_task];
    if (!t.ip_cycles && !t.zero_work())
      return fail("IP '" + p.name + "': task '" + t.name + "' has no accelerator version (no IP data)");
    if (!std::isfinite(p.clock_multiplier) || !(p.clock_multiplier > 0.0))
      return fail("IP '" + p.name + "' has clock multiplier " + num(p.clock_multiplier) +
                  " (must be finite and > 0)");
    if (p.unroll == 0 || p.unroll > t.iterations)
      return fail("IP '" + p.name + "' has unroll " + std::to_string(p.unroll) + ", task '" + t.name +
                  "' allows 1.." + std::to_string(t.iterations));
  }
  for (const auto& [a, b] : d.bus_links)
    if (a >= d.buses.size() || b >= d.buses.size())
      return fail("bus link " + std::to_string(a) + " - " + std::to_string(b) + " names a bus outside 0.." +
                  std::to_string(d.buses.size() - 1));
  std::vector<std::size_t> mem_bus(d.memories.size(), detail::npos);
  for (const auto& [bus, mem] : d.memory_links) {
    if (bus >= d.buses.size() || mem >= d.memories.size())
      return fail("memory link (bus " + std::to_string(bus) + ", memory " + std::to_string(mem) +
                  ") names a block outside the design");
    if (mem_bus[mem] != detail::npos && mem_bus[mem] != bus)
      return fail("memory '" + d.memories[mem].name + "' is on two buses ('" +
                  d.buses[mem_bus[mem]].name + "' and '" + d.buses[bus].name + "')");
    mem_bus[mem] = bus;
  }

  for (std::size_t t = 0; t < n; ++t) {
    const task& tk = w.tasks[t];
    if (d.task_pe[t] >= d.pes.size())
      return fail("task '" + tk.name + "' is mapped to PE " + std::to_string(d.task_pe[t]) +
                  ", the design has " + std::to_string(d.pes.size()));
    if (d.task_memory[t] >= d.memories.size())
      return fail("task '" + tk.name + "' writes to memory " + std::to_string(d.task_memory[t]) +
                  ", the design has " + std::to_string(d.memories.size()));
    const pe_block& pe = d.pes[d.task_pe[t]];
    if (pe.kind == pe_kind::ip && pe.ip_task != t)
      return fail("task '" + tk.name + "' is mapped to '" + pe.name + "', an accelerator for task '" +
                  w.tasks[pe.ip_task].name + "'");
    if (pe.kind == pe_kind::gpp && !tk.gpp_cycles && !tk.zero_work())
      return fail("task '" + tk.name + "' has no software version but is mapped to GPP '" + pe.name + "'");
  }

  const detail::topology topo(d);
  const auto adj = build_adjacency(w);
  for (std::size_t t = 0; t < n; ++t) {
    const pe_block& pe = d.pes[d.task_pe[t]];
    const std::size_t own = d.task_memory[t];
    if (!adj.out_edges[t].empty() && !topo.reaches(pe.bus, own))
      return fail("task '" + w.tasks[t].name + "' on '" + pe.name + "' cannot reach its output memory '" +
                  d.memories[own].name + "'");
    for (std::size_t ei : adj.in_edges[t]) {
      const std::size_t p = w.edges[ei].producer;
      const std::size_t m = d.task_memory[p];
      if (!topo.reaches(pe.bus, m))
        return fail("task '" + w.tasks[t].name + "' on '" + pe.name + "' cannot reach memory '" +
                    d.memories[m].name + "' holding the output of '" + w.tasks[p].name + "'");
    }
  }
  return {};
}

}  // namespace dsegym::sim::soc

#include "dsegym/sim/soc/design.hpp"

namespace dsegym::sim::soc {

design reference_design(const workload& w) {
  design d;
  d.pes.push_back(pe_block{.name = "A53_0", .kind = pe_kind::gpp, .bus = 0});
  d.memories.push_back(memory_block{.name = "LMEM_0_0", .kind = memory_kind::sram, .width_bytes = 4});
  d.buses.push_back(bus_block{.name = "LMEM_ic_0_0", .width_bytes = 4});
  d.memory_links.emplace_back(0, 0);
  d.task_pe.assign(w.tasks.size(), 0);
  d.task_memory.assign(w.tasks.size(), 0);
  return d;
}

}  // namespace dsegym::sim::soc

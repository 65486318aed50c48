#pragma once
/// @file
/// Feasibility of a design for a workload (spec §A.4 validity rules). Infeasible designs are an
/// ordinary outcome of design-space exploration, so they are reported, never thrown.

#include <string>

#include "dsegym/sim/soc/design.hpp"
#include "dsegym/sim/soc/workload.hpp"

namespace dsegym::sim::soc {

struct feasibility {
  bool ok = true;
  std::string reason;  ///< empty when ok; otherwise the first violated rule, naming the blocks
  explicit operator bool() const noexcept { return ok; }
};

/// Checks, in this order: sizes of the mapping vectors; block parameters (positive finite clock
/// multipliers, non-zero widths, 1 <= unroll <= iterations of the IP's task); indices of buses,
/// memories and PEs; each memory on at most one bus; each IP implements a task of the workload
/// and hosts only that task; tasks with work run only where they have a version (GPP cycles for a
/// GPP, IP cycles for an IP); every task's PE reaches, over the bus graph, its own output memory
/// (unless it writes nothing) and each parent's output memory.
/// The workload itself must be valid (validate()); that is not re-checked here.
[[nodiscard]] feasibility check_design(const workload& w, const design& d);

}  // namespace dsegym::sim::soc

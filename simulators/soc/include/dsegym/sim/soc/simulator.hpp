#pragma once
/// @file
/// Phase-driven, event-based simulation of a workload on a design (spec §A.5).
///
/// Each task holds its PE through READ (one transfer per parent edge, from the parent's output
/// memory), COMPUTE and WRITE (one transfer per child edge, into its own output memory). A task
/// becomes ready when all its parents have finished; each PE runs one task at a time,
/// non-preemptively, in ready order (ties: task order). Data sources (no parents, no work) start
/// with their outputs already in memory and write nothing; data sinks (no children, no work) read
/// nothing. A transfer's route is PE -> its bus -> shortest bus path -> the memory's bus ->
/// memory; it first waits hop_latency_cycles bus cycles per bus crossed, then moves its bytes at
/// min over the route of (block bandwidth / transfers moving through that block), recomputed at
/// every event. Block bandwidth = width x reference clock x clock multiplier.
///
/// The result is deterministic: no randomness, fixed tie-breaking, one thread.

#include "dsegym/sim/soc/block_library.hpp"
#include "dsegym/sim/soc/design.hpp"
#include "dsegym/sim/soc/simulation_result.hpp"
#include "dsegym/sim/soc/workload.hpp"

namespace dsegym::sim::soc {

enum class dma_mode : std::uint8_t {
  serialized,  ///< READ, then COMPUTE, then WRITE (the reference's default)
  overlapped,  ///< the three phases start together; the task ends when all are done
};

struct simulation_options {
  dma_mode dma = dma_mode::serialized;
  bool record_tasks = true;  ///< fill simulation_result::tasks
};

/// Simulates `w` on `d`. An infeasible design gives ok == false with check_design()'s reason.
/// @throws dsegym::invalid_argument for an invalid workload or block library (caller errors).
[[nodiscard]] simulation_result simulate(const workload& w, const design& d,
                                         const block_library& lib = {},
                                         const simulation_options& options = {});

}  // namespace dsegym::sim::soc

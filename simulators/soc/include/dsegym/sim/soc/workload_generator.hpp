#pragma once
/// @file
/// Seeded generator of AR/VR-like task graphs, so the SoC model works without external data.
///
/// Shape of the FARSI workloads: a source (`souurce`) feeding a pipeline of stages whose tasks run
/// in parallel branches (fork/join like audio_decoder, chains like hpvm_cava), with occasional
/// skip edges to later stages, a join task `dummy_last` (the last task) and a sink `siink`.
/// Work, accelerator speed-ups, bytes and iteration counts are drawn log-uniformly. Only
/// dsegym::rng is used: the same (options, seed) gives the same workload everywhere.

#include <cstddef>
#include <cstdint>

#include "dsegym/sim/soc/workload.hpp"

namespace dsegym::sim::soc {

struct generator_options {
  std::size_t compute_tasks = 12;  ///< tasks with work (besides souurce, dummy_last, siink), >= 1
  std::size_t max_width = 4;       ///< most parallel tasks in one stage, >= 1
  double skip_probability = 0.2;   ///< chance of one extra edge from a stage before the previous
  double ip_probability = 0.9;     ///< chance that a task has an accelerator version
  double min_gpp_cycles = 1e4;     ///< A53 cycles per execution, log-uniform in [min, max]
  double max_gpp_cycles = 2e7;
  double min_ip_speedup = 0.3;     ///< GPP time / single-lane IP time, log-uniform in [min, max]
  double max_ip_speedup = 30.0;
  double min_edge_bytes = 1024.0;  ///< bytes per edge, log-uniform
  double max_edge_bytes = 1048576.0;
  std::uint64_t max_iterations = 65536;  ///< parallel trip counts, log-uniform in [2, max] (30 % are 1)
};

/// @throws dsegym::invalid_argument (tag "soc") for zero tasks or width, probabilities outside
///         [0, 1], or ranges that are not finite with 0 < min <= max.
[[nodiscard]] workload generate_arvr_workload(const generator_options& options, std::uint64_t seed);

}  // namespace dsegym::sim::soc

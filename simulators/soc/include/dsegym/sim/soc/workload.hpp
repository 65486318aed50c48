#pragma once
/// @file
/// A workload as a task graph (FARSI style, spec soc-accelerator.md §A.1): tasks with per-PE-type
/// work and loop trip counts, producer -> consumer edges carrying bytes per workload execution, and
/// the task whose completion ends the workload.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dsegym::sim::soc {

/// One task (kernel) of a workload.
struct task {
  std::string name;
  /// Cycles of one execution on the general-purpose core at its reference clock (A53, 1 GHz);
  /// nullopt when the task has no software version.
  std::optional<double> gpp_cycles = std::nullopt;
  /// Cycles of one execution on a single-lane dedicated IP at the IP reference clock (100 MHz);
  /// nullopt when no accelerator exists for the task.
  std::optional<double> ip_cycles = std::nullopt;
  /// Energy of one execution on a single-lane IP, in the workload's unit (FARSI: `IP0` column,
  /// converted by block_library::ip_energy_unit_j).
  double ip_energy = 0.0;
  /// Area of a single-lane IP, in µm² (FARSI `IP0` column of Task_PE_Area).
  double ip_area_um2 = 0.0;
  /// Trip count of the task's parallel loop = the largest useful IP unroll (lanes).
  std::uint64_t iterations = 1;

  /// True when the task does no work on any PE (FARSI's souurce, siink, dummy_last): it may be
  /// mapped anywhere and takes no compute time.
  [[nodiscard]] bool zero_work() const noexcept {
    return gpp_cycles.value_or(0.0) == 0.0 && ip_cycles.value_or(0.0) == 0.0;
  }
  friend bool operator==(const task&, const task&) = default;
};

/// Data sent from `producer` to `consumer` (task indices) per workload execution.
struct edge {
  std::size_t producer = 0;
  std::size_t consumer = 0;
  std::uint64_t bytes = 0;
  friend bool operator==(const edge&, const edge&) = default;
};

/// A task graph. Task order matters: it breaks scheduling ties ("CSV order").
struct workload {
  std::string name;
  std::vector<task> tasks;
  std::vector<edge> edges;
  std::size_t last_task = 0;  ///< the workload's latency ends when this task finishes
  friend bool operator==(const workload&, const workload&) = default;
};

/// Edge indices into and out of every task, in edge order.
struct task_adjacency {
  std::vector<std::vector<std::size_t>> in_edges;
  std::vector<std::vector<std::size_t>> out_edges;
};

/// @throws dsegym::invalid_argument (tag "soc") for no tasks, empty or duplicate names, NaN,
///         negative or infinite cycles/energy/area, zero iterations, edge indices out of range,
///         self edges, duplicate edges, zero-byte edges, a cycle, or last_task out of range.
void validate(const workload& w);

[[nodiscard]] task_adjacency build_adjacency(const workload& w);

/// Tasks in a dependency-respecting order (Kahn's algorithm, lowest index first among ready
/// tasks). @throws dsegym::invalid_argument naming a task on a cycle.
[[nodiscard]] std::vector<std::size_t> topological_order(const workload& w);

/// Index of the task called `name`. @throws dsegym::not_found listing nothing but the name.
[[nodiscard]] std::size_t find_task(const workload& w, std::string_view name);

/// A data source (no parents, no work): its outputs are the workload's input data, already in its
/// output memory before the run. A data sink (no children, no work) consumes the workload's output
/// and moves nothing itself.
[[nodiscard]] bool is_data_source(const workload& w, const task_adjacency& adj, std::size_t t);
[[nodiscard]] bool is_data_sink(const workload& w, const task_adjacency& adj, std::size_t t);

/// Compute-only figures of the spec's §A.1 table (no data movement).
struct workload_stats {
  std::size_t tasks = 0;
  std::size_t edges = 0;
  std::uint64_t bytes = 0;             ///< sum over edges
  double serial_gpp_s = 0.0;           ///< every task one after the other on the GPP
  double gpp_critical_path_s = 0.0;    ///< longest path with GPP times
  double best_critical_path_s = 0.0;   ///< longest path with min(GPP, single-lane IP) per task
};

/// Stats at the given reference clocks (defaults: A53 1 GHz, IP 100 MHz). Tasks without a GPP
/// version count their IP time in the GPP figures.
[[nodiscard]] workload_stats compute_stats(const workload& w, double gpp_hz = 1e9,
                                           double ip_hz = 1e8);

}  // namespace dsegym::sim::soc

#pragma once
/// @file
/// One-shot design encoding (spec §A.4): a vector of integer knobs (allocation, topology and
/// mapping) decoded into a design, with the ranges an environment needs for a MultiDiscrete space
/// and per-knob action masks.
///
/// Canonical layout (`encoding_mode::canonical`), with P / M / B = pe / memory / bus slots (3 by
/// default), T = tasks, W = widths {4, 8, 16, 32, 64, 128} B, F = clock multipliers {1, 4, 6, 8};
/// every range is inclusive:
///
/// | segment          | length | range        | meaning                                                   |
/// |------------------|--------|--------------|-----------------------------------------------------------|
/// | pe_kind          | P      | 0..1         | 0 = A53 core, 1 = IP slot (one dedicated IP per task mapped there) |
/// | pe_clock         | P      | 0..|F|-1     | IP clock multiplier F[v] (ignored for an A53: fixed 1 GHz) |
/// | mem_kind         | M      | 0..2|W|-1    | v < |W|: SRAM of width W[v]; else DRAM of width W[v-|W|]   |
/// | mem_clock        | M      | 0..|F|-1     | memory clock multiplier F[v]                              |
/// | bus_clock        | B      | 0..|F|-1     | bus clock multiplier F[v]                                 |
/// | bus_width        | B      | 0..|W|-1     | bus width W[v]                                            |
/// | pe_to_bus        | P      | 0..B-1       | the bus a PE slot sits on                                 |
/// | bus_to_bus       | B      | -1..B-1      | a link from bus i to bus v; -1 or v == i: none            |
/// | bus_to_mem       | B      | -1..M-1      | the memory on bus i; -1: none (a memory on two buses is infeasible) |
/// | task_to_pe       | T      | 0..P-1       | PE slot of each task                                      |
/// | task_to_mem      | T      | 0..M-1       | memory holding each task's outputs                        |
/// | task_unroll      | T      | 0..n_t-1     | index into unroll_choices(task.iterations) (ignored on an A53) |
///
/// Length 9·3 + 3T with the default slots. Every slot always exists; an IP slot without tasks
/// and a memory without data cost nothing. Block names: `A53_<slot>`, `IP<slot>_<task>`,
/// `LMEM_<slot>` (SRAM) / `GMEM_<slot>` (DRAM), `LMEM_ic_<slot>`.
///
/// `encoding_mode::archgym_limited` keeps the reference layout (length 18 + 2T): pe_allocation[P]
/// 0..1, mem_allocation[M] 0..3, bus_allocation[B] 0..3, pe_to_bus[P], bus_to_bus[B],
/// bus_to_mem[B], task_to_pe[T], task_to_mem[T]. The reference's kind indices pick "the first
/// entries of the block database"; read here as SRAM LMEM_0..3 and buses LMEM_ic_0..3 (widths 4,
/// 8, 16, 32 B), clock multiplier 1 and unroll 1 (an interpretation: upstream does not say).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dsegym/sim/soc/design.hpp"
#include "dsegym/sim/soc/workload.hpp"

namespace dsegym::sim::soc {

enum class encoding_mode : std::uint8_t { canonical, archgym_limited };

struct encoding_options {
  encoding_mode mode = encoding_mode::canonical;
  std::size_t pe_slots = 3;
  std::size_t memory_slots = 3;
  std::size_t bus_slots = 3;
  std::vector<std::uint32_t> widths_bytes{4, 8, 16, 32, 64, 128};
  std::vector<double> clock_multipliers{1.0, 4.0, 6.0, 8.0};
};

/// One integer knob with its inclusive range.
struct knob {
  std::string name;  ///< e.g. "pe_kind[0]", "task_to_pe[scale_fxp_cloned]"
  std::int64_t low = 0;
  std::int64_t high = 0;
};

/// Unroll factors offered for a task: 1, 2, 4, ... below `iterations` (at most 16 doublings),
/// then `iterations` itself. E.g. 151 -> 1..128, 151 (9 values); 1 -> {1}.
[[nodiscard]] std::vector<std::uint64_t> unroll_choices(std::uint64_t iterations);

class design_encoding {
 public:
  /// @throws dsegym::invalid_argument for an invalid workload, zero slots, or empty/invalid
  ///         widths or clock multipliers (archgym_limited needs at least 4 widths).
  explicit design_encoding(const workload& w, encoding_options options = {});

  [[nodiscard]] std::size_t size() const noexcept { return knobs_.size(); }
  [[nodiscard]] const std::vector<knob>& knobs() const noexcept { return knobs_; }
  /// MultiDiscrete form: knob i takes start()[i] + 0..nvec()[i]-1.
  [[nodiscard]] std::vector<std::int64_t> nvec() const;
  [[nodiscard]] std::vector<std::int64_t> start() const;
  [[nodiscard]] const encoding_options& options() const noexcept { return options_; }

  /// The design a knob vector describes (it may be infeasible: see check_design / simulate).
  /// @throws dsegym::invalid_argument if the length is wrong or a knob is outside its range,
  ///         naming the knob, its value and its range.
  [[nodiscard]] design decode(std::span<const std::int64_t> knobs) const;

  /// Per-knob masks (mask[i][j] != 0 allows value start[i] + j), conditional on the knobs before
  /// i in the layout, as a sequential agent fills them in. Masked: a memory already on an earlier
  /// bus; a task on a PE kind it has no version for, or (if it moves data) on a PE whose bus
  /// reaches no memory; an output memory that the task's PE or a consumer's PE cannot reach.
  /// Values of later knobs are ignored. The masks are necessary, not sufficient: every masked
  /// value makes the design infeasible, but an unmasked vector may still be infeasible (an
  /// all-zero row means no completion of the prefix is feasible).
  /// @throws dsegym::invalid_argument like decode().
  [[nodiscard]] std::vector<std::vector<std::int8_t>> action_masks(
      std::span<const std::int64_t> knobs) const;

  /// A feasible starting point: slot 0 an A53 running every task, the other PE slots empty IP
  /// slots, every output in SRAM slot 0 on bus 0 (narrowest widths, multiplier 1).
  [[nodiscard]] std::vector<std::int64_t> reference_knobs() const;

  /// Unroll factors of task t (the values task_unroll indexes).
  [[nodiscard]] const std::vector<std::uint64_t>& task_unrolls(std::size_t t) const {
    return unrolls_.at(t);
  }

 private:
  void add(std::string name, std::int64_t low, std::int64_t high);
  void check(std::span<const std::int64_t> knobs) const;

  workload w_;
  encoding_options options_;
  std::vector<knob> knobs_;
  std::vector<std::vector<std::uint64_t>> unrolls_;
  // Segment offsets (canonical and archgym_limited share the topology/mapping segments).
  std::size_t pe_kind_ = 0, pe_clock_ = 0, mem_kind_ = 0, mem_clock_ = 0, bus_clock_ = 0,
              bus_width_ = 0, pe_to_bus_ = 0, bus_to_bus_ = 0, bus_to_mem_ = 0, task_to_pe_ = 0,
              task_to_mem_ = 0, task_unroll_ = 0;
};

}  // namespace dsegym::sim::soc

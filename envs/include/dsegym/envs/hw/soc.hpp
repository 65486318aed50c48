#pragma once
// hw/SoC-v1: FARSI-style SoC design-space exploration (ArchGym's FARSIGym; spec:
// ../shared/specs/soc-accelerator.md Part A) on the project's own event-based SoC simulator
// (dsegym::sim::soc). No external data is needed: the default workload is a generated AR/VR-like
// task graph; the FARSI workloads audio_decoder, hpvm_cava and edge_detection are read from
// <data root>/archgym-reference/farsi-workloads on request.
//
// Action: one-shot allocation + topology + mapping, MultiDiscrete from sim::soc::design_encoding
// (kwarg `encoding`):
//   canonical (default): pe_kind[3] (0 A53, 1 IP slot), pe_clock[3], mem_kind[3] (0..5 SRAM of
//     width 4..128 B, 6..11 DRAM), mem_clock[3], bus_clock[3] (x{1,4,6,8}), bus_width[3]
//     (4..128 B), pe_to_bus[3] (0..2), bus_to_bus[3] (-1..2, -1 or self = none), bus_to_mem[3]
//     (-1..2), task_to_pe[T] (0..2), task_to_mem[T] (0..2), task_unroll[T] (index into the
//     task's unroll list): length 27 + 3T.
//   archgym_limited: the reference layout, length 18 + 2T.
// Knob names (e.g. "task_to_pe[stage1_task0]") are in the reset info (info.extra.knob_names) and
// design_encoding::knobs().
//
// Action masks: info.extra.action_mask is a list (one per knob) of 0/1 lists (one per value,
// value = start + j) from design_encoding::action_masks. A knob's mask is conditional on the
// knobs before it in the layout: in the reset info it is computed for the prefix of the
// reference design (info.extra.reference_action, a feasible design); in a step info for the
// submitted action itself, and info.extra.masked_knobs lists the knobs whose chosen value its mask
// excludes (each of them certainly makes the design infeasible). The masks are necessary, not
// sufficient. soc_env::action_masks(prefix) gives them for any prefix (sequential agents).
//
// Infeasible designs (check_design: unreachable memories, a memory on two buses, a task on an IP
// slot without an IP version, ...) are an ordinary outcome: info.extra.valid = false with
// info.extra.reason, observation all zeros, no metrics, reward = invalid_reward (spec: -10).
// Never an exception: only actions outside the space throw invalid_action.
// Uniformly sampled actions are rarely feasible (~1 % on the generated workload), so kwarg
// `infeasible` = repair offers a projection: knob by knob in layout order, a value its mask
// excludes is replaced by the nearest allowed value (ties: the lower), masks recomputed after each
// change; the repaired design is simulated (info.extra.repaired_action, info.extra.repaired) and
// may still be infeasible (masks are necessary, not sufficient). Default: penalty (the spec).
//
// Observation (Box float64 [3], SI units, zeros after reset and for infeasible designs):
//   [latency_s, power_W, area_m2]   (the reference order; power = peak over >= 10 ms windows)
// Rewards (kwarg `reward`, maximised; budgets B from kwarg `budget`, see soc_reference budgets):
//   budget (default, spec A.6): -sum_m max(0, (x_m - B_m)/B_m); once every budget is met,
//       lambda * sum_m ln(B_m / x_m) (lambda = kwarg, 0.01) so progress continues.
//   weighted_sum (Pareto alternative): -sum_m w_m x_m / B_m / sum_m w_m (weights kwargs; the
//       budget only normalises; a design exactly at the budgets scores -1).
//   archgym (reference FARSIGym distance): -sum_m d_m, d_m = |x_m - B_m|/B_m, or 1e-9 when
//       (x_m - B_m)/B_m < 0.001 (met).
// over m in {latency_s, power_W, area_m2}. info.cost = 1 simulation per step (cost unit
// "simulations": every step runs the feasibility check and, when feasible, one simulation).

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dsegym/core/environment.hpp"
#include "dsegym/sim/soc/budget.hpp"
#include "dsegym/sim/soc/design_encoding.hpp"
#include "dsegym/sim/soc/simulator.hpp"
#include "dsegym/sim/soc/workload.hpp"
#include "dsegym/spaces/box.hpp"
#include "dsegym/spaces/multi_discrete.hpp"

namespace dsegym {
class registry;
}

namespace dsegym::envs::hw {

/// Constructor options = the kwargs of hw/SoC-v1 (see their descriptions in `dsegym describe`).
struct soc_env_options {
  std::string workload = "generated";  ///< generated, audio_decoder, hpvm_cava, edge_detection
  std::int64_t workload_seed = 0;      ///< generated only
  std::int64_t workload_tasks = 12;    ///< generated only: tasks with work, 1..64
  std::string budget = "standard";     ///< standard, individually, for_pa, audio_decoder
  std::string reward = "budget";       ///< budget, weighted_sum, archgym
  double lambda = 0.01;                ///< budget reward: bonus weight once every budget is met
  double weight_latency = 1.0;         ///< weighted_sum weights
  double weight_power = 1.0;
  double weight_area = 1.0;
  double invalid_reward = -10.0;       ///< reward of an infeasible design
  std::string encoding = "canonical";  ///< canonical or archgym_limited
  std::string dma = "serialized";      ///< serialized or overlapped
  std::string infeasible = "penalty";  ///< penalty (spec) or repair (project onto the masks)
  std::string data_dir;                ///< data root ("" = DSEGYM_DATA_DIR), FARSI workloads only
};

/// The reward of a simulation result under `o` against budget `b` (formulas in the file comment);
/// infeasible results (ok == false) score o.invalid_reward.
[[nodiscard]] double soc_reward(const soc_env_options& o, const sim::soc::simulation_result& r,
                                const sim::soc::budget& b);

class soc_env {
 public:
  using observation_type = xt::xarray<double>;
  using action_type = std::vector<std::int64_t>;

  /// @throws invalid_argument for bad options (naming the kwarg and the valid choices),
  ///         data_error when a FARSI workload is requested and its files are missing/malformed.
  explicit soc_env(const soc_env_options& options = {});

  [[nodiscard]] const box& observation_space() const noexcept { return obs_space_; }
  [[nodiscard]] const multi_discrete& action_space() const noexcept { return act_space_; }
  [[nodiscard]] const env_spec& spec() const noexcept { return spec_; }
  /// Zeros; the seed has no effect (the workload is fixed by the kwargs).
  reset_result<observation_type> reset(std::optional<std::uint64_t> seed = std::nullopt);
  /// Decodes and simulates one design. @throws invalid_action when `knobs` is not in the space.
  step_result<observation_type> step(const action_type& knobs);

  [[nodiscard]] const sim::soc::workload& workload() const noexcept { return *workload_; }
  [[nodiscard]] const sim::soc::design_encoding& encoding() const noexcept { return *encoding_; }
  [[nodiscard]] const sim::soc::budget& budget() const noexcept { return budget_; }
  [[nodiscard]] const soc_env_options& options() const noexcept { return o_; }
  /// Per-knob masks for a full-length vector (only each knob's prefix matters).
  [[nodiscard]] std::vector<std::vector<std::int8_t>> action_masks(std::span<const std::int64_t> knobs) const;
  /// The `repair` projection of `knobs` (see the file comment); unchanged when nothing is masked.
  [[nodiscard]] std::vector<std::int64_t> repair(std::span<const std::int64_t> knobs) const;

 private:
  soc_env_options o_;
  std::shared_ptr<const sim::soc::workload> workload_;
  std::shared_ptr<const sim::soc::design_encoding> encoding_;
  sim::soc::budget budget_;
  sim::soc::simulation_options sim_options_;
  box obs_space_;
  multi_discrete act_space_;
  env_spec spec_;
};

static_assert(environment<soc_env>);

/// Registers hw/SoC-v1.
void register_soc_envs(registry& r);

}  // namespace dsegym::envs::hw

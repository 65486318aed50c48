#pragma once
// hw/Accelerator-v0: DNN-accelerator design-space exploration in the style of ArchGym's
// TimeloopGym / MaestroGym (spec: ../shared/specs/soc-accelerator.md Part B) on the project's
// analytical spatial-accelerator model (dsegym::sim::accel). No data needed: the default workload
// is a built-in network; the reference gyms' layer tables are read from
// <data root>/archgym-reference/dnn-layers on request.
//
// Action = 10 hardware knobs, one index each (MultiDiscrete [8,8,7,6,6,7,5,5,5,4], 56,448,000
// designs); the Eyeriss-like TimeloopGym baseline is [3,4,4,2,2,3,2,2,2,2]:
//   0 pe_rows               2, 4, 8, 12, 14, 16, 24, 32
//   1 pe_cols               2, 4, 8, 12, 14, 16, 24, 32
//   2 rf_weight_words       16, 32, 64, 128, 192, 256, 512   (per PE)
//   3 rf_input_words        4, 8, 12, 16, 32, 64
//   4 rf_output_words       4, 8, 16, 24, 32, 64
//   5 glb_kib               16, 32, 64, 128, 256, 512, 1024
//   6 glb_banks             8, 16, 32, 64, 128
//   7 glb_bandwidth_words   4, 8, 16, 32, 64                 (words/cycle per port, <= banks)
//   8 dram_bandwidth_bytes  4, 8, 16, 32, 64                 (bytes/cycle)
//   9 dataflow              weight_stationary, output_stationary, row_stationary, no_local_reuse
// Clock (kwarg clock_hz, 200 MHz), 16-bit words and the energy table are fixed per env. Each
// layer gets its best mapping from the inner mapper (kwarg `mapper`: fast = exhaustive keeping
// one register-file tile per spatial choice, ~1 ms per network; exhaustive; random = 300 seeded
// samples), optimising latency then energy (TimeloopGym); results are cached per (layer shape,
// config), so revisited designs cost nothing.
//
// Observation (Box float64 [4], SI units except area, zeros after reset and for designs with no
// valid mapping): [latency_s, energy_J, area_mm2, edp_Js], summed over the network's layers.
// Rewards (kwarg `reward`, maximised) over the metrics of kwarg `objective` (joint = latency,
// energy and area; or one of latency, energy, area, edp), with targets t = kwargs target_* or,
// when 0, the baseline (eyeriss_like on the same workload) improved as in TimeloopGym:
// latency x 0.8, energy x 0.7, area x 0.85 (edp x 0.56):
//   budget (default, the spec's preferred A.6 form): -sum max(0, (x - t)/t); once every target is
//       met + lambda sum ln(t/x) (lambda = 0.01).
//   timeloop (TimeloopGym, negated to maximise): -(1e-3 + sum max((x - t)/t, 0)).
//   maestro (MaestroGym reciprocal rewards, normalised so the baseline scores 1):
//       product over the objective's metrics of x_base / x (latency: 1/runtime, edp: 1/EDP, ...).
//   weighted_sum (Pareto alternative): -sum w_m x_m / x_base,m / sum w_m over latency, energy,
//       area (the baseline scores -1).
// No valid mapping for some layer: info.extra.valid = false with the reason, no metrics, reward
// invalid_reward (default: -1500 = TimeloopGym's sentinel for budget/timeloop/weighted_sum, -1
// for maestro as MaestroGym). info.cost = 1 evaluation per step (cost unit "evaluations").

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dsegym/core/environment.hpp"
#include "dsegym/sim/accel/accel_config.hpp"
#include "dsegym/sim/accel/evaluator.hpp"
#include "dsegym/sim/accel/network.hpp"
#include "dsegym/spaces/box.hpp"
#include "dsegym/spaces/multi_discrete.hpp"

namespace dsegym {
class registry;
}

namespace dsegym::envs::hw {

/// Choices of each knob, in action order.
inline constexpr std::array<std::int64_t, 10> accel_knob_sizes = {8, 8, 7, 6, 6, 7, 5, 5, 5, 4};
/// snake_case knob names in action order.
[[nodiscard]] std::span<const std::string_view> accel_knob_names() noexcept;
/// The Eyeriss-like TimeloopGym baseline as knob indices.
inline constexpr std::array<std::int64_t, 10> accel_baseline_knobs = {3, 4, 4, 2, 2, 3, 2, 2, 2, 2};

/// Constructor options = the kwargs of hw/Accelerator-v0.
struct accel_env_options {
  /// Built-in alexnet, resnet18, mobilenet_v2; or a table under <data root>/archgym-reference/
  /// dnn-layers: maestro_alexnet, maestro_resnet18, maestro_resnet50, maestro_mobilenet_v2,
  /// maestro_vgg16, maestro_BERT_m, timeloop_alexnet_conv, maestro_resnet18_layer2 (MaestroGym's
  /// default single layer).
  std::string workload = "alexnet";
  std::string shapes = "maestro_compat";  ///< MAESTRO tables: maestro_compat or true_shapes
  std::string reward = "budget";          ///< budget, timeloop, maestro, weighted_sum
  std::string objective = "joint";        ///< joint, latency, energy, area, edp
  double lambda = 0.01;
  double target_latency_s = 0.0;  ///< 0: baseline x 0.8
  double target_energy_J = 0.0;   ///< 0: baseline x 0.7
  double target_area_mm2 = 0.0;   ///< 0: baseline x 0.85
  double weight_latency = 1.0;    ///< weighted_sum weights
  double weight_energy = 1.0;
  double weight_area = 1.0;
  std::optional<double> invalid_reward;  ///< nullopt: -1500 (maestro: -1)
  std::string mapper = "fast";           ///< fast, exhaustive, random
  std::string energy = "default";        ///< default (DRAM 440 pJ/word) or ddr4 (530 pJ/word)
  double clock_hz = 200e6;
  std::string data_dir;
};

/// The accelerator configuration of a 10-index action on top of `base` (clock, energy table).
/// @throws invalid_action naming the bad knob.
[[nodiscard]] sim::accel::accel_config accel_design(std::span<const std::int64_t> knobs,
                                                    const sim::accel::accel_config& base = {});
/// The design as {knob name: value}.
[[nodiscard]] value accel_design_value(std::span<const std::int64_t> knobs);

/// The quantities the rewards use.
struct accel_outcome {
  double latency_s = 0.0;
  double energy_J = 0.0;
  double area_mm2 = 0.0;
  [[nodiscard]] double edp() const noexcept { return latency_s * energy_J; }
};

/// Resolved targets (kwargs or baseline-derived).
struct accel_targets {
  double latency_s = 0.0, energy_J = 0.0, area_mm2 = 0.0, edp_Js = 0.0;
};

/// Reward of a valid outcome `x` (formulas in the file comment).
[[nodiscard]] double accel_reward(const accel_env_options& o, const accel_outcome& x,
                                  const accel_outcome& base, const accel_targets& t);

class accelerator_env {
 public:
  using observation_type = xt::xarray<double>;
  using action_type = std::vector<std::int64_t>;

  /// @throws invalid_argument for bad options, data_error for a missing/malformed layer table.
  explicit accelerator_env(const accel_env_options& options = {});

  [[nodiscard]] const box& observation_space() const noexcept { return obs_space_; }
  [[nodiscard]] const multi_discrete& action_space() const noexcept { return act_space_; }
  [[nodiscard]] const env_spec& spec() const noexcept { return spec_; }
  /// Zeros; the seed has no effect.
  reset_result<observation_type> reset(std::optional<std::uint64_t> seed = std::nullopt);
  /// Costs the network on the design. @throws invalid_action when `knobs` is not in the space.
  step_result<observation_type> step(const action_type& knobs);

  [[nodiscard]] const sim::accel::network& network() const noexcept { return *network_; }
  [[nodiscard]] const accel_outcome& baseline() const noexcept { return baseline_; }
  [[nodiscard]] const accel_targets& targets() const noexcept { return targets_; }
  [[nodiscard]] const accel_env_options& options() const noexcept { return o_; }
  [[nodiscard]] double invalid_reward() const noexcept;

 private:
  accel_env_options o_;
  std::shared_ptr<const sim::accel::network> network_;
  std::shared_ptr<sim::accel::evaluator> evaluator_;
  sim::accel::accel_config base_config_;
  accel_outcome baseline_;
  accel_targets targets_;
  box obs_space_;
  multi_discrete act_space_;
  env_spec spec_;
};

static_assert(environment<accelerator_env>);

/// Registers hw/Accelerator-v0.
void register_accel_envs(registry& r);

}  // namespace dsegym::envs::hw

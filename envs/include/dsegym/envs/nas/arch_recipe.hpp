#pragma once
// nas/ArchRecipe-v1: joint search of a small network and its training recipe (FBNetV3-style,
// arch-recipe.md §5), trained for real by the built-in trainer (dsegym::sim::nn) on Fashion-MNIST.
//
// One-shot episodes: the action is a Dict of Discrete choices (the keys and values below, in this
// order); one step trains the design and terminates.
//   architecture  family {mlp, cnn}, resolution {28, 14 (2x2 average pooling)},
//                 mlp_depth {1..4}, mlp_width_1..4 {32, 64, 128, 256, 512} (per hidden layer),
//                 cnn_stages {1, 2, 3}, cnn_blocks {1, 2, 3} (per stage), cnn_base_width
//                 {8, 16, 24, 32} (doubled per stage), cnn_kernel_1..3 {3, 5} (per stage),
//                 activation {relu, gelu, hswish, tanh}, norm {none, batch, layer},
//                 dropout {0, 0.1, 0.2, 0.3, 0.5}, skip {off, on}
//   recipe        optimizer {sgd, sgd_nesterov, adam, adamw, rmsprop}, learning_rate {1e-4 .. 1 in
//                 half decades: 9 values}, schedule {constant, step, cosine, warmup_cosine, linear},
//                 weight_decay {0, 1e-5, 1e-4, 5e-4, 1e-3}, batch_size {32, 64, 128, 256},
//                 label_smoothing {0, 0.05, 0.1, 0.2}, mixup {0, 0.1, 0.2, 0.4},
//                 ema {off, 0.99, 0.999}, augment {none, flip, crop_flip, crop_flip_erase}
//   fidelity      epochs {1, 2, 5, 10, 20} and data_fraction {0.05, 0.1, 0.25, 0.5, 1} — present
//                 only when the kwarg of the same name is 0 (the agent chooses); otherwise fixed.
// Keys of the other family (mlp_* for a cnn, cnn_* for an mlp) and the widths/kernels beyond the
// chosen depth/stages are ignored: they do not change the design, its cache key or its results.
//
// Data (kwarg split): full = search-train 50,000 / valid 10,000 (stratified, fixed split seed) /
// test 10,000 t10k images; ci = 1,000 / 500 / 1,000. The search trains on the data_fraction
// (stratified, nested) prefix of search-train for `epochs` complete epochs (the schedule spans the
// run) and sees the validation accuracy after every epoch. report() retrains the last step's design
// for report_epochs (0 = its own epochs) on the whole train file (search-train + valid) and returns
// its test accuracy: never visible to the search, not charged; empty when that design was not
// trained (rejected by a constraint, or evaluate=statistics).
//
// Reward: validation accuracy in [0, 1]. Constraints (kwargs max_mflops, max_params_M and, with a
// hardware model, max_latency_s / max_gpu_latency_s): a design over a limit is rejected without
// training, reward -e / (1 + e) in (-1, 0) with e = sum over the exceeded limits of
// (x / limit - 1), valid_acc 0, cost one epoch overhead. With evaluate=statistics nothing is
// trained: reward 0, cost 0, the metrics are the free statistics only (use an evaluation budget,
// not a cost budget).
// Metrics: valid_acc (%), train_loss, flops_M (forward MACs per image / 1e6, the NB201
// convention), params_M, activations_M (Conv/Linear outputs per image / 1e6) and, with `hardware`,
// latency_s / energy_J of a batch-1 inference on the accelerator model and, with `gpu`,
// gpu_latency_s of a gpu_batch inference (sim/nn/device_cost.hpp roofline). Cost: simulated seconds
// (3 x MACs per trained image + MACs per validated image, at train_gflops, plus 0.5 s per epoch),
// so budgets replay exactly; info.extra has the per-epoch validation curve (epoch_valid_acc), the
// measured wall time (measured_s, from the result cache when cached), the design's canonical
// string (design) and feasible.
// Observation: [valid_acc / 100, min(train_loss, 100), flops_M, params_M] of the design just
// evaluated (zeros after reset; a diverged run's NaN loss reads 100).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dsegym/core/environment.hpp"
#include "dsegym/spaces/any_space.hpp"
#include "dsegym/spaces/box.hpp"

namespace dsegym {
class registry;
}

namespace dsegym::envs::nas {

struct arch_recipe_options {
  std::string split = "full";  ///< full or ci
  int epochs = 1;              ///< 1, 2, 5, 10, 20; 0 = an action key
  double data_fraction = 0.1;  ///< 0.05, 0.1, 0.25, 0.5, 1; 0 = an action key
  int report_epochs = 0;       ///< epochs of the reported run (0 = the design's own epochs)
  std::int64_t train_seed = 0;
  std::string cache_dir;   ///< "" = sim::nn::default_cache_dir(), "none" = no cache
  std::string fmnist_dir;  ///< "" = /usr/share/datasets/fashion-mnist
  double train_gflops = 10.0;
  std::string hardware = "none";  ///< accelerator preset (envs/accel_presets.hpp) or none
  double max_mflops = 0.0;        ///< constraints; 0 = none
  double max_params_M = 0.0;
  double max_latency_s = 0.0;  ///< needs hardware
  std::string gpu = "none";     ///< GPU of the analytic inference latency (sim::nn::gpu_devices) or none
  int gpu_batch = 1;            ///< batch of that latency
  double max_gpu_latency_s = 0.0;  ///< constraint; needs gpu
  /// train: every step trains; statistics: steps only compute the free statistics (no training,
  /// reward 0, cost 0) — for pretraining predictors on FLOPs/params as FBNetV3 does.
  std::string evaluate = "train";
};

class arch_recipe_core;

class arch_recipe_env {
 public:
  using observation_type = xt::xarray<double>;
  using action_type = value;

  explicit arch_recipe_env(const arch_recipe_options& options = {});
  ~arch_recipe_env();
  arch_recipe_env(arch_recipe_env&&) noexcept;
  arch_recipe_env& operator=(arch_recipe_env&&) noexcept;

  [[nodiscard]] const box& observation_space() const noexcept { return obs_space_; }
  [[nodiscard]] const dict_space& action_space() const noexcept;
  [[nodiscard]] const env_spec& spec() const noexcept;
  reset_result<observation_type> reset(std::optional<std::uint64_t> seed = std::nullopt);
  step_result<observation_type> step(const action_type& design);
  [[nodiscard]] std::vector<metric> report() const;

 private:
  std::unique_ptr<arch_recipe_core> core_;
  box obs_space_;
};

static_assert(reporting_environment<arch_recipe_env>);

/// Registers nas/ArchRecipe-v1.
void register_arch_recipe_envs(registry& r);

}  // namespace dsegym::envs::nas

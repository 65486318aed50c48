#pragma once
// Optimisers, learning-rate schedules and an exponential moving average of the weights.

#include <memory>
#include <string>
#include <vector>

#include "dsegym/sim/nn/layers.hpp"

namespace dsegym::sim::nn {

enum class optimizer_kind { sgd, sgd_nesterov, adam, adamw, rmsprop };
[[nodiscard]] optimizer_kind parse_optimizer(const std::string& name);
[[nodiscard]] std::string to_string(optimizer_kind k);

struct optimizer_config {
  optimizer_kind kind = optimizer_kind::sgd;
  double momentum = 0.9;       ///< sgd / sgd_nesterov (and rmsprop when > 0 is wanted: rms_momentum)
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;  ///< adam / adamw; eps also for rmsprop
  double rms_alpha = 0.99;     ///< rmsprop smoothing constant
  double rms_momentum = 0.0;
  /// Weight decay: decoupled (p -= lr * wd * p) for adamw, L2 added to the gradient otherwise.
  double weight_decay = 0.0;
};

/// PyTorch-equivalent update rules (torch.optim.SGD/Adam/AdamW/RMSprop).
class optimizer {
 public:
  optimizer(optimizer_config cfg, std::vector<parameter*> params);
  /// One update with learning rate lr using the accumulated gradients (not cleared).
  void step(double lr);
  [[nodiscard]] const optimizer_config& config() const noexcept { return cfg_; }

 private:
  optimizer_config cfg_;
  std::vector<parameter*> params_;
  std::vector<std::vector<float>> m_, v_;
  long t_ = 0;
};

enum class schedule_kind { constant, step, cosine, warmup_cosine, linear };
[[nodiscard]] schedule_kind parse_schedule(const std::string& name);
[[nodiscard]] std::string to_string(schedule_kind k);

/// Learning rate at iteration `it` (0-based) of a run of `total` iterations, per iteration:
/// step = x0.1 at 50 % and 75 %; cosine to 0; warmup_cosine = linear warm-up over
/// `warmup_fraction` of the run, then cosine to 0; linear decay to 0.
[[nodiscard]] double learning_rate(schedule_kind k, double base_lr, long it, long total,
                                   double warmup_fraction = 0.05);

/// Exponential moving average of parameter values: shadow = d * shadow + (1 - d) * value.
class weight_ema {
 public:
  weight_ema(double decay, const std::vector<parameter*>& params);
  void update(const std::vector<parameter*>& params);
  /// Exchanges the live values with the averages (call twice to restore).
  void swap(const std::vector<parameter*>& params);
  [[nodiscard]] double decay() const noexcept { return decay_; }

 private:
  double decay_;
  std::vector<std::vector<float>> shadow_;
};

}  // namespace dsegym::sim::nn

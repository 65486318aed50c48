#pragma once
// nas/NB201-v0: cell search in the NAS-Bench-201 space (15,625 cells, 6 edges x 5 ops) following the
// benchmark's protocol: the search sees a short-fidelity validation accuracy and is charged the
// (simulated) training time; the long-fidelity test accuracy of a design is only available through
// report() (leaderboards query it for the agent's final design).
//
// Two accuracy sources (kwarg `backend`):
// - tabular: the benchmark's tables: 12-epoch validation accuracy (seed mean), 200-epoch test
//   accuracy, the benchmark's training time as cost, latencies. Read from the CSVs of data_dir/nb201
//   (or $DSEGYM_DATA_DIR/nb201 when it exists), else from the table built into the library
//   (sim::nb201::builtin_tables(): the same values; 8 of the 27 latency columns).
// - train: the built-in trainer (sim::nn, nas-bench-201.md §12) trains the cell in the downsized
//   skeleton (C = 8, N = 1, 16 x 16; C = 4 in the `ci` preset) on Fashion-MNIST (Debian package
//   dataset-fashion-mnist): validation accuracy after train_epochs (default 2) on a 10,000 / 5,000
//   stratified split of the train file, test accuracy after report_epochs (default 12) on the t10k
//   images; cost = simulated seconds (training MACs at train_gflops); results cached on disk.
// - auto (default): tabular (never train: training is only used when asked for); the resolved
//   backend and dataset are in spec().kwargs (so describe and episode records state them).
//
// Two episode shapes over the same data:
// - nb201_one_shot: one action = the 6 edge ops (MultiDiscrete [5]*6), one step per episode.
//   Observation: [valid_acc / 100, flops_M, params_M] of the design just evaluated (zeros after
//   reset).
// - nb201_sequential: 6 steps, each choosing the op of the next edge (Discrete 5). Observation:
//   the partial cell (MultiDiscrete [6]*6, 5 = not chosen yet). Reward 0 until the last step.
// Reward = valid_acc / 100 on the evaluating step. info.metrics: valid_acc (%), flops_M, params_M
// and the hardware latencies (ms) of hw_metrics.csv when present (tabular); info.cost = simulated
// seconds. The train backend adds info.extra: epoch_valid_acc (per-epoch curve) and measured_s, the
// wall time of the training run that produced the result (informational: it comes from the result
// cache when the result was cached, so it repeats exactly only with the cache on).
//
// Hardware-aware NAS (kwarg `hardware`, needs the accel simulator): with a named accelerator
// (envs/accel_presets.hpp: eyeriss, eyeriss_ddr4, edge, cloud) the cell network's layers
// (sim::accel::nb201_network: stem, 3 x N cells, 2 residual blocks, classifier; the dataset's image
// size, channels and classes) are costed on it by the accelerator model (cached per layer shape,
// process-wide), adding the metrics latency_s (s) and energy_J (J) of one batch-1 inference.
// Constrained reward: with latency_limit_s and/or energy_limit_J > 0, a cell within every limit
// scores valid_acc / 100 (>= 0); otherwise -sum over the exceeded limits of (x / limit - 1) (< 0,
// graded so the search can move back under the limits); info.extra.within_limits says which case
// applied. With the train backend a cell over a limit is not trained (valid_acc 0, cost 0.5 s,
// info.extra.trained = false): its reward does not depend on its accuracy.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsegym/core/environment.hpp"
#include "dsegym/sim/nb201/arch.hpp"
#include "dsegym/sim/nb201/benchmark_protocol.hpp"
#include "dsegym/spaces/box.hpp"
#include "dsegym/spaces/discrete.hpp"
#include "dsegym/spaces/multi_discrete.hpp"

namespace dsegym {
class registry;
}

namespace dsegym::envs::nas {

struct nb201_options {
  /// auto (tabular: cifar10; train: fashion-mnist), cifar10, cifar100, ImageNet16-120 (tabular)
  /// or fashion-mnist (train).
  std::string dataset = "auto";
  std::string backend = "auto";  ///< auto, tabular or train
  std::string data_dir;          ///< data root ("" = DSEGYM_DATA_DIR)
  /// Latency metrics from hw_metrics.csv: "all", "none" or one column name.
  std::string latency = "all";
  /// Accelerator costing each cell: "none" or a preset of envs/accel_presets.hpp.
  std::string hardware = "none";
  double latency_limit_s = 0.0;  ///< constrained reward: latency limit (0 = none); needs hardware
  double energy_limit_J = 0.0;   ///< constrained reward: energy limit (0 = none); needs hardware
  // train backend
  std::string train_preset = "full";  ///< full (C = 8, 10k / 5k / 10k images) or ci (C = 4, 1k / 500 / 1k)
  int train_epochs = 0;               ///< search fidelity (0 = preset default: full 2, ci 1)
  int report_epochs = 0;              ///< reported fidelity (0 = preset default: full 12, ci 1)
  std::int64_t train_seed = 0;        ///< seed of every training run (init, batches, augmentation)
  std::string cache_dir;              ///< "" = sim::nn::default_cache_dir(), "none" = no cache
  std::string fmnist_dir;             ///< "" = /usr/share/datasets/fashion-mnist
  double train_gflops = 10.0;         ///< nominal throughput of the simulated clock (GFLOP/s)
};

/// The accelerator model behind the `hardware` kwarg (defined where the accel simulator is built).
struct nb201_hardware;
/// The training backend (defined where the nn simulator is built).
class nb201_trainer;

/// Shared by both shapes: evaluates a cell and remembers it for report().
class nb201_evaluator {
 public:
  nb201_evaluator(const nb201_options& options, episode_shape shape);

  /// Metrics and cost of `a`, and the reward (valid_acc / 100).
  [[nodiscard]] std::pair<double, step_info> evaluate(const sim::nb201::arch& a);
  /// Reported-only metrics of the last evaluated cell.
  [[nodiscard]] std::vector<metric> report() const;
  [[nodiscard]] const env_spec& spec() const noexcept { return spec_; }
  /// "tabular" or "train".
  [[nodiscard]] const std::string& backend() const noexcept { return backend_; }

 private:
  void describe_tabular(const nb201_options& o);
  void describe_train(const nb201_options& o);
  [[nodiscard]] step_info tabular_metrics(std::size_t index) const;
  [[nodiscard]] step_info trained_metrics(const sim::nb201::arch& a);
  /// Train backend, a cell over a hardware limit: free statistics only (valid_acc 0, not trained).
  [[nodiscard]] step_info untrained_metrics(const sim::nb201::arch& a) const;

  std::string backend_, dataset_;
  std::shared_ptr<const sim::nb201::benchmark_protocol> protocol_;  ///< tabular
  std::shared_ptr<nb201_trainer> trainer_;                          ///< train
  std::vector<std::size_t> latency_columns_;
  std::shared_ptr<const nb201_hardware> hardware_;
  double latency_limit_s_ = 0.0;
  double energy_limit_J_ = 0.0;
  std::optional<sim::nb201::arch> last_;
  env_spec spec_;
};

class nb201_one_shot {
 public:
  using observation_type = xt::xarray<double>;
  using action_type = std::vector<std::int64_t>;

  explicit nb201_one_shot(const nb201_options& options = {});

  [[nodiscard]] const box& observation_space() const noexcept { return obs_space_; }
  [[nodiscard]] const multi_discrete& action_space() const noexcept { return act_space_; }
  [[nodiscard]] const env_spec& spec() const noexcept { return eval_.spec(); }
  reset_result<observation_type> reset(std::optional<std::uint64_t> seed = std::nullopt);
  step_result<observation_type> step(const action_type& ops);
  [[nodiscard]] std::vector<metric> report() const { return eval_.report(); }
  [[nodiscard]] const nb201_evaluator& evaluator() const noexcept { return eval_; }

 private:
  nb201_evaluator eval_;
  box obs_space_;
  multi_discrete act_space_;
};

class nb201_sequential {
 public:
  using observation_type = std::vector<std::int64_t>;
  using action_type = std::int64_t;
  static constexpr std::int64_t unset = 5;

  explicit nb201_sequential(const nb201_options& options = {});

  [[nodiscard]] const multi_discrete& observation_space() const noexcept { return obs_space_; }
  [[nodiscard]] const discrete& action_space() const noexcept { return act_space_; }
  [[nodiscard]] const env_spec& spec() const noexcept { return eval_.spec(); }
  reset_result<observation_type> reset(std::optional<std::uint64_t> seed = std::nullopt);
  step_result<observation_type> step(action_type op);
  [[nodiscard]] std::vector<metric> report() const { return eval_.report(); }

 private:
  nb201_evaluator eval_;
  multi_discrete obs_space_;
  discrete act_space_;
  std::vector<std::int64_t> partial_;
  std::size_t next_edge_ = 0;
};

static_assert(reporting_environment<nb201_one_shot>);
static_assert(reporting_environment<nb201_sequential>);

/// Registers nas/NB201-v0.
void register_nas_envs(registry& r);

}  // namespace dsegym::envs::nas

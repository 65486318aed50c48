#pragma once
// The trainer: train(network spec, recipe, data, fidelity, seed) -> accuracy, loss, MACs, params,
// measured seconds; and the NAS-Bench-201 cell network on Fashion-MNIST (nas-bench-201.md §12).
//
// Determinism: every random stream (init, batch order, augmentation, dropout, mixup) is derived
// from (seed, purpose) with dsegym::derive_seed; GEMMs run single-threaded in Eigen
// (EIGEN_DONT_PARALLELIZE), all other reductions in a fixed loop order. The same inputs give
// bit-identical results on a given build.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "dsegym/sim/nn/augment.hpp"
#include "dsegym/sim/nn/fashion_mnist.hpp"
#include "dsegym/sim/nn/network.hpp"
#include "dsegym/sim/nn/optim.hpp"

namespace dsegym::sim::nn {

/// Bumped whenever a change alters training results; part of every cache key. 2: own fma-chain
/// GEMM (bit-identical on every x86-64 CPU) instead of Eigen, lane-summed conv bias gradients.
inline constexpr const char* k_trainer_version = "nn-trainer-2";

struct recipe {
  optimizer_kind optimizer = optimizer_kind::sgd_nesterov;
  double learning_rate = 0.1;
  schedule_kind schedule = schedule_kind::cosine;
  double warmup_fraction = 0.05;  ///< for warmup_cosine
  double weight_decay = 5e-4;     ///< decoupled for adamw, L2 otherwise
  int batch_size = 128;
  double label_smoothing = 0.0;
  double mixup_alpha = 0.0;  ///< 0: off
  double ema_decay = 0.0;    ///< 0: off; otherwise evaluate the EMA weights
  augment_config augment{};
};
[[nodiscard]] std::string canonical_string(const recipe& r);
/// The NB201 §12 recipe: SGD Nesterov 0.9, LR 0.1 cosine, wd 5e-4, batch 128, crop (pad 2) + flip.
[[nodiscard]] recipe nb201_recipe();

struct fidelity {
  int epochs = 1;
  double data_fraction = 1.0;  ///< stratified prefix of the training set
};

struct train_result {
  double accuracy = 0.0;    ///< on the evaluation set after the last epoch, in [0, 1]
  double loss = 0.0;        ///< mean cross-entropy on the evaluation set (no smoothing)
  double train_loss = 0.0;  ///< mean training loss of the last epoch
  std::vector<double> epoch_accuracy;  ///< evaluation accuracy after each epoch
  std::uint64_t macs = 0;    ///< forward MACs per image
  std::uint64_t params = 0;
  std::uint64_t images_seen = 0;
  double seconds = 0.0;      ///< measured wall time (informational; not deterministic)
  bool from_cache = false;
};

/// The deterministic clock of training runs (arch-recipe.md §5.4, nas-bench-201.md §12): budgets
/// are charged in simulated time so episodes replay exactly; measured seconds are informational.
struct compute_clock {
  double gflops = 10.0;          ///< nominal training throughput in GFLOP/s (2 FLOPs per MAC)
  double epoch_overhead_s = 0.5;  ///< fixed cost per epoch (data pipeline, evaluation set-up)
};
/// MACs of a run: 3 x forward MACs per trained image (forward + backward) + forward MACs per
/// evaluated image; `eval_size` images are evaluated after every completed epoch.
[[nodiscard]] double training_macs(const train_result& r, int eval_size);
/// 2 x training_macs / (gflops x 1e9) + epochs run x epoch_overhead_s.
[[nodiscard]] double simulated_seconds(const train_result& r, int eval_size,
                                       const compute_clock& clock = {});

/// Trains on the first round(fraction * N) images of `train` (an interleaved stratified list gives
/// a stratified prefix) for `fid.epochs` complete epochs, the schedule spanning the whole run, and
/// evaluates on `eval`. Batches of a single image are skipped (batch norm needs two).
[[nodiscard]] train_result train(const network_spec& spec, const recipe& rec, const dataset& train,
                                 const dataset& eval, const fidelity& fid, std::uint64_t seed,
                                 int num_classes = k_fashion_mnist_classes);

// ---------------------------------------------------------------------------------------------
// NB201 on Fashion-MNIST
// ---------------------------------------------------------------------------------------------

/// Image budgets (train / valid / test): `full` = 10,000 / 5,000 / all 10,000 t10k (NB201 §12);
/// `ci` = 1,000 / 500 / 1,000 (stratified from t10k); `search` = 50,000 / 10,000 / all 10,000
/// (arch-recipe.md §5: the whole train file split into search-train and valid).
enum class fmnist_preset { full, ci, search };
struct split_sizes {
  int train = 0, valid = 0, test = 0;
};
[[nodiscard]] split_sizes preset_sizes(fmnist_preset preset);

/// `valid`: train on the train part, evaluate on valid (search-visible, like `fmnist-valid`);
/// `test`: train on train + valid, evaluate on test (reported only, like `fmnist`).
enum class fmnist_protocol { valid, test };

struct fmnist_task {
  fmnist_preset preset = fmnist_preset::ci;
  fmnist_protocol protocol = fmnist_protocol::valid;
  int side = 16;                 ///< 16 (pad + 2x2 pool), 32, 28 or 14
  std::uint64_t split_seed = 0;  ///< fixed, independent of the run seed
  std::filesystem::path data_dir = k_fashion_mnist_dir;
};
[[nodiscard]] std::string canonical_string(const fmnist_task& t);

struct task_data {
  dataset train, eval;
};
/// Builds the train/evaluation tensors of a task (data_error when Fashion-MNIST is missing).
[[nodiscard]] task_data make_task_data(const fmnist_task& task);
/// make_task_data built once per process and task (thread-safe) and kept for the process's life:
/// the search split at 28 x 28 holds ~190 MB of floats (valid + test protocols at 28 and 14: about
/// 0.5 GB), so environments share it instead of each building their own.
[[nodiscard]] std::shared_ptr<const task_data> shared_task_data(const fmnist_task& task);

class result_cache;

struct nb201_train_options {
  int channels = 8;  ///< C; the CI preset uses 4
  int cells = 1;     ///< N
  int epochs = 2;    ///< short = 2, long = 12, CI = 1
  fmnist_task task{};
};
/// The CI preset: C = 4, 1,000 / 500 / 1,000 images, 1 epoch.
[[nodiscard]] nb201_train_options nb201_ci_options(fmnist_protocol protocol = fmnist_protocol::valid);

/// Trains the NB201 cell network with the §12 recipe; consults/fills `cache` when given.
[[nodiscard]] train_result train_nb201(const nb201_ops& ops, const nb201_train_options& opt,
                                       std::uint64_t seed, result_cache* cache = nullptr);

}  // namespace dsegym::sim::nn

#pragma once
// The training backend of nas/NB201-v0 (nas-bench-201.md §12): the cell from the action in the
// NB201 skeleton scaled down (C = 8, N = 1, 16 x 16 inputs by default), trained by the built-in
// trainer (dsegym::sim::nn) on Fashion-MNIST. Search fidelity: train on the stratified train split,
// accuracy on the disjoint validation split; report fidelity: train on train + valid, accuracy on
// the test images. Results go through the on-disk result cache; the budget is charged in simulated
// seconds (sim::nn::compute_clock) so episodes replay exactly.

#include <cstdint>
#include <memory>
#include <string>

#include "dsegym/sim/nn/cache.hpp"
#include "dsegym/sim/nn/trainer.hpp"

namespace dsegym::envs::nas {

struct nb201_options;

class nb201_trainer {
 public:
  /// Checks the options (preset, epochs, throughput, data presence) -> invalid_argument/data_error.
  explicit nb201_trainer(const nb201_options& o);

  /// Search fidelity: validation accuracy after `search_epochs()` epochs.
  [[nodiscard]] sim::nn::train_result validate(const sim::nn::nb201_ops& ops);
  /// Report fidelity: test accuracy after `report_epochs()` epochs on train + valid.
  [[nodiscard]] sim::nn::train_result test(const sim::nn::nb201_ops& ops);
  /// Deterministic simulated seconds of a search-fidelity run.
  [[nodiscard]] double simulated_seconds(const sim::nn::train_result& r) const;
  /// Cost of a cell rejected before training (one epoch's overhead on the clock).
  [[nodiscard]] double rejection_seconds() const noexcept { return clock_.epoch_overhead_s; }
  [[nodiscard]] sim::nn::network_stats stats(const sim::nn::nb201_ops& ops) const;

  [[nodiscard]] int channels() const noexcept { return search_.channels; }
  [[nodiscard]] int cells() const noexcept { return search_.cells; }
  [[nodiscard]] int side() const noexcept { return search_.task.side; }
  [[nodiscard]] int search_epochs() const noexcept { return search_.epochs; }
  [[nodiscard]] int report_epochs() const noexcept { return report_.epochs; }
  [[nodiscard]] const sim::nn::split_sizes& sizes() const noexcept { return sizes_; }
  /// "" when results are not cached.
  [[nodiscard]] std::string cache_dir() const;

 private:
  sim::nn::nb201_train_options search_, report_;
  sim::nn::split_sizes sizes_;
  sim::nn::compute_clock clock_;
  std::uint64_t seed_ = 0;
  std::unique_ptr<sim::nn::result_cache> cache_;
};

}  // namespace dsegym::envs::nas

#include "dsegym/sim/nb201/benchmark_protocol.hpp"

#include <limits>
#include <string>
#include <utility>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/nb201/cost_model.hpp"

namespace dsegym::sim::nb201 {

namespace {

void check_index(std::size_t index) {
  if (index >= arch_count)
    throw invalid_argument("nb201", "architecture index " + std::to_string(index) +
                                        " out of range; valid indices are 0..15624");
}

// First maximum, so ties resolve to the lowest index (ties are frequent in NB201).
std::size_t argmax(const column& c) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < c.size(); ++i)
    if (c[i] > c[best]) best = i;
  return best;
}

}  // namespace

double training_time_scale(dataset d) noexcept {
  switch (d) {
    case dataset::cifar10_valid:
    case dataset::cifar10:
      return 1.0;
    case dataset::cifar100:
      return 50000.0 / 25000.0;
    case dataset::imagenet16_120:
      return 151700.0 / 25000.0;
  }
  return 1.0;
}

benchmark_protocol::benchmark_protocol(std::shared_ptr<const tables> data, dataset d)
    : data_(std::move(data)) {
  if (!data_) throw invalid_argument("nb201", "benchmark_protocol needs loaded tables, got null");
  switch (d) {
    case dataset::cifar10_valid:
    case dataset::cifar10:
      search_ = dataset::cifar10_valid;
      report_ = dataset::cifar10;
      valid_acc_ = &data_->cifar10_valid.valid_acc_12;
      test_acc_ = &data_->cifar10.test_acc_200;
      break;
    case dataset::cifar100:
      search_ = report_ = dataset::cifar100;
      valid_acc_ = &data_->cifar100.valid_acc_12;
      test_acc_ = &data_->cifar100.test_acc_200;
      break;
    case dataset::imagenet16_120:
      search_ = report_ = dataset::imagenet16_120;
      valid_acc_ = &data_->imagenet16_120.valid_acc_12;
      test_acc_ = &data_->imagenet16_120.test_acc_200;
      break;
    default:
      throw invalid_argument("nb201",
                             "invalid dataset value " + std::to_string(static_cast<int>(d)));
  }
  time_scale_ = training_time_scale(search_);
  best_search_ = argmax(*valid_acc_);
  best_report_ = argmax(*test_acc_);
}

search_result benchmark_protocol::query(std::size_t index) const {
  check_index(index);
  const auto& c10v = data_->cifar10_valid;
  const double seconds = search_epochs * c10v.train_time_per_epoch_s_200[index] +
                         c10v.valid_time_per_epoch_s_200[index];
  return {(*valid_acc_)[index], time_scale_ * seconds};
}

arch_costs benchmark_protocol::costs(std::size_t index) const {
  check_index(index);
  const network_cost c = nb201_cost(arch_at_index(index), search_);
  arch_costs out{c.flops_m(), c.params_m(), std::nullopt};
  if (data_->hw_metrics) {
    std::array<double, latency_column_count> lat{};
    for (std::size_t k = 0; k < latency_column_count; ++k)
      lat[k] = data_->hw_metrics->has(k) ? data_->hw_metrics->latency_ms[k][index]
                                         : std::numeric_limits<double>::quiet_NaN();
    out.latency_ms = lat;
  }
  return out;
}

final_report benchmark_protocol::report(std::size_t index) const {
  check_index(index);
  return {(*test_acc_)[index], costs(index)};
}

}  // namespace dsegym::sim::nb201

#pragma once
/// @file
/// The NAS-Bench-201 benchmark protocol (spec §8) as a queryable, immutable object.
///
/// A search may only see query(): the 12-epoch (hp='12') validation accuracy and a simulated
/// training time to charge to its clock. What is reported after the search comes from report():
/// the 200-epoch test accuracy of the finally chosen architecture, which is never charged.
/// Costs (FLOPs, params, latencies) carry no accuracy information and are available to both via
/// costs(). The object holds no clock or noise state: the environment owns those, so one protocol
/// can be shared by any number of environments and threads.
///
/// @code
///   using namespace dsegym::sim::nb201;
///   benchmark_protocol p(load_tables_shared(dir), parse_dataset("cifar10"));
///   double clock = 0;
///   search_result r = p.query(1);            // valid_acc 82.834 %, time_cost_s 133.93
///   clock += r.time_cost_s;                   // stop once clock > nb201_paper_time_budget_s
///   final_report f = p.report(1);             // test_acc 93.66 % (cifar10, 200 epochs)
/// @endcode

#include <array>
#include <cstddef>
#include <memory>
#include <optional>

#include "dsegym/sim/nb201/arch.hpp"
#include "dsegym/sim/nb201/dataset.hpp"
#include "dsegym/sim/nb201/tables.hpp"

namespace dsegym::sim::nb201 {

/// Search budget of the NB201 paper's CIFAR-10 protocol (simulated seconds).
inline constexpr double nb201_paper_time_budget_s = 12000.0;
/// Default search budget of the NATS-Bench scripts (simulated seconds).
inline constexpr double nats_default_time_budget_s = 20000.0;
/// Training epochs of the search-visible setting (hp='12').
inline constexpr unsigned search_epochs = 12;

/// Environment convention (not benchmark data): the shipped data has per-epoch times for
/// cifar10-valid only (25,000 training images), so times of the other search datasets are those
/// times scaled by the training-set-size ratio: cifar10-valid / cifar10 1, cifar100 50,000/25,000
/// = 2, ImageNet16-120 151,700/25,000 = 6.068. The ratio is applied to the whole time cost
/// (training and validation); it ignores ImageNet16-120's smaller images and other differences.
[[nodiscard]] double training_time_scale(dataset d) noexcept;

/// What the search sees for one architecture.
struct search_result {
  double valid_acc = 0.0;    ///< 12-epoch validation accuracy (%), seed mean
  double time_cost_s = 0.0;  ///< simulated seconds of training + validation to charge to the clock
};

/// Architecture costs: no accuracy information, so safe to show to a search.
struct arch_costs {
  double flops_m = 0.0;   ///< analytic FLOPs (M, multiply-accumulates) on the protocol's dataset
  double params_m = 0.0;  ///< analytic parameters (M) on the protocol's dataset
  /// hw_metrics.csv latencies (ms), indexed like latency_columns; nullopt when the file was absent,
  /// NaN for a column the tables lack (builtin_tables() has 8 of the 27).
  /// These were measured in the CIFAR-10 setting (HW-NAS-Bench) or HELP's own, for every dataset.
  std::optional<std::array<double, latency_column_count>> latency_ms;
};

/// What is reported once the search has chosen an architecture (never charged to the clock).
struct final_report {
  double test_acc = 0.0;  ///< 200-epoch test accuracy (%), seed mean
  arch_costs costs;
};

/// The search/report protocol on one dataset. Immutable and thread-safe.
class benchmark_protocol {
 public:
  /// @param data loaded tables (shared, kept alive by the protocol)
  /// @param d    `cifar10` or `cifar10-valid` (both mean the CIFAR-10 task, as in the official
  ///             simulate_train_eval), `cifar100` or `ImageNet16-120`
  /// @throws dsegym::invalid_argument if `data` is null
  benchmark_protocol(std::shared_ptr<const tables> data, dataset d);

  /// Dataset whose x-valid 12-epoch accuracy the search sees: cifar10-valid, cifar100 or
  /// ImageNet16-120.
  [[nodiscard]] dataset search_dataset() const noexcept { return search_; }
  /// Dataset whose 200-epoch test accuracy is reported: cifar10 (retrained on 50k, official test
  /// set), cifar100 or ImageNet16-120 (x-test).
  [[nodiscard]] dataset report_dataset() const noexcept { return report_; }
  /// training_time_scale(search_dataset()).
  [[nodiscard]] double time_scale() const noexcept { return time_scale_; }

  /// Search-visible result of arch `index`:
  /// valid_acc = valid_acc_12 of search_dataset(); time_cost_s = time_scale() *
  /// (12 * train_time_per_epoch_s_200 + valid_time_per_epoch_s_200) of cifar10-valid.csv.
  /// @throws dsegym::invalid_argument if index >= 15625
  [[nodiscard]] search_result query(std::size_t index) const;
  [[nodiscard]] search_result query(const arch& a) const { return query(arch_index(a)); }

  /// Costs of arch `index` (analytic FLOPs/params, latencies when loaded).
  [[nodiscard]] arch_costs costs(std::size_t index) const;
  [[nodiscard]] arch_costs costs(const arch& a) const { return costs(arch_index(a)); }

  /// Reported result of arch `index`: test_acc_200 of report_dataset(), plus costs(index).
  /// @throws dsegym::invalid_argument if index >= 15625
  [[nodiscard]] final_report report(std::size_t index) const;
  [[nodiscard]] final_report report(const arch& a) const { return report(arch_index(a)); }

  /// Index with the highest search-visible accuracy (lowest index among ties).
  [[nodiscard]] std::size_t best_search_index() const noexcept { return best_search_; }
  /// Index with the highest reported test accuracy (lowest index among ties), e.g. for regret.
  [[nodiscard]] std::size_t best_report_index() const noexcept { return best_report_; }

  [[nodiscard]] const tables& data() const noexcept { return *data_; }

 private:
  std::shared_ptr<const tables> data_;
  dataset search_;
  dataset report_;
  double time_scale_;
  const column* valid_acc_;  // search-visible column
  const column* test_acc_;   // reported column
  std::size_t best_search_;
  std::size_t best_report_;
};

}  // namespace dsegym::sim::nb201

#pragma once
/// @file
/// Loader of the NAS-Bench-201 tabular data (`../shared/data/nb201/`, spec §9, §10).
///
/// Every table is a set of column arrays of 15,625 values indexed by the official arch_index.
/// Loading validates hard: headers, field counts, numbers, row order, each row's arch_string
/// against arch_at_index, and completeness; any problem is a dsegym::data_error naming the file
/// and the 1-based line. Accuracies are in %, times in s, latencies in ms, FLOPs/params in M.
///
/// @code
///   auto data = dsegym::sim::nb201::load_tables_shared("/work/shared/data/nb201");
///   double acc = data->cifar10.test_acc_200[6111];   // 94.3733
/// @endcode

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsegym/sim/nb201/arch.hpp"

namespace dsegym::sim::nb201 {

/// One value per architecture, indexed by arch_index (size arch_count).
using column = std::vector<double>;

/// `cifar10-valid.csv`: trained on the 25k CIFAR-10 train half. `valid_*` = the other 25k
/// (`x-valid`), `test_*` = the official 10k test set of this 25k-trained model (not the reported
/// CIFAR-10 number, which is cifar10_table::test_acc_200). `_200` values: seed means after 200
/// epochs; `*_time_total_s_200` = 200 x per-epoch.
struct cifar10_valid_table {
  column flops_m, params_m;
  column valid_acc_12;  ///< 12-epoch x-valid accuracy: what the search sees on CIFAR-10
  column train_loss_200, train_acc_200, train_time_per_epoch_s_200, train_time_total_s_200;
  column valid_loss_200, valid_acc_200, valid_time_per_epoch_s_200, valid_time_total_s_200;
  column test_loss_200, test_acc_200, test_time_per_epoch_s_200, test_time_total_s_200;
};

/// `cifar10.csv`: trained on all 50k; accuracies on the official 10k test set.
struct cifar10_table {
  column flops_m, params_m;
  column test_acc_12;
  column test_acc_200;  ///< the reported CIFAR-10 test accuracy
};

/// `cifar100.csv` / `ImageNet16-120.csv`: `valid` = x-valid, `test` = x-test (halves of the
/// official test set).
struct split_test_table {
  column flops_m, params_m;
  column valid_acc_12;  ///< what the search sees
  column test_acc_12;
  column test_acc_200;  ///< the reported test accuracy
};

/// Number of latency columns in `hw_metrics.csv`.
inline constexpr std::size_t latency_column_count = 27;

/// Names of the latency columns of `hw_metrics.csv`, in file order (spec §10): 4 HW-NAS-Bench
/// CIFAR-10 values, then HELP GPUs (suffix = batch size), Xeon CPUs and phones (integer ms).
inline constexpr std::array<std::string_view, latency_column_count> latency_columns = {
    "hwnasbench_c10_eyeriss_latency_ms", "hwnasbench_c10_fpga_latency_ms",
    "hwnasbench_c10_pixel3_latency_ms",  "hwnasbench_c10_raspi4_latency_ms",
    "help_1080ti_1_latency_ms",          "help_1080ti_32_latency_ms",
    "help_1080ti_256_latency_ms",        "help_2080ti_1_latency_ms",
    "help_2080ti_32_latency_ms",         "help_2080ti_256_latency_ms",
    "help_titan_rtx_1_latency_ms",       "help_titan_rtx_32_latency_ms",
    "help_titan_rtx_256_latency_ms",     "help_titanx_1_latency_ms",
    "help_titanx_32_latency_ms",         "help_titanx_256_latency_ms",
    "help_titanxp_1_latency_ms",         "help_titanxp_32_latency_ms",
    "help_titanxp_256_latency_ms",       "help_gold_6226_latency_ms",
    "help_gold_6240_latency_ms",         "help_silver_4114_latency_ms",
    "help_silver_4210r_latency_ms",      "help_pixel2_latency_ms",
    "help_samsung_a50_latency_ms",       "help_samsung_s7_latency_ms",
    "help_essential_ph_1_latency_ms"};

/// Position of `name` in latency_columns, or nullopt.
[[nodiscard]] std::optional<std::size_t> latency_column_index(std::string_view name) noexcept;

/// `hw_metrics.csv`: latency_ms[c][i] = latency (ms) of arch i in column latency_columns[c].
struct hw_metrics_table {
  std::array<column, latency_column_count> latency_ms;  ///< empty when the column is not loaded

  /// True when column `c` (index into latency_columns) holds data: always after load_tables; in
  /// builtin_tables() only the HW-NAS-Bench and HELP phone columns.
  [[nodiscard]] bool has(std::size_t c) const noexcept { return c < latency_column_count && !latency_ms[c].empty(); }

  /// The column called `name`. @throws dsegym::not_found naming `name` and the valid names.
  [[nodiscard]] const column& latency(std::string_view name) const;
};

/// `archs.csv`: the official isomorphism key of each index (the op columns are checked on load).
struct archs_table {
  std::vector<std::string> unique_str;
  std::vector<std::uint32_t> unique_class;  ///< 0-based, in order of first appearance (checked)
};

/// The data directory. The four dataset files are required; hw_metrics.csv and archs.csv are read
/// when present (or required via load_options).
struct tables {
  std::filesystem::path directory;  ///< empty for builtin_tables()
  bool built_in = false;            ///< true for builtin_tables()
  cifar10_valid_table cifar10_valid;
  cifar10_table cifar10;
  split_test_table cifar100;
  split_test_table imagenet16_120;
  std::optional<hw_metrics_table> hw_metrics;
  std::optional<archs_table> archs;
};

struct load_options {
  bool require_hw_metrics = false;  ///< a missing hw_metrics.csv is an error instead of nullopt
  bool require_archs = false;       ///< a missing archs.csv is an error instead of nullopt
};

/// File names inside the data directory.
inline constexpr std::string_view cifar10_valid_file = "cifar10-valid.csv";
inline constexpr std::string_view cifar10_file = "cifar10.csv";
inline constexpr std::string_view cifar100_file = "cifar100.csv";
inline constexpr std::string_view imagenet16_120_file = "ImageNet16-120.csv";
inline constexpr std::string_view hw_metrics_file = "hw_metrics.csv";
inline constexpr std::string_view archs_file = "archs.csv";

/// Loads the data directory `dir` (tens of milliseconds).
/// @throws dsegym::data_error naming every missing required file and `dir`; or naming the file and
///         line of the first malformed, inconsistent or missing row.
[[nodiscard]] tables load_tables(const std::filesystem::path& dir,
                                 const load_options& options = {});

/// Like load_tables, but shares one immutable copy per (canonical directory, options) within the
/// process while any user holds it — for vector environments and repeated construction.
/// Thread-safe. Files changed on disk are seen only once all previous holders are gone.
[[nodiscard]] std::shared_ptr<const tables> load_tables_shared(const std::filesystem::path& dir,
                                                               const load_options& options = {});

/// The table built into the library (generated from the CSVs by
/// simulators/nb201/tools/make_nb201_table.py; NAS-Bench-201 data, MIT licence, see
/// simulators/nb201/data/NOTICE.md). It holds exactly what the benchmark protocol reads, equal
/// double for double to the CSVs: valid_acc_12, train/valid_time_per_epoch_s_200 of
/// cifar10-valid; test_acc_200 of cifar10; valid_acc_12 and test_acc_200 of cifar100 and
/// ImageNet16-120; the latencies hwnasbench_c10_* and help_{pixel2,samsung_a50,samsung_s7,
/// essential_ph_1}. Other columns are empty (FLOPs/params come from the analytic cost model).
/// Decoded once per process (a few milliseconds); thread-safe.
[[nodiscard]] std::shared_ptr<const tables> builtin_tables();

/// Single-file loaders (what load_tables uses); same validation.
[[nodiscard]] cifar10_valid_table load_cifar10_valid_csv(const std::filesystem::path& file);
[[nodiscard]] cifar10_table load_cifar10_csv(const std::filesystem::path& file);
/// For cifar100.csv and ImageNet16-120.csv (same columns).
[[nodiscard]] split_test_table load_split_test_csv(const std::filesystem::path& file);
[[nodiscard]] hw_metrics_table load_hw_metrics_csv(const std::filesystem::path& file);
[[nodiscard]] archs_table load_archs_csv(const std::filesystem::path& file);

}  // namespace dsegym::sim::nb201

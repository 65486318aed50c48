#include "dsegym/sim/nb201/tables.hpp"

#include <map>
#include <mutex>
#include <span>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "csv_reader.hpp"
#include "dsegym/core/error.hpp"

namespace dsegym::sim::nb201 {

namespace {

using detail::csv_reader;
using detail::quote_field;

// Range checks catch values that parse but would poison an environment (negative times, 140 %).
enum class value_kind { non_negative, percent };

struct column_rule {
  std::string_view name;
  value_kind kind;
};

constexpr auto nn = value_kind::non_negative;
constexpr auto pct = value_kind::percent;

constexpr std::array<column_rule, 15> cifar10_valid_columns = {{{"flops_M", nn},
                                                                {"params_M", nn},
                                                                {"valid_acc_12", pct},
                                                                {"train_loss_200", nn},
                                                                {"train_acc_200", pct},
                                                                {"train_time_per_epoch_s_200", nn},
                                                                {"train_time_total_s_200", nn},
                                                                {"valid_loss_200", nn},
                                                                {"valid_acc_200", pct},
                                                                {"valid_time_per_epoch_s_200", nn},
                                                                {"valid_time_total_s_200", nn},
                                                                {"test_loss_200", nn},
                                                                {"test_acc_200", pct},
                                                                {"test_time_per_epoch_s_200", nn},
                                                                {"test_time_total_s_200", nn}}};
constexpr std::array<column_rule, 4> cifar10_columns = {
    {{"flops_M", nn}, {"params_M", nn}, {"test_acc_12", pct}, {"test_acc_200", pct}}};
constexpr std::array<column_rule, 5> split_test_columns = {{{"flops_M", nn},
                                                            {"params_M", nn},
                                                            {"valid_acc_12", pct},
                                                            {"test_acc_12", pct},
                                                            {"test_acc_200", pct}}};
constexpr std::array<std::string_view, 8> archs_columns = {
    "op_0to1", "op_0to2", "op_1to2", "op_0to3", "op_1to3", "op_2to3", "unique_str", "unique_class"};

constexpr std::size_t max_fields = 2 + latency_column_count;  // the widest file

std::string join_names(std::span<const std::string_view> names) {
  std::string s;
  for (auto n : names) s.append(s.empty() ? "" : ",").append(n);
  return s;
}

// Checks the header line against "arch_index,arch_string,<names...>".
void check_header(csv_reader& r, std::span<const std::string_view> names) {
  if (!r.next_line()) r.fail_at(1, "the file is empty; expected a header line");
  std::array<std::string_view, max_fields + 1> fields;
  const std::size_t n = r.split(fields);
  std::vector<std::string_view> expected = {"arch_index", "arch_string"};
  expected.insert(expected.end(), names.begin(), names.end());
  if (n != expected.size())
    r.fail("header has " + std::to_string(n) + " columns, expected " +
           std::to_string(expected.size()) + ": " + join_names(expected));
  for (std::size_t c = 0; c < n; ++c)
    if (fields[c] != expected[c])
      r.fail("header column " + std::to_string(c + 1) + " is " + quote_field(fields[c]) +
             ", expected '" + std::string(expected[c]) +
             "' (expected header: " + join_names(expected) + ")");
}

// Iterates the 15,625 data rows, checking field count, arch_index order and arch_string;
// `on_row(index, arch, fields)` handles the fields after arch_index and arch_string.
template <class OnRow>
void for_each_row(csv_reader& r, std::size_t field_count, OnRow&& on_row) {
  std::array<std::string_view, max_fields + 1> fields;
  std::string expected_string;
  std::size_t index = 0;
  while (r.next_line()) {
    if (index >= arch_count)
      r.fail("unexpected extra row: the file must hold exactly 15625 rows (arch_index 0..15624)");
    if (r.line().empty())
      r.fail("empty line; expected the row of arch_index " + std::to_string(index));
    const std::size_t n = r.split(std::span(fields).first(field_count + 1));
    if (n != field_count)
      r.fail("row has " + std::to_string(n) + " fields, expected " + std::to_string(field_count));
    const std::uint64_t found = r.parse_uint(fields[0], "arch_index");
    if (found != index)
      r.fail("row index out of order: arch_index is " + std::to_string(found) + ", expected " +
             std::to_string(index) + " (rows must be in index order 0..15624)");
    const arch a = arch_at_index(index);
    expected_string.clear();
    append_arch_string(a, expected_string);
    if (fields[1] != expected_string)
      r.fail("arch_string " + quote_field(fields[1]) + " does not match arch_index " +
             std::to_string(index) + ", whose official string is '" + expected_string + "'");
    on_row(index, a, std::span<const std::string_view>(fields).subspan(2, field_count - 2));
    ++index;
  }
  if (index < arch_count)
    r.fail_at(r.line_number() + 1, "truncated file: " + std::to_string(index) +
                                       " data rows, expected 15625 (arch_index 0..15624)");
}

double parse_value(const csv_reader& r, std::string_view field, const column_rule& rule) {
  const double v = r.parse_double(field, rule.name);
  if (v < 0.0 || (rule.kind == value_kind::percent && v > 100.0))
    r.fail(
        "column '" + std::string(rule.name) + "': value " + std::string(field) +
        (rule.kind == value_kind::percent ? " is not a percentage in [0, 100]" : " is negative"));
  return v;
}

// Reads a file of arch_index, arch_string and numeric columns into one column per rule.
template <std::size_t N>
std::array<column, N> load_numeric(const std::filesystem::path& file,
                                   const std::array<column_rule, N>& rules) {
  csv_reader r(file);
  std::array<std::string_view, N> names;
  for (std::size_t c = 0; c < N; ++c) names[c] = rules[c].name;
  check_header(r, names);
  std::array<column, N> cols;
  for (auto& c : cols) c.resize(arch_count);
  for_each_row(r, N + 2, [&](std::size_t i, const arch&, std::span<const std::string_view> f) {
    for (std::size_t c = 0; c < N; ++c) cols[c][i] = parse_value(r, f[c], rules[c]);
  });
  return cols;
}

std::string list_files(std::span<const std::string_view> files) {
  std::string s;
  for (auto f : files) s.append(s.empty() ? "" : ", ").append(f);
  return s;
}

}  // namespace

std::optional<std::size_t> latency_column_index(std::string_view name) noexcept {
  for (std::size_t c = 0; c < latency_column_count; ++c)
    if (latency_columns[c] == name) return c;
  return std::nullopt;
}

const column& hw_metrics_table::latency(std::string_view name) const {
  if (auto c = latency_column_index(name)) return latency_ms[*c];
  throw not_found("nb201", "no latency column '" + std::string(name) +
                               "'; valid columns: " + list_files(latency_columns));
}

cifar10_valid_table load_cifar10_valid_csv(const std::filesystem::path& file) {
  auto c = load_numeric(file, cifar10_valid_columns);
  cifar10_valid_table t;
  t.flops_m = std::move(c[0]);
  t.params_m = std::move(c[1]);
  t.valid_acc_12 = std::move(c[2]);
  t.train_loss_200 = std::move(c[3]);
  t.train_acc_200 = std::move(c[4]);
  t.train_time_per_epoch_s_200 = std::move(c[5]);
  t.train_time_total_s_200 = std::move(c[6]);
  t.valid_loss_200 = std::move(c[7]);
  t.valid_acc_200 = std::move(c[8]);
  t.valid_time_per_epoch_s_200 = std::move(c[9]);
  t.valid_time_total_s_200 = std::move(c[10]);
  t.test_loss_200 = std::move(c[11]);
  t.test_acc_200 = std::move(c[12]);
  t.test_time_per_epoch_s_200 = std::move(c[13]);
  t.test_time_total_s_200 = std::move(c[14]);
  return t;
}

cifar10_table load_cifar10_csv(const std::filesystem::path& file) {
  auto c = load_numeric(file, cifar10_columns);
  cifar10_table t;
  t.flops_m = std::move(c[0]);
  t.params_m = std::move(c[1]);
  t.test_acc_12 = std::move(c[2]);
  t.test_acc_200 = std::move(c[3]);
  return t;
}

split_test_table load_split_test_csv(const std::filesystem::path& file) {
  auto c = load_numeric(file, split_test_columns);
  split_test_table t;
  t.flops_m = std::move(c[0]);
  t.params_m = std::move(c[1]);
  t.valid_acc_12 = std::move(c[2]);
  t.test_acc_12 = std::move(c[3]);
  t.test_acc_200 = std::move(c[4]);
  return t;
}

hw_metrics_table load_hw_metrics_csv(const std::filesystem::path& file) {
  std::array<column_rule, latency_column_count> rules;
  for (std::size_t c = 0; c < latency_column_count; ++c) rules[c] = {latency_columns[c], nn};
  hw_metrics_table t;
  t.latency_ms = load_numeric(file, rules);
  return t;
}

archs_table load_archs_csv(const std::filesystem::path& file) {
  csv_reader r(file);
  check_header(r, archs_columns);
  archs_table t;
  t.unique_str.resize(arch_count);
  t.unique_class.resize(arch_count);
  std::unordered_map<std::string_view, std::uint32_t> class_of;  // views into t.unique_str
  class_of.reserve(8192);
  for_each_row(r, archs_columns.size() + 2,
               [&](std::size_t i, const arch& a, std::span<const std::string_view> f) {
                 for (std::size_t e = 0; e < edge_count; ++e)
                   if (f[e] != op_names[a.ops[e]])
                     r.fail("column '" + std::string(archs_columns[e]) + "' is " +
                            quote_field(f[e]) + " but the arch_string has '" +
                            std::string(op_names[a.ops[e]]) + "' on that edge");
                 if (f[6].empty()) r.fail("column 'unique_str' is empty");
                 const std::uint64_t cls = r.parse_uint(f[7], "unique_class");
                 t.unique_str[i] = std::string(f[6]);
                 // Classes are numbered by first appearance, so the next new key gets the next id.
                 const auto [it, inserted] = class_of.try_emplace(
                     t.unique_str[i], static_cast<std::uint32_t>(class_of.size()));
                 if (cls != it->second)
                   r.fail("column 'unique_class' is " + std::to_string(cls) + ", expected " +
                          std::to_string(it->second) + " (" +
                          (inserted ? "first appearance of this unique_str"
                                    : "class of an earlier row with the same unique_str") +
                          ")");
                 t.unique_class[i] = static_cast<std::uint32_t>(cls);
               });
  return t;
}

tables load_tables(const std::filesystem::path& dir, const load_options& options) {
  std::vector<std::string_view> required = {cifar10_valid_file, cifar10_file, cifar100_file,
                                            imagenet16_120_file};
  if (options.require_hw_metrics) required.push_back(hw_metrics_file);
  if (options.require_archs) required.push_back(archs_file);

  // Report every missing file at once: fixing one at a time is tedious.
  std::vector<std::string_view> missing;
  std::error_code ec;
  for (auto f : required)
    if (!std::filesystem::is_regular_file(dir / f, ec)) missing.push_back(f);
  if (!missing.empty()) {
    const bool dir_exists = std::filesystem::is_directory(dir, ec);
    throw data_error("nb201", "missing NAS-Bench-201 data file(s) " + list_files(missing) +
                                  " in directory '" + dir.string() + "'" +
                                  (dir_exists ? "" : " (the directory does not exist)") +
                                  "; required: " + list_files(required) +
                                  " (see SOURCE.md of the shared data for their provenance)");
  }

  tables t;
  t.directory = dir;
  t.cifar10_valid = load_cifar10_valid_csv(dir / cifar10_valid_file);
  t.cifar10 = load_cifar10_csv(dir / cifar10_file);
  t.cifar100 = load_split_test_csv(dir / cifar100_file);
  t.imagenet16_120 = load_split_test_csv(dir / imagenet16_120_file);
  if (std::filesystem::is_regular_file(dir / hw_metrics_file, ec))
    t.hw_metrics = load_hw_metrics_csv(dir / hw_metrics_file);
  if (std::filesystem::is_regular_file(dir / archs_file, ec))
    t.archs = load_archs_csv(dir / archs_file);
  return t;
}

std::shared_ptr<const tables> load_tables_shared(const std::filesystem::path& dir,
                                                 const load_options& options) {
  static std::mutex mutex;
  static std::map<std::tuple<std::string, bool, bool>, std::weak_ptr<const tables>> cache;
  std::error_code ec;
  auto canonical = std::filesystem::weakly_canonical(dir, ec);
  const auto key = std::make_tuple((ec ? dir : canonical).string(), options.require_hw_metrics,
                                   options.require_archs);
  // Loading under the lock makes concurrent first users wait for one load instead of racing.
  const std::lock_guard lock(mutex);
  if (auto hit = cache[key].lock()) return hit;
  auto fresh = std::make_shared<const tables>(load_tables(dir, options));
  cache[key] = fresh;
  return fresh;
}

}  // namespace dsegym::sim::nb201

// Data loader (spec §9–§11): shapes, spot values, optima, and hard validation of bad copies.

#include "dsegym/sim/nb201/tables.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/nb201/benchmark_protocol.hpp"
#include "test_data.hpp"
#include "dsegym_test_data.hpp"

namespace nb = dsegym::sim::nb201;
namespace fs = std::filesystem;
using nb::dataset;

namespace {

// Index of the first maximum: the lowest index wins ties.
std::size_t argmax(const nb::column& c) {
  return static_cast<std::size_t>(std::max_element(c.begin(), c.end()) - c.begin());
}

double mean(const nb::column& c) {
  double s = 0;
  for (double x : c) s += x;
  return s / static_cast<double>(c.size());
}

double median(nb::column c) {
  std::sort(c.begin(), c.end());
  const std::size_t n = c.size();
  return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
}

}  // namespace

TEST(Nb201Tables, LoadsAllFiles) {
  DSEGYM_NEED_DATA("nb201");
  const auto start = std::chrono::steady_clock::now();
  const nb::tables t = nb::load_tables(nb201_test::data_dir());
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  // Informational only (no wall-clock thresholds in tests).
  std::printf("[nb201] load_tables (4 dataset files + hw_metrics + archs): %.1f ms\n", ms);

  EXPECT_EQ(t.directory, nb201_test::data_dir());
  for (const auto* c :
       {&t.cifar10_valid.valid_acc_12, &t.cifar10_valid.test_time_total_s_200,
        &t.cifar10.test_acc_200, &t.cifar100.test_acc_12, &t.imagenet16_120.params_m})
    EXPECT_EQ(c->size(), nb::arch_count);
  ASSERT_TRUE(t.hw_metrics.has_value());
  ASSERT_TRUE(t.archs.has_value());
  for (const auto& c : t.hw_metrics->latency_ms) EXPECT_EQ(c.size(), nb::arch_count);
  EXPECT_EQ(t.archs->unique_str.size(), nb::arch_count);
  EXPECT_EQ(*std::max_element(t.archs->unique_class.begin(), t.archs->unique_class.end()), 6465u);
}

TEST(Nb201Tables, SpotValuesFromSpec) {
  DSEGYM_NEED_DATA("nb201");
  const auto& t = nb201_test::data();
  struct row {
    std::size_t i;
    double c10v_valid_12, c10v_valid_200, c10_test_200, c100_valid_12, c100_test_200, in_valid_12,
        in_test_200;
  };
  // Spec §11 (values rounded to at most 3 decimals).
  const row rows[] = {
      {0, 63.364, 81.983, 85.863, 31.84, 52.913, 18.467, 26.633},
      {1, 82.834, 90.769, 93.66, 57.80, 70.293, 35.433, 44.033},
      {1462, 69.078, 90.199, 93.76, 44.06, 71.107, 23.267, 41.444},
      {11472, 83.742, 90.860, 93.91, 58.96, 70.890, 35.233, 44.233},
      {7581, 27.14, 37.348, 49.02, 8.54, 10.20, 6.367, 9.35},
      {1651, 9.712, 9.712, 10.00, 1.00, 1.00, 0.833, 0.833},
  };
  constexpr double tol = 6e-4;
  for (const auto& r : rows) {
    EXPECT_NEAR(t.cifar10_valid.valid_acc_12[r.i], r.c10v_valid_12, tol) << r.i;
    EXPECT_NEAR(t.cifar10_valid.valid_acc_200[r.i], r.c10v_valid_200, tol) << r.i;
    EXPECT_NEAR(t.cifar10.test_acc_200[r.i], r.c10_test_200, tol) << r.i;
    EXPECT_NEAR(t.cifar100.valid_acc_12[r.i], r.c100_valid_12, tol) << r.i;
    EXPECT_NEAR(t.cifar100.test_acc_200[r.i], r.c100_test_200, tol) << r.i;
    EXPECT_NEAR(t.imagenet16_120.valid_acc_12[r.i], r.in_valid_12, tol) << r.i;
    EXPECT_NEAR(t.imagenet16_120.test_acc_200[r.i], r.in_test_200, tol) << r.i;
  }
  // 12-epoch values printed by the official API for arch 1 (SOURCE.md, NATS-Bench issue #18).
  EXPECT_NEAR(t.cifar10.test_acc_12[1], 88.22, 1e-6);
  EXPECT_NEAR(t.cifar100.test_acc_12[1], 58.26, 1e-6);
  // Exact digits of the files for arch 0 (guards the column order).
  EXPECT_DOUBLE_EQ(t.cifar10_valid.train_time_per_epoch_s_200[0], 7.221092999);
  EXPECT_DOUBLE_EQ(t.cifar10_valid.valid_time_per_epoch_s_200[0], 2.548979237);
  EXPECT_DOUBLE_EQ(t.cifar10_valid.test_loss_200[0], 0.576099647);
  EXPECT_DOUBLE_EQ(t.cifar10_valid.test_time_total_s_200[0], 203.918339);
  EXPECT_DOUBLE_EQ(t.imagenet16_120.test_acc_12[0], 16.99999997);
}

TEST(Nb201Tables, TotalTimesAre200Epochs) {
  DSEGYM_NEED_DATA("nb201");
  const auto& c = nb201_test::data().cifar10_valid;
  for (std::size_t i = 0; i < nb::arch_count; ++i) {
    ASSERT_NEAR(c.train_time_total_s_200[i], 200 * c.train_time_per_epoch_s_200[i],
                1e-8 * c.train_time_total_s_200[i])
        << i;
    ASSERT_NEAR(c.valid_time_total_s_200[i], 200 * c.valid_time_per_epoch_s_200[i],
                1e-8 * c.valid_time_total_s_200[i])
        << i;
  }
}

TEST(Nb201Tables, HwMetricsCheckValues) {
  DSEGYM_NEED_DATA("nb201");
  const auto& hw = nb201_test::data().hw_metrics;
  ASSERT_TRUE(hw.has_value());
  const std::map<std::string, std::pair<double, double>> expected = {
      {"hwnasbench_c10_eyeriss_latency_ms", {3.64562, 7.57778}},
      {"hwnasbench_c10_fpga_latency_ms", {2.57296, 5.31536}},
      {"hwnasbench_c10_pixel3_latency_ms", {3.60585, 17.2381}},
      {"hwnasbench_c10_raspi4_latency_ms", {10.48198, 54.7774}},
      {"help_pixel2_latency_ms", {9, 17}},
  };
  for (const auto& [name, v] : expected) {
    EXPECT_NEAR(hw->latency(name)[0], v.first, 1e-9) << name;
    EXPECT_NEAR(hw->latency(name)[1], v.second, 1e-9) << name;
  }
  EXPECT_EQ(nb::latency_column_index("help_essential_ph_1_latency_ms"), 26u);
  EXPECT_FALSE(nb::latency_column_index("eyeriss").has_value());
  try {
    (void)hw->latency("eyeriss_ms");
    FAIL() << "no exception";
  } catch (const dsegym::not_found& e) {
    EXPECT_NE(std::string(e.what()).find("'eyeriss_ms'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("help_titan_rtx_32_latency_ms"), std::string::npos);
  }
}

TEST(Nb201Tables, OptimaFromSpec) {
  DSEGYM_NEED_DATA("nb201");
  const auto& t = nb201_test::data();
  EXPECT_EQ(argmax(t.cifar10_valid.valid_acc_200), 6111u);
  EXPECT_NEAR(t.cifar10_valid.valid_acc_200[6111], 91.6067, 1e-4);
  EXPECT_EQ(argmax(t.cifar10.test_acc_200), 6111u);  // lowest index of the tie with 13714
  EXPECT_NEAR(t.cifar10.test_acc_200[6111], 94.3733, 1e-4);
  EXPECT_EQ(t.cifar10.test_acc_200[13714], t.cifar10.test_acc_200[6111]);
  EXPECT_EQ(argmax(t.cifar100.test_acc_200), 9930u);
  EXPECT_NEAR(t.cifar100.test_acc_200[9930], 73.5133, 1e-4);
  EXPECT_EQ(argmax(t.imagenet16_120.test_acc_200), 857u);
  EXPECT_NEAR(t.imagenet16_120.test_acc_200[857], 47.3111, 1e-4);
  EXPECT_EQ(argmax(t.cifar10_valid.valid_acc_12), 13714u);
  EXPECT_NEAR(t.cifar10_valid.valid_acc_12[13714], 84.892, 1e-3);
  EXPECT_EQ(argmax(t.cifar100.valid_acc_12), 10165u);
  EXPECT_NEAR(t.cifar100.valid_acc_12[10165], 61.32, 1e-3);
  EXPECT_NEAR(t.cifar100.valid_acc_12[13714], 61.32, 1e-3);  // the spec's tie
  EXPECT_EQ(argmax(t.imagenet16_120.valid_acc_12), 2581u);
  EXPECT_NEAR(t.imagenet16_120.valid_acc_12[2581], 38.667, 1e-3);
  // Edge ops of the optima (§11: 3 = 3x3, 1 = 1x1, s = skip).
  EXPECT_EQ(nb::arch_at_index(6111).ops, (std::array<std::uint8_t, 6>{3, 3, 3, 1, 3, 2}));
  EXPECT_EQ(nb::arch_at_index(13714).ops, (std::array<std::uint8_t, 6>{3, 3, 3, 1, 2, 3}));
  EXPECT_EQ(nb::arch_at_index(9930).ops, (std::array<std::uint8_t, 6>{3, 3, 3, 1, 3, 3}));
  EXPECT_EQ(nb::arch_at_index(857).ops, (std::array<std::uint8_t, 6>{2, 2, 3, 1, 3, 3}));
  EXPECT_EQ(nb::arch_at_index(10676).ops, (std::array<std::uint8_t, 6>{3, 2, 2, 1, 3, 3}));
}

TEST(Nb201Tables, DistributionFromSpec) {
  DSEGYM_NEED_DATA("nb201");
  const auto& t = nb201_test::data();
  EXPECT_NEAR(mean(t.cifar10.test_acc_200), 87.06, 0.006);
  EXPECT_NEAR(median(t.cifar10.test_acc_200), 90.75, 0.006);
  EXPECT_NEAR(mean(t.cifar100.test_acc_200), 61.41, 0.006);
  EXPECT_NEAR(median(t.cifar100.test_acc_200), 65.29, 0.006);
  EXPECT_NEAR(mean(t.imagenet16_120.test_acc_200), 33.59, 0.006);
  EXPECT_NEAR(median(t.imagenet16_120.test_acc_200), 36.39, 0.006);
  const auto ties = std::count_if(t.cifar10.test_acc_200.begin(), t.cifar10.test_acc_200.end(),
                                  [](double x) { return std::abs(x - 92.03) < 1e-9; });
  EXPECT_EQ(ties, 32);
}

TEST(Nb201Tables, DisconnectedArchsScoreChance) {
  DSEGYM_NEED_DATA("nb201");
  const auto& t = nb201_test::data();
  std::size_t n = 0;
  for (std::size_t i = 0; i < nb::arch_count; ++i) {
    if (nb::has_path_to_output(nb::arch_at_index(i))) continue;
    ++n;
    ASSERT_NEAR(t.cifar10.test_acc_200[i], 10.0, 1e-6) << i;
    ASSERT_NEAR(t.cifar100.test_acc_200[i], 1.0, 1e-6) << i;
    ASSERT_NEAR(t.imagenet16_120.test_acc_200[i], 100.0 / 120.0, 1e-6) << i;
  }
  EXPECT_EQ(n, 341u);
}

TEST(Nb201Tables, ArchsTableMatchesUniqueStr) {
  DSEGYM_NEED_DATA("nb201");
  const auto& a = nb201_test::data().archs;
  ASSERT_TRUE(a.has_value());
  for (std::size_t i = 0; i < nb::arch_count; i += 97)
    EXPECT_EQ(a->unique_str[i], nb::unique_str(nb::arch_at_index(i))) << i;
  EXPECT_EQ(a->unique_class[0], 0u);
  EXPECT_EQ(a->unique_class[1], 1u);
}

TEST(Nb201Tables, SharedLoadIsShared) {
  DSEGYM_NEED_DATA("nb201");
  const auto a = nb::load_tables_shared(nb201_test::data_dir());
  const auto b = nb::load_tables_shared(nb201_test::data_dir() / "." / "");
  EXPECT_EQ(a.get(), b.get());
  EXPECT_EQ(a.get(), &nb201_test::data());
}

// -------------------------------------------------------------------------------------------------
// Bad data: modified copies in a private temporary directory.
// -------------------------------------------------------------------------------------------------

class Nb201TablesBadData : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("dsegym_nb201_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static const std::vector<std::string>& original(const std::string& file) {
    static std::map<std::string, std::vector<std::string>> cache;
    auto it = cache.find(file);
    if (it == cache.end())
      it = cache.emplace(file, nb201_test::read_lines(nb201_test::data_dir() / file)).first;
    return it->second;
  }

  fs::path write(const std::string& file, const std::vector<std::string>& lines,
                 const std::string& eol = "\n") const {
    const fs::path p = dir_ / file;
    std::ofstream out(p, std::ios::binary);
    for (const auto& l : lines) out << l << eol;
    return p;
  }

  fs::path write_raw(const std::string& file, const std::string& text) const {
    const fs::path p = dir_ / file;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  // The original file with line `line` (1-based) replaced by `f(old line)`.
  fs::path edit_line(const std::string& file, std::size_t line,
                     const std::function<std::string(std::string)>& f) const {
    auto lines = original(file);
    lines.at(line - 1) = f(lines.at(line - 1));
    return write(file, lines);
  }

  // The original file with field `field` (0-based) of line `line` set to `value`.
  fs::path edit_field(const std::string& file, std::size_t line, std::size_t field,
                      const std::string& value) const {
    return edit_line(file, line, [&](std::string l) {
      auto f = nb201_test::split(l);
      f.at(field) = value;
      std::string joined;
      for (std::size_t i = 0; i < f.size(); ++i) joined += (i ? "," : "") + f[i];
      return joined;
    });
  }

  void copy_originals(std::initializer_list<const char*> files) const {
    for (const char* f : files) fs::copy_file(nb201_test::data_dir() / f, dir_ / f);
  }

  fs::path dir_;
};

// Runs `f`, expecting a data_error at `line` whose message holds every string of `parts`.
template <class F>
void expect_data_error(F&& f, std::size_t line, std::initializer_list<std::string> parts) {
  try {
    f();
    ADD_FAILURE() << "no data_error";
  } catch (const dsegym::data_error& e) {
    const std::string msg = e.what();
    EXPECT_EQ(e.line(), line) << msg;
    EXPECT_EQ(e.code(), dsegym::error_code::data_error);
    EXPECT_EQ(msg.rfind("[dsegym.nb201] ", 0), 0u) << msg;
    if (line != 0) {
      EXPECT_NE(msg.find("(line " + std::to_string(line) + ")"), std::string::npos) << msg;
    }
    for (const auto& p : parts)
      EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
  }
}

TEST_F(Nb201TablesBadData, MissingFilesAreAllNamed) {
  DSEGYM_NEED_DATA("nb201");
  copy_originals({"cifar10.csv"});
  expect_data_error([&] { (void)nb::load_tables(dir_); }, 0,
                    {"missing NAS-Bench-201 data file(s) cifar10-valid.csv, cifar100.csv, "
                     "ImageNet16-120.csv in directory '" +
                     dir_.string() + "'"});
}

TEST_F(Nb201TablesBadData, MissingDirectory) {
  expect_data_error([&] { (void)nb::load_tables(dir_ / "nope"); }, 0,
                    {"cifar10-valid.csv, cifar10.csv, cifar100.csv, ImageNet16-120.csv",
                     (dir_ / "nope").string(), "does not exist"});
}

TEST_F(Nb201TablesBadData, OptionalFilesMayBeAbsentUnlessRequired) {
  DSEGYM_NEED_DATA("nb201");
  copy_originals({"cifar10-valid.csv", "cifar10.csv", "cifar100.csv", "ImageNet16-120.csv"});
  const nb::tables t = nb::load_tables(dir_);
  EXPECT_FALSE(t.hw_metrics.has_value());
  EXPECT_FALSE(t.archs.has_value());
  EXPECT_EQ(t.cifar10.test_acc_200, nb201_test::data().cifar10.test_acc_200);
  expect_data_error(
      [&] { (void)nb::load_tables(dir_, {.require_hw_metrics = true, .require_archs = true}); }, 0,
      {"file(s) hw_metrics.csv, archs.csv in directory"});
}

TEST_F(Nb201TablesBadData, BadFileInsideLoadTablesNamesFileAndLine) {
  DSEGYM_NEED_DATA("nb201");
  copy_originals({"cifar10-valid.csv", "cifar10.csv", "ImageNet16-120.csv", "hw_metrics.csv"});
  edit_field("cifar100.csv", 5000, 6, "abc");
  expect_data_error([&] { (void)nb::load_tables(dir_); }, 5000,
                    {(dir_ / "cifar100.csv").string(), "column 'test_acc_200': 'abc'"});
}

TEST_F(Nb201TablesBadData, TruncatedFile) {
  DSEGYM_NEED_DATA("nb201");
  auto lines = original("cifar100.csv");
  lines.resize(101);  // header + 100 rows
  const auto p = write("cifar100.csv", lines);
  expect_data_error([&] { (void)nb::load_split_test_csv(p); }, 102,
                    {"cifar100.csv", "truncated file: 100 data rows, expected 15625"});
}

TEST_F(Nb201TablesBadData, FileCutMidLine) {
  DSEGYM_NEED_DATA("nb201");
  std::string text;
  const auto& lines = original("cifar10.csv");
  for (std::size_t l = 0; l < 50; ++l) text += lines[l] + "\n";
  text += lines[50].substr(0, lines[50].size() - 3);  // line 51 without its end
  const auto p = write_raw("cifar10.csv", text);
  expect_data_error([&] { (void)nb::load_cifar10_csv(p); }, 51, {"cifar10.csv", "not terminated"});
}

TEST_F(Nb201TablesBadData, EmptyFile) {
  const auto p = write_raw("cifar10.csv", "");
  expect_data_error([&] { (void)nb::load_cifar10_csv(p); }, 1, {"empty"});
}

TEST_F(Nb201TablesBadData, BadNumbers) {
  DSEGYM_NEED_DATA("nb201");
  for (const std::string bad : {"12.3x", "", "nan", "inf", "1e400", " 12", "+12", "0x1p3"}) {
    const auto p = edit_field("cifar100.csv", 43, 4, bad);
    expect_data_error([&] { (void)nb::load_split_test_csv(p); }, 43,
                      {"cifar100.csv", "column 'valid_acc_12': '" + bad + "' is not a finite"});
  }
}

TEST_F(Nb201TablesBadData, OutOfRangeValues) {
  DSEGYM_NEED_DATA("nb201");
  auto p = edit_field("cifar10.csv", 7, 5, "100.5");
  expect_data_error([&] { (void)nb::load_cifar10_csv(p); }, 7,
                    {"column 'test_acc_200': value 100.5 is not a percentage"});
  p = edit_field("cifar10-valid.csv", 9, 7, "-7.2");
  expect_data_error([&] { (void)nb::load_cifar10_valid_csv(p); }, 9,
                    {"column 'train_time_per_epoch_s_200': value -7.2 is negative"});
}

TEST_F(Nb201TablesBadData, WrongHeader) {
  DSEGYM_NEED_DATA("nb201");
  auto p = edit_field("cifar100.csv", 1, 4, "valid_acc12");
  expect_data_error([&] { (void)nb::load_split_test_csv(p); }, 1,
                    {"cifar100.csv", "header column 5 is 'valid_acc12', expected 'valid_acc_12'"});
  p = edit_line("cifar10.csv", 1, [](std::string l) { return l + ",extra"; });
  expect_data_error([&] { (void)nb::load_cifar10_csv(p); }, 1,
                    {"header has 7 columns, expected 6"});
  // A dataset file of the wrong kind is caught by its header.
  expect_data_error([&] { (void)nb::load_split_test_csv(nb201_test::data_dir() / "cifar10.csv"); },
                    1, {"header has 6 columns, expected 7"});
}

TEST_F(Nb201TablesBadData, WrongFieldCount) {
  DSEGYM_NEED_DATA("nb201");
  auto p =
      edit_line("ImageNet16-120.csv", 500, [](std::string l) { return l.substr(0, l.rfind(',')); });
  expect_data_error([&] { (void)nb::load_split_test_csv(p); }, 500,
                    {"ImageNet16-120.csv", "row has 6 fields, expected 7"});
  p = edit_line("ImageNet16-120.csv", 501, [](std::string l) { return l + ",1"; });
  expect_data_error([&] { (void)nb::load_split_test_csv(p); }, 501,
                    {"row has 8 fields, expected 7"});
}

TEST_F(Nb201TablesBadData, ShuffledRows) {
  DSEGYM_NEED_DATA("nb201");
  auto lines = original("cifar10-valid.csv");
  std::swap(lines[10], lines[11]);  // lines 11 and 12 = arch_index 9 and 10
  const auto p = write("cifar10-valid.csv", lines);
  expect_data_error([&] { (void)nb::load_cifar10_valid_csv(p); }, 11,
                    {"cifar10-valid.csv", "row index out of order: arch_index is 10, expected 9"});
}

TEST_F(Nb201TablesBadData, ArchStringDoesNotMatchIndex) {
  DSEGYM_NEED_DATA("nb201");
  const std::string other = nb201_test::split(original("cifar10.csv")[21])[1];
  const auto p = edit_field("cifar10.csv", 20, 1, other);
  expect_data_error([&] { (void)nb::load_cifar10_csv(p); }, 20,
                    {"does not match arch_index 18", nb::to_arch_string(nb::arch_at_index(18))});
  const auto q = edit_field("cifar10.csv", 3, 0, "x1");
  expect_data_error([&] { (void)nb::load_cifar10_csv(q); }, 3, {"column 'arch_index': 'x1'"});
}

TEST_F(Nb201TablesBadData, ExtraAndEmptyLines) {
  DSEGYM_NEED_DATA("nb201");
  auto lines = original("cifar10.csv");
  lines.push_back(lines.back());
  auto p = write("cifar10.csv", lines);
  expect_data_error([&] { (void)nb::load_cifar10_csv(p); }, 15627, {"unexpected extra row"});
  lines = original("cifar10.csv");
  lines.insert(lines.begin() + 30, "");
  p = write("cifar10.csv", lines);
  expect_data_error([&] { (void)nb::load_cifar10_csv(p); }, 31, {"empty line"});
}

TEST_F(Nb201TablesBadData, CrlfLineEndsAreAccepted) {
  DSEGYM_NEED_DATA("nb201");
  const auto p = write("cifar10.csv", original("cifar10.csv"), "\r\n");
  EXPECT_EQ(nb::load_cifar10_csv(p).test_acc_200, nb201_test::data().cifar10.test_acc_200);
}

TEST_F(Nb201TablesBadData, HwMetricsHeader) {
  DSEGYM_NEED_DATA("nb201");
  const auto p = edit_field("hw_metrics.csv", 1, 28, "help_phone_latency_ms");
  expect_data_error([&] { (void)nb::load_hw_metrics_csv(p); }, 1,
                    {"hw_metrics.csv",
                     "header column 29 is 'help_phone_latency_ms', expected "
                     "'help_essential_ph_1_latency_ms'"});
}

TEST_F(Nb201TablesBadData, ArchsCsvConsistency) {
  DSEGYM_NEED_DATA("nb201");
  auto p = edit_field("archs.csv", 2, 2, "nor_conv_3x3");  // arch 0 has avg_pool_3x3 on 0->1
  expect_data_error([&] { (void)nb::load_archs_csv(p); }, 2,
                    {"archs.csv", "column 'op_0to1' is 'nor_conv_3x3'"});
  p = edit_field("archs.csv", 3, 9, "7");
  expect_data_error([&] { (void)nb::load_archs_csv(p); }, 3,
                    {"column 'unique_class' is 7, expected 1"});
}

// -------------------------------------------------------------------------------------------------
// The table built into the library (generated by simulators/nb201/tools/make_nb201_table.py).
// -------------------------------------------------------------------------------------------------

TEST(Nb201BuiltinTable, EqualsTheCsvFilesExactly) {
  DSEGYM_NEED_DATA("nb201");
  const auto& csv = nb201_test::data();
  const auto b = nb::builtin_tables();
  ASSERT_TRUE(b->built_in);
  EXPECT_TRUE(b->directory.empty());
  const auto same = [](const nb::column& x, const nb::column& y, const char* what) {
    ASSERT_EQ(x.size(), nb::arch_count) << what;
    ASSERT_EQ(y.size(), nb::arch_count) << what;
    for (std::size_t i = 0; i < nb::arch_count; ++i)
      ASSERT_EQ(x[i], y[i]) << what << " differs at arch_index " << i;  // bit for bit, no tolerance
  };
  same(b->cifar10_valid.valid_acc_12, csv.cifar10_valid.valid_acc_12, "cifar10-valid valid_acc_12");
  same(b->cifar10_valid.train_time_per_epoch_s_200, csv.cifar10_valid.train_time_per_epoch_s_200,
       "cifar10-valid train_time_per_epoch_s_200");
  same(b->cifar10_valid.valid_time_per_epoch_s_200, csv.cifar10_valid.valid_time_per_epoch_s_200,
       "cifar10-valid valid_time_per_epoch_s_200");
  same(b->cifar10.test_acc_200, csv.cifar10.test_acc_200, "cifar10 test_acc_200");
  same(b->cifar100.valid_acc_12, csv.cifar100.valid_acc_12, "cifar100 valid_acc_12");
  same(b->cifar100.test_acc_200, csv.cifar100.test_acc_200, "cifar100 test_acc_200");
  same(b->imagenet16_120.valid_acc_12, csv.imagenet16_120.valid_acc_12, "ImageNet16-120 valid_acc_12");
  same(b->imagenet16_120.test_acc_200, csv.imagenet16_120.test_acc_200, "ImageNet16-120 test_acc_200");
  ASSERT_TRUE(b->hw_metrics && csv.hw_metrics);
  std::size_t present = 0;
  for (std::size_t c = 0; c < nb::latency_column_count; ++c) {
    if (!b->hw_metrics->has(c)) continue;
    ++present;
    same(b->hw_metrics->latency_ms[c], csv.hw_metrics->latency_ms[c], std::string(nb::latency_columns[c]).c_str());
  }
  EXPECT_EQ(present, 8u);
  // The protocol gives identical answers on both.
  for (auto d : {dataset::cifar10, dataset::cifar100, dataset::imagenet16_120}) {
    const nb::benchmark_protocol pb(b, d), pc(nb201_test::shared_data(), d);
    EXPECT_EQ(pb.best_search_index(), pc.best_search_index());
    EXPECT_EQ(pb.best_report_index(), pc.best_report_index());
    for (std::size_t i = 0; i < nb::arch_count; i += 97) {
      EXPECT_EQ(pb.query(i).valid_acc, pc.query(i).valid_acc);
      EXPECT_EQ(pb.query(i).time_cost_s, pc.query(i).time_cost_s);
      EXPECT_EQ(pb.report(i).test_acc, pc.report(i).test_acc);
    }
  }
}

TEST(Nb201BuiltinTable, PublishedValuesWithoutAnyDataFile) {
  const auto b = nb::builtin_tables();
  EXPECT_EQ(b.get(), nb::builtin_tables().get());  // decoded once
  // SOURCE.md / the official API: arch 1 (hp=12) and the optima of the paper.
  EXPECT_EQ(b->cifar10_valid.valid_acc_12[1], 82.83399999);
  EXPECT_EQ(b->cifar10.test_acc_200[1], 93.66);
  EXPECT_EQ(b->cifar100.valid_acc_12[1], 57.79999997);
  const nb::benchmark_protocol c10(b, dataset::cifar10), c100(b, dataset::cifar100),
      in16(b, dataset::imagenet16_120);
  EXPECT_EQ(c10.best_report_index(), 6111u);
  EXPECT_NEAR(c10.report(6111).test_acc, 94.3733, 1e-4);
  EXPECT_EQ(c100.best_report_index(), 9930u);
  EXPECT_NEAR(c100.report(9930).test_acc, 73.5133, 1e-4);
  EXPECT_EQ(in16.best_report_index(), 857u);
  EXPECT_NEAR(in16.report(857).test_acc, 47.3111, 1e-4);
  EXPECT_NEAR(c10.query(1).time_cost_s, 133.93, 0.01);  // README: arch 1 charges 133.93 s
  ASSERT_TRUE(b->hw_metrics.has_value());
  EXPECT_EQ(b->hw_metrics->latency(nb::latency_columns[0])[0], 3.64562);  // HW-NAS-Bench eyeriss, arch 0
  EXPECT_FALSE(b->hw_metrics->has(*nb::latency_column_index("help_1080ti_1_latency_ms")));
  const auto costs = c10.costs(0);
  ASSERT_TRUE(costs.latency_ms.has_value());
  EXPECT_TRUE(std::isnan((*costs.latency_ms)[*nb::latency_column_index("help_1080ti_1_latency_ms")]));
  // The committed table stays within its 1 MB budget.
  EXPECT_LE(fs::file_size(DSEGYM_SOURCE_DIR "/simulators/nb201/data/nb201_table.bin"), 1u << 20);
}

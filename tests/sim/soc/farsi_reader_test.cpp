#include <gtest/gtest.h>

#include <set>

#include "dsegym/core/error.hpp"
#include "test_support.hpp"
#include "dsegym_test_data.hpp"

namespace soc_test {
namespace {

TEST(SocFarsiReader, FindsTheThreeWorkloads) {
  DSEGYM_NEED_DATA("archgym-reference/farsi-workloads");
  EXPECT_EQ(farsi_workload_names(farsi_dir()),
            (std::vector<std::string>{"audio_decoder", "edge_detection", "hpvm_cava"}));
}

// Spec §A.1 table: tasks, edges, bytes, serial A53, A53 critical path, best-of critical path,
// last task.
struct table_row {
  const char* name;
  std::size_t tasks, edges;
  std::uint64_t bytes;
  double serial_s, gpp_cp_s, best_cp_s;
  const char* last;
};

class SocFarsiTable : public ::testing::TestWithParam<table_row> {};

TEST_P(SocFarsiTable, ReproducesSpecTable) {
  DSEGYM_NEED_DATA("archgym-reference/farsi-workloads");
  const auto& row = GetParam();
  const workload& w = farsi(row.name);
  const auto s = compute_stats(w);
  EXPECT_EQ(s.tasks, row.tasks);
  EXPECT_EQ(s.edges, row.edges);
  EXPECT_EQ(s.bytes, row.bytes);
  // The spec rounds to 3-4 significant digits (and prints audio's 1.9046 ms as 1.91 ms).
  EXPECT_NEAR(s.serial_gpp_s, row.serial_s, row.serial_s * 1e-3);
  EXPECT_NEAR(s.gpp_critical_path_s, row.gpp_cp_s, row.gpp_cp_s * 1e-3);
  EXPECT_NEAR(s.best_critical_path_s, row.best_cp_s, row.best_cp_s * 3e-3);
  EXPECT_EQ(w.tasks[w.last_task].name, row.last);
  EXPECT_EQ(w.tasks.front().name, "souurce");
}

INSTANTIATE_TEST_SUITE_P(
    SpecA1, SocFarsiTable,
    ::testing::Values(table_row{"audio_decoder", 18, 23, 2973945, 6.30e-3, 4.73e-3, 1.91e-3, "dummy_last"},
                      table_row{"edge_detection", 8, 8, 52429000, 3.295, 2.852, 2.852, "rejectZeroCrossings"},
                      table_row{"hpvm_cava", 9, 8, 2367378, 84.88, 84.88, 35.91, "descale_fxp_cloned"}),
    [](const auto& info) { return std::string(info.param.name); });

std::set<std::tuple<std::string, std::string, std::uint64_t>> edge_set(const workload& w) {
  std::set<std::tuple<std::string, std::string, std::uint64_t>> s;
  for (const auto& e : w.edges) s.emplace(w.tasks[e.producer].name, w.tasks[e.consumer].name, e.bytes);
  return s;
}

TEST(SocFarsiReader, HpvmCavaIsTheSpecChain) {
  DSEGYM_NEED_DATA("archgym-reference/farsi-workloads");
  const workload& w = farsi("hpvm_cava");
  const std::vector<std::string> chain{"souurce", "scale", "demosaic", "denoise", "transform",
                                       "gamut_map", "tone_map", "descale", "siink"};
  std::set<std::tuple<std::string, std::string, std::uint64_t>> expected;
  auto full = [](const std::string& n) { return n == "souurce" || n == "siink" ? n : n + "_fxp_cloned"; };
  for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
    const std::uint64_t bytes = i == 0 || i + 2 == chain.size() ? 91053 : 364212;
    expected.emplace(full(chain[i]), full(chain[i + 1]), bytes);
  }
  EXPECT_EQ(edge_set(w), expected);
  // Itr_Count writes "source"; it is read as souurce. Every stage has 151 iterations.
  EXPECT_EQ(w.tasks[find_task(w, "souurce")].iterations, 1u);
  EXPECT_EQ(w.tasks[find_task(w, "gamut_map_fxp_cloned")].iterations, 151u);
  EXPECT_DOUBLE_EQ(*w.tasks[find_task(w, "gamut_map_fxp_cloned")].gpp_cycles, 81304050420.0);
  EXPECT_DOUBLE_EQ(*w.tasks[find_task(w, "gamut_map_fxp_cloned")].ip_cycles, 3387311728.0);
  EXPECT_DOUBLE_EQ(w.tasks[find_task(w, "gamut_map_fxp_cloned")].ip_energy, 208042.0);
  EXPECT_DOUBLE_EQ(w.tasks[find_task(w, "gamut_map_fxp_cloned")].ip_area_um2, 107726.0);
}

TEST(SocFarsiReader, EdgeDetectionGraph) {
  DSEGYM_NEED_DATA("archgym-reference/farsi-workloads");
  const workload& w = farsi("edge_detection");
  const std::set<std::tuple<std::string, std::string, std::uint64_t>> expected{
      {"souurce", "gaussianSmoothing", 13107396},
      {"gaussianSmoothing", "laplacianEstimate", 6553600},
      {"gaussianSmoothing", "computeGradient", 6553600},
      {"laplacianEstimate", "computeZeroCrossings", 6553600},
      {"computeZeroCrossings", "rejectZeroCrossings", 6553600},
      {"computeGradient", "computeMaxGradientLeaf", 6553600},
      {"computeMaxGradientLeaf", "rejectZeroCrossings", 4},
      {"rejectZeroCrossings", "siink", 6553600}};
  EXPECT_EQ(edge_set(w), expected);
  EXPECT_EQ(w.tasks[find_task(w, "gaussianSmoothing")].iterations, 1638400u);
  EXPECT_EQ(w.tasks[find_task(w, "computeMaxGradientLeaf")].iterations, 256u);
  // IP1..IP8 energy columns are ignored: IP0 is read.
  EXPECT_DOUBLE_EQ(w.tasks[find_task(w, "gaussianSmoothing")].ip_energy, 233984.0);
  EXPECT_FALSE(w.tasks[find_task(w, "souurce")].ip_cycles.has_value());
}

TEST(SocFarsiReader, AudioDecoderGraph) {
  DSEGYM_NEED_DATA("archgym-reference/farsi-workloads");
  const workload& w = farsi("audio_decoder");
  const auto edges = edge_set(w);
  // The self edge zoomProcess -> zoomProcess (248 B) is ignored.
  for (const auto& [p, c, b] : edges) EXPECT_NE(p, c);
  EXPECT_TRUE(edges.contains({"setAndFFT_left_fxp_cloned", "FIR_left_fxp_cloned", 329352}));
  EXPECT_TRUE(edges.contains({"FIR_right_fxp_cloned", "IFFT_right_fxp_cloned", 329352}));
  EXPECT_TRUE(edges.contains({"IFFT_left_fxp_cloned", "overlap_left_fxp_cloned", 329352}));
  EXPECT_TRUE(edges.contains({"rotatorSet_fxp_cloned", "psychoFilter_fxp_cloned", 55856}));
  EXPECT_TRUE(edges.contains({"overlap_right_fxp_cloned", "dummy_last", 4096}));
  EXPECT_TRUE(edges.contains({"dummy_last", "siink", 1}));
  // dummy_last has no Itr_Count row: 1.
  EXPECT_EQ(w.tasks[find_task(w, "dummy_last")].iterations, 1u);
  EXPECT_EQ(w.tasks[find_task(w, "FIR_left_fxp_cloned")].iterations, 16400u);
  EXPECT_TRUE(w.tasks[find_task(w, "dummy_last")].zero_work());
}

// ---- malformed copies ---------------------------------------------------------------------------

// Loads `workload` from a modified copy and checks the data_error names the file and line.
void expect_data_error(const fs::path& dir, const std::string& workload_name, const std::string& file,
                       const std::string& needle, std::size_t line) {
  try {
    (void)load_farsi_workload(dir, workload_name);
    ADD_FAILURE() << "no error, expected one mentioning " << needle;
  } catch (const dsegym::data_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(file), std::string::npos) << what;
    EXPECT_NE(what.find(needle), std::string::npos) << what;
    EXPECT_EQ(e.line(), line) << what;
    EXPECT_EQ(e.code(), dsegym::error_code::data_error);
  }
}

class SocFarsiBadFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    DSEGYM_NEED_DATA("archgym-reference/farsi-workloads"); copy_farsi(tmp_.path()); }
  [[nodiscard]] fs::path file(const std::string& name) const { return tmp_.path() / name; }
  void expect(const std::string& file_name, const std::string& needle, std::size_t line,
              const std::string& workload_name = "hpvm_cava") {
    expect_data_error(tmp_.path(), workload_name, file_name, needle, line);
  }
  temp_dir tmp_;
};

TEST_F(SocFarsiBadFiles, CopyLoadsLikeTheOriginal) {
  DSEGYM_NEED_DATA("archgym-reference/farsi-workloads");
  EXPECT_EQ(load_farsi_workload(tmp_.path(), "hpvm_cava"), farsi("hpvm_cava"));
}

TEST_F(SocFarsiBadFiles, NonNumericBytes) {
  const auto f = file("hpvm_cava_database__Task_Data_Movement.csv");
  replace_in(f, "364212", "36x212");
  expect(f.filename(), "\"36x212\" is not a non-negative integer", line_of(f, "36x212"));
}

TEST_F(SocFarsiBadFiles, RaggedRow) {
  const auto f = file("hpvm_cava_database__Task_Data_Movement.csv");
  replace_in(f, "demosaic_fxp_cloned,,,,", "demosaic_fxp_cloned,,,,,");
  expect(f.filename(), "11 fields, the header has 10", line_of(f, "demosaic_fxp_cloned,,,,,"));
}

TEST_F(SocFarsiBadFiles, NonSquareMatrix) {
  const auto f = file("hpvm_cava_database__Task_Data_Movement.csv");
  replace_in(f, "\r\nsiink,,,,,,,,,", "");
  expect(f.filename(), "must be square", 1);
}

TEST_F(SocFarsiBadFiles, UnknownTaskInPerformance) {
  const auto f = file("hpvm_cava_database__Task_PE_Performance.csv");
  replace_in(f, "tone_map_fxp_cloned,", "tone_mop,");
  expect(f.filename(), "unknown task \"tone_mop\"", line_of(f, "tone_mop"));
}

TEST_F(SocFarsiBadFiles, MissingPerformanceRow) {
  const auto f = file("hpvm_cava_database__Task_PE_Performance.csv");
  replace_in(f, "denoise_fxp_cloned,348287144,9876910\r\n", "");
  expect(f.filename(), "no row for task \"denoise_fxp_cloned\"", 1);
}

TEST_F(SocFarsiBadFiles, DuplicateRow) {
  const auto f = file("hpvm_cava_database__Task_PE_Area.csv");
  replace_in(f, "scale_fxp_cloned,,14601", "scale_fxp_cloned,,14601\r\nscale_fxp_cloned,,1");
  expect(f.filename(), "duplicate row for task \"scale_fxp_cloned\"", line_of(f, "scale_fxp_cloned,,1\r"));
}

TEST_F(SocFarsiBadFiles, NegativeCycles) {
  const auto f = file("hpvm_cava_database__Task_PE_Performance.csv");
  replace_in(f, "23110550", "-23110550");
  expect(f.filename(), "\"-23110550\" is not a non-negative number", line_of(f, "-23110550"));
}

TEST_F(SocFarsiBadFiles, ZeroIterations) {
  const auto f = file("hpvm_cava_database__Task_Itr_Count.csv");
  replace_in(f, "scale_fxp_cloned,151", "scale_fxp_cloned,0");
  expect(f.filename(), "must be >= 1", line_of(f, "scale_fxp_cloned,0"));
}

TEST_F(SocFarsiBadFiles, WrongHeader) {
  const auto f = file("hpvm_cava_database__Task_PE_Energy.csv");
  replace_in(f, "Task Name,A53,IP0", "Task Name,A53,IPzero");
  expect(f.filename(), "missing column \"IP0\"", 1);
}

TEST_F(SocFarsiBadFiles, MissingTable) {
  fs::remove(file("hpvm_cava_database__Task_PE_Area.csv"));
  expect("hpvm_cava_database__Task_PE_Area.csv", "cannot open", 0);
}

TEST_F(SocFarsiBadFiles, NoLastTask) {
  const auto f = file("misc_database__Last_Tasks.csv");
  replace_in(f, "hpvm_cava,descale_fxp_cloned\r\n", "");
  expect("misc_database__Last_Tasks.csv", "no last task for workload 'hpvm_cava'", 0);
}

TEST_F(SocFarsiBadFiles, LastTaskNotInWorkload) {
  const auto f = file("misc_database__Last_Tasks.csv");
  replace_in(f, "hpvm_cava,descale_fxp_cloned", "hpvm_cava,descale");
  expect(f.filename(), "last task \"descale\"", line_of(f, "hpvm_cava,descale"));
}

TEST_F(SocFarsiBadFiles, DependencyCycle) {
  const auto f = file("edge_detection_database__Task_Data_Movement.csv");
  replace_in(f, "rejectZeroCrossings,,,,,,,,6553600", "rejectZeroCrossings,,7,,,,,,6553600");
  expect(f.filename(), "cycle", 0, "edge_detection");
}

TEST(SocFarsiReader, MissingDirectory) {
  EXPECT_THROW((void)farsi_workload_names("/nonexistent/dsegym"), dsegym::data_error);
  EXPECT_THROW((void)load_farsi_workload("/nonexistent/dsegym", "hpvm_cava"), dsegym::data_error);
}

}  // namespace
}  // namespace soc_test

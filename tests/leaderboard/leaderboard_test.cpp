// The leaderboard end to end on NAS-Bench-201: resume after interruption, validation catches a
// tampered record, the report regenerates byte-identically, bad specs are rejected.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <dsegym/envs/default_registry.hpp>
#include <dsegym/json/record.hpp>
#include <dsegym/leaderboard/report.hpp>
#include <dsegym/leaderboard/run.hpp>
#include <dsegym/leaderboard/validate.hpp>
#include <filesystem>
#include <fstream>

using namespace dsegym;
using namespace dsegym::leaderboard;
namespace fs = std::filesystem;

namespace {

value small_spec() {
  return parse_json(R"({
    "name": "test",
    "seeds": [1, 2, 3],
    "envs": [{"id": "nas/NB201-v0", "kwargs": {"latency": "none"}, "budget": {"kind": "cost", "amount": 3000}},
             {"id": "nas/NB201-v0", "kwargs": {"latency": "none", "mode": "sequential"},
              "budget": {"kind": "evaluations", "amount": 12}, "score": {"metric": "valid_acc"}, "label": "nb201-seq"}],
    "agents": [{"name": "random"}, {"name": "regularized_evolution"}, {"name": "reinforce"}],
    "metrics": ["flops_M"]
  })");
}

class Leaderboard : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("DSEGYM_DATA_DIR", DSEGYM_TEST_DATA_DIR, 1);
    out_ = fs::temp_directory_path() / ("dsegym_lb_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(out_);
  }
  void TearDown() override { fs::remove_all(out_); }
  std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {(std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()};
  }
  fs::path out_;
};

}  // namespace

TEST_F(Leaderboard, SpecResolvesScoresBudgetsAndLabels) {
  const auto s = parse_spec(small_spec());
  ASSERT_EQ(s.envs.size(), 2u);
  EXPECT_EQ(s.envs[0].score.metric, "test_acc");
  EXPECT_EQ(s.envs[0].score.source, "reported");
  EXPECT_EQ(s.envs[1].score.metric, "valid_acc");
  EXPECT_EQ(s.envs[1].score.source, "final");
  EXPECT_EQ(s.envs[1].label, "nb201-seq");
  EXPECT_EQ(s.envs[0].budget.kind, agents::budget_kind::cost);
  EXPECT_EQ(s.agents[1].config.at("population_size").as_int(), 10);
}

TEST_F(Leaderboard, BadSpecsAreRejectedWithReasons) {
  const auto bad = [](const char* json) { return parse_json(json); };
  EXPECT_THROW((void)parse_spec(bad(R"({"seeds": 2, "envs": [{"id": "nas/Nope-v0"}], "agents": [{"name": "random"}]})")), not_found);
  EXPECT_THROW((void)parse_spec(bad(R"({"seeds": 2, "envs": [{"id": "nas/NB201-v0"}], "agents": [{"name": "zzz"}]})")), not_found);
  EXPECT_THROW((void)parse_spec(bad(R"({"seeds": 0, "envs": [{"id": "nas/NB201-v0"}], "agents": [{"name": "random"}]})")), invalid_argument);
  EXPECT_THROW((void)parse_spec(bad(R"({"seeds": 2, "envs": [], "agents": [{"name": "random"}]})")), invalid_argument);
  EXPECT_THROW((void)parse_spec(bad(R"({"seeds": 2, "envs": [{"id": "nas/NB201-v0", "budget": {"kind": "hours", "amount": 1}}], "agents": [{"name": "random"}]})")), invalid_argument);
  EXPECT_THROW((void)parse_spec(bad(R"({"seeds": 2, "envs": [{"id": "nas/NB201-v0", "score": {"metric": "speed"}}], "agents": [{"name": "random"}]})")), invalid_argument);
  EXPECT_THROW((void)parse_spec(bad(R"({"seeds": 2, "envs": [{"id": "nas/NB201-v0"}], "agents": [{"name": "random"}], "extra": 1})")), invalid_argument);
  EXPECT_THROW((void)parse_spec(bad(R"({"seeds": [1, 1], "envs": [{"id": "nas/NB201-v0"}], "agents": [{"name": "random"}]})")), invalid_argument);
}

TEST_F(Leaderboard, ResumesWithoutRedoingFinishedRuns) {
  const auto s = parse_spec(small_spec());
  run_options o;
  o.progress = false;
  o.threads = 2;
  o.max_runs = 5;  // an interrupted leaderboard
  auto st = run_leaderboard(s, out_, o);
  EXPECT_EQ(st.total, 18u);
  EXPECT_EQ(st.executed, 5u);
  std::vector<run_key> missing;
  EXPECT_EQ(load_results(s, out_, &missing).size(), 5u);
  EXPECT_EQ(missing.size(), 13u);
  const auto first = run_file(out_, s, {0, 0, 1});
  ASSERT_TRUE(fs::exists(first));
  const auto stamp = fs::last_write_time(first);
  o.max_runs = 0;
  st = run_leaderboard(s, out_, o);
  EXPECT_EQ(st.skipped, 5u);
  EXPECT_EQ(st.executed, 13u);
  EXPECT_EQ(fs::last_write_time(first), stamp);
  EXPECT_EQ(load_results(s, out_).size(), 18u);
  // a different spec in the same directory is refused
  value other = small_spec();
  other.set("seeds", value::list{7});
  EXPECT_THROW(run_leaderboard(parse_spec(other), out_, o), invalid_argument);
}

TEST_F(Leaderboard, ResultsDoNotDependOnThreadCount) {
  const auto s = parse_spec(small_spec());
  run_options o;
  o.progress = false;
  o.threads = 1;
  run_leaderboard(s, out_ / "one", o);
  o.threads = 2;
  run_leaderboard(s, out_ / "two", o);
  for (const auto& [a, b] : {std::pair{out_ / "one", out_ / "two"}}) {
    const auto ra = load_results(s, a), rb = load_results(s, b);
    ASSERT_EQ(ra.size(), rb.size());
    for (std::size_t i = 0; i < ra.size(); ++i) {
      EXPECT_EQ(ra[i].score, rb[i].score);
      EXPECT_EQ(ra[i].best_so_far, rb[i].best_so_far);
    }
  }
}

TEST_F(Leaderboard, ReportRegeneratesIdentically) {
  const auto s = parse_spec(small_spec());
  run_options o;
  o.progress = false;
  run_leaderboard(s, out_, o);
  const auto summary = write_report(s, load_results(s, out_), out_);
  std::map<std::string, std::string> first;
  for (const auto& e : fs::recursive_directory_iterator(out_ / "report"))
    if (e.is_regular_file()) first[e.path().string()] = read(e.path());
  EXPECT_GE(first.size(), 9u);  // md, 3 csv, json, 4 svg
  (void)write_report(s, load_results(s, out_), out_);
  for (const auto& [p, text] : first) EXPECT_EQ(read(p), text) << p;
  const std::string md = read(summary);
  EXPECT_NE(md.find("| rank | agent |"), std::string::npos);
  EXPECT_NE(md.find("curves/nas_NB201-v0_cost.svg"), std::string::npos);
  EXPECT_NE(read(out_ / "report" / "curves" / "nb201-seq_evaluations.svg").find("<polyline"), std::string::npos);
}

TEST_F(Leaderboard, ValidateReplaysAndCatchesATamperedReward) {
  const auto s = parse_spec(small_spec());
  run_options o;
  o.progress = false;
  o.max_runs = 2;
  run_leaderboard(s, out_, o);
  const fs::path file = run_file(out_, s, {0, 0, 1});
  auto ok = validate_file(file.string());
  EXPECT_TRUE(ok.mismatches.empty());
  EXPECT_GT(ok.episodes, 5u);
  // tamper: change one recorded reward
  auto records = read_records(file.string());
  records[3].steps[0].reward += 1e-9;
  {
    std::ofstream outf(file, std::ios::trunc);
    for (const auto& r : records) outf << record_to_json(r).dump() << "\n";
  }
  const auto bad = validate_file(file.string());
  ASSERT_EQ(bad.mismatches.size(), 1u);
  EXPECT_EQ(bad.mismatches[0].episode, 3);
  EXPECT_EQ(bad.mismatches[0].step, 0);
  EXPECT_NE(bad.mismatches[0].run.find("seed1"), std::string::npos);
  EXPECT_NE(bad.mismatches[0].what.find("reward"), std::string::npos);
  // tamper: reported test accuracy of the final design
  records = read_records(file.string());
  records[3].steps[0].reward -= 1e-9;
  for (auto& r : records)
    if (!r.reported.empty()) r.reported[0].value = 99.0;
  {
    std::ofstream outf(file, std::ios::trunc);
    for (const auto& r : records) outf << record_to_json(r).dump() << "\n";
  }
  const auto rep = validate_file(file.string());
  ASSERT_EQ(rep.mismatches.size(), 1u);
  EXPECT_NE(rep.mismatches[0].what.find("reported"), std::string::npos);
}

TEST_F(Leaderboard, RealTrainingRunsAtCiFidelityByDefaultAndHasAFullSpec) {
  if (!envs::default_registry().contains("nas/ArchRecipe-v0")) GTEST_SKIP() << "nn simulator not built";
  std::vector<std::string> skipped;
  const auto def = parse_spec(default_spec_value(2, skipped));
  const auto it = std::find_if(def.envs.begin(), def.envs.end(),
                               [](const auto& e) { return e.id == "nas/ArchRecipe-v0"; });
  ASSERT_NE(it, def.envs.end());
  EXPECT_EQ(it->kwargs.at("split").as_string(), "ci");
  EXPECT_EQ(it->budget.kind, agents::budget_kind::cost);
  EXPECT_EQ(it->budget.amount, 30.0);

  std::ifstream in(fs::path(DSEGYM_SOURCE_DIR) / "examples/leaderboards/arch-recipe.json");
  const auto s = parse_spec(parse_json(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>())));
  ASSERT_EQ(s.envs.size(), 1u);
  EXPECT_EQ(s.envs[0].kwargs.at("split").as_string(), "full");
  EXPECT_EQ(s.envs[0].score.metric, "test_acc");
  EXPECT_EQ(s.envs[0].score.source, "reported");
  EXPECT_EQ(s.agents.size(), 4u);
}

TEST_F(Leaderboard, WithoutTablesNb201RunsTheTrainerAtCiPreset) {
  if (!envs::default_registry().contains("nas/ArchRecipe-v0") ||
      !fs::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"))
    GTEST_SKIP() << "needs the nn simulator and the package dataset-fashion-mnist";
  const fs::path empty = out_ / "empty-root";
  fs::create_directories(empty);
  ::setenv("DSEGYM_DATA_DIR", empty.c_str(), 1);
  std::vector<std::string> skipped;
  const auto def = parse_spec(default_spec_value(2, skipped));
  const auto it = std::find_if(def.envs.begin(), def.envs.end(),
                               [](const auto& e) { return e.id == "nas/NB201-v0"; });
  ASSERT_NE(it, def.envs.end());
  EXPECT_EQ(it->kwargs.at("backend").as_string(), "train");
  EXPECT_EQ(it->kwargs.at("train_preset").as_string(), "ci");
  EXPECT_EQ(it->budget.amount, 60.0);
}

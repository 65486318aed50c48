// The leaderboard end to end on NAS-Bench-201: resume after interruption, validation catches a
// tampered record, the report regenerates byte-identically, bad specs are rejected.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <dsegym/envs/default_registry.hpp>
#include <dsegym/json/record.hpp>
#include <dsegym/leaderboard/report.hpp>
#include <dsegym/leaderboard/run.hpp>
#include <dsegym/leaderboard/suite.hpp>
#include <dsegym/leaderboard/validate.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

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
  if (!envs::default_registry().contains("nas/ArchRecipe-v1")) GTEST_SKIP() << "nn simulator not built";
  std::vector<std::string> skipped;
  const auto def = parse_spec(default_spec_value(2, skipped));
  const auto it = std::find_if(def.envs.begin(), def.envs.end(),
                               [](const auto& e) { return e.id == "nas/ArchRecipe-v1"; });
  ASSERT_NE(it, def.envs.end());
  EXPECT_EQ(it->kwargs.at("split").as_string(), "ci");
  EXPECT_EQ(it->budget.kind, agents::budget_kind::cost);

  std::ifstream in(fs::path(DSEGYM_SOURCE_DIR) / "examples/leaderboards/arch-recipe.json");
  const auto s = parse_spec(parse_json(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>())));
  ASSERT_EQ(s.envs.size(), 1u);
  EXPECT_EQ(s.envs[0].kwargs.at("split").as_string(), "full");
  EXPECT_EQ(s.envs[0].score.metric, "test_acc");
  EXPECT_EQ(s.envs[0].score.source, "reported");
  EXPECT_EQ(s.agents.size(), 4u);
}

TEST_F(Leaderboard, DefaultLeaderboardIsTaskSuitesWithBestKnownValuesAndNeedsNoData) {
  const fs::path empty = out_ / "empty-root";
  fs::create_directories(empty);
  ::setenv("DSEGYM_DATA_DIR", empty.c_str(), 1);
  std::vector<std::string> skipped;
  const auto def = parse_spec(default_spec_value(5, skipped));
  std::set<std::string> problems, ids;
  std::map<std::string, std::size_t> per_problem;
  for (const auto& e : def.envs) {
    problems.insert(e.problem);
    ids.insert(e.id);
    ++per_problem[e.problem];
    ASSERT_TRUE(e.reference.has_value()) << e.label << " has no best-known value";
    EXPECT_FALSE(e.reference->method.empty()) << e.label;
    EXPECT_TRUE(e.score.maximize ? e.reference->best > e.reference->random : e.reference->best < e.reference->random)
        << e.label;
  }
  // NB201 runs on the built-in table, never the trainer.
  const auto nb = std::find_if(def.envs.begin(), def.envs.end(), [](const auto& e) { return e.id == "nas/NB201-v0"; });
  ASSERT_NE(nb, def.envs.end());
  EXPECT_EQ(nb->kwargs.at("backend").as_string(), "tabular");
  EXPECT_EQ(nb->reference->best, 94.37333333);  // exhaustive: index 6111's 200-epoch CIFAR-10 test accuracy
  // Every built env is in the leaderboard; the multi-agent DRAM env is a view of the DRAM problem.
  for (const env_entry* e : envs::default_registry().entries()) EXPECT_TRUE(ids.count(e->id)) << e->id;
  if (ids.count("hw/DRAMController-MA-v0")) {
    EXPECT_FALSE(problems.count("hw/DRAMController-MA-v0"));
    EXPECT_TRUE(problems.count("hw/DRAMController-v1"));
  }
  for (const auto& [p, n] : per_problem) {
    if (p != "nas/ArchRecipe-v1") {
      EXPECT_GE(n, 2u) << p << " should be a suite of instances";
    }
  }
  EXPECT_TRUE(skipped.empty()) << skipped.front();
}

TEST_F(Leaderboard, RegretRanksTestsAndSaturationFollowTheReferenceValues) {
  // Hand-built results on two instances of one problem and one of another.
  value v = parse_json(R"({
    "name": "t", "seeds": 4,
    "envs": [{"id": "nas/NB201-v0", "kwargs": {"latency": "none", "data_dir": "builtin"}, "label": "a", "problem": "P",
              "reference": {"best": 10, "random": 0, "method": "hand"}},
             {"id": "nas/NB201-v0", "kwargs": {"latency": "none", "data_dir": "builtin"}, "label": "b", "problem": "P",
              "reference": {"best": 20, "random": 10, "method": "hand"}},
             {"id": "nas/NB201-v0", "kwargs": {"latency": "none", "data_dir": "builtin"}, "label": "c", "problem": "Q",
              "reference": {"best": 1, "random": 0, "method": "hand"}}],
    "agents": [{"name": "random"}, {"name": "regularized_evolution"}]
  })");
  const auto s = parse_spec(v);
  std::vector<run_result> rs;
  const auto add = [&](std::size_t env, std::size_t agent, std::uint64_t seed, double score) {
    run_result r;
    r.key = {env, agent, seed};
    r.score = score;
    rs.push_back(r);
  };
  for (std::uint64_t k = 0; k < 4; ++k) {
    add(0, 0, k, 5.0), add(0, 1, k, k == 0 ? 10.0 : 9.0);  // regrets 0.5 vs 0 / 0.1
    add(1, 0, k, 15.0), add(1, 1, k, 19.0);               // 0.5 vs 0.1
    add(2, 0, k, 0.5), add(2, 1, k, 0.5);                 // ties
  }
  const report r = make_report(s, rs);
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[0].name, "P");
  const auto& rea = r.problems[0].rows[1];
  EXPECT_NEAR(rea.mean_regret, (0.075 + 0.1) / 2.0, 1e-12);  // mean over instances of the instance means
  EXPECT_NEAR(r.problems[0].rows[0].mean_regret, 0.5, 1e-12);
  // Every REA run beats every random run on P: the exact permutation p-value is 1 / C(8,4)^2.
  EXPECT_NEAR(rea.p_vs_random, 1.0 / (70.0 * 70.0), 1e-12);
  EXPECT_DOUBLE_EQ(rea.improvement_probability, 1.0);
  EXPECT_EQ(r.problems[0].best_agent, "regularized_evolution");
  // On Q the agents tie: no evidence, probability of improvement one half.
  EXPECT_DOUBLE_EQ(r.problems[1].rows[1].improvement_probability, 0.5);
  EXPECT_DOUBLE_EQ(r.problems[1].rows[1].p_vs_random, 1.0);
  // Overall: each problem weighs the same; REA first.
  ASSERT_EQ(r.overall.size(), 2u);
  EXPECT_EQ(r.overall[0].agent, "regularized_evolution");
  EXPECT_NEAR(r.overall[0].mean_regret, (rea.mean_regret + 0.5) / 2.0, 1e-12);
  EXPECT_NEAR(r.overall[1].mean_regret, 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(r.overall[0].improvement_probability, 0.75);
  EXPECT_EQ(r.overall[0].problems_beating_random, 1u);
  // Saturation: one of 8 runs of instance a reaches its best-known value.
  EXPECT_DOUBLE_EQ(r.instances[0].at_best_fraction, 1.0 / 8.0);
  EXPECT_DOUBLE_EQ(r.instances[1].at_best_fraction, 0.0);
  const std::string text = ranking_text(s, r);
  EXPECT_NE(text.find("1 of 2 problems"), std::string::npos) << text;
}

TEST_F(Leaderboard, ReferenceValuesAreCheckedAndBestKnownIsRecomputable) {
  const auto bad = [](const char* ref) {
    return parse_json(std::string(R"({"seeds": 1, "envs": [{"id": "nas/NB201-v0", "kwargs": {"latency": "none"},
      "reference": )") + ref + R"(}], "agents": [{"name": "random"}]})");
  };
  EXPECT_THROW((void)parse_spec(bad(R"({"best": 1, "random": 1})")), invalid_argument);
  EXPECT_THROW((void)parse_spec(bad(R"({"best": 50, "random": 90})")), invalid_argument);  // worse than random
  EXPECT_THROW((void)parse_spec(bad(R"({"best": 90, "random": 50, "how": "x"})")), invalid_argument);
  // NB201's best-known value is exhaustive and reproduces the stored one.
  const auto& suite = default_suite();
  const auto it = std::find_if(suite.begin(), suite.end(), [](const auto& in) { return in.label == "nb201-cifar100"; });
  ASSERT_NE(it, suite.end());
  const auto s = parse_spec(value::dict{{"seeds", 1}, {"envs", value::list{instance_entry(*it)}},
                                        {"agents", value::list{value::dict{{"name", "random"}}}}});
  const auto ref = compute_reference(s.envs[0], {}, 2);
  EXPECT_EQ(ref.designs_evaluated, 15625u);
  EXPECT_EQ(ref.values.best, it->reference.best);
  EXPECT_NEAR(ref.values.random, it->reference.random, 1e-9);
  EXPECT_NE(ref.values.method.find("exhaustive"), std::string::npos);
  EXPECT_NEAR(ref.values.best, 73.5133, 1e-4);  // the paper's optimal CIFAR-100 test accuracy
}

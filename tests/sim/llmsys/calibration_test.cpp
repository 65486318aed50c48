// Calibration: the qualitative effect sizes of spec §7–§8, §11 as checkable properties. Each test
// name states its property. Averages run over several simulation seeds (spec §11: ≥5 seeds).

#include <algorithm>
#include <cmath>

#include "test_support.hpp"

using namespace llmsys_test;
using ct = component_type;

namespace {
architecture arch(std::vector<layer> layers) { return {"t", std::move(layers)}; }

/// Exact coverage c(k) = mean_i [1 − (1 − p_i)^k] of one model at T = 0.7.
double coverage(const simulator& sim, std::size_t model, double k) {
  double c = 0;
  for (std::size_t i = 0; i < sim.bench().size(); ++i) c += 1 - std::pow(1 - sim.p_correct(model, i, 0.7), k);
  return c / static_cast<double>(sim.bench().size());
}

struct fit {
  double slope = 0, r2 = 0;
};
fit linear_fit(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) mx += x[i] / n, my += y[i] / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    sxy += (x[i] - mx) * (y[i] - my), sxx += (x[i] - mx) * (x[i] - mx), syy += (y[i] - my) * (y[i] - my);
  return {sxy / sxx, sxy * sxy / (sxx * syy)};
}

simulator big_sim(const std::string& name, int questions, const std::string& cat = "open70b") {
  benchmark_params p = find_benchmark(name);
  p.questions = questions;
  return simulator(std::make_shared<const benchmark>(p, 5), make_catalogue(cat));
}
}  // namespace

TEST(LlmsysCalibration, CoverageFollowsThePowerLawWithExponentAlphaAndParallelCurves) {
  const simulator sim = big_sim("math", 4000);
  const double alpha = sim.bench().params().alpha;
  std::vector<double> slopes;
  for (const char* name : {"atlas-72b", "fjord-70b", "juniper-70b"}) {
    const std::size_t m = sim.models().index_of(name);
    std::vector<double> lk, y;
    double prev = 0;
    for (double k = 1; k <= 1000; k *= 1.5) {
      const double c = coverage(sim, m, k);
      EXPECT_GE(c, prev) << "more samples never lower coverage";
      prev = c;
      lk.push_back(std::log(k));
      y.push_back(std::log(-std::log(c)));
    }
    const fit f = linear_fit(lk, y);
    EXPECT_GE(f.r2, 0.98) << name;
    EXPECT_NEAR(f.slope, -alpha, 0.05) << name;
    slopes.push_back(f.slope);
  }
  EXPECT_NEAR(slopes.front(), slopes.back(), 0.05);  // parallel log-log curves
}

TEST(LlmsysCalibration, PassAtKEstimatorWithTwoHundredSamplesMatchesExpectedCoverage) {
  const simulator sim = big_sim("mixeval_hard", 500);
  const std::size_t m = sim.models().index_of("ember-72b");
  constexpr int n = 200;
  std::vector<int> correct(sim.bench().size());
  for (std::size_t i = 0; i < sim.bench().size(); ++i)
    for (int s = 0; s < n; ++s) correct[i] += sim.sample_answer(m, i, 0.7, 3, static_cast<std::uint64_t>(s)) == 0;
  for (int k : {1, 5, 20}) {
    double est = 0;
    for (int c : correct) {
      // 1 − C(n−c, k)/C(n, k), as a product.
      double ratio = 1;
      for (int j = 0; j < k; ++j) ratio *= static_cast<double>(n - c - j) / (n - j);
      est += 1 - std::max(0.0, ratio);
    }
    est /= static_cast<double>(correct.size());
    EXPECT_NEAR(est, coverage(sim, m, k), 0.01) << "k = " << k;
  }
}

TEST(LlmsysCalibration, MajorityVotePlateausWhileCoverageKeepsRising) {
  const simulator sim = big_sim("mixeval_hard", 1000, "open8b");
  const std::size_t m = sim.models().index_of("nimbus-7b");
  const std::size_t k_ans = static_cast<std::size_t>(sim.bench().params().distractors) + 1;
  const auto vote_accuracy = [&](int k) {
    double acc = 0;
    for (std::size_t i = 0; i < sim.bench().size(); ++i) {
      std::vector<int> count(k_ans, 0);
      for (int s = 0; s < k; ++s) ++count[static_cast<std::size_t>(sim.sample_answer(m, i, 0.7, 1, static_cast<std::uint64_t>(s)))];
      acc += std::max_element(count.begin(), count.end()) == count.begin() ? 1 : 0;
    }
    return acc / static_cast<double>(sim.bench().size());
  };
  const double v100 = vote_accuracy(100), v1000 = vote_accuracy(1000);
  EXPECT_LT(std::abs(v1000 - v100), 0.01);
  EXPECT_GE(coverage(sim, m, 1000) - coverage(sim, m, 100), 0.05);
  // The plateau is the fraction of questions whose modal answer is correct.
  double modal = 0;
  for (std::size_t i = 0; i < sim.bench().size(); ++i) modal += sim.modal_answer(m, i, 0.7) == 0;
  EXPECT_NEAR(v1000, modal / static_cast<double>(sim.bench().size()), 0.02);
  EXPECT_GT(v100, coverage(sim, m, 1));  // voting beats one sample
}

TEST(LlmsysCalibration, RankerBeatsRandomSelectionButTrailsTheOracle) {
  const simulator sim = make_sim("arena_hard");
  component r = make(ct::ranker, top_model(sim));
  r.top_k = 1;
  const mean_result random = mean_over_seeds(sim, arch({ensemble(sim, 10)}));
  const mean_result ranked = mean_over_seeds(sim, arch({ensemble(sim, 10), {r}}));
  EXPECT_GT(ranked.accuracy, random.accuracy + 0.05);
  EXPECT_LT(ranked.accuracy, random.oracle - 0.02);
}

TEST(LlmsysCalibration, VerifierHelpsOnReasoningTasks) {
  const simulator sim = make_sim("math");
  const mean_result plain = mean_over_seeds(sim, arch({ensemble(sim, 10)}));
  const mean_result verified = mean_over_seeds(sim, arch({ensemble(sim, 10), {make(ct::verifier, top_model(sim))}}));
  EXPECT_GT(verified.accuracy, plain.accuracy + 0.03);
  EXPECT_LT(verified.accuracy, plain.oracle);
}

TEST(LlmsysCalibration, FuserHelpsEveryFamily) {
  for (const char* name : {"math", "code_contests", "arena_hard"}) {
    const simulator sim = make_sim(name);
    const mean_result plain = mean_over_seeds(sim, arch({ensemble(sim, 10)}));
    const mean_result fused = mean_over_seeds(sim, arch({ensemble(sim, 10), {make(ct::fuser, top_model(sim))}}));
    EXPECT_GT(fused.accuracy, plain.accuracy + 0.03) << name;
  }
}

TEST(LlmsysCalibration, ExtraFusionLayersHelpInstructionFollowingMoreThanReasoning) {
  double gain_open = 0, gain_choice = 0;
  for (const char* name : {"arena_hard", "mixeval"}) {
    const simulator sim = make_sim(name);
    const std::string top = top_model(sim);
    const layer f4(4, make(ct::fuser, top));
    const mean_result one = mean_over_seeds(sim, arch({ensemble(sim, 10), {make(ct::fuser, top)}}));
    const mean_result four = mean_over_seeds(sim, arch({ensemble(sim, 10), f4, f4, f4, {make(ct::fuser, top)}}));
    (sim.bench().fam() == family::open ? gain_open : gain_choice) = four.accuracy - one.accuracy;
  }
  EXPECT_GE(gain_open, 0.08);   // MT/AE-like: +10–15
  EXPECT_LE(gain_choice, 0.04);  // MixEval-like: +1–2
  EXPECT_GT(gain_open, gain_choice + 0.05);
}

TEST(LlmsysCalibration, CriticHelpsStrongModelsMoreThanSevenBModels) {
  double gain[2] = {0, 0};
  int i = 0;
  for (const char* cat : {"open70b", "open8b"}) {
    const simulator sim = make_sim("arena_hard", cat);
    const std::string top = top_model(sim);
    const std::size_t n = std::min<std::size_t>(6, sim.models().size());
    const mean_result plain = mean_over_seeds(sim, arch({ensemble(sim, n), {make(ct::fuser, top)}}));
    const mean_result critic = mean_over_seeds(sim, arch({ensemble(sim, n), {make(ct::critic, top)}, {make(ct::fuser, top)}}));
    gain[i++] = critic.accuracy - plain.accuracy;
  }
  EXPECT_GT(gain[0], 0.03);
  EXPECT_LT(gain[1], 0.02);
}

TEST(LlmsysCalibration, SamplingWithUnitTestsRaisesCodePassAtOne) {
  const simulator sim = make_sim("code_contests");
  const std::string top = top_model(sim);
  component ut = make(ct::unit_test_generator, top);
  ut.unit_test_cap = 10;
  const mean_result one = mean_over_seeds(sim, arch({ensemble(sim, 1)}));
  const mean_result many = mean_over_seeds(sim, arch({ensemble(sim, 1, 20), {ut}, {make(ct::unit_test_evaluator, top)}}));
  EXPECT_GT(many.accuracy, one.accuracy + 0.05);
}

TEST(LlmsysCalibration, HeatRaisesCoverageOnHardItemsAndLowersTheModeOnEasyOnes) {
  const simulator sim = make_sim("math");
  const std::size_t m = 0;
  std::size_t hard = 0, easy = 0;
  for (std::size_t i = 0; i < sim.bench().size(); ++i) {
    const double cold = sim.p_correct(m, i, 0.7), hot = sim.p_correct(m, i, 1.2);
    if (cold < 0.05) hard += hot > cold;
    if (cold > 0.9) easy += hot < cold;
  }
  EXPECT_GT(hard, 0u);
  EXPECT_GT(easy, 0u);
}

TEST(LlmsysCalibration, VerifierRatesLieInTheSpecBandsAndFalsePositivesRiseWithDifficulty) {
  // TPR = Φ((μ_i − t_V)/s), FPR = Φ((−μ_i − t_V)/s), s = √(1 + σ_J²): targets 0.85–0.95 and 0.2–0.5.
  const simulator sim = make_sim("mixeval_hard");
  const model_params& v = sim.models().at(sim.models().index_of("atlas-72b"));
  const double s = std::sqrt(1 + v.judge_noise * v.judge_noise);
  double tpr = 0, fpr = 0, fpr_easy = 0, fpr_hard = 0;
  int n = 0, n_easy = 0, n_hard = 0;
  for (const auto& q : sim.bench().questions()) {
    if (!std::isfinite(q.delta)) continue;
    const double t = normal_cdf((q.mu - v.verify_threshold) / s), f = normal_cdf((-q.mu - v.verify_threshold) / s);
    tpr += t, fpr += f, ++n;
    if (q.delta < -2) fpr_easy += f, ++n_easy;
    if (q.delta > 2) fpr_hard += f, ++n_hard;
  }
  tpr /= n, fpr /= n;
  RecordProperty("tpr", std::to_string(tpr));
  RecordProperty("fpr", std::to_string(fpr));
  EXPECT_GE(tpr, 0.85);
  EXPECT_LE(tpr, 0.95);
  EXPECT_GE(fpr, 0.2);
  EXPECT_LE(fpr, 0.5);
  ASSERT_GT(n_easy, 0);
  ASSERT_GT(n_hard, 0);
  EXPECT_GT(fpr_hard / n_hard, fpr_easy / n_easy + 0.1);
}

TEST(LlmsysCalibration, EnsemblingModelsBeatsResamplingTheBestModelOnInstructionFollowing) {
  // §7: "+18.5 % from more models" vs "+9.3 % from sampling": each model has its own per-question
  // strengths, so ten models fused beat ten samples of the best one.
  const simulator sim = make_sim("arena_hard");
  const std::string top = top_model(sim);
  const mean_result resampled = mean_over_seeds(sim, arch({ensemble(sim, 1, 10), {make(ct::fuser, top)}}));
  const mean_result ensembled = mean_over_seeds(sim, arch({ensemble(sim, 10, 1), {make(ct::fuser, top)}}));
  EXPECT_GT(ensembled.accuracy, resampled.accuracy + 0.05);
}

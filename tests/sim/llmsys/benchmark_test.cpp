// Benchmarks: seeded populations, splits, the Beta law of the reference model's success, errors.

#include <cmath>

#include "test_support.hpp"

using namespace llmsys_test;

TEST(LlmsysBenchmark, SameSeedGivesTheSamePopulationAndOtherSeedsDiffer) {
  const benchmark a(find_benchmark("math"), 7), b(find_benchmark("math"), 7), c(find_benchmark("math"), 8);
  ASSERT_EQ(a.size(), 500u);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a.at(i).delta, b.at(i).delta);
    EXPECT_EQ(a.at(i).distractor_weights, b.at(i).distractor_weights);
  }
  EXPECT_EQ(a.dev(), b.dev());
  int same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += a.at(i).delta == c.at(i).delta;
  EXPECT_LT(same, 5);
}

TEST(LlmsysBenchmark, DevSplitIsTwentyPercentAndDisjointFromTest) {
  const benchmark b(find_benchmark("arena_hard"), 3);
  EXPECT_EQ(b.dev().size(), 100u);
  EXPECT_EQ(b.test().size(), 400u);
  std::vector<int> seen(b.size(), 0);
  for (auto i : b.dev()) ++seen[i];
  for (auto i : b.test()) ++seen[i];
  for (int s : seen) EXPECT_EQ(s, 1);
}

TEST(LlmsysBenchmark, ReferenceModelSuccessIsBetaDistributedWithMeanAlphaOverAlphaPlusBeta) {
  benchmark_params p = find_benchmark("mixeval_hard");
  p.questions = 20000;
  const benchmark b(p, 11);
  double mean = 0, below = 0;
  for (const auto& q : b.questions()) {
    const double u = sigmoid(-q.delta);  // the reference model's p_i = u_i
    mean += u;
    below += u < 0.01;
  }
  mean /= static_cast<double>(b.size());
  EXPECT_NEAR(mean, p.alpha / (p.alpha + p.beta), 0.01);
  // P(u < x) ≈ x^α / (α·B(α, β)) near 0: the tail that makes coverage a power law.
  const double beta_fn = std::exp(std::lgamma(p.alpha) + std::lgamma(p.beta) - std::lgamma(p.alpha + p.beta));
  EXPECT_NEAR(below / static_cast<double>(b.size()), std::pow(0.01, p.alpha) / (p.alpha * beta_fn), 0.01);
}

TEST(LlmsysBenchmark, AnswerSpacesAreWellFormed) {
  const benchmark code(find_benchmark("code_contests"), 1);
  int unsolvable = 0;
  for (const auto& q : code.questions()) {
    double sum = 0;
    for (double w : q.distractor_weights) sum += w;
    EXPECT_NEAR(sum, 1.0, 1e-9);
    ASSERT_EQ(q.wrong_pass_prob.size(), 8u);
    for (double pi : q.wrong_pass_prob) EXPECT_TRUE(pi > 0 && pi < 1);
    unsolvable += std::isinf(q.delta);
    EXPECT_GE(q.prompt_tokens, 8.0);
  }
  EXPECT_NEAR(unsolvable / 140.0, 0.25, 0.1);
  const benchmark open(find_benchmark("mt_bench"), 1);
  EXPECT_EQ(open.size(), 80u);
  for (const auto& q : open.questions()) EXPECT_TRUE(q.distractor_weights.empty());
}

TEST(LlmsysBenchmark, BadNamesAndParametersAreClearErrors) {
  expect_error<dsegym::invalid_argument>([] { (void)find_benchmark("mmlu"); }, {"\"mmlu\"", "math", "arena_hard"});
  benchmark_params p = find_benchmark("math");
  p.questions = 0;
  expect_error<dsegym::invalid_argument>([&] { benchmark b(p, 1); }, {"questions = 0"});
  p = find_benchmark("math");
  p.distractors = 40;
  expect_error<dsegym::invalid_argument>([&] { benchmark b(p, 1); }, {"distractors = 40", "1..30"});
}

#include <gtest/gtest.h>

#include <dsegym/leaderboard/stats.hpp>

using namespace dsegym::leaderboard;

TEST(LeaderboardStats, HandComputedValues) {
  const std::vector<double> x = {1, 2, 3, 4, 100};
  EXPECT_DOUBLE_EQ(mean(x), 22.0);
  EXPECT_NEAR(stddev(x), 43.617657, 1e-6);  // sqrt(7610 / 4), sample std
  EXPECT_DOUBLE_EQ(median(x), 3.0);
  EXPECT_DOUBLE_EQ(quantile(x, 0.25), 2.0);
  EXPECT_DOUBLE_EQ(quantile({1, 2, 3, 4}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(quantile({10, 20}, 0.25), 12.5);
  // IQM drops floor(n/4) from each end: n=5 -> mean of {2,3,4}
  EXPECT_DOUBLE_EQ(iqm(x), 3.0);
  // n=8 -> drop 2 each end: mean of {3,4,5,6}
  EXPECT_DOUBLE_EQ(iqm({8, 1, 7, 2, 6, 3, 5, 4}), 4.5);
  EXPECT_DOUBLE_EQ(iqm({5}), 5.0);
  EXPECT_TRUE(std::isnan(iqm({})));
  EXPECT_DOUBLE_EQ(stddev(std::vector<double>{3.0}), 0.0);
}

TEST(LeaderboardStats, ImprovementIsSignedByDirection) {
  EXPECT_DOUBLE_EQ(improvement_percent(110, 100, true), 10.0);
  EXPECT_DOUBLE_EQ(improvement_percent(90, 100, false), 10.0);
  EXPECT_DOUBLE_EQ(improvement_percent(110, 100, false), -10.0);
  EXPECT_DOUBLE_EQ(improvement_percent(-90, -100, true), 10.0);
  EXPECT_TRUE(std::isnan(improvement_percent(1, 0, true)));
}

TEST(LeaderboardStats, BootstrapIsSeededAndBracketsTheStatistic) {
  const std::vector<std::vector<double>> tasks = {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {0.5, 0.7, 0.9}};
  const auto stat = [](std::vector<double> v) { return iqm(std::move(v)); };
  const interval a = stratified_bootstrap_ci(tasks, stat, 1000, 0.95, 7);
  const interval b = stratified_bootstrap_ci(tasks, stat, 1000, 0.95, 7);
  EXPECT_EQ(a.low, b.low);
  EXPECT_EQ(a.high, b.high);
  std::vector<double> pooled = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0.5, 0.7, 0.9};
  const double point = iqm(pooled);
  EXPECT_LT(a.low, point);
  EXPECT_GT(a.high, point);
  // Stratified: each resample keeps 10 + 3 values, so a constant task keeps its value
  const interval c = stratified_bootstrap_ci({{2, 2, 2}}, stat, 100, 0.95, 1);
  EXPECT_EQ(c.low, 2.0);
  EXPECT_EQ(c.high, 2.0);
  EXPECT_THROW((void)stratified_bootstrap_ci(tasks, stat, 0), dsegym::invalid_argument);
}

TEST(LeaderboardStats, PermutationTestIsExactWhenSmallAndOneSided) {
  // One task, 3 vs 3, complete separation: only 1 of C(6,3) = 20 relabellings is as extreme.
  EXPECT_DOUBLE_EQ(permutation_p_lower({{1, 2, 3}}, {{4, 5, 6}}), 1.0 / 20.0);
  // The other direction gives no evidence.
  EXPECT_DOUBLE_EQ(permutation_p_lower({{4, 5, 6}}, {{1, 2, 3}}), 1.0);
  // Identical samples: every relabelling ties the observed statistic.
  EXPECT_DOUBLE_EQ(permutation_p_lower({{1, 1}}, {{1, 1}}), 1.0);
  // Monte Carlo when the relabellings are too many: seeded, within (0, 1], small for a clear effect.
  std::vector<double> a(12), b(12);
  for (int i = 0; i < 12; ++i) a[i] = i, b[i] = i + 20;
  const double p = permutation_p_lower({a}, {b}, 2000, 3);
  EXPECT_EQ(p, permutation_p_lower({a}, {b}, 2000, 3));
  EXPECT_NEAR(p, 1.0 / 2001.0, 1e-12);
  EXPECT_TRUE(std::isnan(permutation_p_lower({{}}, {{1.0}})));
  EXPECT_THROW((void)permutation_p_lower({{1.0}}, {}), dsegym::invalid_argument);
}

TEST(LeaderboardStats, ProbabilityOfImprovementAndHolm) {
  // lower is better: 1 < 2 (win), 1 < 3, 4 > 2 (loss), 4 > 3 -> 2 of 4
  EXPECT_DOUBLE_EQ(probability_of_improvement({{1, 4}}, {{2, 3}}), 0.5);
  EXPECT_DOUBLE_EQ(probability_of_improvement({{1}, {2}}, {{2}, {2}}), 0.75);  // a win and a tie
  EXPECT_TRUE(std::isnan(probability_of_improvement({{}}, {{1}})));
  const auto h = holm_adjust({0.01, 0.04, 0.03, std::nan("")});
  EXPECT_DOUBLE_EQ(h[0], 0.03);  // 3 x 0.01
  EXPECT_DOUBLE_EQ(h[2], 0.06);  // 2 x 0.03
  EXPECT_DOUBLE_EQ(h[1], 0.06);  // max(1 x 0.04, previous)
  EXPECT_TRUE(std::isnan(h[3]));
}

#include <gtest/gtest.h>

#include <cmath>
#include <dsegym/core/random.hpp>
#include <numeric>
#include <set>

using namespace dsegym;

TEST(Rng, SameSeedSameStream) {
  rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    const auto x = a();
    EXPECT_EQ(x, b());
    (void)c();
  }
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(Rng, KnownFirstOutputsArePortable) {
  // Pinned values: the stream must never change (records and leaderboards depend on it).
  rng g(0);
  const std::uint64_t first = g();
  const std::uint64_t second = g();
  rng again(0);
  EXPECT_EQ(again(), first);
  EXPECT_EQ(again(), second);
  std::uint64_t sm = 0;
  EXPECT_EQ(splitmix64(sm), 0xE220A8397B1DCDAFULL);  // SplitMix64 reference value for seed 0
}

TEST(Rng, DerivedSeedsDiffer) {
  EXPECT_NE(derive_seed(1, "init"), derive_seed(1, "batches"));
  EXPECT_NE(derive_seed(1, std::uint64_t{0}), derive_seed(1, std::uint64_t{1}));
  EXPECT_EQ(derive_seed(7, "x"), derive_seed(7, "x"));
}

TEST(Distributions, UniformBelowIsUnbiasedAndInRange) {
  rng g(1);
  std::vector<int> counts(7, 0);
  const int n = 70000;
  for (int i = 0; i < n; ++i) {
    const auto x = uniform_below(g, 7);
    ASSERT_LT(x, 7u);
    ++counts[x];
  }
  for (int c : counts) EXPECT_NEAR(c, n / 7, 5 * std::sqrt(n / 7.0));
  EXPECT_THROW((void)uniform_below(g, 0), invalid_argument);
}

TEST(Distributions, UniformIntCoversClosedInterval) {
  rng g(2);
  std::set<std::int64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    const auto x = uniform_int(g, -2, 2);
    ASSERT_GE(x, -2);
    ASSERT_LE(x, 2);
    seen.insert(x);
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(uniform_int(g, 3, 3), 3);
  EXPECT_THROW((void)uniform_int(g, 3, 2), invalid_argument);
}

TEST(Distributions, NormalMoments) {
  rng g(3);
  const int n = 200000;
  double s = 0, s2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = normal(g, 2.0, 3.0);
    s += x;
    s2 += x * x;
  }
  const double mean = s / n, var = s2 / n - mean * mean;
  EXPECT_NEAR(mean, 2.0, 0.03);
  EXPECT_NEAR(var, 9.0, 0.1);
}

TEST(Distributions, Uniform01Moments) {
  rng g(4);
  const int n = 200000;
  double s = 0, s2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = uniform01(g);
    ASSERT_GE(x, 0.0);
    ASSERT_LT(x, 1.0);
    s += x;
    s2 += x * x;
  }
  EXPECT_NEAR(s / n, 0.5, 0.003);
  EXPECT_NEAR(s2 / n - (s / n) * (s / n), 1.0 / 12, 0.002);
}

TEST(Distributions, ExponentialMean) {
  rng g(5);
  double s = 0;
  for (int i = 0; i < 100000; ++i) s += exponential(g, 4.0);
  EXPECT_NEAR(s / 100000, 0.25, 0.005);
  EXPECT_THROW((void)exponential(g, 0.0), invalid_argument);
}

TEST(Distributions, CategoricalFollowsWeights) {
  rng g(6);
  const std::vector<double> w = {1.0, 0.0, 3.0};
  std::vector<int> counts(3, 0);
  for (int i = 0; i < 40000; ++i) ++counts[categorical(g, std::span<const double>(w))];
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(counts[2] / 40000.0, 0.75, 0.01);
  const std::vector<double> zero = {0.0, 0.0};
  EXPECT_THROW((void)categorical(g, std::span<const double>(zero)), invalid_argument);
  const std::vector<double> neg = {1.0, -1.0};
  EXPECT_THROW((void)categorical(g, std::span<const double>(neg)), invalid_argument);
}

TEST(Distributions, ShuffleIsAPermutationAndDeterministic) {
  std::vector<int> a(50), b(50);
  std::iota(a.begin(), a.end(), 0);
  b = a;
  rng g1(9), g2(9);
  shuffle(g1, std::span<int>(a));
  shuffle(g2, std::span<int>(b));
  EXPECT_EQ(a, b);
  std::vector<int> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 50; ++i) EXPECT_EQ(sorted[i], i);
  EXPECT_NE(a, sorted);
}

TEST(Distributions, SampleWithoutReplacementIsDistinct) {
  rng g(10);
  const auto s = sample_without_replacement(g, 20, 20);
  EXPECT_EQ(std::set<std::size_t>(s.begin(), s.end()).size(), 20u);
  EXPECT_THROW((void)sample_without_replacement(g, 3, 4), invalid_argument);
}

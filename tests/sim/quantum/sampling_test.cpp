#include "dsegym/sim/quantum/sampling.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <vector>

#include "dsegym/sim/quantum/target_states.hpp"
#include "test_util.hpp"

namespace dsegym::sim::quantum {
namespace {

using test::expect_quantum_error;

TEST(Sampling, BellStateGivesOnlyCorrelatedOutcomes) {
  rng g(7);
  const auto shots = sample_bitstrings(bell_state(), 20000, g);
  std::map<std::uint64_t, int> counts;
  for (auto s : shots) ++counts[s];
  EXPECT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts.count(0b01), 0u);
  EXPECT_EQ(counts.count(0b10), 0u);
  // Binomial(20000, 1/2): standard deviation 0.0035 in frequency; allow 5 sigma.
  EXPECT_NEAR(counts[0b00] / 20000.0, 0.5, 0.018);
}

TEST(Sampling, FrequenciesFollowTheBornRule) {
  state_vector psi(1);
  circuit c(1);
  c.ry(0, 2.0 * std::asin(std::sqrt(0.2)));  // P(1) = 0.2
  psi.apply(c);
  rng g(3);
  const auto shots = sample_bitstrings(psi, 40000, g);
  double ones = 0;
  for (auto s : shots) ones += static_cast<double>(s);
  EXPECT_NEAR(ones / 40000.0, 0.2, 5 * std::sqrt(0.2 * 0.8 / 40000));
}

TEST(Sampling, SameSeedSameShots) {
  const state_vector psi = test::random_state(5, 2);
  rng a(99), b(99), c(100);
  EXPECT_EQ(sample_bitstrings(psi, 500, a), sample_bitstrings(psi, 500, b));
  EXPECT_NE(sample_bitstrings(psi, 500, a), sample_bitstrings(psi, 500, c));
}

TEST(Sampling, ReadoutFlipsEveryBitWithTheGivenProbability) {
  rng g(1);
  for (auto s : sample_bitstrings(state_vector(3), 50, g, 1.0)) EXPECT_EQ(s, 0b111u);
  const auto shots = sample_bitstrings(state_vector(1), 40000, g, 0.1);
  double ones = 0;
  for (auto s : shots) ones += static_cast<double>(s);
  EXPECT_NEAR(ones / 40000.0, 0.1, 5 * std::sqrt(0.1 * 0.9 / 40000));
}

TEST(Sampling, ZeroProbabilityOutcomesAreNeverDrawn) {
  const std::vector<double> p{0.0, 0.5, 0.0, 0.5};
  rng g(5);
  for (auto s : sample_bitstrings(p, 2000, g)) EXPECT_TRUE(s == 1 || s == 3) << s;
}

TEST(Sampling, BadProbabilityVectorsAreRejected) {
  rng g(0);
  using E = dsegym::invalid_argument;
  expect_quantum_error<E>(
      [&] {
        (void)sample_bitstrings(std::vector<double>{0.5, 0.5, 0.0}, 1, g);
      },
      "2^n entries");
  expect_quantum_error<E>(
      [&] {
        (void)sample_bitstrings(std::vector<double>{0.25, 0.5}, 1, g);
      },
      "sum to 0.75");
  expect_quantum_error<E>(
      [&] {
        (void)sample_bitstrings(std::vector<double>{std::nan(""), 1.0}, 1, g);
      },
      "probability 0 is nan");
  expect_quantum_error<E>([&] { (void)sample_bitstrings(state_vector(1), 1, g, 1.5); },
                          "readout flip probability must be in [0, 1], got 1.5");
}

TEST(Bitstring, RoundTripsWithWireZeroFirst) {
  EXPECT_EQ(to_bitstring(12, 4), "1100");
  EXPECT_EQ(from_bitstring("0011"), 3u);
  for (std::uint64_t i = 0; i < 32; ++i) EXPECT_EQ(from_bitstring(to_bitstring(i, 5)), i);
  expect_quantum_error<dsegym::invalid_argument>([] { (void)to_bitstring(8, 3); },
                                                 "does not fit in 3 qubits");
  expect_quantum_error<dsegym::invalid_argument>([] { (void)from_bitstring("01x"); },
                                                 "has 'x' at position 2");
}

}  // namespace
}  // namespace dsegym::sim::quantum

#include <gtest/gtest.h>

#include "dsegym/core/error.hpp"
#include "dsegym/core/random.hpp"
#include "dsegym/sim/aig/equivalence.hpp"
#include "dsegym/sim/aig/generators.hpp"
#include "dsegym/sim/aig/transforms.hpp"

namespace aig = dsegym::sim::aig;

namespace {
std::vector<bool> bits_of(std::uint64_t a, unsigned n, std::uint64_t b, unsigned m) {
  std::vector<bool> v;
  for (unsigned i = 0; i < n; ++i) v.push_back((a >> i) & 1);
  for (unsigned i = 0; i < m; ++i) v.push_back((b >> i) & 1);
  return v;
}
std::uint64_t value_of(const std::vector<bool>& v, unsigned from, unsigned n) {
  std::uint64_t x = 0;
  for (unsigned i = 0; i < n; ++i) x |= static_cast<std::uint64_t>(v[from + i]) << i;
  return x;
}
}  // namespace

TEST(AigGenerators, AdderAdds) {
  const auto g = aig::make_adder(16);
  EXPECT_EQ(g.num_pis(), 32u);
  EXPECT_EQ(g.num_pos(), 17u);
  EXPECT_EQ(g.pi_name(16), "b[0]");
  dsegym::rng r(5);
  for (int k = 0; k < 200; ++k) {
    const std::uint64_t a = r() & 0xFFFF, b = r() & 0xFFFF;
    EXPECT_EQ(value_of(aig::evaluate(g, bits_of(a, 16, b, 16)), 0, 17), a + b);
  }
}

TEST(AigGenerators, MultiplierMultiplies) {
  const auto g = aig::make_multiplier(8);
  for (std::uint64_t a = 0; a < 256; a += 7)
    for (std::uint64_t b = 0; b < 256; b += 5)
      ASSERT_EQ(value_of(aig::evaluate(g, bits_of(a, 8, b, 8)), 0, 16), a * b) << a << "*" << b;
}

TEST(AigGenerators, ComparatorCompares) {
  const auto g = aig::make_comparator(6);
  for (std::uint64_t a = 0; a < 64; ++a)
    for (std::uint64_t b = 0; b < 64; b += 3) {
      const auto o = aig::evaluate(g, bits_of(a, 6, b, 6));
      ASSERT_EQ(o[0], a < b);
      ASSERT_EQ(o[1], a == b);
    }
}

TEST(AigGenerators, MuxSelects) {
  const auto g = aig::make_mux(3);
  EXPECT_EQ(g.num_pis(), 11u);
  for (std::uint64_t d = 0; d < 256; d += 13)
    for (std::uint64_t s = 0; s < 8; ++s)
      ASSERT_EQ(aig::evaluate(g, bits_of(d, 8, s, 3))[0], ((d >> s) & 1) != 0);
}

TEST(AigGenerators, RandomLogicIsDeterministicAndSized) {
  const auto g = aig::make_random_logic(16, 8, 300, 42);
  const auto h = aig::make_random_logic(16, 8, 300, 42);
  EXPECT_EQ(g.num_live_ands(), 300u);
  EXPECT_EQ(g.num_pos(), 8u);
  EXPECT_EQ(aig::check_by_simulation(g, h).result, aig::verdict::equivalent);
  EXPECT_NE(aig::make_random_logic(16, 8, 300, 43).fanin0(100), g.fanin0(100));
  EXPECT_THROW((void)aig::make_random_logic(1, 1, 10, 0), dsegym::invalid_argument);
  EXPECT_THROW((void)aig::make_adder(0), dsegym::invalid_argument);
}

TEST(AigGenerators, TransformsPreserveGeneratedCircuits) {
  std::vector<aig::graph> circuits{aig::make_adder(12), aig::make_multiplier(6),
                                   aig::make_comparator(10), aig::make_mux(4)};
  for (std::uint64_t seed = 1; seed <= 4; ++seed)
    circuits.push_back(aig::make_random_logic(14, 6, 400, seed));
  for (const auto& g : circuits) {
    aig::graph h = aig::resyn2(g);
    for (const char* c : {"resub", "resub -z", "refactor -z"}) h = aig::apply_command(h, c);
    EXPECT_LE(h.num_ands(), g.num_ands());
    const auto sim = aig::check_by_simulation(g, h);
    ASSERT_NE(sim.result, aig::verdict::different);
    if (sim.result == aig::verdict::unknown && aig::sat_available()) {
      EXPECT_EQ(aig::check_by_sat(g, h).result, aig::verdict::equivalent);
    }
  }
}

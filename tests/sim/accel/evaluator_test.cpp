#include <gtest/gtest.h>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/accel.hpp"

namespace {

using namespace dsegym::sim::accel;

TEST(AccelEvaluator, NetworkIsTheSumOfItsLayers) {
  const network n = nb201_network(std::array<std::uint8_t, 6>{3, 3, 4, 1, 3, 1});  // arch 1
  const accel_config c = eyeriss_like();
  const auto r = evaluate(n, c);
  ASSERT_TRUE(r.ok) << r.reason;
  ASSERT_EQ(r.per_layer.size(), n.layers.size());
  double cycles = 0.0, energy = 0.0;
  std::uint64_t macs = 0;
  for (std::size_t i = 0; i < n.layers.size(); ++i) {
    EXPECT_EQ(r.per_layer[i].name, n.layers[i].name);
    cycles += r.per_layer[i].cycles;
    energy += r.per_layer[i].energy_j;
    macs += r.per_layer[i].macs;
  }
  EXPECT_DOUBLE_EQ(r.cycles, cycles);
  EXPECT_DOUBLE_EQ(r.energy_j, energy);
  EXPECT_EQ(r.macs, n.macs());
  EXPECT_DOUBLE_EQ(r.latency_s, cycles / c.clock_hz);
  EXPECT_DOUBLE_EQ(r.area_mm2, c.area_mm2());
}

TEST(AccelEvaluator, CacheGivesIdenticalResults) {
  const network n = nb201_network(std::array<std::uint8_t, 6>{3, 3, 3, 3, 3, 3});
  const accel_config c = eyeriss_like();
  evaluator ev;
  const auto first = ev.evaluate(n, c);
  // 15 cell edges of each stage share one shape: far fewer mapper runs than layers.
  EXPECT_LT(ev.misses(), n.layers.size() / 3);
  const auto misses = ev.misses();
  const auto second = ev.evaluate(n, c);
  EXPECT_EQ(ev.misses(), misses);
  EXPECT_GE(ev.hits(), n.layers.size());
  const auto plain = evaluate(n, c);
  EXPECT_EQ(first.cycles, plain.cycles);
  EXPECT_EQ(first.energy_j, plain.energy_j);
  EXPECT_EQ(second.cycles, plain.cycles);
  for (std::size_t i = 0; i < n.layers.size(); ++i) EXPECT_EQ(second.per_layer[i].name, n.layers[i].name);
  // A different configuration is a different key.
  accel_config other = c;
  other.pe_cols = 16;
  (void)ev.evaluate(n, other);
  EXPECT_GT(ev.misses(), misses);
  ev.clear();
  EXPECT_EQ(ev.cache_size(), 0u);
}

TEST(AccelEvaluator, MoreConvolutionsCostMore) {
  // NB201 archs ordered by MACs: all skip < arch 0 < arch 1 < all 3×3.
  const accel_config c = eyeriss_like();
  evaluator ev;
  double previous = 0.0;
  for (const auto& a : {std::array<std::uint8_t, 6>{1, 1, 1, 1, 1, 1}, std::array<std::uint8_t, 6>{4, 2, 1, 2, 1, 1},
                        std::array<std::uint8_t, 6>{3, 3, 4, 1, 3, 1}, std::array<std::uint8_t, 6>{3, 3, 3, 3, 3, 3}}) {
    const auto r = ev.evaluate(nb201_network(a), c);
    ASSERT_TRUE(r.ok);
    EXPECT_GT(r.cycles, previous);
    previous = r.cycles;
  }
}

TEST(AccelEvaluator, TimeloopBaselineSanity) {
  // Spec §B.5: 1.0766e9 MACs on 168 PEs need at least 6.41 M cycles.
  const network full = alexnet();
  const network n{.name = "alexnet_conv", .layers = {full.layers.begin(), full.layers.begin() + 5}};
  const auto r = evaluate(n, eyeriss_like());
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.macs, 1076634144u);
  EXPECT_GE(r.cycles, 1076634144.0 / 168.0);
  for (const auto& l : r.per_layer) EXPECT_LE(l.utilisation, 1.0);
}

TEST(AccelEvaluator, FailingLayerNamesItself) {
  accel_config c = eyeriss_like();
  c.glb_bytes = 2;
  const auto r = evaluate(nb201_network(std::array<std::uint8_t, 6>{3, 0, 0, 0, 0, 0}), c);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.reason.find("layer 'stem'"), std::string::npos) << r.reason;
  c = eyeriss_like();
  c.clock_hz = 0;
  EXPECT_THROW((void)evaluate(alexnet(), c), dsegym::invalid_argument);
}

}  // namespace

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/accel.hpp"

namespace {

using namespace dsegym::sim::accel;

constexpr std::array<dataflow, 4> flows{dataflow::weight_stationary, dataflow::output_stationary,
                                        dataflow::row_stationary, dataflow::no_local_reuse};

// A spread of shapes: 3×3 convs, a strided first layer, 1×1, depthwise, FC, GEMM.
std::vector<layer> sample_layers() {
  return {conv2d("conv3x3", 64, 64, 56, 56, 3, 1, 1),    conv2d("stem", 3, 32, 64, 64, 7, 2, 3),
          conv2d("pointwise", 96, 24, 28, 28, 1),        depthwise_conv2d("dw", 144, 28, 28, 3, 2, 1),
          fully_connected("fc", 512, 1000),              gemm("gemm", 64, 512, 512),
          conv2d("late", 256, 512, 14, 14, 3, 2, 1)};
}

void expect_roofline(const layer_result& r, const accel_config& c) {
  const double pes = static_cast<double>(c.pes());
  EXPECT_GE(r.cycles, r.compute_cycles);
  EXPECT_GE(r.cycles, r.dram_bytes / c.dram_bandwidth_bytes * (1 - 1e-12));
  EXPECT_GE(r.cycles, r.accesses.glb_reads / c.glb_words_per_cycle() * (1 - 1e-12));
  EXPECT_GE(r.cycles, r.accesses.glb_writes / c.glb_words_per_cycle() * (1 - 1e-12));
  EXPECT_GE(r.compute_cycles * pes, static_cast<double>(r.macs) * (1 - 1e-12));
  EXPECT_LE(r.utilisation, 1.0 + 1e-12);
  const double achieved = static_cast<double>(r.macs) / r.cycles;
  EXPECT_LE(achieved, r.attainable_macs_per_cycle * (1 + 1e-12));
  EXPECT_LE(r.attainable_macs_per_cycle, pes * (1 + 1e-12));
  EXPECT_LE(r.attainable_macs_per_cycle, r.arithmetic_intensity * c.dram_bandwidth_bytes * (1 + 1e-12));
  // Every weight and input is read from DRAM at least once; every output written once.
  EXPECT_GE(r.dram_bytes, 0.0);
  EXPECT_GT(r.energy_j, 0.0);
}

TEST(AccelMapper, RooflineBoundsNeverViolated) {
  for (dataflow f : flows)
    for (const auto& l : sample_layers())
      for (double dram_bw : {1.0, 16.0, 1024.0}) {
        accel_config c = eyeriss_like();
        c.flow = f;
        c.dram_bandwidth_bytes = dram_bw;
        const auto m = map_layer(l, c);
        ASSERT_TRUE(m.ok) << l.name << " " << to_string(f) << ": " << m.reason;
        SCOPED_TRACE(l.name + " " + std::string(to_string(f)));
        expect_roofline(m.best, c);
        // The mapping is valid and re-evaluates to the same cost.
        EXPECT_EQ(check_mapping(l, c, m.best.map), "");
        EXPECT_EQ(evaluate_mapping(l, c, m.best.map).cycles, m.best.cycles);
        // DRAM traffic at least the compulsory one: every tensor once.
        const double compulsory = (tile_words(l, tensor::weights, l.dims()) + tile_words(l, tensor::inputs, l.dims()) +
                                   tile_words(l, tensor::outputs, l.dims())) * c.word_bytes;
        EXPECT_GE(m.best.dram_bytes, compulsory * (1 - 1e-12));
      }
}

// With unlimited bandwidth every layer is compute bound; a larger array is then never slower.
TEST(AccelMapper, MorePesNeverSlowerForComputeBoundLayers) {
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> arrays{
      {1, 1}, {2, 2}, {2, 4}, {4, 4}, {6, 7}, {8, 8}, {12, 14}, {13, 14}, {16, 16}, {24, 28}, {32, 32}};
  for (dataflow f : flows)
    for (const auto& l : sample_layers()) {
      double previous = std::numeric_limits<double>::infinity();
      for (const auto& [rows, cols] : arrays) {
        accel_config c = eyeriss_like();
        c.flow = f;
        c.pe_rows = rows;
        c.pe_cols = cols;
        c.dram_bandwidth_bytes = 1e12;
        c.glb_bandwidth_words = 1e12;
        c.glb_banks = 1u << 30;
        const auto m = map_layer(l, c);
        ASSERT_TRUE(m.ok) << m.reason;
        EXPECT_EQ(m.best.limit, bound::compute);
        EXPECT_LE(m.best.cycles, previous) << l.name << " " << to_string(f) << " " << rows << "x" << cols;
        previous = m.best.cycles;
      }
      // 1×1 array: one MAC per cycle, exactly the MAC count.
    }
  accel_config one = eyeriss_like();
  one.pe_rows = one.pe_cols = 1;
  one.dram_bandwidth_bytes = one.glb_bandwidth_words = 1e12;
  const layer l = conv2d("c", 16, 16, 8, 8, 3, 1, 1);
  EXPECT_DOUBLE_EQ(map_layer(l, one).best.cycles, static_cast<double>(l.macs()));
}

// Larger global buffers admit every smaller tile, and a tile never moves more data when it grows,
// so the least DRAM traffic over all mappings never increases.
TEST(AccelMapper, BiggerBuffersNeverMoreDramTraffic) {
  mapper_options o;
  o.objective = mapper_objective::dram_traffic;
  for (dataflow f : flows)
    for (const auto& l : sample_layers()) {
      double previous = std::numeric_limits<double>::infinity();
      for (std::uint64_t kib : {2, 4, 8, 16, 32, 64, 128, 256, 1024, 8192}) {
        accel_config c = eyeriss_like();
        c.flow = f;
        c.glb_bytes = kib * 1024;
        const auto m = map_layer(l, c, o);
        if (!m.ok) {
          EXPECT_TRUE(std::isinf(previous)) << "a mapping fit a smaller buffer: " << m.reason;
          continue;
        }
        EXPECT_LE(m.best.dram_bytes, previous) << l.name << " " << to_string(f) << " " << kib << " KiB";
        previous = m.best.dram_bytes;
      }
      // With the whole layer on chip, DRAM traffic is the compulsory one.
      const double compulsory = (tile_words(l, tensor::weights, l.dims()) + tile_words(l, tensor::inputs, l.dims()) +
                                 tile_words(l, tensor::outputs, l.dims())) * 2;
      EXPECT_DOUBLE_EQ(previous, compulsory) << l.name << " " << to_string(f);
    }
}

TEST(AccelMapper, ObjectivesPickTheirOwnOptimum) {
  const layer l = conv2d("conv3x3", 64, 64, 56, 56, 3, 1, 1);
  accel_config c = eyeriss_like();
  c.glb_bytes = 16 * 1024;
  mapper_options o;
  const auto by_latency = map_layer(l, c, o);
  o.objective = mapper_objective::energy;
  const auto by_energy = map_layer(l, c, o);
  o.objective = mapper_objective::dram_traffic;
  const auto by_dram = map_layer(l, c, o);
  o.objective = mapper_objective::edp;
  const auto by_edp = map_layer(l, c, o);
  EXPECT_LE(by_latency.best.cycles, by_energy.best.cycles);
  EXPECT_LE(by_latency.best.cycles, by_dram.best.cycles);
  EXPECT_LE(by_energy.best.energy_j, by_latency.best.energy_j);
  EXPECT_LE(by_dram.best.dram_bytes, by_latency.best.dram_bytes);
  EXPECT_LE(by_edp.best.energy_j * by_edp.best.cycles, by_latency.best.energy_j * by_latency.best.cycles);
  EXPECT_LE(by_edp.best.energy_j * by_edp.best.cycles, by_energy.best.energy_j * by_energy.best.cycles);
}

TEST(AccelMapper, RandomSearchIsSeededAndValid) {
  const layer l = conv2d("conv3x3", 64, 64, 28, 28, 3, 1, 1);
  const accel_config c = eyeriss_like();
  mapper_options o;
  o.search = mapper_search::random;
  o.random_samples = 300;
  o.seed = 5;
  const auto a = map_layer(l, c, o);
  const auto b = map_layer(l, c, o);
  ASSERT_TRUE(a.ok) << a.reason;
  EXPECT_EQ(a.best.map, b.best.map);
  EXPECT_EQ(a.evaluated, b.evaluated);
  EXPECT_LE(a.evaluated, 300u);
  EXPECT_EQ(check_mapping(l, c, a.best.map), "");
  expect_roofline(a.best, c);
  o.random_samples = 0;
  EXPECT_THROW((void)map_layer(l, c, o), dsegym::invalid_argument);
}

TEST(AccelMapper, NoFittingMappingIsAResult) {
  const layer l = conv2d("conv3x3", 64, 64, 56, 56, 3, 1, 1);
  accel_config c = eyeriss_like();
  c.glb_bytes = 4;  // not even one array tile
  const auto m = map_layer(l, c);
  EXPECT_FALSE(m.ok);
  EXPECT_NE(m.reason.find("no mapping fits"), std::string::npos) << m.reason;
  EXPECT_NE(m.reason.find("global buffer"), std::string::npos) << m.reason;
}

// Spec §B.6: an MLP at batch 1 is weight-bandwidth bound: 268,800 weights (537.6 KB) at 16 B per
// cycle take 33,600 cycles; compute on 168 PEs needs 1,600.
TEST(AccelMapper, MlpIsDramBound) {
  const network mlp{.name = "mlp",
                    .layers = {fully_connected("fc1", 784, 256), fully_connected("fc2", 256, 256),
                               fully_connected("fc3", 256, 10)}};
  EXPECT_EQ(mlp.macs(), 268800u);
  const auto r = evaluate(mlp, eyeriss_like());
  ASSERT_TRUE(r.ok) << r.reason;
  double compute = 0.0;
  for (const auto& l : r.per_layer) {
    EXPECT_EQ(l.limit, bound::dram) << l.name;
    compute += l.compute_cycles;
  }
  EXPECT_GE(compute, 1600.0);
  EXPECT_GE(r.cycles, 33600.0);
  // Only the activations (784 + 256 + 256 + 10 words in, 256 + 256 + 10 out) add to the weights.
  EXPECT_LE(r.cycles, 33600.0 + (784 + 2 * 256 + 10 + 2 * 256 + 10) * 2 / 16.0 + 1e-9);
  EXPECT_LE(static_cast<double>(r.macs) / r.dram_bytes, 0.5);
}

}  // namespace

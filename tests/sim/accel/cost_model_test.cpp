#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/accel.hpp"

namespace {

using namespace dsegym::sim::accel;

// A 2×2 array with tiny buffers; clock 1 GHz so latency_s = cycles × 1 ns.
accel_config tiny(dataflow f = dataflow::weight_stationary) {
  accel_config c;
  c.pe_rows = 2;
  c.pe_cols = 2;
  c.rf = {4, 4, 4};
  c.glb_bytes = 1024;
  c.glb_banks = 32;
  c.glb_bandwidth_words = 16;
  c.dram_bandwidth_bytes = 16;
  c.clock_hz = 1e9;
  c.flow = f;
  return c;
}

// FC 4 -> 4 (16 MACs): K over the 2 columns, C over the 2 rows, two GLB passes of each.
mapping fc_mapping(dim_order glb_order) {
  mapping m;
  m.spatial_x = dim::k;
  m.spatial_x_factor = 2;
  m.spatial_y = dim::c;
  m.spatial_y_factor = 2;
  m.glb[index(dim::k)] = 2;
  m.glb[index(dim::c)] = 2;
  m.glb_order = glb_order;
  return m;
}

TEST(AccelCostModel, HandComputedFcKOuter) {
  const layer l = fully_connected("fc", 4, 4);
  const auto r = evaluate_mapping(l, tiny(), fc_mapping({dim::n, dim::k, dim::c, dim::r, dim::s, dim::p, dim::q}));
  EXPECT_EQ(r.macs, 16u);
  // Compute: 16 MACs on 4 PEs, perfectly divided: 4 cycles, utilisation 1.
  EXPECT_DOUBLE_EQ(r.compute_cycles, 4.0);
  EXPECT_DOUBLE_EQ(r.utilisation, 1.0);
  // DRAM: one GLB tile holds everything: weights 16 + inputs 4 read, outputs 4 written.
  EXPECT_DOUBLE_EQ(r.accesses.dram_reads, 20.0);
  EXPECT_DOUBLE_EQ(r.accesses.dram_writes, 4.0);
  EXPECT_DOUBLE_EQ(r.dram_bytes, 48.0);
  EXPECT_DOUBLE_EQ(r.dram_cycles, 3.0);  // 48 B / 16 B per cycle
  // GLB -> array, loops K2 (outer), C2 (inner); array tile = K2 C2.
  //   weights: 4 words × 4 iterations = 16; inputs (C2) re-sent for each K: 2 × 4 = 8;
  //   outputs (K2): the C loop inside K keeps them in the array: 2 × 2 = 4 writes, 0 psum reads.
  //   reads 16 + 8 + 0 + 4 written back to DRAM = 28; writes 4 + 20 filled from DRAM = 24.
  EXPECT_DOUBLE_EQ(r.accesses.glb_reads, 28.0);
  EXPECT_DOUBLE_EQ(r.accesses.glb_writes, 24.0);
  EXPECT_DOUBLE_EQ(r.glb_words, 52.0);
  EXPECT_DOUBLE_EQ(r.glb_cycles, 28.0 / 16.0);  // read and write ports: the busier one counts
  // NoC, per PE: weights 4 PEs × 4, inputs 4 × 4, outputs up 4 × 2; the 2 rows reduce over C, so
  // 8 first partial sums and no psum brought back down: 16 + 16 + 8 = 40.
  EXPECT_DOUBLE_EQ(r.accesses.noc, 40.0);
  // RF: MAC-level reads weights 16, inputs 16, psums 8 - 8 = 0, plus 8 outputs sent up = 40;
  //     writes: 8 psum updates + 16 + 16 fills = 40.
  EXPECT_DOUBLE_EQ(r.accesses.rf_reads, 40.0);
  EXPECT_DOUBLE_EQ(r.accesses.rf_writes, 40.0);
  // Roofline: max(4, 3, 1.75) = 4 cycles, compute bound.
  EXPECT_DOUBLE_EQ(r.cycles, 4.0);
  EXPECT_EQ(r.limit, bound::compute);
  EXPECT_DOUBLE_EQ(r.latency_s, 4e-9);
  // Energy (pJ): MAC 16 × 2.2; RF 40 × 0.66 + 40 × 0.90; NoC 40 × 1.5;
  // GLB 52 × 8 × sqrt(1024 / 131072); DRAM 24 × 440.
  const double glb_pj = 52 * 8 * std::sqrt(1024.0 / 131072.0);
  EXPECT_DOUBLE_EQ(r.energy.mac_pj, 35.2);
  EXPECT_NEAR(r.energy.rf_pj, 62.4, 1e-12);
  EXPECT_DOUBLE_EQ(r.energy.noc_pj, 60.0);
  EXPECT_NEAR(r.energy.glb_pj, glb_pj, 1e-12);
  EXPECT_DOUBLE_EQ(r.energy.dram_pj, 10560.0);
  EXPECT_NEAR(r.energy_j, (35.2 + 62.4 + 60.0 + glb_pj + 10560.0) * 1e-12, 1e-24);
  // Arithmetic intensity 16 MACs / 48 B; attainable min(4 × 1, 1/3 × 16).
  EXPECT_DOUBLE_EQ(r.arithmetic_intensity, 16.0 / 48.0);
  EXPECT_DOUBLE_EQ(r.attainable_macs_per_cycle, 4.0);
}

TEST(AccelCostModel, HandComputedFcCOuter) {
  // Swapping the GLB loops (C outer, K inner) keeps inputs in the array across K but sends
  // partial sums back to the GLB between C passes.
  const layer l = fully_connected("fc", 4, 4);
  const auto r = evaluate_mapping(l, tiny(), fc_mapping({dim::n, dim::c, dim::k, dim::r, dim::s, dim::p, dim::q}));
  // GLB: weights 16; inputs 2 × 2 = 4; outputs 2 × 4 = 8 writes, 8 - 4 = 4 psum reads.
  EXPECT_DOUBLE_EQ(r.accesses.glb_reads, 16.0 + 4.0 + 4.0 + 4.0);
  EXPECT_DOUBLE_EQ(r.accesses.glb_writes, 8.0 + 20.0);
  // NoC: 16 + 4 × 2 + 4 × 4 up + (16 - 8) down = 48.
  EXPECT_DOUBLE_EQ(r.accesses.noc, 48.0);
  // RF reads: weights 16, inputs 4 × 2 = 8 (kept in the MAC across K), psums 16 - 8, up 16 = 48.
  EXPECT_DOUBLE_EQ(r.accesses.rf_reads, 48.0);
  EXPECT_DOUBLE_EQ(r.accesses.rf_writes, 16.0 + 16.0 + 8.0 + 8.0);
  EXPECT_DOUBLE_EQ(r.cycles, 4.0);
}

TEST(AccelCostModel, HandComputedRowConvolutionOnOnePe) {
  // 1-D convolution: R = 3 taps, P = 4 outputs, stride 1 -> 6 inputs, 12 MACs, one PE.
  layer l;
  l.name = "row";
  l.r = 3;
  l.p = 4;
  accel_config c = tiny();
  c.pe_rows = c.pe_cols = 1;
  c.rf = {3, 6, 4};
  mapping m;
  m.spatial_x = dim::k;
  m.spatial_y = dim::c;
  m.rf[index(dim::r)] = 3;
  m.rf[index(dim::p)] = 4;
  m.rf_order = {dim::k, dim::c, dim::r, dim::s, dim::n, dim::p, dim::q};  // weight held across P
  const auto r = evaluate_mapping(l, c, m);
  EXPECT_EQ(r.macs, 12u);
  EXPECT_DOUBLE_EQ(r.compute_cycles, 12.0);
  // DRAM: weights 3 + inputs (4 - 1) + 3 = 6 read; outputs 4 written.
  EXPECT_DOUBLE_EQ(r.accesses.dram_reads, 9.0);
  EXPECT_DOUBLE_EQ(r.accesses.dram_writes, 4.0);
  EXPECT_DOUBLE_EQ(r.accesses.glb_reads, 3.0 + 6.0 + 4.0);
  EXPECT_DOUBLE_EQ(r.accesses.glb_writes, 4.0 + 9.0);
  EXPECT_DOUBLE_EQ(r.accesses.noc, 3.0 + 6.0 + 4.0);
  // MAC level: each weight read once per R step (3), inputs and psums every MAC (12);
  // reads 3 + 12 + (12 - 4) + 4 up = 27; writes 12 updates + 3 + 6 fills = 21.
  EXPECT_DOUBLE_EQ(r.accesses.rf_reads, 27.0);
  EXPECT_DOUBLE_EQ(r.accesses.rf_writes, 21.0);
  EXPECT_DOUBLE_EQ(r.cycles, 12.0);
  EXPECT_DOUBLE_EQ(r.utilisation, 1.0);
}

TEST(AccelCostModel, PaddedSpatialDimensionCostsIdleCycles) {
  // K = 3 on a 1 × 2 array: ceil(3/2) = 2 passes = 2 cycles, 4 PE-cycles for 3 MACs.
  const layer l = fully_connected("fc", 1, 3);
  accel_config c = tiny();
  c.pe_rows = 1;
  mapping m;
  m.spatial_x = dim::k;
  m.spatial_x_factor = 2;
  m.spatial_y = dim::c;
  m.glb[index(dim::k)] = 2;
  const auto r = evaluate_mapping(l, c, m);
  EXPECT_DOUBLE_EQ(r.compute_cycles, 2.0);
  EXPECT_DOUBLE_EQ(r.utilisation, 3.0 / 4.0);
  EXPECT_DOUBLE_EQ(r.energy.mac_pj, 3 * 2.2);  // only real MACs spend MAC energy
}

TEST(AccelCostModel, NoLocalReuseBypassesRegisterFiles) {
  const layer l = fully_connected("fc", 4, 4);
  const auto r = evaluate_mapping(l, tiny(dataflow::no_local_reuse),
                                  fc_mapping({dim::n, dim::k, dim::c, dim::r, dim::s, dim::p, dim::q}));
  EXPECT_EQ(r.accesses.rf_reads, 0.0);
  EXPECT_EQ(r.accesses.rf_writes, 0.0);
  EXPECT_DOUBLE_EQ(r.accesses.noc, 40.0);
}

TEST(AccelCostModel, DramBoundWhenBandwidthIsLow) {
  const layer l = fully_connected("fc", 4, 4);
  accel_config c = tiny();
  c.dram_bandwidth_bytes = 1;
  const auto r = evaluate_mapping(l, c, fc_mapping(default_order));
  EXPECT_EQ(r.limit, bound::dram);
  EXPECT_DOUBLE_EQ(r.cycles, 48.0);
  c.dram_bandwidth_bytes = 1e6;
  c.glb_bandwidth_words = 1;
  const auto g = evaluate_mapping(l, c, fc_mapping(default_order));
  EXPECT_EQ(g.limit, bound::glb);
  EXPECT_DOUBLE_EQ(g.cycles, 28.0);  // 28 reads on the read port
}

// ---- invalid configurations and mappings --------------------------------------------------------

void expect_invalid(const layer& l, const accel_config& c, const mapping& m, const std::string& needle) {
  try {
    (void)evaluate_mapping(l, c, m);
    ADD_FAILURE() << "no error, expected one mentioning " << needle;
  } catch (const dsegym::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(needle), std::string::npos) << what;
    EXPECT_NE(what.find("[dsegym.accel]"), std::string::npos) << what;
  }
}

TEST(AccelCostModel, TileThatDoesNotFitIsRejected) {
  layer l;
  l.name = "row";
  l.r = 3;
  l.p = 4;
  accel_config c = tiny();
  c.pe_rows = c.pe_cols = 1;
  c.rf = {3, 5, 4};
  mapping m;
  m.rf[index(dim::r)] = 3;
  m.rf[index(dim::p)] = 4;
  expect_invalid(l, c, m, "RF tile of inputs needs 6 words, the register file holds 5");
  c.rf = {3, 6, 4};
  c.glb_bytes = 25;  // 13 words = 26 bytes
  expect_invalid(l, c, m, "GLB tile needs 13 words x 2 B, the global buffer holds 25 B");
  c.glb_bytes = 26;
  EXPECT_NO_THROW((void)evaluate_mapping(l, c, m));
  c.double_buffering = true;
  expect_invalid(l, c, m, "double buffering");
}

TEST(AccelCostModel, BadMappingsAreRejected) {
  const layer l = fully_connected("fc", 4, 4);
  const accel_config c = tiny();
  mapping m = fc_mapping(default_order);
  m.glb[index(dim::k)] = 1;
  expect_invalid(l, c, m, "factors of K multiply to 1*1*1, expected 2 (= ceil(4 / 2))");
  m = fc_mapping(default_order);
  m.spatial_x_factor = 3;
  expect_invalid(l, c, m, "exceeds the 2 array columns");
  m = fc_mapping(default_order);
  m.spatial_y = dim::k;
  expect_invalid(l, c, m, "spatial_x and spatial_y are both K");
  m = fc_mapping(default_order);
  m.dram_order[0] = dim::k;
  expect_invalid(l, c, m, "not a permutation");
  m = fc_mapping(default_order);
  m.rf[index(dim::n)] = 0;
  expect_invalid(l, c, m, "temporal factor of N is 0");
  m = fc_mapping(default_order);
  m.rf[index(dim::k)] = 2;
  m.glb[index(dim::k)] = 1;
  expect_invalid(l, tiny(dataflow::no_local_reuse), m, "no_local_reuse");
}

TEST(AccelCostModel, BadConfigsAndLayersAreRejected) {
  const layer l = fully_connected("fc", 4, 4);
  const mapping m = fc_mapping(default_order);
  accel_config c = tiny();
  c.pe_rows = 0;
  expect_invalid(l, c, m, "pe_rows is 0");
  c = tiny();
  c.dram_bandwidth_bytes = std::numeric_limits<double>::quiet_NaN();
  expect_invalid(l, c, m, "dram_bandwidth_bytes");
  c = tiny();
  c.clock_hz = std::numeric_limits<double>::infinity();
  expect_invalid(l, c, m, "clock_hz");
  c = tiny();
  c.rf.inputs = 0;
  expect_invalid(l, c, m, "rf.inputs is 0");
  c = tiny();
  c.glb_bytes = 0;
  expect_invalid(l, c, m, "glb_bytes is 0");
  c = tiny();
  c.energy.dram_pj_per_word = -1;
  expect_invalid(l, c, m, "dram_pj_per_word");
  c = tiny();
  c.energy.mac_pj = std::numeric_limits<double>::quiet_NaN();
  expect_invalid(l, c, m, "mac_pj");
  layer bad = l;
  bad.c = 0;
  expect_invalid(bad, tiny(), m, "dimension C is 0");
  bad = l;
  bad.type = layer_type::depthwise;
  expect_invalid(bad, tiny(), m, "depthwise layer has K = 1");
  // The register files are unused with no_local_reuse, so 0 words are fine there.
  c = tiny(dataflow::no_local_reuse);
  c.rf = {0, 0, 0};
  EXPECT_NO_THROW(validate(c));
}

TEST(AccelCostModel, ConfigDerivedQuantities) {
  const accel_config c = eyeriss_like();
  EXPECT_EQ(c.pes(), 168u);
  EXPECT_DOUBLE_EQ(c.glb_words_per_cycle(), 16.0);
  EXPECT_DOUBLE_EQ(c.glb_pj_per_word(), 8.0);
  // MAESTRO area: 168 × 4470.9 + ceil(128 KiB / 32 KiB) × 4161.5 + ceil(440 B / 64 B) × 4505.2 × 168.
  EXPECT_NEAR(c.area_um2(), 168 * 4470.9 + 4 * 4161.5 + 7 * 4505.2 * 168, 1e-6);
  accel_config big = c;
  big.glb_bytes = 4 * 131072;
  EXPECT_DOUBLE_EQ(big.glb_pj_per_word(), 16.0);
  big.glb_banks = 8;
  EXPECT_DOUBLE_EQ(big.glb_words_per_cycle(), 8.0);
  EXPECT_DOUBLE_EQ(energy_table::ddr4().dram_pj_per_word, 530.0);
  EXPECT_EQ(parse_dataflow("rs"), dataflow::row_stationary);
  EXPECT_EQ(parse_dataflow("weight_stationary"), dataflow::weight_stationary);
  EXPECT_THROW((void)parse_dataflow("diagonal"), dsegym::invalid_argument);
}

}  // namespace

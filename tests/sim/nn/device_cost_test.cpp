// GPU inference latency (arch-recipe.md §5.4) against hand-computed rooflines.

#include <gtest/gtest.h>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/nn/device_cost.hpp"
#include "dsegym/sim/nn/network.hpp"

namespace dsegym::sim::nn {
namespace {

compute_layer dense(int in, int out) {
  compute_layer l;
  l.in_channels = in;
  l.out_channels = out;
  l.bias = true;
  return l;
}

TEST(NnDeviceCost, EfficiencyBinsFollowTheTables) {
  EXPECT_EQ(compute_efficiency(200e9), 0.95);
  EXPECT_EQ(compute_efficiency(128e9), 0.95);
  EXPECT_EQ(compute_efficiency(20e9), 0.9);
  EXPECT_EQ(compute_efficiency(1e9), 0.6);
  EXPECT_EQ(compute_efficiency(0.99e9), 0.1);
  EXPECT_EQ(memory_efficiency(100e6), 0.90);
  EXPECT_EQ(memory_efficiency(50e6), 0.75);
  EXPECT_EQ(memory_efficiency(1e6), 0.6);
  EXPECT_EQ(memory_efficiency(1e5), 0.3);
}

TEST(NnDeviceCost, SmallLayerIsMemoryBoundPlusLaunch) {
  const gpu_device& a100 = gpu_device_named("A100-40G");
  // Linear 1000 -> 1000 + bias at batch 1: 2,002,000 FLOPs (eta_c 0.1); (1,001,000 weights +
  // 2,000 activations) x 2 B = 2,006,000 B (eta_m 0.6).
  const double compute = 2002000.0 / (312e12 * 0.1), memory = 2006000.0 / (1555e9 * 0.6);
  EXPECT_GT(memory, compute);
  EXPECT_DOUBLE_EQ(gpu_inference_latency({dense(1000, 1000)}, a100), memory + 5e-6);
  // Two layers add; the overhead is per layer.
  EXPECT_DOUBLE_EQ(gpu_inference_latency({dense(1000, 1000), dense(1000, 1000)}, a100,
                                         {.batch = 1, .bytes_per_element = 2.0, .launch_overhead_s = 0.0}),
                   2 * memory);
}

TEST(NnDeviceCost, LargeBatchConvIsComputeBound) {
  compute_layer c;
  c.conv = true;
  c.in_channels = c.out_channels = 64;
  c.kernel = 3;
  c.pad = 1;
  c.in_h = c.in_w = c.out_h = c.out_w = 32;
  const double flops = 2.0 * 9 * 64 * 64 * 1024 * 256;                     // 19.3 GFLOP: eta_c 0.9
  const double bytes = (9.0 * 64 * 64 + 256.0 * (65536 + 65536)) * 2;      // 67 MB: eta_m 0.75
  const double compute = flops / (312e12 * 0.9), memory = bytes / (1555e9 * 0.75);
  EXPECT_GT(compute, memory);
  EXPECT_DOUBLE_EQ(gpu_inference_latency({c}, gpu_device_named("A100-40G"), {.batch = 256}), compute + 5e-6);
  // A faster device is faster; latency grows with the batch.
  EXPECT_LT(gpu_inference_latency({c}, gpu_device_named("H100-SXM"), {.batch = 256}),
            gpu_inference_latency({c}, gpu_device_named("A100-40G"), {.batch = 256}));
  EXPECT_LT(gpu_inference_latency({c}, gpu_device_named("V100"), {.batch = 8}),
            gpu_inference_latency({c}, gpu_device_named("V100"), {.batch = 64}));
}

TEST(NnDeviceCost, NetworkLayersAndBadInputs) {
  network_spec mlp;
  mlp.hidden = {256};
  const auto layers = compute_layers(mlp, 1, 28, 28, 10);
  ASSERT_EQ(layers.size(), 2u);
  EXPECT_GT(gpu_inference_latency(layers, gpu_device_named("L40")), 2 * 5e-6);
  EXPECT_EQ(gpu_devices().size(), 7u);
  try {
    (void)gpu_device_named("TPUv4");
    FAIL();
  } catch (const dsegym::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("H100-SXM"), std::string::npos);
  }
  EXPECT_THROW((void)gpu_inference_latency(layers, gpu_devices()[0], {.batch = 0}), dsegym::invalid_argument);
  EXPECT_THROW((void)gpu_inference_latency(layers, gpu_devices()[0], {.batch = 1, .bytes_per_element = 0.0}),
               dsegym::invalid_argument);
}

}  // namespace
}  // namespace dsegym::sim::nn

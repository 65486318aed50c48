#include <gtest/gtest.h>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/accel.hpp"

namespace {

using namespace dsegym::sim::accel;

TEST(AccelLayer, ConstructorsAndMacs) {
  const layer c = conv2d("c", 64, 128, 56, 56, 3, 2, 1);
  EXPECT_EQ(c.p, 28u);
  EXPECT_EQ(c.q, 28u);
  EXPECT_EQ(c.macs(), 128ULL * 64 * 9 * 28 * 28);
  EXPECT_EQ(c.input_h(), 55u);  // (28 - 1)·2 + 3 - 2: the 56th row is never read
  const layer d = depthwise_conv2d("d", 96, 112, 112, 3, 2, 1);
  EXPECT_EQ(d.k, 1u);
  EXPECT_EQ(d.p, 56u);
  EXPECT_EQ(d.macs(), 96ULL * 9 * 56 * 56);  // C·R·S·P·Q
  const layer f = fully_connected("f", 512, 1000);
  EXPECT_EQ(f.macs(), 512000u);
  EXPECT_EQ(f.flops(), 513000u);  // + one bias add per output
  const layer g = gemm("g", 512, 768, 3072);  // (M×K)·(K×N)
  EXPECT_EQ(g.macs(), 512ULL * 768 * 3072);
  EXPECT_EQ(g.k, 768u);
  EXPECT_EQ(g.c, 3072u);
  EXPECT_EQ(g.p, 512u);
  EXPECT_THROW((void)conv2d("bad", 3, 3, 2, 2, 5, 1, 0), dsegym::invalid_argument);
  EXPECT_THROW((void)conv2d("bad", 3, 3, 8, 8, 3, 0, 0), dsegym::invalid_argument);
}

TEST(AccelLayer, TensorRelevance) {
  EXPECT_TRUE(relevant(tensor::weights, dim::k, false));
  EXPECT_FALSE(relevant(tensor::weights, dim::p, false));
  EXPECT_FALSE(relevant(tensor::inputs, dim::k, false));
  EXPECT_TRUE(relevant(tensor::inputs, dim::r, false));
  EXPECT_FALSE(relevant(tensor::outputs, dim::c, false));
  EXPECT_TRUE(relevant(tensor::outputs, dim::c, true));  // depthwise: one output channel per input channel
}

TEST(AccelBuiltinNetworks, AlexNetMatchesTimeloopShapes) {
  const network n = alexnet();
  ASSERT_EQ(n.layers.size(), 8u);
  // Spec §B.1: conv MACs 105,415,200; 447,897,600; 149,520,384; 224,280,576; 149,520,384.
  const std::array<std::uint64_t, 5> conv{105415200, 447897600, 149520384, 224280576, 149520384};
  std::uint64_t conv_total = 0;
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(n.layers[i].macs(), conv[i]) << n.layers[i].name;
    conv_total += n.layers[i].macs();
  }
  EXPECT_EQ(conv_total, 1076634144u);
  EXPECT_EQ(n.layers[0].p, 55u);
  EXPECT_EQ(n.macs() - conv_total, 9216ULL * 4096 + 4096ULL * 4096 + 4096ULL * 1000);
}

TEST(AccelBuiltinNetworks, ResNet18AndMobileNetV2Totals) {
  const network r = resnet18();
  EXPECT_EQ(r.layers.size(), 1u + 16u + 3u + 1u);  // conv1, 16 block convs, 3 projections, fc
  EXPECT_EQ(r.macs(), 1814073344u);                // the usual "1.8 GFLOPs"
  const network m = mobilenet_v2();
  // 300,774,272 multiply-adds (the paper's "300 M"; 299,494,272 in convolutions + 1,280,000 FC).
  EXPECT_EQ(m.macs(), 300774272u);
  std::size_t depthwise = 0;
  for (const auto& l : m.layers) depthwise += l.depthwise() ? 1 : 0;
  EXPECT_EQ(depthwise, 17u);
  EXPECT_EQ(builtin_network("resnet18"), r);
  EXPECT_EQ(builtin_network_names().size(), 3u);
  EXPECT_THROW((void)builtin_network("lenet"), dsegym::not_found);
}

}  // namespace

namespace dsegym::sim::accel {
namespace {

TEST(AccelLayer, AbsurdLoopBoundsAreRefusedBeforeMapping) {
  layer l = gemm("huge", 1, 1, 1);
  l.c = max_layer_dim + 1;
  try {
    validate(l);
    ADD_FAILURE() << "expected invalid_argument";
  } catch (const dsegym::invalid_argument& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("'huge'"), std::string::npos) << m;
    EXPECT_NE(m.find("exceeds the limit 16777216"), std::string::npos) << m;
  }
  l.c = max_layer_dim;  // the limit itself is fine
  EXPECT_NO_THROW(validate(l));
}

}  // namespace
}  // namespace dsegym::sim::accel

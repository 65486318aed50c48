#include <gtest/gtest.h>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/accel.hpp"

namespace {

using namespace dsegym::sim::accel;
using ops = std::array<std::uint8_t, 6>;

// nas-bench-201.md §6: MACs = 9·Cin·C·H·W + 28·C²·H·W + (4C+1)·K + N·C²·H·W·(27·n3 + 3·n1).
std::uint64_t nb201_flops(const ops& a, const nb201_network_options& o) {
  std::uint64_t n3 = 0, n1 = 0;
  for (auto op : a) {
    n3 += op == 3 ? 1 : 0;
    n1 += op == 2 ? 1 : 0;
  }
  const std::uint64_t C = o.channels, HW = std::uint64_t{o.height} * o.width;
  return 9 * o.input_channels * C * HW + 28 * C * C * HW + (4 * C + 1) * o.classes +
         o.cells_per_stage * C * C * HW * (27 * n3 + 3 * n1);
}

struct arch_case {
  const char* name;
  ops a;
  double cifar10_m;  // the spec's table (FLOPs M, CIFAR-10)
};

class AccelNb201Network : public ::testing::TestWithParam<arch_case> {};

TEST_P(AccelNb201Network, MacsEqualTheFlopsFormula) {
  const auto& c = GetParam();
  const nb201_network_options cifar10;
  const network n = nb201_network(c.a, cifar10);
  EXPECT_EQ(n.flops(), nb201_flops(c.a, cifar10));
  EXPECT_EQ(n.macs(), nb201_flops(c.a, cifar10) - cifar10.classes);  // FLOPs count the K bias adds
  EXPECT_NEAR(static_cast<double>(n.flops()) / 1e6, c.cifar10_m, 5e-6);
  // CIFAR-100 (K = 100) and ImageNet16-120 (16×16, K = 120).
  const nb201_network_options c100{.classes = 100};
  EXPECT_EQ(nb201_network(c.a, c100).flops(), nb201_flops(c.a, c100));
  const nb201_network_options in16{.height = 16, .width = 16, .classes = 120};
  EXPECT_EQ(nb201_network(c.a, in16).flops(), nb201_flops(c.a, in16));
}

INSTANTIATE_TEST_SUITE_P(
    SpecArchs, AccelNb201Network,
    ::testing::Values(arch_case{"all_conv3x3", {3, 3, 3, 3, 3, 3}, 220.11969},
                      arch_case{"all_conv1x1", {2, 2, 2, 2, 2, 2}, 31.37601},
                      arch_case{"all_skip", {1, 1, 1, 1, 1, 1}, 7.78305},
                      arch_case{"all_pool", {4, 4, 4, 4, 4, 4}, 7.78305},
                      arch_case{"arch0", {4, 2, 1, 2, 1, 1}, 15.64737},
                      arch_case{"arch1", {3, 3, 4, 1, 3, 1}, 113.95137},
                      arch_case{"resnet_cell", {3, 0, 3, 1, 0, 1}, 78.56193},
                      arch_case{"arch6111", {3, 3, 3, 1, 3, 2}, 153.27297},
                      arch_case{"arch857", {2, 2, 3, 1, 3, 3}, 121.81569}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(AccelNb201NetworkShape, LayersOfTheSkeleton) {
  const network n = nb201_network(ops{3, 0, 0, 2, 0, 0});
  // stem + 3 stages × 5 cells × 2 conv edges + 2 reductions × 3 convs + classifier.
  ASSERT_EQ(n.layers.size(), 1u + 30u + 6u + 1u);
  EXPECT_EQ(n.layers.front().name, "stem");
  EXPECT_EQ(n.layers.front().macs(), 442368u);
  EXPECT_EQ(n.layers[1].name, "stage1.cell1.edge0->1.conv3x3");
  EXPECT_EQ(n.layers[1].macs(), 2359296u);
  EXPECT_EQ(n.layers[2].macs(), 262144u);
  EXPECT_EQ(n.layers[11].name, "reduce1.conv_a");
  EXPECT_EQ(n.layers[11].macs(), 1179648u);
  EXPECT_EQ(n.layers[12].macs(), 2359296u);
  EXPECT_EQ(n.layers[13].macs(), 131072u);
  EXPECT_EQ(n.layers[14].macs(), 2359296u);  // stage 2 conv 3×3: 32 ch at 16×16
  EXPECT_EQ(n.layers.back().k, 10u);
  EXPECT_EQ(n.layers.back().c, 64u);
  // The int64 span form (as an action vector arrives) gives the same network.
  const std::array<std::int64_t, 6> v{3, 0, 0, 2, 0, 0};
  EXPECT_EQ(nb201_network(std::span<const std::int64_t>(v)), n);
}

TEST(AccelNb201NetworkShape, BadInputs) {
  const std::array<std::int64_t, 5> five{3, 3, 3, 3, 3};
  EXPECT_THROW((void)nb201_network(std::span<const std::int64_t>(five)), dsegym::invalid_argument);
  const std::array<std::int64_t, 6> bad{3, 3, 5, 3, 3, 3};
  EXPECT_THROW((void)nb201_network(std::span<const std::int64_t>(bad)), dsegym::invalid_argument);
  EXPECT_THROW((void)nb201_network(ops{3, 3, 3, 3, 3, 3}, {.height = 30}), dsegym::invalid_argument);
  EXPECT_THROW((void)nb201_network(ops{3, 3, 3, 3, 3, 3}, {.channels = 0}), dsegym::invalid_argument);
}

}  // namespace

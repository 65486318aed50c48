// Analytic FLOPs/params (spec §5, §6): the spec's table, an independent layer-by-layer count, and
// the flops_M / params_M columns of every dataset file for all 15,625 architectures.

#include "dsegym/sim/nb201/cost_model.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <vector>

#include "dsegym/core/error.hpp"
#include "test_data.hpp"
#include "dsegym_test_data.hpp"

namespace nb = dsegym::sim::nb201;
using nb::dataset;

namespace {

// Layer-by-layer count of the skeleton of spec §5, written independently of the closed form.
nb::network_cost count_layers(nb::conv_counts k, const nb::network_shape& s) {
  std::uint64_t flops = 0;
  std::uint64_t params = 0;
  auto conv = [&](std::uint64_t kernel, std::uint64_t cin, std::uint64_t cout, std::uint64_t h_out,
                  std::uint64_t w_out) {
    flops += kernel * kernel * cin * cout * h_out * w_out;
    params += kernel * kernel * cin * cout;
  };
  auto bn = [&](std::uint64_t ch) { params += 2 * ch; };
  std::uint64_t h = s.height, w = s.width, c = s.channels;
  conv(3, s.input_channels, c, h, w);  // stem
  bn(c);
  for (int stage = 0; stage < 3; ++stage) {
    if (stage > 0) {  // residual reduction block c -> 2c, stride 2
      const std::uint64_t out = 2 * c;
      h /= 2;
      w /= 2;
      conv(3, c, out, h, w);
      bn(out);
      conv(3, out, out, h, w);
      bn(out);
      conv(1, c, out, h, w);  // shortcut after AvgPool(2)
      c = out;
    }
    for (std::uint32_t cell = 0; cell < s.cells_per_stage; ++cell) {
      for (std::size_t i = 0; i < k.n3; ++i) {
        conv(3, c, c, h, w);
        bn(c);
      }
      for (std::size_t i = 0; i < k.n1; ++i) {
        conv(1, c, c, h, w);
        bn(c);
      }
    }
  }
  bn(c);                               // head BN
  flops += c * s.classes + s.classes;  // Linear with bias
  params += c * s.classes + s.classes;
  return {flops, params};
}

struct table_row {
  std::size_t index;
  double flops[3];  // cifar10, cifar100, ImageNet16-120
  double params[3];
};

// Spec §6 table.
const std::vector<table_row> spec_table = {
    {1462, {220.11969, 220.12554, 55.03756}, {1.531546, 1.537396, 1.538696}},
    {4317, {31.37601, 31.38186, 7.85164}, {0.241306, 0.247156, 0.248456}},
    {1835, {7.78305, 7.78890, 1.95340}, {0.073306, 0.079156, 0.080456}},
    {1651, {7.78305, 7.78890, 1.95340}, {0.073306, 0.079156, 0.080456}},
    {7581, {7.78305, 7.78890, 1.95340}, {0.073306, 0.079156, 0.080456}},
    {0, {15.64737, 15.65322, 3.91948}, {0.129306, 0.135156, 0.136456}},
    {1, {113.95137, 113.95722, 28.49548}, {0.802426, 0.808276, 0.809576}},
    {11472, {78.56193, 78.56778, 19.64812}, {0.559386, 0.565236, 0.566536}},
    {6111, {153.27297, 153.27882, 38.32588}, {1.073466, 1.079316, 1.080616}},
    {9930, {184.73025, 184.73610, 46.19020}, {1.288506, 1.294356, 1.295656}},
    {857, {121.81569, 121.82154, 30.46156}, {0.858426, 0.864276, 0.865576}},
};

// The CSVs hold at most 10 significant digits.
void expect_csv_equal(double csv, double model, const char* what, std::size_t i) {
  ASSERT_NEAR(csv, model, 1e-9 * std::abs(model) + 1e-12) << what << " of arch " << i;
}

}  // namespace

TEST(Nb201CostModel, SpecTable) {
  const dataset ds[3] = {dataset::cifar10, dataset::cifar100, dataset::imagenet16_120};
  for (const auto& row : spec_table) {
    for (int d = 0; d < 3; ++d) {
      const auto c = nb::nb201_cost(nb::arch_at_index(row.index), ds[d]);
      // Table values are exact at their printed precision, so compare integers.
      EXPECT_EQ(c.flops, static_cast<std::uint64_t>(std::llround(row.flops[d] * 1e6)))
          << "arch " << row.index << " " << nb::dataset_name(ds[d]);
      EXPECT_EQ(c.params, static_cast<std::uint64_t>(std::llround(row.params[d] * 1e6)))
          << "arch " << row.index << " " << nb::dataset_name(ds[d]);
    }
  }
}

TEST(Nb201CostModel, NB201Instances) {
  // §6: CIFAR FLOPs = 7,782,400 + 65K + 35,389,440 n3 + 3,932,160 n1; params 73,306 / 79,156 /
  // 80,456 + 243,040 n3 + 28,000 n1.
  for (std::size_t n3 = 0; n3 <= 6; ++n3) {
    for (std::size_t n1 = 0; n3 + n1 <= 6; ++n1) {
      const nb::conv_counts k{n3, n1};
      const auto c10 = nb::compute_cost(k, nb::nb201_shape(dataset::cifar10));
      EXPECT_EQ(c10.flops, 7782400 + 650 + 35389440 * n3 + 3932160 * n1);
      EXPECT_EQ(c10.params, 73306 + 243040 * n3 + 28000 * n1);
      const auto c100 = nb::compute_cost(k, nb::nb201_shape(dataset::cifar100));
      EXPECT_EQ(c100.flops, 7782400 + 6500 + 35389440 * n3 + 3932160 * n1);
      EXPECT_EQ(c100.params, 79156 + 243040 * n3 + 28000 * n1);
      const auto in16 = nb::compute_cost(k, nb::nb201_shape(dataset::imagenet16_120));
      EXPECT_EQ(in16.flops, 1953400 + 8847360 * n3 + 983040 * n1);
      EXPECT_EQ(in16.params, 80456 + 243040 * n3 + 28000 * n1);
    }
  }
}

TEST(Nb201CostModel, GeneralFormulaMatchesLayerCount) {
  const std::vector<nb::network_shape> shapes = {{16, 5, 3, 32, 32, 10}, {16, 5, 3, 16, 16, 120},
                                                 {8, 1, 1, 16, 16, 10},  {4, 1, 1, 28, 28, 10},
                                                 {7, 3, 5, 12, 20, 33},  {1, 1, 1, 4, 4, 1}};
  for (const auto& s : shapes)
    for (std::size_t n3 = 0; n3 <= 6; ++n3)
      for (std::size_t n1 = 0; n3 + n1 <= 6; ++n1)
        EXPECT_EQ(nb::compute_cost(nb::conv_counts{n3, n1}, s), count_layers({n3, n1}, s))
            << "C=" << s.channels << " n3=" << n3 << " n1=" << n1;
}

TEST(Nb201CostModel, TrainerShapeFromSpec) {
  // §12 downsized network (C=8, N=1, Cin=1, 16x16, K=10): 477,514 + 442,368 n3 + 49,152 n1 MACs,
  // 18,594 + 12,208 n3 + 1,456 n1 params.
  const nb::network_shape s{8, 1, 1, 16, 16, 10};
  for (std::size_t n3 = 0; n3 <= 6; ++n3)
    for (std::size_t n1 = 0; n3 + n1 <= 6; ++n1) {
      const auto c = nb::compute_cost(nb::conv_counts{n3, n1}, s);
      EXPECT_EQ(c.flops, 477514 + 442368 * n3 + 49152 * n1);
      EXPECT_EQ(c.params, 18594 + 12208 * n3 + 1456 * n1);
    }
}

TEST(Nb201CostModel, MatchesEveryDataFile) {
  DSEGYM_NEED_DATA("nb201");
  const auto& t = nb201_test::data();
  struct file_cols {
    dataset d;
    const nb::column* flops;
    const nb::column* params;
  };
  const file_cols files[] = {
      {dataset::cifar10_valid, &t.cifar10_valid.flops_m, &t.cifar10_valid.params_m},
      {dataset::cifar10, &t.cifar10.flops_m, &t.cifar10.params_m},
      {dataset::cifar100, &t.cifar100.flops_m, &t.cifar100.params_m},
      {dataset::imagenet16_120, &t.imagenet16_120.flops_m, &t.imagenet16_120.params_m},
  };
  for (const auto& f : files) {
    std::set<std::uint64_t> distinct;
    for (std::size_t i = 0; i < nb::arch_count; ++i) {
      const auto c = nb::nb201_cost(nb::arch_at_index(i), f.d);
      expect_csv_equal((*f.flops)[i], c.flops_m(), "flops_M", i);
      expect_csv_equal((*f.params)[i], c.params_m(), "params_M", i);
      distinct.insert(c.flops);
    }
    EXPECT_EQ(distinct.size(), 28u) << nb::dataset_name(f.d);
  }
}

TEST(Nb201CostModel, Shapes) {
  EXPECT_EQ(nb::nb201_shape(dataset::cifar10_valid), (nb::network_shape{16, 5, 3, 32, 32, 10}));
  EXPECT_EQ(nb::nb201_shape(dataset::cifar100), (nb::network_shape{16, 5, 3, 32, 32, 100}));
  EXPECT_EQ(nb::nb201_shape(dataset::imagenet16_120), (nb::network_shape{16, 5, 3, 16, 16, 120}));
}

TEST(Nb201CostModel, RejectsBadShapes) {
  nb::network_shape s;
  s.height = 30;
  EXPECT_THROW((void)nb::compute_cost(nb::conv_counts{1, 1}, s), dsegym::invalid_argument);
  s = {};
  s.channels = 0;
  EXPECT_THROW((void)nb::compute_cost(nb::conv_counts{1, 1}, s), dsegym::invalid_argument);
  s = {};
  EXPECT_THROW((void)nb::compute_cost(nb::conv_counts{4, 3}, s), dsegym::invalid_argument);
  s.channels = 4000000000u;
  s.height = s.width = 4000000000u;
  EXPECT_THROW((void)nb::compute_cost(nb::conv_counts{1, 1}, s), dsegym::invalid_argument);
  try {
    nb::network_shape odd;
    odd.width = 18;
    (void)nb::compute_cost(nb::conv_counts{}, odd);
    FAIL() << "no exception";
  } catch (const dsegym::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("HxW=32x18"), std::string::npos) << e.what();
  }
}

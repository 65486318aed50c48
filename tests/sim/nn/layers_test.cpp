#include <gtest/gtest.h>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/nn/layers.hpp"
#include "grad_check.hpp"

namespace dsegym::sim::nn {
namespace {

using testing::check_gradients;
using testing::distinct_tensor;
using testing::random_tensor;

TEST(NnLayers, LinearForwardMatchesHandComputation) {
  rng g(1);
  linear l(2, 1, true, g);
  l.weight.value[0] = 2.0f;
  l.weight.value[1] = -1.0f;
  l.bias.value[0] = 0.5f;
  tensor x({1, 2});
  x[0] = 3.0f;
  x[1] = 4.0f;
  run_context ctx;
  EXPECT_FLOAT_EQ(l.forward(x, ctx)[0], 2.5f);
  EXPECT_EQ(l.macs_per_image(), 3u);
}

TEST(NnLayers, LinearGradients) {
  rng g(2);
  linear l(5, 3, true, g);
  check_gradients(l, random_tensor({4, 5}, 3));
}

TEST(NnLayers, Conv2dForwardMatchesDirectConvolution) {
  rng g(3);
  conv2d c(2, 3, 3, 2, 1, true, g);
  for (auto& v : c.bias.value.values()) v = 0.25f;
  const tensor x = random_tensor({2, 2, 5, 6}, 4);
  run_context ctx;
  const tensor y = c.forward(x, ctx);
  ASSERT_EQ(y.shape(), (std::vector<int>{2, 3, 3, 3}));
  for (int n = 0; n < 2; ++n)
    for (int o = 0; o < 3; ++o)
      for (int oy = 0; oy < 3; ++oy)
        for (int ox = 0; ox < 3; ++ox) {
          double s = 0.25;
          for (int ci = 0; ci < 2; ++ci)
            for (int ky = 0; ky < 3; ++ky)
              for (int kx = 0; kx < 3; ++kx) {
                const int iy = oy * 2 - 1 + ky, ix = ox * 2 - 1 + kx;
                if (iy < 0 || iy >= 5 || ix < 0 || ix >= 6) continue;
                s += c.weight.value[((o * 2 + ci) * 3 + ky) * 3 + kx] *
                     x[((n * 2 + ci) * 5 + iy) * 6 + ix];
              }
          EXPECT_NEAR(y[((n * 3 + o) * 3 + oy) * 3 + ox], s, 1e-5);
        }
  EXPECT_EQ(c.macs_per_image(), 9u * 2 * 3 * 9 + 3 * 9);
}

TEST(NnLayers, Conv2dGradients) {
  rng g(5);
  conv2d c3(2, 3, 3, 1, 1, false, g);
  check_gradients(c3, random_tensor({2, 2, 4, 4}, 6));
  conv2d c3s(2, 2, 3, 2, 1, true, g);
  check_gradients(c3s, random_tensor({2, 2, 5, 5}, 7));
  conv2d c1(3, 2, 1, 1, 0, false, g);
  check_gradients(c1, random_tensor({2, 3, 3, 3}, 8));
  conv2d c5(1, 2, 5, 1, 2, true, g);
  check_gradients(c5, random_tensor({1, 1, 4, 5}, 9));
}

TEST(NnLayers, PoolingForward) {
  tensor x({1, 1, 2, 2});
  for (int i = 0; i < 4; ++i) x[i] = static_cast<float>(i + 1);
  run_context ctx;
  pool2d mx(pool_kind::max, 2, 2, 0);
  EXPECT_FLOAT_EQ(mx.forward(x, ctx)[0], 4.0f);
  // 3x3 stride 1 pad 1, padding excluded: corner averages its 4 in-bounds values.
  pool2d avg(pool_kind::average, 3, 1, 1, false);
  EXPECT_FLOAT_EQ(avg.forward(x, ctx)[0], 2.5f);
  pool2d avg_in(pool_kind::average, 3, 1, 1, true);
  EXPECT_FLOAT_EQ(avg_in.forward(x, ctx)[0], 10.0f / 9.0f);
  global_avg_pool gap;
  const tensor y = gap.forward(x, ctx);
  EXPECT_EQ(y.shape(), (std::vector<int>{1, 1}));
  EXPECT_FLOAT_EQ(y[0], 2.5f);
}

TEST(NnLayers, PoolingGradients) {
  pool2d mx(pool_kind::max, 2, 2, 0);
  check_gradients(mx, distinct_tensor({2, 2, 4, 4}, 10));
  pool2d mx3(pool_kind::max, 3, 1, 1);
  check_gradients(mx3, distinct_tensor({1, 2, 4, 3}, 11));
  pool2d avg(pool_kind::average, 3, 1, 1, false);
  check_gradients(avg, random_tensor({2, 2, 4, 4}, 12));
  pool2d avg_in(pool_kind::average, 3, 1, 1, true);
  check_gradients(avg_in, random_tensor({1, 2, 3, 3}, 13));
  pool2d avg2(pool_kind::average, 2, 2, 0);
  check_gradients(avg2, random_tensor({2, 1, 4, 4}, 14));
  global_avg_pool gap;
  check_gradients(gap, random_tensor({2, 3, 3, 2}, 15));
}

TEST(NnLayers, BatchNormNormalisesAndTracksRunningStats) {
  batch_norm bn(1, 0.1, 1e-5);
  tensor x({4, 1});
  for (int i = 0; i < 4; ++i) x[i] = static_cast<float>(i);  // mean 1.5, var 1.25
  run_context train{true, nullptr};
  const tensor y = bn.forward(x, train);
  EXPECT_NEAR(y[0], -1.5 / std::sqrt(1.25 + 1e-5), 1e-5);
  EXPECT_NEAR(bn.running_mean[0], 0.15, 1e-6);
  EXPECT_NEAR(bn.running_var[0], 0.9 + 0.1 * (5.0 / 3.0), 1e-6);  // unbiased 5/3
  run_context eval{false, nullptr};
  const tensor z = bn.forward(x, eval);
  EXPECT_NEAR(z[3], (3.0 - 0.15) / std::sqrt(bn.running_var[0] + 1e-5), 1e-5);
}

TEST(NnLayers, BatchNormGradients) {
  batch_norm bn4(3);
  bn4.gamma.value[1] = 1.5f;
  bn4.beta.value[2] = -0.3f;
  check_gradients(bn4, random_tensor({3, 3, 2, 2}, 16), 1e-2, 6e-3);
  batch_norm bn2(4);
  check_gradients(bn2, random_tensor({5, 4}, 17), 1e-2, 6e-3);
  batch_norm bn_eval(2);
  check_gradients(bn_eval, random_tensor({2, 2, 2, 2}, 18), 1e-2, 4e-3, /*training=*/false);
}

TEST(NnLayers, LayerNormGradients) {
  layer_norm ln({6});
  ln.gamma.value[2] = 0.7f;
  check_gradients(ln, random_tensor({3, 6}, 19), 1e-2, 6e-3);
  layer_norm ln4({2, 2, 2});
  check_gradients(ln4, random_tensor({2, 2, 2, 2}, 20), 1e-2, 6e-3);
}

TEST(NnLayers, ActivationsValuesAndGradients) {
  run_context ctx;
  tensor x({1, 3});
  x[0] = -1.0f;
  x[1] = 0.5f;
  x[2] = 4.0f;
  activation relu(activation_kind::relu), hs(activation_kind::hswish),
      gelu(activation_kind::gelu_tanh);
  EXPECT_FLOAT_EQ(relu.forward(x, ctx)[0], 0.0f);
  EXPECT_FLOAT_EQ(hs.forward(x, ctx)[1], 0.5f * 3.5f / 6.0f);
  EXPECT_FLOAT_EQ(hs.forward(x, ctx)[2], 4.0f);
  EXPECT_NEAR(gelu.forward(x, ctx)[0], -0.15880801, 1e-6);
  for (auto k : {activation_kind::relu, activation_kind::tanh, activation_kind::sigmoid,
                 activation_kind::gelu_tanh, activation_kind::hswish}) {
    activation a(k);
    check_gradients(a, random_tensor({2, 7}, 21, 4.0, {0.0, -3.0, 3.0}));
  }
  EXPECT_EQ(parse_activation("gelu"), activation_kind::gelu_tanh);
  EXPECT_THROW((void)parse_activation("swish"), dsegym::invalid_argument);
}

TEST(NnLayers, DropoutScalesAndMasks) {
  dropout d(0.5);
  tensor x({1, 1000}, 1.0f);
  rng g(22);
  run_context train{true, &g};
  const tensor y = d.forward(x, train);
  int zeros = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    EXPECT_TRUE(y[i] == 0.0f || y[i] == 2.0f);
    zeros += y[i] == 0.0f;
  }
  EXPECT_GT(zeros, 400);
  EXPECT_LT(zeros, 600);
  run_context eval{false, nullptr};
  EXPECT_FLOAT_EQ(d.forward(x, eval)[7], 1.0f);
  dropout d2(0.3);
  check_gradients(d2, random_tensor({3, 5}, 23));
  EXPECT_THROW(dropout(1.0), dsegym::invalid_argument);
  run_context no_gen{true, nullptr};
  EXPECT_THROW((void)d.forward(x, no_gen), dsegym::invalid_argument);
}

TEST(NnLayers, ResidualAndSequentialGradients) {
  rng g(24);
  auto body = std::make_unique<sequential>();
  body->add(std::make_unique<conv2d>(2, 2, 3, 1, 1, false, g));
  body->add(std::make_unique<batch_norm>(2));
  body->add(std::make_unique<activation>(activation_kind::tanh));
  sum_branches res;
  res.add(std::move(body));
  res.add(std::make_unique<identity>());
  check_gradients(res, random_tensor({2, 2, 3, 3}, 25), 1e-2, 6e-3);

  sequential net;
  net.add(std::make_unique<conv2d>(1, 3, 3, 2, 1, true, g));
  net.add(std::make_unique<activation>(activation_kind::gelu_tanh));
  net.add(std::make_unique<pool2d>(pool_kind::average, 2, 2, 0));
  net.add(std::make_unique<flatten>());
  net.add(std::make_unique<dropout>(0.2));
  net.add(std::make_unique<linear>(12, 4, true, g));
  check_gradients(net, random_tensor({2, 1, 8, 8}, 26));
  EXPECT_EQ(count_parameters(net), 3u * 9 + 3 + 12 * 4 + 4);
}

TEST(NnLayers, Nb201CellGradientsAndDataflow) {
  rng g(27);
  auto convbn = [&](int k) {
    auto s = std::make_unique<sequential>();
    s->add(std::make_unique<activation>(activation_kind::tanh));  // smooth stand-in for ReLU
    s->add(std::make_unique<conv2d>(2, 2, k, 1, k / 2, false, g));
    s->add(std::make_unique<batch_norm>(2));
    return s;
  };
  std::array<module_ptr, 6> edges{convbn(3), std::make_unique<pool2d>(pool_kind::average, 3, 1, 1),
                                  convbn(1), std::make_unique<identity>(),
                                  std::make_unique<zero>(), convbn(3)};
  nb201_cell cell(std::move(edges));
  check_gradients(cell, random_tensor({2, 2, 3, 3}, 28), 1e-2, 6e-3);

  // skip on 0->3, everything else none: the cell is the identity.
  std::array<module_ptr, 6> e2{std::make_unique<zero>(), std::make_unique<zero>(),
                               std::make_unique<zero>(), std::make_unique<identity>(),
                               std::make_unique<zero>(), std::make_unique<zero>()};
  nb201_cell id(std::move(e2));
  const tensor x = random_tensor({1, 2, 2, 2}, 29);
  run_context ctx;
  EXPECT_EQ(id.forward(x, ctx).values(), x.values());
}

TEST(NnLayers, BadShapesThrow) {
  rng g(30);
  run_context ctx;
  linear l(4, 2, true, g);
  EXPECT_THROW((void)l.forward(tensor({2, 3}), ctx), dsegym::invalid_argument);
  conv2d c(3, 2, 3, 1, 1, false, g);
  EXPECT_THROW((void)c.forward(tensor({1, 2, 4, 4}), ctx), dsegym::invalid_argument);
  EXPECT_THROW(conv2d(0, 2, 3, 1, 1, false, g), dsegym::invalid_argument);
  batch_norm bn(2);
  run_context train{true, nullptr};
  EXPECT_THROW((void)bn.forward(tensor({1, 2}), train), dsegym::invalid_argument);
  sum_branches s;
  s.add(std::make_unique<identity>());
  s.add(std::make_unique<flatten>());
  EXPECT_THROW((void)s.forward(tensor({1, 2, 2, 2}), ctx), dsegym::invalid_argument);
  tensor t({2, 3});
  EXPECT_THROW(t.reshape({4, 2}), dsegym::invalid_argument);
}

}  // namespace
}  // namespace dsegym::sim::nn

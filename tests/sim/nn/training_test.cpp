#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/nn/augment.hpp"
#include "dsegym/sim/nn/loss.hpp"
#include "dsegym/sim/nn/optim.hpp"
#include "grad_check.hpp"

namespace dsegym::sim::nn {
namespace {

using testing::random_tensor;

TEST(NnLoss, CrossEntropyValue) {
  tensor z({1, 3});  // logits 0,0,0 -> loss log 3
  const std::vector<int> y{1};
  EXPECT_NEAR(softmax_cross_entropy(z, y).loss, std::log(3.0), 1e-9);
  z[1] = 2.0f;
  const double lse = std::log(2.0 + std::exp(2.0));
  EXPECT_NEAR(softmax_cross_entropy(z, y).loss, lse - 2.0, 1e-6);
  // smoothing 0.3 over 3 classes: targets 0.1, 0.8, 0.1.
  EXPECT_NEAR(softmax_cross_entropy(z, y, 0.3).loss, 0.1 * lse + 0.8 * (lse - 2.0) + 0.1 * lse,
              1e-6);
  EXPECT_EQ(softmax_cross_entropy(z, y).correct, 1u);
}

TEST(NnLoss, CrossEntropyGradientMatchesFiniteDifferences) {
  const tensor z0 = random_tensor({4, 5}, 40, 2.0);
  const std::vector<int> a{0, 3, 4, 1}, b{2, 3, 0, 0};
  for (double smoothing : {0.0, 0.1}) {
    for (double lam : {1.0, 0.3}) {
      std::span<const int> lb = lam == 1.0 ? std::span<const int>{} : std::span<const int>(b);
      tensor g;
      (void)softmax_cross_entropy(z0, a, smoothing, &g, lb, lam);
      tensor z = z0;
      for (std::size_t i = 0; i < z.size(); ++i) {
        const float keep = z[i];
        z[i] = keep + 1e-3f;
        const double fp = softmax_cross_entropy(z, a, smoothing, nullptr, lb, lam).loss;
        z[i] = keep - 1e-3f;
        const double fm = softmax_cross_entropy(z, a, smoothing, nullptr, lb, lam).loss;
        z[i] = keep;
        EXPECT_NEAR(g[i], (fp - fm) / 2e-3, 2e-3);
      }
    }
  }
}

TEST(NnLoss, BadInputsThrow) {
  tensor z({2, 3});
  const std::vector<int> ok{0, 1}, bad{0, 3}, shortl{0};
  EXPECT_THROW((void)softmax_cross_entropy(z, bad), dsegym::invalid_argument);
  EXPECT_THROW((void)softmax_cross_entropy(z, shortl), dsegym::invalid_argument);
  EXPECT_THROW((void)softmax_cross_entropy(z, ok, 1.0), dsegym::invalid_argument);
  EXPECT_THROW((void)softmax_cross_entropy(z, ok, 0.0, nullptr, {}, 0.5), dsegym::invalid_argument);
}

parameter scalar_param(float v, float g) {
  return {tensor({1}, v), tensor({1}, g), "p"};
}

TEST(NnOptim, SgdMomentumAndNesterovByHand) {
  parameter p = scalar_param(1.0f, 0.5f);
  optimizer sgd({.kind = optimizer_kind::sgd, .momentum = 0.9, .weight_decay = 0.1}, {&p});
  sgd.step(0.1);  // d = 0.5 + 0.1 = 0.6; buf = 0.6; w = 1 - 0.06
  EXPECT_NEAR(p.value[0], 0.94, 1e-6);
  sgd.step(0.1);  // d = 0.5 + 0.094 = 0.594; buf = 0.54 + 0.594 = 1.134
  EXPECT_NEAR(p.value[0], 0.94 - 0.1134, 1e-6);

  parameter q = scalar_param(1.0f, 1.0f);
  optimizer nes({.kind = optimizer_kind::sgd_nesterov, .momentum = 0.9}, {&q});
  nes.step(0.1);  // buf = 1; d = 1 + 0.9 = 1.9
  EXPECT_NEAR(q.value[0], 0.81, 1e-6);
  nes.step(0.1);  // buf = 1.9; d = 1 + 1.71 = 2.71
  EXPECT_NEAR(q.value[0], 0.81 - 0.271, 1e-6);
}

TEST(NnOptim, AdamAdamwRmspropFirstSteps) {
  parameter p = scalar_param(1.0f, 0.2f);
  optimizer adam({.kind = optimizer_kind::adam}, {&p});
  adam.step(0.01);  // bias-corrected first step = lr * sign(g)
  EXPECT_NEAR(p.value[0], 0.99, 1e-6);

  parameter q = scalar_param(2.0f, 0.0f);
  optimizer adamw({.kind = optimizer_kind::adamw, .weight_decay = 0.5}, {&q});
  adamw.step(0.1);  // decoupled: w = 2 - 0.1*0.5*2 = 1.9; zero gradient -> no Adam step
  EXPECT_NEAR(q.value[0], 1.9, 1e-6);
  parameter q2 = scalar_param(2.0f, 0.0f);
  optimizer adam_l2({.kind = optimizer_kind::adam, .weight_decay = 0.5}, {&q2});
  adam_l2.step(0.1);  // L2: gradient 1.0 -> step lr * sign = 0.1
  EXPECT_NEAR(q2.value[0], 1.9, 1e-6);
  adam_l2.step(0.1);
  adamw.step(0.1);
  EXPECT_NE(q.value[0], q2.value[0]);

  parameter r = scalar_param(1.0f, 0.3f);
  optimizer rms({.kind = optimizer_kind::rmsprop, .rms_alpha = 0.99}, {&r});
  rms.step(0.01);  // v = 0.01 g^2 -> step = g / (0.1 |g|) = 10
  EXPECT_NEAR(r.value[0], 0.9, 1e-5);
  EXPECT_EQ(parse_optimizer("adamw"), optimizer_kind::adamw);
  EXPECT_THROW((void)parse_optimizer("lamb"), dsegym::invalid_argument);
}

TEST(NnOptim, Schedules) {
  EXPECT_DOUBLE_EQ(learning_rate(schedule_kind::constant, 0.1, 7, 10), 0.1);
  EXPECT_DOUBLE_EQ(learning_rate(schedule_kind::cosine, 0.1, 0, 10), 0.1);
  EXPECT_NEAR(learning_rate(schedule_kind::cosine, 0.1, 5, 10), 0.05, 1e-12);
  EXPECT_NEAR(learning_rate(schedule_kind::step, 1.0, 4, 8), 0.1, 1e-12);
  EXPECT_NEAR(learning_rate(schedule_kind::step, 1.0, 3, 8), 1.0, 1e-12);
  EXPECT_NEAR(learning_rate(schedule_kind::step, 1.0, 6, 8), 0.01, 1e-12);
  EXPECT_NEAR(learning_rate(schedule_kind::linear, 1.0, 3, 4), 0.25, 1e-12);
  // 5 % warm-up of 100 iterations: 5 linear steps, then cosine from the base value.
  EXPECT_NEAR(learning_rate(schedule_kind::warmup_cosine, 1.0, 0, 100), 0.2, 1e-12);
  EXPECT_NEAR(learning_rate(schedule_kind::warmup_cosine, 1.0, 4, 100), 1.0, 1e-12);
  EXPECT_NEAR(learning_rate(schedule_kind::warmup_cosine, 1.0, 5, 100), 1.0, 1e-12);
  EXPECT_NEAR(learning_rate(schedule_kind::warmup_cosine, 1.0, 52, 100),
              0.5 * (1 + std::cos(std::numbers::pi * 47.0 / 95.0)), 1e-12);
  EXPECT_THROW((void)learning_rate(schedule_kind::cosine, 0.1, 10, 10), dsegym::invalid_argument);
  EXPECT_EQ(parse_schedule("warmup_cosine"), schedule_kind::warmup_cosine);
}

TEST(NnOptim, WeightEma) {
  parameter p = scalar_param(1.0f, 0.0f);
  std::vector<parameter*> ps{&p};
  weight_ema ema(0.9, ps);
  p.value[0] = 2.0f;
  ema.update(ps);  // 0.9 * 1 + 0.1 * 2
  ema.swap(ps);
  EXPECT_NEAR(p.value[0], 1.1, 1e-6);
  ema.swap(ps);
  EXPECT_FLOAT_EQ(p.value[0], 2.0f);
  EXPECT_THROW(weight_ema(1.0, ps), dsegym::invalid_argument);
}

TEST(NnAugment, FlipAndCropAreExactShifts) {
  tensor img({1, 1, 3, 3});
  for (int i = 0; i < 9; ++i) img[i] = static_cast<float>(i + 1);
  // Run until a flip without shift and a pure shift each occur; check their exact effect.
  bool saw_flip = false, saw_identity = false;
  for (std::uint64_t s = 0; s < 64 && !(saw_flip && saw_identity); ++s) {
    tensor t = img;
    rng g(s);
    augment_batch(t, {.crop_pad = 0, .hflip = true}, g);
    if (t[0] == 3.0f) {
      saw_flip = true;
      EXPECT_EQ(t.values(), (std::vector<float>{3, 2, 1, 6, 5, 4, 9, 8, 7}));
    } else {
      saw_identity = true;
      EXPECT_EQ(t.values(), img.values());
    }
  }
  EXPECT_TRUE(saw_flip && saw_identity);
  // Crops keep pixel values (or zero) and the sum never grows.
  for (std::uint64_t s = 0; s < 16; ++s) {
    tensor t = img;
    rng g(s);
    augment_batch(t, {.crop_pad = 1, .hflip = false}, g);
    float sum = 0;
    for (float v : t.values()) sum += v;
    EXPECT_LE(sum, 45.0f);
    EXPECT_TRUE(t[4] == 5.0f || t[4] == 1.0f || t[4] == 2.0f || t[4] == 3.0f || t[4] == 4.0f ||
                t[4] == 6.0f || t[4] == 7.0f || t[4] == 8.0f || t[4] == 9.0f);
  }
  tensor a = random_tensor({4, 1, 5, 5}, 41), b = a;
  rng g1(7), g2(7);
  augment_batch(a, {.crop_pad = 2, .hflip = true, .random_erasing = true}, g1);
  augment_batch(b, {.crop_pad = 2, .hflip = true, .random_erasing = true}, g2);
  EXPECT_EQ(a.values(), b.values());
}

TEST(NnAugment, GammaBetaMomentsAndMixup) {
  rng g(42);
  const int n = 20000;
  double sg = 0, sb = 0, sb2 = 0;
  for (int i = 0; i < n; ++i) {
    sg += sample_gamma(g, 0.4);
    const double b = sample_beta(g, 0.2, 0.2);
    ASSERT_GE(b, 0.0);
    ASSERT_LE(b, 1.0);
    sb += b;
    sb2 += b * b;
  }
  EXPECT_NEAR(sg / n, 0.4, 0.02);
  EXPECT_NEAR(sb / n, 0.5, 0.02);
  // Var Beta(a, a) = 1 / (4 (2a + 1)) = 0.178571 for a = 0.2.
  EXPECT_NEAR(sb2 / n - (sb / n) * (sb / n), 1.0 / (4 * 1.4), 0.01);

  tensor x({3, 2});
  for (int i = 0; i < 6; ++i) x[i] = static_cast<float>(i / 2);  // rows 0,0 / 1,1 / 2,2
  const std::vector<int> y{0, 1, 2};
  std::vector<int> yb;
  const double lam = mixup_batch(x, y, yb, 0.4, g);
  for (int i = 0; i < 3; ++i)
    EXPECT_NEAR(x[static_cast<std::size_t>(2 * i)], lam * i + (1 - lam) * yb[i], 1e-5);
  EXPECT_THROW((void)sample_gamma(g, 0.0), dsegym::invalid_argument);
}

}  // namespace
}  // namespace dsegym::sim::nn

#pragma once
// Finite-difference gradient checks shared by the layer tests.

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "dsegym/core/random.hpp"
#include "dsegym/sim/nn/layers.hpp"

namespace dsegym::sim::nn::testing {

/// Random values in [-range, range] that stay at least `gap` away from every point in `avoid`
/// (kinks of ReLU, h-swish, ...).
inline tensor random_tensor(std::vector<int> shape, std::uint64_t seed, double range = 1.0,
                            std::vector<double> avoid = {}, double gap = 0.05) {
  tensor t(std::move(shape));
  rng g(seed);
  for (auto& v : t.values()) {
    double x;
    bool ok;
    do {
      x = uniform_real(g, -range, range);
      ok = true;
      for (double a : avoid) ok = ok && std::abs(x - a) > gap;
    } while (!ok);
    v = static_cast<float>(x);
  }
  return t;
}

/// Distinct values spaced 0.1 apart in random order (no near-ties for max pooling).
inline tensor distinct_tensor(std::vector<int> shape, std::uint64_t seed) {
  tensor t(std::move(shape));
  std::vector<std::size_t> idx(t.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  rng g(seed);
  shuffle(g, std::span<std::size_t>(idx));
  for (std::size_t i = 0; i < idx.size(); ++i)
    t[i] = static_cast<float>(0.1 * (static_cast<double>(idx[i]) - idx.size() / 2.0));
  return t;
}

/// Checks d(sum(r * m(x)))/dx and /dparams against central differences. The module runs in
/// training mode with a dropout stream reseeded identically for every forward pass.
inline void check_gradients(module& m, const tensor& x0, double eps = 1e-2, double tol = 4e-3,
                            bool training = true) {
  auto run = [&](const tensor& x) {
    rng g(1234);
    run_context ctx{training, &g};
    return m.forward(x, ctx);
  };
  const tensor y0 = run(x0);
  const tensor r = random_tensor(y0.shape(), 99);
  auto objective = [&](const tensor& x) {
    const tensor y = run(x);
    double s = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) s += static_cast<double>(y[i]) * r[i];
    return s;
  };
  std::vector<parameter*> ps;
  m.collect_parameters(ps);
  zero_grad(ps);
  (void)run(x0);
  const tensor dx = m.backward(r);
  ASSERT_TRUE(dx.same_shape(x0)) << m.name();
  auto compare = [&](double analytic, double numeric, const std::string& what) {
    EXPECT_NEAR(analytic, numeric, tol * std::max({1.0, std::abs(analytic), std::abs(numeric)}))
        << m.name() << " " << what;
  };
  tensor x = x0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float keep = x[i];
    x[i] = keep + static_cast<float>(eps);
    const double fp = objective(x);
    x[i] = keep - static_cast<float>(eps);
    const double fm = objective(x);
    x[i] = keep;
    compare(dx[i], (fp - fm) / (2 * eps), "dx[" + std::to_string(i) + "]");
  }
  std::vector<tensor> grads;
  for (auto* p : ps) grads.push_back(p->grad);
  for (std::size_t k = 0; k < ps.size(); ++k) {
    auto& w = ps[k]->value;
    for (std::size_t i = 0; i < w.size(); ++i) {
      const float keep = w[i];
      w[i] = keep + static_cast<float>(eps);
      const double fp = objective(x0);
      w[i] = keep - static_cast<float>(eps);
      const double fm = objective(x0);
      w[i] = keep;
      compare(grads[k][i], (fp - fm) / (2 * eps),
              ps[k]->name + "[" + std::to_string(i) + "] of param " + std::to_string(k));
    }
  }
}

}  // namespace dsegym::sim::nn::testing

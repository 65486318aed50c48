#include "dsegym/sim/nn/augment.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <span>
#include <string>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::nn {

void augment_batch(tensor& batch, const augment_config& cfg, rng& g) {
  if (batch.rank() != 4)
    throw invalid_argument("nn", "augment_batch expects N x C x H x W, got " +
                                     shape_string(batch.shape()));
  if (cfg.crop_pad < 0)
    throw invalid_argument("nn", "crop_pad must be >= 0, got " + std::to_string(cfg.crop_pad));
  const int n = batch.dim(0), c = batch.dim(1), h = batch.dim(2), w = batch.dim(3);
  const std::size_t img = static_cast<std::size_t>(c) * h * w;
  std::vector<float> tmp(img);
  for (int i = 0; i < n; ++i) {
    float* x = batch.data() + static_cast<std::size_t>(i) * img;
    int dy = 0, dx = 0;
    if (cfg.crop_pad > 0) {
      dy = static_cast<int>(uniform_int(g, -cfg.crop_pad, cfg.crop_pad));
      dx = static_cast<int>(uniform_int(g, -cfg.crop_pad, cfg.crop_pad));
    }
    const bool flip = cfg.hflip && bernoulli(g, 0.5);
    if (dy != 0 || dx != 0 || flip) {
      // out(y, x) = padded_in(y + dy, x' + dx) with x' = flipped column.
      for (int ch = 0; ch < c; ++ch)
        for (int yy = 0; yy < h; ++yy)
          for (int xx = 0; xx < w; ++xx) {
            const int sy = yy + dy, sx = (flip ? w - 1 - xx : xx) + dx;
            tmp[(static_cast<std::size_t>(ch) * h + yy) * w + xx] =
                (sy >= 0 && sy < h && sx >= 0 && sx < w)
                    ? x[(static_cast<std::size_t>(ch) * h + sy) * w + sx]
                    : 0.0f;
          }
      std::copy(tmp.begin(), tmp.end(), x);
    }
    if (cfg.random_erasing && bernoulli(g, 0.5)) {
      const double area = uniform_real(g, 0.02, 0.33) * h * w;
      const double ratio = std::exp(uniform_real(g, std::log(0.3), std::log(1.0 / 0.3)));
      const int eh = std::clamp(static_cast<int>(std::lround(std::sqrt(area * ratio))), 1, h);
      const int ew = std::clamp(static_cast<int>(std::lround(std::sqrt(area / ratio))), 1, w);
      const int y0 = static_cast<int>(uniform_int(g, 0, h - eh));
      const int x0 = static_cast<int>(uniform_int(g, 0, w - ew));
      for (int ch = 0; ch < c; ++ch)
        for (int yy = y0; yy < y0 + eh; ++yy)
          for (int xx = x0; xx < x0 + ew; ++xx)
            x[(static_cast<std::size_t>(ch) * h + yy) * w + xx] = 0.0f;
    }
  }
}

double sample_gamma(rng& g, double shape) {
  if (!(shape > 0.0) || !std::isfinite(shape))
    throw invalid_argument("nn", "gamma shape must be finite and > 0, got " +
                                     std::to_string(shape));
  if (shape < 1.0) {
    double u = uniform01(g);
    while (u <= 0.0) u = uniform01(g);
    return sample_gamma(g, shape + 1.0) * std::pow(u, 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = standard_normal(g);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = uniform01(g);
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
    if (u > 0.0 && std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
  }
}

double sample_beta(rng& g, double a, double b) {
  const double x = sample_gamma(g, a), y = sample_gamma(g, b);
  if (x + y <= 0.0) return bernoulli(g, a / (a + b)) ? 1.0 : 0.0;  // both underflowed
  return x / (x + y);
}

double mixup_batch(tensor& batch, const std::vector<int>& labels, std::vector<int>& labels_b,
                   double alpha, rng& g) {
  if (!(alpha > 0.0))
    throw invalid_argument("nn", "mixup alpha must be > 0, got " + std::to_string(alpha));
  if (batch.rank() < 1 || batch.dim(0) != static_cast<int>(labels.size()))
    throw invalid_argument("nn", "mixup: batch " + shape_string(batch.shape()) + " vs " +
                                     std::to_string(labels.size()) + " labels");
  const double lam = sample_beta(g, alpha, alpha);
  std::vector<std::size_t> perm(labels.size());
  std::iota(perm.begin(), perm.end(), std::size_t{0});
  shuffle(g, std::span<std::size_t>(perm));
  const std::size_t f = batch.inner_size();
  const tensor orig = batch;
  labels_b.resize(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    labels_b[i] = labels[perm[i]];
    for (std::size_t j = 0; j < f; ++j)
      batch[i * f + j] =
          static_cast<float>(lam * orig[i * f + j] + (1.0 - lam) * orig[perm[i] * f + j]);
  }
  return lam;
}

}  // namespace dsegym::sim::nn

#pragma once
// Data augmentation on NCHW batches and mixup, drawing only from dsegym::rng.

#include <vector>

#include "dsegym/core/random.hpp"
#include "dsegym/sim/nn/tensor.hpp"

namespace dsegym::sim::nn {

struct augment_config {
  int crop_pad = 0;          ///< random crop after zero padding by this many pixels (0: off)
  bool hflip = false;        ///< horizontal flip with probability 1/2
  bool random_erasing = false;  ///< erase one random rectangle (2–33 % of the area) w.p. 1/2
};

/// Augments every image of `batch` (N x C x H x W) in place.
void augment_batch(tensor& batch, const augment_config& cfg, rng& g);

/// Gamma(shape, 1) by Marsaglia–Tsang (shape < 1 via the U^(1/shape) boost).
[[nodiscard]] double sample_gamma(rng& g, double shape);
/// Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
[[nodiscard]] double sample_beta(rng& g, double a, double b);

/// Mixup within the batch: lam ~ Beta(alpha, alpha), a random permutation `perm`;
/// x <- lam x + (1 - lam) x[perm]. Returns lam and fills labels_b = labels[perm].
double mixup_batch(tensor& batch, const std::vector<int>& labels, std::vector<int>& labels_b,
                   double alpha, rng& g);

}  // namespace dsegym::sim::nn

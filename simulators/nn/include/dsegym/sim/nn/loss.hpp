#pragma once
// Softmax cross-entropy with label smoothing and mixup targets.

#include <span>

#include "dsegym/sim/nn/tensor.hpp"

namespace dsegym::sim::nn {

struct loss_result {
  double loss = 0.0;     ///< mean over the batch
  std::size_t correct = 0;  ///< argmax(logits) == labels (first label set), for accuracy
};

/// logits N x K; labels in [0, K). Target per sample = lam * smooth(onehot(labels)) +
/// (1 - lam) * smooth(onehot(labels_b)) where smooth(t) = (1 - s) t + s / K. labels_b may be empty
/// (then lam must be 1). When grad != nullptr it receives dLoss/dlogits (N x K).
loss_result softmax_cross_entropy(const tensor& logits, std::span<const int> labels,
                                  double label_smoothing = 0.0, tensor* grad = nullptr,
                                  std::span<const int> labels_b = {}, double lam = 1.0);

}  // namespace dsegym::sim::nn

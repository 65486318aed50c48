#include "dsegym/sim/nn/loss.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::nn {

loss_result softmax_cross_entropy(const tensor& logits, std::span<const int> labels,
                                  double label_smoothing, tensor* grad,
                                  std::span<const int> labels_b, double lam) {
  if (logits.rank() != 2 || logits.dim(0) != static_cast<int>(labels.size()) || logits.dim(0) == 0)
    throw invalid_argument("nn", "cross-entropy needs logits N x K with N = #labels > 0, got " +
                                     shape_string(logits.shape()) + " and " +
                                     std::to_string(labels.size()) + " labels");
  if (!(label_smoothing >= 0.0 && label_smoothing < 1.0))
    throw invalid_argument("nn", "label smoothing must be in [0, 1), got " +
                                     std::to_string(label_smoothing));
  if (!(lam >= 0.0 && lam <= 1.0) || (labels_b.empty() && lam != 1.0) ||
      (!labels_b.empty() && labels_b.size() != labels.size()))
    throw invalid_argument("nn", "mixup needs lam in [0, 1] and labels_b of the batch size (or "
                                 "empty with lam = 1), got lam = " + std::to_string(lam));
  const int n = logits.dim(0), k = logits.dim(1);
  auto check = [k](int y) {
    if (y < 0 || y >= k)
      throw invalid_argument("nn", "label " + std::to_string(y) + " outside [0, " +
                                       std::to_string(k) + ")");
  };
  if (grad) *grad = tensor::uninitialized({n, k});
  loss_result r;
  std::vector<double> p(static_cast<std::size_t>(k));
  const double off = label_smoothing / k;
  for (int i = 0; i < n; ++i) {
    const float* z = logits.data() + static_cast<std::size_t>(i) * k;
    const int ya = labels[static_cast<std::size_t>(i)];
    check(ya);
    const int yb = labels_b.empty() ? ya : labels_b[static_cast<std::size_t>(i)];
    check(yb);
    int arg = 0;
    double mx = z[0];
    for (int j = 1; j < k; ++j)
      if (z[j] > mx) {
        mx = z[j];
        arg = j;
      }
    if (arg == ya) ++r.correct;
    double s = 0.0;
    for (int j = 0; j < k; ++j) s += std::exp(z[j] - mx);
    const double lse = mx + std::log(s);
    double li = 0.0;
    for (int j = 0; j < k; ++j) {
      const double t = off + (1.0 - label_smoothing) *
                                 (lam * (j == ya ? 1.0 : 0.0) + (1.0 - lam) * (j == yb ? 1.0 : 0.0));
      const double logp = z[j] - lse;
      li -= t * logp;
      if (grad)
        (*grad)[static_cast<std::size_t>(i) * k + j] =
            static_cast<float>((std::exp(logp) - t) / n);
    }
    r.loss += li;
  }
  r.loss /= n;
  return r;
}

}  // namespace dsegym::sim::nn

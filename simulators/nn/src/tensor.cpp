#include "dsegym/sim/nn/tensor.hpp"

#include <algorithm>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::nn {

namespace {
std::size_t count(const std::vector<int>& shape) {
  std::size_t n = 1;
  for (int d : shape) {
    if (d < 0) throw invalid_argument("nn", "negative dimension in shape " + shape_string(shape));
    n *= static_cast<std::size_t>(d);
  }
  return n;
}
}  // namespace

std::string shape_string(const std::vector<int>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) s += 'x';
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

tensor::tensor(std::vector<int> shape, float fill)
    : shape_(std::move(shape)), data_(count(shape_), fill) {}

std::size_t tensor::inner_size() const noexcept {
  if (shape_.empty() || shape_[0] == 0) return 0;
  return data_.size() / static_cast<std::size_t>(shape_[0]);
}

void tensor::fill(float v) { std::fill(data_.begin(), data_.end(), v); }

void tensor::reshape(std::vector<int> shape) {
  if (count(shape) != data_.size())
    throw invalid_argument("nn", "cannot reshape " + shape_string(shape_) + " to " +
                                     shape_string(shape));
  shape_ = std::move(shape);
}

tensor& tensor::operator+=(const tensor& o) {
  if (o.shape_ != shape_)
    throw invalid_argument("nn", "shape mismatch in +=: " + shape_string(shape_) + " vs " +
                                     shape_string(o.shape_));
  for (std::size_t i = 0; i < data_.size(); ++i) data_[i] += o.data_[i];
  return *this;
}

}  // namespace dsegym::sim::nn

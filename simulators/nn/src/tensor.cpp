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
// Buffers released by tensors of this thread, reused by tensor::uninitialized and copies of the
// same size. Bounded in count and bytes; a buffer that does not fit is simply freed.
constexpr std::size_t k_pool_min = 1024;             // floats; smaller buffers are cheap to allocate
constexpr std::size_t k_pool_count = 32;
constexpr std::size_t k_pool_bytes = std::size_t{256} << 20;

thread_local bool t_pool_gone = false;  // trivially destructible: safe to read after the pool dies
struct buffer_pool {
  std::vector<std::vector<float>> free;
  std::size_t bytes = 0;
  ~buffer_pool() { t_pool_gone = true; }
};
thread_local buffer_pool t_pool;

std::vector<float> take_buffer(std::size_t n) {
  if (n >= k_pool_min && !t_pool_gone) {
    auto& f = t_pool.free;
    for (std::size_t i = f.size(); i-- > 0;)
      if (f[i].size() == n) {
        std::vector<float> v = std::move(f[i]);
        f[i] = std::move(f.back());
        f.pop_back();
        t_pool.bytes -= n * sizeof(float);
        return v;
      }
  }
  std::vector<float> v;
  v.reserve(n);
  v.resize(n);
  return v;
}

void give_buffer(std::vector<float>& v) noexcept {
  const std::size_t n = v.size();
  if (n < k_pool_min || t_pool_gone || n != v.capacity()) return;
  if (t_pool.free.size() >= k_pool_count || t_pool.bytes + n * sizeof(float) > k_pool_bytes) return;
  try {
    t_pool.free.push_back(std::move(v));
    t_pool.bytes += n * sizeof(float);
  } catch (...) {  // no room for the entry: the buffer is freed with its owner
  }
}
}  // namespace

tensor tensor::uninitialized(std::vector<int> shape) {
  tensor t;
  t.data_ = take_buffer(count(shape));
  t.shape_ = std::move(shape);
  return t;
}

tensor::tensor(const tensor& o) : shape_(o.shape_), data_(take_buffer(o.data_.size())) {
  std::copy(o.data_.begin(), o.data_.end(), data_.begin());
}

tensor& tensor::operator=(tensor&& o) noexcept {
  if (this != &o) {
    give_buffer(data_);
    data_ = std::move(o.data_);
    shape_ = std::move(o.shape_);
  }
  return *this;
}

tensor::~tensor() { give_buffer(data_); }

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

#pragma once
// Dense float tensor, row-major (images are NCHW). Deliberately minimal: shape + contiguous data.

#include <cstddef>
#include <string>
#include <vector>

namespace dsegym::sim::nn {

class tensor {
 public:
  tensor() = default;
  explicit tensor(std::vector<int> shape, float fill = 0.0f);
  /// A tensor of the shape whose values are unspecified (to be overwritten): reuses a buffer of
  /// the same size released by this thread when there is one, so training steps neither allocate
  /// nor zero-fill their activations and gradients.
  [[nodiscard]] static tensor uninitialized(std::vector<int> shape);
  tensor(const tensor& o);
  tensor(tensor&& o) noexcept = default;
  tensor& operator=(const tensor& o) = default;
  tensor& operator=(tensor&& o) noexcept;
  ~tensor();

  [[nodiscard]] const std::vector<int>& shape() const noexcept { return shape_; }
  [[nodiscard]] int rank() const noexcept { return static_cast<int>(shape_.size()); }
  [[nodiscard]] int dim(int i) const { return shape_.at(static_cast<std::size_t>(i)); }
  [[nodiscard]] std::size_t size() const noexcept { return data_.size(); }
  /// Elements per leading index (product of all dimensions but the first).
  [[nodiscard]] std::size_t inner_size() const noexcept;

  [[nodiscard]] float* data() noexcept { return data_.data(); }
  [[nodiscard]] const float* data() const noexcept { return data_.data(); }
  [[nodiscard]] std::vector<float>& values() noexcept { return data_; }
  [[nodiscard]] const std::vector<float>& values() const noexcept { return data_; }
  float& operator[](std::size_t i) noexcept { return data_[i]; }
  float operator[](std::size_t i) const noexcept { return data_[i]; }

  void fill(float v);
  /// Same data, new shape with the same element count (throws dsegym::invalid_argument otherwise).
  void reshape(std::vector<int> shape);
  [[nodiscard]] bool same_shape(const tensor& o) const noexcept { return shape_ == o.shape_; }
  tensor& operator+=(const tensor& o);

 private:
  std::vector<int> shape_;
  std::vector<float> data_;
};

/// "[2x3x4]" for messages.
[[nodiscard]] std::string shape_string(const std::vector<int>& shape);

}  // namespace dsegym::sim::nn

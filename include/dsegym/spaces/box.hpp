#pragma once
// box{low, high, shape, dtype}: a tensor of reals (or integers) with element-wise bounds
// (Gymnasium Box). Values are xt::xarray<double> whatever the declared dtype; the dtype says what
// the values mean on the wire (float32 observations stay float32 for Python clients).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "dsegym/core/error.hpp"
#include "dsegym/core/random.hpp"
#include "dsegym/core/value.hpp"
#include "dsegym/detail/xtensor.hpp"

namespace dsegym {

enum class box_dtype { float32, float64, int64 };

[[nodiscard]] inline std::string_view to_string(box_dtype d) noexcept {
  switch (d) {
    case box_dtype::float32: return "float32";
    case box_dtype::float64: return "float64";
    case box_dtype::int64: return "int64";
  }
  return "float64";
}

[[nodiscard]] inline box_dtype box_dtype_from_string(std::string_view s) {
  if (s == "float32") return box_dtype::float32;
  if (s == "float64") return box_dtype::float64;
  if (s == "int64") return box_dtype::int64;
  throw space_error("unknown box dtype \"" + std::string(s) + "\"; known: float32, float64, int64");
}

class box {
 public:
  using value_type = xt::xarray<double>;

  /// Same bounds for every element.
  box(double low, double high, std::vector<std::size_t> shape,
      box_dtype dtype = box_dtype::float64)
      : box(filled(shape, low), filled(shape, high), dtype) {}

  /// Element-wise bounds (low and high have the box's shape).
  box(value_type low, value_type high, box_dtype dtype = box_dtype::float64)
      : low_(std::move(low)), high_(std::move(high)), dtype_(dtype) {
    if (low_.shape() != high_.shape()) throw space_error("box low and high differ in shape");
    for (std::size_t i = 0; i < low_.size(); ++i) {
      const double lo = low_.flat(i), hi = high_.flat(i);
      if (std::isnan(lo) || std::isnan(hi) || lo > hi)
        throw space_error("box bounds at element " + std::to_string(i) + " are invalid: [" +
                          std::to_string(lo) + ", " + std::to_string(hi) + "]");
    }
  }

  [[nodiscard]] std::vector<std::size_t> shape() const {
    return {low_.shape().begin(), low_.shape().end()};
  }
  [[nodiscard]] std::size_t flat_dim() const noexcept { return low_.size(); }
  [[nodiscard]] const value_type& low() const noexcept { return low_; }
  [[nodiscard]] const value_type& high() const noexcept { return high_; }
  [[nodiscard]] box_dtype dtype() const noexcept { return dtype_; }

  /// Gymnasium's rule: uniform when bounded on both sides, shifted exponential when bounded on
  /// one side, standard normal when unbounded; integers are drawn on the closed interval.
  [[nodiscard]] value_type sample(rng& g) const {
    value_type x = value_type::from_shape(low_.shape());
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double lo = low_.flat(i), hi = high_.flat(i);
      const bool bl = std::isfinite(lo), bh = std::isfinite(hi);
      double v;
      if (dtype_ == box_dtype::int64 && bl && bh) {
        v = static_cast<double>(uniform_int(g, static_cast<std::int64_t>(std::ceil(lo)),
                                            static_cast<std::int64_t>(std::floor(hi))));
      } else if (bl && bh) {
        v = lo == hi ? lo : uniform_real(g, lo, hi);
      } else if (bl) {
        v = lo + exponential(g, 1.0);
      } else if (bh) {
        v = hi - exponential(g, 1.0);
      } else {
        v = standard_normal(g);
      }
      if (dtype_ == box_dtype::int64) v = std::floor(v);
      if (dtype_ == box_dtype::float32) v = static_cast<double>(static_cast<float>(v));
      x.flat(i) = std::clamp(v, lo, hi);
    }
    return x;
  }

  [[nodiscard]] bool contains(const value_type& x) const noexcept {
    if (x.shape() != low_.shape()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double v = x.flat(i);
      if (std::isnan(v) || v < low_.flat(i) || v > high_.flat(i)) return false;
      if (dtype_ == box_dtype::int64 && v != std::floor(v)) return false;
    }
    return true;
  }

  /// Nested lists in row-major order (a 0-d box is a plain number).
  [[nodiscard]] value to_value(const value_type& x) const {
    std::size_t pos = 0;
    return nest(x, 0, pos);
  }
  [[nodiscard]] value_type from_value(const value& v, const std::string& path = "value") const {
    value_type x = value_type::from_shape(low_.shape());
    std::size_t pos = 0;
    unnest(v, 0, pos, x, path);
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double e = x.flat(i);
      if (std::isnan(e) || e < low_.flat(i) || e > high_.flat(i))
        throw space_error(path + " element " + std::to_string(i) + " = " + std::to_string(e) +
                          " is outside [" + std::to_string(low_.flat(i)) + ", " +
                          std::to_string(high_.flat(i)) + "]");
      if (dtype_ == box_dtype::int64 && e != std::floor(e))
        throw space_error(path + " element " + std::to_string(i) + " must be an integer");
    }
    return x;
  }

  void flatten_into(const value_type& x, std::vector<double>& out) const {
    out.insert(out.end(), x.begin(), x.end());
  }

  friend bool operator==(const box& a, const box& b) {
    return a.dtype_ == b.dtype_ && a.low_.shape() == b.low_.shape() &&
           std::equal(a.low_.begin(), a.low_.end(), b.low_.begin()) &&
           std::equal(a.high_.begin(), a.high_.end(), b.high_.begin());
  }

 private:
  static value_type filled(const std::vector<std::size_t>& shape, double v) {
    value_type x = value_type::from_shape(shape);
    x.fill(v);
    return x;
  }

  value nest(const value_type& x, std::size_t dim, std::size_t& pos) const {
    if (dim == x.dimension()) {
      const double e = x.flat(pos++);
      if (dtype_ == box_dtype::int64) return value(static_cast<std::int64_t>(e));
      return value(e);
    }
    value::list l;
    l.reserve(x.shape()[dim]);
    for (std::size_t i = 0; i < x.shape()[dim]; ++i) l.push_back(nest(x, dim + 1, pos));
    return value(std::move(l));
  }

  void unnest(const value& v, std::size_t dim, std::size_t& pos, value_type& x,
              const std::string& path) const {
    if (dim == x.dimension()) {
      if (!v.is_number()) throw space_error(path + " must hold numbers, got " + v.to_string());
      x.flat(pos++) = v.as_real();
      return;
    }
    if (!v.is_list() || v.size() != x.shape()[dim])
      throw space_error(path + " must be a list of " + std::to_string(x.shape()[dim]) +
                        " at depth " + std::to_string(dim) + ", got " + v.to_string());
    for (const auto& e : v.as_list()) unnest(e, dim + 1, pos, x, path);
  }

  value_type low_;
  value_type high_;
  box_dtype dtype_;
};

}  // namespace dsegym

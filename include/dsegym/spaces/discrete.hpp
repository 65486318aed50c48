#pragma once
// discrete{n, start}: the integers start, start+1, ..., start+n-1 (Gymnasium Discrete).

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dsegym/core/error.hpp"
#include "dsegym/core/random.hpp"
#include "dsegym/core/value.hpp"

namespace dsegym {

class discrete {
 public:
  using value_type = std::int64_t;

  explicit discrete(std::int64_t n, std::int64_t start = 0) : n_(n), start_(start) {
    if (n <= 0) throw space_error("discrete needs n > 0, got " + std::to_string(n));
  }

  [[nodiscard]] std::int64_t n() const noexcept { return n_; }
  [[nodiscard]] std::int64_t start() const noexcept { return start_; }
  [[nodiscard]] std::vector<std::size_t> shape() const { return {}; }
  [[nodiscard]] std::size_t flat_dim() const noexcept { return static_cast<std::size_t>(n_); }

  [[nodiscard]] value_type sample(rng& g) const {
    return start_ + static_cast<std::int64_t>(uniform_below(g, static_cast<std::uint64_t>(n_)));
  }
  /// Uniform among the allowed choices (mask[i] != 0 allows start+i); all-zero gives start.
  [[nodiscard]] value_type sample(rng& g, std::span<const std::int8_t> mask) const {
    if (mask.size() != static_cast<std::size_t>(n_))
      throw space_error("discrete mask has " + std::to_string(mask.size()) + " entries, need " +
                        std::to_string(n_));
    std::vector<std::int64_t> allowed;
    for (std::size_t i = 0; i < mask.size(); ++i)
      if (mask[i] != 0) allowed.push_back(static_cast<std::int64_t>(i));
    if (allowed.empty()) return start_;
    return start_ + allowed[uniform_below(g, allowed.size())];
  }
  [[nodiscard]] bool contains(value_type x) const noexcept {
    return x >= start_ && x - start_ < n_;
  }

  [[nodiscard]] value to_value(value_type x) const { return value(x); }
  /// Decodes and validates; `path` names the element in error messages.
  [[nodiscard]] value_type from_value(const value& v, const std::string& path = "value") const {
    if (!v.is_number()) throw space_error(path + " must be an integer, got " + v.to_string());
    std::int64_t x = 0;
    try {
      x = v.as_int();
    } catch (const error&) {
      throw space_error(path + " must be an integer, got " + v.to_string());
    }
    if (!contains(x))
      throw space_error(path + " = " + std::to_string(x) + " is outside discrete(" +
                        std::to_string(n_) + ", start=" + std::to_string(start_) + ")");
    return x;
  }

  /// One-hot encoding (Gymnasium flatten).
  void flatten_into(value_type x, std::vector<double>& out) const {
    const std::size_t at = out.size();
    out.resize(at + flat_dim(), 0.0);
    out[at + static_cast<std::size_t>(x - start_)] = 1.0;
  }

  friend bool operator==(const discrete&, const discrete&) = default;

 private:
  std::int64_t n_;
  std::int64_t start_;
};

}  // namespace dsegym

#pragma once
// multi_binary{n}: n independent bits (Gymnasium MultiBinary, one-dimensional).

#include <cstdint>
#include <string>
#include <vector>

#include "dsegym/core/error.hpp"
#include "dsegym/core/random.hpp"
#include "dsegym/core/value.hpp"

namespace dsegym {

class multi_binary {
 public:
  using value_type = std::vector<std::int64_t>;

  explicit multi_binary(std::size_t n) : n_(n) {
    if (n == 0) throw space_error("multi_binary needs n > 0");
  }

  [[nodiscard]] std::size_t n() const noexcept { return n_; }
  [[nodiscard]] std::vector<std::size_t> shape() const { return {n_}; }
  [[nodiscard]] std::size_t flat_dim() const noexcept { return n_; }

  [[nodiscard]] value_type sample(rng& g) const {
    value_type x(n_);
    for (auto& b : x) b = static_cast<std::int64_t>(g() >> 63);
    return x;
  }
  [[nodiscard]] bool contains(const value_type& x) const noexcept {
    if (x.size() != n_) return false;
    for (auto b : x)
      if (b != 0 && b != 1) return false;
    return true;
  }

  [[nodiscard]] value to_value(const value_type& x) const { return value::from_vector(x); }
  [[nodiscard]] value_type from_value(const value& v, const std::string& path = "value") const {
    if (!v.is_list() || v.size() != n_)
      throw space_error(path + " must be a list of " + std::to_string(n_) + " bits, got " +
                        v.to_string());
    value_type x(n_);
    const auto& l = v.as_list();
    for (std::size_t i = 0; i < n_; ++i) {
      if (l[i].is_bool()) {
        x[i] = l[i].as_bool() ? 1 : 0;
      } else if (l[i].is_int() && (l[i].as_int() == 0 || l[i].as_int() == 1)) {
        x[i] = l[i].as_int();
      } else {
        throw space_error(path + "[" + std::to_string(i) + "] must be 0 or 1, got " +
                          l[i].to_string());
      }
    }
    return x;
  }

  void flatten_into(const value_type& x, std::vector<double>& out) const {
    for (auto b : x) out.push_back(static_cast<double>(b));
  }

  friend bool operator==(const multi_binary&, const multi_binary&) = default;

 private:
  std::size_t n_;
};

}  // namespace dsegym

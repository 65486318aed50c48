#pragma once
// multi_discrete{nvec, start}: a vector whose element i lies in [start[i], start[i] + nvec[i]).
// One-dimensional (the shape every dsegym design space needs).

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dsegym/core/error.hpp"
#include "dsegym/core/random.hpp"
#include "dsegym/core/value.hpp"

namespace dsegym {

class multi_discrete {
 public:
  using value_type = std::vector<std::int64_t>;

  explicit multi_discrete(std::vector<std::int64_t> nvec, std::vector<std::int64_t> start = {})
      : nvec_(std::move(nvec)), start_(std::move(start)) {
    if (nvec_.empty()) throw space_error("multi_discrete needs at least one dimension");
    if (start_.empty()) start_.assign(nvec_.size(), 0);
    if (start_.size() != nvec_.size())
      throw space_error("multi_discrete start has " + std::to_string(start_.size()) +
                        " entries, nvec has " + std::to_string(nvec_.size()));
    for (std::size_t i = 0; i < nvec_.size(); ++i)
      if (nvec_[i] <= 0)
        throw space_error("multi_discrete nvec[" + std::to_string(i) + "] = " +
                          std::to_string(nvec_[i]) + " must be > 0");
  }

  [[nodiscard]] const std::vector<std::int64_t>& nvec() const noexcept { return nvec_; }
  [[nodiscard]] const std::vector<std::int64_t>& start() const noexcept { return start_; }
  [[nodiscard]] std::size_t size() const noexcept { return nvec_.size(); }
  [[nodiscard]] std::vector<std::size_t> shape() const { return {nvec_.size()}; }
  [[nodiscard]] std::size_t flat_dim() const noexcept {
    std::size_t d = 0;
    for (auto n : nvec_) d += static_cast<std::size_t>(n);
    return d;
  }
  /// Number of distinct values (saturates at UINT64_MAX for huge spaces).
  [[nodiscard]] std::uint64_t cardinality() const noexcept {
    std::uint64_t c = 1;
    for (auto n : nvec_) {
      const auto un = static_cast<std::uint64_t>(n);
      if (c > UINT64_MAX / un) return UINT64_MAX;
      c *= un;
    }
    return c;
  }

  [[nodiscard]] value_type sample(rng& g) const {
    value_type x(nvec_.size());
    for (std::size_t i = 0; i < x.size(); ++i)
      x[i] = start_[i] + static_cast<std::int64_t>(uniform_below(g, static_cast<std::uint64_t>(nvec_[i])));
    return x;
  }
  /// Per-dimension masks (mask[i][j] != 0 allows start[i]+j); an all-zero mask gives start[i].
  [[nodiscard]] value_type sample(rng& g, std::span<const std::vector<std::int8_t>> masks) const {
    if (masks.size() != nvec_.size())
      throw space_error("multi_discrete mask has " + std::to_string(masks.size()) +
                        " dimensions, need " + std::to_string(nvec_.size()));
    value_type x(nvec_.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (masks[i].size() != static_cast<std::size_t>(nvec_[i]))
        throw space_error("multi_discrete mask[" + std::to_string(i) + "] has " +
                          std::to_string(masks[i].size()) + " entries, need " +
                          std::to_string(nvec_[i]));
      std::vector<std::int64_t> allowed;
      for (std::size_t j = 0; j < masks[i].size(); ++j)
        if (masks[i][j] != 0) allowed.push_back(static_cast<std::int64_t>(j));
      x[i] = start_[i] + (allowed.empty() ? 0 : allowed[uniform_below(g, allowed.size())]);
    }
    return x;
  }
  [[nodiscard]] bool contains(const value_type& x) const noexcept {
    if (x.size() != nvec_.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (x[i] < start_[i] || x[i] - start_[i] >= nvec_[i]) return false;
    return true;
  }

  [[nodiscard]] value to_value(const value_type& x) const { return value::from_vector(x); }
  [[nodiscard]] value_type from_value(const value& v, const std::string& path = "value") const {
    if (!v.is_list())
      throw space_error(path + " must be a list of " + std::to_string(nvec_.size()) +
                        " integers, got " + v.to_string());
    const auto& l = v.as_list();
    if (l.size() != nvec_.size())
      throw space_error(path + " has " + std::to_string(l.size()) + " elements, expected " +
                        std::to_string(nvec_.size()));
    value_type x(l.size());
    for (std::size_t i = 0; i < l.size(); ++i) {
      // The element's path only on the error path: building it per element costs more than a step.
      const auto p = [&] { return path + "[" + std::to_string(i) + "]"; };
      bool ok = l[i].is_number();
      if (ok) {
        try {
          x[i] = l[i].as_int();
        } catch (const error&) {
          ok = false;
        }
      }
      if (!ok) throw space_error(p() + " must be an integer, got " + l[i].to_string());
      if (x[i] < start_[i] || x[i] - start_[i] >= nvec_[i])
        throw space_error(p() + " = " + std::to_string(x[i]) + " is outside [" +
                          std::to_string(start_[i]) + ", " + std::to_string(start_[i] + nvec_[i] - 1) +
                          "]");
    }
    return x;
  }

  /// Concatenated one-hot encodings.
  void flatten_into(const value_type& x, std::vector<double>& out) const {
    for (std::size_t i = 0; i < x.size(); ++i) {
      const std::size_t at = out.size();
      out.resize(at + static_cast<std::size_t>(nvec_[i]), 0.0);
      out[at + static_cast<std::size_t>(x[i] - start_[i])] = 1.0;
    }
  }

  friend bool operator==(const multi_discrete&, const multi_discrete&) = default;

 private:
  std::vector<std::int64_t> nvec_;
  std::vector<std::int64_t> start_;
};

}  // namespace dsegym

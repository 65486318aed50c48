#pragma once
// Reading an env's kwargs against its declared kwarg_specs: unknown keys, wrong kinds and values
// outside the declared choices fail with a message listing what is valid; absent keys take their
// defaults; resolved() is what the env records in its spec.

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "dsegym/core/env_spec.hpp"
#include "dsegym/core/error.hpp"
#include "dsegym/core/value.hpp"

namespace dsegym {

class kwargs_reader {
 public:
  kwargs_reader(std::string env, const std::vector<kwarg_spec>& specs, const value& given)
      : env_(std::move(env)), specs_(&specs) {
    if (!given.is_null() && !given.is_dict())
      throw invalid_argument("kwargs", env_ + ": kwargs must be a JSON object, got " +
                                           given.to_string());
    if (given.is_dict()) {
      for (const auto& [k, v] : given.as_dict()) {
        const kwarg_spec* s = find(k);
        if (s == nullptr)
          throw invalid_argument("kwargs", env_ + ": unknown kwarg \"" + k + "\"; valid: " + names());
        check(*s, v);
      }
    }
    for (const auto& s : specs) {
      const value* v = given.find(s.name);
      resolved_.set(s.name, v ? normalise(s, *v) : s.default_value);
    }
    if (specs.empty()) resolved_ = value::dict{};
  }

  [[nodiscard]] const value& get(std::string_view name) const {
    if (const value* v = resolved_.find(name)) return *v;
    throw invalid_argument("kwargs", env_ + ": kwarg \"" + std::string(name) + "\" is not declared");
  }
  [[nodiscard]] std::int64_t get_int(std::string_view name) const { return get(name).as_int(); }
  /// An int kwarg that must fit in an int (the caller checks its own range).
  [[nodiscard]] int get_int32(std::string_view name) const {
    const std::int64_t v = get_int(name);
    if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
      throw invalid_argument("kwargs", env_ + ": kwarg \"" + std::string(name) + "\" = " +
                                           std::to_string(v) + " is out of range");
    return static_cast<int>(v);
  }
  [[nodiscard]] double get_real(std::string_view name) const { return get(name).as_real(); }
  [[nodiscard]] bool get_bool(std::string_view name) const { return get(name).as_bool(); }
  [[nodiscard]] const std::string& get_string(std::string_view name) const {
    return get(name).as_string();
  }
  /// All kwargs with defaults filled in, in declaration order.
  [[nodiscard]] const value& resolved() const noexcept { return resolved_; }

 private:
  const kwarg_spec* find(std::string_view name) const {
    for (const auto& s : *specs_)
      if (s.name == name) return &s;
    return nullptr;
  }
  std::string names() const {
    std::string out;
    for (const auto& s : *specs_) out += (out.empty() ? "" : ", ") + s.name;
    return out.empty() ? "(none)" : out;
  }
  // Integers are accepted where reals are declared; null is accepted for null defaults (optional).
  void check(const kwarg_spec& s, const value& v) const {
    const value& d = s.default_value;
    const bool kind_ok = d.is_null() || v.type() == d.type() || (d.is_real() && v.is_int()) ||
                         (d.is_int() && v.is_real() && is_integral(v));
    if (!kind_ok)
      throw invalid_argument("kwargs", env_ + ": kwarg \"" + s.name + "\" must be " +
                                           std::string(value::kind_name(d.type())) + ", got " +
                                           v.to_string());
    if (!s.choices.empty()) {
      for (const auto& c : s.choices)
        if (c == v || (c.is_number() && v.is_number() && c.as_real() == v.as_real())) return;
      std::string valid;
      for (const auto& c : s.choices) valid += (valid.empty() ? "" : ", ") + c.to_string();
      throw invalid_argument("kwargs", env_ + ": kwarg \"" + s.name + "\" = " + v.to_string() +
                                           " is not valid; choices: " + valid);
    }
  }
  static bool is_integral(const value& v) {
    try {
      (void)v.as_int();
      return true;
    } catch (const error&) {
      return false;
    }
  }
  static value normalise(const kwarg_spec& s, const value& v) {
    if (s.default_value.is_real()) return value(v.as_real());
    if (s.default_value.is_int()) return value(v.as_int());
    return v;
  }

  std::string env_;
  const std::vector<kwarg_spec>* specs_;
  value resolved_;
};

}  // namespace dsegym

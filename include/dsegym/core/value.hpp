#pragma once
// `value`: the one erased value type of dsegym. Observations, actions, kwargs, info extras and
// episode records all travel as values at the type-erased edges (any_env, registry, bridge, CLI).
// Its kinds are exactly JSON's (null, bool, integer, real, string, list, ordered dict), so a value
// maps 1:1 onto JSON and MessagePack without this header depending on a JSON library.

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "dsegym/core/error.hpp"

namespace dsegym {

class value {
 public:
  using list = std::vector<value>;
  /// Dicts keep insertion order (observation keys, metric order and kwargs stay as declared).
  using dict = std::vector<std::pair<std::string, value>>;

  enum class kind { null, boolean, integer, real, string, list, dict };

  value() noexcept = default;
  value(std::nullptr_t) noexcept {}
  value(bool b) noexcept : v_(b) {}
  template <class I>
    requires(std::is_integral_v<I> && !std::is_same_v<I, bool>)
  value(I i) noexcept : v_(static_cast<std::int64_t>(i)) {}
  value(double d) noexcept : v_(d) {}
  value(float f) noexcept : v_(static_cast<double>(f)) {}
  value(std::string s) noexcept : v_(std::move(s)) {}
  value(std::string_view s) : v_(std::string(s)) {}
  value(const char* s) : v_(std::string(s)) {}
  value(list l) noexcept : v_(std::move(l)) {}
  value(dict d) noexcept : v_(std::move(d)) {}

  /// A list of numbers from a vector (actions of multi-discrete spaces, box observations).
  template <class T>
    requires std::is_arithmetic_v<T>
  static value from_vector(const std::vector<T>& xs) {
    list l;
    l.reserve(xs.size());
    for (const T& x : xs) l.emplace_back(x);
    return value(std::move(l));
  }

  [[nodiscard]] kind type() const noexcept { return static_cast<kind>(v_.index()); }
  [[nodiscard]] bool is_null() const noexcept { return type() == kind::null; }
  [[nodiscard]] bool is_bool() const noexcept { return type() == kind::boolean; }
  [[nodiscard]] bool is_int() const noexcept { return type() == kind::integer; }
  [[nodiscard]] bool is_real() const noexcept { return type() == kind::real; }
  [[nodiscard]] bool is_number() const noexcept { return is_int() || is_real(); }
  [[nodiscard]] bool is_string() const noexcept { return type() == kind::string; }
  [[nodiscard]] bool is_list() const noexcept { return type() == kind::list; }
  [[nodiscard]] bool is_dict() const noexcept { return type() == kind::dict; }

  [[nodiscard]] bool as_bool() const { return get<bool>("a boolean"); }
  [[nodiscard]] std::int64_t as_int() const {
    if (is_real()) {  // accept integral reals (JSON writers may emit 3.0)
      const double d = std::get<double>(v_);
      if (std::isfinite(d) && d == std::floor(d) && std::abs(d) < 9.007199254740992e15)
        return static_cast<std::int64_t>(d);
    }
    return get<std::int64_t>("an integer");
  }
  [[nodiscard]] double as_real() const {
    if (is_int()) return static_cast<double>(std::get<std::int64_t>(v_));
    return get<double>("a number");
  }
  [[nodiscard]] const std::string& as_string() const { return get<std::string>("a string"); }
  [[nodiscard]] const list& as_list() const { return get<list>("a list"); }
  [[nodiscard]] list& as_list() { return get<list>("a list"); }
  [[nodiscard]] const dict& as_dict() const { return get<dict>("a dict"); }
  [[nodiscard]] dict& as_dict() { return get<dict>("a dict"); }

  /// Dict lookup; nullptr when absent (or when this is not a dict).
  [[nodiscard]] const value* find(std::string_view key) const noexcept {
    if (!is_dict()) return nullptr;
    for (const auto& [k, v] : std::get<dict>(v_))
      if (k == key) return &v;
    return nullptr;
  }
  /// Dict lookup that throws naming the missing key.
  [[nodiscard]] const value& at(std::string_view key) const {
    if (const value* v = find(key)) return *v;
    throw invalid_argument("value", "missing key \"" + std::string(key) + "\" in " + to_string());
  }
  /// Insert or overwrite a dict entry (turns null into an empty dict first).
  value& set(std::string_view key, value v) {
    if (is_null()) v_ = dict{};
    auto& d = as_dict();
    for (auto& [k, old] : d)
      if (k == key) return old = std::move(v);
    d.emplace_back(std::string(key), std::move(v));
    return d.back().second;
  }
  [[nodiscard]] std::size_t size() const noexcept {
    if (is_list()) return std::get<list>(v_).size();
    if (is_dict()) return std::get<dict>(v_).size();
    return 0;
  }

  friend bool operator==(const value&, const value&) = default;

  /// Compact JSON-like text for messages and logs (not a serializer; see json/value.hpp).
  [[nodiscard]] std::string to_string() const {
    std::string out;
    append(out);
    return out;
  }

  [[nodiscard]] static std::string_view kind_name(kind k) noexcept {
    constexpr std::string_view names[] = {"null", "bool", "int", "real", "string", "list", "dict"};
    return names[static_cast<int>(k)];
  }

 private:
  template <class T>
  const T& get(const char* what) const {
    if (const T* p = std::get_if<T>(&v_)) return *p;
    throw invalid_argument("value", std::string("expected ") + what + ", got " +
                                        std::string(kind_name(type())) + " " + to_string());
  }
  template <class T>
  T& get(const char* what) {
    if (T* p = std::get_if<T>(&v_)) return *p;
    throw invalid_argument("value", std::string("expected ") + what + ", got " +
                                        std::string(kind_name(type())) + " " + to_string());
  }

  void append(std::string& out) const {
    switch (type()) {
      case kind::null: out += "null"; break;
      case kind::boolean: out += std::get<bool>(v_) ? "true" : "false"; break;
      case kind::integer: out += std::to_string(std::get<std::int64_t>(v_)); break;
      case kind::real: {  // shortest of %.15g / %.17g that reads back exactly
        const double d = std::get<double>(v_);
        char buf[32];
        int n = std::snprintf(buf, sizeof buf, "%.15g", d);
        if (std::strtod(buf, nullptr) != d) n = std::snprintf(buf, sizeof buf, "%.17g", d);
        out.append(buf, static_cast<std::size_t>(n));
        break;
      }
      case kind::string: out.append("\"").append(std::get<std::string>(v_)).append("\""); break;
      case kind::list: {
        out += '[';
        bool first = true;
        for (const auto& x : std::get<list>(v_)) {
          if (!first) out += ',';
          first = false;
          x.append(out);
        }
        out += ']';
        break;
      }
      case kind::dict: {
        out += '{';
        bool first = true;
        for (const auto& [k, x] : std::get<dict>(v_)) {
          if (!first) out += ',';
          first = false;
          out.append("\"").append(k).append("\":");
          x.append(out);
        }
        out += '}';
        break;
      }
    }
  }

  std::variant<std::monostate, bool, std::int64_t, double, std::string, list, dict> v_;
};

}  // namespace dsegym

#pragma once
// any_space: a space chosen at run time, and the composite spaces tuple_space and dict_space whose
// children are any_spaces. Values of all three are dsegym::value (lists for tuples, ordered dicts
// for dicts), which is what crosses the erased edges (any_env, bridge, generic agents).

#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "dsegym/spaces/box.hpp"
#include "dsegym/spaces/discrete.hpp"
#include "dsegym/spaces/multi_binary.hpp"
#include "dsegym/spaces/multi_discrete.hpp"
#include "dsegym/spaces/space.hpp"

namespace dsegym {

class any_space;

class tuple_space {
 public:
  using value_type = value;  // a list with one entry per child
  explicit tuple_space(std::vector<any_space> spaces);

  [[nodiscard]] const std::vector<any_space>& spaces() const noexcept { return spaces_; }
  [[nodiscard]] std::vector<std::size_t> shape() const { return {}; }
  [[nodiscard]] std::size_t flat_dim() const;
  [[nodiscard]] value_type sample(rng& g) const;
  [[nodiscard]] bool contains(const value_type& x) const;
  [[nodiscard]] value to_value(const value_type& x) const { return x; }
  [[nodiscard]] value_type from_value(const value& v, const std::string& path = "value") const;
  void flatten_into(const value_type& x, std::vector<double>& out) const;
  friend bool operator==(const tuple_space& a, const tuple_space& b);

 private:
  std::vector<any_space> spaces_;
};

class dict_space {
 public:
  using value_type = value;  // an ordered dict with exactly the space's keys, in its order
  using entry = std::pair<std::string, any_space>;
  explicit dict_space(std::vector<entry> spaces);

  [[nodiscard]] const std::vector<entry>& spaces() const noexcept { return spaces_; }
  [[nodiscard]] const any_space& at(std::string_view key) const;
  [[nodiscard]] std::vector<std::size_t> shape() const { return {}; }
  [[nodiscard]] std::size_t flat_dim() const;
  [[nodiscard]] value_type sample(rng& g) const;
  [[nodiscard]] bool contains(const value_type& x) const;
  [[nodiscard]] value to_value(const value_type& x) const { return x; }
  [[nodiscard]] value_type from_value(const value& v, const std::string& path = "value") const;
  void flatten_into(const value_type& x, std::vector<double>& out) const;
  friend bool operator==(const dict_space& a, const dict_space& b);

 private:
  std::vector<entry> spaces_;
};

/// One of the concrete spaces; its values are dsegym::value.
class any_space {
 public:
  using value_type = value;
  using variant_type =
      std::variant<discrete, multi_discrete, multi_binary, box, tuple_space, dict_space>;

  any_space(discrete s) : s_(std::move(s)) {}
  any_space(multi_discrete s) : s_(std::move(s)) {}
  any_space(multi_binary s) : s_(std::move(s)) {}
  any_space(box s) : s_(std::move(s)) {}
  any_space(tuple_space s) : s_(std::move(s)) {}
  any_space(dict_space s) : s_(std::move(s)) {}

  [[nodiscard]] const variant_type& variant() const noexcept { return s_; }
  template <class S>
  [[nodiscard]] const S* get_if() const noexcept {
    return std::get_if<S>(&s_);
  }
  /// Gymnasium's class name: "Discrete", "MultiDiscrete", "MultiBinary", "Box", "Tuple", "Dict".
  [[nodiscard]] std::string_view type_name() const noexcept {
    constexpr std::string_view names[] = {"Discrete", "MultiDiscrete", "MultiBinary",
                                          "Box",      "Tuple",         "Dict"};
    return names[s_.index()];
  }

  [[nodiscard]] std::vector<std::size_t> shape() const {
    return std::visit([](const auto& s) { return s.shape(); }, s_);
  }
  [[nodiscard]] std::size_t flat_dim() const {
    return std::visit([](const auto& s) { return s.flat_dim(); }, s_);
  }
  [[nodiscard]] value sample(rng& g) const {
    return std::visit([&](const auto& s) { return s.to_value(s.sample(g)); }, s_);
  }
  [[nodiscard]] bool contains(const value& v) const {
    try {
      (void)std::visit([&](const auto& s) { return s.to_value(s.from_value(v)); }, s_);
      return true;
    } catch (const space_error&) {
      return false;
    }
  }
  /// Validates `v` (throws space_error naming the bad element) and returns it normalised.
  [[nodiscard]] value validate(const value& v, const std::string& path = "value") const {
    return std::visit([&](const auto& s) { return s.to_value(s.from_value(v, path)); }, s_);
  }
  [[nodiscard]] value to_value(const value& v) const { return v; }
  [[nodiscard]] value from_value(const value& v, const std::string& path = "value") const {
    return validate(v, path);
  }
  /// Gymnasium flatten: one-hot for discrete parts, raw numbers for boxes and bits.
  void flatten_into(const value& v, std::vector<double>& out) const {
    std::visit([&](const auto& s) { s.flatten_into(s.from_value(v), out); }, s_);
  }
  [[nodiscard]] std::vector<double> flatten(const value& v) const {
    std::vector<double> out;
    out.reserve(flat_dim());
    flatten_into(v, out);
    return out;
  }

  friend bool operator==(const any_space& a, const any_space& b) { return a.s_ == b.s_; }

 private:
  variant_type s_;
};

// ----- tuple_space ----------------------------------------------------------------------------

inline tuple_space::tuple_space(std::vector<any_space> spaces) : spaces_(std::move(spaces)) {}

inline std::size_t tuple_space::flat_dim() const {
  std::size_t d = 0;
  for (const auto& s : spaces_) d += s.flat_dim();
  return d;
}
inline value tuple_space::sample(rng& g) const {
  value::list l;
  l.reserve(spaces_.size());
  for (const auto& s : spaces_) l.push_back(s.sample(g));
  return value(std::move(l));
}
inline bool tuple_space::contains(const value& x) const {
  try {
    (void)from_value(x);
    return true;
  } catch (const space_error&) {
    return false;
  }
}
inline value tuple_space::from_value(const value& v, const std::string& path) const {
  if (!v.is_list() || v.size() != spaces_.size())
    throw space_error(path + " must be a list of " + std::to_string(spaces_.size()) +
                      " elements, got " + v.to_string());
  value::list l;
  l.reserve(spaces_.size());
  for (std::size_t i = 0; i < spaces_.size(); ++i)
    l.push_back(spaces_[i].validate(v.as_list()[i], path + "[" + std::to_string(i) + "]"));
  return value(std::move(l));
}
inline void tuple_space::flatten_into(const value& x, std::vector<double>& out) const {
  for (std::size_t i = 0; i < spaces_.size(); ++i) spaces_[i].flatten_into(x.as_list()[i], out);
}
inline bool operator==(const tuple_space& a, const tuple_space& b) { return a.spaces_ == b.spaces_; }

// ----- dict_space -----------------------------------------------------------------------------

inline dict_space::dict_space(std::vector<entry> spaces) : spaces_(std::move(spaces)) {
  for (std::size_t i = 0; i < spaces_.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (spaces_[i].first == spaces_[j].first)
        throw space_error("dict space has duplicate key \"" + spaces_[i].first + "\"");
}
inline const any_space& dict_space::at(std::string_view key) const {
  for (const auto& [k, s] : spaces_)
    if (k == key) return s;
  std::string known;
  for (const auto& [k, s] : spaces_) known += (known.empty() ? "" : ", ") + k;
  throw space_error("dict space has no key \"" + std::string(key) + "\"; keys: " + known);
}
inline std::size_t dict_space::flat_dim() const {
  std::size_t d = 0;
  for (const auto& [k, s] : spaces_) d += s.flat_dim();
  return d;
}
inline value dict_space::sample(rng& g) const {
  value::dict d;
  d.reserve(spaces_.size());
  for (const auto& [k, s] : spaces_) d.emplace_back(k, s.sample(g));
  return value(std::move(d));
}
inline bool dict_space::contains(const value& x) const {
  try {
    (void)from_value(x);
    return true;
  } catch (const space_error&) {
    return false;
  }
}
inline value dict_space::from_value(const value& v, const std::string& path) const {
  if (!v.is_dict()) throw space_error(path + " must be a dict, got " + v.to_string());
  if (v.size() != spaces_.size()) {
    for (const auto& [k, x] : v.as_dict()) {
      bool known = false;
      for (const auto& e : spaces_) known = known || e.first == k;
      if (!known) (void)at(k);  // throws naming the unknown key and the valid ones
    }
    throw space_error(path + " has " + std::to_string(v.size()) + " keys, expected " +
                      std::to_string(spaces_.size()));
  }
  value::dict d;
  d.reserve(spaces_.size());
  for (const auto& [k, s] : spaces_) {
    const value* x = v.find(k);
    if (x == nullptr) throw space_error(path + " is missing key \"" + k + "\"");
    d.emplace_back(k, s.validate(*x, path + "." + k));
  }
  return value(std::move(d));
}
inline void dict_space::flatten_into(const value& x, std::vector<double>& out) const {
  for (const auto& [k, s] : spaces_) s.flatten_into(x.at(k), out);
}
inline bool operator==(const dict_space& a, const dict_space& b) { return a.spaces_ == b.spaces_; }

}  // namespace dsegym

namespace dsegym {
static_assert(space<discrete>);
static_assert(space<multi_discrete>);
static_assert(space<multi_binary>);
static_assert(space<box>);
static_assert(space<tuple_space>);
static_assert(space<dict_space>);
static_assert(space<any_space>);
}  // namespace dsegym

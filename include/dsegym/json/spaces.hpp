#pragma once
// Spaces <-> JSON in Gymnasium's vocabulary: {"type": "Discrete", "n": 5, "start": 0},
// {"type": "MultiDiscrete", "nvec": [...], "start": [...]}, {"type": "MultiBinary", "n": 8},
// {"type": "Box", "low": [...], "high": [...], "shape": [...], "dtype": "float32"},
// {"type": "Tuple", "spaces": [...]}, {"type": "Dict", "spaces": [[key, space], ...]} (pairs keep
// the order). Infinite Box bounds are written as the strings "inf" / "-inf" (JSON has no inf).

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "dsegym/json/value.hpp"
#include "dsegym/spaces/any_space.hpp"

namespace dsegym {

namespace detail {
inline value bound_to_value(double x) {
  if (std::isinf(x)) return value(x > 0 ? "inf" : "-inf");
  return value(x);
}
inline double bound_from_value(const value& v) {
  if (v.is_string()) {
    if (v.as_string() == "inf") return std::numeric_limits<double>::infinity();
    if (v.as_string() == "-inf") return -std::numeric_limits<double>::infinity();
  }
  if (!v.is_number()) throw space_error("box bound must be a number, \"inf\" or \"-inf\", got " + v.to_string());
  return v.as_real();
}
}  // namespace detail

[[nodiscard]] inline value space_to_value(const any_space& s) {
  value out;
  out.set("type", std::string(s.type_name()));
  if (const auto* d = s.get_if<discrete>()) {
    out.set("n", d->n());
    out.set("start", d->start());
  } else if (const auto* m = s.get_if<multi_discrete>()) {
    out.set("nvec", value::from_vector(m->nvec()));
    out.set("start", value::from_vector(m->start()));
  } else if (const auto* b = s.get_if<multi_binary>()) {
    out.set("n", static_cast<std::int64_t>(b->n()));
  } else if (const auto* x = s.get_if<box>()) {
    value::list lo, hi;
    for (double v : x->low()) lo.push_back(detail::bound_to_value(v));
    for (double v : x->high()) hi.push_back(detail::bound_to_value(v));
    out.set("low", std::move(lo));
    out.set("high", std::move(hi));
    value::list shape;
    for (auto d : x->shape()) shape.emplace_back(static_cast<std::int64_t>(d));
    out.set("shape", std::move(shape));
    out.set("dtype", std::string(to_string(x->dtype())));
  } else if (const auto* t = s.get_if<tuple_space>()) {
    value::list l;
    for (const auto& c : t->spaces()) l.push_back(space_to_value(c));
    out.set("spaces", std::move(l));
  } else if (const auto* d = s.get_if<dict_space>()) {
    value::list l;
    for (const auto& [k, c] : d->spaces()) l.push_back(value::list{value(k), space_to_value(c)});
    out.set("spaces", std::move(l));
  }
  return out;
}

[[nodiscard]] inline any_space space_from_value(const value& v) {
  if (!v.is_dict()) throw space_error("a space description must be a dict, got " + v.to_string());
  const std::string& type = v.at("type").as_string();
  const auto ints = [](const value& l) {
    std::vector<std::int64_t> out;
    for (const auto& x : l.as_list()) out.push_back(x.as_int());
    return out;
  };
  if (type == "Discrete") {
    const value* start = v.find("start");
    return discrete(v.at("n").as_int(), start ? start->as_int() : 0);
  }
  if (type == "MultiDiscrete") {
    const value* start = v.find("start");
    return multi_discrete(ints(v.at("nvec")), start ? ints(*start) : std::vector<std::int64_t>{});
  }
  if (type == "MultiBinary") return multi_binary(static_cast<std::size_t>(v.at("n").as_int()));
  if (type == "Box") {
    std::vector<std::size_t> shape;
    for (const auto& d : v.at("shape").as_list()) shape.push_back(static_cast<std::size_t>(d.as_int()));
    xt::xarray<double> lo = xt::xarray<double>::from_shape(shape);
    xt::xarray<double> hi = xt::xarray<double>::from_shape(shape);
    const auto& l = v.at("low").as_list();
    const auto& h = v.at("high").as_list();
    if (l.size() != lo.size() || h.size() != hi.size())
      throw space_error("Box low/high must list one bound per element (" + std::to_string(lo.size()) + ")");
    for (std::size_t i = 0; i < l.size(); ++i) {
      lo.flat(i) = detail::bound_from_value(l[i]);
      hi.flat(i) = detail::bound_from_value(h[i]);
    }
    const value* dt = v.find("dtype");
    return box(std::move(lo), std::move(hi), dt ? box_dtype_from_string(dt->as_string()) : box_dtype::float64);
  }
  if (type == "Tuple") {
    std::vector<any_space> children;
    for (const auto& c : v.at("spaces").as_list()) children.push_back(space_from_value(c));
    return tuple_space(std::move(children));
  }
  if (type == "Dict") {
    std::vector<dict_space::entry> children;
    for (const auto& c : v.at("spaces").as_list()) {
      if (!c.is_list() || c.size() != 2) throw space_error("Dict spaces must be [key, space] pairs");
      children.emplace_back(c.as_list()[0].as_string(), space_from_value(c.as_list()[1]));
    }
    return dict_space(std::move(children));
  }
  throw space_error("unknown space type \"" + type +
                    "\"; known: Discrete, MultiDiscrete, MultiBinary, Box, Tuple, Dict");
}

}  // namespace dsegym

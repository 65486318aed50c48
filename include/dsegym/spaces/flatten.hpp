#pragma once
// Gymnasium's flatten/unflatten over spaces: every space maps onto a 1-D real vector (one-hot for
// discrete parts, raw values for boxes and bits) and back.

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "dsegym/spaces/any_space.hpp"

namespace dsegym {

/// The box a flattened value of `s` lives in.
[[nodiscard]] inline box flatten_space(const any_space& s) {
  std::vector<double> lo, hi;
  const auto add = [&](const any_space& sub, auto& self) -> void {
    if (const auto* b = sub.get_if<box>()) {
      lo.insert(lo.end(), b->low().begin(), b->low().end());
      hi.insert(hi.end(), b->high().begin(), b->high().end());
    } else if (const auto* t = sub.get_if<tuple_space>()) {
      for (const auto& c : t->spaces()) self(c, self);
    } else if (const auto* d = sub.get_if<dict_space>()) {
      for (const auto& [k, c] : d->spaces()) self(c, self);
    } else {
      lo.resize(lo.size() + sub.flat_dim(), 0.0);
      hi.resize(hi.size() + sub.flat_dim(), 1.0);
    }
  };
  add(s, add);
  xt::xarray<double> low = xt::xarray<double>::from_shape({lo.size()});
  xt::xarray<double> high = xt::xarray<double>::from_shape({hi.size()});
  std::copy(lo.begin(), lo.end(), low.begin());
  std::copy(hi.begin(), hi.end(), high.begin());
  return box(std::move(low), std::move(high));
}

/// Inverse of any_space::flatten: rebuilds the value from its flat encoding. One-hot blocks must
/// hold exactly one 1 (space_error otherwise).
[[nodiscard]] inline value unflatten(const any_space& s, const std::vector<double>& flat) {
  std::size_t pos = 0;
  const auto take = [&](std::size_t n) {
    if (pos + n > flat.size())
      throw space_error("unflatten: flat vector has " + std::to_string(flat.size()) +
                        " elements, the space needs " + std::to_string(s.flat_dim()));
    const double* p = flat.data() + pos;
    pos += n;
    return p;
  };
  const auto one_hot = [&](std::int64_t n) -> std::int64_t {
    const double* p = take(static_cast<std::size_t>(n));
    std::int64_t at = -1;
    for (std::int64_t i = 0; i < n; ++i) {
      if (p[i] == 1.0 && at < 0) {
        at = i;
      } else if (p[i] != 0.0) {
        throw space_error("unflatten: not a one-hot block");
      }
    }
    if (at < 0) throw space_error("unflatten: one-hot block has no 1");
    return at;
  };
  const auto rec = [&](const any_space& sub, auto& self) -> value {
    if (const auto* d = sub.get_if<discrete>()) return value(d->start() + one_hot(d->n()));
    if (const auto* m = sub.get_if<multi_discrete>()) {
      value::list l;
      for (std::size_t i = 0; i < m->size(); ++i) l.emplace_back(m->start()[i] + one_hot(m->nvec()[i]));
      return value(std::move(l));
    }
    if (const auto* b = sub.get_if<multi_binary>()) {
      const double* p = take(b->n());
      value::list l;
      for (std::size_t i = 0; i < b->n(); ++i) l.emplace_back(static_cast<std::int64_t>(p[i] != 0.0));
      return value(std::move(l));
    }
    if (const auto* x = sub.get_if<box>()) {
      const double* p = take(x->flat_dim());
      xt::xarray<double> a = xt::xarray<double>::from_shape(x->low().shape());
      std::copy(p, p + x->flat_dim(), a.begin());
      return x->to_value(a);
    }
    if (const auto* t = sub.get_if<tuple_space>()) {
      value::list l;
      for (const auto& c : t->spaces()) l.push_back(self(c, self));
      return value(std::move(l));
    }
    const auto& d = *sub.get_if<dict_space>();
    value::dict out;
    for (const auto& [k, c] : d.spaces()) out.emplace_back(k, self(c, self));
    return value(std::move(out));
  };
  value v = rec(s, rec);
  if (pos != flat.size())
    throw space_error("unflatten: flat vector has " + std::to_string(flat.size()) +
                      " elements, the space needs " + std::to_string(s.flat_dim()));
  return v;
}

}  // namespace dsegym

#pragma once
// The `space` concept: what every space offers, typed or erased.

#include <concepts>
#include <string>
#include <vector>

#include "dsegym/core/random.hpp"
#include "dsegym/core/value.hpp"

namespace dsegym {

/// A set of values with uniform sampling, membership, a 1:1 mapping onto dsegym::value and a
/// flattening to real vectors. Semantic rules: sample(g) always satisfies contains(); from_value
/// accepts exactly the values for which contains() holds, and throws space_error (naming the path
/// of the bad element) for all others; from_value(to_value(x)) == x.
template <class S>
concept space = std::copyable<S> &&
                requires(const S& s, rng& g, const typename S::value_type& x, const value& v,
                         std::vector<double>& out) {
                  { s.sample(g) } -> std::same_as<typename S::value_type>;
                  { s.contains(x) } -> std::same_as<bool>;
                  { s.to_value(x) } -> std::same_as<value>;
                  { s.from_value(v, std::string{}) } -> std::same_as<typename S::value_type>;
                  { s.flat_dim() } -> std::convertible_to<std::size_t>;
                  { s.shape() } -> std::same_as<std::vector<std::size_t>>;
                  s.flatten_into(x, out);
                };

}  // namespace dsegym

#pragma once
// A uniform view of design spaces for agents: a design is a vector of genes. Discrete genes
// (from discrete, multi_discrete and multi_binary spaces) take integer choices 0..n-1; continuous
// genes (from box spaces) take reals in [low, high]. Dict and Tuple spaces (e.g. the joint action
// of a multi-agent env) are the concatenation of their children's genes, in the space's order.
// The codec maps genes <-> values, samples and mutates them, so every agent handles all supported
// spaces the same way.

#include <algorithm>
#include <cmath>
#include <limits>
#include <cstdint>
#include <string>
#include <vector>

#include "dsegym/agents/agent.hpp"
#include "dsegym/core/error.hpp"
#include "dsegym/core/random.hpp"
#include "dsegym/spaces/any_space.hpp"

namespace dsegym::agents {

using genome = std::vector<double>;

class design_codec {
 public:
  explicit design_codec(const any_space& s) : space_(s) {
    if (const auto* d = s.get_if<discrete>()) {
      kind_ = kind::discrete;
      n_ = {d->n()};
      offset_ = {d->start()};
    } else if (const auto* m = s.get_if<multi_discrete>()) {
      kind_ = kind::multi_discrete;
      n_ = m->nvec();
      offset_ = m->start();
    } else if (const auto* b = s.get_if<multi_binary>()) {
      kind_ = kind::multi_binary;
      n_.assign(b->n(), 2);
      offset_.assign(b->n(), 0);
    } else if (const auto* x = s.get_if<box>()) {
      kind_ = kind::box;
      low_.assign(x->low().begin(), x->low().end());
      high_.assign(x->high().begin(), x->high().end());
      n_.assign(low_.size(), 0);
      offset_.assign(low_.size(), 0);
      shape_ = x->shape();
      for (std::size_t i = 0; i < low_.size(); ++i)
        if (!std::isfinite(low_[i]) || !std::isfinite(high_[i]))
          throw unimplemented("agents", "box design spaces need finite bounds");
    } else if (const auto* d = s.get_if<dict_space>()) {
      kind_ = kind::composite;
      for (const auto& [key, child] : d->spaces()) add_child(key, child);
    } else if (const auto* t = s.get_if<tuple_space>()) {
      kind_ = kind::composite;
      for (const auto& child : t->spaces()) add_child("", child);
    } else {
      throw unimplemented("agents", std::string("agents search Discrete, MultiDiscrete, MultiBinary "
                                                "or bounded Box design spaces (or Dicts and Tuples "
                                                "of them), not ") +
                                        std::string(s.type_name()));
    }
  }

  [[nodiscard]] std::size_t size() const noexcept { return n_.size(); }
  [[nodiscard]] bool is_discrete() const noexcept {
    if (kind_ == kind::box) return false;
    for (auto n : n_)
      if (n == 0) return false;
    return true;
  }
  /// Number of choices of gene i (0 for continuous genes).
  [[nodiscard]] std::int64_t choices(std::size_t i) const noexcept { return n_[i]; }
  [[nodiscard]] const any_space& space() const noexcept { return space_; }

  /// Throws unimplemented naming `agent` when the space is continuous.
  void require_discrete(std::string_view agent) const {
    if (!is_discrete())
      throw unimplemented("agents", std::string(agent) + " needs a discrete design space, got " +
                                        std::string(space_.type_name()) + " with continuous parts");
  }

  [[nodiscard]] genome sample(rng& g) const {
    genome x(size());
    for (std::size_t i = 0; i < size(); ++i) x[i] = sample_gene(g, i);
    return x;
  }
  [[nodiscard]] double sample_gene(rng& g, std::size_t i) const {
    if (n_[i] > 0) return static_cast<double>(uniform_below(g, static_cast<std::uint64_t>(n_[i])));
    return uniform_real(g, low_[i], high_[i]);
  }

  /// Changes one gene that can change (a different choice, or a Gaussian step of `sigma` times
  /// the range for continuous genes). Designs with no changeable gene come back unchanged.
  [[nodiscard]] genome mutate_one(rng& g, genome x, double sigma = 0.1) const {
    std::vector<std::size_t> mutable_genes;
    for (std::size_t i = 0; i < size(); ++i)
      if (n_[i] != 1 && !(n_[i] == 0 && low_[i] == high_[i])) mutable_genes.push_back(i);
    if (mutable_genes.empty()) return x;
    const std::size_t i = mutable_genes[uniform_below(g, mutable_genes.size())];
    x[i] = mutate_gene(g, i, x[i], sigma);
    return x;
  }
  [[nodiscard]] double mutate_gene(rng& g, std::size_t i, double v, double sigma = 0.1) const {
    if (n_[i] == 1) return v;
    if (n_[i] > 1) {  // a different choice, uniformly
      const auto cur = static_cast<std::uint64_t>(v);
      const auto other = uniform_below(g, static_cast<std::uint64_t>(n_[i] - 1));
      return static_cast<double>(other >= cur ? other + 1 : other);
    }
    return std::clamp(v + normal(g, 0.0, sigma * (high_[i] - low_[i])), low_[i], high_[i]);
  }

  [[nodiscard]] value to_value(const genome& x) const {
    switch (kind_) {
      case kind::discrete: return value(offset_[0] + static_cast<std::int64_t>(x[0]));
      case kind::multi_discrete:
      case kind::multi_binary: {
        value::list l;
        l.reserve(x.size());
        for (std::size_t i = 0; i < x.size(); ++i) l.emplace_back(offset_[i] + static_cast<std::int64_t>(x[i]));
        return value(std::move(l));
      }
      case kind::box: {
        const auto* b = space_.get_if<box>();
        xt::xarray<double> a = xt::xarray<double>::from_shape(shape_);
        std::copy(x.begin(), x.end(), a.begin());
        return b->to_value(a);
      }
      case kind::composite: {
        const bool is_dict = space_.get_if<dict_space>() != nullptr;
        value::dict d;
        value::list l;
        for (std::size_t c = 0; c < children_.size(); ++c) {
          const auto first = x.begin() + static_cast<std::ptrdiff_t>(child_first_[c]);
          value v = children_[c].to_value(genome(first, first + static_cast<std::ptrdiff_t>(children_[c].size())));
          if (is_dict) {
            d.emplace_back(child_keys_[c], std::move(v));
          } else {
            l.push_back(std::move(v));
          }
        }
        return is_dict ? value(std::move(d)) : value(std::move(l));
      }
    }
    return {};
  }
  [[nodiscard]] genome from_value(const value& v) const {
    const value checked = space_.validate(v, "design");
    genome x(size());
    switch (kind_) {
      case kind::discrete: x[0] = static_cast<double>(checked.as_int() - offset_[0]); break;
      case kind::multi_discrete:
      case kind::multi_binary:
        for (std::size_t i = 0; i < size(); ++i)
          x[i] = static_cast<double>(checked.as_list()[i].as_int() - offset_[i]);
        break;
      case kind::box: {
        const auto a = space_.get_if<box>()->from_value(checked);
        std::copy(a.begin(), a.end(), x.begin());
        break;
      }
      case kind::composite: {
        const bool is_dict = space_.get_if<dict_space>() != nullptr;
        for (std::size_t c = 0; c < children_.size(); ++c) {
          const value& part = is_dict ? checked.at(child_keys_[c]) : checked.as_list()[c];
          const genome g = children_[c].from_value(part);
          std::copy(g.begin(), g.end(), x.begin() + static_cast<std::ptrdiff_t>(child_first_[c]));
        }
        break;
      }
    }
    return x;
  }

 private:
  enum class kind { discrete, multi_discrete, multi_binary, box, composite };

  // Appends a Dict/Tuple child's genes (low/high are kept for every gene of a composite).
  void add_child(std::string key, const any_space& child) {
    design_codec sub(child);
    child_first_.push_back(n_.size());
    for (std::size_t i = 0; i < sub.size(); ++i) {
      n_.push_back(sub.n_[i]);
      offset_.push_back(sub.offset_[i]);
      low_.push_back(i < sub.low_.size() ? sub.low_[i] : 0.0);
      high_.push_back(i < sub.high_.size() ? sub.high_[i] : 0.0);
    }
    child_keys_.push_back(std::move(key));
    children_.push_back(std::move(sub));
  }

  any_space space_;
  std::vector<design_codec> children_;  // composite only
  std::vector<std::string> child_keys_;
  std::vector<std::size_t> child_first_;
  kind kind_ = kind::discrete;
  std::vector<std::int64_t> n_;
  std::vector<std::int64_t> offset_;
  std::vector<double> low_, high_;
  std::vector<std::size_t> shape_;
};

/// Score an agent ranks a result by: the reward, or -inf for failed evaluations.
[[nodiscard]] inline double fitness_of(const evaluation& e) {
  return e.failed ? -std::numeric_limits<double>::infinity() : e.reward;
}

/// Reads hyperparameter `name` from a resolved config.
[[nodiscard]] inline double hp_real(const value& config, std::string_view name) {
  return config.at(name).as_real();
}
[[nodiscard]] inline std::int64_t hp_int(const value& config, std::string_view name) {
  return config.at(name).as_int();
}

}  // namespace dsegym::agents

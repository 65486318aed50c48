#pragma once
// Regularised (aging) evolution (Real et al., 2019): a population of the most recent designs;
// each proposal mutates one gene of the best of `tournament_size` members drawn at random; the
// oldest member dies when a child joins. Defaults follow the NAS-Bench-201 REA baseline
// (population 10, tournament 3).

#include <deque>

#include "dsegym/agents/design_codec.hpp"

namespace dsegym::agents {

class regularized_evolution final : public agent {
 public:
  static std::vector<hyperparameter> hyperparameters() {
    return {{"population_size", 10, "designs kept alive (the oldest dies)"},
            {"tournament_size", 3, "members compared to pick a parent"},
            {"sigma", 0.1, "mutation step of continuous genes, as a fraction of their range"}};
  }

  regularized_evolution(const any_space& space, const value& config)
      : codec_(space), config_(config), population_size_(hp_int(config, "population_size")),
        tournament_size_(hp_int(config, "tournament_size")), sigma_(hp_real(config, "sigma")) {
    if (population_size_ < 1)
      throw invalid_argument("agents", "regularized_evolution: population_size must be >= 1");
    if (tournament_size_ < 1 || tournament_size_ > population_size_)
      throw invalid_argument("agents", "regularized_evolution: tournament_size must be in [1, population_size]");
  }

  [[nodiscard]] std::string_view name() const override { return "regularized_evolution"; }
  [[nodiscard]] value config() const override { return config_; }

  [[nodiscard]] value propose(rng& g) override {
    if (static_cast<std::int64_t>(population_.size()) < population_size_)
      return codec_.to_value(codec_.sample(g));
    const auto picks = sample_without_replacement(g, population_.size(),
                                                  static_cast<std::size_t>(tournament_size_));
    std::size_t parent = picks.front();
    for (auto p : picks)
      if (population_[p].second > population_[parent].second ||
          (population_[p].second == population_[parent].second && p < parent))
        parent = p;
    return codec_.to_value(codec_.mutate_one(g, population_[parent].first, sigma_));
  }

  void observe(const value& design, const evaluation& result) override {
    population_.emplace_back(codec_.from_value(design), fitness_of(result));
    if (static_cast<std::int64_t>(population_.size()) > population_size_) population_.pop_front();
  }

 private:
  design_codec codec_;
  value config_;
  std::int64_t population_size_;
  std::int64_t tournament_size_;
  double sigma_;
  std::deque<std::pair<genome, double>> population_;
};

}  // namespace dsegym::agents

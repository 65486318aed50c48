#pragma once
// Generational genetic algorithm: a random first generation; then each generation keeps the
// `elite` best designs and fills the rest with children of tournament-selected parents (uniform
// crossover with probability crossover_rate, then per-gene mutation with mutation_rate; -1 means
// 1 / number of genes).

#include <algorithm>
#include <deque>

#include "dsegym/agents/design_codec.hpp"

namespace dsegym::agents {

class genetic_algorithm final : public agent {
 public:
  static std::vector<hyperparameter> hyperparameters() {
    return {{"population_size", 20, "designs per generation"},
            {"tournament_size", 3, "members compared to pick each parent"},
            {"crossover_rate", 0.9, "probability that a child mixes two parents (uniform crossover)"},
            {"mutation_rate", -1.0, "per-gene mutation probability (-1: 1 / number of genes)"},
            {"elite", 1, "best designs copied unchanged into the next generation"},
            {"sigma", 0.1, "mutation step of continuous genes, as a fraction of their range"}};
  }

  genetic_algorithm(const any_space& space, const value& config)
      : codec_(space), config_(config), pop_size_(hp_int(config, "population_size")),
        tournament_(hp_int(config, "tournament_size")), crossover_(hp_real(config, "crossover_rate")),
        mutation_(hp_real(config, "mutation_rate")), elite_(hp_int(config, "elite")),
        sigma_(hp_real(config, "sigma")) {
    if (pop_size_ < 2) throw invalid_argument("agents", "genetic_algorithm: population_size must be >= 2");
    if (tournament_ < 1 || tournament_ > pop_size_)
      throw invalid_argument("agents", "genetic_algorithm: tournament_size must be in [1, population_size]");
    if (!(crossover_ >= 0 && crossover_ <= 1))
      throw invalid_argument("agents", "genetic_algorithm: crossover_rate must be in [0, 1]");
    if (mutation_ == -1.0) mutation_ = 1.0 / static_cast<double>(codec_.size());
    if (!(mutation_ >= 0 && mutation_ <= 1))
      throw invalid_argument("agents", "genetic_algorithm: mutation_rate must be in [0, 1] or -1");
    if (elite_ < 0 || elite_ >= pop_size_)
      throw invalid_argument("agents", "genetic_algorithm: elite must be in [0, population_size)");
  }

  [[nodiscard]] std::string_view name() const override { return "genetic_algorithm"; }
  [[nodiscard]] value config() const override { return config_; }

  [[nodiscard]] value propose(rng& g) override {
    if (population_.size() < static_cast<std::size_t>(pop_size_) && !evolving_)
      return codec_.to_value(codec_.sample(g));
    if (queue_.empty()) breed(g);
    genome child = std::move(queue_.front());
    queue_.pop_front();
    return codec_.to_value(child);
  }

  void observe(const value& design, const evaluation& result) override {
    auto member = std::make_pair(codec_.from_value(design), fitness_of(result));
    if (!evolving_) {
      population_.push_back(std::move(member));
      if (population_.size() >= static_cast<std::size_t>(pop_size_)) evolving_ = true;
      return;
    }
    children_.push_back(std::move(member));
    if (children_.size() >= static_cast<std::size_t>(pop_size_ - elite_)) {
      std::stable_sort(population_.begin(), population_.end(),
                       [](const auto& a, const auto& b) { return a.second > b.second; });
      population_.resize(static_cast<std::size_t>(elite_));
      for (auto& c : children_) population_.push_back(std::move(c));
      children_.clear();
    }
  }

 private:
  const genome& select(rng& g) const {
    std::size_t best = uniform_below(g, population_.size());
    for (std::int64_t k = 1; k < tournament_; ++k) {
      const std::size_t c = uniform_below(g, population_.size());
      if (population_[c].second > population_[best].second) best = c;
    }
    return population_[best].first;
  }
  void breed(rng& g) {
    for (std::int64_t k = 0; k < pop_size_ - elite_; ++k) {
      genome child = select(g);
      if (bernoulli(g, crossover_)) {
        const genome& other = select(g);
        for (std::size_t i = 0; i < child.size(); ++i)
          if (g() >> 63) child[i] = other[i];
      }
      for (std::size_t i = 0; i < child.size(); ++i)
        if (bernoulli(g, mutation_)) child[i] = codec_.mutate_gene(g, i, child[i], sigma_);
      queue_.push_back(std::move(child));
    }
  }

  design_codec codec_;
  value config_;
  std::int64_t pop_size_, tournament_;
  double crossover_, mutation_;
  std::int64_t elite_;
  double sigma_;
  bool evolving_ = false;
  std::vector<std::pair<genome, double>> population_;
  std::vector<std::pair<genome, double>> children_;
  std::deque<genome> queue_;
};

}  // namespace dsegym::agents

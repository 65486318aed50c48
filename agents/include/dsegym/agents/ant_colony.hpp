#pragma once
// Ant colony optimisation over discrete genes: a pheromone level per (gene, choice). Each ant
// picks, per gene, the strongest choice with probability `greediness`, else a choice with
// probability proportional to pheromone^alpha. After every `ants` evaluations the pheromone
// evaporates by `evaporation` and the iteration-best and best-so-far designs deposit pheromone in
// proportion to their reward, normalised by the rewards seen so far.

#include <cmath>
#include <optional>

#include "dsegym/agents/design_codec.hpp"

namespace dsegym::agents {

class ant_colony final : public agent {
 public:
  static std::vector<hyperparameter> hyperparameters() {
    return {{"ants", 10, "evaluations per pheromone update"},
            {"evaporation", 0.1, "fraction of pheromone lost per update (0 < rho < 1)"},
            {"greediness", 0.1, "probability of taking the strongest choice of a gene"},
            {"alpha", 1.0, "exponent of pheromone in the choice probability"},
            {"deposit", 1.0, "pheromone a best design deposits per gene, times its normalised reward"}};
  }

  ant_colony(const any_space& space, const value& config)
      : codec_(space), config_(config), ants_(hp_int(config, "ants")), rho_(hp_real(config, "evaporation")),
        q0_(hp_real(config, "greediness")), alpha_(hp_real(config, "alpha")), deposit_(hp_real(config, "deposit")) {
    codec_.require_discrete("ant_colony");
    if (ants_ < 1 || !(rho_ > 0 && rho_ < 1) || !(q0_ >= 0 && q0_ <= 1) || !(alpha_ > 0) || !(deposit_ > 0))
      throw invalid_argument("agents", "ant_colony: need ants >= 1, 0 < evaporation < 1, "
                                       "0 <= greediness <= 1, alpha > 0, deposit > 0");
    tau_.resize(codec_.size());
    for (std::size_t i = 0; i < codec_.size(); ++i)
      tau_[i].assign(static_cast<std::size_t>(codec_.choices(i)), 1.0);
  }

  [[nodiscard]] std::string_view name() const override { return "ant_colony"; }
  [[nodiscard]] value config() const override { return config_; }

  [[nodiscard]] value propose(rng& g) override {
    genome x(codec_.size());
    std::vector<double> w;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const auto& t = tau_[i];
      if (bernoulli(g, q0_)) {
        x[i] = static_cast<double>(std::max_element(t.begin(), t.end()) - t.begin());
      } else {
        w.resize(t.size());
        for (std::size_t v = 0; v < t.size(); ++v) w[v] = std::pow(t[v], alpha_);
        x[i] = static_cast<double>(categorical(g, std::span<const double>(w)));
      }
    }
    return codec_.to_value(x);
  }

  void observe(const value& design, const evaluation& result) override {
    if (!result.failed) {
      const double f = result.reward;
      lo_ = std::min(lo_, f);
      hi_ = std::max(hi_, f);
      genome x = codec_.from_value(design);
      if (!iter_best_ || f > iter_best_->second) iter_best_.emplace(x, f);
      if (!best_ || f > best_->second) best_.emplace(std::move(x), f);
    }
    if (++seen_ % ants_ != 0) return;
    for (auto& t : tau_)
      for (auto& v : t) v = std::max(1e-6, v * (1.0 - rho_));
    const auto lay = [&](const std::pair<genome, double>& d) {
      const double q = hi_ > lo_ ? (d.second - lo_) / (hi_ - lo_) : 1.0;
      for (std::size_t i = 0; i < d.first.size(); ++i)
        tau_[i][static_cast<std::size_t>(d.first[i])] += rho_ * deposit_ * q;
    };
    if (iter_best_) lay(*iter_best_);
    if (best_) lay(*best_);
    iter_best_.reset();
  }

 private:
  design_codec codec_;
  value config_;
  std::int64_t ants_;
  double rho_, q0_, alpha_, deposit_;
  std::vector<std::vector<double>> tau_;
  std::optional<std::pair<genome, double>> iter_best_, best_;
  double lo_ = std::numeric_limits<double>::infinity();
  double hi_ = -std::numeric_limits<double>::infinity();
  std::int64_t seen_ = 0;
};

}  // namespace dsegym::agents

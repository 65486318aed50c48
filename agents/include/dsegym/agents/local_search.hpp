#pragma once
// Local search: first-improvement hill climbing from a random design; each proposal changes one
// gene of the current design; after `patience` proposals without improvement it restarts from a
// fresh random design.

#include <optional>

#include "dsegym/agents/design_codec.hpp"

namespace dsegym::agents {

class local_search final : public agent {
 public:
  static std::vector<hyperparameter> hyperparameters() {
    return {{"patience", 20, "proposals without improvement before a random restart"},
            {"sigma", 0.1, "mutation step of continuous genes, as a fraction of their range"}};
  }

  local_search(const any_space& space, const value& config)
      : codec_(space), config_(config), patience_(hp_int(config, "patience")),
        sigma_(hp_real(config, "sigma")) {
    if (patience_ < 1) throw invalid_argument("agents", "local_search: patience must be >= 1");
    if (!(sigma_ > 0)) throw invalid_argument("agents", "local_search: sigma must be > 0");
  }

  [[nodiscard]] std::string_view name() const override { return "local_search"; }
  [[nodiscard]] value config() const override { return config_; }

  [[nodiscard]] value propose(rng& g) override {
    if (!current_) return codec_.to_value(codec_.sample(g));
    return codec_.to_value(codec_.mutate_one(g, current_->first, sigma_));
  }

  void observe(const value& design, const evaluation& result) override {
    const double f = fitness_of(result);
    if (!current_) {
      if (!result.failed) current_.emplace(codec_.from_value(design), f);
      return;
    }
    if (f > current_->second) {
      current_.emplace(codec_.from_value(design), f);
      stale_ = 0;
    } else if (++stale_ >= patience_) {
      current_.reset();
      stale_ = 0;
    }
  }

 private:
  design_codec codec_;
  value config_;
  std::int64_t patience_;
  double sigma_;
  std::optional<std::pair<genome, double>> current_;
  std::int64_t stale_ = 0;
};

}  // namespace dsegym::agents

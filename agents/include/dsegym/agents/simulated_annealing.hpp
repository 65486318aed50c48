#pragma once
// Simulated annealing: proposals change one gene of the current design; a worse design is
// accepted with probability exp(delta / (T * range)), where range is the spread of rewards seen
// so far (so the temperature is scale-free) and T cools geometrically per evaluation.

#include <cmath>
#include <optional>

#include "dsegym/agents/design_codec.hpp"

namespace dsegym::agents {

class simulated_annealing final : public agent {
 public:
  static std::vector<hyperparameter> hyperparameters() {
    return {{"initial_temperature", 0.1, "starting temperature, relative to the observed reward range"},
            {"cooling", 0.97, "temperature multiplier per evaluation (0 < cooling <= 1)"},
            {"min_temperature", 1e-4, "temperature floor"},
            {"sigma", 0.1, "mutation step of continuous genes, as a fraction of their range"}};
  }

  simulated_annealing(const any_space& space, const value& config)
      : codec_(space), config_(config), t_(hp_real(config, "initial_temperature")),
        cooling_(hp_real(config, "cooling")), t_min_(hp_real(config, "min_temperature")),
        sigma_(hp_real(config, "sigma")) {
    if (!(t_ > 0) || !(cooling_ > 0 && cooling_ <= 1) || !(t_min_ >= 0) || !(sigma_ > 0))
      throw invalid_argument("agents", "simulated_annealing: need initial_temperature > 0, "
                                       "0 < cooling <= 1, min_temperature >= 0, sigma > 0");
  }

  [[nodiscard]] std::string_view name() const override { return "simulated_annealing"; }
  [[nodiscard]] value config() const override { return config_; }

  [[nodiscard]] value propose(rng& g) override {
    pending_u_ = uniform01(g);  // drawn here so acceptance does not need the engine later
    if (!current_) return codec_.to_value(codec_.sample(g));
    return codec_.to_value(codec_.mutate_one(g, current_->first, sigma_));
  }

  void observe(const value& design, const evaluation& result) override {
    const double f = fitness_of(result);
    if (!result.failed) {
      lo_ = std::min(lo_, f);
      hi_ = std::max(hi_, f);
    }
    if (!current_) {
      if (!result.failed) current_.emplace(codec_.from_value(design), f);
    } else if (!result.failed) {
      const double range = hi_ > lo_ ? hi_ - lo_ : 1.0;
      const double delta = f - current_->second;
      if (delta >= 0 || pending_u_ < std::exp(delta / (t_ * range)))
        current_.emplace(codec_.from_value(design), f);
    }
    t_ = std::max(t_min_, t_ * cooling_);
  }

 private:
  design_codec codec_;
  value config_;
  double t_, cooling_, t_min_, sigma_;
  double lo_ = std::numeric_limits<double>::infinity();
  double hi_ = -std::numeric_limits<double>::infinity();
  double pending_u_ = 0.0;
  std::optional<std::pair<genome, double>> current_;
};

}  // namespace dsegym::agents

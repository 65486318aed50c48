#pragma once
// REINFORCE with an independent softmax per discrete gene (for plan designs of sequential envs:
// one softmax per step) and an exponential-moving-average baseline, optimised with Adam. Defaults
// follow the NAS-Bench-201 / NATS-Bench topology-space REINFORCE baseline (Adam, learning rate
// 0.01, baseline momentum 0.9).

#include <cmath>
#include <optional>

#include "dsegym/agents/design_codec.hpp"

namespace dsegym::agents {

class reinforce final : public agent {
 public:
  static std::vector<hyperparameter> hyperparameters() {
    return {{"learning_rate", 0.01, "Adam step size on the policy logits"},
            {"baseline_momentum", 0.9, "momentum of the moving-average reward baseline"},
            {"beta1", 0.9, "Adam first-moment decay"},
            {"beta2", 0.999, "Adam second-moment decay"}};
  }

  reinforce(const any_space& space, const value& config)
      : codec_(space), config_(config), lr_(hp_real(config, "learning_rate")),
        momentum_(hp_real(config, "baseline_momentum")), beta1_(hp_real(config, "beta1")),
        beta2_(hp_real(config, "beta2")) {
    codec_.require_discrete("reinforce");
    if (!(lr_ > 0) || !(momentum_ >= 0 && momentum_ < 1) || !(beta1_ >= 0 && beta1_ < 1) ||
        !(beta2_ >= 0 && beta2_ < 1))
      throw invalid_argument("agents", "reinforce: need learning_rate > 0 and momenta in [0, 1)");
    for (std::size_t i = 0; i < codec_.size(); ++i) {
      const auto n = static_cast<std::size_t>(codec_.choices(i));
      logits_.emplace_back(n, 0.0);
      m_.emplace_back(n, 0.0);
      v_.emplace_back(n, 0.0);
    }
  }

  [[nodiscard]] std::string_view name() const override { return "reinforce"; }
  [[nodiscard]] value config() const override { return config_; }

  [[nodiscard]] value propose(rng& g) override {
    genome x(codec_.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      const auto p = probabilities(i);
      x[i] = static_cast<double>(categorical(g, std::span<const double>(p)));
    }
    return codec_.to_value(x);
  }

  void observe(const value& design, const evaluation& result) override {
    if (result.failed) return;  // no reward signal for invalid designs
    const double r = result.reward;
    if (!baseline_) baseline_ = r;
    const double advantage = r - *baseline_;
    baseline_ = momentum_ * *baseline_ + (1.0 - momentum_) * r;
    const genome x = codec_.from_value(design);
    ++t_;
    const double c1 = 1.0 - std::pow(beta1_, static_cast<double>(t_));
    const double c2 = 1.0 - std::pow(beta2_, static_cast<double>(t_));
    for (std::size_t i = 0; i < x.size(); ++i) {
      const auto p = probabilities(i);
      for (std::size_t k = 0; k < p.size(); ++k) {
        // gradient ascent on advantage * log pi(a): d/dlogit_k = advantage * (1[k=a] - p_k)
        const double grad = advantage * ((k == static_cast<std::size_t>(x[i]) ? 1.0 : 0.0) - p[k]);
        m_[i][k] = beta1_ * m_[i][k] + (1 - beta1_) * grad;
        v_[i][k] = beta2_ * v_[i][k] + (1 - beta2_) * grad * grad;
        logits_[i][k] += lr_ * (m_[i][k] / c1) / (std::sqrt(v_[i][k] / c2) + 1e-8);
      }
    }
  }

  /// The current policy of gene i.
  [[nodiscard]] std::vector<double> probabilities(std::size_t i) const {
    const auto& l = logits_[i];
    const double mx = *std::max_element(l.begin(), l.end());
    std::vector<double> p(l.size());
    double s = 0;
    for (std::size_t k = 0; k < l.size(); ++k) s += p[k] = std::exp(l[k] - mx);
    for (auto& x : p) x /= s;
    return p;
  }

 private:
  design_codec codec_;
  value config_;
  double lr_, momentum_, beta1_, beta2_;
  std::vector<std::vector<double>> logits_, m_, v_;
  std::optional<double> baseline_;
  std::int64_t t_ = 0;
};

}  // namespace dsegym::agents

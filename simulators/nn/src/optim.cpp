#include "dsegym/sim/nn/optim.hpp"

#include <cmath>
#include <numbers>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::nn {

optimizer_kind parse_optimizer(const std::string& name) {
  if (name == "sgd") return optimizer_kind::sgd;
  if (name == "sgd_nesterov") return optimizer_kind::sgd_nesterov;
  if (name == "adam") return optimizer_kind::adam;
  if (name == "adamw") return optimizer_kind::adamw;
  if (name == "rmsprop") return optimizer_kind::rmsprop;
  throw invalid_argument("nn", "unknown optimizer '" + name +
                                   "'; valid: sgd, sgd_nesterov, adam, adamw, rmsprop");
}

std::string to_string(optimizer_kind k) {
  switch (k) {
    case optimizer_kind::sgd: return "sgd";
    case optimizer_kind::sgd_nesterov: return "sgd_nesterov";
    case optimizer_kind::adam: return "adam";
    case optimizer_kind::adamw: return "adamw";
    case optimizer_kind::rmsprop: return "rmsprop";
  }
  return "sgd";
}

optimizer::optimizer(optimizer_config cfg, std::vector<parameter*> params)
    : cfg_(cfg), params_(std::move(params)) {
  if (!(cfg_.weight_decay >= 0.0) || !(cfg_.momentum >= 0.0 && cfg_.momentum < 1.0) ||
      !(cfg_.beta1 >= 0.0 && cfg_.beta1 < 1.0) || !(cfg_.beta2 >= 0.0 && cfg_.beta2 < 1.0) ||
      !(cfg_.eps > 0.0) || !(cfg_.rms_alpha >= 0.0 && cfg_.rms_alpha < 1.0))
    throw invalid_argument("nn", "optimizer config out of range (weight_decay >= 0, momentum/betas/"
                                 "alpha in [0,1), eps > 0)");
  for (auto* p : params_) {
    m_.emplace_back(p->value.size(), 0.0f);
    v_.emplace_back(p->value.size(), 0.0f);
  }
}

void optimizer::step(double lr) {
  ++t_;
  const double wd = cfg_.weight_decay;
  for (std::size_t k = 0; k < params_.size(); ++k) {
    auto& w = params_[k]->value;
    const auto& g = params_[k]->grad;
    auto& m = m_[k];
    auto& v = v_[k];
    switch (cfg_.kind) {
      case optimizer_kind::sgd:
      case optimizer_kind::sgd_nesterov: {
        const double mu = cfg_.momentum;
        const bool nesterov = cfg_.kind == optimizer_kind::sgd_nesterov;
        for (std::size_t i = 0; i < w.size(); ++i) {
          double d = g[i] + wd * w[i];
          if (mu > 0.0) {
            m[i] = static_cast<float>(t_ == 1 ? d : mu * m[i] + d);
            d = nesterov ? d + mu * m[i] : m[i];
          }
          w[i] = static_cast<float>(w[i] - lr * d);
        }
        break;
      }
      case optimizer_kind::adam:
      case optimizer_kind::adamw: {
        const bool decoupled = cfg_.kind == optimizer_kind::adamw;
        const double b1 = cfg_.beta1, b2 = cfg_.beta2;
        const double c1 = 1.0 - std::pow(b1, static_cast<double>(t_));
        const double c2 = 1.0 - std::pow(b2, static_cast<double>(t_));
        for (std::size_t i = 0; i < w.size(); ++i) {
          double wi = w[i];
          double d = g[i];
          if (decoupled)
            wi -= lr * wd * wi;
          else
            d += wd * wi;
          m[i] = static_cast<float>(b1 * m[i] + (1.0 - b1) * d);
          v[i] = static_cast<float>(b2 * v[i] + (1.0 - b2) * d * d);
          wi -= lr * (m[i] / c1) / (std::sqrt(v[i] / c2) + cfg_.eps);
          w[i] = static_cast<float>(wi);
        }
        break;
      }
      case optimizer_kind::rmsprop: {
        const double a = cfg_.rms_alpha, mu = cfg_.rms_momentum;
        for (std::size_t i = 0; i < w.size(); ++i) {
          const double d = g[i] + wd * w[i];
          v[i] = static_cast<float>(a * v[i] + (1.0 - a) * d * d);
          const double step = d / (std::sqrt(static_cast<double>(v[i])) + cfg_.eps);
          if (mu > 0.0) {
            m[i] = static_cast<float>(mu * m[i] + step);
            w[i] = static_cast<float>(w[i] - lr * m[i]);
          } else {
            w[i] = static_cast<float>(w[i] - lr * step);
          }
        }
        break;
      }
    }
  }
}

schedule_kind parse_schedule(const std::string& name) {
  if (name == "constant") return schedule_kind::constant;
  if (name == "step") return schedule_kind::step;
  if (name == "cosine") return schedule_kind::cosine;
  if (name == "warmup_cosine") return schedule_kind::warmup_cosine;
  if (name == "linear") return schedule_kind::linear;
  throw invalid_argument("nn", "unknown schedule '" + name +
                                   "'; valid: constant, step, cosine, warmup_cosine, linear");
}

std::string to_string(schedule_kind k) {
  switch (k) {
    case schedule_kind::constant: return "constant";
    case schedule_kind::step: return "step";
    case schedule_kind::cosine: return "cosine";
    case schedule_kind::warmup_cosine: return "warmup_cosine";
    case schedule_kind::linear: return "linear";
  }
  return "constant";
}

double learning_rate(schedule_kind k, double base_lr, long it, long total, double warmup_fraction) {
  if (total <= 0 || it < 0 || it >= total)
    throw invalid_argument("nn", "learning_rate: iteration " + std::to_string(it) +
                                     " outside [0, " + std::to_string(total) + ")");
  const double t = static_cast<double>(it), tt = static_cast<double>(total);
  switch (k) {
    case schedule_kind::constant: return base_lr;
    case schedule_kind::step:
      return base_lr * (t >= 0.75 * tt ? 0.01 : t >= 0.5 * tt ? 0.1 : 1.0);
    case schedule_kind::cosine: return 0.5 * base_lr * (1.0 + std::cos(std::numbers::pi * t / tt));
    case schedule_kind::warmup_cosine: {
      const double w = std::floor(warmup_fraction * tt);
      if (t < w) return base_lr * (t + 1.0) / w;
      return 0.5 * base_lr * (1.0 + std::cos(std::numbers::pi * (t - w) / (tt - w)));
    }
    case schedule_kind::linear: return base_lr * (1.0 - t / tt);
  }
  return base_lr;
}

weight_ema::weight_ema(double decay, const std::vector<parameter*>& params) : decay_(decay) {
  if (!(decay >= 0.0 && decay < 1.0))
    throw invalid_argument("nn", "EMA decay must be in [0, 1), got " + std::to_string(decay));
  for (auto* p : params) shadow_.push_back(p->value.values());
}

void weight_ema::update(const std::vector<parameter*>& params) {
  if (params.size() != shadow_.size())
    throw invalid_argument("nn", "weight_ema::update: parameter list changed size");
  for (std::size_t k = 0; k < params.size(); ++k) {
    const auto& v = params[k]->value;
    auto& s = shadow_[k];
    for (std::size_t i = 0; i < s.size(); ++i)
      s[i] = static_cast<float>(decay_ * s[i] + (1.0 - decay_) * v[i]);
  }
}

void weight_ema::swap(const std::vector<parameter*>& params) {
  if (params.size() != shadow_.size())
    throw invalid_argument("nn", "weight_ema::swap: parameter list changed size");
  for (std::size_t k = 0; k < params.size(); ++k) params[k]->value.values().swap(shadow_[k]);
}

}  // namespace dsegym::sim::nn

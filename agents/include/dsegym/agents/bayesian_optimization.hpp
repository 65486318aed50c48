#pragma once
// Bayesian optimisation for discrete designs: a Gaussian process with an overlap (Hamming)
// kernel k(x, y) = exp(-hamming(x, y) / (lengthscale * genes)), whose lengthscale is chosen per
// proposal by maximising the marginal likelihood over a grid, and expected improvement maximised
// over the design space by random sampling plus greedy local search around the best designs. Linear
// algebra by Eigen. The GP is incremental: one Cholesky factor per lengthscale of the grid grows by
// one row per observation and drops the oldest by a rank-one update once max_history is reached
// (O(n^2) per observation instead of refactorising, O(n^3)), the kernel is a table lookup
// on the Hamming distance, and candidates are scored in batches (one triangular solve with many
// right-hand sides; the predictive variance is 1 + noise - |L^-1 k|^2). Designs already evaluated are not proposed again while unseen ones
// remain. Every `random_every`-th proposal is a fresh random design, as SMAC interleaves random
// configurations: on spaces with many knobs that do not matter (DRAM, SoC) the isotropic kernel
// otherwise keeps exploring them, and BO fell behind random search (5 seeds, the default budgets:
// interleaving every 5th made BO beat random on all 7 envs tried).

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <numbers>
#include <set>

#include "dsegym/agents/design_codec.hpp"

namespace dsegym::agents {

class bayesian_optimization final : public agent {
 public:
  static std::vector<hyperparameter> hyperparameters() {
    return {{"initial_random", 10, "random designs before the GP is used"},
            {"candidates", 300, "random candidates scored by expected improvement per proposal"},
            {"local_starts", 5, "best designs whose neighbourhoods are also scored"},
            {"local_steps", 3, "greedy expected-improvement moves from the best candidate"},
            {"xi", 0.01, "exploration margin of expected improvement (in standardised units)"},
            {"noise", 1e-4, "observation noise variance (in standardised units)"},
            {"max_history", 300, "most recent observations the GP is fitted to"},
            {"random_every", 5, "every k-th proposal is a fresh random design (0 = never; SMAC-style interleaving)"}};
  }

  bayesian_optimization(const any_space& space, const value& config)
      : codec_(space), config_(config), initial_(hp_int(config, "initial_random")),
        candidates_(hp_int(config, "candidates")), local_starts_(hp_int(config, "local_starts")),
        local_steps_(hp_int(config, "local_steps")), xi_(hp_real(config, "xi")),
        noise_(hp_real(config, "noise")), max_history_(hp_int(config, "max_history")),
        random_every_(hp_int(config, "random_every")) {
    codec_.require_discrete("bayesian_optimization");
    if (initial_ < 1 || candidates_ < 1 || local_starts_ < 0 || local_steps_ < 0 || !(noise_ > 0) ||
        max_history_ < 2 || !(xi_ >= 0) || random_every_ < 0)
      throw invalid_argument("agents", "bayesian_optimization: need initial_random >= 1, candidates >= 1, "
                                       "local_starts >= 0, local_steps >= 0, xi >= 0, noise > 0, "
                                       "max_history >= 2, random_every >= 0");
  }

  [[nodiscard]] std::string_view name() const override { return "bayesian_optimization"; }
  [[nodiscard]] value config() const override { return config_; }

  [[nodiscard]] value propose(rng& g) override {
    ++proposals_;
    if (static_cast<std::int64_t>(xs_.size()) < initial_) return codec_.to_value(fresh_sample(g));
    if (random_every_ > 0 && proposals_ % random_every_ == 0) return codec_.to_value(fresh_sample(g));
    if (!fit()) return codec_.to_value(fresh_sample(g));  // no lengthscale gave a valid factor
    std::vector<genome> cands;
    for (std::int64_t k = 0; k < candidates_; ++k) cands.push_back(codec_.sample(g));
    // neighbourhoods of the best designs
    std::vector<std::size_t> order(xs_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return ys_[a] > ys_[b]; });
    for (std::int64_t s = 0; s < local_starts_ && s < static_cast<std::int64_t>(order.size()); ++s)
      for (auto& n : neighbours(g, xs_[order[static_cast<std::size_t>(s)]])) cands.push_back(std::move(n));
    std::vector<const genome*> fresh;
    fresh.reserve(cands.size());
    for (const auto& c : cands)
      if (!seen_.count(c)) fresh.push_back(&c);
    double best_ei = -1;
    genome best;
    {
      const std::vector<double> ei = expected_improvements(fresh);
      for (std::size_t i = 0; i < ei.size(); ++i)
        if (ei[i] > best_ei) best_ei = ei[i], best = *fresh[i];
    }
    if (best_ei < 0) return codec_.to_value(fresh_sample(g));
    for (std::int64_t step = 0; step < local_steps_; ++step) {
      std::vector<genome> ns = neighbours(g, best);
      fresh.clear();
      for (const auto& n : ns)
        if (!seen_.count(n)) fresh.push_back(&n);
      const std::vector<double> ei = expected_improvements(fresh);
      std::size_t arg = ei.size();
      for (std::size_t i = 0; i < ei.size(); ++i)
        if (ei[i] > best_ei) best_ei = ei[i], arg = i;
      if (arg == ei.size()) break;
      best = *fresh[arg];
    }
    return codec_.to_value(best);
  }

  void observe(const value& design, const evaluation& result) override {
    genome x = codec_.from_value(design);
    seen_.insert(x);
    if (result.failed) {
      failed_.push_back(std::move(x));
      return;
    }
    xs_.push_back(std::move(x));
    ys_.push_back(result.reward);
  }

 private:
  genome fresh_sample(rng& g) const {
    for (int tries = 0; tries < 100; ++tries) {
      genome x = codec_.sample(g);
      if (!seen_.count(x)) return x;
    }
    return codec_.sample(g);
  }

  /// All single-gene changes when there are at most 200, else 200 random ones.
  std::vector<genome> neighbours(rng& g, const genome& x) const {
    std::vector<genome> out;
    std::size_t total = 0;
    for (std::size_t i = 0; i < x.size(); ++i) total += static_cast<std::size_t>(codec_.choices(i) - 1);
    if (total <= 200) {
      for (std::size_t i = 0; i < x.size(); ++i)
        for (std::int64_t v = 0; v < codec_.choices(i); ++v)
          if (v != static_cast<std::int64_t>(x[i])) {
            genome n = x;
            n[i] = static_cast<double>(v);
            out.push_back(std::move(n));
          }
    } else {
      for (int k = 0; k < 200; ++k) out.push_back(codec_.mutate_one(g, x));
    }
    return out;
  }

  static constexpr std::array<double, 6> k_lengthscales{0.05, 0.1, 0.2, 0.5, 1.0, 2.0};

  static int hamming(const genome& a, const genome& b) {
    int h = 0;
    for (std::size_t i = 0; i < a.size(); ++i) h += a[i] != b[i] ? 1 : 0;
    return h;
  }

  /// Brings the factors to the current window of observations (drops the oldest by rank-one
  /// updates when the window slides, adds the newest row by row), then picks the lengthscale by
  /// marginal likelihood.
  /// False when no lengthscale has a positive-definite kernel matrix.
  bool fit() {
    const std::size_t n_all = xs_.size();
    const std::size_t first = n_all > static_cast<std::size_t>(max_history_) ? n_all - static_cast<std::size_t>(max_history_) : 0;
    const std::size_t n = n_all - first;
    const std::size_t genes = xs_.front().size();
    if (tables_[0].empty()) {
      for (std::size_t j = 0; j < k_lengthscales.size(); ++j) {
        tables_[j].resize(genes + 1);
        for (std::size_t h = 0; h <= genes; ++h)
          tables_[j][h] = std::exp(-static_cast<double>(h) / (k_lengthscales[j] * static_cast<double>(genes)));
      }
    }
    // The window slid past max_history: drop its oldest observations from the factors. Removing
    // row/column 0 of K = L L^T leaves L22 L22^T + l21 l21^T, a rank-one update of L22 (O(n^2)).
    while (first_ < first && fitted_ > 1) {
      const auto f = static_cast<Eigen::Index>(fitted_);
      for (std::size_t j = 0; j < k_lengthscales.size(); ++j) {
        if (!ok_[j]) continue;
        auto& L = factors_[j];
        Eigen::VectorXd x = L.block(1, 0, f - 1, 1);
        for (Eigen::Index c = 1; c < f; ++c)  // shift up-left; column c-1 is written after c is read
          for (Eigen::Index r = c; r < f; ++r) L(r - 1, c - 1) = L(r, c);
        if (!rank_one_update(L, f - 1, x)) ok_[j] = false;
      }
      ++first_;
      --fitted_;
    }
    if (first != first_ || n < fitted_) {  // nothing to keep: start over
      first_ = first;
      fitted_ = 0;
      ok_.fill(true);
    }
    for (auto& L : factors_)
      if (static_cast<std::size_t>(L.rows()) < n) {
        const auto cap = static_cast<Eigen::Index>(std::max(n, std::min<std::size_t>(2 * static_cast<std::size_t>(L.rows()) + 16, static_cast<std::size_t>(max_history_))));
        L.conservativeResize(cap, cap);
      }
    std::vector<int> h;
    Eigen::VectorXd k;
    for (std::size_t i = fitted_; i < n; ++i) {
      const genome& xi = xs_[first + i];
      h.resize(i);
      for (std::size_t t = 0; t < i; ++t) h[t] = hamming(xi, xs_[first + t]);
      const auto ii = static_cast<Eigen::Index>(i);
      for (std::size_t j = 0; j < k_lengthscales.size(); ++j) {
        if (!ok_[j]) continue;
        auto& L = factors_[j];
        k.resize(ii);
        for (Eigen::Index t = 0; t < ii; ++t) k(t) = tables_[j][static_cast<std::size_t>(h[static_cast<std::size_t>(t)])];
        L.topLeftCorner(ii, ii).triangularView<Eigen::Lower>().solveInPlace(k);
        const double d = tables_[j][0] + noise_ - k.squaredNorm();
        if (!(d > 0)) {
          ok_[j] = false;
          continue;
        }
        L.block(ii, 0, 1, ii) = k.transpose();
        L(ii, ii) = std::sqrt(d);
      }
    }
    fitted_ = n;
    n_ = n;
    Eigen::VectorXd y(static_cast<Eigen::Index>(n));
    for (std::size_t i = 0; i < n; ++i) y(static_cast<Eigen::Index>(i)) = ys_[first + i];
    mean_ = y.mean();
    const double var = (y.array() - mean_).square().sum() / static_cast<double>(n);
    scale_ = var > 0 ? std::sqrt(var) : 1.0;
    y = (y.array() - mean_) / scale_;
    best_y_ = y.maxCoeff();
    double best_lml = -std::numeric_limits<double>::infinity();
    const auto nn = static_cast<Eigen::Index>(n);
    for (std::size_t j = 0; j < k_lengthscales.size(); ++j) {
      if (!ok_[j]) continue;
      const auto L = factors_[j].topLeftCorner(nn, nn).triangularView<Eigen::Lower>();
      Eigen::VectorXd alpha = L.solve(y);
      L.transpose().solveInPlace(alpha);
      const double logdet = 2.0 * factors_[j].diagonal().head(nn).array().log().sum();
      const double lml = -0.5 * y.dot(alpha) - 0.5 * logdet;
      if (lml > best_lml) {
        best_lml = lml;
        chosen_ = j;
        lengthscale_ = k_lengthscales[j];
        alpha_ = std::move(alpha);
      }
    }
    return best_lml > -std::numeric_limits<double>::infinity();
  }

  /// L (the leading n x n lower triangle) becomes the Cholesky factor of L L^T + x x^T.
  static bool rank_one_update(Eigen::MatrixXd& L, Eigen::Index n, Eigen::VectorXd& x) {
    for (Eigen::Index k = 0; k < n; ++k) {
      const double lkk = L(k, k);
      const double r = std::hypot(lkk, x(k));
      if (!(r > 0) || !std::isfinite(r)) return false;
      const double c = r / lkk, sn = x(k) / lkk;
      L(k, k) = r;
      for (Eigen::Index i = k + 1; i < n; ++i) {
        L(i, k) = (L(i, k) + sn * x(i)) / c;
        x(i) = c * x(i) - sn * L(i, k);
      }
    }
    return true;
  }

  /// Expected improvement of every candidate under the fitted GP, in one batch.
  std::vector<double> expected_improvements(const std::vector<const genome*>& cands) const {
    const auto n = static_cast<Eigen::Index>(n_);
    const auto m = static_cast<Eigen::Index>(cands.size());
    std::vector<double> out(cands.size());
    if (m == 0) return out;
    const auto& table = tables_[chosen_];
    Eigen::MatrixXd ks(n, m);
    for (Eigen::Index c = 0; c < m; ++c)
      for (Eigen::Index i = 0; i < n; ++i)
        ks(i, c) = table[static_cast<std::size_t>(hamming(*cands[static_cast<std::size_t>(c)], xs_[first_ + static_cast<std::size_t>(i)]))];
    const Eigen::VectorXd mu = ks.transpose() * alpha_;
    factors_[chosen_].topLeftCorner(n, n).triangularView<Eigen::Lower>().solveInPlace(ks);
    for (Eigen::Index c = 0; c < m; ++c) {
      const double var = std::max(1e-12, 1.0 + noise_ - ks.col(c).squaredNorm());
      const double sd = std::sqrt(var);
      const double z = (mu(c) - best_y_ - xi_) / sd;
      const double pdf = std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi);
      const double cdf = 0.5 * std::erfc(-z / std::sqrt(2.0));
      out[static_cast<std::size_t>(c)] = (mu(c) - best_y_ - xi_) * cdf + sd * pdf;
    }
    return out;
  }

  design_codec codec_;
  value config_;
  std::int64_t initial_, candidates_, local_starts_, local_steps_;
  double xi_, noise_;
  std::int64_t max_history_, random_every_;
  std::int64_t proposals_ = 0;
  std::vector<genome> xs_, failed_;
  std::vector<double> ys_;
  std::set<genome> seen_;
  // fitted model: a Cholesky factor per lengthscale over observations first_ .. first_ + fitted_
  std::array<std::vector<double>, 6> tables_;  // kernel value by Hamming distance, per lengthscale
  std::array<Eigen::MatrixXd, 6> factors_;
  std::array<bool, 6> ok_{true, true, true, true, true, true};
  std::size_t first_ = 0, fitted_ = 0, n_ = 0, chosen_ = 0;
  double mean_ = 0, scale_ = 1, best_y_ = 0, lengthscale_ = 0.5;
  Eigen::VectorXd alpha_;
};

}  // namespace dsegym::agents

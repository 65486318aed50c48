#include "dsegym/sim/llmsys/benchmark.hpp"

#include <cmath>
#include <limits>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/llmsys/sampling.hpp"

namespace dsegym::sim::llmsys {

std::string_view to_string(family f) noexcept {
  switch (f) {
    case family::choice: return "choice";
    case family::code: return "code";
    case family::open: return "open";
  }
  return "choice";
}

namespace {
void check(const benchmark_params& p) {
  const auto bad = [&](const std::string& what) {
    return invalid_argument("llmsys", "benchmark \"" + p.name + "\": " + what);
  };
  if (p.questions < 1) throw bad("questions = " + std::to_string(p.questions) + " must be >= 1");
  if (!(p.alpha > 0.0) || !(p.beta > 0.0)) throw bad("alpha and beta must be > 0");
  if (!(p.unsolvable >= 0.0 && p.unsolvable < 1.0)) throw bad("unsolvable must be in [0, 1)");
  if (p.fam != family::open && (p.distractors < 1 || p.distractors > 30))
    throw bad("distractors = " + std::to_string(p.distractors) + " must be in 1..30");
  if (!(p.dirichlet_gamma > 0.0)) throw bad("dirichlet_gamma must be > 0");
  if (!(p.prompt_tokens > 0.0)) throw bad("prompt_tokens must be > 0");
  if (!(p.sigma_w > 0.0) || !(p.sigma_q >= 0.0)) throw bad("sigma_w must be > 0, sigma_q >= 0");
}
}  // namespace

benchmark::benchmark(benchmark_params params, std::uint64_t seed)
    : params_(std::move(params)), seed_(seed) {
  check(params_);
  const auto& p = params_;
  const std::uint64_t name_key = hash_name(p.name);
  questions_.resize(static_cast<std::size_t>(p.questions));
  for (std::size_t i = 0; i < questions_.size(); ++i) {
    rng g = keyed_rng({seed, name_key, hash_name("question"), i});
    question& q = questions_[i];
    const double u = beta_draw(g, p.alpha, p.beta);
    q.delta = -logit(u);  // θ_ref = 0
    if (uniform01(g) < p.unsolvable) q.delta = std::numeric_limits<double>::infinity();
    q.prompt_tokens = std::max(8.0, std::round(lognormal_mean_cv(g, p.prompt_tokens, 0.5)));
    q.mu = std::isfinite(q.delta) ? p.mu0 * sigmoid(p.c_mu - q.delta) : 0.0;
    if (p.fam != family::open) {
      q.distractor_weights.assign(static_cast<std::size_t>(p.distractors), 0.0);
      dirichlet_draw(g, p.dirichlet_gamma, q.distractor_weights);
      if (p.fam == family::code) {
        q.wrong_pass_prob.resize(q.distractor_weights.size());
        for (double& pi : q.wrong_pass_prob) pi = beta_draw(g, 2.0, 2.0);
      }
    } else {
      const double d = std::isfinite(q.delta) ? q.delta : 10.0;
      q.q_base = p.theta_base - d + p.sigma_base * standard_normal(g);
    }
  }
  rng g = keyed_rng({seed, name_key, hash_name("split")});
  std::vector<std::size_t> perm(questions_.size());
  for (std::size_t i = 0; i < perm.size(); ++i) perm[i] = i;
  shuffle(g, std::span<std::size_t>(perm));
  const std::size_t n_dev = std::max<std::size_t>(1, perm.size() / 5);
  dev_.assign(perm.begin(), perm.begin() + static_cast<std::ptrdiff_t>(n_dev));
  test_.assign(perm.begin() + static_cast<std::ptrdiff_t>(n_dev), perm.end());
  if (test_.empty()) test_ = dev_;
}

std::vector<std::size_t> benchmark::all() const {
  std::vector<std::size_t> out(questions_.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = i;
  return out;
}

const std::vector<benchmark_params>& builtin_benchmarks() {
  static const std::vector<benchmark_params> list = [] {
    std::vector<benchmark_params> v;
    benchmark_params b;
    // math: MATH-like, 500 exact-answer problems; the best open model solves ≈80 % (Fig. 4).
    b = {};
    b.model_item_sd = 1.2;
    b.name = "math", b.fam = family::choice, b.questions = 500, b.alpha = 0.4, b.beta = 0.1;
    b.distractors = 6, b.dirichlet_gamma = 0.3, b.prompt_tokens = 120, b.output_scale = 0.8;
    b.description = "MATH-like exact-answer problems (choice family)";
    v.push_back(b);
    b = {};
    b.model_item_sd = 1.2;
    b.name = "gsm8k", b.fam = family::choice, b.questions = 500, b.alpha = 0.6, b.beta = 0.08;
    b.distractors = 5, b.dirichlet_gamma = 0.4, b.prompt_tokens = 110, b.output_scale = 0.5;
    b.description = "GSM8K-like grade-school word problems (choice family)";
    v.push_back(b);
    b = {};
    b.model_item_sd = 1.2;
    b.name = "mixeval", b.fam = family::choice, b.questions = 1000, b.alpha = 0.5, b.beta = 0.08;
    b.distractors = 3, b.dirichlet_gamma = 1.0, b.prompt_tokens = 140, b.output_scale = 0.4;
    b.description = "MixEval-like mixed free-form and multiple-choice questions (choice family)";
    v.push_back(b);
    b = {};
    b.model_item_sd = 1.2;
    b.name = "mixeval_hard", b.fam = family::choice, b.questions = 500, b.alpha = 0.5, b.beta = 0.35;
    b.distractors = 3, b.dirichlet_gamma = 0.7, b.prompt_tokens = 160, b.output_scale = 0.5;
    b.description = "MixEval-Hard-like questions (choice family)";
    v.push_back(b);
    b = {};
    b.name = "code_contests", b.fam = family::code, b.questions = 140, b.alpha = 0.35, b.beta = 0.6;
    b.unsolvable = 0.25, b.distractors = 8, b.dirichlet_gamma = 0.5, b.prompt_tokens = 600;
    b.output_scale = 1.2, b.mu0 = 1.0, b.delta_ut = 0.6;
    b.description = "CodeContests-like problems with hidden tests, Pass@1 (code family)";
    v.push_back(b);
    b = {};
    b.name = "arena_hard", b.fam = family::open, b.questions = 500, b.alpha = 0.5, b.beta = 0.5;
    b.prompt_tokens = 100, b.theta_base = 0.12;
    b.description = "Arena-Hard-like judged prompts, win rate vs a fixed baseline (open family)";
    v.push_back(b);
    b = {};
    b.name = "mt_bench", b.fam = family::open, b.questions = 80, b.alpha = 0.5, b.beta = 0.5;
    b.prompt_tokens = 90, b.theta_base = -0.15;
    b.description = "MT-Bench-like 80 judged prompts, win rate vs a fixed baseline (open family)";
    v.push_back(b);
    b = {};
    b.name = "alpaca_eval", b.fam = family::open, b.questions = 805, b.alpha = 0.5, b.beta = 0.5;
    b.prompt_tokens = 60, b.theta_base = 0.15;
    b.description = "AlpacaEval-like instructions, win rate vs a fixed baseline (open family)";
    v.push_back(b);
    return v;
  }();
  return list;
}

std::string benchmark_names() {
  std::string s;
  for (const auto& b : builtin_benchmarks()) s += (s.empty() ? "" : ", ") + b.name;
  return s;
}

const benchmark_params& find_benchmark(std::string_view name) {
  for (const auto& b : builtin_benchmarks())
    if (b.name == name) return b;
  throw invalid_argument("llmsys", "unknown benchmark \"" + std::string(name) +
                                       "\"; valid: " + benchmark_names());
}

}  // namespace dsegym::sim::llmsys

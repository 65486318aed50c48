#pragma once
// Benchmarks as seeded populations of questions (spec §9 "Items").
//
// Each question i has a latent difficulty δ_i = θ_ref − logit(u_i), u_i ~ Beta(α, β) with α < 1,
// so a model of ability θ answers it correctly with p_i = σ(θ − δ_i) at effective temperature 1:
// the reference model's p_i is Beta(α, β) itself, whose p^(α−1) tail near 0 gives the coverage
// law c(k) ≈ exp(−a·k^(−α)) of repeated sampling. A fraction ν is unsolvable (p_i = 0).
// `choice` and `code` questions have one correct answer (index 0) and K wrong answers (1..K)
// whose attractiveness w_i ~ Dirichlet(γ) is shared by all models (correlated errors); for `code`
// the answers are programs and wrong program j passes a valid hidden test with probability
// π_ij ~ Beta(2, 2). `open` questions are judged text: a candidate's quality is compared with a
// fixed baseline answer of quality q_base,i.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dsegym::sim::llmsys {

/// Answer-space family (spec §9): exact answer, program with hidden tests, or judged text.
enum class family { choice, code, open };

[[nodiscard]] std::string_view to_string(family f) noexcept;

/// Generator parameters of a benchmark. Every field is a tunable default of the spec's
/// calibration; the built-ins are in builtin_benchmarks().
struct benchmark_params {
  std::string name;
  family fam = family::choice;
  std::string description;
  int questions = 500;        ///< population size
  double alpha = 0.4;         ///< Beta α of the reference model's p_i: the coverage exponent b
  double beta = 0.1;          ///< Beta β: sets the reference model's mean accuracy α/(α+β)
  double unsolvable = 0.0;    ///< ν, fraction of questions no model can answer
  int distractors = 4;        ///< K wrong answers (choice/code); at most 30
  double dirichlet_gamma = 0.5;  ///< γ of the shared distractor weights (small = one attractive wrong answer)
  double prompt_tokens = 150;    ///< mean prompt length P (LogNormal, cv 0.5)
  double output_scale = 1.0;     ///< multiplies each model's mean output length L_m
  double mu0 = 1.5;              ///< plausibility separation μ_0 (choice/code)
  double c_mu = 1.0;             ///< μ_i = μ_0·σ(c_μ − δ_i): judges separate right from wrong less on hard items
  double delta_ut = 0.6;         ///< Δ_UT: logit bonus of a generator that sees unit tests (code)
  /// sd of a model's own per-question ability shift η_mi ~ N(0, sd²): repeated samples of one
  /// model share it, different models do not, so ensembles are more diverse than resampling.
  double model_item_sd = 0.8;
  // open family
  double sigma_q = 0.6;      ///< σ_q, per-sample quality noise
  double sigma_w = 1.0;      ///< σ_W, win-probability scale vs the baseline
  double theta_base = 0.1;   ///< ability of the fixed baseline answer (relative to θ_ref = 0)
  double sigma_base = 0.3;   ///< per-question noise of the baseline answer's quality
};

/// One simulated question.
struct question {
  double delta = 0.0;       ///< difficulty δ_i (+inf when unsolvable)
  double prompt_tokens = 0; ///< P for this question
  double mu = 0.0;          ///< plausibility separation μ_i (choice/code)
  double q_base = 0.0;      ///< baseline quality (open)
  std::vector<double> distractor_weights;  ///< w_i, K entries summing to 1 (choice/code)
  std::vector<double> wrong_pass_prob;     ///< π_ij: P(valid test passes wrong program j) (code)
};

/// A drawn population plus its 20 % dev / 80 % test split (a seeded permutation).
class benchmark {
 public:
  benchmark(benchmark_params params, std::uint64_t seed);

  [[nodiscard]] const benchmark_params& params() const noexcept { return params_; }
  [[nodiscard]] std::uint64_t seed() const noexcept { return seed_; }
  [[nodiscard]] family fam() const noexcept { return params_.fam; }
  [[nodiscard]] std::size_t size() const noexcept { return questions_.size(); }
  [[nodiscard]] const question& at(std::size_t i) const { return questions_.at(i); }
  [[nodiscard]] const std::vector<question>& questions() const noexcept { return questions_; }
  /// Question indices of the dev split (20 %, at least 1) and of the test split (the rest).
  [[nodiscard]] const std::vector<std::size_t>& dev() const noexcept { return dev_; }
  [[nodiscard]] const std::vector<std::size_t>& test() const noexcept { return test_; }
  [[nodiscard]] std::vector<std::size_t> all() const;

 private:
  benchmark_params params_;
  std::uint64_t seed_;
  std::vector<question> questions_;
  std::vector<std::size_t> dev_, test_;
};

/// The built-in benchmarks, modelled on the spec's §5 suites: math (MATH-like), gsm8k, mixeval,
/// mixeval_hard (choice); code_contests (code); arena_hard, mt_bench, alpaca_eval (open).
[[nodiscard]] const std::vector<benchmark_params>& builtin_benchmarks();
/// Looks up a built-in by name; unknown names throw invalid_argument listing the valid ones.
[[nodiscard]] const benchmark_params& find_benchmark(std::string_view name);
[[nodiscard]] std::string benchmark_names();

}  // namespace dsegym::sim::llmsys

#pragma once
// The mechanistic simulator (spec §9): runs an architecture on simulated questions, component by
// component on simulated candidates, and accounts calls, tokens and — through the roofline cost
// model (§10) — latency, GPU-seconds, energy, FLOPs and dollars.
//
// Randomness is counter-based: every draw comes from a stream keyed by (seed, question, model,
// role, layer, sample), so configurations that share a generator layer see identical samples
// (common random numbers) and the same (benchmark, seed, architecture) gives bit-identical results.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "dsegym/sim/llmsys/architecture.hpp"
#include "dsegym/sim/llmsys/benchmark.hpp"
#include "dsegym/sim/llmsys/cost_model.hpp"
#include "dsegym/sim/llmsys/model.hpp"

namespace dsegym::sim::llmsys {

/// Several survivors after the last layer: a seeded random one (the repository) or the first (the paper).
enum class final_select { random, first };
/// Dollar cost: API token prices of the models, or GPU-hours of self-hosting at a rate.
enum class pricing { api, gpu_hours };

struct simulator_options {
  final_select select = final_select::random;
  pricing price = pricing::api;
  double gpu_hour_usd = 2.5;        ///< self-hosting rate per GPU-hour (pricing::gpu_hours)
  std::string gpu = "H100-SXM";     ///< GPU of the cost model
  roofline_options roofline;
  bool sequential_layers = false;   ///< a layer's latency is the sum of its calls (repository) rather than the max (paper)
  double instruction_tokens = 100;  ///< O, instruction overhead of every call
  // Mechanism constants of spec §9 (tunable defaults).
  double position_bias = 0.15;      ///< b_pos: first-listed candidate bonus, in units of σ_J
  double open_plausibility_noise = 0.5;  ///< sd of ε in z = q + ε (open)
  double fusion_crowding = 0.01;    ///< λ_n: open-fuser loss per input beyond n_0
  int fusion_crowding_start = 10;   ///< n_0
  double fusion_cliff = 0.5;        ///< loss when a fuser reads more than 32 candidates (open)
  double critique_bonus = 0.75;     ///< β_C per unit κ of the critic (open fuser)
  double ut_parse_failure = 0.05;   ///< probability a unit-test generation fails to parse (retried, ≤10)
};

/// Averages over the evaluated questions (per question), plus totals.
struct evaluation {
  std::size_t questions = 0;
  double accuracy = 0;       ///< mean score: correct (choice/code) or win probability (open), in [0, 1]
  double oracle = 0;         ///< mean of the best score among the final survivors (oracle selection)
  double calls = 0;          ///< LLM calls per question
  double input_tokens = 0;   ///< per question
  double output_tokens = 0;  ///< per question
  double latency_s = 0;      ///< end-to-end latency per question
  double gpu_seconds = 0;
  double energy_j = 0;
  double flops = 0;
  double usd = 0;            ///< dollars per question
  double total_usd = 0;      ///< dollars for all evaluated questions
  int max_candidates = 0;    ///< largest candidate list entering a layer
  std::size_t wide_layers = 0;        ///< layers entered with more than 32 candidates (context-risk warnings)
  std::size_t context_overflows = 0;  ///< calls whose simulated input exceeded the model's window
  std::vector<double> scores;         ///< per question, in the order given
};

/// Per-question accounting (exposed for tests).
struct question_trace {
  double score = 0;
  double oracle = 0;  ///< best score among the final survivors
  double calls = 0, input_tokens = 0, output_tokens = 0, latency_s = 0, gpu_seconds = 0, energy_j = 0,
         flops = 0, usd = 0;
  std::size_t final_candidates = 0;  ///< survivors after the last layer
  bool any_correct_final = false;    ///< some survivor is correct (choice/code)
  int max_candidates = 0;
  std::size_t wide_layers = 0, context_overflows = 0;
};

class stack_session;

class simulator {
 public:
  simulator(std::shared_ptr<const benchmark> bench, catalogue models, simulator_options options = {});

  [[nodiscard]] const benchmark& bench() const noexcept { return *bench_; }
  [[nodiscard]] const catalogue& models() const noexcept { return models_; }
  [[nodiscard]] const simulator_options& options() const noexcept { return opt_; }
  [[nodiscard]] const inference_cost_model& cost_model() const noexcept { return cost_; }

  /// Layer rules (check_layer_rules), models present in the catalogue, and the context windows
  /// against the expected input of every call (mean prompt and output lengths). Throws
  /// invalid_argument naming the layer, component and limit.
  void validate(const architecture& a) const;

  /// Runs `a` on the given questions. Validates first.
  [[nodiscard]] evaluation evaluate(const architecture& a, std::span<const std::size_t> questions,
                                    std::uint64_t seed) const;
  [[nodiscard]] evaluation evaluate_dev(const architecture& a, std::uint64_t seed) const {
    return evaluate(a, bench_->dev(), seed);
  }
  [[nodiscard]] evaluation evaluate_test(const architecture& a, std::uint64_t seed) const {
    return evaluate(a, bench_->test(), seed);
  }
  /// One question without validation (the caller validated).
  [[nodiscard]] question_trace run_question(const architecture& a, std::size_t question, std::uint64_t seed) const;

  // ----- item-response primitives (calibration) -----
  /// P(correct) of one sample of `model` (catalogue index) at `temperature` (choice/code).
  [[nodiscard]] double p_correct(std::size_t model, std::size_t question, double temperature,
                                 bool saw_tests = false) const;
  /// Answer of sample `index` (0 = correct, 1..K wrong) of `model` (choice/code); common random numbers.
  [[nodiscard]] int sample_answer(std::size_t model, std::size_t question, double temperature,
                                  std::uint64_t seed, std::uint64_t index) const;
  /// The answer the mode of `model`'s distribution gives (majority vote with infinitely many samples).
  [[nodiscard]] int modal_answer(std::size_t model, std::size_t question, double temperature) const;

  // Implementation details (defined in simulator.cpp).
  struct candidate;
  struct state;

 private:
  friend class stack_session;
  void run_layer(const layer& ly, std::size_t l, std::size_t question, std::uint64_t seed, state& cur,
                 question_trace& tr) const;
  void finish(const state& cur, std::size_t question, std::uint64_t seed, question_trace& tr) const;
  void answer_probs(std::size_t model, std::size_t question, double temperature, bool saw_tests,
                    std::vector<double>& out) const;

  std::shared_ptr<const benchmark> bench_;
  catalogue models_;
  simulator_options opt_;
  inference_cost_model cost_;
  std::vector<std::uint64_t> model_keys_;
  /// η_mi, the model's own ability shift on question i, [model][question]
  std::vector<std::vector<double>> item_shift_;
  /// log((1−ρ_m)·w_ij + ρ_m·w'_mij), [model][question][j]
  std::vector<std::vector<std::vector<double>>> log_mix_;
};

/// Incremental evaluation of a stack that grows a few layers at a time on fixed questions (the
/// sequential env): push() runs only the new layers on the kept per-question states, with the same
/// random streams, so its results are bit-identical to simulator::evaluate of the whole stack.
class stack_session {
 public:
  stack_session(const simulator& sim, std::vector<std::size_t> questions, std::uint64_t seed);
  ~stack_session();
  stack_session(stack_session&&) noexcept;
  stack_session& operator=(stack_session&&) noexcept;

  /// Appends `layers` and evaluates the whole stack. The grown stack is validated first
  /// (simulator::validate); on an error nothing changes.
  [[nodiscard]] evaluation push(const std::vector<layer>& layers);
  [[nodiscard]] const architecture& stack() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace dsegym::sim::llmsys

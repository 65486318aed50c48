#pragma once
// llm/InferenceStack-v0: Archon-style search over stacks of inference-time techniques (sampling,
// ensembling, critique, ranking, fusion, verification, unit tests) on the llmsys simulator
// (spec llm-inference-stacking.md). Every evaluation runs the stack on the benchmark's 20 % dev
// split; the 80 % test split is only available through report() for the last episode's stack.
//
// Two episode shapes (kwarg `mode`):
// - sequential (default): each step appends a layer, Discrete(50), at most 6 steps. Step 0 picks
//   the generator layer: action a → the (a / 5 + 1) best models (capped at the catalogue size),
//   (a % 5 + 1) samples each, temperature 0.7. Later steps pick from a menu:
//     0–4 stop · 5–14 fuser layer of 1–10 fusers · 15–24 critic + 1–10 fusers · 25–29 ranker
//     top_k 1–5 · 30–34 critic + ranker top_k 1–5 (with critiques) · 35–39 verifier using the
//     model of rank 1–5 · 40–44 unit tests (cap 1, 3, 5, 10, 20) kept by top_k 1 · 45–49 unit
//     tests (same caps) kept by first pass.
//   Every action is legal at every step (critics come bundled with the layer they feed, unit-test
//   generators with their evaluator), so the layer rules R1–R6 always hold. After each step the
//   stack is evaluated (running metrics in the observation); reward = score_t − score_{t−1}, so the
//   episode's return is the final stack's score. info.cost is the dollar cost of the layers added.
// - one_shot: one action = MultiDiscrete [n_models, samples, fusion layers, fusers per layer,
//   critic/ranker before each fusion layer, evaluation layer, temperature] over the spec's §4 space;
//   info.cost is the dollar cost of running the stack on the dev split.
// Score (the reward): dev accuracy in [0, 1]; −1 for invalid stacks (context overflow, reported in
// info.extra) and for over-budget stacks (max_calls / max_usd per question; sequential episodes
// are then truncated); with objective accuracy_latency / accuracy_cost, accuracy − 1 when the
// latency / cost limit per question is exceeded.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsegym/core/environment.hpp"
#include "dsegym/sim/llmsys/simulator.hpp"
#include "dsegym/spaces/box.hpp"
#include "dsegym/spaces/discrete.hpp"
#include "dsegym/spaces/multi_discrete.hpp"

namespace dsegym {
class registry;
}

namespace dsegym::envs::llm {

struct inference_stack_options {
  std::string benchmark = "arena_hard";  ///< a built-in llmsys benchmark
  std::string catalogue = "open70b";   ///< open70b, open8b, closed or all
  std::int64_t questions = 0;          ///< population size (0 = the benchmark's own)
  std::int64_t benchmark_seed = 0;     ///< seed of the question population and split
  std::int64_t max_calls = 0;          ///< budget: LLM calls per question (0 = none)
  double max_usd = 0;                  ///< budget: dollars per question (0 = none)
  std::string objective = "accuracy";  ///< accuracy, accuracy_latency or accuracy_cost
  double latency_limit_s = 60;         ///< latency limit per question (accuracy_latency)
  double cost_limit_usd = 0.05;        ///< dollar limit per question (accuracy_cost)
  std::string gpu = "H100-SXM";        ///< GPU of the roofline cost model
  std::string pricing = "api";         ///< api (token prices) or gpu_hours (self-hosted, $2.5/GPU-h)
};

/// What one stack scored: the reward, the info (metrics, cost, extra) and the running metrics.
struct stack_outcome {
  double score = 0;
  step_info info;
  std::vector<double> running;  ///< accuracy, calls, input ktok, output ktok, latency s, $ per question, within budget
  bool valid = true;
  bool within_budget = true;
};

/// Shared by both shapes: builds the simulator, evaluates stacks on the dev split, reports test.
class stack_evaluator {
 public:
  stack_evaluator(const inference_stack_options& o, episode_shape shape);

  /// Evaluates `a` on the dev split. With a session holding a.layers[0, from), only the layers
  /// from `from` on are run (bit-identical results, less work).
  [[nodiscard]] stack_outcome evaluate(const sim::llmsys::architecture& a, std::uint64_t seed,
                                       sim::llmsys::stack_session* session = nullptr, std::size_t from = 0);
  [[nodiscard]] std::vector<metric> report() const;
  [[nodiscard]] const env_spec& spec() const noexcept { return spec_; }
  [[nodiscard]] const sim::llmsys::simulator& simulator() const noexcept { return *sim_; }
  /// Catalogue indices best to worst on the benchmark's family.
  [[nodiscard]] const std::vector<std::size_t>& ranking() const noexcept { return ranking_; }
  [[nodiscard]] static std::size_t running_size() noexcept { return 7; }

 private:
  inference_stack_options opt_;
  std::unique_ptr<sim::llmsys::simulator> sim_;
  std::vector<std::size_t> ranking_;
  env_spec spec_;
  struct last_t {
    sim::llmsys::architecture arch;
    std::uint64_t seed = 0;
    bool feasible = false;
  };
  std::optional<last_t> last_;
};

class inference_stack_one_shot {
 public:
  using observation_type = xt::xarray<double>;
  using action_type = std::vector<std::int64_t>;

  explicit inference_stack_one_shot(const inference_stack_options& o = {});
  [[nodiscard]] const box& observation_space() const noexcept { return obs_space_; }
  [[nodiscard]] const multi_discrete& action_space() const noexcept { return act_space_; }
  [[nodiscard]] const env_spec& spec() const noexcept { return eval_.spec(); }
  reset_result<observation_type> reset(std::optional<std::uint64_t> seed = std::nullopt);
  step_result<observation_type> step(const action_type& a);
  [[nodiscard]] std::vector<metric> report() const { return eval_.report(); }
  /// The stack an action describes (exposed for tests and tools).
  [[nodiscard]] sim::llmsys::architecture decode(const action_type& a) const;

 private:
  stack_evaluator eval_;
  box obs_space_;
  multi_discrete act_space_;
  std::uint64_t seed_ = 0;
};

class inference_stack_sequential {
 public:
  using observation_type = xt::xarray<double>;
  using action_type = std::int64_t;
  static constexpr std::int64_t actions = 50;
  static constexpr int max_steps = 6;

  explicit inference_stack_sequential(const inference_stack_options& o = {});
  [[nodiscard]] const box& observation_space() const noexcept { return obs_space_; }
  [[nodiscard]] const discrete& action_space() const noexcept { return act_space_; }
  [[nodiscard]] const env_spec& spec() const noexcept { return eval_.spec(); }
  reset_result<observation_type> reset(std::optional<std::uint64_t> seed = std::nullopt);
  step_result<observation_type> step(action_type a);
  [[nodiscard]] std::vector<metric> report() const { return eval_.report(); }
  /// The stack built so far.
  [[nodiscard]] const sim::llmsys::architecture& stack() const noexcept { return stack_; }

 private:
  [[nodiscard]] observation_type observe() const;
  stack_evaluator eval_;
  box obs_space_;
  discrete act_space_;
  std::uint64_t seed_ = 0;
  sim::llmsys::architecture stack_;
  std::vector<std::int64_t> codes_;
  std::vector<double> running_;
  step_info last_info_;  ///< info of the last evaluation (a "stop" step repeats it)
  std::optional<sim::llmsys::stack_session> session_;  ///< per-question states of the stack so far
  double score_ = 0, usd_ = 0;
  bool done_ = false;
};

static_assert(reporting_environment<inference_stack_one_shot>);
static_assert(reporting_environment<inference_stack_sequential>);

/// Registers llm/InferenceStack-v0.
void register_llm_envs(registry& r);

}  // namespace dsegym::envs::llm

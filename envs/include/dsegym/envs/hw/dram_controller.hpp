#pragma once
// hw/DRAMController-v1 and hw/DRAMController-MA-v1: memory-controller design-space exploration in
// the style of ArchGym's DRAMGym (spec: ../shared/specs/dram-controller.md §6-§7), on the
// project's own cycle-exact DRAM simulator (dsegym::sim::dram). No external data is needed: the
// default workload is generated; the shared .stl traces are read when the kwarg `trace` names one.
//
// Design = the 10 controller knobs of spec §6.1, one index each (MultiDiscrete [4,3,3,8,2,2,4,4,3,8],
// 442,368 designs):
//   0 PagePolicy             Open, OpenAdaptive, Closed, ClosedAdaptive
//   1 Scheduler              Fifo, FrFcfsGrp, FrFcfs
//   2 SchedulerBuffer        Bankwise, ReadWrite, Shared
//   3 RequestBufferSize      1, 2, 4, 8, 16, 32, 64, 128
//   4 RespQueue              Fifo, Reorder
//   5 RefreshPolicy          NoRefresh, AllBank
//   6 RefreshMaxPostponed    1, 2, 4, 8             (effective only with AllBank)
//   7 RefreshMaxPulledin     1, 2, 4, 8             (effective only with AllBank)
//   8 Arbiter                Simple, Fifo, Reorder
//   9 MaxActiveTransactions  1, 2, 4, 8, 16, 32, 64, 128   (ignored by the Simple arbiter)
//
// kwarg encoding = archgym: the reference's integer ranges instead (MultiDiscrete
// [4,3,3,8,2,2,8,8,3,128]: RequestBufferSize, RefreshMaxPostponed, RefreshMaxPulledin 1..8,
// MaxActiveTransactions 1..128, index = value - 1). The reset info lists knob_names and, per knob,
// the labels of its values (knob_choices).
//
// One step = one simulation of the whole trace (one-shot, episode length 1). Deterministic: the
// workload is fixed by the kwargs (reset seeds do not change it), so the same design always gives
// bit-identical results.
//
// Observation (Box float64, shape [5], SI units, zeros after reset):
//   [energy_J, avg_power_W, total_time_s, mean_service_latency_s, p99_service_latency_s]
// Every time is in seconds, always: the reference's ×1000 unit bug (it parsed the printed
// simulation time, in ns or ps depending on the value) cannot occur because the simulator's
// double total_time_ns is converted, never text.
//
// Rewards (kwarg `reward`, maximised). base = the all-index-0 design simulated on the same trace
// when the env is made; targets P_t = target_power_W, L_t = target_latency_s:
//   weighted_sum (default)  -(w_E·E/E_base + w_T·T/T_base + w_L·p99/p99_base) / (w_E + w_T + w_L)
//   edp                     -(E·T) / (E_base·T_base)
//   budget                  -Σ_m max(0, (x_m − t_m) / t_m)      (0 when every target is met)
//   log_ratio               -Σ_m ln(x_m / t_m)
//   target_ratio            min(1000, Π_m s_m·t_m / |x_m − t_m|) (the reference's reward)
// where m ranges over kwarg `objective`: latency (x = total_time_s, the reference's "latency"),
// power (x = avg_power_W) or both; s_m = 1, or 1/20 (latency) and 1/350 (power) with
// ratio_scaling. info.metrics: every metric of spec §2.9 with unit and direction; info.cost = the
// number of requests simulated (deterministic simulated work, cost unit "simulated requests").
//
// Multi-agent variant (spec §7, PettingZoo Parallel API shape): dram_controller_parallel has one
// agent per knob (Discrete n_k, agent named after the knob) or one per sub-system
// (MultiDiscrete: page_refresh = knobs 0,5,6,7; scheduler = 1,2,3,4; front_end = 8,9), a shared
// observation (the vector above) and a shared reward. It is registered as the single env
// dram_controller_ma: action = Dict {agent: that agent's action} in possible_agents() order,
// observation = Dict {agent: the shared observation}, reward = the shared reward, terminated =
// every agent terminated, info = the shared info with info.extra.agent_rewards {agent: reward}.

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dsegym/core/environment.hpp"
#include "dsegym/sim/dram/simulation_config.hpp"
#include "dsegym/sim/dram/trace.hpp"
#include "dsegym/spaces/any_space.hpp"

namespace dsegym {
class registry;
}

namespace dsegym::envs::hw {

/// Number of choices of each knob, in action order (spec §6.1): the canonical encoding.
inline constexpr std::array<std::int64_t, 10> dram_knob_sizes = {4, 3, 3, 8, 2, 2, 4, 4, 3, 8};

/// Knob encodings (kwarg `encoding`). canonical: spec §6.1, counts are powers of two (442,368
/// designs). archgym: the reference's integer ranges (its Bayesian-optimisation space:
/// RequestBufferSize 1..8, RefreshMaxPostponed 1..8, RefreshMaxPulledin 1..8,
/// MaxActiveTransactions 1..128; 28,311,552 designs), index i = value i + 1, so every DRAMSys
/// value in those ranges is reachable (e.g. run A's MaxActiveTransactions 103).
enum class dram_encoding { canonical, archgym };
inline constexpr std::array<std::int64_t, 10> dram_archgym_knob_sizes = {4, 3, 3, 8, 2, 2, 8, 8, 3, 128};
[[nodiscard]] constexpr const std::array<std::int64_t, 10>& dram_knob_sizes_of(dram_encoding e) noexcept {
  return e == dram_encoding::archgym ? dram_archgym_knob_sizes : dram_knob_sizes;
}

/// snake_case knob names in action order (also the agent names of the per-knob grouping).
[[nodiscard]] std::span<const std::string_view> dram_knob_names() noexcept;

/// Names of the observation entries, in order.
inline constexpr std::array<std::string_view, 5> dram_observation_names = {
    "energy_J", "avg_power_W", "total_time_s", "mean_service_latency_s", "p99_service_latency_s"};

/// Requests of a generated trace when trace_requests = 0 (one evaluation: a few ms).
inline constexpr std::int64_t dram_default_generated_requests = 5000;

/// The controller design of a 10-index action. @throws invalid_action naming the bad knob.
[[nodiscard]] sim::dram::controller_config dram_design(std::span<const std::int64_t> knobs,
                                                      dram_encoding encoding = dram_encoding::canonical);

/// The design as {DRAMSys knob name: value}, e.g. {"PagePolicy": "Open", ..., "MaxActiveTransactions": 8}.
[[nodiscard]] value dram_design_value(std::span<const std::int64_t> knobs,
                                     dram_encoding encoding = dram_encoding::canonical);

/// Per knob, the labels of its choices in index order (what a design value shows), e.g.
/// {"Open", "OpenAdaptive", ...} or {"1", "2", "4", ...}.
[[nodiscard]] value dram_knob_choices(dram_encoding encoding = dram_encoding::canonical);

/// Constructor options = the kwargs of both env ids (see their kwarg descriptions).
struct dram_env_options {
  /// Generated pattern (gen:stream, gen:random, gen:strided, gen:hot_spot, gen:phase_mix; the bare
  /// names strided, hot_spot, phase_mix are aliases, bare stream/random are rejected as ambiguous
  /// with the files) or a .stl file: a name under <data root>/dram-traces, or an absolute path.
  std::string trace = "gen:phase_mix";
  std::int64_t trace_requests = 0;  ///< 0: 5,000 generated / the whole file; N: N / the first N
  std::int64_t trace_seed = 0;      ///< generated traces only
  double read_fraction = 1.0;       ///< generated traces only
  double trace_time_scale = 1.0;    ///< multiplies every trace cycle (> 1 = lighter load)
  std::string memory = "DDR3-1600";  ///< DDR3-1600 or DDR4-2400
  std::string mapping = "reference";  ///< reference (DDR3 RBC, DDR4 BRC), rbc or brc
  std::string reward = "weighted_sum";  ///< weighted_sum, edp, budget, log_ratio, target_ratio
  std::string objective = "both";       ///< latency, power or both (target-based rewards)
  double target_power_W = 1.0;          ///< reference target P_t
  double target_latency_s = 0.1;        ///< reference target L_t (on the makespan)
  bool ratio_scaling = false;           ///< target_ratio: latency term /20, power term /350
  double weight_energy = 1.0;           ///< weighted_sum weights
  double weight_time = 1.0;
  double weight_p99_latency = 0.0;
  std::string data_dir;  ///< data root ("" = DSEGYM_DATA_DIR), for .stl names only
  std::string encoding = "canonical";    ///< knob encoding: canonical or archgym
  std::string trace_backward_time = "reject";  ///< .stl cycles going backwards: reject or clamp
};

/// The quantities the rewards use.
struct dram_outcome {
  double energy_J = 0.0;
  double total_time_s = 0.0;
  double avg_power_W = 0.0;
  double p99_service_latency_s = 0.0;
};

/// The reward of outcome `x` under `o` (formulas in the file comment); `base` is the all-index-0
/// design's outcome. Always finite for positive outcomes and targets.
[[nodiscard]] double dram_reward(const dram_env_options& o, const dram_outcome& x,
                                 const dram_outcome& base);

/// Workload, simulator setup and the baseline: shared by every env shape.
class dram_evaluator {
 public:
  struct result {
    xt::xarray<double> observation;
    double reward = 0.0;
    step_info info;
  };

  /// Loads or generates the trace and simulates the baseline design.
  /// @throws invalid_argument for bad options (naming the kwarg and valid choices),
  ///         data_error when a named .stl trace is missing or malformed.
  explicit dram_evaluator(const dram_env_options& options);

  /// Simulates one design (10 knob indices, already validated).
  [[nodiscard]] result evaluate(std::span<const std::int64_t> knobs) const;

  [[nodiscard]] const dram_env_options& options() const noexcept { return o_; }
  [[nodiscard]] const sim::dram::trace& trace() const noexcept { return *trace_; }
  [[nodiscard]] const sim::dram::simulation_config& base_config() const noexcept { return cfg_; }
  [[nodiscard]] const dram_outcome& baseline() const noexcept { return baseline_; }
  [[nodiscard]] dram_encoding encoding() const noexcept { return enc_; }
  /// Spec fields common to both ids: metrics, reward text, cost unit, shape, data.
  void fill_spec(env_spec& spec) const;

 private:
  dram_env_options o_;
  std::shared_ptr<const sim::dram::trace> trace_;
  std::string trace_path_;  ///< the .stl read, if any
  sim::dram::simulation_config cfg_;
  dram_outcome baseline_;
  dram_encoding enc_ = dram_encoding::canonical;
};

/// hw/DRAMController-v1: one action = the 10 knob indices, one step per episode.
class dram_controller_env {
 public:
  using observation_type = xt::xarray<double>;
  using action_type = std::vector<std::int64_t>;

  explicit dram_controller_env(const dram_env_options& options = {});

  [[nodiscard]] const box& observation_space() const noexcept { return obs_space_; }
  [[nodiscard]] const multi_discrete& action_space() const noexcept { return act_space_; }
  [[nodiscard]] const env_spec& spec() const noexcept { return spec_; }
  /// Zeros; the seed is accepted and has no effect (the workload is fixed by the kwargs).
  reset_result<observation_type> reset(std::optional<std::uint64_t> seed = std::nullopt);
  /// Simulates the design. @throws invalid_action when `knobs` is not in action_space().
  step_result<observation_type> step(const action_type& knobs);
  [[nodiscard]] const dram_evaluator& evaluator() const noexcept { return eval_; }

 private:
  dram_evaluator eval_;
  box obs_space_;
  multi_discrete act_space_;
  env_spec spec_;
};

static_assert(environment<dram_controller_env>);

/// How the knobs are split among agents.
enum class dram_grouping {
  per_knob,       ///< 10 agents, agent k owns knob k (Discrete n_k)
  per_subsystem,  ///< page_refresh {0,5,6,7}, scheduler {1,2,3,4}, front_end {8,9} (MultiDiscrete)
};

/// "per_knob" / "per_subsystem".
[[nodiscard]] std::string_view to_string(dram_grouping g) noexcept;

/// hw/DRAMController-MA-v1 with the PettingZoo Parallel API shape: all agents act at once, one
/// joint action = one simulation; every agent gets the same observation and reward (fully
/// cooperative); episode length 1.
///
/// Contract: reset() makes agents() = possible_agents(); step() needs an action for every live
/// agent (and no others), validated before anything changes, and ends the episode for all
/// (terminations all true, agents() empty afterwards); step() with no live agents throws
/// reset_needed.
class dram_controller_parallel {
 public:
  using observation_type = xt::xarray<double>;
  /// One agent's action: an integer (Discrete) or a list of integers (MultiDiscrete).
  using action_type = value;
  template <class T>
  using agent_map = std::map<std::string, T, std::less<>>;

  struct reset_return {
    agent_map<observation_type> observations;
    agent_map<step_info> infos;
  };
  struct step_return {
    agent_map<observation_type> observations;
    agent_map<double> rewards;
    agent_map<bool> terminations;
    agent_map<bool> truncations;
    agent_map<step_info> infos;
  };

  explicit dram_controller_parallel(const dram_env_options& options = {},
                                    dram_grouping grouping = dram_grouping::per_knob);

  [[nodiscard]] const std::vector<std::string>& possible_agents() const noexcept { return possible_; }
  /// The live agents: all after reset(), none after the (single) step.
  [[nodiscard]] const std::vector<std::string>& agents() const noexcept { return live_; }
  /// @throws invalid_argument naming the unknown agent and the valid ones.
  [[nodiscard]] const box& observation_space(std::string_view agent) const;
  [[nodiscard]] const any_space& action_space(std::string_view agent) const;
  /// Knob indices (action order) an agent owns.
  [[nodiscard]] const std::vector<std::size_t>& knobs_of(std::string_view agent) const;
  [[nodiscard]] dram_grouping grouping() const noexcept { return grouping_; }
  [[nodiscard]] const env_spec& spec() const noexcept { return spec_; }

  reset_return reset(std::optional<std::uint64_t> seed = std::nullopt);
  /// @throws invalid_action (missing, unknown or out-of-space agent action; nothing changes),
  ///         reset_needed when no agent is live.
  step_return step(const agent_map<action_type>& actions);
  /// The global state: the shared observation of the last step (zeros after reset).
  [[nodiscard]] const observation_type& state() const noexcept { return state_; }

  /// Joint action -> the 10 knob indices. @throws invalid_action as step().
  [[nodiscard]] std::vector<std::int64_t> joint_knobs(const agent_map<action_type>& actions) const;
  /// The 10 knob indices -> per-agent actions.
  [[nodiscard]] agent_map<action_type> split(std::span<const std::int64_t> knobs) const;
  [[nodiscard]] const dram_evaluator& evaluator() const noexcept { return eval_; }

 private:
  std::size_t agent_index(std::string_view agent) const;

  dram_evaluator eval_;
  dram_grouping grouping_;
  std::vector<std::string> possible_;
  std::vector<std::string> live_;
  std::vector<std::vector<std::size_t>> knobs_;
  std::vector<any_space> act_spaces_;
  box obs_space_;
  observation_type state_;
  env_spec spec_;
};

/// dram_controller_parallel as one env (what the registry, any_env and the bridge see).
class dram_controller_ma {
 public:
  using observation_type = value;  ///< {agent: [5 observation values]}
  using action_type = value;       ///< {agent: action}

  explicit dram_controller_ma(const dram_env_options& options = {},
                              dram_grouping grouping = dram_grouping::per_knob);

  [[nodiscard]] const dict_space& observation_space() const noexcept { return obs_space_; }
  [[nodiscard]] const dict_space& action_space() const noexcept { return act_space_; }
  [[nodiscard]] const env_spec& spec() const noexcept { return env_.spec(); }
  reset_result<observation_type> reset(std::optional<std::uint64_t> seed = std::nullopt);
  /// @throws invalid_action when `joint` is not in action_space().
  step_result<observation_type> step(const action_type& joint);
  [[nodiscard]] dram_controller_parallel& parallel() noexcept { return env_; }

 private:
  value observation_dict(const xt::xarray<double>& obs) const;

  dram_controller_parallel env_;
  dict_space obs_space_;
  dict_space act_space_;
};

static_assert(environment<dram_controller_ma>);

/// Registers hw/DRAMController-v1 and hw/DRAMController-MA-v1.
void register_dram_envs(registry& r);

}  // namespace dsegym::envs::hw

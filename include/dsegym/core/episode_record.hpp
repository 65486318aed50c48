#pragma once
// An episode record: everything needed to reproduce and score one episode (env id + resolved
// kwargs, agent + hyperparameters + seed, the reset seed, every action with its reward, metrics and
// cost, reported-only metrics, and wall time split into env / agent / transport). Records are
// stored one per line as JSON (json/record.hpp); leaderboards, `dsegym validate` and the bridge's
// --record all use this format.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dsegym/core/step_result.hpp"
#include "dsegym/core/value.hpp"

namespace dsegym {

inline constexpr const char* episode_record_schema = "dsegym.episode.v1";

struct step_record {
  value action;
  double reward = 0.0;
  bool terminated = false;
  bool truncated = false;
  std::vector<metric> metrics;
  double cost = 0.0;

  friend bool operator==(const step_record&, const step_record&) = default;
};

struct episode_timing {
  double env_s = 0.0;        ///< inside reset/step
  double agent_s = 0.0;      ///< inside the agent's propose/observe
  double transport_s = 0.0;  ///< encoding and network (bridge only)
  double wall_s = 0.0;       ///< the whole episode

  friend bool operator==(const episode_timing&, const episode_timing&) = default;
};

struct episode_record {
  std::string env_id;   ///< with version, e.g. "nas/NB201-v0"
  value env_kwargs;     ///< resolved kwargs (dict)
  std::string agent;    ///< agent name ("" when not recorded by an agent runner)
  value agent_config;   ///< agent hyperparameters (dict or null)
  std::optional<std::uint64_t> agent_seed;
  std::string run;      ///< a label grouping the episodes of one run (may be empty)
  std::int64_t episode = 0;             ///< index of the episode within its run
  std::optional<std::uint64_t> seed;    ///< the reset() seed (nullopt: reset without a seed)
  std::vector<step_record> steps;
  std::vector<metric> reported;         ///< reported-only metrics of the final design, if queried
  episode_timing timing;
  value extra;                          ///< free-form (dict or null)

  [[nodiscard]] double total_reward() const noexcept {
    double r = 0.0;
    for (const auto& s : steps) r += s.reward;
    return r;
  }
  [[nodiscard]] double total_cost() const noexcept {
    double c = 0.0;
    for (const auto& s : steps) c += s.cost;
    return c;
  }

  friend bool operator==(const episode_record&, const episode_record&) = default;
};

/// An episode that ended by the env's rules (last step terminated or truncated) without an error
/// (a failed evaluation carries extra.error): the episodes a run's incumbent is chosen from.
[[nodiscard]] inline bool scorable(const episode_record& r) {
  return !r.steps.empty() && (r.steps.back().terminated || r.steps.back().truncated) &&
         r.extra.find("error") == nullptr;
}

}  // namespace dsegym

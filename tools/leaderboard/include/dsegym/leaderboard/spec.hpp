#pragma once
// A leaderboard spec: which environments (with kwargs and budget), which agents (with
// hyperparameters), how many seeds, and what to score. Read from JSON:
//
// {
//   "name": "default",
//   "seeds": 5,                                   // or a list of seeds
//   "budget": {"kind": "evaluations", "amount": 100},   // default for every env
//   "envs": [
//     {"id": "nas/NB201-v0", "kwargs": {"latency": "none"},
//      "budget": {"kind": "cost", "amount": 20000},       // optional override
//      "score": {"metric": "test_acc", "source": "reported"},    // optional
//      "problem": "nas/NB201-v0",                                 // optional (default: the id)
//      "reference": {"best": 94.37, "random": 87.06, "method": "..."}},  // optional
//     ...],
//   "agents": [{"name": "random"}, {"name": "reinforce", "config": {"learning_rate": 0.01}}, ...],
//   "metrics": ["valid_acc", "flops_M"]            // extra metrics of the final design to report
// }
//
// Score of a run: by default the first reported-only metric of the env (e.g. NB201's 200-epoch
// test accuracy of the final design) when it has one, else the best return ("return"). Source
// "final" takes a metric of the final design's last step instead.
//
// Instances of one "problem" (e.g. several workloads of one env, or the multi-agent view of a
// single-agent env) form one task suite: the report tests agents per problem and the overall
// ranking weights every problem equally, so a problem is never counted twice. "reference" gives the
// instance's best-known score and a uniformly random design's expected score; the normalised regret
// of a run is (best - score) / (best - random) (signs follow the score's direction): 0 = best-known,
// 1 = a random design. Without a reference, the best run and random search's mean stand in.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dsegym/agents/runner.hpp"
#include "dsegym/core/value.hpp"

namespace dsegym::leaderboard {

struct score_spec {
  std::string metric;          ///< "return", or a metric name
  std::string source;          ///< "return", "reported" or "final"
  bool maximize = true;
};

/// Best-known score of an instance and the expected score of a uniformly random design.
struct reference_values {
  double best = 0.0;
  double random = 0.0;
  std::string method;  ///< how `best` was obtained (exhaustive enumeration, long search, ...)
};

struct env_entry_spec {
  std::string id;
  std::string problem;  ///< task-suite name (default: id)
  std::optional<reference_values> reference;
  value kwargs = value::dict{};
  agents::budget budget;
  score_spec score;
  std::string label;  ///< unique: id plus a short kwargs tag when the same id appears twice
  std::string cost_unit;  ///< the env's cost unit (for plots)
};

struct agent_entry_spec {
  std::string name;
  value config = value::dict{};
  std::string label;  ///< unique display name (name, or name + "#k" for repeated names)
};

struct leaderboard_spec {
  std::string name = "leaderboard";
  std::vector<std::uint64_t> seeds;
  std::vector<env_entry_spec> envs;
  std::vector<agent_entry_spec> agents;
  std::vector<std::string> metrics;
  value source;  ///< the JSON the spec was read from (saved with the results)
};

/// Parses and validates a spec (env ids, kwargs, agent names and hyperparameters are checked by
/// instantiating them; scores are resolved against each env's metrics).
[[nodiscard]] leaderboard_spec parse_spec(const value& v);

/// The default leaderboard: the task suite of every registered env that can be built here (see
/// suite.hpp: instances, budgets and best-known values), every agent, `seeds` seeds. `skipped`
/// receives a line per env left out and why.
[[nodiscard]] value default_spec_value(int seeds, std::vector<std::string>& skipped);

}  // namespace dsegym::leaderboard

#pragma once
// The search loop: an agent proposes designs, the env evaluates them (one episode per design),
// the agent observes the results, until the budget — in evaluations or in simulated cost — is
// spent. Every episode becomes an episode_record. At the end the incumbent (best return; ties go
// to the earliest) is replayed in the env and its reported-only metrics (e.g. NB201's 200-epoch
// test accuracy) are attached to its record: agents never see them, leaderboards rank on them.

#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "dsegym/agents/agent.hpp"
#include "dsegym/agents/design_space.hpp"
#include "dsegym/core/episode_record.hpp"
#include "dsegym/registry/any_env.hpp"

namespace dsegym::agents {

enum class budget_kind { evaluations, cost };

struct budget {
  budget_kind kind = budget_kind::evaluations;
  double amount = 100.0;  ///< evaluations, or simulated cost in the env's cost unit
};

struct run_options {
  budget limit;
  std::uint64_t seed = 0;  ///< seeds the agent's stream and every episode's reset seed
  std::string run;         ///< label stored in the records
  bool report_incumbent = true;
  /// Called after each evaluation with (evaluations done, cost spent).
  std::function<void(std::size_t, double)> progress;
};

struct run_result {
  std::vector<episode_record> episodes;
  std::optional<std::size_t> incumbent;  ///< index of the best episode (none if all failed)
  double total_cost = 0.0;
  std::size_t failures = 0;
};

namespace detail {
using clock = std::chrono::steady_clock;
inline double seconds_since(clock::time_point t0) {
  return std::chrono::duration<double>(clock::now() - t0).count();
}

/// Plays `design` as one episode; fills `rec` and returns the evaluation.
inline evaluation play(any_env& env, const value& design, std::uint64_t reset_seed,
                       episode_record& rec) {
  evaluation ev;
  rec.seed = reset_seed;
  const auto t0 = clock::now();
  try {
    (void)env.reset(reset_seed);
    for (const value& a : design_actions(env, design)) {
      auto r = env.step(a);
      ev.reward += r.reward;
      ev.cost += r.info.cost;
      ev.metrics = r.info.metrics;
      rec.steps.push_back({a, r.reward, r.terminated, r.truncated, std::move(r.info.metrics), r.info.cost});
      if (r.terminated || r.truncated) break;
    }
  } catch (const error& e) {
    ev.failed = true;
    ev.error = e.what();
    rec.extra.set("error", std::string(e.what()));
  }
  rec.timing.env_s += seconds_since(t0);
  return ev;
}
}  // namespace detail

/// The reset seed of evaluation i of a run seeded with `seed`. Kept below 2^63 so that it travels
/// as a non-negative integer in JSON, MessagePack and every client language.
[[nodiscard]] inline std::uint64_t episode_seed(std::uint64_t seed, std::size_t i) {
  return derive_seed(derive_seed(seed, "episodes"), static_cast<std::uint64_t>(i)) >> 1;
}

inline run_result run_agent(any_env& env, agent& a, const run_options& opt) {
  if (!(opt.limit.amount > 0) || !std::isfinite(opt.limit.amount))
    throw invalid_argument("runner", "budget must be a positive finite number");
  const env_spec& spec = env.spec();
  rng g(derive_seed(opt.seed, "agent"));
  run_result out;
  double best = -std::numeric_limits<double>::infinity();
  std::vector<value> designs;
  for (std::size_t i = 0;; ++i) {
    if (opt.limit.kind == budget_kind::evaluations && static_cast<double>(i) >= opt.limit.amount) break;
    if (opt.limit.kind == budget_kind::cost && out.total_cost >= opt.limit.amount) break;
    episode_record rec;
    rec.env_id = spec.id;
    rec.env_kwargs = spec.kwargs;
    rec.agent = std::string(a.name());
    rec.agent_config = a.config();
    rec.agent_seed = opt.seed;
    rec.run = opt.run;
    rec.episode = static_cast<std::int64_t>(i);
    const auto t0 = detail::clock::now();
    auto ta = detail::clock::now();
    value design = a.propose(g);
    rec.timing.agent_s = detail::seconds_since(ta);
    const evaluation ev = detail::play(env, design, episode_seed(opt.seed, i), rec);
    ta = detail::clock::now();
    a.observe(design, ev);
    rec.timing.agent_s += detail::seconds_since(ta);
    rec.timing.wall_s = detail::seconds_since(t0);
    out.total_cost += ev.cost;
    if (ev.failed) {
      ++out.failures;
    } else if (scorable(rec) && ev.reward > best) {  // the leaderboards' incumbent rule
      best = ev.reward;
      out.incumbent = i;
    }
    designs.push_back(std::move(design));
    out.episodes.push_back(std::move(rec));
    if (opt.progress) opt.progress(i + 1, out.total_cost);
    // A cost budget with only zero-cost failures would never end: cap by evaluations too.
    if (opt.limit.kind == budget_kind::cost && out.failures > 1000 && out.total_cost == 0.0)
      throw invalid_argument("runner", spec.id + ": 1000 failed evaluations with no cost; "
                                                 "the agent proposes only invalid designs");
  }
  if (opt.report_incumbent && out.incumbent) {
    const std::size_t i = *out.incumbent;
    episode_record scratch;
    (void)detail::play(env, designs[i], episode_seed(opt.seed, i), scratch);
    out.episodes[i].reported = env.report();
  }
  return out;
}

}  // namespace dsegym::agents

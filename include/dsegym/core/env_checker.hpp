#pragma once
// check_env: the runtime conformance check every registered environment must pass (Gymnasium's
// check_env and dm_env's test mixin, as one function). It works on any_env, so the CLI, the test
// suite and the bridge can all run it. Returns the list of problems found (empty = conforms).
//
// Checked: sane spaces; reset/step observations in their spaces and finite rewards and costs;
// reset determinism (reset(s), reset(), reset(s), reset() gives obs 1 = 3 and 2 = 4); step
// determinism (same seed and actions => identical observations, rewards, flags and infos); episodes
// end within max_episode_steps; metrics declared in the spec with matching units and directions;
// actions outside the space rejected with invalid_action without disturbing the episode; step
// after the end raises reset_needed (for envs made through the registry); report() works after an
// episode when reported metrics are declared.

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "dsegym/core/error.hpp"
#include "dsegym/registry/any_env.hpp"

namespace dsegym {

/// A value that is certainly not in `s` (but well-formed), for negative tests.
[[nodiscard]] inline value invalid_example(const any_space& s) {
  if (const auto* d = s.get_if<discrete>()) return value(d->start() + d->n());
  if (const auto* m = s.get_if<multi_discrete>()) {
    value v = m->to_value(m->start());
    v.as_list()[0] = value(m->start()[0] + m->nvec()[0]);
    return v;
  }
  if (const auto* b = s.get_if<multi_binary>()) {
    value::list l(b->n(), value(0));
    l[0] = value(2);
    return value(std::move(l));
  }
  if (s.get_if<box>() != nullptr) return value("not a number");
  if (const auto* t = s.get_if<tuple_space>()) {
    value::list l;
    for (const auto& c : t->spaces()) l.push_back(invalid_example(c));
    return value(std::move(l));
  }
  return value::dict{{"no such key", 0}};
}

struct check_env_options {
  std::uint64_t seed = 123;
  int max_steps_without_end = 10000;  ///< episodes must end within this many steps
  bool expect_order_enforcing = true; ///< env came from registry::make
};

[[nodiscard]] inline std::vector<std::string> check_env(any_env& env, const check_env_options& o = {}) {
  std::vector<std::string> problems;
  const auto fail = [&](const std::string& what) { problems.push_back(env.spec().id + ": " + what); };
  const env_spec& spec = env.spec();
  try {
    if (env.action_space().flat_dim() == 0) fail("action space is empty");
    rng sampler(1);
    if (!env.action_space().contains(env.action_space().sample(sampler)))
      fail("a sampled action is not in the action space");

    // Reset determinism.
    const auto r1 = env.reset(o.seed);
    const auto r2 = env.reset(std::nullopt);
    const auto r3 = env.reset(o.seed);
    const auto r4 = env.reset(std::nullopt);
    if (!env.observation_space().contains(r1.observation)) fail("reset observation outside the space");
    if (!(r1 == r3)) fail("reset(seed) is not deterministic");
    if (!(r2 == r4)) fail("reset() after reset(seed) is not deterministic");

    // Roll one episode with sampled actions; twice, compare everything.
    const auto roll = [&](std::vector<step_result<value>>& out) {
      rng g(o.seed);
      (void)env.reset(o.seed);
      for (int t = 0; t < o.max_steps_without_end; ++t) {
        auto r = env.step(env.action_space().sample(g));
        const bool done = r.terminated || r.truncated;
        out.push_back(std::move(r));
        if (done) return true;
      }
      return false;
    };
    std::vector<step_result<value>> a, b;
    if (!roll(a)) fail("an episode did not end within " + std::to_string(o.max_steps_without_end) + " steps");
    (void)roll(b);
    if (!(a == b)) fail("same seed and actions gave a different trajectory");
    if (spec.max_episode_steps && static_cast<int>(a.size()) > *spec.max_episode_steps)
      fail("episode ran " + std::to_string(a.size()) + " steps, more than max_episode_steps");
    for (const auto& r : a) {
      if (!env.observation_space().contains(r.observation)) fail("step observation outside the space");
      if (!std::isfinite(r.reward)) fail("non-finite reward");
      if (!(r.info.cost >= 0.0) || !std::isfinite(r.info.cost)) fail("invalid cost");
      for (const auto& m : r.info.metrics) {
        const metric_spec* ms = spec.find_metric(m.name);
        if (ms == nullptr) {
          fail("metric \"" + m.name + "\" is not declared in the spec");
        } else if (ms->unit != m.unit || ms->dir != m.dir) {
          fail("metric \"" + m.name + "\" disagrees with its declared unit or direction");
        }
      }
    }

    // Step after the end.
    if (o.expect_order_enforcing) {
      bool raised = false;
      try {
        (void)env.step(env.action_space().sample(sampler));
      } catch (const reset_needed&) {
        raised = true;
      }
      if (!raised) fail("step after the episode ended did not raise reset_needed");
    }

    // Reported metrics after an episode.
    if (!spec.reported_metrics.empty()) {
      const auto rep = env.report();
      for (const auto& m : spec.reported_metrics) {
        bool found = false;
        for (const auto& x : rep) found = found || x.name == m.name;
        if (!found) fail("report() lacks declared metric \"" + m.name + "\"");
      }
    }

    // Bad actions are rejected and leave the episode usable.
    (void)env.reset(o.seed);
    for (const value& bad : {invalid_example(env.action_space()), value("garbage"), value()}) {
      bool raised = false;
      try {
        (void)env.step(bad);
      } catch (const invalid_action&) {
        raised = true;
      }
      if (!raised) fail("action " + bad.to_string() + " outside the space was not rejected");
    }
    rng g(o.seed);
    (void)env.step(env.action_space().sample(g));
  } catch (const std::exception& e) {
    fail(std::string("unexpected exception: ") + e.what());
  }
  return problems;
}

}  // namespace dsegym

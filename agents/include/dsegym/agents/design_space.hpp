#pragma once
// The space agents search for a given env. One-shot envs: the action space. Sequential envs with
// a discrete action and a fixed episode length T: the T-long sequence of actions, as a
// multi_discrete space, played step by step by the runner (open-loop plans).

#include <string>

#include "dsegym/core/error.hpp"
#include "dsegym/registry/any_env.hpp"

namespace dsegym::agents {

[[nodiscard]] inline any_space design_space(const any_env& env) {
  const env_spec& s = env.spec();
  if (s.shape == episode_shape::one_shot) return env.action_space();
  const auto* d = env.action_space().get_if<discrete>();
  if (d == nullptr || !s.max_episode_steps)
    throw unimplemented("agents", s.id +
                                      ": plan-based agents need a sequential env with a discrete "
                                      "action space and a fixed episode length");
  std::vector<std::int64_t> nvec(static_cast<std::size_t>(*s.max_episode_steps), d->n());
  std::vector<std::int64_t> start(nvec.size(), d->start());
  return multi_discrete(std::move(nvec), std::move(start));
}

/// The per-step actions of a design (one element for one-shot envs).
[[nodiscard]] inline std::vector<value> design_actions(const any_env& env, const value& design) {
  if (env.spec().shape == episode_shape::one_shot) return {design};
  return design.as_list();
}

}  // namespace dsegym::agents

#pragma once
// JSON descriptions of environments (what `dsegym describe` and the bridge's describe send):
// id, version, summary, kwargs with defaults, spaces, metrics with units and directions, reward,
// cost unit, episode shape and the data the env reads.

#include <string>

#include "dsegym/json/spaces.hpp"
#include "dsegym/json/value.hpp"
#include "dsegym/registry/registry.hpp"

namespace dsegym {

[[nodiscard]] inline value metric_spec_to_value(const metric_spec& m) {
  return value::dict{{"name", m.name},
                     {"unit", m.unit},
                     {"direction", std::string(to_string(m.dir))},
                     {"description", m.description}};
}

[[nodiscard]] inline value kwarg_specs_to_value(const std::vector<kwarg_spec>& specs) {
  value::list out;
  for (const auto& k : specs) {
    value e = value::dict{{"name", k.name},
                          {"default", k.default_value},
                          {"type", std::string(value::kind_name(k.default_value.type()))},
                          {"description", k.description}};
    if (!k.choices.empty()) e.set("choices", value::list(k.choices.begin(), k.choices.end()));
    out.push_back(std::move(e));
  }
  return out;
}

/// Metrics of an info block as {name: value} (units live in the spec).
[[nodiscard]] inline value metrics_to_value(const std::vector<metric>& ms) {
  value::dict d;
  for (const auto& m : ms) d.emplace_back(m.name, m.value);
  return value(std::move(d));
}

[[nodiscard]] inline value info_to_value(const step_info& info) {
  value out;
  out.set("metrics", metrics_to_value(info.metrics));
  out.set("cost", info.cost);
  if (!info.extra.is_null()) out.set("extra", info.extra);
  return out;
}

/// The full description of an env instance.
[[nodiscard]] inline value describe(const any_env& env) {
  const env_spec& s = env.spec();
  value out;
  out.set("id", s.id);
  out.set("version", s.version());
  out.set("summary", s.summary);
  out.set("kwargs", s.kwargs);
  out.set("kwarg_specs", kwarg_specs_to_value(s.kwarg_specs));
  out.set("observation_space", space_to_value(env.observation_space()));
  out.set("action_space", space_to_value(env.action_space()));
  out.set("episode_shape", std::string(to_string(s.shape)));
  out.set("max_episode_steps", s.max_episode_steps ? value(*s.max_episode_steps) : value());
  value::list ms, rs, data;
  for (const auto& m : s.metrics) ms.push_back(metric_spec_to_value(m));
  for (const auto& m : s.reported_metrics) rs.push_back(metric_spec_to_value(m));
  for (const auto& d : s.data) data.emplace_back(d);
  out.set("metrics", std::move(ms));
  out.set("reported_metrics", std::move(rs));
  out.set("reward", s.reward);
  out.set("cost_unit", s.cost_unit);
  out.set("data", std::move(data));
  out.set("nondeterministic", s.nondeterministic);
  return out;
}

/// What is known without instantiating (used when an env cannot be built, e.g. data missing).
[[nodiscard]] inline value describe(const env_entry& e) {
  value out;
  out.set("id", e.id);
  out.set("version", env_id::parse(e.id).version.value_or(0));
  out.set("summary", e.summary);
  out.set("kwarg_specs", kwarg_specs_to_value(e.kwargs));
  out.set("needs_data", e.needs_data);
  return out;
}

}  // namespace dsegym

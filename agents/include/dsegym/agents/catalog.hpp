#pragma once
// Agents by name: make_agent("random", config, design_space). Unknown names and unknown
// hyperparameters fail with the valid choices.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dsegym/agents/agent.hpp"
#include "dsegym/agents/random_search.hpp"

namespace dsegym::agents {

struct agent_info {
  std::string name;
  std::string summary;
  std::vector<hyperparameter> hyperparameters;
  std::function<std::unique_ptr<agent>(const any_space&, const value&)> factory;
};

[[nodiscard]] inline const std::vector<agent_info>& agent_catalog() {
  static const std::vector<agent_info> catalog = {
      {"random", "uniform random search (the baseline)", random_search::hyperparameters(),
       [](const any_space& s, const value& c) { return std::make_unique<random_search>(s, c); }},
  };
  return catalog;
}

[[nodiscard]] inline const agent_info& find_agent(std::string_view name) {
  for (const auto& a : agent_catalog())
    if (a.name == name) return a;
  std::string known;
  for (const auto& a : agent_catalog()) known += (known.empty() ? "" : ", ") + a.name;
  throw not_found("agents", "unknown agent \"" + std::string(name) + "\"; known: " + known);
}

/// Fills defaults into `config` and rejects unknown keys.
[[nodiscard]] inline value resolve_config(const agent_info& info, const value& config) {
  if (!config.is_null() && !config.is_dict())
    throw invalid_argument("agents", info.name + ": config must be a JSON object, got " + config.to_string());
  value out = value::dict{};
  if (config.is_dict())
    for (const auto& [k, v] : config.as_dict()) {
      bool known = false;
      for (const auto& h : info.hyperparameters) known = known || h.name == k;
      if (!known) {
        std::string valid;
        for (const auto& h : info.hyperparameters) valid += (valid.empty() ? "" : ", ") + h.name;
        throw invalid_argument("agents", info.name + ": unknown hyperparameter \"" + k +
                                             "\"; valid: " + (valid.empty() ? "(none)" : valid));
      }
    }
  for (const auto& h : info.hyperparameters) {
    const value* v = config.find(h.name);
    out.set(h.name, v ? *v : h.default_value);
  }
  return out;
}

[[nodiscard]] inline std::unique_ptr<agent> make_agent(std::string_view name, const value& config,
                                                       const any_space& design_space) {
  const agent_info& info = find_agent(name);
  return info.factory(design_space, resolve_config(info, config));
}

}  // namespace dsegym::agents

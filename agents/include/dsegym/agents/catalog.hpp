#pragma once
// Agents by name: make_agent("random", config, design_space). Unknown names and unknown
// hyperparameters fail with the valid choices.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dsegym/agents/agent.hpp"
#include "dsegym/agents/ant_colony.hpp"
#include "dsegym/agents/bayesian_optimization.hpp"
#include "dsegym/agents/genetic_algorithm.hpp"
#include "dsegym/agents/local_search.hpp"
#include "dsegym/agents/random_search.hpp"
#include "dsegym/agents/regularized_evolution.hpp"
#include "dsegym/agents/reinforce.hpp"
#include "dsegym/agents/simulated_annealing.hpp"

namespace dsegym::agents {

struct agent_info {
  std::string name;
  std::string summary;
  std::vector<hyperparameter> hyperparameters;
  std::function<std::unique_ptr<agent>(const any_space&, const value&)> factory;
};

template <class A>
agent_info entry(std::string name, std::string summary) {
  return {std::move(name), std::move(summary), A::hyperparameters(),
          [](const any_space& s, const value& c) -> std::unique_ptr<agent> { return std::make_unique<A>(s, c); }};
}

[[nodiscard]] inline const std::vector<agent_info>& agent_catalog() {
  static const std::vector<agent_info> catalog = {
      entry<random_search>("random", "uniform random search (the baseline)"),
      entry<local_search>("local_search", "hill climbing with random restarts"),
      entry<regularized_evolution>("regularized_evolution", "aging evolution with tournament selection (REA)"),
      entry<simulated_annealing>("simulated_annealing", "simulated annealing with geometric cooling"),
      entry<genetic_algorithm>("genetic_algorithm", "generational GA: tournaments, uniform crossover, mutation, elitism"),
      entry<ant_colony>("ant_colony", "ant colony optimisation with pheromone per choice"),
      entry<reinforce>("reinforce", "REINFORCE, softmax per gene, moving-average baseline, Adam"),
      entry<bayesian_optimization>("bayesian_optimization", "Gaussian process (overlap kernel) + expected improvement"),
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

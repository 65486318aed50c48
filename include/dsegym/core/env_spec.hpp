#pragma once
// The static description of an environment: id and version, kwargs with defaults, metrics with
// units and directions, cost unit, episode shape and the data it needs. Everything `dsegym
// describe` prints comes from here plus the spaces.

#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsegym/core/error.hpp"
#include "dsegym/core/step_result.hpp"
#include "dsegym/core/value.hpp"

namespace dsegym {

/// Declared metric: name, unit, direction and meaning.
struct metric_spec {
  std::string name;
  std::string unit;
  direction dir = direction::maximize;
  std::string description;
};

/// Declared constructor argument: name, default (whose kind is the kwarg's type), meaning and,
/// when the kwarg is an enumeration, its valid choices.
struct kwarg_spec {
  std::string name;
  value default_value;
  std::string description;
  std::vector<value> choices;
};

/// One-shot: one step evaluates a whole design. Sequential: each step adds or transforms a part.
enum class episode_shape { one_shot, sequential };

[[nodiscard]] constexpr std::string_view to_string(episode_shape s) noexcept {
  return s == episode_shape::one_shot ? "one_shot" : "sequential";
}

/// A parsed id of the form family/Name-vN.
struct env_id {
  std::string family;
  std::string name;
  std::optional<int> version;  // absent in "nas/NB201" (means: the latest)

  [[nodiscard]] std::string base() const { return family + "/" + name; }
  [[nodiscard]] std::string str() const {
    return version ? base() + "-v" + std::to_string(*version) : base();
  }

  /// Parses "family/Name-vN" (the version suffix is optional). Family and name use letters,
  /// digits, '_', '-' and '.'; anything else is an invalid_argument naming the id.
  static env_id parse(std::string_view id) {
    const auto bad = [&](std::string_view why) {
      return invalid_argument("registry", "malformed env id \"" + std::string(id) + "\": " +
                                              std::string(why) + " (expected family/Name-vN)");
    };
    const auto slash = id.find('/');
    if (slash == std::string_view::npos || slash == 0) throw bad("missing family/");
    env_id out;
    out.family = std::string(id.substr(0, slash));
    std::string_view rest = id.substr(slash + 1);
    const auto dash_v = rest.rfind("-v");
    if (dash_v != std::string_view::npos && dash_v + 2 < rest.size()) {
      const std::string_view digits = rest.substr(dash_v + 2);
      bool all_digits = digits.size() <= 6;
      for (char c : digits) all_digits = all_digits && std::isdigit(static_cast<unsigned char>(c));
      if (all_digits) {
        out.version = std::stoi(std::string(digits));
        rest = rest.substr(0, dash_v);
      }
    }
    if (rest.empty()) throw bad("empty name");
    const auto ok = [](std::string_view s) {
      for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
          return false;
      return true;
    };
    if (!ok(out.family) || !ok(rest)) throw bad("unexpected character");
    out.name = std::string(rest);
    return out;
  }
};

struct env_spec {
  std::string id;  ///< full id with version, e.g. "nas/NB201-v0"
  std::string summary;
  value kwargs;    ///< the resolved kwargs this instance was made with (an ordered dict)
  std::vector<kwarg_spec> kwarg_specs;
  std::vector<metric_spec> metrics;           ///< in info.metrics after every evaluation
  std::vector<metric_spec> reported_metrics;  ///< only via report(), never seen while searching
  std::string reward;                         ///< how the reward is computed from the metrics
  std::string cost_unit = "evaluations";      ///< unit of info.cost
  episode_shape shape = episode_shape::one_shot;
  std::optional<int> max_episode_steps;       ///< the episode length limit (time_limit)
  std::vector<std::string> data;              ///< external data the instance reads, if any
  bool nondeterministic = false;

  [[nodiscard]] int version() const { return env_id::parse(id).version.value_or(0); }
  [[nodiscard]] const metric_spec* find_metric(std::string_view name) const noexcept {
    for (const auto& m : metrics)
      if (m.name == name) return &m;
    for (const auto& m : reported_metrics)
      if (m.name == name) return &m;
    return nullptr;
  }
};

}  // namespace dsegym

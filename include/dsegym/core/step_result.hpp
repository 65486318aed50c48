#pragma once
// What reset() and step() return: observation, reward, the terminated/truncated split, and an info
// block whose named metrics carry units and directions, plus the simulated cost of the evaluation.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsegym/core/value.hpp"

namespace dsegym {

/// Whether smaller or larger values of a metric are better.
enum class direction { minimize, maximize };

[[nodiscard]] constexpr std::string_view to_string(direction d) noexcept {
  return d == direction::minimize ? "min" : "max";
}

/// One measured quantity of an evaluated design, e.g. {"latency_ns", 83.5, "ns", minimize}.
struct metric {
  std::string name;
  double value = 0.0;
  std::string unit;
  direction dir = direction::maximize;

  friend bool operator==(const metric&, const metric&) = default;
};

/// The info of a reset or step. `metrics` are the design's measured qualities (what leaderboards
/// rank on); `cost` is the simulated price of this evaluation in the env's cost unit (0 when the
/// step evaluated nothing); `extra` holds anything else as an ordered dict.
struct step_info {
  std::vector<metric> metrics;
  double cost = 0.0;
  value extra;

  [[nodiscard]] const metric* find(std::string_view name) const noexcept {
    for (const auto& m : metrics)
      if (m.name == name) return &m;
    return nullptr;
  }
  [[nodiscard]] std::optional<double> get(std::string_view name) const noexcept {
    if (const metric* m = find(name)) return m->value;
    return std::nullopt;
  }

  friend bool operator==(const step_info&, const step_info&) = default;
};

template <class Obs>
struct reset_result {
  Obs observation;
  step_info info;

  friend bool operator==(const reset_result&, const reset_result&) = default;
};

/// `terminated`: the design episode ended by its own rules. `truncated`: a limit outside the
/// design problem (time limit, budget) ended it. After either, the next call must be reset().
template <class Obs>
struct step_result {
  Obs observation;
  double reward = 0.0;
  bool terminated = false;
  bool truncated = false;
  step_info info;

  [[nodiscard]] bool done() const noexcept { return terminated || truncated; }
  friend bool operator==(const step_result&, const step_result&) = default;
};

}  // namespace dsegym

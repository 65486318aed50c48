#pragma once
// The default leaderboard's task suites: per env a few instances (workloads, circuits, tasks, ...)
// chosen so that search matters at the default budget, each with its best-known score and the
// expected score of a uniformly random design, stated with how they were obtained. The values are
// re-checkable: compute_reference() recomputes them (exhaustive enumeration when the design space
// has at most `exhaustive_limit` designs, else a documented long search), and
// `dsegym leaderboard best-known --check` compares the result with the stored values.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dsegym/agents/runner.hpp"
#include "dsegym/core/value.hpp"
#include "dsegym/leaderboard/spec.hpp"

namespace dsegym::leaderboard {

struct suite_instance {
  std::string problem;  ///< the problem it belongs to (views of one problem share it)
  std::string label;    ///< unique, e.g. "nb201-cifar100"
  std::string id;       ///< env id
  value kwargs;
  agents::budget budget;
  reference_values reference;  ///< stored best-known / random expectation and the method
};

/// The default leaderboard's instances, in report order.
[[nodiscard]] const std::vector<suite_instance>& default_suite();

/// The spec JSON entry of an instance (id, kwargs, budget, label, problem, reference).
[[nodiscard]] value instance_entry(const suite_instance& in);

/// Designs that exhaustive enumeration may evaluate.
inline constexpr std::uint64_t exhaustive_limit = 20000;

/// Long-search settings (documented in the README): these agents, these seeds, `budget_factor`
/// times the instance's budget; `random_samples` uniformly random designs estimate the random
/// expectation when the space is too large to enumerate.
struct long_search {
  std::vector<std::string> agents = {"regularized_evolution", "simulated_annealing", "local_search",
                                     "genetic_algorithm"};
  std::vector<std::uint64_t> seeds = {1000, 1001};
  double budget_factor = 5.0;
  std::size_t random_samples = 200;
};

struct reference_result {
  reference_values values;
  std::uint64_t designs_evaluated = 0;
};

/// Recomputes the reference values of `entry` (a parsed spec entry, for its score rule):
/// exhaustive enumeration when the design space is a multi_discrete of at most exhaustive_limit
/// designs (best = the best score of any design, random = the mean over all designs), else the
/// long search (best = the best final score of its runs, random = the mean score of
/// `random_samples` random designs). `threads` runs are used in parallel (0 = all cores).
[[nodiscard]] reference_result compute_reference(const env_entry_spec& entry, const long_search& ls = {},
                                                 std::size_t threads = 0);

}  // namespace dsegym::leaderboard

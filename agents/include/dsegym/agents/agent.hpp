#pragma once
// The ask/tell agent contract. An agent searches a *design space* (a multi-discrete or discrete
// space, or a box where it makes sense): propose(g) returns a design, observe(design, result)
// tells it what the design scored. The runner owns the loop, so one agent drives an env, a vector
// env or a remote env alike, and agents never see simulators.
//
// Rules: propose() always returns a value of the design space; the same seed and the same
// observations give the same proposals; observe() accepts failed evaluations (invalid designs)
// and must not throw for them.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dsegym/core/random.hpp"
#include "dsegym/core/step_result.hpp"
#include "dsegym/core/value.hpp"
#include "dsegym/spaces/any_space.hpp"

namespace dsegym::agents {

/// What one evaluated design scored.
struct evaluation {
  double reward = 0.0;          ///< the episode return (what agents maximise)
  std::vector<metric> metrics;  ///< the design's metrics (last step's info)
  double cost = 0.0;            ///< simulated cost charged for the evaluation
  bool failed = false;          ///< the design was invalid or the env failed on it
  std::string error;            ///< why, when failed
};

/// A documented hyperparameter: name, default and meaning (shown by `dsegym agents`).
struct hyperparameter {
  std::string name;
  value default_value;
  std::string description;
};

class agent {
 public:
  virtual ~agent() = default;
  [[nodiscard]] virtual std::string_view name() const = 0;
  /// The resolved hyperparameters (defaults filled in).
  [[nodiscard]] virtual value config() const = 0;
  /// The next design to evaluate.
  [[nodiscard]] virtual value propose(rng& g) = 0;
  /// The result of evaluating `design` (a value previously returned by propose()).
  virtual void observe(const value& design, const evaluation& result) = 0;
};

}  // namespace dsegym::agents

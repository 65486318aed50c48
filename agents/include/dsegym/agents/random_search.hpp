#pragma once
// Random search: uniform samples of the design space. The baseline every leaderboard compares to.

#include "dsegym/agents/agent.hpp"

namespace dsegym::agents {

class random_search final : public agent {
 public:
  static std::vector<hyperparameter> hyperparameters() { return {}; }

  explicit random_search(any_space space, const value& /*config*/ = {}) : space_(std::move(space)) {}

  [[nodiscard]] std::string_view name() const override { return "random"; }
  [[nodiscard]] value config() const override { return value::dict{}; }
  [[nodiscard]] value propose(rng& g) override { return space_.sample(g); }
  void observe(const value&, const evaluation&) override {}

 private:
  any_space space_;
};

}  // namespace dsegym::agents

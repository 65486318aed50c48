// Uses the installed package the way a C++ agent author would: an own env, the registry, a
// built-in agent and the search runner.
#include <dsegym/agents/catalog.hpp>
#include <dsegym/agents/runner.hpp>
#include <dsegym/dsegym.hpp>
#include <dsegym/envs/default_registry.hpp>
#include <iostream>

namespace {
class sum_env {
 public:
  using observation_type = std::int64_t;
  using action_type = std::vector<std::int64_t>;
  sum_env() { spec_.id = "demo/Sum-v0"; }
  const dsegym::discrete& observation_space() const { return obs_; }
  const dsegym::multi_discrete& action_space() const { return act_; }
  const dsegym::env_spec& spec() const { return spec_; }
  dsegym::reset_result<std::int64_t> reset(std::optional<std::uint64_t>) { return {0, {}}; }
  dsegym::step_result<std::int64_t> step(const action_type& a) {
    return {0, static_cast<double>(a[0] + a[1]), true, false, {}};
  }

 private:
  dsegym::discrete obs_{1};
  dsegym::multi_discrete act_{{4, 4}};
  dsegym::env_spec spec_;
};
}  // namespace

int main() {
  dsegym::registry r;
  r.add({"demo/Sum-v0", "demo", {}, [](const dsegym::kwargs_reader&) { return dsegym::any_env(sum_env{}); }, false, {}});
  auto env = r.make("demo/Sum-v0");
  auto agent = dsegym::agents::make_agent("random", {}, dsegym::agents::design_space(env));
  dsegym::agents::run_options options;
  options.limit = {dsegym::agents::budget_kind::evaluations, 50};
  const auto res = dsegym::agents::run_agent(env, *agent, options);
  const double best = res.episodes.at(*res.incumbent).total_reward();
  std::cout << "best " << best << ", built-in envs " << dsegym::envs::default_registry().ids().size() << "\n";
  return best == 6.0 && !dsegym::envs::default_registry().ids().empty() ? 0 : 1;
}

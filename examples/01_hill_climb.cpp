// A C++ agent in ~20 lines: hill climbing over NAS-Bench-201 cells through the registry.
// Run: DSEGYM_DATA_DIR=../shared/data ./build/examples/01_hill_climb
#include <dsegym/dsegym.hpp>
#include <dsegym/envs/default_registry.hpp>
#include <iostream>

int main() {
  dsegym::any_env env = dsegym::envs::default_registry().make("nas/NB201-v0");
  dsegym::rng g(42);
  dsegym::value best = env.action_space().sample(g);
  (void)env.reset(0);
  double best_reward = env.step(best).reward;
  for (int i = 0; i < 200; ++i) {
    dsegym::value cand = best;  // mutate one edge op
    cand.as_list()[dsegym::uniform_below(g, 6)] = dsegym::uniform_int(g, 0, 4);
    (void)env.reset(std::nullopt);
    const auto r = env.step(cand);
    if (r.reward > best_reward) best = cand, best_reward = r.reward;
  }
  (void)env.reset(std::nullopt);
  (void)env.step(best);  // report() gives held-out metrics of the last evaluated cell
  std::cout << "best cell " << best.to_string() << ": valid acc " << 100 * best_reward
            << " %, test acc " << env.report().front().value << " %\n";
  return best_reward > 0.8 ? 0 : 1;
}

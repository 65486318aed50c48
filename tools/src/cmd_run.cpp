// dsegym run: one agent, one env, one seed; prints a summary of the search.

#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>

#include "commands.hpp"
#include "dsegym/agents/catalog.hpp"
#include "dsegym/agents/runner.hpp"
#include "dsegym/envs/default_registry.hpp"
#include "dsegym/json/describe.hpp"
#include "dsegym/json/record.hpp"

namespace dsegym::cli {

int run_run(const run_args& a) {
  const registry& reg = envs::default_registry();
  any_env env = reg.make(a.id, parse_json(a.kwargs, "--kwargs"));
  auto ag = agents::make_agent(a.agent, parse_json(a.agent_config, "--agent-config"),
                               agents::design_space(env));
  agents::run_options opt;
  opt.seed = a.seed;
  opt.run = env.spec().id + "/" + a.agent + "/seed" + std::to_string(a.seed);
  if (a.cost_budget) {
    opt.limit = {agents::budget_kind::cost, *a.cost_budget};
  } else {
    opt.limit = {agents::budget_kind::evaluations, static_cast<double>(a.steps)};
  }
  const bool progress = !a.quiet && !a.json;
  auto last_print = std::chrono::steady_clock::now();
  if (progress)
    opt.progress = [&](std::size_t n, double cost) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last_print < std::chrono::milliseconds(200)) return;
      last_print = now;
      std::fprintf(stderr, "\r  %zu evaluations, cost %.6g %s", n, cost,
                   env.spec().cost_unit.c_str());
    };
  const auto t0 = std::chrono::steady_clock::now();
  const agents::run_result res = agents::run_agent(env, *ag, opt);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (progress) std::fprintf(stderr, "\r%60s\r", "");

  if (!a.record.empty()) {
    record_writer w(a.record);
    for (const auto& r : res.episodes) w.write(r);
  }

  value summary;
  summary.set("env", env.spec().id);
  summary.set("kwargs", env.spec().kwargs);
  summary.set("agent", a.agent);
  summary.set("agent_config", ag->config());
  summary.set("seed", static_cast<std::int64_t>(a.seed));
  summary.set("evaluations", static_cast<std::int64_t>(res.episodes.size()));
  summary.set("failures", static_cast<std::int64_t>(res.failures));
  summary.set("total_cost", res.total_cost);
  summary.set("cost_unit", env.spec().cost_unit);
  summary.set("wall_s", wall);
  if (res.incumbent) {
    const episode_record& best = res.episodes[*res.incumbent];
    value design;
    if (env.spec().shape == episode_shape::one_shot) {
      design = best.steps.front().action;
    } else {
      value::list l;
      for (const auto& s : best.steps) l.push_back(s.action);
      design = std::move(l);
    }
    summary.set("best_episode", best.episode);
    summary.set("best_return", best.total_reward());
    summary.set("best_design", design);
    summary.set("best_metrics", metrics_to_value(best.steps.back().metrics));
    summary.set("best_reported", metrics_to_value(best.reported));
  }
  // Every evaluation failed: the search learnt nothing; say why (first error) and fail the command.
  const bool all_failed = !res.episodes.empty() && res.failures == res.episodes.size();
  std::string first_error;
  if (all_failed && res.episodes.front().extra.is_dict())
    if (const value* e = res.episodes.front().extra.find("error"); e && e->is_string()) first_error = e->as_string();
  if (all_failed)
    std::cerr << "dsegym: every evaluation failed (" << res.failures << " of " << res.episodes.size() << ")"
              << (first_error.empty() ? "" : "; the first: " + first_error) << "\n";
  if (a.json) {
    std::cout << dump_json(summary, 2) << "\n";
    return all_failed ? 1 : 0;
  }
  std::cout << env.spec().id << "  agent " << a.agent << "  seed " << a.seed << "\n";
  std::cout << "  evaluations " << res.episodes.size() << " (" << res.failures << " failed), cost "
            << res.total_cost << " " << env.spec().cost_unit << ", wall " << std::setprecision(3)
            << wall << " s\n";
  std::cout << std::setprecision(6);
  if (res.incumbent) {
    const episode_record& best = res.episodes[*res.incumbent];
    std::cout << "  best: episode " << best.episode << ", return " << best.total_reward()
              << ", design " << summary.at("best_design").to_string() << "\n";
    for (const auto& m : best.steps.back().metrics)
      std::cout << "    " << std::left << std::setw(34) << m.name << m.value << " " << m.unit << "\n";
    for (const auto& m : best.reported)
      std::cout << "    " << std::left << std::setw(34) << (m.name + " (reported)") << m.value << " "
                << m.unit << "\n";
  } else {
    std::cout << "  no successful evaluation\n";
  }
  if (!a.record.empty()) std::cout << "  records appended to " << a.record << "\n";
  return all_failed ? 1 : 0;
}

}  // namespace dsegym::cli

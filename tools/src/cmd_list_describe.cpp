// dsegym list / describe.

#include <iomanip>
#include <iostream>

#include "commands.hpp"
#include "dsegym/envs/default_registry.hpp"
#include "dsegym/json/describe.hpp"

namespace dsegym::cli {

int run_list(const list_args& a) {
  const registry& reg = envs::default_registry();
  if (a.json) {
    value::list out;
    for (const env_entry* e : reg.entries()) out.push_back(describe(*e));
    std::cout << dump_json(value(std::move(out)), 2) << "\n";
    return 0;
  }
  std::cout << std::left << std::setw(28) << "ID" << std::setw(7) << "DATA" << "SUMMARY\n";
  for (const env_entry* e : reg.entries())
    std::cout << std::left << std::setw(28) << e->id << std::setw(7) << (e->needs_data ? "yes" : "-")
              << e->summary << "\n";
  return 0;
}

namespace {
void print_space(const char* label, const any_space& s) {
  std::cout << "  " << label << ": " << dump_json(space_to_value(s)) << "\n";
}
}  // namespace

int run_describe(const describe_args& a) {
  const registry& reg = envs::default_registry();
  const env_entry& entry = reg.find(a.id);
  const value kwargs = parse_json(a.kwargs, "--kwargs");
  std::optional<any_env> env;
  std::string unavailable;
  try {
    env.emplace(reg.make(entry.id, kwargs));
  } catch (const data_error& e) {
    unavailable = e.what();
  }
  if (a.json) {
    value d = env ? describe(*env) : describe(entry);
    if (!unavailable.empty()) d.set("unavailable", unavailable);
    std::cout << dump_json(d, 2) << "\n";
    return 0;
  }
  std::cout << entry.id << " — " << entry.summary << "\n\n";
  std::cout << "kwargs:\n";
  for (const auto& k : entry.kwargs) {
    std::cout << "  " << std::left << std::setw(14) << k.name << " default "
              << k.default_value.to_string();
    if (!k.choices.empty()) {
      std::cout << "  choices";
      for (const auto& c : k.choices) std::cout << " " << c.to_string();
    }
    std::cout << "\n      " << k.description << "\n";
  }
  if (!env) {
    std::cout << "\n(not instantiated: " << unavailable << ")\n";
    return 0;
  }
  const env_spec& s = env->spec();
  // What this instance resolved to (e.g. NB201's backend chosen from the data present).
  std::cout << "\ninstance: " << s.summary << "\nresolved kwargs: " << s.kwargs.to_string() << "\n";
  std::cout << "version: " << s.version() << "   episode: " << to_string(s.shape);
  if (s.max_episode_steps) std::cout << " (max " << *s.max_episode_steps << " steps)";
  std::cout << "\nspaces:\n";
  print_space("action", env->action_space());
  print_space("observation", env->observation_space());
  std::cout << "metrics (info.metrics):\n";
  for (const auto& m : s.metrics)
    std::cout << "  " << std::left << std::setw(34) << m.name << std::setw(8) << m.unit
              << std::setw(5) << to_string(m.dir) << m.description << "\n";
  if (!s.reported_metrics.empty()) {
    std::cout << "reported metrics (report(), never seen by the search):\n";
    for (const auto& m : s.reported_metrics)
      std::cout << "  " << std::left << std::setw(34) << m.name << std::setw(8) << m.unit
                << std::setw(5) << to_string(m.dir) << m.description << "\n";
  }
  std::cout << "reward: " << s.reward << "\ncost unit: " << s.cost_unit << "\n";
  if (!s.data.empty()) {
    std::cout << "data:\n";
    for (const auto& d : s.data) std::cout << "  " << d << "\n";
  }
  return 0;
}

}  // namespace dsegym::cli

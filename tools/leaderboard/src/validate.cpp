#include "dsegym/leaderboard/validate.hpp"

#include <map>
#include <optional>

#include "dsegym/envs/default_registry.hpp"
#include "dsegym/json/record.hpp"

namespace dsegym::leaderboard {

namespace {

std::string num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

/// Compares metric lists by name and exact value; returns a description of the first difference.
std::optional<std::string> compare_metrics(const std::vector<metric>& recorded, const std::vector<metric>& replayed) {
  for (const auto& m : recorded) {
    const metric* r = nullptr;
    for (const auto& x : replayed)
      if (x.name == m.name) r = &x;
    if (r == nullptr) return "metric " + m.name + " recorded but not produced";
    if (!(r->value == m.value) && !(std::isnan(r->value) && std::isnan(m.value)))
      return "metric " + m.name + " recorded " + num(m.value) + ", replay gives " + num(r->value);
  }
  if (replayed.size() != recorded.size()) return "replay produces a different set of metrics";
  return std::nullopt;
}

}  // namespace

validation_result validate_file(const std::string& file) {
  validation_result out;
  const auto records = read_records(file);
  std::map<std::string, any_env> envs;
  for (const auto& rec : records) {
    ++out.episodes;
    const auto add = [&](std::int64_t step, std::string what) {
      out.mismatches.push_back({file, rec.run, rec.episode, step, std::move(what)});
    };
    const std::string key = rec.env_id + " " + rec.env_kwargs.to_string();
    auto it = envs.find(key);
    if (it == envs.end()) {
      try {
        it = envs.emplace(key, envs::default_registry().make(rec.env_id, rec.env_kwargs)).first;
      } catch (const error& e) {
        add(-1, std::string("cannot make the recorded env: ") + e.what());
        continue;
      }
    }
    any_env& env = it->second;
    try {
      (void)env.reset(rec.seed);
      bool ended = false;
      for (std::size_t i = 0; i < rec.steps.size(); ++i) {
        const step_record& s = rec.steps[i];
        ++out.steps;
        const auto step = static_cast<std::int64_t>(i);
        if (ended) {
          add(step, "the recorded episode continues after the replay ended");
          break;
        }
        const auto r = env.step(s.action);
        ended = r.terminated || r.truncated;
        if (!(r.reward == s.reward)) add(step, "reward recorded " + num(s.reward) + ", replay gives " + num(r.reward));
        if (r.terminated != s.terminated || r.truncated != s.truncated) add(step, "terminated/truncated differ");
        if (!(r.info.cost == s.cost)) add(step, "cost recorded " + num(s.cost) + ", replay gives " + num(r.info.cost));
        if (auto d = compare_metrics(s.metrics, r.info.metrics)) add(step, *d);
      }
      const bool failed = rec.extra.find("error") != nullptr;
      if (!ended && !failed && !rec.steps.empty()) add(-1, "the replayed episode did not end where the record ends");
      if (!rec.reported.empty())
        if (auto d = compare_metrics(rec.reported, env.report())) add(-1, "reported " + *d);
    } catch (const error& e) {
      if (rec.extra.find("error") == nullptr) add(-1, std::string("replay failed: ") + e.what());
    }
  }
  return out;
}

}  // namespace dsegym::leaderboard

#include "dsegym/leaderboard/spec.hpp"

#include <cmath>
#include <set>

#include "dsegym/agents/catalog.hpp"
#include "dsegym/envs/default_registry.hpp"
#include "dsegym/leaderboard/suite.hpp"

namespace dsegym::leaderboard {

namespace {

agents::budget parse_budget(const value& v, const std::string& where) {
  if (!v.is_dict()) throw invalid_argument("leaderboard", where + ": budget must be an object {kind, amount}");
  agents::budget b;
  const std::string& kind = v.at("kind").as_string();
  if (kind == "evaluations") {
    b.kind = agents::budget_kind::evaluations;
  } else if (kind == "cost") {
    b.kind = agents::budget_kind::cost;
  } else {
    throw invalid_argument("leaderboard", where + ": budget kind \"" + kind + "\" is not evaluations or cost");
  }
  b.amount = v.at("amount").as_real();
  if (!(b.amount > 0)) throw invalid_argument("leaderboard", where + ": budget amount must be > 0");
  return b;
}

std::string sanitize(std::string s) {
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  return s;
}

void check_keys(const value& v, std::initializer_list<const char*> known, const std::string& where) {
  for (const auto& [k, x] : v.as_dict()) {
    bool ok = false;
    for (const char* n : known) ok = ok || k == n;
    if (!ok) {
      std::string valid;
      for (const char* n : known) valid += (valid.empty() ? "" : ", ") + std::string(n);
      throw invalid_argument("leaderboard", where + ": unknown key \"" + k + "\"; valid: " + valid);
    }
  }
}

}  // namespace

leaderboard_spec parse_spec(const value& v) {
  if (!v.is_dict()) throw invalid_argument("leaderboard", "a leaderboard spec must be a JSON object");
  check_keys(v, {"name", "seeds", "budget", "envs", "agents", "metrics"}, "spec");
  leaderboard_spec s;
  s.source = v;
  if (const value* n = v.find("name")) s.name = n->as_string();
  const value& seeds = v.at("seeds");
  if (seeds.is_list()) {
    for (const auto& x : seeds.as_list()) s.seeds.push_back(static_cast<std::uint64_t>(x.as_int()));
  } else {
    const auto n = seeds.as_int();
    if (n < 1 || n > 10000) throw invalid_argument("leaderboard", "seeds must be in 1..10000");
    for (std::int64_t i = 0; i < n; ++i) s.seeds.push_back(static_cast<std::uint64_t>(i));
  }
  if (s.seeds.empty()) throw invalid_argument("leaderboard", "at least one seed is needed");
  if (std::set<std::uint64_t>(s.seeds.begin(), s.seeds.end()).size() != s.seeds.size())
    throw invalid_argument("leaderboard", "seeds must be distinct");
  std::optional<agents::budget> default_budget;
  if (const value* b = v.find("budget")) default_budget = parse_budget(*b, "spec");
  if (const value* m = v.find("metrics"))
    for (const auto& x : m->as_list()) s.metrics.push_back(x.as_string());

  const registry& reg = envs::default_registry();
  std::set<std::string> labels;
  if (v.at("envs").size() == 0) throw invalid_argument("leaderboard", "the spec lists no envs");
  for (const auto& e : v.at("envs").as_list()) {
    check_keys(e, {"id", "kwargs", "budget", "score", "label", "problem", "reference"}, "env");
    env_entry_spec es;
    const env_entry& entry = reg.find(e.at("id").as_string());
    es.id = entry.id;
    es.problem = e.find("problem") ? e.at("problem").as_string() : es.id;
    if (const value* r = e.find("reference")) {
      if (!r->is_dict()) throw invalid_argument("leaderboard", es.id + ": reference must be an object {best, random, method}");
      check_keys(*r, {"best", "random", "method"}, es.id + " reference");
      reference_values rv;
      rv.best = r->at("best").as_real();
      rv.random = r->at("random").as_real();
      if (const value* m = r->find("method")) rv.method = m->as_string();
      if (!std::isfinite(rv.best) || !std::isfinite(rv.random) || rv.best == rv.random)
        throw invalid_argument("leaderboard", es.id + ": reference best and random must be finite and differ");
      es.reference = rv;
    }
    if (const value* k = e.find("kwargs")) es.kwargs = *k;
    any_env env = reg.make(es.id, es.kwargs);  // validates kwargs (and data presence)
    es.kwargs = env.spec().kwargs;
    const env_spec& spec = env.spec();
    es.cost_unit = spec.cost_unit;
    if (const value* b = e.find("budget")) {
      es.budget = parse_budget(*b, es.id);
    } else if (default_budget) {
      es.budget = *default_budget;
    } else if (!entry.leaderboard_budget.is_null()) {
      es.budget = parse_budget(entry.leaderboard_budget, es.id);
    }
    const value* sc = e.find("score");
    std::string metric = sc ? sc->at("metric").as_string()
                            : (spec.reported_metrics.empty() ? "return" : spec.reported_metrics.front().name);
    std::string source = sc && sc->find("source") ? sc->at("source").as_string()
                                                   : (metric == "return" ? "return" : "");
    if (metric == "return") {
      es.score = {"return", "return", true};
    } else {
      bool reported = false, final_metric = false;
      for (const auto& m : spec.reported_metrics) reported = reported || m.name == metric;
      for (const auto& m : spec.metrics) final_metric = final_metric || m.name == metric;
      if (source.empty()) source = reported ? "reported" : "final";
      if ((source == "reported" && !reported) || (source == "final" && !final_metric) ||
          (source != "reported" && source != "final"))
        throw invalid_argument("leaderboard", es.id + ": score metric \"" + metric + "\" (source \"" +
                                                  source + "\") is not a metric of the env");
      es.score = {metric, source, spec.find_metric(metric)->dir == direction::maximize};
    }
    if (es.reference && (es.score.maximize ? es.reference->best < es.reference->random
                                           : es.reference->best > es.reference->random))
      throw invalid_argument("leaderboard", es.id + ": reference best " + std::to_string(es.reference->best) +
                                                " is worse than its random expectation " +
                                                std::to_string(es.reference->random));
    es.label = e.find("label") ? e.at("label").as_string() : es.id;
    if (labels.count(es.label)) es.label += "#" + std::to_string(labels.size());
    labels.insert(es.label);
    s.envs.push_back(std::move(es));
  }
  labels.clear();
  if (v.at("agents").size() == 0) throw invalid_argument("leaderboard", "the spec lists no agents");
  for (const auto& a : v.at("agents").as_list()) {
    check_keys(a, {"name", "config", "label"}, "agent");
    agent_entry_spec as;
    as.name = a.at("name").as_string();
    const agents::agent_info& info = agents::find_agent(as.name);
    as.config = agents::resolve_config(info, a.find("config") ? *a.find("config") : value::dict{});
    as.label = a.find("label") ? a.at("label").as_string() : as.name;
    if (labels.count(as.label)) as.label += "#" + std::to_string(labels.size());
    labels.insert(as.label);
    s.agents.push_back(std::move(as));
  }
  for (auto& e : s.envs) e.label = sanitize(e.label);
  for (auto& a : s.agents) a.label = sanitize(a.label);
  return s;
}

value default_spec_value(int seeds, std::vector<std::string>& skipped) {
  const registry& reg = envs::default_registry();
  value::list envs;
  std::set<std::string> covered;
  for (const suite_instance& in : default_suite()) {
    covered.insert(in.id);
    if (!reg.contains(in.id)) {
      skipped.push_back(in.label + ": " + in.id + " is not built");
      continue;
    }
    try {
      (void)reg.make(in.id, in.kwargs);
      envs.push_back(instance_entry(in));
    } catch (const data_error& err) {
      skipped.push_back(in.label + ": " + err.what());
    }
  }
  // Registered envs without a suite: their default kwargs and budget, normalised empirically.
  for (const env_entry* e : reg.entries()) {
    if (covered.count(e->id)) continue;
    try {
      (void)reg.make(e->id);
      envs.push_back(value::dict{{"id", e->id}});
    } catch (const data_error& err) {
      skipped.push_back(e->id + ": " + err.what());
    }
  }
  value::list agents;
  for (const auto& a : agents::agent_catalog()) agents.push_back(value::dict{{"name", a.name}});
  return value::dict{{"name", "default"}, {"seeds", seeds}, {"envs", std::move(envs)}, {"agents", std::move(agents)}};
}

}  // namespace dsegym::leaderboard

// dsegym eval: evaluate one given design (no agent) and print every metric.
//
// A design is either JSON (the action exactly as the env's action space takes it; for sequential
// envs the list of actions of one episode) or `knob=value` pairs with readable names. Knob names
// and value labels come from the keys of a Dict action space, or from the env's reset info
// (`knob_names`, and `knob_choices` with one label list per knob); values may also be indices.

#include <algorithm>
#include <cctype>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "dsegym/envs/default_registry.hpp"
#include "dsegym/json/describe.hpp"

namespace dsegym::cli {

namespace {

[[noreturn]] void bad_design(const std::string& msg) { throw invalid_argument("eval", msg); }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\n") - b + 1);
}

// "a=1,b=x" and "a=1 b=x" (several --design words are joined with spaces).
std::vector<std::pair<std::string, std::string>> split_pairs(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string item;
  std::istringstream in(text);
  std::string word;
  std::vector<std::string> items;
  while (in >> word) {
    std::size_t start = 0;
    while (start <= word.size()) {
      const std::size_t comma = word.find(',', start);
      const std::string part = word.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!part.empty()) items.push_back(part);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  for (const auto& it : items) {
    const auto eq = it.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == it.size())
      bad_design("\"" + it + "\" is not knob=value (a design is JSON or knob=value pairs)");
    out.emplace_back(trim(it.substr(0, eq)), trim(it.substr(eq + 1)));
  }
  if (out.empty()) bad_design("empty design");
  return out;
}

std::optional<std::int64_t> as_integer(const std::string& s) {
  if (s.empty()) return std::nullopt;
  std::size_t used = 0;
  try {
    const long long v = std::stoll(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

// A scalar from text: JSON when it parses (numbers, true/false, "strings"), else the plain string.
value scalar_of(const std::string& s) {
  try {
    return parse_json(s, "value");
  } catch (const error&) {
    return value(s);
  }
}

std::string plain(const value& v) { return v.is_string() ? v.as_string() : v.to_string(); }

struct knob {
  std::string name;
  std::int64_t low = 0, n = 0;            // indices low .. low + n - 1
  std::vector<std::string> labels;        // optional, one per index
};

std::string knob_help(const std::vector<knob>& knobs) {
  std::string s;
  for (std::size_t i = 0; i < knobs.size(); ++i) {
    const knob& k = knobs[i];
    if (i) s.append("; ");
    s.append(k.name).append(" ");
    if (!k.labels.empty()) {
      s += "{";
      for (std::size_t j = 0; j < k.labels.size(); ++j) {
        if (j) s.append(",");
        s.append(k.labels[j]);
      }
      s += "}";
    } else {
      s.append("[").append(std::to_string(k.low)).append(",").append(std::to_string(k.low + k.n - 1)).append("]");
    }
  }
  return s;
}

// Index of a value text for one knob: a label (case-insensitive) first, then an index.
std::int64_t knob_index(const knob& k, const std::string& text) {
  for (std::size_t j = 0; j < k.labels.size(); ++j)
    if (lower(k.labels[j]) == lower(text)) return k.low + static_cast<std::int64_t>(j);
  if (const auto v = as_integer(text); v && *v >= k.low && *v < k.low + k.n && k.labels.empty()) return *v;
  std::string valid;
  if (!k.labels.empty()) {
    for (std::size_t j = 0; j < k.labels.size(); ++j) {
      if (j) valid.append(", ");
      valid.append(k.labels[j]);
    }
  } else {
    valid = "an integer in [" + std::to_string(k.low) + ", " + std::to_string(k.low + k.n - 1) + "]";
  }
  bad_design("knob " + k.name + " = \"" + text + "\" is not valid; valid: " + valid);
}

// Knobs of a MultiDiscrete (or Discrete) action, named from the reset info when it names them.
std::vector<knob> knobs_of(const any_space& space, const value& extra) {
  std::vector<knob> knobs;
  if (const auto* md = space.get_if<multi_discrete>()) {
    for (std::size_t i = 0; i < md->size(); ++i)
      knobs.push_back({std::to_string(i), md->start()[i], md->nvec()[i], {}});
  } else if (const auto* d = space.get_if<discrete>()) {
    knobs.push_back({"0", d->start(), d->n(), {}});
  } else {
    return knobs;
  }
  if (extra.is_dict()) {
    if (const value* names = extra.find("knob_names"); names && names->is_list() && names->size() == knobs.size())
      for (std::size_t i = 0; i < knobs.size(); ++i) knobs[i].name = plain(names->as_list()[i]);
    if (const value* ch = extra.find("knob_choices"); ch && ch->is_list() && ch->size() == knobs.size())
      for (std::size_t i = 0; i < knobs.size(); ++i) {
        const value& l = ch->as_list()[i];
        if (!l.is_list() || static_cast<std::int64_t>(l.size()) != knobs[i].n) continue;
        for (const auto& c : l.as_list()) knobs[i].labels.push_back(plain(c));
      }
  }
  return knobs;
}

// knob=value pairs -> the action value of a one-shot env.
value action_from_pairs(const any_space& space, const value& reset_extra,
                        const std::vector<std::pair<std::string, std::string>>& pairs) {
  if (const auto* ds = space.get_if<dict_space>()) {
    value::dict d;
    for (const auto& [k, v] : pairs) {
      bool known = false;
      for (const auto& [key, sub] : ds->spaces()) known = known || key == k;
      if (!known) {
        std::string keys;
        for (const auto& [key, sub] : ds->spaces()) keys.append(keys.empty() ? "" : ", ").append(key);
        bad_design("unknown knob \"" + k + "\"; knobs: " + keys);
      }
      d.emplace_back(k, scalar_of(v));
    }
    // Keys in the space's order; missing keys are left to the space's own message.
    value::dict ordered;
    for (const auto& [key, sub] : ds->spaces())
      for (const auto& e : d)
        if (e.first == key) ordered.push_back(e);
    return value(std::move(ordered));
  }
  std::vector<knob> knobs = knobs_of(space, reset_extra);
  if (knobs.empty())
    bad_design(std::string("knob=value designs need a MultiDiscrete, Discrete or Dict action space; this env's is ") +
               std::string(space.type_name()) + ": give the action as JSON");
  std::vector<std::optional<std::int64_t>> idx(knobs.size());
  for (const auto& [name, text] : pairs) {
    std::size_t hit = knobs.size();
    for (std::size_t i = 0; i < knobs.size(); ++i)
      if (lower(knobs[i].name) == lower(name) || std::to_string(i) == name) hit = i;
    if (hit == knobs.size()) bad_design("unknown knob \"" + name + "\"; knobs: " + knob_help(knobs));
    if (idx[hit]) bad_design("knob " + knobs[hit].name + " given twice");
    idx[hit] = knob_index(knobs[hit], text);
  }
  std::string missing;
  for (std::size_t i = 0; i < knobs.size(); ++i)
    if (!idx[i]) missing.append(missing.empty() ? "" : ", ").append(knobs[i].name);
  if (!missing.empty()) bad_design("missing knobs: " + missing + " (every knob needs a value; knobs: " + knob_help(knobs) + ")");
  if (space.get_if<discrete>()) return value(*idx[0]);
  std::vector<std::int64_t> v;
  for (const auto& i : idx) v.push_back(*i);
  return value::from_vector(v);
}

// One action of a sequential env from text: JSON, or a label of the Discrete alphabet.
value sequential_action(const any_space& space, const value& reset_extra, const std::string& text) {
  try {
    return parse_json(text, "action");
  } catch (const error&) {
  }
  const std::vector<knob> k = knobs_of(space, reset_extra);
  if (k.size() == 1 && !k[0].labels.empty()) return value(knob_index(k[0], text));
  bad_design("action \"" + text + "\" is not JSON and this env names no action labels");
}

bool looks_like_json(const std::string& s) {
  const std::string t = trim(s);
  return !t.empty() && (t[0] == '{' || t[0] == '[' || t[0] == '"' || as_integer(t).has_value());
}

struct step_out {
  value action;
  double reward = 0;
  bool terminated = false, truncated = false;
  step_info info;
};

}  // namespace

int run_eval(const eval_args& a) {
  const registry& reg = envs::default_registry();
  any_env env = reg.make(a.id, parse_json(a.kwargs, "--kwargs"));
  const env_spec& spec = env.spec();
  const std::string text = a.design;
  if (trim(text).empty()) bad_design("--design is empty");

  auto reset = env.reset(a.seed);
  std::vector<value> actions;
  if (spec.shape == episode_shape::one_shot) {
    actions.push_back(looks_like_json(text) ? parse_json(text, "--design")
                                            : action_from_pairs(env.action_space(), reset.info.extra, split_pairs(text)));
  } else {
    if (looks_like_json(text) && trim(text)[0] == '[') {
      value v = parse_json(text, "--design");
      for (const auto& x : v.as_list()) actions.push_back(x);
    } else {
      // Comma- or space-separated actions: labels of a Discrete alphabet or JSON scalars.
      std::string norm = text;
      std::replace(norm.begin(), norm.end(), ',', ' ');
      std::istringstream in(norm);
      std::string w;
      while (in >> w) actions.push_back(sequential_action(env.action_space(), reset.info.extra, w));
    }
    if (actions.empty()) bad_design("a sequential env needs a non-empty list of actions");
  }

  std::vector<step_out> steps;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (!steps.empty() && (steps.back().terminated || steps.back().truncated))
      bad_design("the episode ended after " + std::to_string(steps.size()) + " actions; " +
                 std::to_string(actions.size() - steps.size()) + " left over");
    auto r = env.step(actions[i]);
    steps.push_back({actions[i], r.reward, r.terminated, r.truncated, std::move(r.info)});
  }
  const std::vector<metric> reported = env.report();
  const step_out& last = steps.back();
  double ret = 0;
  for (const auto& s : steps) ret += s.reward;
  const bool done = last.terminated || last.truncated;
  // A design the env evaluated as infeasible says so in extra.valid / extra.error.
  bool valid = true;
  std::string reason;
  if (last.info.extra.is_dict()) {
    if (const value* v = last.info.extra.find("valid"); v && v->is_bool()) valid = v->as_bool();
    if (const value* r = last.info.extra.find("reason"); r && r->is_string()) reason = r->as_string();
    if (const value* e = last.info.extra.find("error"); e && e->is_string()) {
      valid = false;
      reason = e->as_string();
    }
  }

  if (a.json) {
    value out;
    out.set("env", spec.id);
    out.set("kwargs", spec.kwargs);
    out.set("seed", static_cast<std::int64_t>(a.seed));
    value::list acts;
    for (const auto& s : steps) acts.push_back(s.action);
    out.set("design", spec.shape == episode_shape::one_shot ? steps.front().action : value(std::move(acts)));
    out.set("return", ret);
    out.set("done", done);
    out.set("valid", valid);
    if (!reason.empty()) out.set("reason", reason);
    out.set("metrics", metrics_to_value(last.info.metrics));
    value units;
    for (const auto& m : last.info.metrics) units.set(m.name, m.unit);
    for (const auto& m : reported) units.set(m.name, m.unit);
    out.set("units", units);
    out.set("reported", metrics_to_value(reported));
    value::list sl;
    for (const auto& s : steps) {
      value v = info_to_value(s.info);
      v.set("action", s.action);
      v.set("reward", s.reward);
      v.set("terminated", s.terminated);
      v.set("truncated", s.truncated);
      sl.push_back(std::move(v));
    }
    out.set("steps", value(std::move(sl)));
    std::cout << dump_json(out, 2) << "\n";
    return valid ? 0 : 1;
  }

  std::cout << spec.id << "  seed " << a.seed << "\n";
  if (spec.shape == episode_shape::one_shot) {
    std::cout << "  design " << steps.front().action.to_string() << "\n";
  } else {
    std::cout << "  " << steps.size() << " actions";
    if (!done) std::cout << " (episode not finished: the env would take more)";
    std::cout << "\n";
  }
  if (last.info.extra.is_dict())
    if (const value* d = last.info.extra.find("design")) std::cout << "  = " << d->to_string() << "\n";
  std::cout << std::setprecision(6) << "  return " << ret << ", cost " << last.info.cost << " "
            << spec.cost_unit << "\n";
  if (!valid) std::cout << "  INVALID design" << (reason.empty() ? "" : ": " + reason) << "\n";
  for (const auto& m : last.info.metrics)
    std::cout << "    " << std::left << std::setw(34) << m.name << std::setw(14) << m.value << " " << m.unit
              << "\n";
  for (const auto& m : reported)
    std::cout << "    " << std::left << std::setw(34) << (m.name + " (reported)") << std::setw(14) << m.value
              << " " << m.unit << "\n";
  return valid ? 0 : 1;
}

}  // namespace dsegym::cli

#include "dsegym/sim/llmsys/architecture.hpp"

#include <array>
#include <set>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::llmsys {

namespace {
constexpr std::array<std::string_view, 7> type_names = {
    "generator", "fuser", "critic", "ranker", "verifier", "unit_test_generator", "unit_test_evaluator"};

std::string where(std::size_t l, std::size_t c) {
  return "layer " + std::to_string(l) + " component " + std::to_string(c);
}
invalid_argument rule_error(std::string_view rule, const std::string& what) {
  return invalid_argument("llmsys", "illegal architecture (" + std::string(rule) + "): " + what);
}
}  // namespace

std::string_view to_string(component_type t) noexcept { return type_names[static_cast<std::size_t>(t)]; }

component_type parse_component_type(std::string_view name) {
  for (std::size_t i = 0; i < type_names.size(); ++i)
    if (type_names[i] == name) return static_cast<component_type>(i);
  std::string valid;
  for (auto n : type_names) valid += (valid.empty() ? "" : ", ") + std::string(n);
  throw invalid_argument("llmsys", "unknown component type \"" + std::string(name) + "\"; valid: " + valid);
}

architecture architecture_from_value(const value& v) {
  if (!v.is_dict()) throw invalid_argument("llmsys", "an architecture must be a JSON object, got " + v.to_string());
  architecture a;
  for (const auto& [k, x] : v.as_dict()) {
    if (k != "name" && k != "layers" && k != "custom")
      throw invalid_argument("llmsys", "unknown architecture key \"" + k + "\"; valid: name, layers, custom");
  }
  if (const value* n = v.find("name")) {
    if (!n->is_string()) throw invalid_argument("llmsys", "architecture \"name\" must be a string");
    a.name = n->as_string();
  }
  const value* layers = v.find("layers");
  if (layers == nullptr || !layers->is_list())
    throw invalid_argument("llmsys", "architecture needs \"layers\": a list of layers");
  const std::set<std::string> keys = {"type", "model", "model_type", "temperature", "max_tokens", "samples",
                                      "top_k", "use_critiques", "first_k", "first_pass", "unit_test_cap",
                                      "remove_unit_tests_from_prompt", "length_control", "no_system",
                                      "ranker_batch_size", "checkpoint"};
  std::size_t li = 0;
  for (const value& lv : layers->as_list()) {
    const value* comps = &lv;
    if (lv.is_dict()) {  // legacy {"models": [...]}
      comps = lv.find("models");
      if (comps == nullptr) throw invalid_argument("llmsys", "layer " + std::to_string(li) + ": an object layer needs \"models\"");
    }
    if (!comps->is_list()) throw invalid_argument("llmsys", "layer " + std::to_string(li) + " must be a list of components");
    layer out;
    std::size_t ci = 0;
    for (const value& cv : comps->as_list()) {
      const std::string at = where(li, ci);
      if (!cv.is_dict()) throw invalid_argument("llmsys", at + " must be an object");
      for (const auto& [k, x] : cv.as_dict())
        if (!keys.count(k)) {
          std::string valid;
          for (const auto& s : keys) valid += (valid.empty() ? "" : ", ") + s;
          throw invalid_argument("llmsys", at + ": unknown key \"" + k + "\"; valid: " + valid);
        }
      const auto get_int = [&](const char* key, int& dst) {
        if (const value* x = cv.find(key)) {
          if (!x->is_number()) throw invalid_argument("llmsys", at + ": \"" + key + "\" must be an integer");
          dst = static_cast<int>(x->as_int());
        }
      };
      const auto get_bool = [&](const char* key, bool& dst) {
        if (const value* x = cv.find(key)) {
          if (!x->is_bool()) throw invalid_argument("llmsys", at + ": \"" + key + "\" must be true or false");
          dst = x->as_bool();
        }
      };
      component c;
      const value* t = cv.find("type");
      if (t == nullptr || !t->is_string()) throw invalid_argument("llmsys", at + " needs a string \"type\"");
      c.type = parse_component_type(t->as_string());
      const value* m = cv.find("model");
      if (m == nullptr || !m->is_string()) throw invalid_argument("llmsys", at + " needs a string \"model\"");
      c.model = m->as_string();
      if (const value* x = cv.find("temperature")) {
        if (!x->is_number()) throw invalid_argument("llmsys", at + ": \"temperature\" must be a number");
        c.temperature = x->as_real();
      }
      if (c.type == component_type::ranker || c.type == component_type::critic || c.type == component_type::fuser)
        c.max_tokens = 8192;
      get_int("max_tokens", c.max_tokens);
      get_int("samples", c.samples);
      get_int("top_k", c.top_k);
      get_int("first_k", c.first_k);
      bool first_pass = false;
      get_bool("first_pass", first_pass);
      if (first_pass && c.first_k == 0) c.first_k = 1;
      get_int("unit_test_cap", c.unit_test_cap);
      get_bool("use_critiques", c.use_critiques);
      get_bool("remove_unit_tests_from_prompt", c.remove_unit_tests_from_prompt);
      get_bool("length_control", c.length_control);
      out.push_back(std::move(c));
      ++ci;
    }
    a.layers.push_back(std::move(out));
    ++li;
  }
  return a;
}

value to_value(const architecture& a) {
  value::list layers;
  for (const auto& l : a.layers) {
    value::list comps;
    for (const auto& c : l) {
      value::dict d{{"type", std::string(to_string(c.type))}, {"model", c.model}, {"model_type", "sim"},
                    {"temperature", c.temperature}, {"max_tokens", c.max_tokens}, {"samples", c.samples}};
      if (c.top_k) d.emplace_back("top_k", c.top_k);
      if (c.use_critiques) d.emplace_back("use_critiques", true);
      if (c.first_k) d.emplace_back("first_k", c.first_k);
      if (c.type == component_type::unit_test_generator) d.emplace_back("unit_test_cap", c.unit_test_cap);
      if (c.remove_unit_tests_from_prompt) d.emplace_back("remove_unit_tests_from_prompt", true);
      if (c.length_control) d.emplace_back("length_control", true);
      comps.emplace_back(std::move(d));
    }
    layers.emplace_back(std::move(comps));
  }
  return value::dict{{"name", a.name}, {"layers", std::move(layers)}};
}

void check_layer_rules(const architecture& a) {
  using ct = component_type;
  if (a.layers.empty()) throw rule_error("empty", "an architecture needs at least one layer");
  for (std::size_t l = 0; l < a.layers.size(); ++l) {
    const layer& ly = a.layers[l];
    if (ly.empty()) throw rule_error("empty", "layer " + std::to_string(l) + " has no component");
    for (std::size_t c = 0; c < ly.size(); ++c) {
      const component& x = ly[c];
      const std::string at = where(l, c) + " (" + std::string(to_string(x.type)) + ")";
      if (x.model.empty()) throw invalid_argument("llmsys", at + ": model name is empty");
      if (!(x.temperature > 0.0 && x.temperature <= 2.0))
        throw invalid_argument("llmsys", at + ": temperature " + std::to_string(x.temperature) + " must be in (0, 2]");
      if (x.samples < 1 || x.samples > 1000)
        throw invalid_argument("llmsys", at + ": samples = " + std::to_string(x.samples) + " must be in 1..1000");
      if (x.max_tokens < 1) throw invalid_argument("llmsys", at + ": max_tokens must be >= 1");
      if (x.top_k < 0 || x.first_k < 0) throw invalid_argument("llmsys", at + ": top_k and first_k must be >= 0");
      if (x.unit_test_cap < 1 || x.unit_test_cap > 32)
        throw invalid_argument("llmsys", at + ": unit_test_cap = " + std::to_string(x.unit_test_cap) + " must be in 1..32");
      // R1
      if (x.type != ly[0].type)
        throw rule_error("R1", "layer " + std::to_string(l) + " mixes " + std::string(to_string(ly[0].type)) +
                                   " and " + std::string(to_string(x.type)) + "; one component type per layer");
    }
    const ct t = ly[0].type;
    const bool repo_ut_form = l == 0 && t == ct::unit_test_generator && a.layers.size() > 1 &&
                              !a.layers[1].empty() && a.layers[1][0].type == ct::generator;
    // R2
    if (t == ct::generator) {
      const bool after_repo_ut = l == 1 && !a.layers[0].empty() && a.layers[0][0].type == ct::unit_test_generator;
      if (l != 0 && !after_repo_ut)
        throw rule_error("R2", "generators only in the first layer, found in layer " + std::to_string(l));
    }
    // R4 / R5: not in the first layer
    if (l == 0 && t != ct::generator && !repo_ut_form)
      throw rule_error(t == ct::fuser ? "R5" : "R4",
                       std::string(to_string(t)) + " cannot be in the first layer; it must start with generators");
    if (t != ct::generator && t != ct::fuser && ly.size() != 1)
      throw rule_error("R4", std::string(to_string(t)) + " must be alone in its layer; layer " + std::to_string(l) +
                                 " has " + std::to_string(ly.size()) + " components");
    // R3
    if (t == ct::critic) {
      const bool ok = l + 1 < a.layers.size() && !a.layers[l + 1].empty() &&
                      (a.layers[l + 1][0].type == ct::ranker || a.layers[l + 1][0].type == ct::fuser);
      if (!ok) throw rule_error("R3", "the critic in layer " + std::to_string(l) + " must be followed by a ranker or fuser layer");
    }
    // R6
    if (t == ct::unit_test_generator) {
      const std::size_t want = repo_ut_form ? 2 : l + 1;
      const bool ok = want < a.layers.size() && !a.layers[want].empty() &&
                      a.layers[want][0].type == ct::unit_test_evaluator;
      if (!ok)
        throw rule_error("R6", "the unit-test generator in layer " + std::to_string(l) +
                                   " must be followed by a unit-test evaluator in layer " + std::to_string(want));
    }
    if (t == ct::unit_test_evaluator) {
      const bool prev = l >= 1 && !a.layers[l - 1].empty() && a.layers[l - 1][0].type == ct::unit_test_generator;
      const bool repo = l == 2 && !a.layers[0].empty() && a.layers[0][0].type == ct::unit_test_generator &&
                        a.layers[1][0].type == ct::generator;
      if (!prev && !repo)
        throw rule_error("R6", "the unit-test evaluator in layer " + std::to_string(l) +
                                   " needs a unit-test generator in the layer before it");
    }
  }
}

}  // namespace dsegym::sim::llmsys

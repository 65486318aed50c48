#pragma once
// Inference architectures (spec §3): layers of components, their JSON form, and the layer rules
// of spec §2 checked with clear errors.
//
// Rules: R1 one component type per layer; R2 generators only in the first layer; R3 a critic must
// be followed by a ranker or fuser layer; R4 ranker, critic, verifier and unit-test generator /
// evaluator go anywhere but the first layer, each alone in its layer; R5 fusers anywhere but the
// first layer, several per layer allowed; R6 a unit-test generator is followed by the unit-test
// evaluator in the next layer. The repository's form [UT gen] → [generators] → [UT eval] is
// accepted too (the UT generator then sits in layer 0 and the generators see its tests).
// A configuration is also invalid when a call's expected input exceeds its model's context window
// (checked by simulator::validate, which knows the models and the benchmark).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dsegym/core/value.hpp"

namespace dsegym::sim::llmsys {

enum class component_type { generator, fuser, critic, ranker, verifier, unit_test_generator, unit_test_evaluator };

[[nodiscard]] std::string_view to_string(component_type t) noexcept;
/// Parses a §1 type name; unknown names throw invalid_argument listing the valid ones.
[[nodiscard]] component_type parse_component_type(std::string_view name);

struct component {
  component_type type = component_type::generator;
  std::string model;
  double temperature = 0.7;
  int max_tokens = 2048;         ///< output cap (8192 is the paper's value for ranker, critic, fuser)
  int samples = 1;               ///< generator / fuser outputs
  int top_k = 0;                 ///< ranker / UT evaluator: candidates kept (0 = ranker 5, UT eval 1)
  bool use_critiques = false;    ///< ranker reads the critiques
  int first_k = 0;               ///< verifier / UT evaluator: stop after k accepted (0 = examine all)
  int unit_test_cap = 5;         ///< UT generator: tests written
  bool remove_unit_tests_from_prompt = false;  ///< UT evaluator strips the tests from the query
  bool length_control = false;   ///< fuser: no longer than the longest input

  friend bool operator==(const component&, const component&) = default;
};

using layer = std::vector<component>;

struct architecture {
  std::string name;
  std::vector<layer> layers;

  friend bool operator==(const architecture&, const architecture&) = default;
};

/// Parses the spec §3 JSON form (already parsed into a dsegym::value): {"name", "layers": [[{...}]]};
/// the legacy layer form {"models": [...]} (a list of components) is accepted. Unknown keys,
/// wrong kinds and out-of-range numbers throw invalid_argument naming the layer and component.
[[nodiscard]] architecture architecture_from_value(const value& v);
[[nodiscard]] value to_value(const architecture& a);

/// Checks the layer rules R1–R6 and the per-component parameter ranges; throws invalid_argument
/// naming the rule, the layer and the component. (Models and context are checked by the simulator.)
void check_layer_rules(const architecture& a);

}  // namespace dsegym::sim::llmsys

// The §3 JSON form and the §2 layer rules, with errors naming the rule, layer and component.

#include <dsegym/json/value.hpp>

#include "test_support.hpp"

using namespace llmsys_test;
using ct = component_type;
using dsegym::parse_json;

namespace {
const char* spec_example = R"({"name": "2x3-critic-rank3-fuse", "layers": [
  [{"type": "generator", "model": "A", "model_type": "sim", "samples": 3, "temperature": 0.7},
   {"type": "generator", "model": "B", "model_type": "sim", "samples": 3, "temperature": 0.7}],
  [{"type": "critic", "model": "A", "model_type": "sim"}],
  [{"type": "ranker", "model": "A", "model_type": "sim", "top_k": 3, "use_critiques": true}],
  [{"type": "fuser", "model": "A", "model_type": "sim"}]]})";

architecture arch(std::vector<layer> layers) { return {"t", std::move(layers)}; }
const component gen = make(ct::generator, "A"), fuse = make(ct::fuser, "A"), critic = make(ct::critic, "A"),
                rank = make(ct::ranker, "A"), verify = make(ct::verifier, "A"),
                utgen = make(ct::unit_test_generator, "A"), uteval = make(ct::unit_test_evaluator, "A");
}  // namespace

TEST(LlmsysArchitecture, ParsesTheSpecExampleAndRoundTrips) {
  const architecture a = architecture_from_value(parse_json(spec_example));
  EXPECT_EQ(a.name, "2x3-critic-rank3-fuse");
  ASSERT_EQ(a.layers.size(), 4u);
  EXPECT_EQ(a.layers[0].size(), 2u);
  EXPECT_EQ(a.layers[0][1].model, "B");
  EXPECT_EQ(a.layers[0][1].samples, 3);
  EXPECT_EQ(a.layers[2][0].top_k, 3);
  EXPECT_TRUE(a.layers[2][0].use_critiques);
  EXPECT_EQ(a.layers[3][0].max_tokens, 8192);  // fuser default
  EXPECT_EQ(a.layers[0][0].max_tokens, 2048);
  EXPECT_NO_THROW(check_layer_rules(a));
  EXPECT_EQ(architecture_from_value(to_value(a)), a);
}

TEST(LlmsysArchitecture, LegacyModelsLayerAndFirstPassAreAccepted) {
  const architecture a = architecture_from_value(parse_json(R"({"layers": [
    {"models": [{"type": "generator", "model": "A", "samples": 2}]},
    [{"type": "unit_test_generator", "model": "A", "unit_test_cap": 3}],
    [{"type": "unit_test_evaluator", "model": "A", "first_pass": true}]]})"));
  EXPECT_EQ(a.layers[0][0].samples, 2);
  EXPECT_EQ(a.layers[1][0].unit_test_cap, 3);
  EXPECT_EQ(a.layers[2][0].first_k, 1);
  EXPECT_NO_THROW(check_layer_rules(a));
}

TEST(LlmsysArchitecture, MalformedJsonIsAClearError) {
  expect_error<dsegym::invalid_argument>([] { (void)architecture_from_value(parse_json(R"({"layers": [[{"type": "judge", "model": "A"}]]})")); },
                                         {"\"judge\"", "generator", "unit_test_evaluator"});
  expect_error<dsegym::invalid_argument>([] { (void)architecture_from_value(parse_json(R"({"layers": [[{"type": "generator", "model": "A", "sample": 2}]]})")); },
                                         {"layer 0 component 0", "\"sample\"", "samples"});
  expect_error<dsegym::invalid_argument>([] { (void)architecture_from_value(parse_json(R"({"layers": [[{"type": "generator"}]]})")); },
                                         {"layer 0 component 0", "\"model\""});
  expect_error<dsegym::invalid_argument>([] { (void)architecture_from_value(parse_json(R"({"name": "x"})")); }, {"\"layers\""});
}

TEST(LlmsysArchitecture, EachLayerRuleViolationNamesItsRule) {
  expect_error<dsegym::invalid_argument>([] { check_layer_rules(arch({{gen}, {fuse, critic}})); }, {"R1", "layer 1"});
  expect_error<dsegym::invalid_argument>([] { check_layer_rules(arch({{gen}, {fuse}, {gen}})); }, {"R2", "layer 2"});
  expect_error<dsegym::invalid_argument>([] { check_layer_rules(arch({{gen}, {critic}, {verify}})); }, {"R3", "layer 1"});
  expect_error<dsegym::invalid_argument>([] { check_layer_rules(arch({{gen}, {critic}})); }, {"R3"});
  expect_error<dsegym::invalid_argument>([] { check_layer_rules(arch({{rank}})); }, {"R4", "first layer"});
  expect_error<dsegym::invalid_argument>([] { check_layer_rules(arch({{gen}, {rank, rank}})); }, {"R4", "alone"});
  expect_error<dsegym::invalid_argument>([] { check_layer_rules(arch({{fuse}})); }, {"R5", "first layer"});
  expect_error<dsegym::invalid_argument>([] { check_layer_rules(arch({{gen}, {utgen}, {fuse}})); }, {"R6", "layer 2"});
  expect_error<dsegym::invalid_argument>([] { check_layer_rules(arch({{gen}, {uteval}})); }, {"R6", "needs a unit-test generator"});
  expect_error<dsegym::invalid_argument>([] { check_layer_rules(arch({})); }, {"at least one layer"});
  expect_error<dsegym::invalid_argument>([] { check_layer_rules(arch({{gen}, {}})); }, {"layer 1 has no component"});
}

TEST(LlmsysArchitecture, LegalStacksPassIncludingTheRepositoryUnitTestForm) {
  EXPECT_NO_THROW(check_layer_rules(arch({{gen, gen}, {fuse, fuse}, {critic}, {rank}, {fuse}})));
  EXPECT_NO_THROW(check_layer_rules(arch({{gen}, {verify}, {utgen}, {uteval}, {fuse}})));
  EXPECT_NO_THROW(check_layer_rules(arch({{utgen}, {gen, gen}, {uteval}})));  // [UT gen] → [gens] → [UT eval]
  expect_error<dsegym::invalid_argument>([] { check_layer_rules(arch({{utgen}, {gen}, {fuse}})); }, {"R6"});
}

TEST(LlmsysArchitecture, ParameterRangesAreChecked) {
  component hot = gen;
  hot.temperature = 3.0;
  expect_error<dsegym::invalid_argument>([&] { check_layer_rules(arch({{hot}})); }, {"temperature", "(0, 2]"});
  component none = gen;
  none.samples = 0;
  expect_error<dsegym::invalid_argument>([&] { check_layer_rules(arch({{none}})); }, {"samples = 0"});
  component cap = utgen;
  cap.unit_test_cap = 50;
  expect_error<dsegym::invalid_argument>([&] { check_layer_rules(arch({{gen}, {cap}, {uteval}})); }, {"unit_test_cap = 50"});
}

TEST(LlmsysArchitecture, SimulatorRejectsUnknownModelsAndContextOverflow) {
  const simulator sim = make_sim("math");
  expect_error<dsegym::invalid_argument>([&] { sim.validate(arch({{make(ct::generator, "A")}})); }, {"\"A\"", "atlas-72b"});
  // 50 candidates of ≈420 tokens into an 8k-context fuser.
  layer ten = ensemble(sim, 10, 5);
  expect_error<dsegym::invalid_argument>([&] { sim.validate(arch({ten, {make(ct::fuser, "fjord-70b")}})); },
                                         {"context", "layer 1 component 0", "fjord-70b", "8192"});
  EXPECT_NO_THROW(sim.validate(arch({ensemble(sim, 10, 1), {make(ct::fuser, "atlas-72b")}})));
}

// llm/InferenceStack-v0: the search protocol (dev reward, test only via report), metrics and units,
// the sequential construction, budgets and objectives, bad kwargs and actions.

#include <gtest/gtest.h>

#include <cmath>
#include <dsegym/envs/default_registry.hpp>
#include <dsegym/envs/llm/inference_stack.hpp>
#include <string>

using namespace dsegym;
using namespace dsegym::envs::llm;
namespace ls = dsegym::sim::llmsys;

namespace {

template <class E, class F>
void expect_error(F&& f, std::initializer_list<std::string> parts) {
  try {
    f();
    ADD_FAILURE() << "no exception";
  } catch (const E& e) {
    for (const auto& p : parts)
      EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << "\"" << p << "\" not in: " << e.what();
  }
}

inference_stack_options small(const std::string& bench = "math") {
  inference_stack_options o;
  o.benchmark = bench;
  o.questions = 100;
  return o;
}

double metric_of(const step_info& info, const char* name) {
  const auto v = info.get(name);
  EXPECT_TRUE(v.has_value()) << name;
  return v.value_or(NAN);
}

}  // namespace

TEST(LlmEnv, OneShotStepGivesMetricsWithUnitsAndDollarCost) {
  inference_stack_one_shot env(small());
  (void)env.reset(1);
  const auto r = env.step({4, 1, 1, 1, 3, 0, 0});  // 5 models x 2 samples, critic+ranker, 4 fusers, 1 fuser
  EXPECT_TRUE(r.terminated);
  EXPECT_DOUBLE_EQ(r.reward, metric_of(r.info, "accuracy") / 100.0);
  EXPECT_EQ(r.info.find("calls")->unit, "calls");
  EXPECT_EQ(r.info.find("cost_usd")->unit, "USD");
  EXPECT_EQ(r.info.find("latency_s")->dir, direction::minimize);
  EXPECT_EQ(metric_of(r.info, "within_budget"), 1.0);
  // 10 generations + (critic + ranker + 4 fusers) + (critic + ranker + 1 fuser)
  EXPECT_DOUBLE_EQ(metric_of(r.info, "calls"), 10 + 6 + 3);
  EXPECT_NEAR(r.info.cost, metric_of(r.info, "cost_usd") * 20, 1e-12);  // $ for the 20 dev questions
  EXPECT_GT(metric_of(r.info, "latency_s"), 0);
  EXPECT_GT(metric_of(r.info, "pflop"), 0);
  EXPECT_TRUE(env.observation_space().contains(r.observation));
  EXPECT_EQ(env.spec().cost_unit, "simulated USD");
}

TEST(LlmEnv, SearchNeverSeesTheReportedTestAccuracy) {
  inference_stack_one_shot env(small("arena_hard"));
  expect_error<failed_precondition>([&] { (void)env.report(); }, {"report()"});
  (void)env.reset(3);
  const auto r = env.step({9, 0, 1, 1, 1, 0, 0});
  EXPECT_FALSE(r.info.get("test_accuracy").has_value());
  const auto rep = env.report();
  ASSERT_EQ(rep.size(), 1u);
  EXPECT_EQ(rep[0].name, "test_accuracy");
  EXPECT_EQ(rep[0].unit, "%");
  EXPECT_GT(rep[0].value, 20.0);
  EXPECT_NE(rep[0].value, metric_of(r.info, "accuracy"));  // 80 questions vs the 20 dev questions
  EXPECT_EQ(env.report(), rep);                             // deterministic
}

TEST(LlmEnv, OneShotDecodeFollowsTheSpecAxesAndKeepsTheLayerRules) {
  inference_stack_one_shot env(small());
  rng g(5);
  for (int i = 0; i < 300; ++i) {
    const auto a = env.action_space().sample(g);
    const ls::architecture arch = env.decode(a);
    EXPECT_NO_THROW(ls::check_layer_rules(arch)) << value::from_vector(a).to_string();
    EXPECT_EQ(arch.layers[0].size(), static_cast<std::size_t>(a[0] + 1));
    EXPECT_EQ(arch.layers[0][0].samples, a[1] + 1);
    EXPECT_EQ(arch.layers.back().size(), 1u);  // the last fusion layer has one fuser
  }
  const ls::architecture a = env.decode({9, 4, 3, 4, 3, 2, 1});
  // gens, 3 x (critic, ranker, 10 fusers), critic, ranker, UT gen, UT eval, fuser
  ASSERT_EQ(a.layers.size(), 1u + 3 * 3 + 5);
  EXPECT_EQ(a.layers[3].size(), 10u);
  EXPECT_EQ(a.layers[0][0].temperature, 1.0);
  EXPECT_EQ(a.layers[12][0].type, ls::component_type::unit_test_generator);
}

TEST(LlmEnv, SequentialBuildsLayersAndItsReturnIsTheFinalScore) {
  inference_stack_sequential env(small());
  auto obs = env.reset(7).observation;
  EXPECT_EQ(obs(0), -1.0);
  double ret = 0, cost = 0;
  step_result<xt::xarray<double>> r;
  for (std::int64_t a : {14, 17, 5}) {  // 3 models x 5 samples; critic + 3 fusers; 1 fuser
    r = env.step(a);
    EXPECT_FALSE(r.done());
    ret += r.reward, cost += r.info.cost;
    EXPECT_GT(r.info.cost, 0.0);
  }
  EXPECT_EQ(env.stack().layers.size(), 4u);
  EXPECT_EQ(env.stack().layers[0].size(), 3u);
  EXPECT_EQ(env.stack().layers[1][0].type, ls::component_type::critic);
  EXPECT_EQ(env.stack().layers[2].size(), 3u);
  const double acc = metric_of(r.info, "accuracy");
  EXPECT_NEAR(ret, acc / 100.0, 1e-12);
  EXPECT_EQ(r.observation(0), 14.0);
  EXPECT_EQ(r.observation(2), 5.0);
  EXPECT_EQ(r.observation(3), -1.0);
  EXPECT_NEAR(r.observation(6), acc / 100.0, 1e-12);  // running accuracy
  // The costs of the steps add up to running the final stack once on the dev split.
  EXPECT_NEAR(cost, env.spec().kwargs.at("questions").as_int() / 5 * metric_of(r.info, "cost_usd"), 1e-9);
  const auto stop = env.step(2);
  EXPECT_TRUE(stop.terminated);
  EXPECT_EQ(stop.reward, 0.0);
  EXPECT_EQ(stop.info.cost, 0.0);
  EXPECT_EQ(metric_of(stop.info, "accuracy"), acc);
  EXPECT_THROW((void)env.step(0), reset_needed);
  EXPECT_EQ(env.report()[0].name, "test_accuracy");
}

TEST(LlmEnv, SequentialEpisodesEndAfterSixSteps) {
  inference_stack_sequential env(small());
  (void)env.reset(0);
  step_result<xt::xarray<double>> r;
  int steps = 0;
  for (std::int64_t a : {0, 5, 25, 35, 5, 5}) {
    r = env.step(a);
    ++steps;
    if (r.done()) break;
  }
  EXPECT_EQ(steps, 6);
  EXPECT_TRUE(r.terminated);
  EXPECT_EQ(env.spec().max_episode_steps, 6);
}

TEST(LlmEnv, OverBudgetStacksAreReportedAndTruncated) {
  inference_stack_options o = small();
  o.max_calls = 20;
  inference_stack_sequential env(o);
  (void)env.reset(0);
  const auto ok = env.step(13);  // 3 models x 4 samples = 12 calls
  EXPECT_FALSE(ok.done());
  const auto r = env.step(14);  // + 10 fusers = 22 calls
  EXPECT_TRUE(r.truncated);
  EXPECT_FALSE(r.terminated);
  EXPECT_NEAR(ok.reward + r.reward, -1.0, 1e-12);
  EXPECT_EQ(metric_of(r.info, "within_budget"), 0.0);
  EXPECT_EQ(r.info.extra.at("over_budget").as_string(), "max_calls");
  EXPECT_EQ(env.report()[0].value, 0.0);
  // One-shot: the same score, and the dollar budget works the same way.
  o.max_calls = 0;
  o.max_usd = 1e-4;
  inference_stack_one_shot one(o);
  (void)one.reset(0);
  const auto s = one.step({9, 4, 0, 0, 0, 0, 0});
  EXPECT_EQ(s.reward, -1.0);
  EXPECT_EQ(s.info.extra.at("over_budget").as_string(), "max_usd");
}

TEST(LlmEnv, InvalidStacksAreReportedNotThrown) {
  inference_stack_sequential env(small("code_contests"));
  (void)env.reset(0);
  (void)env.step(49);           // 10 models x 5 samples of long programs
  const auto r = env.step(15);  // critic + fuser: 50 candidates + critiques overflow the 32k window
  EXPECT_TRUE(r.terminated);
  EXPECT_FALSE(r.info.extra.at("valid").as_bool());
  EXPECT_NE(r.info.extra.at("error").as_string().find("context"), std::string::npos);
  EXPECT_TRUE(r.info.metrics.empty());
  EXPECT_EQ(env.report()[0].value, 0.0);
}

TEST(LlmEnv, ConstrainedObjectivesSubtractOneOverTheLimit) {
  inference_stack_options o = small();
  o.objective = "accuracy_latency";
  o.latency_limit_s = 1.0;
  inference_stack_one_shot env(o);
  (void)env.reset(0);
  const auto r = env.step({0, 0, 0, 0, 0, 0, 0});
  EXPECT_NEAR(r.reward, metric_of(r.info, "accuracy") / 100 - 1, 1e-12);
  EXPECT_EQ(r.info.extra.at("over_limit").as_string(), "latency_limit_s");
  o.objective = "accuracy_cost";
  o.cost_limit_usd = 10;
  inference_stack_one_shot cheap(o);
  (void)cheap.reset(0);
  const auto c = cheap.step({0, 0, 0, 0, 0, 0, 0});
  EXPECT_NEAR(c.reward, metric_of(c.info, "accuracy") / 100, 1e-12);
}

TEST(LlmEnv, SameSeedSameResultsOtherSeedsDiffer) {
  any_env a = envs::default_registry().make("llm/InferenceStack-v0", value::dict{{"mode", "one_shot"}});
  any_env b = envs::default_registry().make("llm/InferenceStack-v0", value::dict{{"mode", "one_shot"}});
  const value act = value::from_vector(std::vector<std::int64_t>{5, 2, 1, 2, 1, 1, 0});
  (void)a.reset(11), (void)b.reset(11);
  const auto ra = a.step(act), rb = b.step(act);
  EXPECT_EQ(ra, rb);
  (void)a.reset(12);
  EXPECT_NE(a.step(act).info.metrics, ra.info.metrics);
}

TEST(LlmEnv, RegisteredDefaultsAreSequentialAndPlanSearchable) {
  any_env env = envs::default_registry().make("llm/InferenceStack-v0");
  EXPECT_EQ(env.spec().shape, episode_shape::sequential);
  EXPECT_EQ(env.spec().max_episode_steps, 6);
  ASSERT_NE(env.action_space().get_if<discrete>(), nullptr);
  EXPECT_EQ(env.action_space().get_if<discrete>()->n(), 50);
  const auto& entry = envs::default_registry().find("llm/InferenceStack-v0");
  EXPECT_FALSE(entry.needs_data);
  EXPECT_EQ(entry.leaderboard_budget.at("kind").as_string(), "evaluations");
  EXPECT_EQ(env.spec().reported_metrics.at(0).name, "test_accuracy");
}

TEST(LlmEnv, BadKwargsAndActionsAreClearErrors) {
  const auto& reg = envs::default_registry();
  const char* id = "llm/InferenceStack-v0";
  expect_error<invalid_argument>([&] { (void)reg.make(id, value::dict{{"benchmark", "mmlu"}}); },
                                 {"\"benchmark\"", "mmlu", "math", "arena_hard"});
  expect_error<invalid_argument>([&] { (void)reg.make(id, value::dict{{"catalogue", "gpt"}}); }, {"open70b", "closed"});
  expect_error<invalid_argument>([&] { (void)reg.make(id, value::dict{{"questions", 3}}); }, {"questions = 3", ">= 5"});
  expect_error<invalid_argument>([&] { (void)reg.make(id, value::dict{{"max_calls", -1}}); }, {"max_calls = -1"});
  expect_error<invalid_argument>([&] { (void)reg.make(id, value::dict{{"max_usd", -0.5}}); }, {"max_usd"});
  expect_error<invalid_argument>([&] { (void)reg.make(id, value::dict{{"latency_limit_s", 0}}); }, {"latency_limit_s"});
  expect_error<invalid_argument>([&] { (void)reg.make(id, value::dict{{"mode", "batch"}}); }, {"one_shot", "sequential"});
  expect_error<invalid_argument>([&] { (void)reg.make(id, value::dict{{"max_tokens", 5}}); }, {"unknown kwarg", "max_calls"});
  any_env seq = reg.make(id);
  (void)seq.reset(0);
  expect_error<invalid_action>([&] { (void)seq.step(value(50)); }, {"50"});
  any_env one = reg.make(id, value::dict{{"mode", "one_shot"}});
  (void)one.reset(0);
  expect_error<invalid_action>([&] { (void)one.step(value::from_vector(std::vector<std::int64_t>{0, 0, 0})); }, {"3 elements"});
  inference_stack_one_shot typed(small());
  (void)typed.reset(0);
  expect_error<invalid_action>([&] { (void)typed.step({10, 0, 0, 0, 0, 0, 0}); }, {"7 integers"});
}

TEST(LlmEnv, DefaultBenchmarkIsArenaHardLikeWithWinRateAccuracy) {
  any_env env = envs::default_registry().make("llm/InferenceStack-v0", value::dict{{"mode", "one_shot"}});
  EXPECT_EQ(env.spec().kwargs.at("benchmark").as_string(), "arena_hard");
  EXPECT_EQ(inference_stack_options{}.benchmark, "arena_hard");
  (void)env.reset(0);
  // One model, one sample, one fuser vs ten models with critics before four fusion layers.
  const auto small_stack = env.step(value::from_vector(std::vector<std::int64_t>{0, 0, 0, 0, 0, 0, 0}));
  (void)env.reset(0);
  const auto big_stack = env.step(value::from_vector(std::vector<std::int64_t>{9, 0, 3, 1, 1, 0, 0}));
  EXPECT_GT(big_stack.reward, small_stack.reward + 0.2);
}

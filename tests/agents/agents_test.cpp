#include <gtest/gtest.h>

#include <dsegym/agents/catalog.hpp>
#include <dsegym/agents/runner.hpp>

using namespace dsegym;
using namespace dsegym::agents;

namespace {

std::vector<std::string> all_agents() {
  std::vector<std::string> out;
  for (const auto& a : agent_catalog()) out.push_back(a.name);
  return out;
}

/// A smooth objective over integer genes: peak at gene i == i % n_i.
double objective(const any_space& s, const value& design) {
  const design_codec c(s);
  const genome x = c.from_value(design);
  double r = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double target = c.choices(i) > 0 ? static_cast<double>(i % static_cast<std::size_t>(c.choices(i))) : 0.5;
    r -= std::abs(x[i] - target);
  }
  return r;
}

/// Drives an agent for `n` proposals on `s`, failing every 7th evaluation; returns proposals.
std::vector<value> drive(const std::string& name, const any_space& s, std::uint64_t seed, int n) {
  auto a = make_agent(name, {}, s);
  rng g(seed);
  std::vector<value> out;
  for (int i = 0; i < n; ++i) {
    value d = a->propose(g);
    evaluation e;
    if (i % 7 == 6) {
      e.failed = true;
      e.error = "invalid";
    } else {
      e.reward = objective(s, d);
    }
    a->observe(d, e);
    out.push_back(std::move(d));
  }
  return out;
}

class EveryAgent : public ::testing::TestWithParam<std::string> {};

}  // namespace

TEST_P(EveryAgent, SameSeedSameProposalsAllInSpace) {
  const any_space s = multi_discrete({5, 5, 5, 5, 5, 5});
  const auto a = drive(GetParam(), s, 3, 120);
  const auto b = drive(GetParam(), s, 3, 120);
  EXPECT_EQ(a, b);
  for (const auto& d : a) EXPECT_TRUE(s.contains(d)) << d.to_string();
  EXPECT_NE(drive(GetParam(), s, 4, 120), a);
}

TEST_P(EveryAgent, HandlesOneChoiceDimensionsAndTinySpaces) {
  const any_space s = multi_discrete({1, 3, 1});
  for (const auto& d : drive(GetParam(), s, 1, 60)) {
    ASSERT_TRUE(s.contains(d));
    EXPECT_EQ(d.as_list()[0].as_int(), 0);
  }
  const any_space one = discrete(1);
  for (const auto& d : drive(GetParam(), one, 1, 20)) EXPECT_EQ(d.as_int(), 0);
}

TEST_P(EveryAgent, HandlesAHugeSpace) {
  const any_space s = multi_discrete(std::vector<std::int64_t>(64, 1000));  // 10^192 designs
  for (const auto& d : drive(GetParam(), s, 2, 40)) EXPECT_TRUE(s.contains(d));
}

TEST_P(EveryAgent, BeatsOrMatchesItsOwnStartOnASmoothObjective) {
  const any_space s = multi_discrete({8, 8, 8, 8});
  const auto ds = drive(GetParam(), s, 5, 300);
  double first = -1e9, best = -1e9;
  for (std::size_t i = 0; i < ds.size(); ++i) {
    const double r = objective(s, ds[i]);
    if (i < 10) first = std::max(first, r);
    best = std::max(best, r);
  }
  EXPECT_GE(best, first);
}

TEST_P(EveryAgent, UnknownHyperparameterIsRejected) {
  EXPECT_THROW((void)make_agent(GetParam(), value::dict{{"no_such_hp", 1}}, discrete(3)), invalid_argument);
  EXPECT_THROW((void)make_agent(GetParam(), value(3), discrete(3)), invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(Agents, EveryAgent, ::testing::ValuesIn(all_agents()));

TEST_P(EveryAgent, SearchesDictAndTupleSpacesAsConcatenatedGenes) {
  const any_space s = dict_space({{"a", discrete(3)}, {"b", multi_discrete({2, 4})},
                                  {"c", tuple_space({discrete(2), multi_binary(2)})}});
  const auto a = drive(GetParam(), s, 6, 60);
  for (const auto& d : a) EXPECT_TRUE(s.contains(d)) << d.to_string();
  EXPECT_EQ(drive(GetParam(), s, 6, 60), a);
}

TEST(Agents, ContinuousSpacesWhereTheyMakeSense) {
  const any_space s = box(-1.0, 1.0, {3});
  for (const char* name : {"random", "local_search", "regularized_evolution", "simulated_annealing",
                           "genetic_algorithm"})
    for (const auto& d : drive(name, s, 1, 80)) EXPECT_TRUE(s.contains(d)) << name;
  for (const char* name : {"ant_colony", "reinforce", "bayesian_optimization"})
    EXPECT_THROW((void)make_agent(name, {}, s), unimplemented) << name;
}

TEST(Agents, BadHyperparametersAndNamesGiveClearErrors) {
  const any_space s = discrete(4);
  EXPECT_THROW((void)make_agent("regularized_evolution", value::dict{{"population_size", 0}}, s), invalid_argument);
  EXPECT_THROW((void)make_agent("regularized_evolution", value::dict{{"tournament_size", 50}}, s), invalid_argument);
  EXPECT_THROW((void)make_agent("reinforce", value::dict{{"learning_rate", -1.0}}, s), invalid_argument);
  EXPECT_THROW((void)make_agent("genetic_algorithm", value::dict{{"crossover_rate", 2.0}}, s), invalid_argument);
  EXPECT_THROW((void)make_agent("ant_colony", value::dict{{"evaporation", 1.0}}, s), invalid_argument);
  EXPECT_THROW((void)make_agent("bayesian_optimization", value::dict{{"random_every", -1}}, s), invalid_argument);
  try {
    (void)make_agent("gradient_descent", {}, s);
    FAIL();
  } catch (const not_found& e) {
    EXPECT_NE(std::string(e.what()).find("bayesian_optimization"), std::string::npos);
  }
  EXPECT_THROW((void)make_agent("reinforce", {}, dict_space({{"a", discrete(2)}, {"x", box(0.0, 1.0, {1})}})),
               unimplemented);
}

TEST(Agents, ReinforceLearnsTowardsRewardedChoices) {
  const any_space s = multi_discrete({4, 4});
  auto a = make_agent("reinforce", value::dict{{"learning_rate", 0.1}}, s);
  rng g(1);
  for (int i = 0; i < 300; ++i) {
    const value d = a->propose(g);
    evaluation e;
    e.reward = d.as_list()[0].as_int() == 2 ? 1.0 : 0.0;
    a->observe(d, e);
  }
  const auto* r = dynamic_cast<reinforce*>(a.get());
  ASSERT_NE(r, nullptr);
  EXPECT_GT(r->probabilities(0)[2], 0.8);
}

// The GP's Cholesky factors grow by one row per observation and are rebuilt when the window of
// max_history observations slides: both paths give deterministic, in-space proposals that improve
// on the random start.
TEST(Agents, BayesianOptimizationIncrementalAndSlidingWindow) {
  const any_space s = multi_discrete({6, 6, 6, 6, 6});
  const auto run = [&](std::int64_t history) {
    auto a = make_agent("bayesian_optimization",
                        value::dict{{"max_history", history}, {"candidates", 50}}, s);
    rng g(9);
    std::vector<value> out;
    for (int i = 0; i < 70; ++i) {
      value d = a->propose(g);
      evaluation e;
      e.reward = objective(s, d);
      a->observe(d, e);
      out.push_back(std::move(d));
    }
    return out;
  };
  for (std::int64_t history : {12, 300}) {
    const auto a = run(history);
    EXPECT_EQ(run(history), a) << history;
    double first = -1e9, best = -1e9;
    for (std::size_t i = 0; i < a.size(); ++i) {
      ASSERT_TRUE(s.contains(a[i]));
      const double r = objective(s, a[i]);
      if (i < 10) first = std::max(first, r);
      best = std::max(best, r);
    }
    EXPECT_GT(best, first) << history;
  }
}

#include <gtest/gtest.h>

#include <dsegym/registry/any_env.hpp>
#include <dsegym/wrappers.hpp>

#include "test_envs.hpp"

using namespace dsegym;
using namespace dsegym::wrappers;
using dsegym::testing::digits_env;
using dsegym::testing::walk_env;

static_assert(environment<time_limit<walk_env>>);
static_assert(environment<order_enforcing<time_limit<walk_env>>>);
static_assert(environment<flatten_observation<walk_env>>);
static_assert(environment<record_episode_statistics<digits_env>>);
static_assert(!environment<int>);

TEST(TimeLimit, TruncatesAfterMaxSteps) {
  time_limit env(walk_env{}, 3);
  (void)env.reset(1);
  EXPECT_FALSE(env.step(1).truncated);
  EXPECT_FALSE(env.step(1).truncated);
  EXPECT_TRUE(env.step(1).truncated);
  (void)env.reset(std::nullopt);
  EXPECT_EQ(env.elapsed_steps(), 0);
  EXPECT_THROW(time_limit(walk_env{}, 0), invalid_argument);
}

TEST(OrderEnforcing, StepBeforeResetAndAfterEnd) {
  order_enforcing env(walk_env{});
  EXPECT_THROW((void)env.step(1), reset_needed);
  (void)env.reset(0);
  bool done = false;
  for (int i = 0; i < 20 && !done; ++i) done = env.step(2).terminated;
  ASSERT_TRUE(done);
  EXPECT_THROW((void)env.step(2), reset_needed);
  (void)env.reset(std::nullopt);
  EXPECT_NO_THROW((void)env.step(2));
  env.close();
  env.close();  // idempotent
  EXPECT_THROW((void)env.reset(0), failed_precondition);
}

TEST(OrderEnforcing, BadActionLeavesEpisodeRunning) {
  order_enforcing env(walk_env{});
  (void)env.reset(0);
  EXPECT_THROW((void)env.step(9), invalid_action);
  EXPECT_NO_THROW((void)env.step(1));
}

namespace {
/// Returns an observation outside its space to check the checker.
struct lying_env : walk_env {
  step_result<std::int64_t> step(std::int64_t a) {
    auto r = walk_env::step(a);
    r.observation = 99;
    return r;
  }
};
struct nan_env : walk_env {
  step_result<std::int64_t> step(std::int64_t a) {
    auto r = walk_env::step(a);
    r.reward = std::nan("");
    return r;
  }
};
}  // namespace

TEST(PassiveEnvChecker, CatchesContractViolations) {
  passive_env_checker good(walk_env{});
  (void)good.reset(0);
  EXPECT_NO_THROW((void)good.step(1));
  passive_env_checker bad(lying_env{});
  (void)bad.reset(0);
  EXPECT_THROW((void)bad.step(1), error);
  passive_env_checker nan(nan_env{});
  (void)nan.reset(0);
  EXPECT_THROW((void)nan.step(1), error);
}

TEST(RecordEpisodeStatistics, ReportsReturnLengthAndCost) {
  record_episode_statistics env(digits_env{}, 2);
  for (int i = 0; i < 3; ++i) {
    (void)env.reset(0);
    const auto r = env.step({1, 2, 3});
    const value* ep = r.info.extra.find("episode");
    ASSERT_NE(ep, nullptr);
    EXPECT_EQ(ep->at("r").as_real(), 14.0);
    EXPECT_EQ(ep->at("l").as_int(), 1);
    EXPECT_EQ(ep->at("cost").as_real(), 2.5);
  }
  EXPECT_EQ(env.episode_count(), 3u);
  EXPECT_EQ(env.return_queue().size(), 2u);
}

TEST(FlattenObservation, OneHotOfDiscreteObservation) {
  flatten_observation env(walk_env{});
  const auto r = env.reset(1);
  ASSERT_EQ(r.observation.size(), 11u);
  double sum = 0;
  for (double v : r.observation) sum += v;
  EXPECT_EQ(sum, 1.0);
  EXPECT_TRUE(env.observation_space().contains(r.observation));
}

TEST(AnyEnv, ErasesAndRoundTripsTypedEnv) {
  any_env env(digits_env{});
  (void)env.reset(0);
  const auto r = env.step(value::list{1, 1, 1});
  EXPECT_EQ(r.reward, 3.0);
  EXPECT_TRUE(r.terminated);
  EXPECT_EQ(r.info.get("score"), 3.0);
  EXPECT_NE(env.target<digits_env>(), nullptr);
  EXPECT_EQ(env.target<walk_env>(), nullptr);
  try {
    (void)env.step(value::list{1, 9, 1});
    FAIL();
  } catch (const invalid_action& e) {
    EXPECT_NE(std::string(e.what()).find("[dsegym.action] action[1] = 9"), std::string::npos)
        << e.what();
  }
}

#include <gtest/gtest.h>

#include <dsegym/vector/vector_env.hpp>

#include "test_envs.hpp"

using namespace dsegym;
using namespace dsegym::vector;
using dsegym::testing::digits_env;
using dsegym::testing::walk_env;

namespace {
template <class V>
std::vector<vector_step_result<std::int64_t>> roll(V& venv, int steps) {
  (void)venv.reset(100);
  rng g(7);
  std::vector<vector_step_result<std::int64_t>> out;
  for (int t = 0; t < steps; ++t) {
    std::vector<std::int64_t> actions(venv.num_envs());
    for (auto& a : actions) a = static_cast<std::int64_t>(uniform_below(g, 3));
    out.push_back(venv.step(actions));
  }
  return out;
}
}  // namespace

TEST(VectorEnv, SeedsSubEnvsWithSeedPlusIndex) {
  sync_vector_env<walk_env> venv(std::vector<walk_env>(4));
  const auto r = venv.reset(10);
  for (std::size_t i = 0; i < 4; ++i) {
    walk_env single;
    EXPECT_EQ(single.reset(10 + i).observation, r.observations[i]);
  }
}

TEST(VectorEnv, ThreadCountDoesNotChangeResults) {
  sync_vector_env<walk_env> sync(std::vector<walk_env>(8));
  thread_vector_env<walk_env> one(std::vector<walk_env>(8), 1);
  thread_vector_env<walk_env> two(std::vector<walk_env>(8), 2);
  const auto a = roll(sync, 60), b = roll(one, 60), c = roll(two, 60);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, c);
}

TEST(VectorEnv, NextStepAutoresetReturnsFirstObservation) {
  sync_vector_env<digits_env> venv(std::vector<digits_env>(2));
  (void)venv.reset(0);
  using A = std::vector<std::int64_t>;
  const auto r1 = venv.step({A{1, 1, 1}, A{2, 2, 2}});
  EXPECT_TRUE(r1.terminated[0] && r1.terminated[1]);
  EXPECT_EQ(r1.rewards[1], 12.0);
  const auto r2 = venv.step({A{3, 3, 3}, A{3, 3, 3}});  // actions ignored: reset step
  EXPECT_EQ(r2.rewards[0], 0.0);
  EXPECT_FALSE(r2.terminated[0]);
  const auto r3 = venv.step({A{3, 3, 3}, A{0, 0, 0}});
  EXPECT_EQ(r3.rewards[0], 27.0);
}

TEST(VectorEnv, SameStepAutoresetKeepsFinalObservation) {
  sync_vector_env<digits_env> venv(std::vector<digits_env>(1), autoreset_mode::same_step);
  (void)venv.reset(0);
  const auto r = venv.step({{2, 2, 2}});
  ASSERT_TRUE(r.final_observations[0].has_value());
  EXPECT_EQ((*r.final_observations[0])(0), 12.0);
  EXPECT_EQ(r.observations[0](0), 0.0);
  ASSERT_TRUE(r.final_infos[0].has_value());
  EXPECT_EQ(r.final_infos[0]->get("score"), 12.0);
}

TEST(VectorEnv, DisabledAutoresetNeedsMaskedReset) {
  sync_vector_env<digits_env> venv(std::vector<digits_env>(2), autoreset_mode::disabled);
  (void)venv.reset(0);
  (void)venv.step({{1, 1, 1}, {1, 1, 1}});
  EXPECT_THROW((void)venv.step({{1, 1, 1}, {1, 1, 1}}), reset_needed);
  (void)venv.reset(std::nullopt, {1, 1});
  EXPECT_NO_THROW((void)venv.step({{1, 1, 1}, {1, 1, 1}}));
  EXPECT_THROW((void)venv.reset(0, {1}), invalid_argument);
  EXPECT_THROW((void)venv.step({{1, 1, 1}}), invalid_argument);
}

TEST(VectorEnv, ExceptionInWorkerReachesCaller) {
  thread_vector_env<walk_env> venv(std::vector<walk_env>(4), 2);
  (void)venv.reset(0);
  EXPECT_THROW((void)venv.step({1, 1, 7, 1}), invalid_action);
}

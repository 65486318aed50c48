#include <gtest/gtest.h>

#include <dsegym/json/describe.hpp>
#include <dsegym/registry/registry.hpp>

#include "test_envs.hpp"

using namespace dsegym;
using dsegym::testing::digits_env;
using dsegym::testing::walk_env;

namespace {
registry test_registry() {
  registry r;
  r.add({"test/Walk-v0", "walk", {}, [](const kwargs_reader&) { return any_env(walk_env{}); }, false, {}});
  r.add({"test/Walk-v1", "walk v1", {}, [](const kwargs_reader&) { return any_env(walk_env{}); }, false, {}});
  r.add({"test/Digits-v0",
         "digits",
         {{"noise", 0.0, "stddev of reward noise", {}},
          {"mode", "a", "a mode", {value("a"), value("b")}}},
         [](const kwargs_reader& k) { return any_env(digits_env(k.get_real("noise"))); },
         false,
         {}});
  return r;
}
}  // namespace

TEST(EnvId, ParsesAndRejects) {
  const auto id = env_id::parse("hw/DRAMController-v12");
  EXPECT_EQ(id.family, "hw");
  EXPECT_EQ(id.name, "DRAMController");
  EXPECT_EQ(id.version, 12);
  EXPECT_FALSE(env_id::parse("nas/NB201").version);
  EXPECT_THROW((void)env_id::parse("NB201-v0"), invalid_argument);
  EXPECT_THROW((void)env_id::parse("a/b c-v0"), invalid_argument);
  EXPECT_THROW((void)env_id::parse("a/-v0"), invalid_argument);
}

TEST(Registry, UnknownIdListsKnownOnes) {
  const auto r = test_registry();
  try {
    (void)r.make("test/Nope-v0");
    FAIL();
  } catch (const not_found& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("[dsegym.registry] unknown env \"test/Nope-v0\""), std::string::npos) << m;
    EXPECT_NE(m.find("test/Walk-v0"), std::string::npos) << m;
  }
}

TEST(Registry, UnknownVersionListsVersions) {
  const auto r = test_registry();
  try {
    (void)r.make("test/Walk-v7");
    FAIL();
  } catch (const not_found& e) {
    EXPECT_NE(std::string(e.what()).find("versions: test/Walk-v0, test/Walk-v1"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(r.find("test/Walk").id, "test/Walk-v1");  // no version: latest
}

TEST(Registry, KwargsAreValidated) {
  const auto r = test_registry();
  EXPECT_THROW((void)r.make("test/Digits-v0", value::dict{{"nosie", 1.0}}), invalid_argument);
  EXPECT_THROW((void)r.make("test/Digits-v0", value::dict{{"noise", "high"}}), invalid_argument);
  EXPECT_THROW((void)r.make("test/Digits-v0", value::dict{{"mode", "c"}}), invalid_argument);
  EXPECT_THROW((void)r.make("test/Digits-v0", value(3)), invalid_argument);
  try {
    (void)r.make("test/Digits-v0", value::dict{{"nosie", 1.0}});
  } catch (const invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("valid: noise, mode"), std::string::npos) << e.what();
  }
  const kwargs_reader k("x", r.find("test/Digits-v0").kwargs, value::dict{{"noise", 2}});
  EXPECT_EQ(k.resolved(), (value(value::dict{{"noise", 2.0}, {"mode", "a"}})));
}

TEST(Registry, DuplicateAndUnversionedEntriesRejected) {
  auto r = test_registry();
  EXPECT_THROW(r.add({"test/Walk-v0", "", {}, [](const kwargs_reader&) { return any_env(walk_env{}); }, false, {}}),
               invalid_argument);
  EXPECT_THROW(r.add({"test/Other", "", {}, [](const kwargs_reader&) { return any_env(walk_env{}); }, false, {}}),
               invalid_argument);
}

TEST(Registry, MadeEnvEnforcesOrderAndRejectsBadActions) {
  const auto r = test_registry();
  auto env = r.make("test/Walk-v0");
  EXPECT_THROW((void)env.step(value(1)), reset_needed);
  (void)env.reset(1);
  EXPECT_THROW((void)env.step(value(5)), invalid_action);
  EXPECT_THROW((void)env.step(value("left")), invalid_action);
  const auto s = env.step(value(2));
  EXPECT_TRUE(env.observation_space().contains(s.observation));
}

TEST(Registry, TimeLimitFromOptions) {
  const auto r = test_registry();
  auto env = r.make("test/Walk-v0", {}, {.max_episode_steps = 2});
  (void)env.reset(3);
  EXPECT_FALSE(env.step(value(1)).truncated);
  EXPECT_TRUE(env.step(value(1)).truncated);
  EXPECT_THROW((void)env.step(value(1)), reset_needed);
}

TEST(Describe, HasSpacesAndKwargs) {
  const auto r = test_registry();
  auto env = r.make("test/Digits-v0");
  const value d = describe(env);
  EXPECT_EQ(d.at("id").as_string(), "test/Digits-v0");
  EXPECT_EQ(d.at("action_space").at("type").as_string(), "MultiDiscrete");
  EXPECT_EQ(parse_json(dump_json(d)), d);
  EXPECT_EQ(describe(r.find("test/Digits-v0")).at("kwarg_specs").size(), 2u);
}

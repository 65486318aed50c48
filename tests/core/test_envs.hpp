#pragma once
// Small envs for testing the core: a seeded random walk with a target (sequential, terminates and
// can be truncated), and a one-shot env over a multi-discrete space.

#include <dsegym/core/environment.hpp>
#include <dsegym/core/random.hpp>
#include <dsegym/spaces/box.hpp>
#include <dsegym/spaces/discrete.hpp>
#include <dsegym/spaces/multi_discrete.hpp>

namespace dsegym::testing {

/// Position starts at a seeded random integer in [0, 5); actions 0/1/2 move -1/0/+1; the episode
/// terminates on reaching 10; reward = position after the move.
class walk_env {
 public:
  using observation_type = std::int64_t;
  using action_type = std::int64_t;

  walk_env() { spec_.id = "test/Walk-v0"; spec_.shape = episode_shape::sequential; }

  [[nodiscard]] const discrete& observation_space() const { return obs_; }
  [[nodiscard]] const discrete& action_space() const { return act_; }
  [[nodiscard]] const env_spec& spec() const { return spec_; }

  reset_result<std::int64_t> reset(std::optional<std::uint64_t> seed) {
    if (seed) rng_.seed(*seed);
    pos_ = static_cast<std::int64_t>(uniform_below(rng_, 5));
    return {pos_, {}};
  }
  step_result<std::int64_t> step(std::int64_t a) {
    if (!act_.contains(a)) throw invalid_action("walk action " + std::to_string(a));
    pos_ = std::clamp<std::int64_t>(pos_ + a - 1, 0, 10);
    step_info info;
    info.metrics.push_back({"position", static_cast<double>(pos_), "cells", direction::maximize});
    info.cost = 1.0;
    return {pos_, static_cast<double>(pos_), pos_ == 10, false, std::move(info)};
  }

 private:
  discrete obs_{11};
  discrete act_{3};
  env_spec spec_;
  rng rng_{0};
  std::int64_t pos_ = 0;
};
static_assert(environment<walk_env>);

/// One-shot: the design is 3 digits in [0, 4); reward = sum of squares plus seeded noise when
/// noise > 0.
class digits_env {
 public:
  using observation_type = xt::xarray<double>;
  using action_type = std::vector<std::int64_t>;

  explicit digits_env(double noise = 0.0) : noise_(noise) { spec_.id = "test/Digits-v0"; }

  [[nodiscard]] const box& observation_space() const { return obs_; }
  [[nodiscard]] const multi_discrete& action_space() const { return act_; }
  [[nodiscard]] const env_spec& spec() const { return spec_; }

  reset_result<observation_type> reset(std::optional<std::uint64_t> seed) {
    if (seed) rng_.seed(*seed);
    xt::xarray<double> zero = xt::xarray<double>::from_shape({1});
    zero.fill(0.0);
    return {std::move(zero), {}};
  }
  step_result<observation_type> step(const action_type& a) {
    if (!act_.contains(a)) throw invalid_action("digits");
    double r = 0.0;
    for (auto d : a) r += static_cast<double>(d * d);
    if (noise_ > 0) r += normal(rng_, 0.0, noise_);
    xt::xarray<double> obs = xt::xarray<double>::from_shape({1});
    obs(0) = std::clamp(r, 0.0, 100.0);
    step_info info;
    info.metrics.push_back({"score", r, "", direction::maximize});
    info.cost = 2.5;
    return {obs, r, true, false, std::move(info)};
  }

 private:
  box obs_{0.0, 100.0, {1}};
  multi_discrete act_{{4, 4, 4}};
  env_spec spec_;
  double noise_;
  rng rng_{0};
};
static_assert(environment<digits_env>);

}  // namespace dsegym::testing

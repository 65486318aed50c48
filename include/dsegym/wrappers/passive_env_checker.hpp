#pragma once
// passive_env_checker: checks what the env returns (not what it is given) on every call and turns
// a contract violation into an error naming the env: observations outside the observation space,
// non-finite rewards or metrics, negative costs. Cheap enough to stay on by default; make() puts
// it innermost, as Gymnasium does.

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include "dsegym/core/error.hpp"
#include "dsegym/wrappers/wrapper.hpp"

namespace dsegym::wrappers {

template <environment E>
class passive_env_checker : public wrapper<E> {
 public:
  using typename wrapper<E>::observation_type;
  using typename wrapper<E>::action_type;

  explicit passive_env_checker(E env) : wrapper<E>(std::move(env)) {}

  reset_result<observation_type> reset(std::optional<std::uint64_t> seed = std::nullopt) {
    auto r = this->env_.reset(seed);
    check_observation(r.observation, "reset");
    check_info(r.info, "reset");
    return r;
  }
  step_result<observation_type> step(const action_type& a) {
    auto r = this->env_.step(a);
    check_observation(r.observation, "step");
    if (!std::isfinite(r.reward))
      fail("step returned a non-finite reward " + std::to_string(r.reward));
    check_info(r.info, "step");
    return r;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw error("checker", this->env_.spec().id + ": " + what, error_code::internal);
  }
  void check_observation(const observation_type& obs, const char* where) const {
    if (!this->env_.observation_space().contains(obs))
      fail(std::string(where) + " returned an observation outside the observation space");
  }
  void check_info(const step_info& info, const char* where) const {
    for (const auto& m : info.metrics)
      if (std::isnan(m.value)) fail(std::string(where) + " returned metric " + m.name + " = NaN");
    if (!(info.cost >= 0.0) || !std::isfinite(info.cost))
      fail(std::string(where) + " returned an invalid cost " + std::to_string(info.cost));
  }
};

}  // namespace dsegym::wrappers

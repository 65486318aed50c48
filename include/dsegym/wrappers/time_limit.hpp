#pragma once
// time_limit: sets truncated once an episode reaches max_episode_steps without having terminated
// on its own (an episode that terminates on its last allowed step was not cut short, so a one-shot
// env reports terminated = true, truncated = false).

#include <cstdint>
#include <optional>
#include <string>

#include "dsegym/core/error.hpp"
#include "dsegym/wrappers/wrapper.hpp"

namespace dsegym::wrappers {

template <environment E>
class time_limit : public wrapper<E> {
 public:
  using typename wrapper<E>::observation_type;
  using typename wrapper<E>::action_type;

  time_limit(E env, int max_episode_steps)
      : wrapper<E>(std::move(env)), max_steps_(max_episode_steps) {
    if (max_episode_steps <= 0)
      throw invalid_argument("wrappers", "time_limit needs max_episode_steps > 0, got " +
                                             std::to_string(max_episode_steps));
  }

  reset_result<observation_type> reset(std::optional<std::uint64_t> seed = std::nullopt) {
    elapsed_ = 0;
    return this->env_.reset(seed);
  }
  step_result<observation_type> step(const action_type& a) {
    auto r = this->env_.step(a);
    if (++elapsed_ >= max_steps_ && !r.terminated) r.truncated = true;
    return r;
  }

  [[nodiscard]] int max_episode_steps() const noexcept { return max_steps_; }
  [[nodiscard]] int elapsed_steps() const noexcept { return elapsed_; }

 private:
  int max_steps_;
  int elapsed_ = 0;
};

}  // namespace dsegym::wrappers

#pragma once
// order_enforcing: step() before the first reset(), or after an episode ended, throws reset_needed
// instead of stepping an env in an undefined state.

#include <cstdint>
#include <optional>

#include "dsegym/core/error.hpp"
#include "dsegym/wrappers/wrapper.hpp"

namespace dsegym::wrappers {

template <environment E>
class order_enforcing : public wrapper<E> {
 public:
  using typename wrapper<E>::observation_type;
  using typename wrapper<E>::action_type;

  explicit order_enforcing(E env) : wrapper<E>(std::move(env)) {}

  reset_result<observation_type> reset(std::optional<std::uint64_t> seed = std::nullopt) {
    if (closed_) throw failed_precondition("env", "reset() called after close()");
    auto r = this->env_.reset(seed);
    state_ = state::running;
    return r;
  }
  step_result<observation_type> step(const action_type& a) {
    if (closed_) throw failed_precondition("env", "step() called after close()");
    if (state_ == state::fresh) throw reset_needed("step() called before reset()");
    if (state_ == state::ended)
      throw reset_needed("step() called after the episode ended (terminated or truncated); call reset()");
    auto r = this->env_.step(a);  // a bad action throws here and leaves the state unchanged
    if (r.terminated || r.truncated) state_ = state::ended;
    return r;
  }
  void close() {
    if (!closed_) close_env(this->env_);
    closed_ = true;
  }
  [[nodiscard]] bool has_reset() const noexcept { return state_ != state::fresh; }

 private:
  enum class state { fresh, running, ended };
  state state_ = state::fresh;
  bool closed_ = false;
};

}  // namespace dsegym::wrappers

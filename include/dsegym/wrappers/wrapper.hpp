#pragma once
// wrapper<E>: holds an env by value and forwards everything; a concrete wrapper derives from it and
// shadows the one function it changes (Gymnasium's one-hook wrappers, without virtual calls).

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "dsegym/core/environment.hpp"

namespace dsegym::wrappers {

template <environment E>
class wrapper {
 public:
  using observation_type = typename E::observation_type;
  using action_type = typename E::action_type;

  explicit wrapper(E env) : env_(std::move(env)) {}

  [[nodiscard]] decltype(auto) observation_space() const { return env_.observation_space(); }
  [[nodiscard]] decltype(auto) action_space() const { return env_.action_space(); }
  [[nodiscard]] const env_spec& spec() const { return env_.spec(); }
  reset_result<observation_type> reset(std::optional<std::uint64_t> seed = std::nullopt) {
    return env_.reset(seed);
  }
  step_result<observation_type> step(const action_type& a) { return env_.step(a); }
  std::vector<metric> report() { return report_of(env_); }
  void close() { close_env(env_); }

  [[nodiscard]] E& inner() noexcept { return env_; }
  [[nodiscard]] const E& inner() const noexcept { return env_; }

 protected:
  E env_;
};

}  // namespace dsegym::wrappers

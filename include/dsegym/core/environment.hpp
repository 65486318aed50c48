#pragma once
// The `environment` concept: the contract every dsegym env, wrapper and any_env satisfies.
//
// Semantic rules the compiler cannot check:
// - reset(seed) with a seed re-creates the env's random state from it; reset(nullopt) keeps the
//   current state (seeded with 0 if never seeded). Same (id, kwargs, seed, actions) => bit-identical
//   observations, rewards and metrics.
// - step(a) requires a prior reset and an action in action_space(); an action outside it throws
//   invalid_action (or space_error) and leaves the env unchanged.
// - after a step with terminated || truncated the next call must be reset(); order_enforcing turns
//   a violation into reset_needed.
// - observations always lie in observation_space(); rewards are finite.
// - report() (optional) returns the reported-only metrics of the design of the last episode.

#include <concepts>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <vector>

#include "dsegym/core/env_spec.hpp"
#include "dsegym/core/step_result.hpp"
#include "dsegym/spaces/space.hpp"

namespace dsegym {

template <class E>
concept environment =
    requires(E& e, const E& ce, const typename E::action_type& a, std::optional<std::uint64_t> seed) {
      typename E::observation_type;
      typename E::action_type;
      requires space<std::remove_cvref_t<decltype(ce.observation_space())>>;
      requires space<std::remove_cvref_t<decltype(ce.action_space())>>;
      requires std::same_as<
          typename std::remove_cvref_t<decltype(ce.observation_space())>::value_type,
          typename E::observation_type>;
      requires std::same_as<typename std::remove_cvref_t<decltype(ce.action_space())>::value_type,
                            typename E::action_type>;
      { e.reset(seed) } -> std::same_as<reset_result<typename E::observation_type>>;
      { e.step(a) } -> std::same_as<step_result<typename E::observation_type>>;
      { ce.spec() } -> std::convertible_to<const env_spec&>;
    };

/// Envs that can report held-out metrics (e.g. NB201's 200-epoch test accuracy) of the design of
/// their last episode.
template <class E>
concept reporting_environment = environment<E> && requires(E& e) {
  { e.report() } -> std::same_as<std::vector<metric>>;
};

/// Envs that hold resources released by close().
template <class E>
concept closable = requires(E& e) { e.close(); };

/// Calls e.close() when the env has one; closing is idempotent by contract.
template <class E>
void close_env(E& e) {
  if constexpr (closable<E>) e.close();
}

/// Reported metrics when the env offers them, otherwise none.
template <class E>
[[nodiscard]] std::vector<metric> report_of(E& e) {
  if constexpr (reporting_environment<E>) {
    return e.report();
  } else {
    return {};
  }
}

}  // namespace dsegym

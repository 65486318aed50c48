#pragma once
// flatten_observation: observations become one flat box of reals (one-hot discrete parts), the
// form MLP policies want.

#include <cstdint>
#include <optional>

#include "dsegym/spaces/flatten.hpp"
#include "dsegym/wrappers/wrapper.hpp"

namespace dsegym::wrappers {

template <environment E>
class flatten_observation : public wrapper<E> {
 public:
  using observation_type = box::value_type;
  using typename wrapper<E>::action_type;

  explicit flatten_observation(E env)
      : wrapper<E>(std::move(env)),
        inner_space_(any_space(this->env_.observation_space())),
        flat_space_(flatten_space(inner_space_)) {}

  [[nodiscard]] const box& observation_space() const noexcept { return flat_space_; }

  reset_result<observation_type> reset(std::optional<std::uint64_t> seed = std::nullopt) {
    auto r = this->env_.reset(seed);
    return {flat(r.observation), std::move(r.info)};
  }
  step_result<observation_type> step(const action_type& a) {
    auto r = this->env_.step(a);
    return {flat(r.observation), r.reward, r.terminated, r.truncated, std::move(r.info)};
  }

 private:
  observation_type flat(const typename E::observation_type& obs) const {
    const auto v = inner_space_.flatten(this->env_.observation_space().to_value(obs));
    observation_type x = observation_type::from_shape({v.size()});
    std::copy(v.begin(), v.end(), x.begin());
    return x;
  }
  any_space inner_space_;
  box flat_space_;
};

}  // namespace dsegym::wrappers

#pragma once
// any_env: an environment of any type behind one interface whose observations and actions are
// dsegym::value. Used at the dynamic edges only (registry, CLI, bridge, generic agents); typed
// envs stay templates for fast in-process loops. any_env itself satisfies `environment`, so the
// wrappers apply to it too.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "dsegym/core/environment.hpp"
#include "dsegym/spaces/any_space.hpp"

namespace dsegym {

class any_env {
 public:
  using observation_type = value;
  using action_type = value;

  template <environment E>
    requires(!std::is_same_v<std::remove_cvref_t<E>, any_env>)
  explicit any_env(E env) : self_(std::make_unique<model<E>>(std::move(env))) {}

  any_env(any_env&&) noexcept = default;
  any_env& operator=(any_env&&) noexcept = default;
  ~any_env() = default;

  [[nodiscard]] reset_result<value> reset(std::optional<std::uint64_t> seed = std::nullopt) {
    return self_->reset(seed);
  }
  /// Throws invalid_action (naming the bad element) when `action` is not in action_space().
  [[nodiscard]] step_result<value> step(const value& action) { return self_->step(action); }
  [[nodiscard]] const any_space& observation_space() const noexcept { return self_->obs_space; }
  [[nodiscard]] const any_space& action_space() const noexcept { return self_->act_space; }
  [[nodiscard]] const env_spec& spec() const { return self_->spec(); }
  /// Reported-only metrics of the last episode's design (empty if the env reports none).
  [[nodiscard]] std::vector<metric> report() { return self_->report(); }
  void close() { self_->close(); }

  /// The wrapped env when it has type E (nullptr otherwise): a way back to the typed API.
  template <class E>
  [[nodiscard]] E* target() noexcept {
    auto* m = dynamic_cast<model<E>*>(self_.get());
    return m ? &m->env : nullptr;
  }

 private:
  struct concept_t {
    concept_t(any_space o, any_space a) : obs_space(std::move(o)), act_space(std::move(a)) {}
    virtual ~concept_t() = default;
    virtual reset_result<value> reset(std::optional<std::uint64_t> seed) = 0;
    virtual step_result<value> step(const value& action) = 0;
    virtual const env_spec& spec() const = 0;
    virtual std::vector<metric> report() = 0;
    virtual void close() = 0;
    any_space obs_space;
    any_space act_space;
  };

  template <class E>
  struct model final : concept_t {
    explicit model(E e)
        : concept_t(any_space(e.observation_space()), any_space(e.action_space())),
          env(std::move(e)) {}

    reset_result<value> reset(std::optional<std::uint64_t> seed) override {
      auto r = env.reset(seed);
      return {env.observation_space().to_value(r.observation), std::move(r.info)};
    }
    step_result<value> step(const value& action) override {
      auto r = env.step(decode(action));
      return {env.observation_space().to_value(r.observation), r.reward, r.terminated,
              r.truncated, std::move(r.info)};
    }
    typename E::action_type decode(const value& action) const {
      try {
        return env.action_space().from_value(action, "action");
      } catch (const space_error& e) {  // re-tag: the caller sent a bad action
        throw invalid_action(std::string(e.what()).substr(sizeof("[dsegym.space] ") - 1));
      }
    }
    const env_spec& spec() const override { return env.spec(); }
    std::vector<metric> report() override { return report_of(env); }
    void close() override { close_env(env); }

    E env;
  };

  std::unique_ptr<concept_t> self_;
};

static_assert(environment<any_env>);
static_assert(reporting_environment<any_env>);

}  // namespace dsegym

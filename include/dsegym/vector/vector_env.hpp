#pragma once
// Vector environments: N copies of an env stepped together, with Gymnasium's autoreset modes.
//
// - next_step (default): after a sub-env ends, its next step ignores the action, resets it and
//   returns the first observation with reward 0 and both flags false.
// - same_step: a sub-env that ends is reset within the same step; the returned observation is the
//   new episode's first one, the ending observation and info go to final_observations/final_infos.
// - disabled: a finished sub-env must be reset through reset(seed, mask); stepping it throws
//   reset_needed.
//
// reset(seed) seeds sub-env i with seed + i. sync_vector_env steps in the calling thread;
// thread_vector_env spreads the sub-envs over a thread pool. Sub-envs are independent, so both give
// bit-identical results for any thread count.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsegym/core/environment.hpp"
#include "dsegym/core/error.hpp"
#include "dsegym/detail/thread_pool.hpp"

namespace dsegym::vector {

enum class autoreset_mode { next_step, same_step, disabled };

template <class Obs>
struct vector_reset_result {
  std::vector<Obs> observations;
  std::vector<step_info> infos;
};

template <class Obs>
struct vector_step_result {
  std::vector<Obs> observations;
  std::vector<double> rewards;
  std::vector<std::uint8_t> terminated;
  std::vector<std::uint8_t> truncated;
  std::vector<step_info> infos;
  std::vector<std::optional<Obs>> final_observations;  ///< same_step mode only
  std::vector<std::optional<step_info>> final_infos;   ///< same_step mode only

  friend bool operator==(const vector_step_result&, const vector_step_result&) = default;
};

template <environment E>
class sync_vector_env {
 public:
  using observation_type = typename E::observation_type;
  using action_type = typename E::action_type;

  explicit sync_vector_env(std::vector<E> envs, autoreset_mode mode = autoreset_mode::next_step)
      : envs_(std::move(envs)), mode_(mode), ended_(envs_.size(), 0), started_(envs_.size(), 0) {
    if (envs_.empty()) throw invalid_argument("vector", "a vector env needs at least one sub-env");
  }

  [[nodiscard]] std::size_t num_envs() const noexcept { return envs_.size(); }
  [[nodiscard]] autoreset_mode mode() const noexcept { return mode_; }
  [[nodiscard]] decltype(auto) single_observation_space() const {
    return envs_.front().observation_space();
  }
  [[nodiscard]] decltype(auto) single_action_space() const { return envs_.front().action_space(); }
  [[nodiscard]] E& env(std::size_t i) { return envs_.at(i); }

  /// Resets the sub-envs selected by `mask` (all when empty); sub-env i gets seed + i.
  vector_reset_result<observation_type> reset(std::optional<std::uint64_t> seed = std::nullopt,
                                              const std::vector<std::uint8_t>& mask = {}) {
    if (!mask.empty() && mask.size() != envs_.size())
      throw invalid_argument("vector", "reset mask has " + std::to_string(mask.size()) +
                                           " entries for " + std::to_string(envs_.size()) + " envs");
    vector_reset_result<observation_type> out;
    out.observations.resize(envs_.size());
    out.infos.resize(envs_.size());
    for_each([&](std::size_t i) {
      if (!mask.empty() && mask[i] == 0) return;
      auto r = envs_[i].reset(seed ? std::optional<std::uint64_t>(*seed + i) : std::nullopt);
      out.observations[i] = std::move(r.observation);
      out.infos[i] = std::move(r.info);
      ended_[i] = 0;
      started_[i] = 1;
    });
    return out;
  }

  vector_step_result<observation_type> step(const std::vector<action_type>& actions) {
    if (actions.size() != envs_.size())
      throw invalid_argument("vector", "step got " + std::to_string(actions.size()) +
                                           " actions for " + std::to_string(envs_.size()) + " envs");
    for (std::size_t i = 0; i < envs_.size(); ++i) {
      if (!started_[i]) throw reset_needed("vector sub-env " + std::to_string(i) + " was never reset");
      if (mode_ == autoreset_mode::disabled && ended_[i])
        throw reset_needed("vector sub-env " + std::to_string(i) +
                           " has ended; reset it with a mask (autoreset disabled)");
    }
    const std::size_t n = envs_.size();
    vector_step_result<observation_type> out;
    out.observations.resize(n);
    out.rewards.assign(n, 0.0);
    out.terminated.assign(n, 0);
    out.truncated.assign(n, 0);
    out.infos.resize(n);
    if (mode_ == autoreset_mode::same_step) {
      out.final_observations.resize(n);
      out.final_infos.resize(n);
    }
    for_each([&](std::size_t i) { step_one(i, actions[i], out); });
    return out;
  }

 protected:
  template <class Fn>
  void for_each(Fn&& fn) {
    if (pool_) {
      pool_->parallel_for(envs_.size(), std::function<void(std::size_t)>(fn));
    } else {
      for (std::size_t i = 0; i < envs_.size(); ++i) fn(i);
    }
  }
  void step_one(std::size_t i, const action_type& a, vector_step_result<observation_type>& out) {
    if (mode_ == autoreset_mode::next_step && ended_[i]) {
      auto r = envs_[i].reset(std::nullopt);
      out.observations[i] = std::move(r.observation);
      out.infos[i] = std::move(r.info);
      ended_[i] = 0;
      return;
    }
    auto r = envs_[i].step(a);
    out.rewards[i] = r.reward;
    out.terminated[i] = r.terminated;
    out.truncated[i] = r.truncated;
    const bool done = r.terminated || r.truncated;
    if (done && mode_ == autoreset_mode::same_step) {
      out.final_observations[i] = std::move(r.observation);
      out.final_infos[i] = std::move(r.info);
      auto rr = envs_[i].reset(std::nullopt);
      out.observations[i] = std::move(rr.observation);
      out.infos[i] = std::move(rr.info);
      return;
    }
    out.observations[i] = std::move(r.observation);
    out.infos[i] = std::move(r.info);
    ended_[i] = done;
  }

  std::vector<E> envs_;
  autoreset_mode mode_;
  std::vector<std::uint8_t> ended_;
  std::vector<std::uint8_t> started_;
  detail::thread_pool* pool_ = nullptr;
};

/// The same contract as sync_vector_env, with sub-envs stepped on `threads` worker threads (plus
/// the caller). Use it when one step costs well over the ~10 µs of a thread hand-off.
template <environment E>
class thread_vector_env : public sync_vector_env<E> {
 public:
  thread_vector_env(std::vector<E> envs, std::size_t threads,
                    autoreset_mode mode = autoreset_mode::next_step)
      : sync_vector_env<E>(std::move(envs), mode),
        owned_pool_(std::make_unique<detail::thread_pool>(threads)) {
    this->pool_ = owned_pool_.get();
  }

 private:
  std::unique_ptr<detail::thread_pool> owned_pool_;
};

}  // namespace dsegym::vector

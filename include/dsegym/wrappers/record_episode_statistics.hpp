#pragma once
// record_episode_statistics: at the end of each episode adds info.extra["episode"] =
// {"r": return, "l": length, "cost": summed cost} and keeps the last `buffer_length` returns and
// lengths. Wall time is kept out of info so that infos stay bit-identical across runs.

#include <cstdint>
#include <deque>
#include <optional>

#include "dsegym/wrappers/wrapper.hpp"

namespace dsegym::wrappers {

template <environment E>
class record_episode_statistics : public wrapper<E> {
 public:
  using typename wrapper<E>::observation_type;
  using typename wrapper<E>::action_type;

  explicit record_episode_statistics(E env, std::size_t buffer_length = 100)
      : wrapper<E>(std::move(env)), buffer_length_(buffer_length) {}

  reset_result<observation_type> reset(std::optional<std::uint64_t> seed = std::nullopt) {
    ret_ = 0.0;
    len_ = 0;
    cost_ = 0.0;
    return this->env_.reset(seed);
  }
  step_result<observation_type> step(const action_type& a) {
    auto r = this->env_.step(a);
    ret_ += r.reward;
    cost_ += r.info.cost;
    ++len_;
    if (r.terminated || r.truncated) {
      if (r.info.extra.find("episode") != nullptr)
        throw error("wrappers", "info.extra already has an \"episode\" entry", error_code::internal);
      r.info.extra.set("episode", value::dict{{"r", ret_}, {"l", len_}, {"cost", cost_}});
      push(returns_, ret_);
      push(lengths_, len_);
      ++episode_count_;
    }
    return r;
  }

  [[nodiscard]] const std::deque<double>& return_queue() const noexcept { return returns_; }
  [[nodiscard]] const std::deque<std::int64_t>& length_queue() const noexcept { return lengths_; }
  [[nodiscard]] std::size_t episode_count() const noexcept { return episode_count_; }

 private:
  template <class T>
  void push(std::deque<T>& q, T x) {
    q.push_back(x);
    if (q.size() > buffer_length_) q.pop_front();
  }
  std::size_t buffer_length_;
  double ret_ = 0.0;
  std::int64_t len_ = 0;
  double cost_ = 0.0;
  std::deque<double> returns_;
  std::deque<std::int64_t> lengths_;
  std::size_t episode_count_ = 0;
};

}  // namespace dsegym::wrappers

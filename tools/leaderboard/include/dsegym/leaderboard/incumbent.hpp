#pragma once
// The incumbent of a run: the design a leaderboard scores. One rule for the search runner
// (agents/runner.hpp), leaderboards and `dsegym leaderboard score` (records from any source, e.g. a
// server log): among the scorable episodes (core/episode_record.hpp: finished, no error), the one
// with the highest return; the earliest wins ties.

#include <limits>
#include <optional>

#include "dsegym/core/episode_record.hpp"

namespace dsegym::leaderboard {

using dsegym::scorable;

class incumbent {
 public:
  /// Considers `r` (in episode order); true when it became the incumbent.
  bool offer(const episode_record& r) {
    if (!scorable(r) || !(r.total_reward() > best_return_)) return false;
    best_return_ = r.total_reward();
    best_ = r;
    return true;
  }
  [[nodiscard]] const std::optional<episode_record>& best() const noexcept { return best_; }
  /// -infinity while there is none.
  [[nodiscard]] double best_return() const noexcept { return best_return_; }

 private:
  double best_return_ = -std::numeric_limits<double>::infinity();
  std::optional<episode_record> best_;
};

}  // namespace dsegym::leaderboard

#pragma once
// Validation by replay (CompilerGym's idea): every episode of a record file is replayed in a fresh
// environment made from the recorded id and kwargs, with the recorded reset seed and actions; each
// step's reward, flags, metrics and cost, and the reported metrics, must match exactly.

#include <cstdint>
#include <string>
#include <vector>

namespace dsegym::leaderboard {

struct mismatch {
  std::string file;
  std::string run;
  std::int64_t episode = 0;
  std::int64_t step = -1;  ///< -1: the episode as a whole (reset, report, length)
  std::string what;
};

struct validation_result {
  std::size_t episodes = 0;
  std::size_t steps = 0;
  std::vector<mismatch> mismatches;
};

/// Replays every record of `file` (a JSONL episode-record file).
[[nodiscard]] validation_result validate_file(const std::string& file);

}  // namespace dsegym::leaderboard

#pragma once
// Running a leaderboard: every (env, agent, seed) run on a thread pool, one JSONL record file per
// run written atomically when the run finishes (so an interrupted leaderboard resumes where it
// stopped: finished runs are not redone), and loading the results back.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dsegym/core/episode_record.hpp"
#include "dsegym/leaderboard/spec.hpp"

namespace dsegym::leaderboard {

struct run_key {
  std::size_t env = 0;
  std::size_t agent = 0;
  std::uint64_t seed = 0;
};

/// out/runs/<env label>/<agent label>/seed<k>.jsonl
[[nodiscard]] std::filesystem::path run_file(const std::filesystem::path& out, const leaderboard_spec& s,
                                             const run_key& k);

struct run_options {
  std::size_t threads = 0;    ///< 0: one per hardware thread
  bool progress = true;       ///< progress bar with ETA on stderr
  std::size_t max_runs = 0;   ///< stop after this many new runs (0: all), for partial runs
};

struct run_stats {
  std::size_t total = 0;      ///< runs in the spec
  std::size_t skipped = 0;    ///< already finished before this call
  std::size_t executed = 0;   ///< finished by this call
  std::vector<std::string> failed;  ///< "run label: error" of runs that threw (no record written)
};

/// Runs every missing run. The spec is saved as out/spec.json; an out directory holding a
/// different spec is refused (results of different leaderboards must not mix). A run that throws
/// is reported in `failed` and leaves no record (so a later call retries it); the others go on.
run_stats run_leaderboard(const leaderboard_spec& s, const std::filesystem::path& out,
                          const run_options& options = {});

/// One finished run, condensed for reporting.
struct run_result {
  run_key key;
  std::string run;                   ///< the run label of its records
  double score = 0.0;                ///< the spec's score of the final design
  std::vector<double> final_metrics; ///< spec.metrics of the final design (NaN when absent)
  std::vector<double> best_so_far;   ///< best return after each evaluation
  std::vector<double> cost_so_far;   ///< cumulative simulated cost after each evaluation
  std::size_t evaluations = 0;
  std::size_t failures = 0;
  double env_s = 0, agent_s = 0, wall_s = 0;
};

/// Loads every finished run of the spec from out/ (missing runs are listed in `missing`).
[[nodiscard]] std::vector<run_result> load_results(const leaderboard_spec& s, const std::filesystem::path& out,
                                                   std::vector<run_key>* missing = nullptr);

/// Condenses one run's records.
[[nodiscard]] run_result summarise_run(const leaderboard_spec& s, const run_key& k,
                                       const std::vector<episode_record>& records);

}  // namespace dsegym::leaderboard

#pragma once
// Turning a leaderboard's records into a report: per-env tables (final score mean ± std, median,
// IQM with a stratified-bootstrap 95 % CI, improvement over random search at equal budget, rank),
// an overall ranking across envs (IQM of normalised scores with CI, mean normalised score, average
// rank), anytime curves (best return so far vs evaluations and vs simulated cost: median and IQR)
// as SVG, CSV and JSON of every number, and one Markdown summary linking the plots. Everything is
// computed from the records with fixed bootstrap seeds, so regenerating gives identical files.

#include <filesystem>
#include <string>
#include <vector>

#include "dsegym/core/value.hpp"
#include "dsegym/leaderboard/run.hpp"
#include "dsegym/leaderboard/spec.hpp"

namespace dsegym::leaderboard {

struct agent_row {
  std::string agent;
  std::size_t runs = 0;
  double mean = 0, stddev = 0, median = 0, iqm = 0, iqm_low = 0, iqm_high = 0;
  double improvement_vs_random_pct = 0;  ///< NaN when there is no random agent
  double rank = 0;                       ///< 1 = best mean
  double evaluations = 0, cost = 0;
  double agent_us_per_proposal = 0;
};

struct overall_row {
  std::string agent;
  double iqm = 0, iqm_low = 0, iqm_high = 0;  ///< of normalised scores over all runs of all envs
  double mean = 0;                            ///< mean normalised score
  double average_rank = 0;
};

struct report {
  std::vector<std::vector<agent_row>> envs;  ///< per spec env, rows in agent order
  std::vector<overall_row> overall;          ///< sorted best first
  value json;                                ///< everything, for report.json
};

/// Computes the report (no files written).
[[nodiscard]] report make_report(const leaderboard_spec& s, const std::vector<run_result>& results);

/// Writes out/report/{summary.md, runs.csv, tables.csv, overall.csv, report.json, curves/*.svg}
/// and returns the path of summary.md.
std::filesystem::path write_report(const leaderboard_spec& s, const std::vector<run_result>& results,
                                   const std::filesystem::path& out);

/// The overall ranking as a plain-text table for the terminal.
[[nodiscard]] std::string ranking_text(const leaderboard_spec& s, const report& r);

}  // namespace dsegym::leaderboard

#pragma once
// Turning a leaderboard's records into a report: per-instance tables (final score mean ± std,
// median, IQM with a stratified-bootstrap 95 % CI, improvement over random search at equal budget,
// rank, normalised regret, share of runs at the best-known value), per problem (task suite) each
// agent's mean normalised regret with a bootstrap CI and a one-sided stratified permutation test
// against random search at equal budget (p-value, Holm-adjusted over the agents), an overall
// ranking across problems (mean normalised regret with a bootstrap CI, average rank and probability
// of improvement over random search side by side; every problem weighs the same), anytime curves (best return so far vs evaluations and vs simulated cost: median and IQR)
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
  double mean_regret = 0;       ///< mean normalised regret of its runs
  double at_best_fraction = 0;  ///< share of its runs whose score reaches the best-known value
};

/// What a run's score is normalised against on one instance.
struct instance_info {
  double best = 0, random = 0;  ///< regret 0 and 1
  bool reference = false;       ///< from the spec's best-known values (else: best run, random search's mean)
  std::string method;
  double at_best_fraction = 0;  ///< share of all runs reaching `best`: the instance is saturated at >= 0.25
};

/// One agent on one problem (task suite).
struct problem_row {
  std::string agent;
  double mean_regret = 0, regret_low = 0, regret_high = 0;  ///< mean over instances, 95 % bootstrap CI
  double average_rank = 0;          ///< over the problem's instances (by mean regret)
  double p_vs_random = 0;           ///< one-sided permutation test: lower regret than random search
  double p_vs_random_holm = 0;      ///< Holm-adjusted over the agents of this problem
  double improvement_probability = 0;  ///< P(run beats a random-search run), averaged over instances
};

struct problem_report {
  std::string name;
  std::vector<std::size_t> instances;  ///< spec env indices
  std::vector<problem_row> rows;       ///< in agent order
  std::string best_agent;              ///< lowest mean regret (excluding random search)
  double best_agent_p = 0;             ///< its p_vs_random
};

struct overall_row {
  std::string agent;
  double mean_regret = 0, regret_low = 0, regret_high = 0;  ///< mean over problems, 95 % bootstrap CI
  double average_rank = 0;                                  ///< mean over problems
  double improvement_probability = 0;                       ///< over random search, mean over problems
  std::size_t problems_beating_random = 0;                  ///< p_vs_random < 0.05
};

struct report {
  std::vector<std::vector<agent_row>> envs;  ///< per spec env, rows in agent order
  std::vector<instance_info> instances;      ///< per spec env
  std::vector<problem_report> problems;      ///< in order of first appearance
  std::vector<overall_row> overall;          ///< sorted best (lowest mean regret) first
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

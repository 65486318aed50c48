#pragma once
// The dsegym program's commands. main.cpp parses the command line (CLI11) and calls these; each
// returns the process exit code.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dsegym::cli {

struct list_args {
  bool json = false;
};

struct describe_args {
  std::string id;
  std::string kwargs = "{}";
  bool json = false;
};

struct run_args {
  std::string id;
  std::string kwargs = "{}";
  std::string agent = "random";
  std::string agent_config = "{}";
  std::int64_t steps = 100;                 ///< evaluations
  std::optional<double> cost_budget;        ///< simulated cost instead of evaluations
  std::uint64_t seed = 0;
  std::string record;                       ///< JSONL output ("" = none)
  bool json = false;
  bool quiet = false;
};

struct leaderboard_args {
  std::string spec;            ///< JSON spec file ("" = the default leaderboard)
  std::string out = "leaderboard-out";
  int seeds = 5;               ///< seeds of the default leaderboard
  std::size_t threads = 0;     ///< 0 = all hardware threads
  std::size_t max_runs = 0;    ///< 0 = all
  bool quiet = false;
};

struct report_args {
  std::string out = "leaderboard-out";
};

struct validate_args {
  std::vector<std::string> paths;
};

struct agents_args {
  bool json = false;
};

int run_list(const list_args& a);
int run_leaderboard(const leaderboard_args& a);
int run_report(const report_args& a);
int run_validate(const validate_args& a);
int run_agents(const agents_args& a);
int run_describe(const describe_args& a);
int run_run(const run_args& a);

}  // namespace dsegym::cli

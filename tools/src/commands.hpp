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

struct best_known_args {
  std::vector<std::string> labels;  ///< instances of the default suite ("" = all)
  bool check = false;               ///< exit 1 when a recomputed value differs from the stored one
  bool json = false;
  bool list = false;                ///< only print the stored values
  std::size_t threads = 0;
};

struct score_args {
  std::vector<std::string> paths;  ///< record files or directories (e.g. a server's --record DIR)
  bool validate = true;            ///< replay every record before scoring
  bool json = false;
};

struct validate_args {
  std::vector<std::string> paths;
};

struct serve_args {
  std::string bind = "tcp://127.0.0.1:5555";
  std::size_t workers = 2;
  std::string record;               ///< directory for server-side episode records ("" = none)
  std::size_t max_message_mb = 64;
  std::size_t max_sessions_per_client = 256;
  std::size_t max_sessions = 4096;
  double idle_timeout_s = 300;
  std::string log_level = "info";
  std::string curve_secret;         ///< Z85 secret key file ("" = no CURVE)
  bool curve_keygen = false;
};

struct eval_args {
  std::string id;
  std::string kwargs = "{}";
  std::string design;  ///< JSON, or knob=value words (joined with spaces)
  std::uint64_t seed = 0;
  bool json = false;
};

struct agents_args {
  bool json = false;
};

int run_list(const list_args& a);
int run_leaderboard(const leaderboard_args& a);
int run_report(const report_args& a);
int run_validate(const validate_args& a);
int run_score(const score_args& a);
int run_best_known(const best_known_args& a);
int run_agents(const agents_args& a);
int run_serve(const serve_args& a);
int run_describe(const describe_args& a);
int run_run(const run_args& a);
int run_eval(const eval_args& a);

}  // namespace dsegym::cli

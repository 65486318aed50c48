// dsegym: command-line program. Parses arguments with CLI11 and dispatches to the commands.

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "cmd_synth.hpp"
#include "commands.hpp"
#include "dsegym/core/error.hpp"
#include "dsegym/version.hpp"

namespace {
// CLI11's PositiveNumber names DBL_MAX as the upper bound in its message; this one says it plainly.
const CLI::Validator positive(
    [](std::string& text) -> std::string {
      try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        if (used == text.size() && v > 0 && v < 1e300) return {};
      } catch (const std::exception&) {
      }
      return "must be a positive number, got \"" + text + "\"";
    },
    "POSITIVE");
}  // namespace

int main(int argc, char** argv) {
  using namespace dsegym::cli;
  CLI::App app{"dsegym — Gym-style design-space exploration environments, agents and leaderboards"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("dsegym ") + dsegym::version_string);
  std::string data_dir;
  app.add_option("--data-dir", data_dir,
                 "data root holding benchmark folders (nb201/, ...); sets DSEGYM_DATA_DIR")
      ->envname("DSEGYM_DATA_DIR");

  list_args la;
  auto* list = app.add_subcommand("list", "List the registered environments");
  list->add_flag("--json", la.json, "Print JSON instead of a table");

  describe_args da;
  auto* describe = app.add_subcommand(
      "describe", "Describe an environment: spaces, metrics, kwargs with defaults, version, data");
  describe->add_option("id", da.id, "Environment id, e.g. nas/NB201-v0")->required();
  describe->add_option("--kwargs", da.kwargs, "Constructor kwargs as a JSON object");
  describe->add_flag("--json", da.json, "Print JSON");

  run_args ra;
  auto* run = app.add_subcommand("run", "Run an agent on an environment and summarise the search");
  run->add_option("id", ra.id, "Environment id, e.g. nas/NB201-v0")->required();
  run->add_option("--kwargs", ra.kwargs, "Environment kwargs as a JSON object");
  run->add_option("--agent", ra.agent, "Agent name (see `dsegym agents`)")->capture_default_str();
  run->add_option("--agent-config", ra.agent_config, "Agent hyperparameters as a JSON object");
  run->add_option("--steps", ra.steps, "Budget in evaluations (designs evaluated)")
      ->capture_default_str()
      ->check(positive);
  run->add_option("--cost-budget", ra.cost_budget,
                  "Budget in simulated cost (the env's cost unit) instead of --steps")
      ->check(positive);
  run->add_option("--seed", ra.seed, "Seed of the agent and of every episode")->capture_default_str();
  run->add_option("--record", ra.record, "Append every episode to this JSONL file");
  run->add_flag("--json", ra.json, "Print the summary as JSON");
  run->add_flag("--quiet", ra.quiet, "No progress output");

  eval_args ea;
  auto* eval = app.add_subcommand("eval", "Evaluate one given design and print every metric (see README)");
  eval->add_option("id", ea.id, "Environment id, e.g. hw/DRAMController-v1")->required();
  // One string (CLI11 would split a JSON list given to a vector option); further knob=value words
  // after it arrive as extras.
  eval->add_option("--design", ea.design,
                   "The design: JSON action (sequential envs: JSON list of actions) or knob=value pairs")
      ->required();
  eval->allow_extras();
  eval->add_option("--kwargs", ea.kwargs, "Environment kwargs as a JSON object");
  eval->add_option("--seed", ea.seed, "Seed of the episode")->capture_default_str();
  eval->add_flag("--json", ea.json, "Print JSON");

  agents_args aa;
  auto* agents = app.add_subcommand("agents", "List the agents and their hyperparameters");
  agents->add_flag("--json", aa.json, "Print JSON");

  auto* board = app.add_subcommand("leaderboard", "Run and report agent-versus-environment leaderboards");
  board->require_subcommand(1);
  leaderboard_args lba;
  auto* board_run = board->add_subcommand(
      "run", "Run every (env, agent, seed) of a spec on all cores (resumable), then write the report");
  board_run->add_option("spec", lba.spec, "Leaderboard spec (JSON); omitted: the default leaderboard");
  board_run->add_option("--out", lba.out, "Output directory (records, spec.json, report/)")->capture_default_str();
  board_run->add_option("--seeds", lba.seeds, "Seeds of the default leaderboard")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  board_run->add_option("--threads", lba.threads, "Worker threads (0 = one per hardware thread)")->capture_default_str();
  board_run->add_option("--max-runs", lba.max_runs, "Stop after this many new runs (0 = all)")->capture_default_str();
  board_run->add_flag("--quiet", lba.quiet, "No progress bar");
  report_args rpa;
  auto* board_report = board->add_subcommand("report", "Regenerate the report from the records of an output directory");
  board_report->add_option("out", rpa.out, "Output directory of `leaderboard run`")->capture_default_str();

  best_known_args bka;
  auto* board_best = board->add_subcommand(
      "best-known", "Recompute the default suite's best-known values (exhaustive or long search) and compare them");
  board_best->add_option("labels", bka.labels, "Instances (labels of the default suite); omitted: all");
  board_best->add_flag("--check", bka.check, "Exit with code 1 when a recomputed value differs from the stored one");
  board_best->add_flag("--list", bka.list, "Only list the stored values and how they were obtained");
  board_best->add_flag("--json", bka.json, "Print JSON");
  board_best->add_option("--threads", bka.threads, "Worker threads (0 = one per hardware thread)")->capture_default_str();

  score_args sca;
  auto* board_score = board->add_subcommand(
      "score", "Score runs from episode records, e.g. a remote agent from `dsegym serve --record` logs");
  board_score->add_option("paths", sca.paths, "Record files or directories of *.jsonl")->required();
  board_score->add_flag("!--no-validate", sca.validate, "Skip replaying the records before scoring");
  board_score->add_flag("--json", sca.json, "Print JSON");

  validate_args va;
  auto* validate = app.add_subcommand(
      "validate", "Replay episode records (files or directories of *.jsonl) and check every step exactly");
  validate->add_option("paths", va.paths, "Record files or directories")->required();

  serve_args sa;
  auto* serve = app.add_subcommand("serve", "Serve every environment over ZeroMQ (see bridge/PROTOCOL.md)");
  serve->add_option("--bind", sa.bind, "Endpoint: tcp://HOST:PORT or ipc://PATH")->capture_default_str();
  serve->add_option("--workers", sa.workers, "Worker threads running environments")->capture_default_str()->check(CLI::Range(1, 256));
  serve->add_option("--record", sa.record, "Write every served episode as JSONL records into this directory");
  serve->add_option("--max-message-mb", sa.max_message_mb, "Largest request accepted (MiB)")->capture_default_str()->check(CLI::Range(1, 4096));
  serve->add_option("--max-sessions-per-client", sa.max_sessions_per_client, "Sessions one client may hold")->capture_default_str();
  serve->add_option("--max-sessions", sa.max_sessions, "Sessions in total")->capture_default_str();
  serve->add_option("--idle-timeout", sa.idle_timeout_s, "Seconds after which an unused session is closed")->capture_default_str()->check(positive);
  serve->add_option("--log-level", sa.log_level, "error, warn, info or debug")->capture_default_str()->check(CLI::IsMember({"error", "warn", "info", "debug"}));
  serve->add_option("--curve-secret", sa.curve_secret, "File holding the server's Z85 CURVE secret key (enables encryption)");
  serve->add_flag("--curve-keygen", sa.curve_keygen, "Print a new CURVE key pair and exit");

  const auto run_synth_commands = add_synth_commands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (!data_dir.empty()) ::setenv("DSEGYM_DATA_DIR", data_dir.c_str(), 1);

  try {
    if (*list) return run_list(la);
    if (*describe) return run_describe(da);
    if (*run) return run_run(ra);
    if (*eval) {
      for (auto& w : eval->remaining()) ea.design += " " + w;
      return run_eval(ea);
    }
    if (*agents) return run_agents(aa);
    if (*board_run) return run_leaderboard(lba);
    if (*board_report) return run_report(rpa);
    if (*board_score) return run_score(sca);
    if (*board_best) return run_best_known(bka);
    if (*validate) return run_validate(va);
    if (*serve) return run_serve(sa);
    if (const auto rc = run_synth_commands()) return *rc;
  } catch (const dsegym::error& e) {
    std::cerr << "dsegym: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "dsegym: internal error: " << e.what() << "\n";
    return 3;
  }
  return 0;
}

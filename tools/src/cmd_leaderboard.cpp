// dsegym leaderboard run / report, dsegym validate, dsegym agents.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <map>

#include "commands.hpp"
#include "dsegym/agents/catalog.hpp"
#include "dsegym/json/record.hpp"
#include "dsegym/json/value.hpp"
#include "dsegym/leaderboard/incumbent.hpp"
#include "dsegym/leaderboard/report.hpp"
#include "dsegym/leaderboard/run.hpp"
#include "dsegym/leaderboard/suite.hpp"
#include "dsegym/leaderboard/validate.hpp"

namespace dsegym::cli {

namespace fs = std::filesystem;
namespace lb = dsegym::leaderboard;

namespace {

value read_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw not_found("cli", "cannot open \"" + path + "\"");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_json(text, path);
}

int report_and_print(const lb::leaderboard_spec& spec, const fs::path& out) {
  std::vector<lb::run_key> missing;
  const auto results = lb::load_results(spec, out, &missing);
  if (results.empty()) throw failed_precondition("leaderboard", "no finished runs in \"" + out.string() + "\"");
  const fs::path summary = lb::write_report(spec, results, out);
  const lb::report r = lb::make_report(spec, results);
  std::cout << "\nLeaderboard \"" << spec.name << "\": " << spec.envs.size() << " envs, " << spec.agents.size()
            << " agents, " << spec.seeds.size() << " seeds";
  if (!missing.empty()) std::cout << " (" << missing.size() << " runs not finished yet)";
  std::cout << "\n\n" << lb::ranking_text(spec, r) << "\nReport: " << summary.string() << "\n";
  return 0;
}

}  // namespace

int run_leaderboard(const leaderboard_args& a) {
  value spec_value;
  if (a.spec.empty()) {
    std::vector<std::string> skipped;
    spec_value = lb::default_spec_value(a.seeds, skipped);
    for (const auto& s : skipped) std::cerr << "[dsegym] leaving out " << s << "\n";
    if (spec_value.at("envs").size() == 0) {
      std::cerr << "[dsegym] no environment can run here; set DSEGYM_DATA_DIR for envs that need data\n";
      return 2;
    }
  } else {
    spec_value = read_json_file(a.spec);
  }
  const lb::leaderboard_spec spec = lb::parse_spec(spec_value);
  const fs::path out = a.out;
  lb::run_options o;
  o.threads = a.threads;
  o.progress = !a.quiet;
  o.max_runs = a.max_runs;
  std::cerr << "[dsegym] leaderboard \"" << spec.name << "\": " << spec.envs.size() << " envs x " << spec.agents.size()
            << " agents x " << spec.seeds.size() << " seeds -> " << out.string() << "\n";
  const auto st = lb::run_leaderboard(spec, out, o);
  std::cerr << "[dsegym] " << st.executed << " runs executed, " << st.skipped << " already finished, "
            << st.failed.size() << " failed, " << st.total << " in total\n";
  for (const auto& f : st.failed) std::cerr << "[dsegym] run failed: " << f << "\n";
  const int rc = report_and_print(spec, out);
  return st.failed.empty() ? rc : 1;
}

int run_report(const report_args& a) {
  const fs::path out = a.out;
  const lb::leaderboard_spec spec = lb::parse_spec(read_json_file((out / "spec.json").string()));
  return report_and_print(spec, out);
}

namespace {
std::vector<std::string> record_files(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    if (fs::is_directory(p)) {
      for (const auto& e : fs::recursive_directory_iterator(p))
        if (e.is_regular_file() && e.path().extension() == ".jsonl") files.push_back(e.path().string());
    } else if (fs::exists(p)) {
      files.push_back(p);
    } else {
      throw not_found("cli", "no such record file or directory \"" + p + "\"");
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) throw invalid_argument("cli", "no record files (*.jsonl) found");
  return files;
}
}  // namespace

int run_score(const score_args& a) {
  // One run = the episodes sharing a run label (a leaderboard run, or a server session).
  struct run_summary {
    std::string env, agent;
    std::size_t episodes = 0, finished = 0;
    double cost = 0;
    lb::incumbent best;
  };
  std::map<std::string, run_summary> runs;
  std::size_t mismatches = 0;
  for (const auto& f : record_files(a.paths)) {
    if (a.validate) {
      const auto v = lb::validate_file(f);
      for (const auto& m : v.mismatches)
        std::cerr << "MISMATCH " << m.file << " run " << m.run << " episode " << m.episode << ": " << m.what << "\n";
      mismatches += v.mismatches.size();
    }
    for (const auto& r : read_records(f)) {
      auto& s = runs[f + "#" + r.run];
      s.env = r.env_id;
      s.agent = r.agent;
      ++s.episodes;
      s.cost += r.total_cost();
      if (lb::scorable(r)) ++s.finished;
      (void)s.best.offer(r);
    }
  }
  value::list out;
  for (const auto& [key, s] : runs) {
    value row = value::dict{{"run", key}, {"env", s.env}, {"agent", s.agent},
                            {"episodes", static_cast<std::int64_t>(s.episodes)},
                            {"finished", static_cast<std::int64_t>(s.finished)}, {"cost", s.cost}};
    if (const auto& b = s.best.best()) {
      row.set("best_episode", b->episode);
      row.set("best_return", s.best.best_return());
      value rep = value::dict{}, met = value::dict{};
      for (const auto& m : b->reported) rep.set(m.name, m.value);
      for (const auto& m : b->steps.back().metrics) met.set(m.name, m.value);
      row.set("score", b->reported.empty() ? value(s.best.best_return()) : value(b->reported.front().value));
      row.set("score_metric", b->reported.empty() ? "return" : b->reported.front().name);
      row.set("reported", std::move(rep));
      row.set("metrics", std::move(met));
    }
    out.push_back(std::move(row));
  }
  if (a.json) {
    std::cout << dump_json(value(std::move(out)), 2) << "\n";
  } else {
    std::cout << std::left << std::setw(48) << "run" << std::setw(22) << "env" << std::setw(10) << "episodes"
              << std::setw(14) << "best return" << "score\n";
    for (const auto& row : out) {
      std::cout << std::left << std::setw(48) << row.at("run").as_string().substr(0, 47) << std::setw(22)
                << row.at("env").as_string() << std::setw(10) << row.at("episodes").to_string();
      if (const value* b = row.find("best_return")) {
        std::cout << std::setw(14) << b->to_string() << row.at("score").to_string() << " ("
                  << row.at("score_metric").as_string() << ")";
      } else {
        std::cout << "no finished episode";
      }
      std::cout << "\n";
    }
    if (a.validate) std::cout << (mismatches ? "records FAILED validation" : "records validated by replay") << "\n";
  }
  return mismatches ? 1 : 0;
}

int run_best_known(const best_known_args& a) {
  std::vector<const lb::suite_instance*> chosen;
  for (const auto& in : lb::default_suite())
    if (a.labels.empty() || std::find(a.labels.begin(), a.labels.end(), in.label) != a.labels.end())
      chosen.push_back(&in);
  for (const auto& l : a.labels)
    if (std::none_of(chosen.begin(), chosen.end(), [&](const auto* in) { return in->label == l; })) {
      std::string valid;
      for (const auto& in : lb::default_suite()) valid += (valid.empty() ? "" : ", ") + in.label;
      throw invalid_argument("cli", "no instance \"" + l + "\" in the default suite; valid: " + valid);
    }
  const auto same = [](double x, double y) { return std::abs(x - y) <= 1e-9 * std::max(1.0, std::abs(y)); };
  value::list out;
  std::size_t differing = 0;
  for (const auto* in : chosen) {
    value row = value::dict{{"label", in->label}, {"problem", in->problem}, {"id", in->id}, {"kwargs", in->kwargs},
                            {"stored_best", in->reference.best}, {"stored_random", in->reference.random},
                            {"method", in->reference.method}};
    if (!a.list) {
      const lb::leaderboard_spec spec = lb::parse_spec(value::dict{
          {"seeds", 1}, {"envs", value::list{lb::instance_entry(*in)}}, {"agents", value::list{value::dict{{"name", "random"}}}}});
      const auto t0 = std::chrono::steady_clock::now();
      const auto r = lb::compute_reference(spec.envs[0], {}, a.threads);
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const bool ok = same(r.values.best, in->reference.best) && same(r.values.random, in->reference.random);
      if (!ok) ++differing;
      row.set("best", r.values.best);
      row.set("random", r.values.random);
      row.set("recomputed_method", r.values.method);
      row.set("designs_evaluated", static_cast<std::int64_t>(r.designs_evaluated));
      row.set("seconds", secs);
      row.set("matches", ok);
    }
    if (!a.json) {
      std::cout << in->label << " (" << in->id << " " << in->kwargs.to_string() << ")\n  stored:     best "
                << std::setprecision(10) << in->reference.best << ", random " << in->reference.random << "  ["
                << in->reference.method << "]\n";
      if (!a.list)
        std::cout << "  recomputed: best " << row.at("best").as_real() << ", random " << row.at("random").as_real() << "  ("
                  << row.at("designs_evaluated").as_int() << " designs, " << std::setprecision(3)
                  << row.at("seconds").as_real() << " s) " << (row.at("matches").as_bool() ? "OK" : "DIFFERS") << "\n";
      std::cout << std::flush;
    }
    out.push_back(std::move(row));
  }
  if (a.json) std::cout << dump_json(value(std::move(out)), 2) << "\n";
  if (!a.list && !a.json)
    std::cout << (differing ? "DIFFERS" : "OK") << ": " << chosen.size() - differing << " of " << chosen.size()
              << " instances reproduce their stored values\n";
  return a.check && differing ? 1 : 0;
}

int run_validate(const validate_args& a) {
  const std::vector<std::string> files = record_files(a.paths);
  std::size_t episodes = 0, steps = 0, bad = 0;
  for (const auto& f : files) {
    const auto r = lb::validate_file(f);
    episodes += r.episodes;
    steps += r.steps;
    for (const auto& m : r.mismatches) {
      ++bad;
      std::cout << "MISMATCH " << m.file << " run " << m.run << " episode " << m.episode;
      if (m.step >= 0) std::cout << " step " << m.step;
      std::cout << ": " << m.what << "\n";
    }
  }
  std::cout << (bad ? "FAILED" : "OK") << ": " << files.size() << " files, " << episodes << " episodes, " << steps
            << " steps replayed, " << bad << " mismatches\n";
  return bad ? 1 : 0;
}

int run_agents(const agents_args& a) {
  if (a.json) {
    value::list out;
    for (const auto& info : agents::agent_catalog()) {
      value::list hps;
      for (const auto& h : info.hyperparameters)
        hps.push_back(value::dict{{"name", h.name}, {"default", h.default_value}, {"description", h.description}});
      out.push_back(value::dict{{"name", info.name}, {"summary", info.summary}, {"hyperparameters", std::move(hps)}});
    }
    std::cout << dump_json(value(std::move(out)), 2) << "\n";
    return 0;
  }
  for (const auto& info : agents::agent_catalog()) {
    std::cout << info.name << " — " << info.summary << "\n";
    for (const auto& h : info.hyperparameters)
      std::cout << "    " << std::left << std::setw(22) << h.name << std::setw(8) << h.default_value.to_string() << " "
                << h.description << "\n";
  }
  return 0;
}

}  // namespace dsegym::cli

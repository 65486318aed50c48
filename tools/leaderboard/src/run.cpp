#include "dsegym/leaderboard/run.hpp"

#include "dsegym/leaderboard/incumbent.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <tuple>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <thread>

#include "dsegym/agents/catalog.hpp"
#include "dsegym/detail/thread_pool.hpp"
#include "dsegym/envs/default_registry.hpp"
#include "dsegym/json/record.hpp"

namespace dsegym::leaderboard {

namespace fs = std::filesystem;

fs::path run_file(const fs::path& out, const leaderboard_spec& s, const run_key& k) {
  return out / "runs" / s.envs[k.env].label / s.agents[k.agent].label /
         ("seed" + std::to_string(k.seed) + ".jsonl");
}

namespace {

std::vector<run_key> all_keys(const leaderboard_spec& s) {
  std::vector<run_key> keys;
  for (std::size_t e = 0; e < s.envs.size(); ++e)
    for (std::size_t a = 0; a < s.agents.size(); ++a)
      for (auto seed : s.seeds) keys.push_back({e, a, seed});
  return keys;
}

void write_atomically(const fs::path& path, const std::vector<episode_record>& records) {
  fs::create_directories(path.parent_path());
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) throw not_found("leaderboard", "cannot write \"" + tmp.string() + "\"");
    for (const auto& r : records) out << record_to_json(r).dump() << '\n';
    out.flush();
    if (!out) throw error("leaderboard", "write to \"" + tmp.string() + "\" failed", error_code::internal);
  }
  fs::rename(tmp, path);
}

std::string format_duration(double s) {
  if (!std::isfinite(s) || s < 0) return "--";
  const auto t = static_cast<long>(s + 0.5);
  char buf[32];
  if (t >= 3600) {
    std::snprintf(buf, sizeof buf, "%ldh%02ldm", t / 3600, (t / 60) % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
  }
  return buf;
}

/// Progress line with an ETA weighted by each remaining run's expected cost: the mean wall time of
/// the finished runs of the same env entry (before any has finished, the mean of all finished runs),
/// scaled by the observed ratio of elapsed time to finished work (which accounts for the threads).
class progress_bar {
 public:
  progress_bar(std::vector<std::size_t> env_of_run, std::size_t envs, bool enabled)
      : env_of_run_(std::move(env_of_run)), total_(env_of_run_.size()), enabled_(enabled), tty_(isatty(2) != 0),
        remaining_(envs, 0), done_count_(envs, 0), done_seconds_(envs, 0.0) {
    for (std::size_t e : env_of_run_) ++remaining_[e];
  }
  void done(std::size_t run, double run_seconds, const std::string& what) {
    std::lock_guard lock(mu_);
    const std::size_t e = env_of_run_[run];
    --remaining_[e];
    ++done_count_[e];
    done_seconds_[e] += run_seconds;
    ++finished_;
    work_done_ += run_seconds;
    if (!enabled_) return;
    const double elapsed = std::chrono::duration<double>(clock::now() - t0_).count();
    const double mean_all = work_done_ / static_cast<double>(finished_);
    double work_left = 0;
    for (std::size_t k = 0; k < remaining_.size(); ++k)
      work_left += static_cast<double>(remaining_[k]) *
                   (done_count_[k] ? done_seconds_[k] / static_cast<double>(done_count_[k]) : mean_all);
    const double eta = work_done_ > 0 ? work_left * elapsed / work_done_ : NAN;
    const int width = 30;
    const int filled = total_ ? static_cast<int>(width * finished_ / total_) : width;
    std::string bar(static_cast<std::size_t>(filled), '=');
    bar.resize(static_cast<std::size_t>(width), ' ');
    if (tty_) {
      std::fprintf(stderr, "\r[%s] %zu/%zu runs  elapsed %s  ETA %s  %-40.40s", bar.c_str(), finished_, total_,
                   format_duration(elapsed).c_str(), format_duration(eta).c_str(), what.c_str());
      if (finished_ == total_) std::fprintf(stderr, "\n");
    } else {
      std::fprintf(stderr, "[%zu/%zu] %s (elapsed %s, ETA %s)\n", finished_, total_, what.c_str(),
                   format_duration(elapsed).c_str(), format_duration(eta).c_str());
    }
    std::fflush(stderr);
  }

 private:
  using clock = std::chrono::steady_clock;
  std::vector<std::size_t> env_of_run_;
  std::size_t total_;
  bool enabled_, tty_;
  std::vector<std::size_t> remaining_, done_count_;
  std::vector<double> done_seconds_;
  std::size_t finished_ = 0;
  double work_done_ = 0;
  clock::time_point t0_ = clock::now();
  std::mutex mu_;
};

}  // namespace

run_stats run_leaderboard(const leaderboard_spec& s, const fs::path& out, const run_options& o) {
  fs::create_directories(out);
  const fs::path spec_path = out / "spec.json";
  const std::string spec_text = dump_json(s.source, 2);
  if (fs::exists(spec_path)) {
    std::ifstream in(spec_path);
    const std::string old((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (parse_json(old, spec_path.string()) != s.source)
      throw invalid_argument("leaderboard", "\"" + out.string() +
                                                "\" holds results of a different leaderboard spec; "
                                                "use another --out directory");
  } else {
    std::ofstream(spec_path) << spec_text << '\n';
  }

  run_stats st;
  std::vector<run_key> todo;
  for (const auto& k : all_keys(s)) {
    ++st.total;
    if (fs::exists(run_file(out, s, k))) {
      ++st.skipped;
    } else {
      todo.push_back(k);
    }
  }
  if (o.max_runs > 0 && todo.size() > o.max_runs) todo.resize(o.max_runs);
  // Seed-major order: every env has finished runs early, so the ETA learns each env's cost soon
  // (results do not depend on the order).
  std::stable_sort(todo.begin(), todo.end(), [&](const run_key& x, const run_key& y) {
    const auto sx = std::find(s.seeds.begin(), s.seeds.end(), x.seed) - s.seeds.begin();
    const auto sy = std::find(s.seeds.begin(), s.seeds.end(), y.seed) - s.seeds.begin();
    return std::tie(sx, x.env, x.agent) < std::tie(sy, y.env, y.agent);
  });
  const std::size_t threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  detail::thread_pool pool(threads - 1);
  std::vector<std::size_t> env_of_run;
  for (const auto& k : todo) env_of_run.push_back(k.env);
  progress_bar bar(std::move(env_of_run), s.envs.size(), o.progress);
  const registry& reg = envs::default_registry();
  std::mutex failed_mu;
  pool.parallel_for(todo.size(), [&](std::size_t i) {
    const run_key& k = todo[i];
    const env_entry_spec& es = s.envs[k.env];
    const agent_entry_spec& as = s.agents[k.agent];
    const std::string label = es.label + "/" + as.label + "/seed" + std::to_string(k.seed);
    const auto t0 = std::chrono::steady_clock::now();
    try {
      any_env env = reg.make(es.id, es.kwargs);
      auto agent = agents::make_agent(as.name, as.config, agents::design_space(env));
      agents::run_options ro;
      ro.limit = es.budget;
      ro.seed = k.seed;
      ro.run = label;
      auto res = agents::run_agent(env, *agent, ro);
      for (auto& r : res.episodes) r.agent = as.label;
      write_atomically(run_file(out, s, k), res.episodes);
    } catch (const std::exception& e) {
      std::lock_guard lock(failed_mu);
      st.failed.push_back(label + ": " + e.what());
    }
    bar.done(i, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), label);
  });
  std::sort(st.failed.begin(), st.failed.end());
  st.executed = todo.size() - st.failed.size();
  return st;
}

run_result summarise_run(const leaderboard_spec& s, const run_key& k, const std::vector<episode_record>& records) {
  const env_entry_spec& es = s.envs[k.env];
  run_result r;
  r.key = k;
  r.evaluations = records.size();
  double cost = 0;
  incumbent inc;
  for (const auto& rec : records) {
    if (r.run.empty()) r.run = rec.run;
    cost += rec.total_cost();
    if (rec.extra.find("error") != nullptr) ++r.failures;
    (void)inc.offer(rec);
    r.best_so_far.push_back(inc.best_return());
    r.cost_so_far.push_back(cost);
    r.env_s += rec.timing.env_s;
    r.agent_s += rec.timing.agent_s;
    r.wall_s += rec.timing.wall_s;
  }
  const auto find = [](const std::vector<metric>& ms, const std::string& name) {
    for (const auto& m : ms)
      if (m.name == name) return m.value;
    return std::numeric_limits<double>::quiet_NaN();
  };
  const episode_record* incumbent = inc.best() ? &*inc.best() : nullptr;
  if (incumbent == nullptr) {
    r.score = std::numeric_limits<double>::quiet_NaN();
  } else if (es.score.source == "return") {
    r.score = incumbent->total_reward();
  } else if (es.score.source == "reported") {
    r.score = find(incumbent->reported, es.score.metric);
  } else {
    r.score = find(incumbent->steps.back().metrics, es.score.metric);
  }
  for (const auto& m : s.metrics)
    r.final_metrics.push_back(incumbent ? find(incumbent->steps.back().metrics, m) : std::nan(""));
  return r;
}

std::vector<run_result> load_results(const leaderboard_spec& s, const fs::path& out, std::vector<run_key>* missing) {
  std::vector<run_result> results;
  for (const auto& k : all_keys(s)) {
    const fs::path p = run_file(out, s, k);
    if (!fs::exists(p)) {
      if (missing) missing->push_back(k);
      continue;
    }
    results.push_back(summarise_run(s, k, read_records(p.string())));
  }
  return results;
}

}  // namespace dsegym::leaderboard

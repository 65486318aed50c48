#include "dsegym/leaderboard/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>

#include "dsegym/json/value.hpp"
#include "dsegym/leaderboard/stats.hpp"
#include "dsegym/leaderboard/svg.hpp"

namespace dsegym::leaderboard {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t bootstrap_reps = 2000;
constexpr std::uint64_t bootstrap_seed = 20261125;
const double nan = std::numeric_limits<double>::quiet_NaN();

std::string fmt(double v, int digits = 4) {
  if (!std::isfinite(v)) return "n/a";
  if (v > 0 && v < std::pow(10.0, -digits)) return "<" + std::string("0.") + std::string(static_cast<std::size_t>(digits - 1), '0') + "1";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

/// Finite scores of the runs of (env, agent).
std::vector<double> scores(const std::vector<run_result>& rs, std::size_t env, std::size_t agent) {
  std::vector<double> out;
  for (const auto& r : rs)
    if (r.key.env == env && r.key.agent == agent && std::isfinite(r.score)) out.push_back(r.score);
  return out;
}

std::optional<std::size_t> random_agent(const leaderboard_spec& s) {
  for (std::size_t a = 0; a < s.agents.size(); ++a)
    if (s.agents[a].name == "random" && s.agents[a].config == value(value::dict{})) return a;
  for (std::size_t a = 0; a < s.agents.size(); ++a)
    if (s.agents[a].name == "random") return a;
  return std::nullopt;
}

value num_or_null(double v) { return std::isfinite(v) ? value(v) : value(); }

/// Median and quartiles across runs of a per-run curve sampled on `grid`.
curve_series curve(const std::string& name, const std::vector<double>& grid,
                   const std::vector<std::vector<double>>& per_run) {
  curve_series c{name, grid, {}, {}, {}};
  for (std::size_t i = 0; i < grid.size(); ++i) {
    std::vector<double> ys;
    for (const auto& run : per_run)
      if (std::isfinite(run[i])) ys.push_back(run[i]);
    // a point is drawn once at least half the runs have found a valid design
    if (ys.size() * 2 < per_run.size() || ys.empty()) {
      c.median.push_back(nan), c.q25.push_back(nan), c.q75.push_back(nan);
      continue;
    }
    c.median.push_back(quantile(ys, 0.5));
    c.q25.push_back(quantile(ys, 0.25));
    c.q75.push_back(quantile(ys, 0.75));
  }
  return c;
}

void write_file(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::trunc | std::ios::binary);
  out << text;
  if (!out) throw error("leaderboard", "cannot write \"" + p.string() + "\"", error_code::internal);
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

std::string csv_num(double v) {
  if (!std::isfinite(v)) return "";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

}  // namespace

namespace {

/// Normalised regret of `score`: 0 at `best`, 1 at `random` (either direction).
double regret(double score, const instance_info& in) { return (in.best - score) / (in.best - in.random); }

bool reaches(double score, double best, bool maximize) {
  const double tol = 1e-9 * std::max(1.0, std::abs(best));
  return maximize ? score >= best - tol : score <= best + tol;
}

/// Ranks (1 = best, ties share the better rank) of `means` where lower is better; NaN stays NaN.
std::vector<double> ranks_lower_better(const std::vector<double>& means) {
  std::vector<double> r(means.size(), nan);
  for (std::size_t i = 0; i < means.size(); ++i) {
    if (!std::isfinite(means[i])) continue;
    double better = 0;
    for (double m : means)
      if (std::isfinite(m) && m < means[i]) better += 1;
    r[i] = 1 + better;
  }
  return r;
}

/// Mean over groups of the mean over each group's tasks of the task means, and its percentile
/// bootstrap CI resampling runs within each task (fixed seed).
struct grouped {
  std::vector<std::vector<std::vector<double>>> groups;  // group -> task -> runs
};
double grouped_mean(const grouped& g) {
  double sum = 0;
  std::size_t n = 0;
  for (const auto& grp : g.groups) {
    double gs = 0;
    std::size_t gn = 0;
    for (const auto& t : grp)
      if (!t.empty()) gs += mean(t), ++gn;
    if (gn) sum += gs / static_cast<double>(gn), ++n;
  }
  return n ? sum / static_cast<double>(n) : nan;
}
interval grouped_bootstrap(const grouped& g, std::uint64_t seed) {
  rng r(seed);
  std::vector<double> stats;
  grouped sample = g;
  for (std::size_t rep = 0; rep < bootstrap_reps; ++rep) {
    for (std::size_t i = 0; i < g.groups.size(); ++i)
      for (std::size_t t = 0; t < g.groups[i].size(); ++t)
        for (std::size_t k = 0; k < g.groups[i][t].size(); ++k)
          sample.groups[i][t][k] = g.groups[i][t][uniform_below(r, g.groups[i][t].size())];
    const double m = grouped_mean(sample);
    if (std::isfinite(m)) stats.push_back(m);
  }
  if (stats.empty()) return {};
  return {quantile(stats, 0.025), quantile(stats, 0.975)};
}

}  // namespace

report make_report(const leaderboard_spec& s, const std::vector<run_result>& rs) {
  report out;
  const auto rnd = random_agent(s);
  value envs_json = value::list{};
  // regrets[e][a] = normalised regrets of the runs of agent a on env entry e
  std::vector<std::vector<std::vector<double>>> regrets(s.envs.size(), std::vector<std::vector<double>>(s.agents.size()));
  for (std::size_t e = 0; e < s.envs.size(); ++e) {
    const bool maximize = s.envs[e].score.maximize;
    std::vector<agent_row> rows;
    const double random_mean = rnd ? mean(scores(rs, e, *rnd)) : nan;
    // what regret is measured against
    instance_info in;
    if (s.envs[e].reference) {
      in.best = s.envs[e].reference->best;
      in.random = s.envs[e].reference->random;
      in.reference = true;
      in.method = s.envs[e].reference->method;
    } else {
      double best = maximize ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
      double worst_mean = maximize ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
      for (const auto& r : rs)
        if (r.key.env == e && std::isfinite(r.score)) best = maximize ? std::max(best, r.score) : std::min(best, r.score);
      for (std::size_t a = 0; a < s.agents.size(); ++a) {
        const double m = mean(scores(rs, e, a));
        if (std::isfinite(m)) worst_mean = maximize ? std::min(worst_mean, m) : std::max(worst_mean, m);
      }
      in.best = best;
      in.random = std::isfinite(random_mean) ? random_mean : worst_mean;
      in.method = "no best-known value: the best run of this leaderboard, and random search's mean as 1";
    }
    const bool can_normalise = std::isfinite(in.best) && std::isfinite(in.random) && in.best != in.random;
    std::size_t runs_total = 0, runs_at_best = 0;
    for (std::size_t a = 0; a < s.agents.size(); ++a) {
      const auto x = scores(rs, e, a);
      agent_row row;
      row.agent = s.agents[a].label;
      row.runs = x.size();
      row.mean = mean(x);
      row.stddev = stddev(x);
      row.median = median(x);
      row.iqm = iqm(x);
      const interval ci = stratified_bootstrap_ci({x}, [](std::vector<double> v) { return iqm(std::move(v)); },
                                                  bootstrap_reps, 0.95, bootstrap_seed);
      row.iqm_low = ci.low;
      row.iqm_high = ci.high;
      row.improvement_vs_random_pct = std::isfinite(random_mean) ? improvement_percent(row.mean, random_mean, maximize) : nan;
      double evals = 0, cost = 0, agent_s = 0;
      std::size_t n = 0;
      for (const auto& r : rs)
        if (r.key.env == e && r.key.agent == a) {
          evals += static_cast<double>(r.evaluations);
          cost += r.cost_so_far.empty() ? 0.0 : r.cost_so_far.back();
          agent_s += r.agent_s;
          ++n;
        }
      row.evaluations = n ? evals / static_cast<double>(n) : nan;
      row.cost = n ? cost / static_cast<double>(n) : nan;
      row.agent_us_per_proposal = evals > 0 ? 1e6 * agent_s / evals : nan;
      std::size_t at_best = 0;
      for (double v : x) {
        if (can_normalise) regrets[e][a].push_back(regret(v, in));
        if (std::isfinite(in.best) && reaches(v, in.best, maximize)) ++at_best;
      }
      runs_total += x.size();
      runs_at_best += at_best;
      row.mean_regret = mean(regrets[e][a]);
      row.at_best_fraction = x.empty() ? nan : static_cast<double>(at_best) / static_cast<double>(x.size());
      rows.push_back(row);
    }
    in.at_best_fraction = runs_total ? static_cast<double>(runs_at_best) / static_cast<double>(runs_total) : nan;
    // rank by mean (1 = best); ties share the better rank
    for (auto& row : rows) {
      double better = 0;
      for (const auto& other : rows)
        if (std::isfinite(other.mean) && std::isfinite(row.mean) &&
            (maximize ? other.mean > row.mean : other.mean < row.mean))
          better += 1;
      row.rank = std::isfinite(row.mean) ? 1 + better : nan;
    }
    value jrows = value::list{};
    for (const auto& row : rows)
      jrows.as_list().push_back(value::dict{{"agent", row.agent},
                                            {"runs", static_cast<std::int64_t>(row.runs)},
                                            {"mean", num_or_null(row.mean)},
                                            {"std", num_or_null(row.stddev)},
                                            {"median", num_or_null(row.median)},
                                            {"iqm", num_or_null(row.iqm)},
                                            {"iqm_ci95", value::list{num_or_null(row.iqm_low), num_or_null(row.iqm_high)}},
                                            {"improvement_vs_random_pct", num_or_null(row.improvement_vs_random_pct)},
                                            {"rank", num_or_null(row.rank)},
                                            {"mean_regret", num_or_null(row.mean_regret)},
                                            {"at_best_fraction", num_or_null(row.at_best_fraction)},
                                            {"evaluations", num_or_null(row.evaluations)},
                                            {"cost", num_or_null(row.cost)},
                                            {"agent_us_per_proposal", num_or_null(row.agent_us_per_proposal)}});
    envs_json.as_list().push_back(value::dict{{"env", s.envs[e].label},
                                              {"id", s.envs[e].id},
                                              {"problem", s.envs[e].problem},
                                              {"kwargs", s.envs[e].kwargs},
                                              {"score", s.envs[e].score.metric},
                                              {"score_source", s.envs[e].score.source},
                                              {"maximize", maximize},
                                              {"best_known", num_or_null(in.best)},
                                              {"random_expectation", num_or_null(in.random)},
                                              {"reference", in.reference},
                                              {"best_known_method", in.method},
                                              {"at_best_fraction", num_or_null(in.at_best_fraction)},
                                              {"saturated", std::isfinite(in.at_best_fraction) && in.at_best_fraction >= 0.25},
                                              {"agents", std::move(jrows)}});
    out.envs.push_back(std::move(rows));
    out.instances.push_back(in);
  }

  // problems (task suites), in order of first appearance
  for (std::size_t e = 0; e < s.envs.size(); ++e) {
    auto it = std::find_if(out.problems.begin(), out.problems.end(),
                           [&](const problem_report& p) { return p.name == s.envs[e].problem; });
    if (it == out.problems.end()) {
      out.problems.push_back({s.envs[e].problem, {}, {}, {}, nan});
      it = std::prev(out.problems.end());
    }
    it->instances.push_back(e);
  }
  value problems_json = value::list{};
  std::vector<std::vector<double>> problem_ranks(s.agents.size());
  for (std::size_t pi = 0; pi < out.problems.size(); ++pi) {
    problem_report& p = out.problems[pi];
    // per-instance ranks of the agents by mean regret
    std::vector<std::vector<double>> inst_ranks(s.agents.size());
    for (std::size_t e : p.instances) {
      std::vector<double> means;
      for (std::size_t a = 0; a < s.agents.size(); ++a) means.push_back(mean(regrets[e][a]));
      const auto r = ranks_lower_better(means);
      for (std::size_t a = 0; a < s.agents.size(); ++a)
        if (std::isfinite(r[a])) inst_ranks[a].push_back(r[a]);
    }
    std::vector<double> ps;
    for (std::size_t a = 0; a < s.agents.size(); ++a) {
      problem_row row;
      row.agent = s.agents[a].label;
      grouped g;
      g.groups.emplace_back();
      std::vector<std::vector<double>> mine, theirs;
      for (std::size_t e : p.instances) {
        g.groups[0].push_back(regrets[e][a]);
        mine.push_back(regrets[e][a]);
        theirs.push_back(rnd ? regrets[e][*rnd] : std::vector<double>{});
      }
      row.mean_regret = grouped_mean(g);
      const interval ci = grouped_bootstrap(g, bootstrap_seed + 7919 * pi + a);
      row.regret_low = ci.low;
      row.regret_high = ci.high;
      row.average_rank = mean(inst_ranks[a]);
      const bool is_random = rnd && a == *rnd;
      row.p_vs_random = is_random ? nan : permutation_p_lower(mine, theirs, 20000, bootstrap_seed + pi);
      row.improvement_probability = is_random ? nan : probability_of_improvement(mine, theirs);
      ps.push_back(row.p_vs_random);
      if (std::isfinite(row.average_rank)) problem_ranks[a].push_back(row.average_rank);
      p.rows.push_back(row);
    }
    const auto holm = holm_adjust(ps);
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t a = 0; a < p.rows.size(); ++a) {
      p.rows[a].p_vs_random_holm = holm[a];
      if ((!rnd || a != *rnd) && std::isfinite(p.rows[a].mean_regret) && p.rows[a].mean_regret < best) {
        best = p.rows[a].mean_regret;
        p.best_agent = p.rows[a].agent;
        p.best_agent_p = p.rows[a].p_vs_random;
      }
    }
    value jr = value::list{};
    for (const auto& row : p.rows)
      jr.as_list().push_back(value::dict{{"agent", row.agent},
                                         {"mean_regret", num_or_null(row.mean_regret)},
                                         {"mean_regret_ci95", value::list{num_or_null(row.regret_low), num_or_null(row.regret_high)}},
                                         {"average_rank", num_or_null(row.average_rank)},
                                         {"p_vs_random", num_or_null(row.p_vs_random)},
                                         {"p_vs_random_holm", num_or_null(row.p_vs_random_holm)},
                                         {"improvement_probability_vs_random", num_or_null(row.improvement_probability)}});
    value::list inst;
    for (std::size_t e : p.instances) inst.push_back(s.envs[e].label);
    problems_json.as_list().push_back(value::dict{{"problem", p.name},
                                                  {"instances", std::move(inst)},
                                                  {"best_agent", p.best_agent},
                                                  {"best_agent_p_vs_random", num_or_null(p.best_agent_p)},
                                                  {"agents", std::move(jr)}});
  }

  for (std::size_t a = 0; a < s.agents.size(); ++a) {
    overall_row o;
    o.agent = s.agents[a].label;
    grouped g;
    std::vector<double> pois;
    for (const auto& p : out.problems) {
      g.groups.emplace_back();
      for (std::size_t e : p.instances) g.groups.back().push_back(regrets[e][a]);
      if (std::isfinite(p.rows[a].improvement_probability)) pois.push_back(p.rows[a].improvement_probability);
      if (p.rows[a].p_vs_random < 0.05) ++o.problems_beating_random;
    }
    o.mean_regret = grouped_mean(g);
    const interval ci = grouped_bootstrap(g, bootstrap_seed + 104729 * (a + 1));
    o.regret_low = ci.low;
    o.regret_high = ci.high;
    o.average_rank = mean(problem_ranks[a]);
    o.improvement_probability = mean(pois);
    out.overall.push_back(o);
  }
  std::stable_sort(out.overall.begin(), out.overall.end(), [](const overall_row& x, const overall_row& y) {
    const double a = std::isfinite(x.mean_regret) ? x.mean_regret : 1e300, b = std::isfinite(y.mean_regret) ? y.mean_regret : 1e300;
    if (a != b) return a < b;
    return x.average_rank < y.average_rank;
  });
  value overall = value::list{};
  for (const auto& o : out.overall)
    overall.as_list().push_back(value::dict{{"agent", o.agent},
                                            {"mean_regret", num_or_null(o.mean_regret)},
                                            {"mean_regret_ci95", value::list{num_or_null(o.regret_low), num_or_null(o.regret_high)}},
                                            {"average_rank", num_or_null(o.average_rank)},
                                            {"improvement_probability_vs_random", num_or_null(o.improvement_probability)},
                                            {"problems_beating_random_p05", static_cast<std::int64_t>(o.problems_beating_random)}});
  out.json = value::dict{{"schema", "dsegym.leaderboard.report.v2"},
                         {"name", s.name},
                         {"seeds", static_cast<std::int64_t>(s.seeds.size())},
                         {"bootstrap", value::dict{{"reps", static_cast<std::int64_t>(bootstrap_reps)},
                                                   {"seed", static_cast<std::int64_t>(bootstrap_seed)},
                                                   {"confidence", 0.95}}},
                         {"envs", std::move(envs_json)},
                         {"problems", std::move(problems_json)},
                         {"overall", std::move(overall)}};
  return out;
}

std::string ranking_text(const leaderboard_spec& s, const report& r) {
  std::string o;
  char buf[320];
  std::snprintf(buf, sizeof buf, "%-3s %-24s %-28s %-9s %-9s %s\n", "#", "agent", "mean regret [95% CI]", "avg rank",
                "P(>rand)", "problems p<0.05");
  o += buf;
  int k = 1;
  for (const auto& row : r.overall) {
    std::snprintf(buf, sizeof buf, "%-3d %-24s %-28s %-9s %-9s %zu/%zu\n", k++, row.agent.c_str(),
                  (fmt(row.mean_regret, 3) + " [" + fmt(row.regret_low, 3) + ", " + fmt(row.regret_high, 3) + "]").c_str(),
                  fmt(row.average_rank, 2).c_str(), fmt(row.improvement_probability, 2).c_str(),
                  row.problems_beating_random, r.problems.size());
    o += buf;
  }
  o += "\nPer problem: best agent (lowest mean regret) vs random search at equal budget, one-sided permutation test\n";
  std::size_t significant = 0;
  for (const auto& p : r.problems) {
    std::snprintf(buf, sizeof buf, "  %-30s %-22s p = %-8s%s\n", p.name.c_str(), p.best_agent.c_str(),
                  fmt(p.best_agent_p, 4).c_str(), p.best_agent_p < 0.05 ? "  *" : "");
    o += buf;
    if (p.best_agent_p < 0.05) ++significant;
  }
  std::size_t saturated = 0;
  std::string sat_list;
  for (std::size_t e = 0; e < r.instances.size(); ++e)
    if (r.instances[e].at_best_fraction >= 0.25) {
      ++saturated;
      sat_list += " " + s.envs[e].label;
    }
  std::snprintf(buf, sizeof buf, "%zu of %zu problems: best agent beats random search with p < 0.05. Saturated instances "
                "(>= 25 %% of runs at the best-known value): %zu of %zu%s\n",
                significant, r.problems.size(), saturated, r.instances.size(), sat_list.c_str());
  o += buf;
  return o;
}

fs::path write_report(const leaderboard_spec& s, const std::vector<run_result>& rs, const fs::path& out) {
  const report r = make_report(s, rs);
  const fs::path dir = out / "report";
  fs::create_directories(dir / "curves");

  // runs.csv: one row per run
  std::string runs = "env,agent,seed,score,evaluations,failures,cost,env_s,agent_s,wall_s";
  for (const auto& m : s.metrics) runs += "," + csv_field(m);
  runs += "\n";
  std::vector<run_result> sorted = rs;
  std::sort(sorted.begin(), sorted.end(), [](const run_result& a, const run_result& b) {
    return std::tie(a.key.env, a.key.agent, a.key.seed) < std::tie(b.key.env, b.key.agent, b.key.seed);
  });
  for (const auto& x : sorted) {
    runs += csv_field(s.envs[x.key.env].label) + "," + csv_field(s.agents[x.key.agent].label) + "," +
            std::to_string(x.key.seed) + "," + csv_num(x.score) + "," + std::to_string(x.evaluations) + "," +
            std::to_string(x.failures) + "," + csv_num(x.cost_so_far.empty() ? 0.0 : x.cost_so_far.back()) + "," +
            csv_num(x.env_s) + "," + csv_num(x.agent_s) + "," + csv_num(x.wall_s);
    for (double m : x.final_metrics) runs += "," + csv_num(m);
    runs += "\n";
  }
  write_file(dir / "runs.csv", runs);

  std::string tables = "env,problem,agent,runs,mean,std,median,iqm,iqm_ci_low,iqm_ci_high,improvement_vs_random_pct,rank,mean_regret,at_best_fraction,evaluations,cost,agent_us_per_proposal\n";
  for (std::size_t e = 0; e < s.envs.size(); ++e)
    for (const auto& row : r.envs[e])
      tables += csv_field(s.envs[e].label) + "," + csv_field(s.envs[e].problem) + "," + csv_field(row.agent) + "," + std::to_string(row.runs) + "," +
                csv_num(row.mean) + "," + csv_num(row.stddev) + "," + csv_num(row.median) + "," + csv_num(row.iqm) + "," +
                csv_num(row.iqm_low) + "," + csv_num(row.iqm_high) + "," + csv_num(row.improvement_vs_random_pct) + "," +
                csv_num(row.rank) + "," + csv_num(row.mean_regret) + "," + csv_num(row.at_best_fraction) + "," +
                csv_num(row.evaluations) + "," + csv_num(row.cost) + "," +
                csv_num(row.agent_us_per_proposal) + "\n";
  write_file(dir / "tables.csv", tables);

  std::string overall = "agent,mean_regret,ci_low,ci_high,average_rank,improvement_probability_vs_random,problems_beating_random_p05\n";
  for (const auto& o : r.overall)
    overall += csv_field(o.agent) + "," + csv_num(o.mean_regret) + "," + csv_num(o.regret_low) + "," + csv_num(o.regret_high) + "," +
               csv_num(o.average_rank) + "," + csv_num(o.improvement_probability) + "," + std::to_string(o.problems_beating_random) + "\n";
  write_file(dir / "overall.csv", overall);
  std::string problems = "problem,agent,mean_regret,ci_low,ci_high,average_rank,p_vs_random,p_vs_random_holm,improvement_probability_vs_random\n";
  for (const auto& p : r.problems)
    for (const auto& row : p.rows)
      problems += csv_field(p.name) + "," + csv_field(row.agent) + "," + csv_num(row.mean_regret) + "," + csv_num(row.regret_low) + "," +
                  csv_num(row.regret_high) + "," + csv_num(row.average_rank) + "," + csv_num(row.p_vs_random) + "," +
                  csv_num(row.p_vs_random_holm) + "," + csv_num(row.improvement_probability) + "\n";
  write_file(dir / "problems.csv", problems);
  write_file(dir / "report.json", dump_json(r.json, 2) + "\n");

  // Markdown summary and curves
  std::string md = "# Leaderboard: " + s.name + "\n\n";
  md += std::to_string(s.envs.size()) + " environments × " + std::to_string(s.agents.size()) + " agents × " +
        std::to_string(s.seeds.size()) + " seeds. Scores are of each run's final design (the best by the "
        "search-visible return). IQM = interquartile mean; CIs are 95 % stratified-bootstrap intervals (" +
        std::to_string(bootstrap_reps) + " resamples, fixed seed). Improvement is over random search at the same budget.\n\n";
  md += "## Overall ranking\n\nNormalised regret of a run on an instance: (best-known − score) / (best-known − expected score "
        "of a uniformly random design), so 0 = the best-known value and 1 = a random design (lower is better). An agent's "
        "regret on a problem is the mean over the problem's instances (task suite); the overall value is the mean over "
        "problems, each problem weighing the same (views of one problem, such as a multi-agent variant, are one problem). "
        "CIs: 95 % percentile bootstrap resampling runs within each instance. Average rank: of the agents' mean regret per "
        "instance, averaged within a problem, then over problems. P(>rand): probability that a run beats a random-search "
        "run on the same instance (ties count half), averaged likewise. Last column: problems where a one-sided "
        "permutation test (labels exchanged within instances, equal budget) finds lower regret than random search at "
        "p < 0.05.\n\n";
  md += "| # | agent | mean regret [95% CI] | average rank | P(>random) | problems p<0.05 |\n|---|---|---|---|---|---|\n";
  int k = 1;
  for (const auto& o : r.overall)
    md += "| " + std::to_string(k++) + " | " + o.agent + " | " + fmt(o.mean_regret, 3) + " [" + fmt(o.regret_low, 3) + ", " +
          fmt(o.regret_high, 3) + "] | " + fmt(o.average_rank, 2) + " | " + fmt(o.improvement_probability, 2) + " | " +
          std::to_string(o.problems_beating_random) + "/" + std::to_string(r.problems.size()) + " |\n";
  md += "\n## Problems\n\nPer problem, each agent against random search at equal budget: one-sided stratified "
        "permutation test of mean regret (p; Holm-adjusted over the agents in the next column).\n";
  for (const auto& p : r.problems) {
    md += "\n### " + p.name + "\n\nInstances:";
    for (std::size_t e : p.instances) md += " `" + s.envs[e].label + "`";
    md += ". Best agent: " + p.best_agent + " (p = " + fmt(p.best_agent_p, 4) + ").\n\n";
    md += "| agent | mean regret [95% CI] | average rank | p vs random | p (Holm) | P(>random) |\n|---|---|---|---|---|---|\n";
    for (const auto& row : p.rows)
      md += "| " + row.agent + " | " + fmt(row.mean_regret, 3) + " [" + fmt(row.regret_low, 3) + ", " + fmt(row.regret_high, 3) +
            "] | " + fmt(row.average_rank, 2) + " | " + fmt(row.p_vs_random, 4) + " | " + fmt(row.p_vs_random_holm, 4) + " | " +
            fmt(row.improvement_probability, 2) + " |\n";
  }
  md += "\n## Instances\n";
  for (std::size_t e = 0; e < s.envs.size(); ++e) {
    const auto& es = s.envs[e];
    md += "\n### " + es.label + "\n\n`" + es.id + "` kwargs `" + es.kwargs.to_string() + "`, budget " +
          fmt(es.budget.amount, 0) + (es.budget.kind == agents::budget_kind::cost ? " (simulated cost)" : " evaluations") +
          ". Score: `" + es.score.metric + "` (" + es.score.source + ", " + (es.score.maximize ? "higher" : "lower") +
          " is better). Problem: `" + es.problem + "`.\n\n";
    const instance_info& in = r.instances[e];
    md += "Best-known " + fmt(in.best) + ", random design's expectation " + fmt(in.random) + " (" + in.method + "). " +
          "Runs at the best-known value: " + fmt(100.0 * in.at_best_fraction, 1) + " %" +
          (in.at_best_fraction >= 0.25 ? " — **saturated** (>= 25 %)" : "") + ".\n\n";
    md += "| rank | agent | runs | mean ± std | median | IQM [95% CI] | vs random | regret | at best | evals | cost | agent µs/proposal |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    std::vector<agent_row> rows = r.envs[e];
    std::stable_sort(rows.begin(), rows.end(), [](const agent_row& a, const agent_row& b) {
      return (std::isfinite(a.rank) ? a.rank : 1e9) < (std::isfinite(b.rank) ? b.rank : 1e9);
    });
    for (const auto& row : rows)
      md += "| " + fmt(row.rank, 0) + " | " + row.agent + " | " + std::to_string(row.runs) + " | " + fmt(row.mean) +
            " ± " + fmt(row.stddev) + " | " + fmt(row.median) + " | " + fmt(row.iqm) + " [" + fmt(row.iqm_low) + ", " +
            fmt(row.iqm_high) + "] | " + (std::isfinite(row.improvement_vs_random_pct) ? fmt(row.improvement_vs_random_pct, 2) + " %" : "n/a") +
            " | " + fmt(row.mean_regret, 3) + " | " + fmt(100.0 * row.at_best_fraction, 0) + " %" +
            " | " + fmt(row.evaluations, 1) + " | " + fmt(row.cost, 1) + " | " + fmt(row.agent_us_per_proposal, 1) + " |\n";

    // curves: best return so far vs evaluations and vs cost
    std::size_t max_evals = 0;
    double max_cost = 0;
    for (const auto& x : rs)
      if (x.key.env == e) {
        max_evals = std::max(max_evals, x.evaluations);
        if (!x.cost_so_far.empty()) max_cost = std::max(max_cost, x.cost_so_far.back());
      }
    std::vector<double> eval_grid, cost_grid;
    const std::size_t eval_points = std::min<std::size_t>(max_evals, 200);
    for (std::size_t i = 1; i <= eval_points; ++i)
      eval_grid.push_back(std::round(static_cast<double>(i) * static_cast<double>(max_evals) / static_cast<double>(eval_points)));
    for (int i = 1; i <= 100; ++i) cost_grid.push_back(max_cost * i / 100.0);
    chart by_evals{es.label + ": best return so far", "evaluations", "best return (search-visible)", {}};
    chart by_cost{es.label + ": best return so far", "simulated cost (" + es.cost_unit + ")",
                  "best return (search-visible)", {}};
    for (std::size_t a = 0; a < s.agents.size(); ++a) {
      std::vector<std::vector<double>> pe, pc;
      for (const auto& x : rs) {
        if (x.key.env != e || x.key.agent != a || x.best_so_far.empty()) continue;
        std::vector<double> ye, yc;
        for (double g : eval_grid) {
          const auto i = std::min(static_cast<std::size_t>(g), x.best_so_far.size()) - 1;
          ye.push_back(std::isfinite(x.best_so_far[i]) ? x.best_so_far[i] : nan);
        }
        for (double c : cost_grid) {
          double best = nan;
          for (std::size_t i = 0; i < x.cost_so_far.size() && x.cost_so_far[i] <= c * (1 + 1e-12); ++i)
            if (std::isfinite(x.best_so_far[i])) best = x.best_so_far[i];
          yc.push_back(best);
        }
        pe.push_back(std::move(ye));
        pc.push_back(std::move(yc));
      }
      if (pe.empty()) continue;
      by_evals.series.push_back(curve(s.agents[a].label, eval_grid, pe));
      by_cost.series.push_back(curve(s.agents[a].label, cost_grid, pc));
    }
    std::string base = es.label;
    for (char& c : base)
      if (c == '/') c = '_';
    write_file(dir / "curves" / (base + "_evaluations.svg"), render_svg(by_evals));
    write_file(dir / "curves" / (base + "_cost.svg"), render_svg(by_cost));
    md += "\n![best so far vs evaluations](curves/" + base + "_evaluations.svg)\n![best so far vs simulated cost](curves/" +
          base + "_cost.svg)\n";
  }
  md += "\nFiles: `runs.csv` (one row per run), `tables.csv` (per instance and agent), `problems.csv` (per problem and "
        "agent), `overall.csv`, `report.json`.\n";
  write_file(dir / "summary.md", md);
  return dir / "summary.md";
}

}  // namespace dsegym::leaderboard

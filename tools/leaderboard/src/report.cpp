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

report make_report(const leaderboard_spec& s, const std::vector<run_result>& rs) {
  report out;
  const auto rnd = random_agent(s);
  value envs_json = value::list{};
  // per-env normalised scores per agent, for the overall ranking
  std::vector<std::vector<std::vector<double>>> normalised(s.agents.size());
  std::vector<std::vector<double>> ranks(s.agents.size());
  for (std::size_t e = 0; e < s.envs.size(); ++e) {
    const bool maximize = s.envs[e].score.maximize;
    std::vector<agent_row> rows;
    const double random_mean = rnd ? mean(scores(rs, e, *rnd)) : nan;
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
      rows.push_back(row);
    }
    // rank by mean (1 = best); ties share the better rank
    for (auto& row : rows) {
      double better = 0;
      for (const auto& other : rows)
        if (std::isfinite(other.mean) && std::isfinite(row.mean) &&
            (maximize ? other.mean > row.mean : other.mean < row.mean))
          better += 1;
      row.rank = std::isfinite(row.mean) ? 1 + better : nan;
    }
    // normalisation: 0 = random search's mean (or the worst agent mean), 1 = best run score
    double best = maximize ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    double worst_mean = maximize ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
    for (const auto& r : rs)
      if (r.key.env == e && std::isfinite(r.score)) best = maximize ? std::max(best, r.score) : std::min(best, r.score);
    for (const auto& row : rows)
      if (std::isfinite(row.mean)) worst_mean = maximize ? std::min(worst_mean, row.mean) : std::max(worst_mean, row.mean);
    const double zero = std::isfinite(random_mean) ? random_mean : worst_mean;
    const bool can_normalise = std::isfinite(best) && std::isfinite(zero) && best != zero;
    for (std::size_t a = 0; a < s.agents.size(); ++a) {
      std::vector<double> nx;
      if (can_normalise)
        for (double v : scores(rs, e, a)) nx.push_back((v - zero) / (best - zero));
      normalised[a].push_back(std::move(nx));
      if (std::isfinite(rows[a].rank)) ranks[a].push_back(rows[a].rank);
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
                                            {"evaluations", num_or_null(row.evaluations)},
                                            {"cost", num_or_null(row.cost)},
                                            {"agent_us_per_proposal", num_or_null(row.agent_us_per_proposal)}});
    envs_json.as_list().push_back(value::dict{{"env", s.envs[e].label},
                                              {"id", s.envs[e].id},
                                              {"kwargs", s.envs[e].kwargs},
                                              {"score", s.envs[e].score.metric},
                                              {"score_source", s.envs[e].score.source},
                                              {"maximize", maximize},
                                              {"normalisation", value::dict{{"zero", num_or_null(zero)}, {"one", num_or_null(best)}}},
                                              {"agents", std::move(jrows)}});
    out.envs.push_back(std::move(rows));
  }
  for (std::size_t a = 0; a < s.agents.size(); ++a) {
    overall_row o;
    o.agent = s.agents[a].label;
    std::vector<double> pooled;
    for (const auto& t : normalised[a]) pooled.insert(pooled.end(), t.begin(), t.end());
    o.iqm = iqm(pooled);
    o.mean = mean(pooled);
    const interval ci = stratified_bootstrap_ci(normalised[a], [](std::vector<double> v) { return iqm(std::move(v)); },
                                                bootstrap_reps, 0.95, bootstrap_seed + a);
    o.iqm_low = ci.low;
    o.iqm_high = ci.high;
    o.average_rank = mean(ranks[a]);
    out.overall.push_back(o);
  }
  std::stable_sort(out.overall.begin(), out.overall.end(), [](const overall_row& x, const overall_row& y) {
    const double a = std::isfinite(x.iqm) ? x.iqm : -1e300, b = std::isfinite(y.iqm) ? y.iqm : -1e300;
    if (a != b) return a > b;
    return x.average_rank < y.average_rank;
  });
  value overall = value::list{};
  for (const auto& o : out.overall)
    overall.as_list().push_back(value::dict{{"agent", o.agent},
                                            {"normalised_iqm", num_or_null(o.iqm)},
                                            {"normalised_iqm_ci95", value::list{num_or_null(o.iqm_low), num_or_null(o.iqm_high)}},
                                            {"normalised_mean", num_or_null(o.mean)},
                                            {"average_rank", num_or_null(o.average_rank)}});
  out.json = value::dict{{"schema", "dsegym.leaderboard.report.v1"},
                         {"name", s.name},
                         {"seeds", static_cast<std::int64_t>(s.seeds.size())},
                         {"bootstrap", value::dict{{"reps", static_cast<std::int64_t>(bootstrap_reps)},
                                                   {"seed", static_cast<std::int64_t>(bootstrap_seed)},
                                                   {"confidence", 0.95}}},
                         {"envs", std::move(envs_json)},
                         {"overall", std::move(overall)}};
  return out;
}

std::string ranking_text(const leaderboard_spec& s, const report& r) {
  std::string o;
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-4s %-24s %-26s %-10s %s\n", "#", "agent", "normalised IQM [95% CI]", "mean", "avg rank");
  o += buf;
  int k = 1;
  for (const auto& row : r.overall) {
    std::snprintf(buf, sizeof buf, "%-4d %-24s %-26s %-10s %s\n", k++, row.agent.c_str(),
                  (fmt(row.iqm, 3) + " [" + fmt(row.iqm_low, 3) + ", " + fmt(row.iqm_high, 3) + "]").c_str(),
                  fmt(row.mean, 3).c_str(), fmt(row.average_rank, 2).c_str());
    o += buf;
  }
  (void)s;
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

  std::string tables = "env,agent,runs,mean,std,median,iqm,iqm_ci_low,iqm_ci_high,improvement_vs_random_pct,rank,evaluations,cost,agent_us_per_proposal\n";
  for (std::size_t e = 0; e < s.envs.size(); ++e)
    for (const auto& row : r.envs[e])
      tables += csv_field(s.envs[e].label) + "," + csv_field(row.agent) + "," + std::to_string(row.runs) + "," +
                csv_num(row.mean) + "," + csv_num(row.stddev) + "," + csv_num(row.median) + "," + csv_num(row.iqm) + "," +
                csv_num(row.iqm_low) + "," + csv_num(row.iqm_high) + "," + csv_num(row.improvement_vs_random_pct) + "," +
                csv_num(row.rank) + "," + csv_num(row.evaluations) + "," + csv_num(row.cost) + "," +
                csv_num(row.agent_us_per_proposal) + "\n";
  write_file(dir / "tables.csv", tables);

  std::string overall = "agent,normalised_iqm,ci_low,ci_high,normalised_mean,average_rank\n";
  for (const auto& o : r.overall)
    overall += csv_field(o.agent) + "," + csv_num(o.iqm) + "," + csv_num(o.iqm_low) + "," + csv_num(o.iqm_high) + "," +
               csv_num(o.mean) + "," + csv_num(o.average_rank) + "\n";
  write_file(dir / "overall.csv", overall);
  write_file(dir / "report.json", dump_json(r.json, 2) + "\n");

  // Markdown summary and curves
  std::string md = "# Leaderboard: " + s.name + "\n\n";
  md += std::to_string(s.envs.size()) + " environments × " + std::to_string(s.agents.size()) + " agents × " +
        std::to_string(s.seeds.size()) + " seeds. Scores are of each run's final design (the best by the "
        "search-visible return). IQM = interquartile mean; CIs are 95 % stratified-bootstrap intervals (" +
        std::to_string(bootstrap_reps) + " resamples, fixed seed). Improvement is over random search at the same budget.\n\n";
  md += "## Overall ranking\n\nScores normalised per environment: 0 = random search's mean, 1 = the best run.\n\n";
  md += "| # | agent | normalised IQM [95% CI] | normalised mean | average rank |\n|---|---|---|---|---|\n";
  int k = 1;
  for (const auto& o : r.overall)
    md += "| " + std::to_string(k++) + " | " + o.agent + " | " + fmt(o.iqm, 3) + " [" + fmt(o.iqm_low, 3) + ", " +
          fmt(o.iqm_high, 3) + "] | " + fmt(o.mean, 3) + " | " + fmt(o.average_rank, 2) + " |\n";
  for (std::size_t e = 0; e < s.envs.size(); ++e) {
    const auto& es = s.envs[e];
    md += "\n## " + es.label + "\n\n`" + es.id + "` kwargs `" + es.kwargs.to_string() + "`, budget " +
          fmt(es.budget.amount, 0) + (es.budget.kind == agents::budget_kind::cost ? " (simulated cost)" : " evaluations") +
          ". Score: `" + es.score.metric + "` (" + es.score.source + ", " + (es.score.maximize ? "higher" : "lower") +
          " is better).\n\n";
    md += "| rank | agent | runs | mean ± std | median | IQM [95% CI] | vs random | evals | cost | agent µs/proposal |\n"
          "|---|---|---|---|---|---|---|---|---|---|\n";
    std::vector<agent_row> rows = r.envs[e];
    std::stable_sort(rows.begin(), rows.end(), [](const agent_row& a, const agent_row& b) {
      return (std::isfinite(a.rank) ? a.rank : 1e9) < (std::isfinite(b.rank) ? b.rank : 1e9);
    });
    for (const auto& row : rows)
      md += "| " + fmt(row.rank, 0) + " | " + row.agent + " | " + std::to_string(row.runs) + " | " + fmt(row.mean) +
            " ± " + fmt(row.stddev) + " | " + fmt(row.median) + " | " + fmt(row.iqm) + " [" + fmt(row.iqm_low) + ", " +
            fmt(row.iqm_high) + "] | " + (std::isfinite(row.improvement_vs_random_pct) ? fmt(row.improvement_vs_random_pct, 2) + " %" : "n/a") +
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
  md += "\nFiles: `runs.csv` (one row per run), `tables.csv` (per env and agent), `overall.csv`, `report.json`.\n";
  write_file(dir / "summary.md", md);
  return dir / "summary.md";
}

}  // namespace dsegym::leaderboard

#include "dsegym/leaderboard/suite.hpp"

#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <thread>

#include "dsegym/agents/catalog.hpp"
#include "dsegym/detail/thread_pool.hpp"
#include "dsegym/envs/default_registry.hpp"
#include "dsegym/leaderboard/run.hpp"

namespace dsegym::leaderboard {

namespace {

value budget_value(const agents::budget& b) {
  return value::dict{{"kind", b.kind == agents::budget_kind::cost ? "cost" : "evaluations"}, {"amount", b.amount}};
}

agents::budget evals(double n) { return {agents::budget_kind::evaluations, n}; }
agents::budget cost(double c) { return {agents::budget_kind::cost, c}; }

const char* const nb201_method =
    "exhaustive: all 15,625 cells; best = max 200-epoch test accuracy, random = its mean over all cells";

}  // namespace

value instance_entry(const suite_instance& in) {
  value e = value::dict{{"id", in.id},
                        {"kwargs", in.kwargs},
                        {"budget", budget_value(in.budget)},
                        {"label", in.label},
                        {"problem", in.problem}};
  if (std::isfinite(in.reference.best) && std::isfinite(in.reference.random))
    e.set("reference", value::dict{{"best", in.reference.best},
                                   {"random", in.reference.random},
                                   {"method", in.reference.method}});
  return e;
}

const std::vector<suite_instance>& default_suite() {
  static const std::vector<suite_instance> suite = [] {
    const double tbd = std::numeric_limits<double>::quiet_NaN();
    std::vector<suite_instance> v;
    const auto add = [&](const char* problem, const char* label, const char* id, value kwargs, agents::budget b,
                         double best, double random, std::string method) {
      v.push_back({problem, label, id, std::move(kwargs), b, {best, random, std::move(method)}});
    };
    // NAS-Bench-201 on the built-in table: the three datasets (CIFAR-10 at the NB201 paper's 12,000 s;
    // at NATS-Bench's 20,000 s over a quarter of the runs find the best cell), CIFAR-100 and
    // ImageNet16-120 at NATS-Bench's default budgets.
    add("nas/NB201-v0", "nb201-cifar10", "nas/NB201-v0",
        value::dict{{"dataset", "cifar10"}, {"latency", "none"}, {"data_dir", "builtin"}}, cost(12000), tbd, tbd, nb201_method);
    add("nas/NB201-v0", "nb201-cifar100", "nas/NB201-v0",
        value::dict{{"dataset", "cifar100"}, {"latency", "none"}, {"data_dir", "builtin"}}, cost(40000), tbd, tbd, nb201_method);
    add("nas/NB201-v0", "nb201-imagenet16", "nas/NB201-v0",
        value::dict{{"dataset", "ImageNet16-120"}, {"latency", "none"}, {"data_dir", "builtin"}}, cost(120000), tbd, tbd,
        nb201_method);
    // Architecture x recipe, trained for real on Fashion-MNIST at a small fidelity.
    add("nas/ArchRecipe-v1", "archrecipe-ci", "nas/ArchRecipe-v1",
        value::dict{{"split", "ci"}, {"epochs", 1}, {"data_fraction", 0.5}, {"max_mflops", 1.0}}, cost(15), tbd, tbd, "");
    // LLM inference stacks on three benchmarks.
    for (const char* b : {"arena_hard", "math", "mt_bench"})
      add("llm/InferenceStack-v0", (std::string("llm-") + b).c_str(), "llm/InferenceStack-v0",
          value::dict{{"benchmark", b}}, evals(60), tbd, tbd, "");
    // DRAM controller: loaded random and hot-spot traffic with tail-latency / EDP objectives; the
    // multi-agent view of the first workload is the same problem.
    add("hw/DRAMController-v1", "dram-random-p99", "hw/DRAMController-v1",
        value::dict{{"trace", "gen:random"}, {"trace_requests", 1000}, {"read_fraction", 0.7}, {"weight_p99_latency", 1.0}},
        evals(100), tbd, tbd, "");
    add("hw/DRAMController-v1", "dram-hotspot-edp", "hw/DRAMController-v1",
        value::dict{{"trace", "gen:hot_spot"}, {"trace_requests", 1000}, {"read_fraction", 0.5}, {"reward", "edp"}},
        evals(100), tbd, tbd, "");
    add("hw/DRAMController-v1", "dram-ma-random-p99", "hw/DRAMController-MA-v1",
        value::dict{{"trace", "gen:random"}, {"trace_requests", 1000}, {"read_fraction", 0.7}, {"weight_p99_latency", 1.0}},
        evals(100), tbd, tbd, "");
    // SoC: two generated task graphs, infeasible designs repaired.
    for (int seed : {0, 1, 2})
      add("hw/SoC-v1", (std::string("soc-generated-") + std::to_string(seed)).c_str(), "hw/SoC-v1",
          value::dict{{"workload_seed", seed}, {"infeasible", "repair"}}, evals(150), tbd, tbd, "");
    // DNN accelerator: three networks.
    for (const char* w : {"alexnet", "resnet18", "mobilenet_v2"})
      add("hw/Accelerator-v0", (std::string("accel-") + w).c_str(), "hw/Accelerator-v0", value::dict{{"workload", w}},
          evals(100), tbd, tbd, "");
    // Logic synthesis: three generated circuits (on adders and muxes the recipes barely matter).
    for (const char* d : {"comparator8", "multiplier4", "comparator12"})
      add("circuit/LogicSynthesis-v1", (std::string("synth-") + d).c_str(), "circuit/LogicSynthesis-v1",
          value::dict{{"design", d}}, evals(80), tbd, tbd, "");
    // Quantum architecture search: a molecule and two MaxCut graphs.
    for (const char* t : {"h2", "maxcut_ring4", "maxcut_sun8"})
      add("quantum/QAS-v0", (std::string("qas-") + t).c_str(), "quantum/QAS-v0", value::dict{{"task", t}}, evals(100), tbd,
          tbd, "");
    // Stored reference values: the output of `dsegym leaderboard best-known --json` (recomputable).
    const std::map<std::string, reference_values> stored = {
      {"nb201-cifar10", {94.37333333, 87.06293087999205, "exhaustive: all 15625 designs (0 failed); best = the best score of any design, random = the mean score over all designs"}},
      {"nb201-cifar100", {73.51333326, 61.40550482968349, "exhaustive: all 15625 designs (0 failed); best = the best score of any design, random = the mean score over all designs"}},
      {"nb201-imagenet16", {47.31111106, 33.58639355564663, "exhaustive: all 15625 designs (0 failed); best = the best score of any design, random = the mean score over all designs"}},
      {"archrecipe-ci", {79.2, 23.822900763358774, "long search: regularized_evolution, simulated_annealing, local_search, genetic_algorithm x seeds 1000..1001 at 5x the budget, best final score (random designs included); random = mean score of 200 uniformly random designs (seeds 5000..)"}},
      {"llm-arena_hard", {97.96804078138145, 69.85787537366909, "long search: regularized_evolution, simulated_annealing, local_search, genetic_algorithm x seeds 1000..1001 at 5x the budget, best final score (random designs included), then hill climbing over one-gene changes of the best design until none improves; random = mean score of 200 uniformly random designs (seeds 5000..)"}},
      {"llm-math", {93.75, 89.405, "long search: regularized_evolution, simulated_annealing, local_search, genetic_algorithm x seeds 1000..1001 at 5x the budget, best final score (random designs included), then hill climbing over one-gene changes of the best design until none improves; random = mean score of 200 uniformly random designs (seeds 5000..)"}},
      {"llm-mt_bench", {98.2429724248724, 74.87860150475589, "long search: regularized_evolution, simulated_annealing, local_search, genetic_algorithm x seeds 1000..1001 at 5x the budget, best final score (random designs included), then hill climbing over one-gene changes of the best design until none improves; random = mean score of 200 uniformly random designs (seeds 5000..)"}},
      {"dram-random-p99", {-0.8731044234986974, -2.509994128899443, "long search: regularized_evolution, simulated_annealing, local_search, genetic_algorithm x seeds 1000..1001 at 5x the budget, best final score (random designs included), then hill climbing over one-gene changes of the best design until none improves; random = mean score of 200 uniformly random designs (seeds 5000..)"}},
      {"dram-hotspot-edp", {-0.2512064103441622, -1.207178645840368, "long search: regularized_evolution, simulated_annealing, local_search, genetic_algorithm x seeds 1000..1001 at 5x the budget, best final score (random designs included), then hill climbing over one-gene changes of the best design until none improves; random = mean score of 200 uniformly random designs (seeds 5000..)"}},
      {"dram-ma-random-p99", {-0.8731044234986974, -2.509994128899443, "long search: regularized_evolution, simulated_annealing, local_search, genetic_algorithm x seeds 1000..1001 at 5x the budget, best final score (random designs included); random = mean score of 200 uniformly random designs (seeds 5000..)"}},
      {"soc-generated-0", {-1.6759560915699552, -7.052246906913468, "long search: regularized_evolution, simulated_annealing, local_search, genetic_algorithm x seeds 1000..1001 at 5x the budget, best final score (random designs included), then hill climbing over one-gene changes of the best design until none improves; random = mean score of 200 uniformly random designs (seeds 5000..)"}},
      {"soc-generated-1", {0.05085213593009628, -7.6527700494633315, "long search: regularized_evolution, simulated_annealing, local_search, genetic_algorithm x seeds 1000..1001 at 5x the budget, best final score (random designs included), then hill climbing over one-gene changes of the best design until none improves; random = mean score of 200 uniformly random designs (seeds 5000..)"}},
      {"soc-generated-2", {-1.818987856368731, -7.558564054657488, "long search: regularized_evolution, simulated_annealing, local_search, genetic_algorithm x seeds 1000..1001 at 5x the budget, best final score (random designs included), then hill climbing over one-gene changes of the best design until none improves; random = mean score of 200 uniformly random designs (seeds 5000..)"}},
      {"accel-alexnet", {-0.38305103860257705, -4.793738664464237, "long search: regularized_evolution, simulated_annealing, local_search, genetic_algorithm x seeds 1000..1001 at 5x the budget, best final score (random designs included), then hill climbing over one-gene changes of the best design until none improves; random = mean score of 200 uniformly random designs (seeds 5000..)"}},
      {"accel-resnet18", {-0.18197186720646266, -5.865197886963245, "long search: regularized_evolution, simulated_annealing, local_search, genetic_algorithm x seeds 1000..1001 at 5x the budget, best final score (random designs included), then hill climbing over one-gene changes of the best design until none improves; random = mean score of 200 uniformly random designs (seeds 5000..)"}},
      {"accel-mobilenet_v2", {-0.4021885615561777, -5.36334084588417, "long search: regularized_evolution, simulated_annealing, local_search, genetic_algorithm x seeds 1000..1001 at 5x the budget, best final score (random designs included), then hill climbing over one-gene changes of the best design until none improves; random = mean score of 200 uniformly random designs (seeds 5000..)"}},
      {"synth-comparator8", {0.47368421052631576, -0.03858245614035089, "long search: regularized_evolution, simulated_annealing, local_search, genetic_algorithm x seeds 1000..1001 at 5x the budget, best final score (random designs included), then hill climbing over one-gene changes of the best design until none improves; random = mean score of 200 uniformly random designs (seeds 5000..)"}},
      {"synth-multiplier4", {0.043243243243243246, -0.008662162162162163, "long search: regularized_evolution, simulated_annealing, local_search, genetic_algorithm x seeds 1000..1001 at 5x the budget, best final score (random designs included), then hill climbing over one-gene changes of the best design until none improves; random = mean score of 200 uniformly random designs (seeds 5000..)"}},
      {"synth-comparator12", {0.5247170935080405, -0.010580702799285312, "long search: regularized_evolution, simulated_annealing, local_search, genetic_algorithm x seeds 1000..1001 at 5x the budget, best final score (random designs included), then hill climbing over one-gene changes of the best design until none improves; random = mean score of 200 uniformly random designs (seeds 5000..)"}},
      {"qas-h2", {7.222998802678292, -3.6508661084308525, "long search: regularized_evolution, simulated_annealing, local_search, genetic_algorithm x seeds 1000..1001 at 5x the budget, best final score (random designs included), then hill climbing over one-gene changes of the best design until none improves; random = mean score of 200 uniformly random designs (seeds 5000..)"}},
      {"qas-maxcut_ring4", {6.793355876937539, 5.406359502571976, "long search: regularized_evolution, simulated_annealing, local_search, genetic_algorithm x seeds 1000..1001 at 5x the budget, best final score (random designs included), then hill climbing over one-gene changes of the best design until none improves; random = mean score of 200 uniformly random designs (seeds 5000..)"}},
      {"qas-maxcut_sun8", {7.147053218514634, -1.4395072794343726, "long search: regularized_evolution, simulated_annealing, local_search, genetic_algorithm x seeds 1000..1001 at 5x the budget, best final score (random designs included), then hill climbing over one-gene changes of the best design until none improves; random = mean score of 200 uniformly random designs (seeds 5000..)"}},
    };
    for (auto& in : v)
      if (const auto it = stored.find(in.label); it != stored.end()) in.reference = it->second;
    return v;
  }();
  return suite;
}

namespace {

/// Score of one finished run (the leaderboard's rule) on a one-env spec.
double run_score(const env_entry_spec& entry, const agents::run_result& res) {
  leaderboard_spec s;
  s.envs.push_back(entry);
  s.agents.push_back({"x", value::dict{}, "x"});
  return summarise_run(s, {0, 0, 0}, res.episodes).score;
}

/// Score of exactly `design`, evaluated once (the leaderboard's rule for its final design).
double design_score(any_env& env, const env_entry_spec& entry, const value& design) {
  agents::run_result res;
  episode_record rec;
  rec.env_id = entry.id;
  rec.env_kwargs = env.spec().kwargs;
  const agents::evaluation ev = agents::detail::play(env, design, agents::episode_seed(0, 0), rec);
  if (!ev.failed && scorable(rec)) rec.reported = env.report();
  res.episodes.push_back(std::move(rec));
  return run_score(entry, res);
}

/// The design an episode record played (its actions; one action for one-shot envs).
value design_of(const any_env& env, const episode_record& r) {
  if (env.spec().shape == episode_shape::one_shot) return r.steps.front().action;
  value::list actions;
  for (const auto& st : r.steps) actions.push_back(st.action);
  return value(std::move(actions));
}

bool better(double a, double b, bool maximize) {
  if (!std::isfinite(a)) return false;
  if (!std::isfinite(b)) return true;
  return maximize ? a > b : a < b;
}

}  // namespace

reference_result compute_reference(const env_entry_spec& entry, const long_search& ls, std::size_t threads) {
  const registry& reg = envs::default_registry();
  const bool maximize = entry.score.maximize;
  const std::size_t n_threads = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
  detail::thread_pool pool(n_threads - 1);
  reference_result out;
  any_env probe = reg.make(entry.id, entry.kwargs);
  const any_space space = agents::design_space(probe);
  // exhaustive enumeration of a small multi_discrete space
  if (const auto* md = space.get_if<multi_discrete>()) {
    double size = 1;
    for (auto n : md->nvec()) size *= static_cast<double>(n);
    if (size <= static_cast<double>(exhaustive_limit)) {
      const auto count = static_cast<std::size_t>(size);
      std::vector<double> scores(count, std::numeric_limits<double>::quiet_NaN());
      const std::size_t chunks = std::min<std::size_t>(count, 64);
      pool.parallel_for(chunks, [&](std::size_t c) {
        any_env env = reg.make(entry.id, entry.kwargs);
        for (std::size_t i = c; i < count; i += chunks) {
          value::list design;
          std::size_t rest = i;
          for (std::size_t d = md->nvec().size(); d-- > 0;) {
            const auto n = static_cast<std::size_t>(md->nvec()[d]);
            design.insert(design.begin(), value(static_cast<std::int64_t>(rest % n) + md->start()[d]));
            rest /= n;
          }
          scores[i] = design_score(env, entry, value(design));
        }
      });
      double best = std::numeric_limits<double>::quiet_NaN(), sum = 0;
      std::size_t finite = 0;
      for (double v : scores) {
        if (!std::isfinite(v)) continue;
        if (better(v, best, maximize)) best = v;
        sum += v;
        ++finite;
      }
      out.values.best = best;
      out.values.random = finite ? sum / static_cast<double>(finite) : std::numeric_limits<double>::quiet_NaN();
      out.values.method = "exhaustive: all " + std::to_string(count) + " designs (" + std::to_string(count - finite) +
                          " failed); best = the best score of any design, random = the mean score over all designs";
      out.designs_evaluated = count;
      return out;
    }
  }
  // long search + random sample
  struct job {
    std::string agent;
    std::uint64_t seed;
    agents::budget budget;
  };
  std::vector<job> jobs;
  for (const auto& a : ls.agents)
    for (auto seed : ls.seeds) jobs.push_back({a, seed, {entry.budget.kind, entry.budget.amount * ls.budget_factor}});
  for (std::size_t i = 0; i < ls.random_samples; ++i) jobs.push_back({"random", 5000 + i, evals(1)});
  std::vector<double> scores(jobs.size(), std::numeric_limits<double>::quiet_NaN());
  std::vector<value> finals(jobs.size());
  std::atomic<std::uint64_t> designs{0};
  pool.parallel_for(jobs.size(), [&](std::size_t j) {
    any_env env = reg.make(entry.id, entry.kwargs);
    auto agent = agents::make_agent(jobs[j].agent, value::dict{}, agents::design_space(env));
    agents::run_options ro;
    ro.limit = jobs[j].budget;
    ro.seed = jobs[j].seed;
    const auto res = agents::run_agent(env, *agent, ro);
    designs += res.episodes.size();
    scores[j] = run_score(entry, res);
    if (res.incumbent) finals[j] = design_of(env, res.episodes[*res.incumbent]);
  });
  double best = std::numeric_limits<double>::quiet_NaN(), sum = 0;
  std::size_t finite = 0, best_job = 0;
  const std::size_t searches = jobs.size() - ls.random_samples;
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    if (better(scores[j], best, maximize)) best = scores[j], best_job = j;
    if (j >= searches && std::isfinite(scores[j])) sum += scores[j], ++finite;
  }
  // Polish: first-improvement hill climbing over one-gene changes of the best final design (discrete
  // design spaces), until no neighbour scores better.
  bool polished = false;
  if (const auto* md = space.get_if<multi_discrete>(); md && finals[best_job].is_list()) {
    polished = true;
    value cur = finals[best_job];
    // a sequential episode that ended early played fewer steps than the plan has genes: the rest
    // were never played, so any value reproduces it
    while (cur.as_list().size() < md->nvec().size()) cur.as_list().push_back(value(md->start()[cur.as_list().size()]));
    for (bool improved = true; improved;) {
      improved = false;
      for (std::size_t g = 0; g < md->nvec().size() && !improved; ++g) {
        std::vector<value> cands;
        for (std::int64_t x = 0; x < md->nvec()[g]; ++x) {
          value c = cur;
          const std::int64_t v = md->start()[g] + x;
          if (c.as_list()[g].as_int() == v) continue;
          c.as_list()[g] = value(v);
          cands.push_back(std::move(c));
        }
        std::vector<double> cs(cands.size(), std::numeric_limits<double>::quiet_NaN());
        pool.parallel_for(cands.size(), [&](std::size_t k) {
          any_env env = reg.make(entry.id, entry.kwargs);
          cs[k] = design_score(env, entry, cands[k]);
        });
        designs += cands.size();
        for (std::size_t k = 0; k < cands.size(); ++k)
          if (better(cs[k], best, maximize)) {
            best = cs[k];
            cur = cands[k];
            improved = true;
          }
      }
    }
  }
  std::string names;
  for (const auto& a : ls.agents) names += (names.empty() ? "" : ", ") + a;
  char factor[32];
  std::snprintf(factor, sizeof factor, "%g", ls.budget_factor);
  out.values.best = best;
  out.values.random = finite ? sum / static_cast<double>(finite) : std::numeric_limits<double>::quiet_NaN();
  out.values.method = "long search: " + names + " x seeds " + std::to_string(ls.seeds.front()) + ".." +
                      std::to_string(ls.seeds.back()) + " at " + factor +
                      "x the budget, best final score (random designs included)" +
                      (polished ? ", then hill climbing over one-gene changes of the best design until none improves" : "") +
                      "; random = mean score of " +
                      std::to_string(ls.random_samples) + " uniformly random designs (seeds 5000..)";
  out.designs_evaluated = designs.load();
  return out;
}

}  // namespace dsegym::leaderboard

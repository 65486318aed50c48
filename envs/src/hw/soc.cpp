#include "dsegym/envs/hw/soc.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <utility>

#include "dsegym/envs/data_dir.hpp"
#include "dsegym/registry/registry.hpp"
#include "dsegym/sim/soc/farsi_reader.hpp"
#include "dsegym/sim/soc/feasibility.hpp"
#include "dsegym/sim/soc/workload_generator.hpp"

namespace dsegym::envs::hw {

namespace soc = sim::soc;

namespace {

constexpr const char* soc_id = "hw/SoC-v1";
constexpr const char* farsi_sub = "archgym-reference/farsi-workloads";
constexpr std::int64_t max_generated_tasks = 64;

std::string fmt(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

std::vector<kwarg_spec> soc_kwargs() {
  return {
      {"workload", "generated",
       "task graph: generated (seeded AR/VR-like DAG, no data needed) or a FARSI workload read from "
       "<data root>/archgym-reference/farsi-workloads: audio_decoder, hpvm_cava, edge_detection",
       {value("generated"), value("audio_decoder"), value("hpvm_cava"), value("edge_detection")}},
      {"workload_seed", std::int64_t{0}, "seed of the generated workload (>= 0; generated only)", {}},
      {"workload_tasks", std::int64_t{12},
       "tasks with work in the generated workload, 1..64 (plus souurce, dummy_last, siink)", {}},
      {"budget", "standard",
       "budget set (spec A.6): standard (misc_database__Budget: workload latency, system 8.737 mW "
       "and 17.475 mm2), individually (per-workload power/area; FARSI workloads only), for_pa "
       "(tighter latency, power/area unconstrained), audio_decoder (21 ms, 10 mW, 3 mm2; "
       "audio_decoder only)",
       {value("standard"), value("individually"), value("for_pa"), value("audio_decoder")}},
      {"reward", "budget",
       "budget: -sum max(0, (x-B)/B), plus lambda sum ln(B/x) once every budget is met; "
       "weighted_sum: -sum w x/B / sum w (Pareto alternative); archgym: -(FARSIGym city-block "
       "distance to the budgets)",
       {value("budget"), value("weighted_sum"), value("archgym")}},
      {"lambda", 0.01, "budget reward: weight of the log bonus once every budget is met (>= 0)", {}},
      {"weight_latency", 1.0, "weighted_sum: weight of latency_s / B_latency (>= 0)", {}},
      {"weight_power", 1.0, "weighted_sum: weight of power_W / B_power (>= 0)", {}},
      {"weight_area", 1.0, "weighted_sum: weight of area_m2 / B_area (>= 0)", {}},
      {"invalid_reward", -10.0,
       "reward of an infeasible design (spec: -10; FARSI workloads have feasible designs scoring "
       "far below -10 under budget/weighted_sum, set it lower there)",
       {}},
      {"encoding", "canonical",
       "action layout: canonical (27 + 3T knobs incl. clocks, widths, unroll) or archgym_limited "
       "(the reference's 18 + 2T)",
       {value("canonical"), value("archgym_limited")}},
      {"dma", "serialized",
       "task phases: serialized (READ, COMPUTE, WRITE; the reference default) or overlapped",
       {value("serialized"), value("overlapped")}},
      {"infeasible", "penalty",
       "penalty: simulate the action as given (infeasible designs score invalid_reward); repair: "
       "first replace every value its action mask excludes by the nearest allowed one "
       "(info.extra.repaired_action)",
       {value("penalty"), value("repair")}},
      {"data_dir", "",
       "data root holding archgym-reference/farsi-workloads (default: $DSEGYM_DATA_DIR); FARSI "
       "workloads only",
       {}},
  };
}

soc_env_options options_from(const kwargs_reader& k) {
  soc_env_options o;
  o.workload = k.get_string("workload");
  o.workload_seed = k.get_int("workload_seed");
  o.workload_tasks = k.get_int("workload_tasks");
  o.budget = k.get_string("budget");
  o.reward = k.get_string("reward");
  o.lambda = k.get_real("lambda");
  o.weight_latency = k.get_real("weight_latency");
  o.weight_power = k.get_real("weight_power");
  o.weight_area = k.get_real("weight_area");
  o.invalid_reward = k.get_real("invalid_reward");
  o.encoding = k.get_string("encoding");
  o.dma = k.get_string("dma");
  o.infeasible = k.get_string("infeasible");
  o.data_dir = k.get_string("data_dir");
  return o;
}

value kwargs_of(const soc_env_options& o) {
  return value::dict{{"workload", o.workload},
                     {"workload_seed", o.workload_seed},
                     {"workload_tasks", o.workload_tasks},
                     {"budget", o.budget},
                     {"reward", o.reward},
                     {"lambda", o.lambda},
                     {"weight_latency", o.weight_latency},
                     {"weight_power", o.weight_power},
                     {"weight_area", o.weight_area},
                     {"invalid_reward", o.invalid_reward},
                     {"encoding", o.encoding},
                     {"dma", o.dma},
                     {"infeasible", o.infeasible},
                     {"data_dir", o.data_dir}};
}

void check_choice(const std::string& kwarg, const std::string& v,
                  std::initializer_list<std::string_view> valid) {
  for (auto c : valid)
    if (v == c) return;
  std::string list;
  for (auto c : valid) list += (list.empty() ? "" : ", ") + std::string(c);
  throw invalid_argument("soc_env", "kwarg \"" + kwarg + "\" = \"" + v + "\" is not valid; choices: " + list);
}

void check_options(const soc_env_options& o) {
  const auto bad = [](const std::string& kwarg, double v, const std::string& rule) {
    return invalid_argument("soc_env", "kwarg \"" + kwarg + "\" = " + fmt(v) + " is not valid: " + rule);
  };
  check_choice("workload", o.workload, {"generated", "audio_decoder", "hpvm_cava", "edge_detection"});
  check_choice("budget", o.budget, {"standard", "individually", "for_pa", "audio_decoder"});
  check_choice("reward", o.reward, {"budget", "weighted_sum", "archgym"});
  check_choice("encoding", o.encoding, {"canonical", "archgym_limited"});
  check_choice("dma", o.dma, {"serialized", "overlapped"});
  check_choice("infeasible", o.infeasible, {"penalty", "repair"});
  if (o.workload_seed < 0) throw bad("workload_seed", static_cast<double>(o.workload_seed), "must be >= 0");
  if (o.workload_tasks < 1 || o.workload_tasks > max_generated_tasks)
    throw bad("workload_tasks", static_cast<double>(o.workload_tasks), "must be in [1, 64]");
  if (o.workload != "generated" && (o.workload_seed != 0 || o.workload_tasks != 12))
    throw invalid_argument("soc_env", "kwargs workload_seed and workload_tasks apply to the generated "
                                      "workload only, not to \"" + o.workload + "\"");
  if (!(o.lambda >= 0.0) || !std::isfinite(o.lambda)) throw bad("lambda", o.lambda, "must be a finite number >= 0");
  for (const auto& [name, w] : {std::pair<const char*, double>{"weight_latency", o.weight_latency},
                                {"weight_power", o.weight_power},
                                {"weight_area", o.weight_area}})
    if (!(w >= 0.0) || !std::isfinite(w)) throw bad(name, w, "must be a finite number >= 0");
  if (o.reward == "weighted_sum" && o.weight_latency + o.weight_power + o.weight_area <= 0.0)
    throw invalid_argument("soc_env", "reward \"weighted_sum\" needs at least one of weight_latency, "
                                      "weight_power, weight_area > 0 (all are 0)");
  if (!std::isfinite(o.invalid_reward)) throw bad("invalid_reward", o.invalid_reward, "must be finite");
}

soc::budget_set parse_budget_set(const std::string& s) {
  if (s == "individually") return soc::budget_set::individually;
  if (s == "for_pa") return soc::budget_set::for_pa;
  if (s == "audio_decoder") return soc::budget_set::audio_decoder;
  return soc::budget_set::standard;
}

std::shared_ptr<const soc::workload> load_workload(const soc_env_options& o, std::string& source) {
  if (o.workload == "generated") {
    soc::generator_options g;
    g.compute_tasks = static_cast<std::size_t>(o.workload_tasks);
    source = "generated (seed " + std::to_string(o.workload_seed) + ", " +
             std::to_string(o.workload_tasks) + " tasks with work)";
    return std::make_shared<const soc::workload>(
        soc::generate_arvr_workload(g, static_cast<std::uint64_t>(o.workload_seed)));
  }
  const auto dir = data_folder(o.data_dir, farsi_sub, std::string(soc_id) + " workload \"" + o.workload + "\"");
  source = (dir / (o.workload + "_database__*.csv")).string();
  return std::make_shared<const soc::workload>(soc::load_farsi_workload(dir, o.workload));
}

std::vector<metric_spec> metric_specs() {
  const auto min = direction::minimize;
  return {
      {"latency_s", "s", min, "finish time of the workload's last task"},
      {"power_W", "W", min,
       "peak power over consecutive windows of >= 10 ms (reference definition; average power for "
       "runs under 10 ms)"},
      {"area_m2", "m2", min, "budgeted area: A53 cores + IPs + SRAMs (technology-scaled); DRAM excluded"},
      {"energy_J", "J", min, "energy of one workload execution: PEs + memories + buses"},
      {"average_power_W", "W", min, "energy_J / latency_s"},
      {"dram_area_m2", "m2", min, "area of the DRAM blocks (reported apart: stacked DRAM)"},
      {"makespan_s", "s", min, "finish time of every task (>= latency_s)"},
      {"bytes_moved", "B", min, "bytes read and written by all transfers"},
      {"budget_violation", "ratio", min, "sum over latency, power, area of max(0, (x - B)/B); 0 = every budget met"},
  };
}

std::string reward_text(const soc_env_options& o, const soc::budget& b) {
  const std::string budgets = "budgets B: latency " + fmt(b.latency_s) + " s, power " + fmt(b.power_w) +
                              " W, area " + fmt(b.area_m2) + " m2 (set " + o.budget + ")";
  const std::string invalid = "; infeasible designs score " + fmt(o.invalid_reward);
  if (o.reward == "budget")
    return "budget (spec A.6): -sum_m max(0, (x_m - B_m)/B_m) over latency_s, power_W, area_m2; once "
           "every budget is met, " + fmt(o.lambda) + " * sum_m ln(B_m/x_m) (each term capped at "
           "ln 1e6); " + budgets + invalid;
  if (o.reward == "weighted_sum")
    return "weighted_sum (Pareto alternative): -(" + fmt(o.weight_latency) + " latency_s/B_lat + " +
           fmt(o.weight_power) + " power_W/B_pow + " + fmt(o.weight_area) + " area_m2/B_area) / " +
           fmt(o.weight_latency + o.weight_power + o.weight_area) + "; a design at the budgets scores -1; " +
           budgets + invalid;
  return "archgym (FARSIGym): -sum_m d_m, d_m = |x_m - B_m|/B_m, or 1e-9 when (x_m - B_m)/B_m < 0.001; " +
         budgets + invalid;
}

box observation_box() { return box(0.0, std::numeric_limits<double>::infinity(), {3}); }

xt::xarray<double> zeros3() {
  xt::xarray<double> z = xt::xarray<double>::from_shape({3});
  z.fill(0.0);  // from_shape leaves the storage uninitialised
  return z;
}

value masks_value(const std::vector<std::vector<std::int8_t>>& masks) {
  value::list l;
  l.reserve(masks.size());
  for (const auto& m : masks) {
    value::list row;
    row.reserve(m.size());
    for (auto v : m) row.emplace_back(static_cast<std::int64_t>(v != 0));
    l.emplace_back(std::move(row));
  }
  return value(std::move(l));
}

value usage_value(const std::vector<soc::block_usage>& u) {
  value::dict d;
  for (const auto& b : u) d.emplace_back(b.name, b.utilisation);
  return value(std::move(d));
}

double violation(const soc::simulation_result& r, const soc::budget& b) {
  const std::array<double, 3> x{r.latency_s, r.power_w, r.area_m2};
  const std::array<double, 3> bud{b.latency_s, b.power_w, b.area_m2};
  double v = 0.0;
  for (std::size_t m = 0; m < 3; ++m) v += std::max(0.0, (x[m] - bud[m]) / bud[m]);
  return v;
}

}  // namespace

double soc_reward(const soc_env_options& o, const soc::simulation_result& r, const soc::budget& b) {
  if (!r.ok) return o.invalid_reward;
  if (o.reward == "budget") return soc::budget_reward(r, b, o.lambda);
  const std::array<double, 3> x{r.latency_s, r.power_w, r.area_m2};
  const std::array<double, 3> bud{b.latency_s, b.power_w, b.area_m2};
  if (o.reward == "weighted_sum") {
    const std::array<double, 3> w{o.weight_latency, o.weight_power, o.weight_area};
    double s = 0.0;
    for (std::size_t m = 0; m < 3; ++m) s += w[m] * x[m] / bud[m];
    return -s / (w[0] + w[1] + w[2]);
  }
  double dist = 0.0;  // archgym
  for (std::size_t m = 0; m < 3; ++m) {
    const double rel = (x[m] - bud[m]) / bud[m];
    dist += rel < 0.001 ? 1e-9 : std::abs(rel);
  }
  return -dist;
}

soc_env::soc_env(const soc_env_options& options)
    : o_(options), obs_space_(observation_box()), act_space_(std::vector<std::int64_t>{1}) {
  check_options(o_);
  std::string source;
  workload_ = load_workload(o_, source);
  const std::string budget_name = o_.workload == "generated" ? std::string("synthetic") : o_.workload;
  try {
    budget_ = soc::reference_budget(budget_name, parse_budget_set(o_.budget));
  } catch (const not_found&) {
    throw invalid_argument("soc_env", "kwarg \"budget\" = \"" + o_.budget + "\" has no budget for workload \"" +
                                          o_.workload + "\"; generated: standard, for_pa; audio_decoder: "
                                          "all four; hpvm_cava, edge_detection: standard, individually, for_pa");
  }
  soc::encoding_options eo;
  eo.mode = o_.encoding == "archgym_limited" ? soc::encoding_mode::archgym_limited : soc::encoding_mode::canonical;
  encoding_ = std::make_shared<const soc::design_encoding>(*workload_, eo);
  act_space_ = multi_discrete(encoding_->nvec(), encoding_->start());
  sim_options_.dma = o_.dma == "overlapped" ? soc::dma_mode::overlapped : soc::dma_mode::serialized;
  sim_options_.record_tasks = false;

  const std::size_t T = workload_->tasks.size();
  spec_.id = soc_id;
  spec_.summary = "FARSI-style SoC DSE (FARSIGym): one-shot allocation + topology + mapping of workload \"" +
                  workload_->name + "\" (" + std::to_string(T) + " tasks, " +
                  std::to_string(encoding_->size()) + " knobs, " + o_.encoding +
                  "); obs [latency_s, power_W, area_m2]; action masks in info.extra.action_mask";
  spec_.kwarg_specs = soc_kwargs();
  spec_.kwargs = kwargs_of(o_);
  spec_.metrics = metric_specs();
  spec_.reward = reward_text(o_, budget_);
  spec_.cost_unit = "simulations";
  spec_.shape = episode_shape::one_shot;
  spec_.max_episode_steps = 1;
  if (o_.workload != "generated") spec_.data = {source};
}

std::vector<std::vector<std::int8_t>> soc_env::action_masks(std::span<const std::int64_t> knobs) const {
  try {
    return encoding_->action_masks(knobs);
  } catch (const invalid_argument& e) {
    throw invalid_action(std::string("soc_env: ") + e.what());
  }
}

std::vector<std::int64_t> soc_env::repair(std::span<const std::int64_t> knobs) const {
  std::vector<std::int64_t> x(knobs.begin(), knobs.end());
  auto masks = action_masks(x);
  for (std::size_t k = 0; k < x.size(); ++k) {
    const std::int64_t low = encoding_->knobs()[k].low;
    const auto& m = masks[k];
    const auto at = static_cast<std::size_t>(x[k] - low);
    if (m[at] != 0) continue;
    std::optional<std::size_t> best;
    for (std::size_t j = 0; j < m.size(); ++j) {
      if (m[j] == 0) continue;
      const auto dist = [&](std::size_t v) { return v > at ? v - at : at - v; };
      if (!best || dist(j) < dist(*best)) best = j;
    }
    if (!best) continue;  // no completion of this prefix is feasible: leave it
    x[k] = low + static_cast<std::int64_t>(*best);
    masks = action_masks(x);  // later knobs' masks depend on this one
  }
  return x;
}

reset_result<soc_env::observation_type> soc_env::reset(std::optional<std::uint64_t>) {
  const auto ref = encoding_->reference_knobs();
  value::list names;
  for (const auto& k : encoding_->knobs()) names.emplace_back(k.name);
  step_info info;
  info.extra = value::dict{{"action_mask", masks_value(encoding_->action_masks(ref))},
                           {"reference_action", value::from_vector(ref)},
                           {"knob_names", value(std::move(names))}};
  return {zeros3(), std::move(info)};
}

step_result<soc_env::observation_type> soc_env::step(const action_type& knobs) {
  if (!act_space_.contains(knobs)) {
    std::string why = "soc_env: a design is " + std::to_string(act_space_.size()) + " knobs";
    if (knobs.size() == act_space_.size()) {
      for (std::size_t i = 0; i < knobs.size(); ++i) {
        const auto& k = encoding_->knobs()[i];
        if (knobs[i] < k.low || knobs[i] > k.high) {
          why += "; knob " + std::to_string(i) + " (" + k.name + ") = " + std::to_string(knobs[i]) +
                 " is outside [" + std::to_string(k.low) + ", " + std::to_string(k.high) + "]";
          break;
        }
      }
    } else {
      why += ", got " + std::to_string(knobs.size());
    }
    throw invalid_action(why);
  }
  const auto masks = encoding_->action_masks(knobs);
  value::list masked;
  for (std::size_t i = 0; i < knobs.size(); ++i)
    if (masks[i][static_cast<std::size_t>(knobs[i] - encoding_->knobs()[i].low)] == 0)
      masked.emplace_back(encoding_->knobs()[i].name);

  const bool do_repair = o_.infeasible == "repair" && !masked.empty();
  const std::vector<std::int64_t> design_knobs = do_repair ? repair(knobs) : knobs;
  const soc::design d = encoding_->decode(design_knobs);
  const soc::simulation_result r = soc::simulate(*workload_, d, {}, sim_options_);
  step_result<observation_type> out;
  out.reward = soc_reward(o_, r, budget_);
  out.terminated = true;
  out.info.cost = 1.0;
  value::dict extra{{"valid", r.ok}, {"reason", r.reason}};
  if (r.ok) {
    out.observation = xt::xarray<double>{r.latency_s, r.power_w, r.area_m2};
    static const std::vector<metric_spec> specs = metric_specs();
    const std::array<double, 9> v{r.latency_s,    r.power_w,    r.area_m2,
                                  r.energy_j,     r.average_power_w, r.dram_area_m2,
                                  r.makespan_s,   static_cast<double>(r.bytes_moved), violation(r, budget_)};
    for (std::size_t i = 0; i < specs.size(); ++i)
      out.info.metrics.push_back({specs[i].name, v[i], specs[i].unit, specs[i].dir});
    extra.emplace_back("budgets_met", violation(r, budget_) == 0.0);
    extra.emplace_back("energy_breakdown_J", value::dict{{"pe", r.pe_energy_j},
                                                         {"memory", r.memory_energy_j},
                                                         {"bus", r.bus_energy_j}});
    extra.emplace_back("utilisation", value::dict{{"pe", usage_value(r.pe_usage)},
                                                  {"memory", usage_value(r.memory_usage)},
                                                  {"bus", usage_value(r.bus_usage)}});
    extra.emplace_back("memory_capacity_bytes", value::from_vector(r.memory_capacity_bytes));
  } else {
    out.observation = zeros3();
  }
  extra.emplace_back("masked_knobs", value(std::move(masked)));
  if (o_.infeasible == "repair") {
    extra.emplace_back("repaired", design_knobs != knobs);
    extra.emplace_back("repaired_action", value::from_vector(design_knobs));
  }
  extra.emplace_back("action_mask", masks_value(masks));
  out.info.extra = value(std::move(extra));
  return out;
}

void register_soc_envs(registry& r) {
  // One evaluation takes well under a millisecond, so the agents' own overhead (Bayesian
  // optimisation's GP above all) sets the leaderboard's wall time: 200 evaluations keep
  // 8 agents x 5 seeds on 2 cores well under a minute.
  r.add({soc_id,
         "FARSI-style SoC DSE: one-shot allocation + mapping (MultiDiscrete with action masks), "
         "event-based simulation, generated workload by default (FARSI workloads optional)",
         soc_kwargs(),
         [](const kwargs_reader& k) { return any_env(soc_env(options_from(k))); },
         false,
         value::dict{{"kind", "evaluations"}, {"amount", 200}}});
}

}  // namespace dsegym::envs::hw

#include "dsegym/envs/hw/dram_controller.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <utility>

#include "dsegym/envs/data_dir.hpp"
#include "dsegym/registry/registry.hpp"
#include "dsegym/sim/dram/address_mapping.hpp"
#include "dsegym/sim/dram/mem_spec.hpp"
#include "dsegym/sim/dram/simulator.hpp"
#include "dsegym/sim/dram/stl_format.hpp"
#include "dsegym/sim/dram/trace_generator.hpp"

namespace dsegym::envs::hw {

namespace dram = sim::dram;

namespace {

constexpr const char* single_id = "hw/DRAMController-v1";
constexpr const char* multi_id = "hw/DRAMController-MA-v1";

constexpr std::array<std::string_view, 10> knob_names = {
    "page_policy", "scheduler",      "scheduler_buffer",      "request_buffer_size",
    "resp_queue",  "refresh_policy", "refresh_max_postponed", "refresh_max_pulledin",
    "arbiter",     "max_active_transactions"};
constexpr std::array<std::string_view, 10> dramsys_names = {
    "PagePolicy",    "Scheduler",           "SchedulerBuffer",    "RequestBufferSize",
    "RespQueue",     "RefreshPolicy",       "RefreshMaxPostponed", "RefreshMaxPulledin",
    "Arbiter",       "MaxActiveTransactions"};

// Knob -> whether its value is a power of two (2^index) rather than an enumerator.
constexpr std::array<bool, 10> knob_is_count = {false, false, false, true, false,
                                                false, true,  true,  false, true};

constexpr const char* rewards_list = "weighted_sum, edp, budget, log_ratio, target_ratio";
constexpr std::int64_t max_trace_requests = 10'000'000;

std::string fmt(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

std::string knob_table_text(dram_encoding enc) {
  const auto& sizes = dram_knob_sizes_of(enc);
  std::string s;
  for (std::size_t k = 0; k < knob_names.size(); ++k) {
    s += (k ? "; " : "") + std::to_string(k) + " " + std::string(dramsys_names[k]) + " [0," +
         std::to_string(sizes[k] - 1) + "]";
  }
  return s;
}

// Value of count knob k at index i: 2^i (canonical) or i + 1 (archgym).
std::int64_t count_value(dram_encoding enc, std::int64_t i) {
  return enc == dram_encoding::archgym ? i + 1 : std::int64_t{1} << i;
}

dram_encoding parse_encoding(const std::string& e) {
  if (e == "canonical") return dram_encoding::canonical;
  if (e == "archgym") return dram_encoding::archgym;
  throw invalid_argument("dram_env", "kwarg \"encoding\" = \"" + e + "\" is not valid; choices: canonical, archgym");
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::vector<metric_spec> metric_specs() {
  const auto min = direction::minimize;
  const auto max = direction::maximize;
  std::vector<metric_spec> m = {
      {"total_time_s", "s", min,
       "makespan: time the last response reaches the trace player (the reference's \"latency\" / "
       "Total Time)"},
      {"energy_J", "J", min,
       "DRAM energy of the run: command energies + background power over the whole run "
       "(DRAMPower v4 equations, whole rank)"},
      {"avg_power_W", "W", min,
       "energy_J / total_time_s; falls as designs get slower (background power), so use it as a "
       "constraint, not an objective"},
  };
  for (const char* kind : {"service", "arrival"}) {
    const std::string what =
        std::string(kind) == "service"
            ? "per-request latency from controller acceptance to response delivery"
            : "per-request latency from the request's due time in the trace to response delivery "
              "(includes backlog)";
    m.push_back({std::string("mean_") + kind + "_latency_s", "s", min, "mean " + what});
    for (const char* p : {"p50", "p95", "p99"})
      m.push_back({std::string(p) + "_" + kind + "_latency_s", "s", min,
                   std::string(p) + " (nearest rank) " + what});
  }
  m.push_back({"bandwidth_Bps", "B/s", max, "requests x 64 B / total_time_s"});
  m.push_back({"row_hit_rate", "ratio", max, "share of requests that found their row open"});
  m.push_back({"data_bus_utilization", "ratio", max, "share of total_time_s the data bus carried a burst"});
  m.push_back({"act_count", "count", min, "ACT commands (row activations)"});
  m.push_back({"pre_count", "count", min,
               "bank precharges: PRE, banks closed by PREA, and auto-precharges of RDA/WRA"});
  m.push_back({"rd_count", "count", min, "read bursts, RDA included (fixed by the trace)"});
  m.push_back({"wr_count", "count", min, "write bursts, WRA included (fixed by the trace)"});
  m.push_back({"ref_count", "count", min, "all-bank refreshes (REF)"});
  return m;
}

// Metric values in metric_specs() order.
std::vector<double> metric_values(const dram::run_results& r) {
  constexpr double ns = 1e-9;
  const auto& s = r.service_latency;
  const auto& a = r.arrival_latency;
  return {r.total_time_ns * ns,
          r.energy_pj * 1e-12,
          r.avg_power_mw * 1e-3,
          s.mean_ns * ns,
          s.p50_ns * ns,
          s.p95_ns * ns,
          s.p99_ns * ns,
          a.mean_ns * ns,
          a.p50_ns * ns,
          a.p95_ns * ns,
          a.p99_ns * ns,
          r.bandwidth_bytes_per_s,
          r.row_hit_rate,
          r.data_bus_utilization,
          static_cast<double>(r.commands.act),
          static_cast<double>(r.commands.pre),
          static_cast<double>(r.commands.rd),
          static_cast<double>(r.commands.wr),
          static_cast<double>(r.commands.ref)};
}

dram_outcome outcome_of(const dram::run_results& r) {
  return {r.energy_pj * 1e-12, r.total_time_ns * 1e-9, r.avg_power_mw * 1e-3,
          r.service_latency.p99_ns * 1e-9};
}

value extra_of(const dram::run_results& r, std::span<const std::int64_t> knobs, dram_encoding enc) {
  const auto u = [](std::uint64_t x) { return value(static_cast<std::int64_t>(x)); };
  const auto& c = r.commands;
  const auto& e = r.energy;
  return value::dict{
      {"design", dram_design_value(knobs, enc)},
      {"requests", u(r.requests)},
      {"reads", u(r.reads)},
      {"writes", u(r.writes)},
      {"cycles", u(r.cycles)},
      {"row_hits", u(r.row_hits)},
      {"row_misses", u(r.row_misses)},
      {"row_conflicts", u(r.row_conflicts)},
      {"refreshes_forced", u(r.refreshes_forced)},
      {"refreshes_pulled_in", u(r.refreshes_pulled_in)},
      {"commands", value::dict{{"ACT", u(c.act)}, {"PRE", u(c.pre)}, {"PREA", u(c.prea)},
                               {"RD", u(c.rd)}, {"RDA", u(c.rda)}, {"WR", u(c.wr)},
                               {"WRA", u(c.wra)}, {"REF", u(c.ref)}}},
      {"energy_breakdown_J",
       value::dict{{"act", e.act_pj * 1e-12},
                   {"pre", e.pre_pj * 1e-12},
                   {"rd", e.rd_pj * 1e-12},
                   {"wr", e.wr_pj * 1e-12},
                   {"ref", e.ref_pj * 1e-12},
                   {"active_background", e.active_background_pj * 1e-12},
                   {"precharged_background", e.precharged_background_pj * 1e-12}}},
  };
}

// ----- options -----------------------------------------------------------------------------

std::vector<kwarg_spec> common_kwargs() {
  return {
      {"trace", "gen:phase_mix",
       "workload. Generated (no data needed, 5,000 requests by default): gen:stream, gen:random, "
       "gen:strided, gen:hot_spot, gen:phase_mix (cloud-1 style: 50-request blocks, each sequential "
       "or random); strided, hot_spot and phase_mix also work bare, stream and random do not (they "
       "would read like the files). Or a DRAMSys .stl trace file: a name under <data "
       "root>/dram-traces (stream.stl, random.stl, cloud-1.stl, cloud-2.stl, ddr3_example.stl; "
       "10,000 requests each but ddr3_example's 1,876; needs DSEGYM_DATA_DIR or data_dir) or an "
       "absolute path",
       {}},
      {"trace_requests", std::int64_t{0},
       "requests simulated per evaluation: 0 = 5000 for a generated trace, the whole file for a "
       ".stl; N = N generated / the first N of the file (max 10,000,000)",
       {}},
      {"trace_seed", std::int64_t{0},
       "seed of a generated trace (the workload is fixed per env: reset seeds do not change it)", {}},
      {"read_fraction", 1.0,
       "share of reads in a generated trace, in [0, 1] (the DRAMGym workloads are read-only)", {}},
      {"trace_time_scale", 1.0,
       "multiplies every trace cycle (> 0; 1 = one request per 1.25 ns, saturating the channel; "
       "larger = lighter load)",
       {}},
      {"memory", "DDR3-1600",
       "memory preset: DDR3-1600 (the reference, 1 GiB) or DDR4-2400 (4 GiB, 16 banks)",
       {value("DDR3-1600"), value("DDR4-2400")}},
      {"mapping", "reference",
       "address map: reference (DDR3 row-bank-column, DDR4 bank-row-column), rbc or brc",
       {value("reference"), value("rbc"), value("brc")}},
      {"reward", "weighted_sum",
       "weighted_sum: -(w_E E/E_base + w_T T/T_base + w_L p99/p99_base)/(w_E+w_T+w_L), base = the "
       "all-index-0 design on the same trace (scores -1); edp: -(E T)/(E_base T_base); budget: "
       "-sum max(0, (x-t)/t) over the objective's targets; log_ratio: -sum ln(x/t); "
       "target_ratio: the reference's min(1000, prod t/|x-t|)",
       {value("weighted_sum"), value("edp"), value("budget"), value("log_ratio"),
        value("target_ratio")}},
      {"objective", "both",
       "metrics the target-based rewards (budget, log_ratio, target_ratio) compare with their "
       "targets: latency (total_time_s vs target_latency_s), power (avg_power_W vs "
       "target_power_W) or both",
       {value("both"), value("latency"), value("power")}},
      {"target_power_W", 1.0, "power target P_t in W (> 0; reference: 1 W)", {}},
      {"target_latency_s", 0.1, "makespan target L_t in s (> 0; reference: 0.1)", {}},
      {"ratio_scaling", false,
       "target_ratio only: scale the latency term by 1/20 and the power term by 1/350 (reference "
       "RL env option)",
       {}},
      {"weight_energy", 1.0, "weighted_sum: weight w_E of energy_J (>= 0)", {}},
      {"weight_time", 1.0, "weighted_sum: weight w_T of total_time_s (>= 0)", {}},
      {"weight_p99_latency", 0.0, "weighted_sum: weight w_L of p99_service_latency_s (>= 0)", {}},
      {"data_dir", "", "data root holding dram-traces/ (default: $DSEGYM_DATA_DIR); .stl names only",
       {}},
      {"encoding", "canonical",
       "knob encoding: canonical (spec 6.1: RequestBufferSize and MaxActiveTransactions 1,2,4..128, "
       "RefreshMaxPostponed/Pulledin 1,2,4,8; 442,368 designs) or archgym (the reference's integer "
       "ranges: RequestBufferSize 1..8, RefreshMaxPostponed/Pulledin 1..8, MaxActiveTransactions "
       "1..128, index = value - 1; 28,311,552 designs)",
       {value("canonical"), value("archgym")}},
      {"trace_backward_time", "reject",
       ".stl files only: a request whose cycle is before its predecessor's is an error (reject) or "
       "gets its predecessor's cycle (clamp; ddr3_example.stl restarts its cycle count and needs "
       "it)",
       {value("reject"), value("clamp")}},
  };
}

std::vector<kwarg_spec> multi_kwargs() {
  std::vector<kwarg_spec> k = {
      {"grouping", "per_knob",
       "per_knob: 10 agents, one per knob (Discrete); per_subsystem: page_refresh (knobs 0,5,6,7), "
       "scheduler (1,2,3,4), front_end (8,9), each MultiDiscrete",
       {value("per_knob"), value("per_subsystem")}}};
  for (auto& c : common_kwargs()) k.push_back(std::move(c));
  return k;
}

dram_env_options options_from(const kwargs_reader& k) {
  dram_env_options o;
  o.trace = k.get_string("trace");
  o.trace_requests = k.get_int("trace_requests");
  o.trace_seed = k.get_int("trace_seed");
  o.read_fraction = k.get_real("read_fraction");
  o.trace_time_scale = k.get_real("trace_time_scale");
  o.memory = k.get_string("memory");
  o.mapping = k.get_string("mapping");
  o.reward = k.get_string("reward");
  o.objective = k.get_string("objective");
  o.target_power_W = k.get_real("target_power_W");
  o.target_latency_s = k.get_real("target_latency_s");
  o.ratio_scaling = k.get_bool("ratio_scaling");
  o.weight_energy = k.get_real("weight_energy");
  o.weight_time = k.get_real("weight_time");
  o.weight_p99_latency = k.get_real("weight_p99_latency");
  o.data_dir = k.get_string("data_dir");
  o.encoding = k.get_string("encoding");
  o.trace_backward_time = k.get_string("trace_backward_time");
  return o;
}

// The resolved kwargs in declaration order (what the registry's kwargs_reader produces).
value kwargs_of(const dram_env_options& o, std::optional<dram_grouping> grouping) {
  value::dict d;
  if (grouping) d.emplace_back("grouping", std::string(to_string(*grouping)));
  d.emplace_back("trace", o.trace);
  d.emplace_back("trace_requests", o.trace_requests);
  d.emplace_back("trace_seed", o.trace_seed);
  d.emplace_back("read_fraction", o.read_fraction);
  d.emplace_back("trace_time_scale", o.trace_time_scale);
  d.emplace_back("memory", o.memory);
  d.emplace_back("mapping", o.mapping);
  d.emplace_back("reward", o.reward);
  d.emplace_back("objective", o.objective);
  d.emplace_back("target_power_W", o.target_power_W);
  d.emplace_back("target_latency_s", o.target_latency_s);
  d.emplace_back("ratio_scaling", o.ratio_scaling);
  d.emplace_back("weight_energy", o.weight_energy);
  d.emplace_back("weight_time", o.weight_time);
  d.emplace_back("weight_p99_latency", o.weight_p99_latency);
  d.emplace_back("data_dir", o.data_dir);
  d.emplace_back("encoding", o.encoding);
  d.emplace_back("trace_backward_time", o.trace_backward_time);
  return value(std::move(d));
}

void check_choice(const std::string& kwarg, const std::string& v,
                  std::initializer_list<std::string_view> valid) {
  for (auto c : valid)
    if (v == c) return;
  std::string list;
  for (auto c : valid) list += (list.empty() ? "" : ", ") + std::string(c);
  throw invalid_argument("dram_env", "kwarg \"" + kwarg + "\" = \"" + v + "\" is not valid; choices: " + list);
}

void check_options(const dram_env_options& o) {
  const auto bad = [](const std::string& kwarg, double v, const std::string& rule) {
    return invalid_argument("dram_env", "kwarg \"" + kwarg + "\" = " + fmt(v) + " is not valid: " + rule);
  };
  check_choice("memory", o.memory, {"DDR3-1600", "DDR4-2400"});
  check_choice("encoding", o.encoding, {"canonical", "archgym"});
  check_choice("trace_backward_time", o.trace_backward_time, {"reject", "clamp"});
  check_choice("mapping", o.mapping, {"reference", "rbc", "brc"});
  check_choice("reward", o.reward, {"weighted_sum", "edp", "budget", "log_ratio", "target_ratio"});
  check_choice("objective", o.objective, {"both", "latency", "power"});
  if (o.trace_requests < 0 || o.trace_requests > max_trace_requests)
    throw bad("trace_requests", static_cast<double>(o.trace_requests), "must be in [0, 10000000] (0 = default)");
  if (o.trace_seed < 0) throw bad("trace_seed", static_cast<double>(o.trace_seed), "must be >= 0");
  if (!(o.read_fraction >= 0.0 && o.read_fraction <= 1.0))
    throw bad("read_fraction", o.read_fraction, "must be in [0, 1]");
  if (!(o.trace_time_scale > 0.0) || !std::isfinite(o.trace_time_scale))
    throw bad("trace_time_scale", o.trace_time_scale, "must be a finite number > 0");
  if (!(o.target_power_W > 0.0) || !std::isfinite(o.target_power_W))
    throw bad("target_power_W", o.target_power_W, "must be a finite number > 0");
  if (!(o.target_latency_s > 0.0) || !std::isfinite(o.target_latency_s))
    throw bad("target_latency_s", o.target_latency_s, "must be a finite number > 0");
  for (const auto& [name, w] : {std::pair<const char*, double>{"weight_energy", o.weight_energy},
                                {"weight_time", o.weight_time},
                                {"weight_p99_latency", o.weight_p99_latency}})
    if (!(w >= 0.0) || !std::isfinite(w)) throw bad(name, w, "must be a finite number >= 0");
  if (o.reward == "weighted_sum" && o.weight_energy + o.weight_time + o.weight_p99_latency <= 0.0)
    throw invalid_argument("dram_env", "reward \"weighted_sum\" needs at least one of weight_energy, "
                                       "weight_time, weight_p99_latency > 0 (all are 0)");
}

std::shared_ptr<const dram::trace> load_trace(const dram_env_options& o, std::string& path_out) {
  if (ends_with(o.trace, ".stl")) {
    if (o.read_fraction != 1.0 || o.trace_seed != 0)
      throw invalid_argument("dram_env", "kwargs read_fraction and trace_seed apply to generated "
                                         "traces only, not to the file \"" + o.trace + "\"");
    std::filesystem::path p(o.trace);
    if (p.is_relative())
      p = data_folder(o.data_dir, "dram-traces", "DRAM trace \"" + o.trace + "\"") / p;
    path_out = p.string();
    if (!std::filesystem::is_regular_file(p))
      throw data_error("dram_env", "trace file \"" + p.string() +
                                       "\" does not exist (shared traces: stream.stl, random.stl, "
                                       "cloud-1.stl, cloud-2.stl, ddr3_example.stl)");
    // ddr3_example.stl restarts its cycle count three times (see simulators/dram/README.md): it
    // needs trace_backward_time = clamp; any other backwards step is an error by default.
    dram::trace t;
    try {
      t = dram::read_stl(p, {.clamp_backward_time = o.trace_backward_time == "clamp"});
    } catch (const data_error& e) {
      const std::string m = e.what();
      if (m.find("time must not go backwards") == std::string::npos) throw;
      throw data_error("dram_env", m.substr(m.find("] ") + 2) +
                                       "; pass trace_backward_time = \"clamp\" to give such a request its "
                                       "predecessor's cycle (ddr3_example.stl needs it)");
    }
    if (t.requests.empty()) throw data_error("dram_env", "trace file \"" + p.string() + "\" holds no requests");
    if (o.trace_requests > 0) {
      const auto n = static_cast<std::size_t>(o.trace_requests);
      if (n > t.requests.size())
        throw invalid_argument("dram_env", "kwarg \"trace_requests\" = " + std::to_string(n) +
                                               " exceeds the " + std::to_string(t.requests.size()) +
                                               " requests of \"" + p.string() + "\" (0 = all)");
      t.requests.resize(n);
      if (t.source_lines.size() > n) t.source_lines.resize(n);
    }
    return std::make_shared<const dram::trace>(std::move(t));
  }
  dram::trace_generator_config g;
  const auto bad_trace = [&] {
    return invalid_argument("dram_env", "kwarg \"trace\" = \"" + o.trace +
                                            "\" is not valid; choices: gen:stream, gen:random, gen:strided, "
                                            "gen:hot_spot, gen:phase_mix (generated), or a .stl file name "
                                            "(stream.stl, random.stl, cloud-1.stl, cloud-2.stl, "
                                            "ddr3_example.stl) or absolute .stl path");
  };
  if (o.trace == "stream" || o.trace == "random")
    throw invalid_argument("dram_env", "kwarg \"trace\" = \"" + o.trace + "\" is ambiguous: gen:" + o.trace +
                                           " is the generated pattern (5,000 requests by default), " + o.trace +
                                           ".stl the DRAMSys trace file (10,000 requests)");
  const std::string pattern = o.trace.rfind("gen:", 0) == 0 ? o.trace.substr(4) : o.trace;
  try {
    g.pattern = dram::parse_access_pattern(pattern);
  } catch (const error&) {
    throw bad_trace();
  }
  g.requests = static_cast<std::uint64_t>(o.trace_requests > 0 ? o.trace_requests
                                                               : dram_default_generated_requests);
  g.seed = static_cast<std::uint64_t>(o.trace_seed);
  g.read_fraction = o.read_fraction;
  return std::make_shared<const dram::trace>(dram::generate_trace(g));
}

std::vector<std::string_view> objective_metrics(const std::string& objective) {
  if (objective == "latency") return {"total_time_s"};
  if (objective == "power") return {"avg_power_W"};
  return {"avg_power_W", "total_time_s"};
}

std::string reward_text(const dram_env_options& o, const dram_outcome& b) {
  const std::string base =
      "base = the all-index-0 design [Open, Fifo, Bankwise, 1, Fifo, NoRefresh, 1, 1, Simple, 1] "
      "on the same trace";
  std::string targets;
  for (auto m : objective_metrics(o.objective)) {
    if (!targets.empty()) targets += ", ";
    targets += m == "total_time_s" ? "total_time_s vs L_t = " + fmt(o.target_latency_s) + " s"
                                   : "avg_power_W vs P_t = " + fmt(o.target_power_W) + " W";
  }
  if (o.reward == "weighted_sum")
    return "weighted_sum: -(" + fmt(o.weight_energy) + " energy_J/E_base + " + fmt(o.weight_time) +
           " total_time_s/T_base + " + fmt(o.weight_p99_latency) + " p99_service_latency_s/L_base) / " +
           fmt(o.weight_energy + o.weight_time + o.weight_p99_latency) + "; " + base +
           " (E_base = " + fmt(b.energy_J) + " J, T_base = " + fmt(b.total_time_s) +
           " s, L_base = " + fmt(b.p99_service_latency_s) + " s) scores -1; higher is better";
  if (o.reward == "edp")
    return "edp: -(energy_J total_time_s) / (E_base T_base); " + base + " (E_base = " +
           fmt(b.energy_J) + " J, T_base = " + fmt(b.total_time_s) + " s) scores -1";
  if (o.reward == "budget")
    return "budget: -sum over targets of max(0, (x - t)/t), 0 when every target is met; targets: " +
           targets;
  if (o.reward == "log_ratio")
    return "log_ratio: -sum over targets of ln(x/t); targets: " + targets;
  return std::string("target_ratio (reference DRAMGym): min(1000, product over targets of ") +
         (o.ratio_scaling ? "s t/|x - t|), s = 1/20 for latency and 1/350 for power"
                          : "t/|x - t|)") +
         "; targets: " + targets +
         " (latency = makespan in s); rewards closeness from either side (non-monotone)";
}

}  // namespace

// ----- knobs and rewards ---------------------------------------------------------------------

std::span<const std::string_view> dram_knob_names() noexcept { return knob_names; }

dram::controller_config dram_design(std::span<const std::int64_t> k, dram_encoding enc) {
  const auto& sizes = dram_knob_sizes_of(enc);
  if (k.size() != sizes.size())
    throw invalid_action("dram_env: a design is 10 knob indices, got " + std::to_string(k.size()) +
                         " (" + knob_table_text(enc) + ")");
  for (std::size_t i = 0; i < k.size(); ++i)
    if (k[i] < 0 || k[i] >= sizes[i])
      throw invalid_action("dram_env: knob " + std::to_string(i) + " (" +
                           std::string(dramsys_names[i]) + ") = " + std::to_string(k[i]) +
                           " is outside [0, " + std::to_string(sizes[i] - 1) + "]");
  const auto pow2 = [enc](std::int64_t i) { return static_cast<std::uint32_t>(count_value(enc, i)); };
  dram::controller_config c;
  c.page_policy = static_cast<dram::page_policy_kind>(k[0]);
  c.scheduler = static_cast<dram::scheduler_kind>(k[1]);
  c.scheduler_buffer = static_cast<dram::scheduler_buffer_kind>(k[2]);
  c.request_buffer_size = pow2(k[3]);
  c.resp_queue = static_cast<dram::resp_queue_kind>(k[4]);
  c.refresh_policy = static_cast<dram::refresh_policy_kind>(k[5]);
  c.refresh_max_postponed = pow2(k[6]);
  c.refresh_max_pulledin = pow2(k[7]);
  c.arbiter = static_cast<dram::arbiter_kind>(k[8]);
  c.max_active_transactions = pow2(k[9]);
  return c;
}

value dram_knob_choices(dram_encoding enc) {
  const auto& sizes = dram_knob_sizes_of(enc);
  value::list out;
  for (std::size_t k = 0; k < sizes.size(); ++k) {
    value::list labels;
    for (std::int64_t i = 0; i < sizes[k]; ++i) {
      std::array<std::int64_t, 10> x{};
      x[k] = i;
      const value d = dram_design_value(x, enc);
      const value& v = d.as_dict()[k].second;
      labels.emplace_back(v.is_string() ? v.as_string() : std::to_string(v.as_int()));
    }
    out.emplace_back(std::move(labels));
  }
  return value(std::move(out));
}

value dram_design_value(std::span<const std::int64_t> k, dram_encoding enc) {
  const dram::controller_config c = dram_design(k, enc);
  value::dict d;
  const std::array<std::string_view, 10> names = {
      to_string(c.page_policy), to_string(c.scheduler),      to_string(c.scheduler_buffer), "",
      to_string(c.resp_queue),  to_string(c.refresh_policy), "",                            "",
      to_string(c.arbiter),     ""};
  for (std::size_t i = 0; i < k.size(); ++i)
    d.emplace_back(std::string(dramsys_names[i]),
                   knob_is_count[i] ? value(count_value(enc, k[i])) : value(std::string(names[i])));
  return value(std::move(d));
}

double dram_reward(const dram_env_options& o, const dram_outcome& x, const dram_outcome& b) {
  if (o.reward == "weighted_sum") {
    const double w = o.weight_energy + o.weight_time + o.weight_p99_latency;
    return -(o.weight_energy * x.energy_J / b.energy_J + o.weight_time * x.total_time_s / b.total_time_s +
             o.weight_p99_latency * x.p99_service_latency_s / b.p99_service_latency_s) /
           w;
  }
  if (o.reward == "edp") return -(x.energy_J * x.total_time_s) / (b.energy_J * b.total_time_s);
  const auto objectives = objective_metrics(o.objective);
  const auto value_of = [&](std::string_view m) {
    return m == "total_time_s" ? x.total_time_s : x.avg_power_W;
  };
  const auto target_of = [&](std::string_view m) {
    return m == "total_time_s" ? o.target_latency_s : o.target_power_W;
  };
  if (o.reward == "budget") {
    double r = 0.0;
    for (auto m : objectives) r -= std::max(0.0, (value_of(m) - target_of(m)) / target_of(m));
    return r;
  }
  if (o.reward == "log_ratio") {
    double r = 0.0;
    for (auto m : objectives) r -= std::log(value_of(m) / target_of(m));
    return r;
  }
  if (o.reward == "target_ratio") {
    constexpr double cap = 1000.0;
    double r = 1.0;
    for (auto m : objectives) {
      const double scale = !o.ratio_scaling ? 1.0 : (m == "total_time_s" ? 1.0 / 20 : 1.0 / 350);
      const double gap = std::abs(value_of(m) - target_of(m));
      // A target hit exactly divides by zero in the reference; the cap covers it.
      r *= gap == 0.0 ? std::numeric_limits<double>::infinity() : scale * target_of(m) / gap;
    }
    return std::min(cap, r);
  }
  throw invalid_argument("dram_env", "unknown reward \"" + o.reward + "\"; choices: " + rewards_list);
}

std::string_view to_string(dram_grouping g) noexcept {
  return g == dram_grouping::per_knob ? "per_knob" : "per_subsystem";
}

// ----- evaluator ---------------------------------------------------------------------------

dram_evaluator::dram_evaluator(const dram_env_options& options) : o_(options) {
  check_options(o_);
  enc_ = parse_encoding(o_.encoding);
  cfg_.memory = dram::built_in_mem_spec(o_.memory);
  if (o_.mapping == "rbc") cfg_.mapping = dram::rbc_mapping(cfg_.memory);
  if (o_.mapping == "brc") cfg_.mapping = dram::brc_mapping(cfg_.memory);
  cfg_.trace_time_scale = o_.trace_time_scale;
  trace_ = load_trace(o_, trace_path_);
  if (o_.trace.rfind("gen:", 0) != 0 && !ends_with(o_.trace, ".stl")) o_.trace = "gen:" + o_.trace;  // canonical name
  // The baseline also proves the trace fits the memory (addresses, timing) before any step.
  const std::array<std::int64_t, 10> zeros{};
  dram::simulation_config c = cfg_;
  c.controller = dram_design(zeros);
  baseline_ = outcome_of(dram::simulate(c, *trace_));
}

dram_evaluator::result dram_evaluator::evaluate(std::span<const std::int64_t> knobs) const {
  dram::simulation_config c = cfg_;
  c.controller = dram_design(knobs, enc_);
  const dram::run_results r = dram::simulate(c, *trace_);
  static const std::vector<metric_spec> specs = metric_specs();
  const std::vector<double> values = metric_values(r);
  result out;
  out.info.metrics.reserve(specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i)
    out.info.metrics.push_back({specs[i].name, values[i], specs[i].unit, specs[i].dir});
  out.info.cost = static_cast<double>(r.requests);
  out.info.extra = extra_of(r, knobs, enc_);
  const dram_outcome x = outcome_of(r);
  out.observation = {x.energy_J, x.avg_power_W, x.total_time_s, r.service_latency.mean_ns * 1e-9,
                     x.p99_service_latency_s};
  out.reward = dram_reward(o_, x, baseline_);
  return out;
}

void dram_evaluator::fill_spec(env_spec& s) const {
  s.metrics = metric_specs();
  s.reward = reward_text(o_, baseline_);
  s.cost_unit = "simulated requests";
  s.shape = episode_shape::one_shot;
  s.max_episode_steps = 1;
  s.data.clear();
  if (!trace_path_.empty()) s.data.push_back(trace_path_);
}

namespace {
box observation_box() {
  const double inf = std::numeric_limits<double>::infinity();
  return box(0.0, inf, {dram_observation_names.size()});
}
// Filled explicitly: from_shape() leaves the storage uninitialised (and NaN * 0 is NaN).
xt::xarray<double> zero_observation() {
  xt::xarray<double> z = xt::xarray<double>::from_shape({dram_observation_names.size()});
  z.fill(0.0);
  return z;
}
}  // namespace

// ----- single agent ------------------------------------------------------------------------

dram_controller_env::dram_controller_env(const dram_env_options& options)
    : eval_(options),
      obs_space_(observation_box()),
      act_space_(std::vector<std::int64_t>(dram_knob_sizes_of(eval_.encoding()).begin(),
                                           dram_knob_sizes_of(eval_.encoding()).end())) {
  spec_.id = single_id;
  spec_.summary =
      "DRAM memory-controller DSE (DRAMGym): 10 knobs, 442,368 designs, one cycle-exact "
      "simulation per step; obs [energy_J, avg_power_W, total_time_s, mean_service_latency_s, "
      "p99_service_latency_s]";
  spec_.kwarg_specs = common_kwargs();
  spec_.kwargs = kwargs_of(eval_.options(), std::nullopt);
  eval_.fill_spec(spec_);
}

reset_result<dram_controller_env::observation_type> dram_controller_env::reset(std::optional<std::uint64_t>) {
  // Knob names and value labels, for tools that take readable designs (`dsegym eval`).
  step_info info;
  value::list names;
  for (auto n : dramsys_names) names.emplace_back(std::string(n));
  info.extra = value::dict{{"knob_names", value(std::move(names))}, {"knob_choices", dram_knob_choices(eval_.encoding())}};
  return {zero_observation(), std::move(info)};
}

step_result<dram_controller_env::observation_type> dram_controller_env::step(const action_type& knobs) {
  if (!act_space_.contains(knobs)) (void)dram_design(knobs, eval_.encoding());  // throws invalid_action naming the knob
  auto r = eval_.evaluate(knobs);
  return {std::move(r.observation), r.reward, true, false, std::move(r.info)};
}

// ----- multi agent -------------------------------------------------------------------------

dram_controller_parallel::dram_controller_parallel(const dram_env_options& options, dram_grouping grouping)
    : eval_(options), grouping_(grouping), obs_space_(observation_box()), state_(zero_observation()) {
  const auto add = [&](std::string name, std::vector<std::size_t> knobs) {
    std::vector<std::int64_t> nvec;
    for (auto k : knobs) nvec.push_back(dram_knob_sizes_of(eval_.encoding())[k]);
    possible_.push_back(std::move(name));
    act_spaces_.push_back(knobs.size() == 1 ? any_space(discrete(nvec[0])) : any_space(multi_discrete(nvec)));
    knobs_.push_back(std::move(knobs));
  };
  if (grouping == dram_grouping::per_knob) {
    for (std::size_t k = 0; k < knob_names.size(); ++k) add(std::string(knob_names[k]), {k});
  } else {
    add("page_refresh", {0, 5, 6, 7});
    add("scheduler", {1, 2, 3, 4});
    add("front_end", {8, 9});
  }
  spec_.id = multi_id;
  spec_.summary =
      "DRAM memory-controller DSE, multi-agent (PettingZoo Parallel shape): one agent per knob or "
      "per sub-system, shared observation and reward; action and observation are Dicts keyed by "
      "agent";
  spec_.kwarg_specs = multi_kwargs();
  spec_.kwargs = kwargs_of(eval_.options(), grouping);
  eval_.fill_spec(spec_);
  spec_.reward = "shared by every agent: " + spec_.reward;
}

std::size_t dram_controller_parallel::agent_index(std::string_view agent) const {
  for (std::size_t i = 0; i < possible_.size(); ++i)
    if (possible_[i] == agent) return i;
  std::string valid;
  for (const auto& a : possible_) valid += (valid.empty() ? "" : ", ") + a;
  throw invalid_argument("dram_env", "unknown agent \"" + std::string(agent) + "\"; agents (" +
                                         std::string(to_string(grouping_)) + "): " + valid);
}

const box& dram_controller_parallel::observation_space(std::string_view agent) const {
  (void)agent_index(agent);
  return obs_space_;
}
const any_space& dram_controller_parallel::action_space(std::string_view agent) const {
  return act_spaces_[agent_index(agent)];
}
const std::vector<std::size_t>& dram_controller_parallel::knobs_of(std::string_view agent) const {
  return knobs_[agent_index(agent)];
}

std::vector<std::int64_t> dram_controller_parallel::joint_knobs(const agent_map<action_type>& actions) const {
  for (const auto& [name, a] : actions) {
    bool known = false;
    for (const auto& p : possible_) known = known || p == name;
    if (!known) {
      std::string valid;
      for (const auto& p : possible_) valid += (valid.empty() ? "" : ", ") + p;
      throw invalid_action("dram_env: action for unknown agent \"" + name + "\"; agents: " + valid);
    }
  }
  std::vector<std::int64_t> knobs(dram_knob_sizes.size(), 0);
  for (std::size_t i = 0; i < possible_.size(); ++i) {
    const auto it = actions.find(possible_[i]);
    if (it == actions.end())
      throw invalid_action("dram_env: no action for agent \"" + possible_[i] +
                           "\" (every live agent acts in every step)");
    value checked;
    try {
      checked = act_spaces_[i].validate(it->second, possible_[i]);
    } catch (const space_error& e) {
      throw invalid_action(std::string(e.what()).substr(sizeof("[dsegym.space] ") - 1));
    }
    if (knobs_[i].size() == 1) {
      knobs[knobs_[i][0]] = checked.as_int();
    } else {
      for (std::size_t j = 0; j < knobs_[i].size(); ++j) knobs[knobs_[i][j]] = checked.as_list()[j].as_int();
    }
  }
  return knobs;
}

dram_controller_parallel::agent_map<value> dram_controller_parallel::split(std::span<const std::int64_t> knobs) const {
  (void)dram_design(knobs, eval_.encoding());  // validates
  agent_map<value> out;
  for (std::size_t i = 0; i < possible_.size(); ++i) {
    if (knobs_[i].size() == 1) {
      out.emplace(possible_[i], value(knobs[knobs_[i][0]]));
    } else {
      value::list l;
      for (auto k : knobs_[i]) l.emplace_back(knobs[k]);
      out.emplace(possible_[i], value(std::move(l)));
    }
  }
  return out;
}

dram_controller_parallel::reset_return dram_controller_parallel::reset(std::optional<std::uint64_t>) {
  live_ = possible_;
  state_ = zero_observation();
  reset_return r;
  for (const auto& a : possible_) {
    r.observations.emplace(a, state_);
    r.infos.emplace(a, step_info{});
  }
  return r;
}

dram_controller_parallel::step_return dram_controller_parallel::step(const agent_map<action_type>& actions) {
  if (live_.empty())
    throw reset_needed("dram_env: no live agents (the episode ended or never started); call reset()");
  const std::vector<std::int64_t> knobs = joint_knobs(actions);
  auto r = eval_.evaluate(knobs);
  step_return out;
  for (const auto& a : possible_) {
    out.observations.emplace(a, r.observation);
    out.rewards.emplace(a, r.reward);
    out.terminations.emplace(a, true);
    out.truncations.emplace(a, false);
    out.infos.emplace(a, r.info);
  }
  state_ = std::move(r.observation);
  live_.clear();
  return out;
}

// ----- multi agent as one env ------------------------------------------------------------------

dram_controller_ma::dram_controller_ma(const dram_env_options& options, dram_grouping grouping)
    : env_(options, grouping),
      obs_space_([&] {
        std::vector<dict_space::entry> e;
        for (const auto& a : env_.possible_agents()) e.emplace_back(a, env_.observation_space(a));
        return dict_space(std::move(e));
      }()),
      act_space_([&] {
        std::vector<dict_space::entry> e;
        for (const auto& a : env_.possible_agents()) e.emplace_back(a, env_.action_space(a));
        return dict_space(std::move(e));
      }()) {}

value dram_controller_ma::observation_dict(const xt::xarray<double>& obs) const {
  value::dict d;
  const value one = env_.observation_space(env_.possible_agents().front()).to_value(obs);
  for (const auto& a : env_.possible_agents()) d.emplace_back(a, one);
  return value(std::move(d));
}

reset_result<value> dram_controller_ma::reset(std::optional<std::uint64_t> seed) {
  auto r = env_.reset(seed);
  return {observation_dict(r.observations.begin()->second), {}};
}

step_result<value> dram_controller_ma::step(const value& joint) {
  value checked;
  try {
    checked = act_space_.from_value(joint, "action");
  } catch (const space_error& e) {
    throw invalid_action(std::string(e.what()).substr(sizeof("[dsegym.space] ") - 1));
  }
  dram_controller_parallel::agent_map<value> actions;
  for (const auto& [agent, a] : checked.as_dict()) actions.emplace(agent, a);
  auto r = env_.step(actions);
  const std::string& first = env_.possible_agents().front();
  bool terminated = true, truncated = false;
  value::dict rewards;
  for (const auto& a : env_.possible_agents()) {
    terminated = terminated && r.terminations.at(a);
    truncated = truncated || r.truncations.at(a);
    rewards.emplace_back(a, r.rewards.at(a));
  }
  step_info info = std::move(r.infos.at(first));
  info.extra.set("agent_rewards", value(std::move(rewards)));
  return {observation_dict(r.observations.at(first)), r.rewards.at(first), terminated, truncated,
          std::move(info)};
}

// ----- registration -----------------------------------------------------------------------

void register_dram_envs(registry& r) {
  // 300 evaluations (~2 ms each with the default 5,000-request trace) keep the default
  // leaderboard near a minute per env (8 agents x 5 seeds on 2 cores; Bayesian optimisation's
  // GP is most of it and grows ~n^2.3). Random search then lands within ~0.5 % of the best.
  const value budget = value::dict{{"kind", "evaluations"}, {"amount", 300}};
  r.add({single_id,
         "DRAM controller DSE (DRAMGym): 10-knob MultiDiscrete, cycle-exact simulation, generated "
         "trace by default (shared .stl traces optional)",
         common_kwargs(),
         [](const kwargs_reader& k) { return any_env(dram_controller_env(options_from(k))); },
         false, budget});
  r.add({multi_id,
         "DRAM controller DSE, multi-agent: one agent per knob or sub-system, Dict actions and "
         "observations keyed by agent, shared reward",
         multi_kwargs(),
         [](const kwargs_reader& k) {
           const auto g = k.get_string("grouping") == "per_subsystem" ? dram_grouping::per_subsystem
                                                                      : dram_grouping::per_knob;
           return any_env(dram_controller_ma(options_from(k), g));
         },
         false, budget});
}

}  // namespace dsegym::envs::hw

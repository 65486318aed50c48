#include "dsegym/envs/hw/accelerator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <utility>

#include "dsegym/envs/data_dir.hpp"
#include "dsegym/registry/registry.hpp"
#include "dsegym/sim/accel/builtin_networks.hpp"
#include "dsegym/sim/accel/dataflow.hpp"
#include "dsegym/sim/accel/layer_table.hpp"

namespace dsegym::envs::hw {

namespace accel = sim::accel;

namespace {

constexpr const char* accel_id = "hw/Accelerator-v0";
constexpr const char* layers_sub = "archgym-reference/dnn-layers";

constexpr std::array<std::string_view, 10> knob_names = {
    "pe_rows",  "pe_cols",   "rf_weight_words",     "rf_input_words",       "rf_output_words",
    "glb_kib",  "glb_banks", "glb_bandwidth_words", "dram_bandwidth_bytes", "dataflow"};

constexpr std::array<std::uint32_t, 8> pe_dims = {2, 4, 8, 12, 14, 16, 24, 32};
constexpr std::array<std::uint64_t, 7> rf_weight_choices = {16, 32, 64, 128, 192, 256, 512};
constexpr std::array<std::uint64_t, 6> rf_input_choices = {4, 8, 12, 16, 32, 64};
constexpr std::array<std::uint64_t, 6> rf_output_choices = {4, 8, 16, 24, 32, 64};
constexpr std::array<std::uint64_t, 7> glb_kib_choices = {16, 32, 64, 128, 256, 512, 1024};
constexpr std::array<std::uint32_t, 5> bank_choices = {8, 16, 32, 64, 128};
constexpr std::array<double, 5> glb_bw_choices = {4, 8, 16, 32, 64};
constexpr std::array<double, 5> dram_bw_choices = {4, 8, 16, 32, 64};
constexpr std::array<accel::dataflow, 4> flow_choices = {
    accel::dataflow::weight_stationary, accel::dataflow::output_stationary,
    accel::dataflow::row_stationary, accel::dataflow::no_local_reuse};

constexpr std::array<std::string_view, 3> builtin_workloads = {"alexnet", "resnet18", "mobilenet_v2"};
constexpr std::array<std::string_view, 8> table_workloads = {
    "maestro_alexnet", "maestro_resnet18",   "maestro_resnet50",      "maestro_mobilenet_v2",
    "maestro_vgg16",   "maestro_BERT_m",     "timeloop_alexnet_conv", "maestro_resnet18_layer2"};

// TimeloopGym: targets = baseline improved by 20 % (cycles), 30 % (energy), 15 % (area).
constexpr double latency_factor = 0.8, energy_factor = 0.7, area_factor = 0.85;

std::string fmt(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

std::string knob_table_text() {
  std::string s;
  for (std::size_t k = 0; k < knob_names.size(); ++k)
    s += (k ? "; " : "") + std::to_string(k) + " " + std::string(knob_names[k]) + " [0," +
         std::to_string(accel_knob_sizes[k] - 1) + "]";
  return s;
}

std::vector<value> workload_choices() {
  std::vector<value> v;
  for (auto w : builtin_workloads) v.emplace_back(w);
  for (auto w : table_workloads) v.emplace_back(w);
  return v;
}

std::vector<kwarg_spec> accel_kwargs() {
  return {
      {"workload", "alexnet",
       "network: built-in alexnet (TimeloopGym shapes + FC), resnet18, mobilenet_v2 (no data "
       "needed); or a layer table under <data root>/archgym-reference/dnn-layers: maestro_alexnet, "
       "maestro_resnet18, maestro_resnet50, maestro_mobilenet_v2, maestro_vgg16, maestro_BERT_m, "
       "timeloop_alexnet_conv (TimeloopGym's workload), maestro_resnet18_layer2 (MaestroGym's "
       "default layer)",
       workload_choices()},
      {"shapes", "maestro_compat",
       "MAESTRO tables: maestro_compat (the reference's stride 1, no padding) or true_shapes (real "
       "strides/padding; maestro_alexnet, maestro_resnet18, maestro_vgg16 only)",
       {value("maestro_compat"), value("true_shapes")}},
      {"reward", "budget",
       "budget: -sum max(0,(x-t)/t), + lambda sum ln(t/x) once all met; timeloop: -(1e-3 + sum "
       "max((x-t)/t, 0)) (TimeloopGym); maestro: prod x_base/x (MaestroGym reciprocal, baseline "
       "= 1); weighted_sum: -sum w x/x_base / sum w",
       {value("budget"), value("timeloop"), value("maestro"), value("weighted_sum")}},
      {"objective", "joint",
       "metrics the target-based rewards use: joint (latency, energy, area), latency, energy, "
       "area or edp",
       {value("joint"), value("latency"), value("energy"), value("area"), value("edp")}},
      {"lambda", 0.01, "budget reward: weight of the log bonus once every target is met (>= 0)", {}},
      {"target_latency_s", 0.0, "latency target in s (0: baseline x 0.8, TimeloopGym)", {}},
      {"target_energy_J", 0.0, "energy target in J (0: baseline x 0.7)", {}},
      {"target_area_mm2", 0.0, "area target in mm2 (0: baseline x 0.85)", {}},
      {"weight_latency", 1.0, "weighted_sum: weight of latency_s / baseline (>= 0)", {}},
      {"weight_energy", 1.0, "weighted_sum: weight of energy_J / baseline (>= 0)", {}},
      {"weight_area", 1.0, "weighted_sum: weight of area_mm2 / baseline (>= 0)", {}},
      {"invalid_reward", value(),
       "reward when some layer has no valid mapping (null: -1500, TimeloopGym's sentinel; "
       "maestro: -1)",
       {}},
      {"mapper", "fast",
       "inner mapper per layer: fast (exhaustive, one register-file tile per spatial choice, ~1 ms "
       "per network), exhaustive (four per choice), random (300 seeded samples)",
       {value("fast"), value("exhaustive"), value("random")}},
      {"energy", "default",
       "energy table: default (45 nm, DRAM 440 pJ/word) or ddr4 (DRAM 140 + 390 pJ/word)",
       {value("default"), value("ddr4")}},
      {"clock_hz", 200e6, "accelerator clock in Hz (> 0)", {}},
      {"data_dir", "",
       "data root holding archgym-reference/dnn-layers (default: $DSEGYM_DATA_DIR); layer tables only",
       {}},
  };
}

accel_env_options options_from(const kwargs_reader& k) {
  accel_env_options o;
  o.workload = k.get_string("workload");
  o.shapes = k.get_string("shapes");
  o.reward = k.get_string("reward");
  o.objective = k.get_string("objective");
  o.lambda = k.get_real("lambda");
  o.target_latency_s = k.get_real("target_latency_s");
  o.target_energy_J = k.get_real("target_energy_J");
  o.target_area_mm2 = k.get_real("target_area_mm2");
  o.weight_latency = k.get_real("weight_latency");
  o.weight_energy = k.get_real("weight_energy");
  o.weight_area = k.get_real("weight_area");
  const value& inv = k.get("invalid_reward");
  if (!inv.is_null()) {
    if (!inv.is_number())
      throw invalid_argument("accel_env", "kwarg \"invalid_reward\" must be a number or null, got " + inv.to_string());
    o.invalid_reward = inv.as_real();
  }
  o.mapper = k.get_string("mapper");
  o.energy = k.get_string("energy");
  o.clock_hz = k.get_real("clock_hz");
  o.data_dir = k.get_string("data_dir");
  return o;
}

value kwargs_of(const accel_env_options& o) {
  return value::dict{{"workload", o.workload},
                     {"shapes", o.shapes},
                     {"reward", o.reward},
                     {"objective", o.objective},
                     {"lambda", o.lambda},
                     {"target_latency_s", o.target_latency_s},
                     {"target_energy_J", o.target_energy_J},
                     {"target_area_mm2", o.target_area_mm2},
                     {"weight_latency", o.weight_latency},
                     {"weight_energy", o.weight_energy},
                     {"weight_area", o.weight_area},
                     {"invalid_reward", o.invalid_reward ? value(*o.invalid_reward) : value()},
                     {"mapper", o.mapper},
                     {"energy", o.energy},
                     {"clock_hz", o.clock_hz},
                     {"data_dir", o.data_dir}};
}

void check_choice(const std::string& kwarg, const std::string& v, std::span<const std::string_view> valid) {
  for (auto c : valid)
    if (v == c) return;
  std::string list;
  for (auto c : valid) list += (list.empty() ? "" : ", ") + std::string(c);
  throw invalid_argument("accel_env", "kwarg \"" + kwarg + "\" = \"" + v + "\" is not valid; choices: " + list);
}
void check_choice(const std::string& kwarg, const std::string& v, std::initializer_list<std::string_view> valid) {
  check_choice(kwarg, v, std::span<const std::string_view>(valid.begin(), valid.size()));
}

void check_options(const accel_env_options& o) {
  const auto bad = [](const std::string& kwarg, double v, const std::string& rule) {
    return invalid_argument("accel_env", "kwarg \"" + kwarg + "\" = " + fmt(v) + " is not valid: " + rule);
  };
  std::vector<std::string_view> workloads(builtin_workloads.begin(), builtin_workloads.end());
  workloads.insert(workloads.end(), table_workloads.begin(), table_workloads.end());
  check_choice("workload", o.workload, workloads);
  check_choice("shapes", o.shapes, {"maestro_compat", "true_shapes"});
  check_choice("reward", o.reward, {"budget", "timeloop", "maestro", "weighted_sum"});
  check_choice("objective", o.objective, {"joint", "latency", "energy", "area", "edp"});
  check_choice("mapper", o.mapper, {"fast", "exhaustive", "random"});
  check_choice("energy", o.energy, {"default", "ddr4"});
  if (!(o.lambda >= 0.0) || !std::isfinite(o.lambda)) throw bad("lambda", o.lambda, "must be a finite number >= 0");
  for (const auto& [name, t] : {std::pair<const char*, double>{"target_latency_s", o.target_latency_s},
                                {"target_energy_J", o.target_energy_J},
                                {"target_area_mm2", o.target_area_mm2}})
    if (!(t >= 0.0) || !std::isfinite(t)) throw bad(name, t, "must be a finite number >= 0 (0 = from the baseline)");
  for (const auto& [name, w] : {std::pair<const char*, double>{"weight_latency", o.weight_latency},
                                {"weight_energy", o.weight_energy},
                                {"weight_area", o.weight_area}})
    if (!(w >= 0.0) || !std::isfinite(w)) throw bad(name, w, "must be a finite number >= 0");
  if (o.reward == "weighted_sum" && o.weight_latency + o.weight_energy + o.weight_area <= 0.0)
    throw invalid_argument("accel_env", "reward \"weighted_sum\" needs at least one of weight_latency, "
                                        "weight_energy, weight_area > 0 (all are 0)");
  if (o.invalid_reward && !std::isfinite(*o.invalid_reward))
    throw bad("invalid_reward", *o.invalid_reward, "must be finite");
  if (!(o.clock_hz > 0.0) || !std::isfinite(o.clock_hz)) throw bad("clock_hz", o.clock_hz, "must be a finite number > 0");
  if (o.shapes == "true_shapes" && o.workload != "maestro_alexnet" && o.workload != "maestro_resnet18" &&
      o.workload != "maestro_vgg16" && o.workload != "maestro_resnet18_layer2")
    throw invalid_argument("accel_env", "kwarg \"shapes\" = \"true_shapes\" needs a MAESTRO table with a "
                                        "stride/padding side table (maestro_alexnet, maestro_resnet18, "
                                        "maestro_resnet18_layer2, maestro_vgg16), not \"" + o.workload + "\"");
}

std::shared_ptr<const accel::network> load_network(const accel_env_options& o, std::string& source) {
  for (auto b : builtin_workloads)
    if (o.workload == b) {
      source = "built-in " + o.workload;
      return std::make_shared<const accel::network>(accel::builtin_network(o.workload));
    }
  const bool layer2 = o.workload == "maestro_resnet18_layer2";
  const std::string table = layer2 ? std::string("maestro_resnet18") : o.workload;
  const auto dir = data_folder(o.data_dir, layers_sub, std::string(accel_id) + " workload \"" + o.workload + "\"");
  const auto path = dir / (table + ".csv");
  source = path.string();
  if (!std::filesystem::is_regular_file(path))
    throw data_error("accel_env", "layer table \"" + path.string() + "\" does not exist");
  accel::network n;
  if (table.rfind("timeloop_", 0) == 0) {
    n = accel::load_timeloop_layers(path);
  } else if (o.shapes == "true_shapes") {
    const auto geometry = accel::maestro_true_geometry(table);
    n = accel::load_maestro_layers(path, accel::shape_mode::true_shapes, geometry);
  } else {
    n = accel::load_maestro_layers(path, accel::shape_mode::maestro_compat);
  }
  if (layer2) {
    if (n.layers.size() < 3) throw data_error("accel_env", path.string() + " has fewer than 3 layers");
    n = accel::network{o.workload, {n.layers[2]}};
  }
  if (n.layers.empty()) throw data_error("accel_env", path.string() + " holds no layers");
  return std::make_shared<const accel::network>(std::move(n));
}

accel::mapper_options mapper_of(const std::string& m) {
  accel::mapper_options o;
  if (m == "fast") o.rf_candidates = 1;
  if (m == "random") {
    o.search = accel::mapper_search::random;
    o.random_samples = 300;
  }
  return o;
}

std::vector<metric_spec> metric_specs() {
  const auto min = direction::minimize;
  const auto max = direction::maximize;
  return {
      {"latency_s", "s", min, "network latency: sum over layers of roofline cycles / clock (batch 1)"},
      {"energy_J", "J", min, "network energy: MAC + RF + NoC + GLB + DRAM accesses"},
      {"area_mm2", "mm2", min, "accelerator area (MAESTRO constants: MACs, PE-local storage, GLB)"},
      {"edp_Js", "J*s", min, "energy-delay product energy_J x latency_s"},
      {"cycles", "cycles", min, "sum over layers of max(compute, DRAM, GLB) cycles"},
      {"utilisation", "ratio", max, "MACs / (cycles x PEs)"},
      {"dram_bytes", "B", min, "DRAM traffic of the network"},
      {"energy_per_mac_pJ", "pJ/MAC", min, "energy_J / MACs"},
  };
}

std::string objective_text(const std::string& objective) {
  if (objective == "joint") return "latency_s, energy_J, area_mm2";
  if (objective == "edp") return "edp_Js";
  return objective == "latency" ? "latency_s" : objective == "energy" ? "energy_J" : "area_mm2";
}

}  // namespace

std::span<const std::string_view> accel_knob_names() noexcept { return knob_names; }

accel::accel_config accel_design(std::span<const std::int64_t> k, const accel::accel_config& base) {
  if (k.size() != accel_knob_sizes.size())
    throw invalid_action("accel_env: a design is 10 knob indices, got " + std::to_string(k.size()) + " (" +
                         knob_table_text() + ")");
  for (std::size_t i = 0; i < k.size(); ++i)
    if (k[i] < 0 || k[i] >= accel_knob_sizes[i])
      throw invalid_action("accel_env: knob " + std::to_string(i) + " (" + std::string(knob_names[i]) +
                           ") = " + std::to_string(k[i]) + " is outside [0, " +
                           std::to_string(accel_knob_sizes[i] - 1) + "]");
  const auto at = [&](std::size_t i) { return static_cast<std::size_t>(k[i]); };
  accel::accel_config c = base;
  c.pe_rows = pe_dims[at(0)];
  c.pe_cols = pe_dims[at(1)];
  c.rf.weights = rf_weight_choices[at(2)];
  c.rf.inputs = rf_input_choices[at(3)];
  c.rf.outputs = rf_output_choices[at(4)];
  c.glb_bytes = glb_kib_choices[at(5)] * 1024;
  c.glb_banks = bank_choices[at(6)];
  c.glb_bandwidth_words = glb_bw_choices[at(7)];
  c.dram_bandwidth_bytes = dram_bw_choices[at(8)];
  c.flow = flow_choices[at(9)];
  return c;
}

value accel_design_value(std::span<const std::int64_t> k) {
  const accel::accel_config c = accel_design(k);
  return value::dict{{"pe_rows", c.pe_rows},
                     {"pe_cols", c.pe_cols},
                     {"rf_weight_words", c.rf.weights},
                     {"rf_input_words", c.rf.inputs},
                     {"rf_output_words", c.rf.outputs},
                     {"glb_kib", c.glb_bytes / 1024},
                     {"glb_banks", c.glb_banks},
                     {"glb_bandwidth_words", c.glb_bandwidth_words},
                     {"dram_bandwidth_bytes", c.dram_bandwidth_bytes},
                     {"dataflow", std::string(accel::to_string(c.flow))}};
}

double accel_reward(const accel_env_options& o, const accel_outcome& x, const accel_outcome& base,
                    const accel_targets& t) {
  struct term {
    double x, t, base;
  };
  std::vector<term> terms;
  if (o.objective == "joint" || o.objective == "latency") terms.push_back({x.latency_s, t.latency_s, base.latency_s});
  if (o.objective == "joint" || o.objective == "energy") terms.push_back({x.energy_J, t.energy_J, base.energy_J});
  if (o.objective == "joint" || o.objective == "area") terms.push_back({x.area_mm2, t.area_mm2, base.area_mm2});
  if (o.objective == "edp") terms.push_back({x.edp(), t.edp_Js, base.edp()});
  if (o.reward == "weighted_sum") {
    const double w = o.weight_latency + o.weight_energy + o.weight_area;
    return -(o.weight_latency * x.latency_s / base.latency_s + o.weight_energy * x.energy_J / base.energy_J +
             o.weight_area * x.area_mm2 / base.area_mm2) /
           w;
  }
  if (o.reward == "maestro") {
    double r = 1.0;
    for (const auto& m : terms) r *= m.base / std::max(m.x, 1e-300);
    return std::min(r, 1e12);
  }
  double over = 0.0, bonus = 0.0;
  for (const auto& m : terms) {
    over += std::max(0.0, (m.x - m.t) / m.t);
    bonus += std::min(std::log(m.t / std::max(m.x, 1e-300)), std::log(1e6));
  }
  if (o.reward == "timeloop") return -(1e-3 + over);
  return over > 0.0 ? -over : o.lambda * bonus;  // budget
}

accelerator_env::accelerator_env(const accel_env_options& options)
    : o_(options),
      obs_space_(0.0, std::numeric_limits<double>::infinity(), {4}),
      act_space_(std::vector<std::int64_t>(accel_knob_sizes.begin(), accel_knob_sizes.end())) {
  check_options(o_);
  std::string source;
  network_ = load_network(o_, source);
  evaluator_ = std::make_shared<accel::evaluator>(mapper_of(o_.mapper));
  base_config_ = accel::eyeriss_like();
  if (o_.energy == "ddr4") base_config_.energy = accel::energy_table::ddr4();
  base_config_.clock_hz = o_.clock_hz;
  const accel::accel_config baseline_cfg = accel_design(accel_baseline_knobs, base_config_);
  const accel::network_result b = evaluator_->evaluate(*network_, baseline_cfg);
  if (!b.ok)
    throw data_error("accel_env", "workload \"" + o_.workload + "\" has no valid mapping on the baseline: " + b.reason);
  baseline_ = {b.latency_s, b.energy_j, b.area_mm2};
  targets_.latency_s = o_.target_latency_s > 0 ? o_.target_latency_s : latency_factor * baseline_.latency_s;
  targets_.energy_J = o_.target_energy_J > 0 ? o_.target_energy_J : energy_factor * baseline_.energy_J;
  targets_.area_mm2 = o_.target_area_mm2 > 0 ? o_.target_area_mm2 : area_factor * baseline_.area_mm2;
  targets_.edp_Js = targets_.latency_s * targets_.energy_J;

  spec_.id = accel_id;
  spec_.summary = "DNN-accelerator DSE (TimeloopGym/MaestroGym style): 10 hardware knobs, analytical "
                  "cost model with an inner mapper, workload \"" + network_->name + "\" (" +
                  std::to_string(network_->layers.size()) + " layers, " + std::to_string(network_->macs()) +
                  " MACs); obs [latency_s, energy_J, area_mm2, edp_Js]";
  spec_.kwarg_specs = accel_kwargs();
  spec_.kwargs = kwargs_of(o_);
  spec_.metrics = metric_specs();
  const std::string base_text = "baseline = Eyeriss-like " + std::string("[3,4,4,2,2,3,2,2,2,2]") +
                                " (latency " + fmt(baseline_.latency_s) + " s, energy " + fmt(baseline_.energy_J) +
                                " J, area " + fmt(baseline_.area_mm2) + " mm2)";
  const std::string targets_text = "targets: latency " + fmt(targets_.latency_s) + " s, energy " +
                                   fmt(targets_.energy_J) + " J, area " + fmt(targets_.area_mm2) + " mm2, edp " +
                                   fmt(targets_.edp_Js) + " J*s";
  const std::string inv = "; no valid mapping: " + fmt(invalid_reward());
  if (o_.reward == "budget")
    spec_.reward = "budget: -sum max(0, (x - t)/t) over " + objective_text(o_.objective) + "; once every target is met " +
                   fmt(o_.lambda) + " * sum ln(t/x); " + targets_text + "; " + base_text + inv;
  else if (o_.reward == "timeloop")
    spec_.reward = "timeloop (TimeloopGym, negated): -(1e-3 + sum max((x - t)/t, 0)) over " +
                   objective_text(o_.objective) + "; " + targets_text + "; " + base_text + inv;
  else if (o_.reward == "maestro")
    spec_.reward = "maestro (MaestroGym reciprocal, normalised): product of x_base/x over " +
                   objective_text(o_.objective) + " (the baseline scores 1); " + base_text + inv;
  else
    spec_.reward = "weighted_sum: -(" + fmt(o_.weight_latency) + " latency/L_base + " + fmt(o_.weight_energy) +
                   " energy/E_base + " + fmt(o_.weight_area) + " area/A_base) / " +
                   fmt(o_.weight_latency + o_.weight_energy + o_.weight_area) + " (the baseline scores -1); " +
                   base_text + inv;
  spec_.cost_unit = "evaluations";
  spec_.shape = episode_shape::one_shot;
  spec_.max_episode_steps = 1;
  if (source.rfind("built-in", 0) != 0) spec_.data = {source};
}

double accelerator_env::invalid_reward() const noexcept {
  if (o_.invalid_reward) return *o_.invalid_reward;
  return o_.reward == "maestro" ? -1.0 : -1500.0;
}

reset_result<accelerator_env::observation_type> accelerator_env::reset(std::optional<std::uint64_t>) {
  xt::xarray<double> z = xt::xarray<double>::from_shape({4});
  z.fill(0.0);
  // Knob names and the labels of their values, for tools that take readable designs (`dsegym eval`).
  value::list names, choices;
  for (std::size_t k = 0; k < knob_names.size(); ++k) {
    names.emplace_back(std::string(knob_names[k]));
    value::list labels;
    for (std::int64_t i = 0; i < accel_knob_sizes[k]; ++i) {
      std::array<std::int64_t, 10> x = accel_baseline_knobs;
      x[k] = i;
      const value d = accel_design_value(x);
      const value& v = d.as_dict()[k].second;
      labels.emplace_back(v.is_string() ? v.as_string() : v.is_int() ? std::to_string(v.as_int()) : fmt(v.as_real()));
    }
    choices.emplace_back(std::move(labels));
  }
  step_info info;
  info.extra = value::dict{{"knob_names", value(std::move(names))}, {"knob_choices", value(std::move(choices))}};
  return {std::move(z), std::move(info)};
}

step_result<accelerator_env::observation_type> accelerator_env::step(const action_type& knobs) {
  if (!act_space_.contains(knobs)) {
    (void)accel_design(knobs);  // throws invalid_action naming the bad knob
    throw invalid_action("accel_env: action outside the space (" + knob_table_text() + ")");
  }
  const accel::accel_config cfg = accel_design(knobs, base_config_);
  const accel::network_result r = evaluator_->evaluate(*network_, cfg);
  step_result<observation_type> out;
  out.terminated = true;
  out.info.cost = 1.0;
  value::dict extra{{"valid", r.ok}, {"reason", r.reason}, {"design", accel_design_value(knobs)}};
  if (!r.ok) {
    xt::xarray<double> z = xt::xarray<double>::from_shape({4});
    z.fill(0.0);
    out.observation = std::move(z);
    out.reward = invalid_reward();
  } else {
    const accel_outcome x{r.latency_s, r.energy_j, r.area_mm2};
    out.observation = xt::xarray<double>{x.latency_s, x.energy_J, x.area_mm2, x.edp()};
    out.reward = accel_reward(o_, x, baseline_, targets_);
    const double pes = static_cast<double>(cfg.pes());
    const double macs = static_cast<double>(r.macs);
    const std::array<double, 8> v{x.latency_s, x.energy_J, x.area_mm2, x.edp(), r.cycles,
                                  r.cycles > 0 ? macs / (r.cycles * pes) : 0.0, r.dram_bytes,
                                  macs > 0 ? r.energy_j * 1e12 / macs : 0.0};
    static const std::vector<metric_spec> specs = metric_specs();
    for (std::size_t i = 0; i < specs.size(); ++i)
      out.info.metrics.push_back({specs[i].name, v[i], specs[i].unit, specs[i].dir});
    std::int64_t compute = 0, dram = 0, glb = 0;
    for (const auto& l : r.per_layer) {
      if (l.limit == accel::bound::compute) ++compute;
      else if (l.limit == accel::bound::dram) ++dram;
      else ++glb;
    }
    extra.emplace_back("macs", static_cast<std::int64_t>(r.macs));
    extra.emplace_back("layers_bound_by", value::dict{{"compute", compute}, {"dram", dram}, {"glb", glb}});
  }
  out.info.extra = value(std::move(extra));
  return out;
}

void register_accel_envs(registry& r) {
  // ~1 ms per evaluation with the fast mapper (AlexNet); the agents' overhead dominates: 200
  // evaluations keep 8 agents x 5 seeds on 2 cores well under a minute.
  r.add({accel_id,
         "DNN-accelerator DSE (TimeloopGym/MaestroGym): 10 hardware knobs (PE array, RFs, GLB, "
         "bandwidths, dataflow), analytical cost model, built-in networks (layer tables optional)",
         accel_kwargs(),
         [](const kwargs_reader& k) { return any_env(accelerator_env(options_from(k))); },
         false,
         value::dict{{"kind", "evaluations"}, {"amount", 200}}});
}

}  // namespace dsegym::envs::hw

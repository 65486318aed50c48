#include "dsegym/envs/nas/nb201.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>

#include "dsegym/envs/data_dir.hpp"
#include "dsegym/registry/registry.hpp"
#include "dsegym/sim/nb201/dataset.hpp"
#include "dsegym/sim/nb201/tables.hpp"

#ifdef DSEGYM_NAS_HAVE_NN
#include "nb201_trainer.hpp"
#endif
#ifdef DSEGYM_NAS_HAVE_ACCEL
#include "dsegym/envs/accel_presets.hpp"
#include "dsegym/sim/accel/evaluator.hpp"
#include "dsegym/sim/accel/nb201_network.hpp"
#endif

namespace dsegym::envs::nas {

namespace nb = sim::nb201;

#ifdef DSEGYM_NAS_HAVE_ACCEL
struct nb201_hardware {
  std::string name;
  sim::accel::accel_config config;
  sim::accel::nb201_network_options network;
};
#else
struct nb201_hardware {};
#endif

namespace {

constexpr const char* env_id_text = "nas/NB201-v0";

std::vector<kwarg_spec> nb201_kwargs() {
  return {
      {"dataset", "auto",
       "search task: auto (cifar10 on the tabular backend, fashion-mnist on the train backend); "
       "tabular: cifar10 (search on cifar10-valid x-valid, report cifar10 test), cifar100 or "
       "ImageNet16-120 (search on x-valid, report x-test); train: fashion-mnist",
       {value("auto"), value("cifar10"), value("cifar100"), value("ImageNet16-120"),
        value("fashion-mnist")}},
      {"backend", "auto",
       "accuracy source: tabular (the benchmark's tables: the CSVs under data_dir/nb201 when given, "
       "else the table built into dsegym), train (the built-in trainer on Fashion-MNIST, "
       "nas-bench-201.md §12; only when asked for) or auto (= tabular)",
       {value("auto"), value("tabular"), value("train")}},
      {"mode", "one_shot",
       "one_shot: one action = all 6 edge ops; sequential: 6 steps, one edge op each",
       {value("one_shot"), value("sequential")}},
      {"latency", "all",
       "hardware latency metrics from hw_metrics.csv (tabular backend): all, none, or one column "
       "name",
       {}},
      {"data_dir", "",
       "data root holding nb201/*.csv; \"\" = $DSEGYM_DATA_DIR when it holds nb201/, else the built-in "
       "table; \"builtin\" = always the built-in table (8 of the 27 latency columns)",
       {}},
      {"hardware", "none",
       "hardware-aware NAS: none, or an accelerator (eyeriss, eyeriss_ddr4, edge, cloud) on which "
       "the accelerator model costs each cell's network, adding metrics latency_s and energy_J",
       {value("none"), value("eyeriss"), value("eyeriss_ddr4"), value("edge"), value("cloud")}},
      {"latency_limit_s", 0.0,
       "constrained reward (needs hardware): cells over this latency score -(latency/limit - 1) "
       "instead of valid_acc/100 (0 = no limit)",
       {}},
      {"energy_limit_J", 0.0,
       "constrained reward (needs hardware): cells over this energy score -(energy/limit - 1) "
       "(summed with the latency term; 0 = no limit)",
       {}},
      {"train_preset", "full",
       "train backend: full (C = 8, N = 1, 10,000 train / 5,000 valid / 10,000 test images) or ci "
       "(C = 4, 1,000 / 500 / 1,000)",
       {value("full"), value("ci")}},
      {"train_epochs", std::int64_t{0},
       "train backend: epochs of the search-visible run (0 = preset default: full 2, ci 1)", {}},
      {"report_epochs", std::int64_t{0},
       "train backend: epochs of the reported test run (0 = preset default: full 12, ci 1)", {}},
      {"train_seed", std::int64_t{0}, "train backend: seed of every training run", {}},
      {"cache_dir", "",
       "train backend: result cache directory (\"\" = $DSEGYM_CACHE_DIR, else ~/.cache/dsegym/nn; "
       "\"none\" = no cache)",
       {}},
      {"fmnist_dir", "",
       "train backend: directory of the Fashion-MNIST IDX files (\"\" = "
       "/usr/share/datasets/fashion-mnist)",
       {}},
      {"train_gflops", 10.0,
       "train backend: nominal throughput (GFLOP/s) of the simulated clock charged as cost", {}},
  };
}

std::shared_ptr<const nb201_hardware> make_hardware(const nb201_options& o, const std::string& dataset,
                                                    [[maybe_unused]] const nb201_trainer* trainer) {
  if (o.hardware == "none") return nullptr;
#ifdef DSEGYM_NAS_HAVE_ACCEL
  auto hw = std::make_shared<nb201_hardware>();
  hw->name = o.hardware;
  hw->config = accel_preset(o.hardware);  // throws naming the presets
  if (dataset == "cifar100") hw->network.classes = 100;
  if (dataset == "ImageNet16-120") {
    hw->network.classes = 120;
    hw->network.height = 16;
    hw->network.width = 16;
  }
#ifdef DSEGYM_NAS_HAVE_NN
  if (trainer) {  // the downsized network that is actually trained
    hw->network.channels = static_cast<std::uint32_t>(trainer->channels());
    hw->network.cells_per_stage = static_cast<std::uint32_t>(trainer->cells());
    hw->network.input_channels = 1;
    hw->network.height = hw->network.width = static_cast<std::uint32_t>(trainer->side());
    hw->network.classes = sim::nn::k_fashion_mnist_classes;
  }
#endif
  return hw;
#else
  (void)dataset;
  throw invalid_argument("nb201", "kwarg \"hardware\" = \"" + o.hardware +
                                      "\" needs the accelerator model, which is not built (add accel "
                                      "to DSEGYM_SIMULATORS)");
#endif
}

constexpr const char* builtin_name = "builtin";

/// The tables to use: the CSVs of the kwarg data_dir (required to be there), else those of
/// $DSEGYM_DATA_DIR when it holds nb201/, else the table built into the library.
std::shared_ptr<const nb::tables> resolve_tables(const nb201_options& o) {
  if (o.data_dir == builtin_name) return nb::builtin_tables();
  if (!o.data_dir.empty())
    return nb::load_tables_shared(data_folder(o.data_dir, "nb201", "nas/NB201-v0 (NAS-Bench-201 tables)"));
  if (const char* env = std::getenv("DSEGYM_DATA_DIR"); env != nullptr && *env != '\0') {
    const std::filesystem::path dir = std::filesystem::path(env) / "nb201";
    std::error_code ec;
    if (std::filesystem::is_directory(dir, ec)) return nb::load_tables_shared(dir);
  }
  return nb::builtin_tables();
}

std::shared_ptr<const nb::benchmark_protocol> make_protocol(const nb201_options& o,
                                                            const std::string& dataset) {
  const nb::dataset d = nb::parse_dataset(dataset);
  if (d == nb::dataset::cifar10_valid)
    throw invalid_argument("nb201", "dataset \"cifar10-valid\" is the search split of the task "
                                    "\"cifar10\"; use dataset=cifar10");
  return std::make_shared<const nb::benchmark_protocol>(resolve_tables(o), d);
}

constexpr const char* fmnist_name = "fashion-mnist";

}  // namespace

nb201_evaluator::nb201_evaluator(const nb201_options& o, episode_shape shape) {
  // Resolve backend and dataset: an explicit dataset picks its backend; "auto" is tabular.
  const bool fmnist = o.dataset == fmnist_name;
  if (o.backend != "auto" && o.backend != "tabular" && o.backend != "train")
    throw invalid_argument("nb201", "kwarg \"backend\" = \"" + o.backend +
                                        "\" is not one of auto, tabular, train");
  if (o.backend == "tabular" && fmnist)
    throw invalid_argument("nb201", "dataset fashion-mnist is trained by backend=train; the tabular "
                                    "backend has cifar10, cifar100 and ImageNet16-120");
  if (o.backend == "train" && o.dataset != "auto" && !fmnist)
    throw invalid_argument("nb201", "backend=train trains on Fashion-MNIST; dataset \"" + o.dataset +
                                        "\" exists only on the tabular backend (use dataset=auto or "
                                        "fashion-mnist)");
  // The tabular backend always has data (the built-in table), so auto never trains.
  backend_ = o.backend == "train" || fmnist ? "train" : "tabular";
  dataset_ = backend_ == "train" ? fmnist_name : (o.dataset == "auto" ? "cifar10" : o.dataset);

  for (const auto& [name, limit] : {std::pair<const char*, double>{"latency_limit_s", o.latency_limit_s},
                                    {"energy_limit_J", o.energy_limit_J}}) {
    if (!(limit >= 0.0) || !std::isfinite(limit))
      throw invalid_argument("nb201", std::string("kwarg \"") + name + "\" = " + std::to_string(limit) +
                                          " must be a finite number >= 0 (0 = no limit)");
    if (limit > 0.0 && o.hardware == "none")
      throw invalid_argument("nb201", std::string("kwarg \"") + name +
                                          "\" needs a hardware model: set hardware to eyeriss, "
                                          "eyeriss_ddr4, edge or cloud");
  }
  if (backend_ == "tabular") {
    protocol_ = make_protocol(o, dataset_);
    describe_tabular(o);
  } else {
#ifdef DSEGYM_NAS_HAVE_NN
    trainer_ = std::make_shared<nb201_trainer>(o);
    describe_train(o);
#else
    throw invalid_argument("nb201", "the train backend needs the nn simulator, which is not built (add nn "
                                    "to DSEGYM_SIMULATORS)");
#endif
  }
  hardware_ = make_hardware(o, dataset_, trainer_.get());
  latency_limit_s_ = o.latency_limit_s;
  energy_limit_J_ = o.energy_limit_J;
  if (hardware_) {
    spec_.metrics.push_back({"latency_s", "s", direction::minimize,
                             "batch-1 inference latency of the cell network on accelerator " + o.hardware +
                                 " (dsegym accelerator model)"});
    spec_.metrics.push_back({"energy_J", "J", direction::minimize,
                             "batch-1 inference energy of the cell network on accelerator " + o.hardware});
  }
  spec_.id = env_id_text;
  spec_.shape = shape;
  spec_.max_episode_steps = shape == episode_shape::one_shot ? 1 : static_cast<int>(nb::edge_count);
  spec_.kwarg_specs = nb201_kwargs();
  spec_.kwargs = value::dict{{"dataset", dataset_},
                             {"backend", backend_},
                             {"mode", std::string(to_string(shape))},
                             {"latency", o.latency},
                             {"data_dir", o.data_dir},
                             {"hardware", o.hardware},
                             {"latency_limit_s", o.latency_limit_s},
                             {"energy_limit_J", o.energy_limit_J},
                             {"train_preset", o.train_preset},
                             {"train_epochs", std::int64_t{o.train_epochs}},
                             {"report_epochs", std::int64_t{o.report_epochs}},
                             {"train_seed", o.train_seed},
                             {"cache_dir", o.cache_dir},
                             {"fmnist_dir", o.fmnist_dir},
                             {"train_gflops", o.train_gflops}};
  spec_.reward = "valid_acc / 100 on the step that completes a cell, else 0";
  if (latency_limit_s_ > 0.0 || energy_limit_J_ > 0.0)
    spec_.reward = "constrained (hardware " + o.hardware + "): on the step that completes a cell, valid_acc / 100 "
                   "if latency_s <= " + std::to_string(latency_limit_s_) + " s and energy_J <= " +
                   std::to_string(energy_limit_J_) + " J (0 = no limit), else -sum over exceeded limits of "
                   "(x / limit - 1); else 0";
  spec_.cost_unit = "simulated training seconds";
}

void nb201_evaluator::describe_tabular(const nb201_options& o) {
  const auto& hw = protocol_->data().hw_metrics;
  if (o.latency == "all") {
    if (hw)
      for (std::size_t c = 0; c < nb::latency_column_count; ++c)
        if (hw->has(c)) latency_columns_.push_back(c);
  } else if (o.latency != "none") {
    const auto c = nb::latency_column_index(o.latency);
    if (!c) {
      std::string valid = "all, none";
      for (auto name : nb::latency_columns) valid += ", " + std::string(name);
      throw invalid_argument("nb201", "unknown latency column \"" + o.latency + "\"; valid: " + valid);
    }
    if (!hw)
      throw data_error("nb201", "latency \"" + o.latency + "\" needs " +
                                    std::string(nb::hw_metrics_file) + " in " +
                                    protocol_->data().directory.string());
    if (!hw->has(*c)) {
      std::string valid = "all, none";
      for (std::size_t k = 0; k < nb::latency_column_count; ++k)
        if (hw->has(k)) valid += ", " + std::string(nb::latency_columns[k]);
      throw data_error("nb201", "latency \"" + o.latency + "\" is not in the built-in NAS-Bench-201 table "
                                "(set DSEGYM_DATA_DIR or data_dir to a data root holding nb201/hw_metrics.csv); "
                                "built-in columns: " + valid);
    }
    latency_columns_.push_back(*c);
  }
  spec_.summary =
      "NAS-Bench-201 cell search (15,625 cells) on tabular benchmark data, benchmark protocol: "
      "search on 12-epoch validation accuracy, report 200-epoch test accuracy";
  spec_.metrics = {
      {"valid_acc", "%", direction::maximize, "12-epoch validation accuracy (seed mean)"},
      {"flops_M", "MFLOPs", direction::minimize, "multiply-accumulates of one forward pass"},
      {"params_M", "M", direction::minimize, "trainable parameters"},
  };
  for (auto c : latency_columns_)
    spec_.metrics.push_back({std::string(nb::latency_columns[c]), "ms", direction::minimize,
                             "latency from hw_metrics.csv (HW-NAS-Bench / HELP)"});
  spec_.reported_metrics = {
      {"test_acc", "%", direction::maximize,
       "200-epoch test accuracy (cifar10: official test set; others: x-test), never seen by the "
       "search"}};
  if (protocol_->data().built_in)
    spec_.data = {"built-in NAS-Bench-201 table (simulators/nb201/data/nb201_table.bin, generated from the "
                  "benchmark's CSVs; NAS-Bench-201 data, MIT licence)"};
  else
    spec_.data = {(protocol_->data().directory / "{cifar10-valid,cifar10,cifar100,ImageNet16-120}.csv").string(),
                  (protocol_->data().directory / "hw_metrics.csv (optional)").string()};
}

void nb201_evaluator::describe_train([[maybe_unused]] const nb201_options& o) {
#ifdef DSEGYM_NAS_HAVE_NN
  if (o.latency != "all" && o.latency != "none")
    throw invalid_argument("nb201", "latency \"" + o.latency + "\" is a column of the tabular "
                                    "benchmark's hw_metrics.csv; the train backend has none (use "
                                    "latency=none, or hardware=<accelerator> for a modelled latency)");
  const auto& t = *trainer_;
  const std::string net = "C = " + std::to_string(t.channels()) + ", N = " + std::to_string(t.cells()) +
                          ", " + std::to_string(t.side()) + "x" + std::to_string(t.side()) + " inputs";
  spec_.summary = "NAS-Bench-201 cell search (15,625 cells) trained by the built-in trainer on "
                  "Fashion-MNIST (" + net + "): search on " + std::to_string(t.search_epochs()) +
                  "-epoch validation accuracy, report " + std::to_string(t.report_epochs()) +
                  "-epoch test accuracy";
  spec_.metrics = {
      {"valid_acc", "%", direction::maximize,
       "validation accuracy after " + std::to_string(t.search_epochs()) + " epochs (" +
           std::to_string(t.sizes().train) + " train / " + std::to_string(t.sizes().valid) +
           " validation images, seed train_seed)"},
      {"flops_M", "MFLOPs", direction::minimize,
       "multiply-accumulates of one forward pass of the trained network (" + net + ")"},
      {"params_M", "M", direction::minimize, "trainable parameters of the trained network"},
  };
  spec_.reported_metrics = {
      {"test_acc", "%", direction::maximize,
       "test accuracy after " + std::to_string(t.report_epochs()) + " epochs on train + valid (" +
           std::to_string(t.sizes().test) + " Fashion-MNIST t10k images), never seen by the search"}};
  spec_.data = {(o.fmnist_dir.empty() ? std::string(sim::nn::k_fashion_mnist_dir) : o.fmnist_dir) +
                    "/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz (package " +
                    sim::nn::k_fashion_mnist_package + ")",
                t.cache_dir().empty() ? std::string("result cache: off")
                                      : "result cache: " + t.cache_dir()};
#endif
}

step_info nb201_evaluator::tabular_metrics(std::size_t index) const {
  const nb::search_result s = protocol_->query(index);
  const nb::arch_costs c = protocol_->costs(index);
  step_info info;
  info.metrics.reserve(3 + latency_columns_.size());
  info.metrics.push_back({"valid_acc", s.valid_acc, "%", direction::maximize});
  info.metrics.push_back({"flops_M", c.flops_m, "MFLOPs", direction::minimize});
  info.metrics.push_back({"params_M", c.params_m, "M", direction::minimize});
  for (auto col : latency_columns_)
    info.metrics.push_back({std::string(nb::latency_columns[col]), (*c.latency_ms)[col], "ms",
                            direction::minimize});
  info.cost = s.time_cost_s;
  info.extra = value::dict{{"arch_index", static_cast<std::int64_t>(index)}};
  return info;
}

#ifdef DSEGYM_NAS_HAVE_NN
namespace {
sim::nn::nb201_ops to_nn_ops(const nb::arch& a) {
  sim::nn::nb201_ops ops{};
  for (std::size_t e = 0; e < nb::edge_count; ++e) ops[e] = a.ops[e];
  return ops;
}
}  // namespace
#endif

step_info nb201_evaluator::trained_metrics([[maybe_unused]] const nb::arch& a) {
  step_info info;
#ifdef DSEGYM_NAS_HAVE_NN
  const sim::nn::train_result r = trainer_->validate(to_nn_ops(a));
  info.metrics.push_back({"valid_acc", 100.0 * r.accuracy, "%", direction::maximize});
  info.metrics.push_back({"flops_M", static_cast<double>(r.macs) * 1e-6, "MFLOPs", direction::minimize});
  info.metrics.push_back({"params_M", static_cast<double>(r.params) * 1e-6, "M", direction::minimize});
  info.cost = trainer_->simulated_seconds(r);
  value::list curve;
  for (double acc : r.epoch_accuracy) curve.emplace_back(100.0 * acc);
  info.extra = value::dict{{"arch_index", static_cast<std::int64_t>(nb::arch_index(a))},
                           {"epoch_valid_acc", std::move(curve)},
                           {"measured_s", r.seconds}};
#endif
  return info;
}

step_info nb201_evaluator::untrained_metrics([[maybe_unused]] const nb::arch& a) const {
  step_info info;
#ifdef DSEGYM_NAS_HAVE_NN
  const sim::nn::network_stats st = trainer_->stats(to_nn_ops(a));
  info.metrics.push_back({"valid_acc", 0.0, "%", direction::maximize});
  info.metrics.push_back({"flops_M", static_cast<double>(st.macs) * 1e-6, "MFLOPs", direction::minimize});
  info.metrics.push_back({"params_M", static_cast<double>(st.params) * 1e-6, "M", direction::minimize});
  info.cost = trainer_->rejection_seconds();
  info.extra = value::dict{{"arch_index", static_cast<std::int64_t>(nb::arch_index(a))}, {"trained", false}};
#endif
  return info;
}

std::pair<double, step_info> nb201_evaluator::evaluate(const nb::arch& a) {
  // Hardware first: with the train backend a cell over a limit is not trained (its reward does not
  // depend on its accuracy), as nas/ArchRecipe-v1 rejects designs before training.
  std::vector<metric> hw_metrics;
  double excess = 0.0;
  const bool limited = latency_limit_s_ > 0.0 || energy_limit_J_ > 0.0;
#ifdef DSEGYM_NAS_HAVE_ACCEL
  if (hardware_) {
    std::array<std::uint8_t, 6> ops{};
    for (std::size_t e = 0; e < nb::edge_count; ++e) ops[e] = a.ops[e];
    const auto net = sim::accel::nb201_network(ops, hardware_->network);
    const auto r = shared_accel_evaluator().evaluate(net, hardware_->config);
    if (!r.ok) throw error("nb201", "cell network has no mapping on " + hardware_->name + ": " + r.reason);
    hw_metrics.push_back({"latency_s", r.latency_s, "s", direction::minimize});
    hw_metrics.push_back({"energy_J", r.energy_j, "J", direction::minimize});
    if (latency_limit_s_ > 0.0 && r.latency_s > latency_limit_s_) excess += r.latency_s / latency_limit_s_ - 1.0;
    if (energy_limit_J_ > 0.0 && r.energy_j > energy_limit_J_) excess += r.energy_j / energy_limit_J_ - 1.0;
  }
#endif
  step_info info = protocol_         ? tabular_metrics(nb::arch_index(a))
                   : excess > 0.0    ? untrained_metrics(a)
                                     : trained_metrics(a);
  last_ = a;
  for (auto& m : hw_metrics) info.metrics.push_back(std::move(m));
  double reward = info.metrics[0].value / 100.0;
  if (limited) {
    info.extra.set("within_limits", excess == 0.0);
    if (excess > 0.0) reward = -excess;
  }
  return {reward, std::move(info)};
}

std::vector<metric> nb201_evaluator::report() const {
  if (!last_)
    throw failed_precondition("nb201", "report() needs an evaluated cell; step an episode first");
  if (protocol_) {
    const nb::final_report r = protocol_->report(nb::arch_index(*last_));
    return {{"test_acc", r.test_acc, "%", direction::maximize}};
  }
#ifdef DSEGYM_NAS_HAVE_NN
  const sim::nn::train_result r = trainer_->test(to_nn_ops(*last_));
  return {{"test_acc", 100.0 * r.accuracy, "%", direction::maximize}};
#else
  return {};
#endif
}

// ----- one-shot -------------------------------------------------------------------------------

nb201_one_shot::nb201_one_shot(const nb201_options& options)
    : eval_(options, episode_shape::one_shot),
      obs_space_([] {
        xt::xarray<double> lo = {0.0, 0.0, 0.0};
        xt::xarray<double> hi = {1.0, 1e4, 1e3};
        return box(lo, hi);
      }()),
      act_space_(std::vector<std::int64_t>(nb::edge_count, nb::op_count)) {}

reset_result<nb201_one_shot::observation_type> nb201_one_shot::reset(std::optional<std::uint64_t>) {
  xt::xarray<double> zeros = xt::xarray<double>::from_shape({3});
  zeros.fill(0.0);  // from_shape leaves the memory uninitialised
  return {std::move(zeros), {}};
}

step_result<nb201_one_shot::observation_type> nb201_one_shot::step(const action_type& ops) {
  if (!act_space_.contains(ops))
    throw invalid_action("nb201: a cell is 6 op codes in 0..4 (edge order 0->1, 0->2, 1->2, 0->3, "
                         "1->3, 2->3)");
  nb::arch a;
  for (std::size_t e = 0; e < nb::edge_count; ++e) a.ops[e] = static_cast<std::uint8_t>(ops[e]);
  auto [reward, info] = eval_.evaluate(a);
  // valid_acc / 100, not the reward (which a constrained reward can make negative).
  xt::xarray<double> obs = {info.metrics[0].value / 100.0, info.metrics[1].value, info.metrics[2].value};
  return {std::move(obs), reward, true, false, std::move(info)};
}

// ----- sequential -----------------------------------------------------------------------------

nb201_sequential::nb201_sequential(const nb201_options& options)
    : eval_(options, episode_shape::sequential),
      obs_space_(std::vector<std::int64_t>(nb::edge_count, unset + 1)),
      act_space_(nb::op_count),
      partial_(nb::edge_count, unset) {}

reset_result<nb201_sequential::observation_type> nb201_sequential::reset(std::optional<std::uint64_t>) {
  partial_.assign(nb::edge_count, unset);
  next_edge_ = 0;
  return {partial_, {}};
}

step_result<nb201_sequential::observation_type> nb201_sequential::step(action_type op) {
  if (!act_space_.contains(op))
    throw invalid_action("nb201: op code " + std::to_string(op) + " is outside 0..4");
  if (next_edge_ >= nb::edge_count)
    throw reset_needed("nb201: the cell is complete; call reset()");
  partial_[next_edge_++] = op;
  if (next_edge_ < nb::edge_count) return {partial_, 0.0, false, false, {}};
  nb::arch a;
  for (std::size_t e = 0; e < nb::edge_count; ++e) a.ops[e] = static_cast<std::uint8_t>(partial_[e]);
  auto [reward, info] = eval_.evaluate(a);
  return {partial_, reward, true, false, std::move(info)};
}

// ----- registration ---------------------------------------------------------------------------

void register_nas_envs(registry& r) {
  r.add({env_id_text,
         "NAS-Bench-201 cell search on the benchmark's tables (built in; DSEGYM_DATA_DIR/nb201 "
         "when present), or with backend=train the built-in trainer on Fashion-MNIST",
         nb201_kwargs(),
         [](const kwargs_reader& k) {
           nb201_options o;
           o.dataset = k.get_string("dataset");
           o.backend = k.get_string("backend");
           o.train_preset = k.get_string("train_preset");
           o.train_epochs = k.get_int32("train_epochs");
           o.report_epochs = k.get_int32("report_epochs");
           o.train_seed = k.get_int("train_seed");
           o.cache_dir = k.get_string("cache_dir");
           o.fmnist_dir = k.get_string("fmnist_dir");
           o.train_gflops = k.get_real("train_gflops");
           o.latency = k.get_string("latency");
           o.data_dir = k.get_string("data_dir");
           o.hardware = k.get_string("hardware");
           o.latency_limit_s = k.get_real("latency_limit_s");
           o.energy_limit_J = k.get_real("energy_limit_J");
           if (k.get_string("mode") == "sequential") return any_env(nb201_sequential(o));
           return any_env(nb201_one_shot(o));
         },
         false,
         // NATS-Bench's default search budget in simulated training seconds
         value::dict{{"kind", "cost"}, {"amount", 20000.0}}});
}

}  // namespace dsegym::envs::nas

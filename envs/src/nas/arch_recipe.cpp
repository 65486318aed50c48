#include "dsegym/envs/nas/arch_recipe.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <sstream>
#include <utility>

#include "dsegym/registry/registry.hpp"
#include "dsegym/sim/nn/cache.hpp"
#include "dsegym/sim/nn/device_cost.hpp"
#include "dsegym/sim/nn/trainer.hpp"
#include "dsegym/spaces/discrete.hpp"

#ifdef DSEGYM_ARCHRECIPE_HAVE_ACCEL
#include "dsegym/envs/accel_presets.hpp"
#include "dsegym/sim/accel/evaluator.hpp"
#include "dsegym/sim/accel/network.hpp"
#endif

namespace dsegym::envs::nas {

namespace nn = sim::nn;

namespace {

constexpr const char* env_id_text = "nas/ArchRecipe-v1";

// ----- the design space (arch-recipe.md §5.1, §5.2) --------------------------------------------

constexpr std::array<const char*, 2> families = {"mlp", "cnn"};
constexpr std::array<int, 2> resolutions = {28, 14};
constexpr std::array<int, 5> mlp_widths = {32, 64, 128, 256, 512};
constexpr std::array<int, 4> cnn_base_widths = {8, 16, 24, 32};
constexpr std::array<int, 2> cnn_kernels = {3, 5};
constexpr std::array<nn::activation_kind, 4> activations = {
    nn::activation_kind::relu, nn::activation_kind::gelu_tanh, nn::activation_kind::hswish,
    nn::activation_kind::tanh};
constexpr std::array<const char*, 4> activation_names = {"relu", "gelu", "hswish", "tanh"};
constexpr std::array<nn::norm_kind, 3> norms = {nn::norm_kind::none, nn::norm_kind::batch,
                                                nn::norm_kind::layer};
constexpr std::array<double, 5> dropouts = {0.0, 0.1, 0.2, 0.3, 0.5};
constexpr std::array<nn::optimizer_kind, 5> optimizers = {
    nn::optimizer_kind::sgd, nn::optimizer_kind::sgd_nesterov, nn::optimizer_kind::adam,
    nn::optimizer_kind::adamw, nn::optimizer_kind::rmsprop};
constexpr int learning_rate_count = 9;  // 1e-4 ... 1 in half decades
constexpr std::array<nn::schedule_kind, 5> schedules = {
    nn::schedule_kind::constant, nn::schedule_kind::step, nn::schedule_kind::cosine,
    nn::schedule_kind::warmup_cosine, nn::schedule_kind::linear};
constexpr std::array<double, 5> weight_decays = {0.0, 1e-5, 1e-4, 5e-4, 1e-3};
constexpr std::array<int, 4> batch_sizes = {32, 64, 128, 256};
constexpr std::array<double, 4> label_smoothings = {0.0, 0.05, 0.1, 0.2};
constexpr std::array<double, 4> mixups = {0.0, 0.1, 0.2, 0.4};
constexpr std::array<double, 3> emas = {0.0, 0.99, 0.999};
constexpr std::array<const char*, 4> augment_names = {"none", "flip", "crop_flip", "crop_flip_erase"};
constexpr std::array<int, 5> epoch_choices = {1, 2, 5, 10, 20};
constexpr std::array<double, 5> fraction_choices = {0.05, 0.1, 0.25, 0.5, 1.0};

double learning_rate_at(std::int64_t i) { return std::pow(10.0, -4.0 + 0.5 * static_cast<double>(i)); }

nn::augment_config augment_at(std::int64_t i) {
  switch (i) {
    case 1: return {.crop_pad = 0, .hflip = true, .random_erasing = false};
    case 2: return {.crop_pad = 2, .hflip = true, .random_erasing = false};
    case 3: return {.crop_pad = 2, .hflip = true, .random_erasing = true};
    default: return {};
  }
}

template <class T>
std::string str(T v) {
  std::ostringstream o;
  o << v;
  return o.str();
}

template <class T, std::size_t N>
std::string join(const std::array<T, N>& values) {
  std::string s;
  for (const auto& v : values) s += (s.empty() ? "" : ", ") + str(v);
  return s;
}

std::vector<value> gpu_choices() {
  std::vector<value> c{value("none")};
  for (const auto& d : nn::gpu_devices()) c.emplace_back(d.name);
  return c;
}

std::vector<kwarg_spec> arch_recipe_kwargs() {
  return {
      {"split", "full",
       "data: full (search-train 50,000 / valid 10,000 / test 10,000 t10k images) or ci "
       "(1,000 / 500 / 1,000)",
       {value("full"), value("ci")}},
      {"epochs", std::int64_t{1},
       "fidelity: training epochs, one of 1, 2, 5, 10, 20; 0 = an action key chosen by the agent", {}},
      {"data_fraction", 0.1,
       "fidelity: fraction of search-train used (stratified, nested), one of 0.05, 0.1, 0.25, 0.5, "
       "1; 0 = an action key chosen by the agent",
       {}},
      {"report_epochs", std::int64_t{0},
       "epochs of the reported retraining on the whole train file (0 = the design's own epochs)", {}},
      {"train_seed", std::int64_t{0}, "seed of every training run (init, batches, augmentation)", {}},
      {"cache_dir", "",
       "result cache directory (\"\" = $DSEGYM_CACHE_DIR, else ~/.cache/dsegym/nn; \"none\" = no "
       "cache)",
       {}},
      {"fmnist_dir", "",
       "directory of the Fashion-MNIST IDX files (\"\" = /usr/share/datasets/fashion-mnist)", {}},
      {"train_gflops", 10.0, "nominal throughput (GFLOP/s) of the simulated clock charged as cost", {}},
      {"hardware", "none",
       "accelerator (eyeriss, eyeriss_ddr4, edge, cloud) on which the accelerator model costs each "
       "design's batch-1 inference (metrics latency_s, energy_J), or none",
       {value("none"), value("eyeriss"), value("eyeriss_ddr4"), value("edge"), value("cloud")}},
      {"max_mflops", 0.0, "constraint: forward MFLOPs (MACs / 1e6) per image (0 = none)", {}},
      {"max_params_M", 0.0, "constraint: parameters in millions (0 = none)", {}},
      {"max_latency_s", 0.0, "constraint: batch-1 latency on the hardware (needs hardware; 0 = none)",
       {}},
      {"gpu", "none",
       "GPU of the analytic inference latency (roofline per layer + launch overhead; metric "
       "gpu_latency_s), or none",
       gpu_choices()},
      {"gpu_batch", std::int64_t{1}, "batch size of the GPU inference latency", {}},
      {"max_gpu_latency_s", 0.0, "constraint: GPU inference latency (needs gpu; 0 = none)", {}},
      {"evaluate", "train",
       "train: every step trains the design; statistics: steps return only the free statistics "
       "(FLOPs, params, activations, hardware costs) with reward 0 and cost 0, for predictor "
       "pretraining",
       {value("train"), value("statistics")}},
  };
}

std::string kwarg_message(const char* name, const std::string& got, const std::string& valid) {
  return std::string("kwarg \"") + name + "\" = " + got + " is not one of " + valid;
}

}  // namespace

// ----- core ------------------------------------------------------------------------------------

/// A decoded action: the network, its recipe, the fidelity and the input side.
struct arch_recipe_design {
  nn::network_spec net;
  nn::recipe rec;
  nn::fidelity fid;
  int side = 28;
};

#ifdef DSEGYM_ARCHRECIPE_HAVE_ACCEL
struct arch_recipe_hardware {
  std::string name;
  sim::accel::accel_config config;
};
#else
struct arch_recipe_hardware {};
#endif

class arch_recipe_core {
 public:
  explicit arch_recipe_core(const arch_recipe_options& o) : o_(o), act_space_(make_action_space(o)) {
    validate_options();
    nn::require_fashion_mnist(fmnist_dir(), "(or pass the kwarg fmnist_dir)");
    cache_ = nn::open_result_cache(o_.cache_dir);
    clock_.gflops = o_.train_gflops;
    sizes_ = nn::preset_sizes(preset());
    describe();
  }

  [[nodiscard]] const dict_space& action_space() const noexcept { return act_space_; }
  [[nodiscard]] const env_spec& spec() const noexcept { return spec_; }

  /// Decodes a contained action into its design.
  [[nodiscard]] arch_recipe_design decode(const value& a) const {
    const auto at = [&](const char* key) { return a.at(key).as_int(); };
    const auto pick = [&](const auto& table, const char* key) { return table[static_cast<std::size_t>(at(key))]; };
    arch_recipe_design d;
    nn::network_spec& n = d.net;
    n.family = at("family") == 0 ? nn::network_family::mlp : nn::network_family::cnn;
    d.side = pick(resolutions, "resolution");
    if (n.family == nn::network_family::mlp) {
      n.hidden.clear();
      const auto depth = at("mlp_depth") + 1;
      for (std::int64_t i = 0; i < depth; ++i)
        n.hidden.push_back(pick(mlp_widths, ("mlp_width_" + std::to_string(i + 1)).c_str()));
    } else {
      n.stages = static_cast<int>(at("cnn_stages")) + 1;
      n.blocks_per_stage = static_cast<int>(at("cnn_blocks")) + 1;
      n.base_width = pick(cnn_base_widths, "cnn_base_width");
      n.kernels.clear();
      for (int s = 0; s < n.stages; ++s)
        n.kernels.push_back(pick(cnn_kernels, ("cnn_kernel_" + std::to_string(s + 1)).c_str()));
    }
    n.act = pick(activations, "activation");
    n.norm = pick(norms, "norm");
    n.dropout = pick(dropouts, "dropout");
    n.skip = at("skip") == 1;

    nn::recipe& r = d.rec;
    r.optimizer = pick(optimizers, "optimizer");
    r.learning_rate = learning_rate_at(at("learning_rate"));
    r.schedule = pick(schedules, "schedule");
    r.weight_decay = pick(weight_decays, "weight_decay");
    r.batch_size = pick(batch_sizes, "batch_size");
    r.label_smoothing = pick(label_smoothings, "label_smoothing");
    r.mixup_alpha = pick(mixups, "mixup");
    r.ema_decay = pick(emas, "ema");
    r.augment = augment_at(at("augment"));

    d.fid.epochs = o_.epochs > 0 ? o_.epochs : pick(epoch_choices, "epochs");
    d.fid.data_fraction = o_.data_fraction > 0.0 ? o_.data_fraction : pick(fraction_choices, "data_fraction");
    return d;
  }

  std::pair<double, step_info> evaluate(const arch_recipe_design& d) {
    std::vector<nn::compute_layer> layers;  // for the hardware cost models
    const nn::network_stats stats =
        nn::analyse_network(d.net, 1, d.side, d.side, nn::k_fashion_mnist_classes, &layers);
    const double mflops = static_cast<double>(stats.macs) * 1e-6;
    const double params_m = static_cast<double>(stats.params) * 1e-6;
    step_info info;
    info.metrics = {{"valid_acc", 0.0, "%", direction::maximize},
                    {"train_loss", 0.0, "", direction::minimize},
                    {"flops_M", mflops, "MFLOPs", direction::minimize},
                    {"params_M", params_m, "M", direction::minimize},
                    {"activations_M", static_cast<double>(stats.activations) * 1e-6, "M",
                     direction::minimize}};
    double excess = 0.0;
    if (o_.max_mflops > 0.0 && mflops > o_.max_mflops) excess += mflops / o_.max_mflops - 1.0;
    if (o_.max_params_M > 0.0 && params_m > o_.max_params_M) excess += params_m / o_.max_params_M - 1.0;
#ifdef DSEGYM_ARCHRECIPE_HAVE_ACCEL
    if (hardware_) {
      sim::accel::network net;
      net.name = "arch_recipe";
      int i = 0;
      for (const auto& l : layers) {
        const std::string name = "layer" + std::to_string(i++);
        const auto u = [](int v) { return static_cast<std::uint64_t>(v); };
        net.layers.push_back(
            l.conv ? sim::accel::conv2d(name, u(l.in_channels), u(l.out_channels), u(l.in_h), u(l.in_w),
                                        static_cast<std::uint32_t>(l.kernel),
                                        static_cast<std::uint32_t>(l.stride),
                                        static_cast<std::uint32_t>(l.pad), l.bias)
                   : sim::accel::fully_connected(name, u(l.in_channels), u(l.out_channels), 1, l.bias));
      }
      const auto r = shared_accel_evaluator().evaluate(net, hardware_->config);
      if (!r.ok) throw error("arch_recipe", "design has no mapping on " + hardware_->name + ": " + r.reason);
      info.metrics.push_back({"latency_s", r.latency_s, "s", direction::minimize});
      info.metrics.push_back({"energy_J", r.energy_j, "J", direction::minimize});
      if (o_.max_latency_s > 0.0 && r.latency_s > o_.max_latency_s)
        excess += r.latency_s / o_.max_latency_s - 1.0;
    }
#endif
    if (gpu_) {
      const double t = nn::gpu_inference_latency(layers, *gpu_, {.batch = o_.gpu_batch});
      info.metrics.push_back({"gpu_latency_s", t, "s", direction::minimize});
      if (o_.max_gpu_latency_s > 0.0 && t > o_.max_gpu_latency_s) excess += t / o_.max_gpu_latency_s - 1.0;
    }
    trained_.reset();  // set again only when this design is trained
    stepped_ = true;
    info.extra = value::dict{{"design", nn::canonical_string(d.net) + ";side=" + std::to_string(d.side) +
                                            ";" + nn::canonical_string(d.rec)},
                             {"feasible", excess == 0.0}};
    if (o_.evaluate == "statistics") {
      info.metrics.erase(info.metrics.begin(), info.metrics.begin() + 2);  // nothing trained
      return {0.0, std::move(info)};
    }
    if (excess > 0.0) {
      info.cost = clock_.epoch_overhead_s;  // rejected from the free statistics, without training
      // Graded so a search can move back under the limits, bounded in (-1, 0) so one far-off design
      // does not dwarf the accuracy scale.
      return {-excess / (1.0 + excess), std::move(info)};
    }
    const auto data = nn::shared_task_data(task(d.side, nn::fmnist_protocol::valid));
    const nn::train_result r =
        nn::train_cached(cache_.get(), nn::canonical_string(task(d.side, nn::fmnist_protocol::valid)),
                         d.net, d.rec, data->train, data->eval, d.fid, seed());
    info.metrics[0].value = 100.0 * r.accuracy;
    info.metrics[1].value = capped_loss(r.train_loss);
    info.cost = nn::simulated_seconds(r, data->eval.size(), clock_);
    value::list curve;
    for (double acc : r.epoch_accuracy) curve.emplace_back(100.0 * acc);
    info.extra.set("epoch_valid_acc", std::move(curve));
    info.extra.set("measured_s", r.seconds);
    trained_ = d;
    return {r.accuracy, std::move(info)};
  }

  [[nodiscard]] std::vector<metric> report() const {
    if (!stepped_)
      throw failed_precondition("arch_recipe", "report() needs an evaluated design; step an episode first");
    // Statistics mode and a design rejected by a constraint train nothing: nothing to report.
    if (!trained_) return {};
    arch_recipe_design d = *trained_;
    if (o_.report_epochs > 0) d.fid.epochs = o_.report_epochs;
    d.fid.data_fraction = 1.0;
    const nn::fmnist_task t = task(d.side, nn::fmnist_protocol::test);
    const auto data = nn::shared_task_data(t);
    const nn::train_result r = nn::train_cached(cache_.get(), nn::canonical_string(t), d.net, d.rec,
                                                data->train, data->eval, d.fid, seed());
    return {{"test_acc", 100.0 * r.accuracy, "%", direction::maximize}};
  }

  static double capped_loss(double loss) { return std::isfinite(loss) ? std::min(loss, 100.0) : 100.0; }

 private:
  [[nodiscard]] std::filesystem::path fmnist_dir() const {
    return std::filesystem::path(o_.fmnist_dir.empty() ? std::string(nn::k_fashion_mnist_dir) : o_.fmnist_dir);
  }
  [[nodiscard]] nn::fmnist_preset preset() const {
    return o_.split == "ci" ? nn::fmnist_preset::ci : nn::fmnist_preset::search;
  }
  [[nodiscard]] nn::fmnist_task task(int side, nn::fmnist_protocol protocol) const {
    nn::fmnist_task t;
    t.preset = preset();
    t.protocol = protocol;
    t.side = side;
    t.data_dir = fmnist_dir();
    return t;
  }
  [[nodiscard]] std::uint64_t seed() const { return static_cast<std::uint64_t>(o_.train_seed); }

  static dict_space make_action_space(const arch_recipe_options& o) {
    std::vector<dict_space::entry> e;
    const auto add = [&](std::string key, std::size_t n) {
      e.emplace_back(std::move(key), discrete(static_cast<std::int64_t>(n)));
    };
    add("family", families.size());
    add("resolution", resolutions.size());
    add("mlp_depth", 4);
    for (int i = 1; i <= 4; ++i) add("mlp_width_" + std::to_string(i), mlp_widths.size());
    add("cnn_stages", 3);
    add("cnn_blocks", 3);
    add("cnn_base_width", cnn_base_widths.size());
    for (int i = 1; i <= 3; ++i) add("cnn_kernel_" + std::to_string(i), cnn_kernels.size());
    add("activation", activations.size());
    add("norm", norms.size());
    add("dropout", dropouts.size());
    add("skip", 2);
    add("optimizer", optimizers.size());
    add("learning_rate", learning_rate_count);
    add("schedule", schedules.size());
    add("weight_decay", weight_decays.size());
    add("batch_size", batch_sizes.size());
    add("label_smoothing", label_smoothings.size());
    add("mixup", mixups.size());
    add("ema", emas.size());
    add("augment", augment_names.size());
    if (o.epochs == 0) add("epochs", epoch_choices.size());
    if (o.data_fraction == 0.0) add("data_fraction", fraction_choices.size());
    return dict_space(std::move(e));
  }

  void validate_options() {
    if (o_.split != "full" && o_.split != "ci")
      throw invalid_argument("arch_recipe", kwarg_message("split", "\"" + o_.split + "\"", "full, ci"));
    if (o_.epochs != 0 && std::find(epoch_choices.begin(), epoch_choices.end(), o_.epochs) == epoch_choices.end())
      throw invalid_argument("arch_recipe", kwarg_message("epochs", std::to_string(o_.epochs),
                                                          "0 (agent chooses), " + join(epoch_choices)));
    if (o_.data_fraction != 0.0 &&
        std::find(fraction_choices.begin(), fraction_choices.end(), o_.data_fraction) == fraction_choices.end())
      throw invalid_argument("arch_recipe", kwarg_message("data_fraction", str(o_.data_fraction),
                                                          "0 (agent chooses), " + join(fraction_choices)));
    if (o_.report_epochs < 0 || o_.report_epochs > 200)
      throw invalid_argument("arch_recipe", "kwarg \"report_epochs\" = " + std::to_string(o_.report_epochs) +
                                                " must be in 0..200 (0 = the design's own epochs)");
    if (o_.train_seed < 0)
      throw invalid_argument("arch_recipe", "kwarg \"train_seed\" must be >= 0, got " + std::to_string(o_.train_seed));
    if (!(o_.train_gflops > 0.0) || !std::isfinite(o_.train_gflops))
      throw invalid_argument("arch_recipe", "kwarg \"train_gflops\" must be a finite number > 0, got " +
                                                str(o_.train_gflops));
    for (const auto& [name, limit] : {std::pair<const char*, double>{"max_mflops", o_.max_mflops},
                                      {"max_params_M", o_.max_params_M},
                                      {"max_latency_s", o_.max_latency_s}})
      if (!(limit >= 0.0) || !std::isfinite(limit))
        throw invalid_argument("arch_recipe", std::string("kwarg \"") + name + "\" = " + str(limit) +
                                                  " must be a finite number >= 0 (0 = no limit)");
    if (o_.hardware != "none") {
#ifdef DSEGYM_ARCHRECIPE_HAVE_ACCEL
      hardware_ = std::make_shared<arch_recipe_hardware>();
      hardware_->name = o_.hardware;
      hardware_->config = accel_preset(o_.hardware);  // throws naming the presets
#else
      throw invalid_argument("arch_recipe", "kwarg \"hardware\" = \"" + o_.hardware +
                                                "\" needs the accelerator model, which is not built "
                                                "(add accel to DSEGYM_SIMULATORS)");
#endif
    }
    if (o_.gpu != "none") gpu_ = &nn::gpu_device_named(o_.gpu);  // throws naming the devices
    if (o_.gpu_batch < 1 || o_.gpu_batch > 65536)
      throw invalid_argument("arch_recipe", "kwarg \"gpu_batch\" = " + std::to_string(o_.gpu_batch) +
                                                " must be in 1..65536");
    if (!(o_.max_gpu_latency_s >= 0.0) || !std::isfinite(o_.max_gpu_latency_s))
      throw invalid_argument("arch_recipe", "kwarg \"max_gpu_latency_s\" = " + str(o_.max_gpu_latency_s) +
                                                " must be a finite number >= 0 (0 = no limit)");
    if (o_.max_gpu_latency_s > 0.0 && !gpu_)
      throw invalid_argument("arch_recipe", "kwarg \"max_gpu_latency_s\" needs a GPU: set gpu to one of " +
                                                nn::gpu_device_names());
    if (o_.evaluate != "train" && o_.evaluate != "statistics")
      throw invalid_argument("arch_recipe", kwarg_message("evaluate", "\"" + o_.evaluate + "\"", "train, statistics"));
    if (o_.max_latency_s > 0.0 && o_.hardware == "none")
      throw invalid_argument("arch_recipe", "kwarg \"max_latency_s\" needs a hardware model: set hardware "
                                            "to eyeriss, eyeriss_ddr4, edge or cloud");
  }

  void describe() {
    spec_.id = env_id_text;
    const std::string fid =
        (o_.epochs > 0 ? std::to_string(o_.epochs) + " epoch(s)" : std::string("agent-chosen epochs")) +
        " on " + (o_.data_fraction > 0.0 ? str(o_.data_fraction) : std::string("an agent-chosen fraction")) +
        " of " + std::to_string(sizes_.train) + " images";
    spec_.summary = "Joint network x training-recipe search (FBNetV3-style), trained for real on "
                    "Fashion-MNIST: " + fid + ", validated on " + std::to_string(sizes_.valid) +
                    "; test accuracy reported only";
    spec_.metrics = {
        {"valid_acc", "%", direction::maximize,
         "validation accuracy after the last epoch (" + std::to_string(sizes_.valid) +
             " images; 0 when rejected by a constraint)"},
        {"train_loss", "", direction::minimize,
         "mean training loss of the last epoch (capped at 100; 100 = diverged; 0 when rejected)"},
        {"flops_M", "MFLOPs", direction::minimize, "forward multiply-accumulates per image / 1e6"},
        {"params_M", "M", direction::minimize, "trainable parameters"},
        {"activations_M", "M", direction::minimize, "Conv/Linear output elements per image / 1e6"},
    };
    if (o_.evaluate == "statistics") spec_.metrics.erase(spec_.metrics.begin(), spec_.metrics.begin() + 2);
    if (o_.hardware != "none") {
      spec_.metrics.push_back({"latency_s", "s", direction::minimize,
                               "batch-1 inference latency on accelerator " + o_.hardware +
                                   " (dsegym accelerator model)"});
      spec_.metrics.push_back({"energy_J", "J", direction::minimize,
                               "batch-1 inference energy on accelerator " + o_.hardware});
    }
    if (gpu_)
      spec_.metrics.push_back({"gpu_latency_s", "s", direction::minimize,
                               "inference latency of a batch of " + std::to_string(o_.gpu_batch) + " on " +
                                   gpu_->name + " (analytic roofline, FP16)"});
    if (o_.evaluate != "statistics")
      spec_.reported_metrics = {
        {"test_acc", "%", direction::maximize,
         "test accuracy (" + std::to_string(sizes_.test) + " t10k images) after retraining the design on "
             "the whole train file for " +
             (o_.report_epochs > 0 ? std::to_string(o_.report_epochs) : std::string("its own")) +
             " epochs; never seen by the search"}};
    spec_.reward = "valid_acc / 100 of the trained design; a design over a constraint (max_mflops, "
                   "max_params_M, max_latency_s, max_gpu_latency_s) is not trained and scores -sum over the exceeded "
                   "limits e = sum of (x / limit - 1), as -e / (1 + e) in (-1, 0)";
    spec_.cost_unit = "simulated training seconds";
    spec_.shape = episode_shape::one_shot;
    spec_.max_episode_steps = 1;
    spec_.kwarg_specs = arch_recipe_kwargs();
    spec_.kwargs = value::dict{{"split", o_.split},
                               {"epochs", std::int64_t{o_.epochs}},
                               {"data_fraction", o_.data_fraction},
                               {"report_epochs", std::int64_t{o_.report_epochs}},
                               {"train_seed", o_.train_seed},
                               {"cache_dir", o_.cache_dir},
                               {"fmnist_dir", o_.fmnist_dir},
                               {"train_gflops", o_.train_gflops},
                               {"hardware", o_.hardware},
                               {"max_mflops", o_.max_mflops},
                               {"max_params_M", o_.max_params_M},
                               {"max_latency_s", o_.max_latency_s},
                               {"gpu", o_.gpu},
                               {"gpu_batch", std::int64_t{o_.gpu_batch}},
                               {"max_gpu_latency_s", o_.max_gpu_latency_s},
                               {"evaluate", o_.evaluate}};
    spec_.data = {fmnist_dir().string() + "/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz (package " +
                      nn::k_fashion_mnist_package + ")",
                  cache_ ? "result cache: " + cache_->dir().string() : std::string("result cache: off")};
  }

  arch_recipe_options o_;
  dict_space act_space_;
  env_spec spec_;
  std::unique_ptr<nn::result_cache> cache_;
  std::shared_ptr<arch_recipe_hardware> hardware_;
  const nn::gpu_device* gpu_ = nullptr;
  nn::compute_clock clock_;
  nn::split_sizes sizes_;
  std::optional<arch_recipe_design> trained_;  ///< the last step's design when it was trained
  bool stepped_ = false;
};

// ----- env -------------------------------------------------------------------------------------

namespace {
box observation_box() {
  const double inf = std::numeric_limits<double>::infinity();
  return box(xt::xarray<double>{0.0, 0.0, 0.0, 0.0}, xt::xarray<double>{1.0, 100.0, inf, inf});
}
}  // namespace

arch_recipe_env::arch_recipe_env(const arch_recipe_options& options)
    : core_(std::make_unique<arch_recipe_core>(options)), obs_space_(observation_box()) {}
arch_recipe_env::~arch_recipe_env() = default;
arch_recipe_env::arch_recipe_env(arch_recipe_env&&) noexcept = default;
arch_recipe_env& arch_recipe_env::operator=(arch_recipe_env&&) noexcept = default;

const dict_space& arch_recipe_env::action_space() const noexcept { return core_->action_space(); }
const env_spec& arch_recipe_env::spec() const noexcept { return core_->spec(); }

reset_result<arch_recipe_env::observation_type> arch_recipe_env::reset(std::optional<std::uint64_t>) {
  xt::xarray<double> zeros = xt::xarray<double>::from_shape({4});
  zeros.fill(0.0);
  return {std::move(zeros), {}};
}

step_result<arch_recipe_env::observation_type> arch_recipe_env::step(const action_type& design) {
  if (!core_->action_space().contains(design)) {
    std::string keys;
    for (const auto& [k, s] : core_->action_space().spaces())
      keys += (keys.empty() ? "" : ", ") + k + " (0.." + std::to_string(s.get_if<discrete>()->n() - 1) + ")";
    throw invalid_action("arch_recipe: a design is a dict with exactly the keys " + keys + "; got " +
                         design.to_string());
  }
  auto [reward, info] = core_->evaluate(core_->decode(design));
  const auto get = [&](const char* name) { return info.get(name).value_or(0.0); };
  xt::xarray<double> obs = {get("valid_acc") / 100.0, get("train_loss"), get("flops_M"), get("params_M")};
  return {std::move(obs), reward, true, false, std::move(info)};
}

std::vector<metric> arch_recipe_env::report() const { return core_->report(); }

// ----- registration ----------------------------------------------------------------------------

void register_arch_recipe_envs(registry& r) {
  r.add({env_id_text,
         "Network x training-recipe search trained for real on Fashion-MNIST (built-in trainer)",
         arch_recipe_kwargs(),
         [](const kwargs_reader& k) {
           arch_recipe_options o;
           o.split = k.get_string("split");
           o.epochs = k.get_int32("epochs");
           o.data_fraction = k.get_real("data_fraction");
           o.report_epochs = k.get_int32("report_epochs");
           o.train_seed = k.get_int("train_seed");
           o.cache_dir = k.get_string("cache_dir");
           o.fmnist_dir = k.get_string("fmnist_dir");
           o.train_gflops = k.get_real("train_gflops");
           o.hardware = k.get_string("hardware");
           o.max_mflops = k.get_real("max_mflops");
           o.max_params_M = k.get_real("max_params_M");
           o.max_latency_s = k.get_real("max_latency_s");
           o.gpu = k.get_string("gpu");
           o.gpu_batch = k.get_int32("gpu_batch");
           o.max_gpu_latency_s = k.get_real("max_gpu_latency_s");
           o.evaluate = k.get_string("evaluate");
           return any_env(arch_recipe_env(o));
         },
         false,
         // About 20 default-fidelity evaluations of mid-sized designs.
         value::dict{{"kind", "cost"}, {"amount", 200.0}}});
}

}  // namespace dsegym::envs::nas

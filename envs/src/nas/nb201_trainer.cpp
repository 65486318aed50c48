#include "nb201_trainer.hpp"

#include <cmath>

#include "dsegym/core/error.hpp"
#include "dsegym/envs/nas/nb201.hpp"

namespace dsegym::envs::nas {

namespace nn = sim::nn;

namespace {

int checked_epochs(const char* name, int value, int preset_default) {
  if (value == 0) return preset_default;
  if (value < 0 || value > 200)
    throw invalid_argument("nb201", std::string("kwarg \"") + name + "\" = " + std::to_string(value) +
                                        " must be in 1..200 (0 = the preset's default)");
  return value;
}

}  // namespace

nb201_trainer::nb201_trainer(const nb201_options& o) {
  if (o.train_preset != "full" && o.train_preset != "ci")
    throw invalid_argument("nb201", "kwarg \"train_preset\" = \"" + o.train_preset +
                                        "\" is not one of full, ci");
  const bool ci = o.train_preset == "ci";
  search_ = ci ? nn::nb201_ci_options(nn::fmnist_protocol::valid) : nn::nb201_train_options{};
  if (!ci) search_.task.preset = nn::fmnist_preset::full;
  if (!o.fmnist_dir.empty()) search_.task.data_dir = o.fmnist_dir;
  search_.epochs = checked_epochs("train_epochs", o.train_epochs, ci ? 1 : 2);
  report_ = search_;
  report_.task.protocol = nn::fmnist_protocol::test;
  report_.epochs = checked_epochs("report_epochs", o.report_epochs, ci ? 1 : 12);
  sizes_ = nn::preset_sizes(search_.task.preset);
  if (o.train_seed < 0)
    throw invalid_argument("nb201", "kwarg \"train_seed\" must be >= 0, got " +
                                        std::to_string(o.train_seed));
  seed_ = static_cast<std::uint64_t>(o.train_seed);
  if (!(o.train_gflops > 0.0) || !std::isfinite(o.train_gflops))
    throw invalid_argument("nb201", "kwarg \"train_gflops\" must be a finite number > 0, got " +
                                        std::to_string(o.train_gflops));
  clock_.gflops = o.train_gflops;
  nn::require_fashion_mnist(search_.task.data_dir, "(or pass the kwarg fmnist_dir)");
  cache_ = nn::open_result_cache(o.cache_dir);
}

nn::train_result nb201_trainer::validate(const nn::nb201_ops& ops) {
  return nn::train_nb201(ops, search_, seed_, cache_.get());
}

nn::train_result nb201_trainer::test(const nn::nb201_ops& ops) {
  return nn::train_nb201(ops, report_, seed_, cache_.get());
}

double nb201_trainer::simulated_seconds(const nn::train_result& r) const {
  return nn::simulated_seconds(r, sizes_.valid, clock_);
}

nn::network_stats nb201_trainer::stats(const nn::nb201_ops& ops) const {
  const int side = search_.task.side;
  return nn::analyse_network(nn::nb201_network(ops, search_.channels, search_.cells), 1, side, side,
                             nn::k_fashion_mnist_classes);
}

std::string nb201_trainer::cache_dir() const { return cache_ ? cache_->dir().string() : std::string(); }

}  // namespace dsegym::envs::nas

// Reference designs of nas/ArchRecipe-v1 trained at full fidelity on Fashion-MNIST, printing their
// validation and test accuracy next to the published bands (arch-recipe.md §6). Takes a few
// minutes on one core; results are cached (DSEGYM_CACHE_DIR), so a second run is instant.
// Run: ./build/examples/02_arch_recipe_reference [epochs]   (default 10)
#include <dsegym/dsegym.hpp>
#include <dsegym/envs/default_registry.hpp>
#include <cstdlib>
#include <iostream>
#include <string>

namespace {

// Every key of the action; the recipe below is the reference SGD recipe (momentum 0.9, LR 10^-1.5,
// cosine, wd 5e-4, batch 128) unless a design changes it.
dsegym::value design(std::initializer_list<std::pair<const char*, std::int64_t>> changes) {
  dsegym::value d = dsegym::value::dict{
      {"family", 0}, {"resolution", 0}, {"mlp_depth", 0}, {"mlp_width_1", 3}, {"mlp_width_2", 0},
      {"mlp_width_3", 0}, {"mlp_width_4", 0}, {"cnn_stages", 0}, {"cnn_blocks", 0},
      {"cnn_base_width", 0}, {"cnn_kernel_1", 0}, {"cnn_kernel_2", 0}, {"cnn_kernel_3", 0},
      {"activation", 0}, {"norm", 0}, {"dropout", 0}, {"skip", 0}, {"optimizer", 0},
      {"learning_rate", 5}, {"schedule", 2}, {"weight_decay", 3}, {"batch_size", 2},
      {"label_smoothing", 0}, {"mixup", 0}, {"ema", 0}, {"augment", 0}};
  for (const auto& [k, v] : changes) d.set(k, v);
  return d;
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t epochs = argc > 1 ? std::atoi(argv[1]) : 10;
  dsegym::any_env env = dsegym::envs::default_registry().make(
      "nas/ArchRecipe-v1", dsegym::value::dict{{"epochs", epochs}, {"data_fraction", 1.0}});
  struct entry {
    const char* name;
    const char* band;
    dsegym::value action;
  };
  const entry entries[] = {
      {"MLP 784-256-10, ReLU", "MLPs 86-90 %", design({})},
      {"residual CNN 2 x 32 + 2 x 64 (k3, BN, ReLU) at 14x14, Nesterov LR 0.1, flip", "small CNNs 90-92.5 %",
       design({{"family", 1}, {"resolution", 1}, {"cnn_stages", 1}, {"cnn_blocks", 1}, {"cnn_base_width", 3},
               {"norm", 1}, {"skip", 1}, {"optimizer", 1}, {"learning_rate", 6}, {"augment", 1}})},
  };
  for (const auto& e : entries) {
    (void)env.reset(0);
    const auto r = env.step(e.action);
    const double test = env.report().front().value;
    std::cout << e.name << " (" << epochs << " epochs): valid " << *r.info.get("valid_acc")
              << " %, test " << test << " % [" << e.band << "], " << *r.info.get("params_M") * 1e3
              << "k params, " << *r.info.get("flops_M") << " MFLOPs" << std::endl;
  }
  return 0;
}

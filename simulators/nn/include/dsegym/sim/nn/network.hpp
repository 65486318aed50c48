#pragma once
// Network specifications and builders: MLP, plain/residual CNN (arch-recipe.md §5.1) and the
// NAS-Bench-201 cell network (nas-bench-201.md §5, downsized per §12).

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dsegym/core/random.hpp"
#include "dsegym/sim/nn/layers.hpp"

namespace dsegym::sim::nn {

enum class network_family { mlp, cnn, nb201 };
enum class norm_kind { none, batch, layer };
[[nodiscard]] std::string to_string(network_family f);
[[nodiscard]] std::string to_string(norm_kind n);
[[nodiscard]] network_family parse_family(const std::string& s);
[[nodiscard]] norm_kind parse_norm(const std::string& s);

/// NB201 edge op codes (nas-bench-201.md §1): 0 none, 1 skip_connect, 2 nor_conv_1x1,
/// 3 nor_conv_3x3, 4 avg_pool_3x3; edges in the order 0->1, 0->2, 1->2, 0->3, 1->3, 2->3.
using nb201_ops = std::array<int, 6>;
/// Parses "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|...~0|...~1|...~2|" (exact match).
[[nodiscard]] nb201_ops parse_nb201_string(const std::string& arch);
[[nodiscard]] std::string nb201_string(const nb201_ops& ops);

struct network_spec {
  network_family family = network_family::mlp;
  // mlp
  std::vector<int> hidden{256};  ///< hidden widths (empty: softmax regression)
  // cnn
  int stages = 2, blocks_per_stage = 1, base_width = 16;  ///< widths double per stage
  std::vector<int> kernels{3, 3};                          ///< per stage (3 or 5)
  // mlp + cnn
  activation_kind act = activation_kind::relu;
  norm_kind norm = norm_kind::none;
  double dropout = 0.0;  ///< after each hidden layer (mlp) / before the classifier (cnn)
  bool skip = false;     ///< residual add (identity when shapes match, else 1x1 proj. (cnn) / none)
  // nb201
  nb201_ops ops{};
  int nb201_channels = 8;  ///< C (stages C / 2C / 4C)
  int nb201_cells = 1;     ///< N cells per stage
  // every family
  double bn_momentum = 0.1, bn_eps = 1e-5;
};

/// Canonical text of the fields that matter for the family (cache keys, logs).
[[nodiscard]] std::string canonical_string(const network_spec& spec);
/// The spec for an NB201 cell network with channel width C and N cells per stage.
[[nodiscard]] network_spec nb201_network(const nb201_ops& ops, int channels = 8, int cells = 1);

/// Builds the network for inputs C x H x W and `num_classes` outputs (logits). Invalid specs ->
/// dsegym::invalid_argument naming the field and its valid range.
[[nodiscard]] std::unique_ptr<sequential> build_network(const network_spec& spec, int in_channels,
                                                        int height, int width, int num_classes,
                                                        rng& init);

/// Free statistics (arch-recipe.md §5.4), computed without training: parameters, forward MACs per
/// image (Conv/Linear incl. bias; pooling, norms, activations and adds not counted — the NB201
/// convention) and activations (output elements of the Conv/Linear layers per image).
struct network_stats {
  std::uint64_t params = 0;
  std::uint64_t macs = 0;
  std::uint64_t activations = 0;
};
/// `layers`, when given, receives the Conv/Linear layers the statistics were summed over (one trace
/// of the network serves both).
[[nodiscard]] network_stats analyse_network(const network_spec& spec, int in_channels, int height,
                                            int width, int num_classes,
                                            std::vector<compute_layer>* layers = nullptr);

/// The Conv/Linear layers of the network for one image, in forward order (hardware cost models).
[[nodiscard]] std::vector<compute_layer> compute_layers(const network_spec& spec, int in_channels,
                                                        int height, int width, int num_classes);

}  // namespace dsegym::sim::nn

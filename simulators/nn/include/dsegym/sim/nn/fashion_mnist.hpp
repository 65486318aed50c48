#pragma once
// Fashion-MNIST from the Debian package `dataset-fashion-mnist`, seed-fixed stratified splits,
// data fractions and low-fidelity downsampling (specs nas-bench-201.md §12, arch-recipe.md §5).

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "dsegym/sim/nn/tensor.hpp"

namespace dsegym::sim::nn {

inline constexpr const char* k_fashion_mnist_dir = "/usr/share/datasets/fashion-mnist";
inline constexpr const char* k_fashion_mnist_package = "dataset-fashion-mnist";
inline constexpr int k_fashion_mnist_classes = 10;
inline constexpr double k_fashion_mnist_mean = 0.2860;  ///< of x / 255 over the train file
inline constexpr double k_fashion_mnist_std = 0.3530;

/// Grayscale images (row-major, uint8) with their labels.
struct image_set {
  int count = 0, height = 0, width = 0;
  std::vector<std::uint8_t> pixels;  ///< count x height x width
  std::vector<std::uint8_t> labels;  ///< count
};

struct fashion_mnist {
  image_set train;  ///< 60,000
  image_set test;   ///< 10,000 (t10k)
};

/// Reads an images + labels IDX pair and checks that they agree (3-D uint8 images, 1-D uint8
/// labels of the same count, labels < num_classes) -> dsegym::data_error otherwise.
[[nodiscard]] image_set load_image_set(const std::filesystem::path& images,
                                       const std::filesystem::path& labels,
                                       int num_classes = k_fashion_mnist_classes);

/// True when all four files are present in `dir`.
[[nodiscard]] bool fashion_mnist_available(const std::filesystem::path& dir = k_fashion_mnist_dir);
/// dsegym::data_error naming the first missing file, the package and its install command (and
/// `hint`, e.g. the kwarg that points elsewhere) unless all four files are present.
void require_fashion_mnist(const std::filesystem::path& dir = k_fashion_mnist_dir,
                           const std::string& hint = "");

/// Loads {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz from `dir`. Missing files ->
/// dsegym::data_error naming the package and its install command.
[[nodiscard]] fashion_mnist load_fashion_mnist(const std::filesystem::path& dir = k_fashion_mnist_dir);

/// The default directory loaded once per process (thread-safe); later calls share it.
[[nodiscard]] const fashion_mnist& fashion_mnist_shared(
    const std::filesystem::path& dir = k_fashion_mnist_dir);

/// Stratified selection: `per_class_order` per class is a seed-fixed permutation; the result takes
/// `n_first` then `n_second` images with equal per-class counts (remainder to the lowest classes),
/// each list interleaved by class (c0, c1, ..., c9, c0, ...) so that every prefix is stratified and
/// smaller fractions are contained in larger ones. Throws dsegym::invalid_argument when a class has
/// too few images.
struct split_indices {
  std::vector<std::size_t> first, second;
};
[[nodiscard]] split_indices stratified_split(std::span<const std::uint8_t> labels, int num_classes,
                                             std::size_t n_first, std::size_t n_second,
                                             std::uint64_t split_seed);

/// The first max(1, round(fraction * size)) entries (a stratified prefix for interleaved lists).
[[nodiscard]] std::vector<std::size_t> prefix_fraction(std::span<const std::size_t> indices,
                                                       double fraction);

/// Input geometry: zero-pad `pad` pixels per side, then average-pool `pool` x `pool`.
/// 28 -> {0, 1}; 14 -> {0, 2}; 32 -> {2, 1}; 16 -> {2, 2} (the NB201 ImageNet16 geometry).
struct input_geometry {
  int pad = 0;
  int pool = 1;
};
/// The geometry for a side of 28, 14, 32 or 16 (invalid_argument otherwise).
[[nodiscard]] input_geometry geometry_for_side(int side);

/// Images as a normalised float tensor N x 1 x S x S plus labels.
struct dataset {
  tensor images;
  std::vector<int> labels;
  [[nodiscard]] int size() const noexcept { return static_cast<int>(labels.size()); }
};

/// Builds the tensor for the selected images: pad with 0 (background), average-pool, then
/// x / 255 normalised with (mean, std).
[[nodiscard]] dataset make_dataset(const image_set& set, std::span<const std::size_t> indices,
                                   input_geometry geometry,
                                   double mean = k_fashion_mnist_mean,
                                   double stddev = k_fashion_mnist_std);

}  // namespace dsegym::sim::nn

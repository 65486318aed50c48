#include "dsegym/sim/nn/fashion_mnist.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>

#include "dsegym/core/error.hpp"
#include "dsegym/core/random.hpp"
#include "dsegym/sim/nn/idx.hpp"

namespace dsegym::sim::nn {

image_set load_image_set(const std::filesystem::path& images, const std::filesystem::path& labels,
                         int num_classes) {
  const idx_array im = read_idx(images);
  const idx_array lb = read_idx(labels);
  if (im.type != idx_type::u8 || im.dims.size() != 3)
    throw data_error("nn.data", "'" + images.string() +
                                    "' is not a 3-D uint8 IDX image file (magic 0x00000803)");
  if (lb.type != idx_type::u8 || lb.dims.size() != 1)
    throw data_error("nn.data", "'" + labels.string() +
                                    "' is not a 1-D uint8 IDX label file (magic 0x00000801)");
  if (im.dims[0] != lb.dims[0])
    throw data_error("nn.data", "'" + images.string() + "' holds " + std::to_string(im.dims[0]) +
                                    " images but '" + labels.string() + "' holds " +
                                    std::to_string(lb.dims[0]) + " labels");
  for (std::size_t i = 0; i < lb.u8.size(); ++i)
    if (lb.u8[i] >= num_classes)
      throw data_error("nn.data", "'" + labels.string() + "': label " +
                                      std::to_string(lb.u8[i]) + " of item " + std::to_string(i) +
                                      " is outside [0, " + std::to_string(num_classes) + ")");
  image_set s;
  s.count = static_cast<int>(im.dims[0]);
  s.height = static_cast<int>(im.dims[1]);
  s.width = static_cast<int>(im.dims[2]);
  s.pixels = im.u8;
  s.labels = lb.u8;
  return s;
}

namespace {
const char* const k_files[4] = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                                "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};
}

bool fashion_mnist_available(const std::filesystem::path& dir) {
  std::error_code ec;
  for (const char* f : k_files)
    if (!std::filesystem::is_regular_file(dir / f, ec)) return false;
  return true;
}

void require_fashion_mnist(const std::filesystem::path& dir, const std::string& hint) {
  std::error_code ec;
  for (const char* f : k_files)
    if (!std::filesystem::is_regular_file(dir / f, ec))
      throw data_error("nn.data", std::string("Fashion-MNIST file '") + (dir / f).string() +
                                      "' is missing; install the Debian package " +
                                      k_fashion_mnist_package + " (sudo apt-get install " +
                                      k_fashion_mnist_package + ")" +
                                      (hint.empty() ? "" : " " + hint));
}

fashion_mnist load_fashion_mnist(const std::filesystem::path& dir) {
  require_fashion_mnist(dir);
  fashion_mnist d;
  d.train = load_image_set(dir / k_files[0], dir / k_files[1]);
  d.test = load_image_set(dir / k_files[2], dir / k_files[3]);
  return d;
}

const fashion_mnist& fashion_mnist_shared(const std::filesystem::path& dir) {
  static std::mutex mu;
  static std::vector<std::pair<std::filesystem::path, std::unique_ptr<fashion_mnist>>> loaded;
  const std::lock_guard lock(mu);
  for (const auto& [p, d] : loaded)
    if (p == dir) return *d;
  loaded.emplace_back(dir, std::make_unique<fashion_mnist>(load_fashion_mnist(dir)));
  return *loaded.back().second;
}

split_indices stratified_split(std::span<const std::uint8_t> labels, int num_classes,
                               std::size_t n_first, std::size_t n_second,
                               std::uint64_t split_seed) {
  if (num_classes <= 0)
    throw invalid_argument("nn.data", "num_classes must be > 0, got " + std::to_string(num_classes));
  const auto k = static_cast<std::size_t>(num_classes);
  std::vector<std::vector<std::size_t>> by_class(k);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] >= k)
      throw invalid_argument("nn.data", "label " + std::to_string(labels[i]) + " of item " +
                                            std::to_string(i) + " is outside [0, " +
                                            std::to_string(k) + ")");
    by_class[labels[i]].push_back(i);
  }
  rng g(derive_seed(split_seed, "fmnist-split"));
  for (auto& v : by_class) shuffle(g, std::span<std::size_t>(v));
  auto quota = [k](std::size_t n, std::size_t c) { return n / k + (c < n % k ? 1 : 0); };
  for (std::size_t c = 0; c < k; ++c)
    if (by_class[c].size() < quota(n_first, c) + quota(n_second, c))
      throw invalid_argument("nn.data", "class " + std::to_string(c) + " has " +
                                            std::to_string(by_class[c].size()) +
                                            " images, fewer than the " +
                                            std::to_string(quota(n_first, c) + quota(n_second, c)) +
                                            " a split of " + std::to_string(n_first) + " + " +
                                            std::to_string(n_second) + " needs");
  split_indices s;
  auto interleave = [&](std::size_t n, std::size_t offset_of_first, std::vector<std::size_t>& out) {
    for (std::size_t r = 0; out.size() < n; ++r)
      for (std::size_t c = 0; c < k && out.size() < n; ++c)
        if (r < quota(n, c)) out.push_back(by_class[c][(offset_of_first ? quota(n_first, c) : 0) + r]);
  };
  interleave(n_first, 0, s.first);
  interleave(n_second, 1, s.second);
  return s;
}

std::vector<std::size_t> prefix_fraction(std::span<const std::size_t> indices, double fraction) {
  if (!(fraction > 0.0 && fraction <= 1.0))
    throw invalid_argument("nn.data", "data fraction must be in (0, 1], got " +
                                          std::to_string(fraction));
  const auto n = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::llround(fraction * static_cast<double>(indices.size()))));
  return {indices.begin(), indices.begin() + static_cast<std::ptrdiff_t>(std::min(n, indices.size()))};
}

input_geometry geometry_for_side(int side) {
  switch (side) {
    case 28: return {0, 1};
    case 14: return {0, 2};
    case 32: return {2, 1};
    case 16: return {2, 2};
    default:
      throw invalid_argument("nn.data", "unsupported input side " + std::to_string(side) +
                                            "; valid: 28, 14, 32, 16");
  }
}

dataset make_dataset(const image_set& set, std::span<const std::size_t> indices,
                     input_geometry geo, double mean, double stddev) {
  if (geo.pad < 0 || geo.pool <= 0 || (set.height + 2 * geo.pad) % geo.pool != 0 ||
      (set.width + 2 * geo.pad) % geo.pool != 0)
    throw invalid_argument("nn.data", "geometry pad=" + std::to_string(geo.pad) + " pool=" +
                                          std::to_string(geo.pool) + " does not tile " +
                                          std::to_string(set.height) + "x" +
                                          std::to_string(set.width) + " images");
  if (!(stddev > 0.0)) throw invalid_argument("nn.data", "stddev must be > 0");
  const int ph = set.height + 2 * geo.pad, pw = set.width + 2 * geo.pad;
  const int oh = ph / geo.pool, ow = pw / geo.pool;
  dataset d;
  d.images = tensor({static_cast<int>(indices.size()), 1, oh, ow});
  d.labels.reserve(indices.size());
  const double scale = 1.0 / (255.0 * geo.pool * geo.pool);
  const std::size_t img = static_cast<std::size_t>(set.height) * set.width;
  for (std::size_t n = 0; n < indices.size(); ++n) {
    const std::size_t i = indices[n];
    if (i >= static_cast<std::size_t>(set.count))
      throw invalid_argument("nn.data", "image index " + std::to_string(i) + " outside [0, " +
                                            std::to_string(set.count) + ")");
    const std::uint8_t* src = set.pixels.data() + i * img;
    float* dst = d.images.data() + n * static_cast<std::size_t>(oh) * ow;
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox) {
        unsigned sum = 0;
        for (int dy = 0; dy < geo.pool; ++dy)
          for (int dx = 0; dx < geo.pool; ++dx) {
            const int y = oy * geo.pool + dy - geo.pad, x = ox * geo.pool + dx - geo.pad;
            if (y >= 0 && y < set.height && x >= 0 && x < set.width)
              sum += src[static_cast<std::size_t>(y) * set.width + x];
          }
        dst[static_cast<std::size_t>(oy) * ow + ox] =
            static_cast<float>((sum * scale - mean) / stddev);
      }
    d.labels.push_back(set.labels[i]);
  }
  return d;
}

}  // namespace dsegym::sim::nn

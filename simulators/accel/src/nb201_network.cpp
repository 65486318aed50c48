#include "dsegym/sim/accel/nb201_network.hpp"

#include <string>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::accel {

namespace {

constexpr std::array<const char*, 6> edge_names{"0->1", "0->2", "1->2", "0->3", "1->3", "2->3"};

}  // namespace

network nb201_network(std::span<const std::int64_t> ops, const nb201_network_options& o) {
  if (ops.size() != 6)
    throw invalid_argument("accel", "an NB201 cell has 6 edge ops, got " + std::to_string(ops.size()));
  for (std::size_t e = 0; e < 6; ++e)
    if (ops[e] < 0 || ops[e] > 4)
      throw invalid_argument("accel", "NB201 op code " + std::to_string(ops[e]) + " on edge " + edge_names[e] +
                                          " (valid: 0 none, 1 skip_connect, 2 nor_conv_1x1, 3 nor_conv_3x3, "
                                          "4 avg_pool_3x3)");
  if (o.channels == 0 || o.cells_per_stage == 0 || o.input_channels == 0 || o.classes == 0)
    throw invalid_argument("accel", "nb201_network_options: channels, cells_per_stage, input_channels and "
                                    "classes must be >= 1");
  if (o.height == 0 || o.width == 0 || o.height % 4 != 0 || o.width % 4 != 0)
    throw invalid_argument("accel", "nb201_network_options: height and width must be positive multiples of 4, got " +
                                        std::to_string(o.height) + "x" + std::to_string(o.width));
  network n;
  n.name = "nb201";
  for (auto op : ops) n.name += std::to_string(op);
  auto& L = n.layers;
  std::uint64_t c = o.channels, h = o.height, w = o.width;
  L.push_back(conv2d("stem", o.input_channels, c, h, w, 3, 1, 1));
  for (int stage = 1; stage <= 3; ++stage) {
    if (stage > 1) {
      const std::string prefix = "reduce" + std::to_string(stage - 1) + ".";
      L.push_back(conv2d(prefix + "conv_a", c, 2 * c, h, w, 3, 2, 1));
      const std::uint64_t h2 = L.back().p, w2 = L.back().q;
      L.push_back(conv2d(prefix + "conv_b", 2 * c, 2 * c, h2, w2, 3, 1, 1));
      L.push_back(conv2d(prefix + "shortcut", c, 2 * c, h / 2, w / 2, 1, 1, 0));  // after AvgPool(2, 2)
      c *= 2;
      h = h2;
      w = w2;
    }
    for (std::uint32_t cell = 1; cell <= o.cells_per_stage; ++cell)
      for (std::size_t e = 0; e < 6; ++e) {
        if (ops[e] != 2 && ops[e] != 3) continue;  // none, skip and pooling have no MACs
        const std::uint32_t k = ops[e] == 3 ? 3 : 1;
        L.push_back(conv2d("stage" + std::to_string(stage) + ".cell" + std::to_string(cell) + ".edge" +
                               edge_names[e] + (k == 3 ? ".conv3x3" : ".conv1x1"),
                           c, c, h, w, k, 1, k / 2));
      }
  }
  L.push_back(fully_connected("classifier", c, o.classes));
  return n;
}

network nb201_network(const std::array<std::uint8_t, 6>& ops, const nb201_network_options& options) {
  std::array<std::int64_t, 6> v{};
  for (std::size_t i = 0; i < 6; ++i) v[i] = ops[i];
  return nb201_network(std::span<const std::int64_t>(v), options);
}

}  // namespace dsegym::sim::accel

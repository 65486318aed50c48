#include "dsegym/sim/accel/builtin_networks.hpp"

#include <array>
#include <string>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::accel {

network alexnet() {
  network n{.name = "alexnet", .layers = {}};
  auto& L = n.layers;
  L.push_back(conv2d("conv1", 3, 96, 227, 227, 11, 4, 0));
  L.push_back(conv2d("conv2", 96, 256, 27, 27, 5, 1, 2));
  L.push_back(conv2d("conv3", 256, 384, 13, 13, 3, 1, 1));
  L.push_back(conv2d("conv4", 384, 384, 13, 13, 3, 1, 1));
  L.push_back(conv2d("conv5", 384, 256, 13, 13, 3, 1, 1));
  L.push_back(fully_connected("fc6", 256 * 6 * 6, 4096));
  L.push_back(fully_connected("fc7", 4096, 4096));
  L.push_back(fully_connected("fc8", 4096, 1000));
  return n;
}

network resnet18() {
  network n{.name = "resnet18", .layers = {}};
  auto& L = n.layers;
  L.push_back(conv2d("conv1", 3, 64, 224, 224, 7, 2, 3));
  std::uint64_t in = 64, size = 56;  // after the 3×3/2 max pool
  const std::array<std::uint64_t, 4> widths{64, 128, 256, 512};
  for (std::size_t stage = 0; stage < widths.size(); ++stage) {
    const std::uint64_t out = widths[stage];
    for (int block = 0; block < 2; ++block) {
      const std::uint32_t stride = stage > 0 && block == 0 ? 2 : 1;
      const std::string prefix = "layer" + std::to_string(stage + 1) + "." + std::to_string(block) + ".";
      L.push_back(conv2d(prefix + "conv1", in, out, size, size, 3, stride, 1));
      const std::uint64_t out_size = L.back().p;
      L.push_back(conv2d(prefix + "conv2", out, out, out_size, out_size, 3, 1, 1));
      if (stride != 1 || in != out) L.push_back(conv2d(prefix + "downsample", in, out, size, size, 1, stride, 0));
      in = out;
      size = out_size;
    }
  }
  L.push_back(fully_connected("fc", 512, 1000));
  return n;
}

network mobilenet_v2() {
  network n{.name = "mobilenet_v2", .layers = {}};
  auto& L = n.layers;
  L.push_back(conv2d("conv0", 3, 32, 224, 224, 3, 2, 1));
  std::uint64_t in = 32, size = 112;
  struct group {
    std::uint64_t t, c, n;
    std::uint32_t s;
  };
  const std::array<group, 7> groups{{{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2},
                                     {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}}};
  int block = 1;
  for (const auto& g : groups) {
    for (std::uint64_t i = 0; i < g.n; ++i, ++block) {
      const std::uint32_t stride = i == 0 ? g.s : 1;
      const std::uint64_t hidden = in * g.t;
      const std::string prefix = "block" + std::to_string(block) + ".";
      if (g.t != 1) L.push_back(conv2d(prefix + "expand", in, hidden, size, size, 1));
      L.push_back(depthwise_conv2d(prefix + "depthwise", hidden, size, size, 3, stride, 1));
      const std::uint64_t out_size = L.back().p;
      L.push_back(conv2d(prefix + "project", hidden, g.c, out_size, out_size, 1));
      in = g.c;
      size = out_size;
    }
  }
  L.push_back(conv2d("conv_last", 320, 1280, size, size, 1));
  L.push_back(fully_connected("classifier", 1280, 1000));
  return n;
}

std::vector<std::string> builtin_network_names() { return {"alexnet", "resnet18", "mobilenet_v2"}; }

network builtin_network(std::string_view name) {
  if (name == "alexnet") return alexnet();
  if (name == "resnet18") return resnet18();
  if (name == "mobilenet_v2") return mobilenet_v2();
  throw not_found("accel", "no built-in network \"" + std::string(name) +
                               "\" (valid: alexnet, resnet18, mobilenet_v2)");
}

}  // namespace dsegym::sim::accel

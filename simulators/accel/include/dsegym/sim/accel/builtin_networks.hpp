#pragma once
/// @file
/// Built-in networks written from their published shapes (batch 1, ImageNet 224×224 unless
/// noted), so the accelerator model works without data files. Pooling, BN, activations and
/// additions are not layers (no MACs).

#include <string>
#include <string_view>
#include <vector>

#include "dsegym/sim/accel/network.hpp"

namespace dsegym::sim::accel {

/// AlexNet (Krizhevsky et al. 2012) with the TimeloopGym conv shapes (227×227 input, 96 filters
/// in conv1, no grouping) and FC6-8: conv MACs 1,076,634,144, FC 58,621,952.
[[nodiscard]] network alexnet();
/// ResNet-18 (He et al. 2016): conv1 7×7/2, four stages of two basic blocks, 1×1/2 projection
/// shortcuts, FC 512→1000: 1,814,073,344 MACs.
[[nodiscard]] network resnet18();
/// MobileNetV2 1.0 (Sandler et al. 2018): inverted residual blocks (t, c, n, s) = (1,16,1,1),
/// (6,24,2,2), (6,32,3,2), (6,64,4,2), (6,96,3,1), (6,160,3,2), (6,320,1,1), conv 1×1 to 1280,
/// FC 1280→1000: about 300 M MACs.
[[nodiscard]] network mobilenet_v2();

/// "alexnet", "resnet18" or "mobilenet_v2". @throws dsegym::not_found listing the names.
[[nodiscard]] network builtin_network(std::string_view name);
[[nodiscard]] std::vector<std::string> builtin_network_names();

}  // namespace dsegym::sim::accel

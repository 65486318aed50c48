#pragma once
// Analytic GPU inference latency of a network (arch-recipe.md §5.4): per Conv/Linear layer a
// roofline max(compute time, memory time) with size-dependent efficiencies, plus a fixed launch
// overhead; the network's latency is the sum over its layers (layers run one after another).
//
//   t_layer = max(2 * MACs * b / (P * eta_c), bytes / (BW * eta_m)) + t_launch
//   bytes   = (weights + b * (inputs + outputs)) * bytes per element
//
// Device peaks (dense FP16) and bandwidths are vendor figures; the efficiency tables are those of an
// A100 system description used by a public performance model. Fashion-MNIST-sized layers fall in
// the lowest bins, so the launch overhead (an assumption, default 5 µs) dominates at batch 1.

#include <string>
#include <string_view>
#include <vector>

#include "dsegym/sim/nn/layers.hpp"

namespace dsegym::sim::nn {

struct gpu_device {
  std::string name;
  double peak_flops = 0.0;     ///< dense FP16, FLOP/s
  double bandwidth_Bps = 0.0;  ///< memory bandwidth, bytes/s
};

/// V100, A100-40G, A100-80G, A6000, L40, H100-PCIe, H100-SXM.
[[nodiscard]] const std::vector<gpu_device>& gpu_devices();
/// "V100, A100-40G, ..." (for messages).
[[nodiscard]] std::string gpu_device_names();
/// The device called `name` (invalid_argument listing the names otherwise).
[[nodiscard]] const gpu_device& gpu_device_named(std::string_view name);

/// eta_c by the layer's FLOPs: 0.95 (>= 128 GFLOP), 0.9 (>= 16 G), 0.6 (>= 1 G), else 0.1.
[[nodiscard]] double compute_efficiency(double layer_flops) noexcept;
/// eta_m by the layer's bytes moved: 0.90 (>= 100 MB), 0.75 (>= 10 MB), 0.6 (>= 1 MB), else 0.3.
[[nodiscard]] double memory_efficiency(double bytes) noexcept;

struct gpu_inference_options {
  int batch = 1;
  double bytes_per_element = 2.0;  ///< FP16
  double launch_overhead_s = 5e-6;
};

/// Latency in seconds of one batch through `layers` (invalid_argument for batch < 1, a non-positive
/// element size or a negative overhead).
[[nodiscard]] double gpu_inference_latency(const std::vector<compute_layer>& layers,
                                           const gpu_device& device,
                                           const gpu_inference_options& options = {});

}  // namespace dsegym::sim::nn

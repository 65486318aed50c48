#include "dsegym/sim/nn/device_cost.hpp"

#include <algorithm>
#include <cmath>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::nn {

const std::vector<gpu_device>& gpu_devices() {
  static const std::vector<gpu_device> devices = {
      {"V100", 112e12, 900e9},       {"A100-40G", 312e12, 1555e9}, {"A100-80G", 312e12, 2039e9},
      {"A6000", 154.8e12, 768e9},    {"L40", 181e12, 864e9},       {"H100-PCIe", 756.5e12, 2000e9},
      {"H100-SXM", 989.5e12, 3350e9},
  };
  return devices;
}

std::string gpu_device_names() {
  std::string names;
  for (const auto& d : gpu_devices()) names += (names.empty() ? "" : ", ") + d.name;
  return names;
}

const gpu_device& gpu_device_named(std::string_view name) {
  for (const auto& d : gpu_devices())
    if (d.name == name) return d;
  throw invalid_argument("nn", "unknown GPU \"" + std::string(name) + "\"; valid: " + gpu_device_names());
}

double compute_efficiency(double layer_flops) noexcept {
  if (layer_flops >= 128e9) return 0.95;
  if (layer_flops >= 16e9) return 0.9;
  if (layer_flops >= 1e9) return 0.6;
  return 0.1;
}

double memory_efficiency(double bytes) noexcept {
  if (bytes >= 100e6) return 0.90;
  if (bytes >= 10e6) return 0.75;
  if (bytes >= 1e6) return 0.6;
  return 0.3;
}

double gpu_inference_latency(const std::vector<compute_layer>& layers, const gpu_device& device,
                             const gpu_inference_options& o) {
  if (o.batch < 1) throw invalid_argument("nn", "GPU latency needs batch >= 1, got " + std::to_string(o.batch));
  if (!(o.bytes_per_element > 0.0) || !(o.launch_overhead_s >= 0.0) || !std::isfinite(o.launch_overhead_s))
    throw invalid_argument("nn", "GPU latency needs bytes per element > 0 and a finite launch overhead >= 0");
  const double b = o.batch;
  double total = 0.0;
  for (const auto& l : layers) {
    const double inputs = static_cast<double>(l.in_channels) * l.in_h * l.in_w;
    const double flops = 2.0 * static_cast<double>(l.macs()) * b;
    const double bytes =
        (static_cast<double>(l.weights()) + b * (inputs + static_cast<double>(l.outputs()))) *
        o.bytes_per_element;
    const double compute_s = flops / (device.peak_flops * compute_efficiency(flops));
    const double memory_s = bytes / (device.bandwidth_Bps * memory_efficiency(bytes));
    total += std::max(compute_s, memory_s) + o.launch_overhead_s;
  }
  return total;
}

}  // namespace dsegym::sim::nn

#include "dsegym/sim/accel/layer.hpp"

#include <string>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::accel {

namespace {

std::uint64_t out_size(const std::string& name, std::uint64_t in, std::uint32_t kernel, std::uint32_t stride,
                       std::uint32_t pad) {
  if (kernel == 0 || stride == 0)
    throw invalid_argument("accel", "layer '" + name + "': kernel and stride must be >= 1");
  if (in + 2ULL * pad < kernel)
    throw invalid_argument("accel", "layer '" + name + "': kernel " + std::to_string(kernel) +
                                        " does not fit input " + std::to_string(in) + " with padding " +
                                        std::to_string(pad));
  return (in + 2ULL * pad - kernel) / stride + 1;
}

}  // namespace

void validate(const layer& l) {
  const auto d = l.dims();
  for (dim x : all_dims)
    if (d[index(x)] == 0)
      throw invalid_argument("accel", "layer '" + l.name + "': dimension " + std::string(dim_name(x)) +
                                          " is 0 (every dimension must be >= 1)");
  // The mapper enumerates divisors of every loop bound (O(sqrt(bound)) each): bound its work.
  for (dim x : all_dims)
    if (d[index(x)] > max_layer_dim)
      throw invalid_argument("accel", "layer '" + l.name + "': dimension " + std::string(dim_name(x)) + " = " +
                                          std::to_string(d[index(x)]) + " exceeds the limit " +
                                          std::to_string(max_layer_dim) + " (2^24) of the mapper");
  if (l.stride_h == 0 || l.stride_w == 0)
    throw invalid_argument("accel", "layer '" + l.name + "': stride must be >= 1");
  if (l.depthwise() && l.k != 1)
    throw invalid_argument("accel", "layer '" + l.name + "': a depthwise layer has K = 1, got " +
                                        std::to_string(l.k));
  if (2ULL * l.pad_h >= l.r + (l.p - 1) * l.stride_h)
    throw invalid_argument("accel", "layer '" + l.name + "': padding " + std::to_string(l.pad_h) +
                                        " leaves no input rows");
  if (2ULL * l.pad_w >= l.s + (l.q - 1) * l.stride_w)
    throw invalid_argument("accel", "layer '" + l.name + "': padding " + std::to_string(l.pad_w) +
                                        " leaves no input columns");
  // Keep every count well inside double's exact-integer range and uint64.
  double macs = 1.0;
  for (auto v : d) macs *= static_cast<double>(v);
  if (macs > 4.0e18)
    throw invalid_argument("accel", "layer '" + l.name + "' has more than 4e18 MACs");
}

layer conv2d(std::string name, std::uint64_t in_channels, std::uint64_t out_channels, std::uint64_t in_h,
             std::uint64_t in_w, std::uint32_t kernel, std::uint32_t stride, std::uint32_t pad, bool bias) {
  layer l;
  l.name = std::move(name);
  l.type = layer_type::conv;
  l.k = out_channels;
  l.c = in_channels;
  l.r = l.s = kernel;
  l.p = out_size(l.name, in_h, kernel, stride, pad);
  l.q = out_size(l.name, in_w, kernel, stride, pad);
  l.stride_h = l.stride_w = stride;
  l.pad_h = l.pad_w = pad;
  l.bias = bias;
  validate(l);
  return l;
}

layer depthwise_conv2d(std::string name, std::uint64_t channels, std::uint64_t in_h, std::uint64_t in_w,
                       std::uint32_t kernel, std::uint32_t stride, std::uint32_t pad) {
  layer l = conv2d(std::move(name), channels, 1, in_h, in_w, kernel, stride, pad);
  l.type = layer_type::depthwise;
  return l;
}

layer fully_connected(std::string name, std::uint64_t inputs, std::uint64_t outputs, std::uint64_t batch,
                      bool bias) {
  layer l;
  l.name = std::move(name);
  l.type = layer_type::fc;
  l.n = batch;
  l.k = outputs;
  l.c = inputs;
  l.bias = bias;
  validate(l);
  return l;
}

layer gemm(std::string name, std::uint64_t m, std::uint64_t n, std::uint64_t k) {
  layer l;
  l.name = std::move(name);
  l.type = layer_type::gemm;
  l.k = n;
  l.c = k;
  l.p = m;
  validate(l);
  return l;
}

}  // namespace dsegym::sim::accel

#pragma once
// Layers with explicit forward/backward passes. A module caches what its backward pass needs during
// the last forward call, so one instance appears at most once in a network.

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "dsegym/core/random.hpp"
#include "dsegym/sim/nn/tensor.hpp"

namespace dsegym::sim::nn {

/// A trainable tensor with its gradient (accumulated by backward, cleared by zero_grad).
struct parameter {
  tensor value;
  tensor grad;
  std::string name;
};

/// Per-call context: training mode (batch statistics, dropout) and the stream for dropout masks.
struct run_context {
  bool training = false;
  rng* gen = nullptr;  ///< required when training with dropout > 0
};

/// Shape of one Conv or Linear layer at the last forward's geometry (per image), for hardware cost
/// models. A linear layer has kernel 1 and 1 x 1 spatial sizes.
struct compute_layer {
  bool conv = false;
  int in_channels = 0, out_channels = 0;
  int kernel = 1, stride = 1, pad = 0;
  int in_h = 1, in_w = 1, out_h = 1, out_w = 1;
  bool bias = false;
  [[nodiscard]] std::uint64_t macs() const noexcept;      ///< incl. one per output for the bias
  [[nodiscard]] std::uint64_t outputs() const noexcept;   ///< output elements
  [[nodiscard]] std::uint64_t weights() const noexcept;   ///< parameters incl. bias
};

class module;
using module_ptr = std::unique_ptr<module>;

/// A layer or a container of layers. Containers only name their children; the collecting and
/// counting walks below recurse through children() unless a leaf overrides them.
class module {
 public:
  virtual ~module() = default;
  virtual tensor forward(const tensor& x, run_context& ctx) = 0;
  /// forward for an input the caller no longer needs: layers that keep their input for the
  /// backward pass take it over instead of copying it.
  virtual tensor forward_move(tensor&& x, run_context& ctx) { return forward(x, ctx); }
  /// Gradient w.r.t. the input of the last forward; accumulates parameter gradients.
  virtual tensor backward(const tensor& grad_out) = 0;
  /// Like backward when nobody needs the input gradient (the network's first layers): only
  /// accumulates parameter gradients, skipping the input-gradient work where a layer can.
  virtual void backward_parameters(const tensor& grad_out) { (void)backward(grad_out); }
  virtual void collect_parameters(std::vector<parameter*>& out);
  /// Non-trainable state saved with the weights (batch-norm running statistics).
  virtual void collect_buffers(std::vector<tensor*>& out);
  /// Conv/Linear layer shapes at the last forward's geometry, in forward order.
  virtual void collect_compute_layers(std::vector<compute_layer>& out) const;
  /// Multiply-accumulates per image of Conv/Linear layers at the last forward's geometry.
  [[nodiscard]] std::uint64_t macs_per_image() const;
  [[nodiscard]] virtual std::string name() const = 0;

 protected:
  [[nodiscard]] virtual std::span<const module_ptr> children() const { return {}; }
};

/// Fully connected: y = x W^T + b; x is N x F (higher ranks are flattened after N).
class linear final : public module {
 public:
  linear(int in_features, int out_features, bool bias, rng& init);
  tensor forward(const tensor& x, run_context& ctx) override;
  tensor forward_move(tensor&& x, run_context& ctx) override;
  tensor backward(const tensor& grad_out) override;
  void backward_parameters(const tensor& grad_out) override;
  void collect_parameters(std::vector<parameter*>& out) override;
  void collect_compute_layers(std::vector<compute_layer>& out) const override;
  [[nodiscard]] std::string name() const override { return "linear"; }
  parameter weight, bias;  ///< weight out x in; bias out (empty without bias)

 private:
  tensor forward_cached();  // forward of the input held in x_
  int in_, out_;
  bool has_bias_;
  tensor x_;
  std::vector<int> in_shape_;
};

/// 2-D convolution by im2col + Eigen GEMM. Input N x Cin x H x W.
class conv2d final : public module {
 public:
  conv2d(int in_channels, int out_channels, int kernel, int stride, int pad, bool bias, rng& init);
  tensor forward(const tensor& x, run_context& ctx) override;
  tensor forward_move(tensor&& x, run_context& ctx) override;
  tensor backward(const tensor& grad_out) override;
  void backward_parameters(const tensor& grad_out) override;
  void collect_parameters(std::vector<parameter*>& out) override;
  void collect_compute_layers(std::vector<compute_layer>& out) const override;
  [[nodiscard]] std::string name() const override { return "conv2d"; }
  parameter weight, bias;  ///< weight Cout x Cin x k x k

 private:
  tensor forward_cached();  // forward of the input held in x_
  void backward_impl(const tensor& g, tensor* dx);
  int cin_, cout_, k_, stride_, pad_;
  bool has_bias_;
  tensor x_;
  int hi_ = 0, wi_ = 0, ho_ = 0, wo_ = 0;
};

enum class pool_kind { max, average };

/// k x k pooling. Average pooling divides by the in-bounds count when !count_include_pad.
class pool2d final : public module {
 public:
  pool2d(pool_kind kind, int kernel, int stride, int pad, bool count_include_pad = false);
  tensor forward(const tensor& x, run_context& ctx) override;
  tensor backward(const tensor& grad_out) override;
  [[nodiscard]] std::string name() const override;

 private:
  pool_kind kind_;
  int k_, stride_, pad_;
  bool include_pad_;
  std::vector<int> in_shape_;
  std::vector<std::int32_t> argmax_;  // max pooling: flat input index per output (-1: none)
};

/// N x C x H x W -> N x C.
class global_avg_pool final : public module {
 public:
  tensor forward(const tensor& x, run_context& ctx) override;
  tensor backward(const tensor& grad_out) override;
  [[nodiscard]] std::string name() const override { return "global_avg_pool"; }

 private:
  std::vector<int> in_shape_;
};

/// Batch normalisation over N (and H, W for rank-4 input) per channel; running statistics with
/// PyTorch's convention (momentum weights the new batch, unbiased variance in the running value).
class batch_norm final : public module {
 public:
  explicit batch_norm(int channels, double momentum = 0.1, double eps = 1e-5, bool affine = true);
  tensor forward(const tensor& x, run_context& ctx) override;
  tensor backward(const tensor& grad_out) override;
  void collect_parameters(std::vector<parameter*>& out) override;
  void collect_buffers(std::vector<tensor*>& out) override;
  [[nodiscard]] std::string name() const override { return "batch_norm"; }
  parameter gamma, beta;
  tensor running_mean, running_var;

 private:
  int c_;
  double momentum_, eps_;
  bool affine_;
  tensor xhat_;
  std::vector<float> inv_std_;
  bool last_training_ = false;
};

/// Layer normalisation over all non-batch elements of each sample, per-feature affine.
class layer_norm final : public module {
 public:
  explicit layer_norm(std::vector<int> feature_shape, double eps = 1e-5);
  tensor forward(const tensor& x, run_context& ctx) override;
  tensor backward(const tensor& grad_out) override;
  void collect_parameters(std::vector<parameter*>& out) override;
  [[nodiscard]] std::string name() const override { return "layer_norm"; }
  parameter gamma, beta;

 private:
  double eps_;
  tensor xhat_;
  std::vector<float> inv_std_;
};

enum class activation_kind { relu, tanh, sigmoid, gelu_tanh, hswish };
[[nodiscard]] activation_kind parse_activation(const std::string& name);
[[nodiscard]] std::string to_string(activation_kind a);

class activation final : public module {
 public:
  explicit activation(activation_kind kind) : kind_(kind) {}
  tensor forward(const tensor& x, run_context& ctx) override;
  tensor forward_move(tensor&& x, run_context& ctx) override;
  tensor backward(const tensor& grad_out) override;
  [[nodiscard]] std::string name() const override { return to_string(kind_); }

 private:
  tensor forward_cached();  // forward of the input held in x_
  activation_kind kind_;
  tensor x_;
};

/// Inverted dropout: zeroes with probability p in training, scales kept values by 1/(1-p).
class dropout final : public module {
 public:
  explicit dropout(double p);
  tensor forward(const tensor& x, run_context& ctx) override;
  tensor backward(const tensor& grad_out) override;
  [[nodiscard]] std::string name() const override { return "dropout"; }

 private:
  double p_;
  std::vector<float> mask_;
  bool active_ = false;
};

class identity final : public module {
 public:
  tensor forward(const tensor& x, run_context&) override { return x; }
  tensor backward(const tensor& g) override { return g; }
  [[nodiscard]] std::string name() const override { return "identity"; }
};

/// Outputs zeros of the input's shape (NB201 `none`).
class zero final : public module {
 public:
  tensor forward(const tensor& x, run_context&) override { return tensor(x.shape()); }
  tensor backward(const tensor& g) override { return tensor(g.shape()); }
  [[nodiscard]] std::string name() const override { return "zero"; }
};

/// N x ... -> N x F.
class flatten final : public module {
 public:
  tensor forward(const tensor& x, run_context& ctx) override;
  tensor backward(const tensor& grad_out) override;
  [[nodiscard]] std::string name() const override { return "flatten"; }

 private:
  std::vector<int> in_shape_;
};

class sequential final : public module {
 public:
  sequential() = default;
  sequential& add(module_ptr m);
  tensor forward(const tensor& x, run_context& ctx) override;
  tensor forward_move(tensor&& x, run_context& ctx) override;
  tensor backward(const tensor& grad_out) override;
  /// Skips the layers below the first one with parameters and that layer's input gradient.
  void backward_parameters(const tensor& grad_out) override;
  [[nodiscard]] std::string name() const override { return "sequential"; }
  [[nodiscard]] std::size_t size() const noexcept { return layers_.size(); }
  [[nodiscard]] module& at(std::size_t i) { return *layers_.at(i); }

 protected:
  [[nodiscard]] std::span<const module_ptr> children() const override { return layers_; }

 private:
  std::vector<module_ptr> layers_;
};

/// Sum of branches applied to the same input (residual add: {body, identity or projection}).
class sum_branches final : public module {
 public:
  sum_branches& add(module_ptr m);
  tensor forward(const tensor& x, run_context& ctx) override;
  tensor backward(const tensor& grad_out) override;
  [[nodiscard]] std::string name() const override { return "sum_branches"; }

 protected:
  [[nodiscard]] std::span<const module_ptr> children() const override { return branches_; }

 private:
  std::vector<module_ptr> branches_;
};

/// NAS-Bench-201 cell: 4 nodes, 6 edges in the order 0->1, 0->2, 1->2, 0->3, 1->3, 2->3; node j is
/// the sum over incoming edges; output = node 3. Every edge runs (dead paths included).
class nb201_cell final : public module {
 public:
  explicit nb201_cell(std::array<module_ptr, 6> edges);
  tensor forward(const tensor& x, run_context& ctx) override;
  tensor backward(const tensor& grad_out) override;
  [[nodiscard]] std::string name() const override { return "nb201_cell"; }

 protected:
  [[nodiscard]] std::span<const module_ptr> children() const override { return edges_; }

 private:
  std::array<module_ptr, 6> edges_;
};

/// Sets every parameter gradient to zero.
void zero_grad(const std::vector<parameter*>& params);
/// Total number of parameter elements.
[[nodiscard]] std::uint64_t count_parameters(module& m);

}  // namespace dsegym::sim::nn

#include "dsegym/sim/nn/layers.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/nn/gemm.hpp"

namespace dsegym::sim::nn {

namespace {

[[noreturn]] void bad_input(const std::string& layer, const std::string& expected,
                            const tensor& x) {
  throw invalid_argument("nn", layer + " expects input " + expected + ", got " +
                                   shape_string(x.shape()));
}

/// He (Kaiming) normal initialisation for ReLU networks, std = sqrt(2 / fan_in).
void he_init(tensor& w, int fan_in, rng& g) {
  const double sd = std::sqrt(2.0 / std::max(1, fan_in));
  for (auto& v : w.values()) v = static_cast<float>(normal(g, 0.0, sd));
}

void check_rank4(const std::string& layer, const tensor& x, int channels) {
  if (x.rank() != 4 || (channels >= 0 && x.dim(1) != channels))
    bad_input(layer, "N x " + (channels >= 0 ? std::to_string(channels) : std::string("C")) +
                         " x H x W",
              x);
}

// im2col of one image into a block of columns: row r of the (Cin*k*k) x (Ho*Wo) block starts at
// col + r * ld (ld >= Ho*Wo lets several images share one wide matrix).
// Output columns ox whose input column ox * stride - pad + kx lies inside [0, w): [lo, hi).
inline void valid_range(int wo, int w, int stride, int off, int& lo, int& hi) {
  lo = off >= 0 ? 0 : (-off + stride - 1) / stride;
  hi = (w - 1 - off) < 0 ? 0 : std::min(wo, (w - 1 - off) / stride + 1);
  if (hi < lo) hi = lo;
}

template <int S>
[[gnu::always_inline]] inline void im2col_t(const float* img, int c, int h, int w, int k, int sr, int pad, int ho, int wo,
              float* col, std::size_t ld) {
  const int stride = S > 0 ? S : sr;
  for (int ci = 0; ci < c; ++ci)
    for (int ky = 0; ky < k; ++ky)
      for (int kx = 0; kx < k; ++kx) {
        float* row = col + ((static_cast<std::size_t>(ci) * k + ky) * k + kx) * ld;
        const int off = kx - pad;
        int lo, hi;
        valid_range(wo, w, stride, off, lo, hi);
        for (int oy = 0; oy < ho; ++oy) {
          const int iy = oy * stride - pad + ky;
          float* out = row + static_cast<std::size_t>(oy) * wo;
          if (iy < 0 || iy >= h) {
            std::fill(out, out + wo, 0.0f);
            continue;
          }
          const float* in = img + (static_cast<std::size_t>(ci) * h + iy) * w + off;
          for (int ox = 0; ox < lo; ++ox) out[ox] = 0.0f;
          if (stride == 1)
            for (int ox = lo; ox < hi; ++ox) out[ox] = in[ox];
          else
            for (int ox = lo; ox < hi; ++ox) out[ox] = in[ox * stride];
          for (int ox = hi; ox < wo; ++ox) out[ox] = 0.0f;
        }
      }
}

[[gnu::target_clones("avx512f", "avx2", "default")]] void im2col(
    const float* img, int c, int h, int w, int k, int stride, int pad, int ho, int wo, float* col,
    std::size_t ld) {
  if (stride == 1)
    im2col_t<1>(img, c, h, w, k, stride, pad, ho, wo, col, ld);
  else if (stride == 2)
    im2col_t<2>(img, c, h, w, k, stride, pad, ho, wo, col, ld);
  else
    im2col_t<0>(img, c, h, w, k, stride, pad, ho, wo, col, ld);
}

// im2row: the transpose of im2col, one row of c*k*k values per output pixel (row-major
// (ho*wo) x (c*k*k)), so the weight gradient and the input gradient are GEMMs on contiguous rows.
template <int K>
[[gnu::always_inline]] inline void im2row_t(const float* img, int c, int h, int w, int kr, int stride, int pad, int ho, int wo,
              float* rows) {
  const int k = K > 0 ? K : kr;
  const std::size_t kk = static_cast<std::size_t>(c) * k * k;
  for (int oy = 0; oy < ho; ++oy)
    for (int ox = 0; ox < wo; ++ox) {
      float* out = rows + (static_cast<std::size_t>(oy) * wo + ox) * kk;
      const int y0 = oy * stride - pad, x0 = ox * stride - pad;
      const bool inside = y0 >= 0 && y0 + k <= h && x0 >= 0 && x0 + k <= w;
      for (int ci = 0; ci < c; ++ci)
        for (int ky = 0; ky < k; ++ky) {
          float* o = out + (static_cast<std::size_t>(ci) * k + ky) * k;
          const int iy = y0 + ky;
          if (inside) {
            const float* in = img + (static_cast<std::size_t>(ci) * h + iy) * w + x0;
            for (int kx = 0; kx < k; ++kx) o[kx] = in[kx];
            continue;
          }
          if (iy < 0 || iy >= h) {
            for (int kx = 0; kx < k; ++kx) o[kx] = 0.0f;
            continue;
          }
          const float* in = img + (static_cast<std::size_t>(ci) * h + iy) * w;
          for (int kx = 0; kx < k; ++kx) {
            const int ix = x0 + kx;
            o[kx] = (ix >= 0 && ix < w) ? in[ix] : 0.0f;
          }
        }
    }
}

// Adjoint of im2row: adds each pixel row's values back onto the image.
template <int K>
[[gnu::always_inline]] inline void row2im_t(const float* rows, int c, int h, int w, int kr, int stride, int pad, int ho, int wo,
              float* img) {
  const int k = K > 0 ? K : kr;
  const std::size_t kk = static_cast<std::size_t>(c) * k * k;
  for (int oy = 0; oy < ho; ++oy)
    for (int ox = 0; ox < wo; ++ox) {
      const float* in = rows + (static_cast<std::size_t>(oy) * wo + ox) * kk;
      const int y0 = oy * stride - pad, x0 = ox * stride - pad;
      const int kx0 = std::max(0, -x0), kx1 = std::min(k, w - x0);
      for (int ci = 0; ci < c; ++ci)
        for (int ky = 0; ky < k; ++ky) {
          const int iy = y0 + ky;
          if (iy < 0 || iy >= h) continue;
          const float* i = in + (static_cast<std::size_t>(ci) * k + ky) * k;
          float* o = img + (static_cast<std::size_t>(ci) * h + iy) * w + x0;
          for (int kx = kx0; kx < kx1; ++kx) o[kx] += i[kx];
        }
    }
}

// Pure data movement (row2im's additions keep each element's order), so the CPU-specific clones
// give the same bits as the portable one.
[[gnu::target_clones("avx512f", "avx2", "default")]] void im2row(
    const float* img, int c, int h, int w, int k, int stride, int pad, int ho, int wo, float* rows) {
  if (k == 3)
    im2row_t<3>(img, c, h, w, k, stride, pad, ho, wo, rows);
  else
    im2row_t<0>(img, c, h, w, k, stride, pad, ho, wo, rows);
}

[[gnu::target_clones("avx512f", "avx2", "default")]] void row2im(
    const float* rows, int c, int h, int w, int k, int stride, int pad, int ho, int wo, float* img) {
  if (k == 3)
    row2im_t<3>(rows, c, h, w, k, stride, pad, ho, wo, img);
  else
    row2im_t<0>(rows, c, h, w, k, stride, pad, ho, wo, img);
}

// Sum in 16 fixed lanes (element j goes to lane j % 16, lanes added in order at the end): the
// same bits on every build, and a loop the compiler vectorises.
float lane_sum(const float* v, int n) {
  float lanes[16] = {};
  int j = 0;
  for (; j + 16 <= n; j += 16)
    for (int l = 0; l < 16; ++l) lanes[l] += v[j + l];
  for (int l = 0; j < n; ++j, ++l) lanes[l] += v[j];
  float s = 0.0f;
  for (float x : lanes) s += x;
  return s;
}

}  // namespace

// ------------------------------------------------------------------------------------- module

std::uint64_t compute_layer::macs() const noexcept {
  const auto outs = outputs();
  return static_cast<std::uint64_t>(kernel) * kernel * in_channels * outs + (bias ? outs : 0);
}
std::uint64_t compute_layer::outputs() const noexcept {
  return static_cast<std::uint64_t>(out_channels) * out_h * out_w;
}
std::uint64_t compute_layer::weights() const noexcept {
  return static_cast<std::uint64_t>(kernel) * kernel * in_channels * out_channels +
         (bias ? out_channels : 0);
}

void module::collect_parameters(std::vector<parameter*>& out) {
  for (const auto& c : children()) c->collect_parameters(out);
}
void module::collect_buffers(std::vector<tensor*>& out) {
  for (const auto& c : children()) c->collect_buffers(out);
}
void module::collect_compute_layers(std::vector<compute_layer>& out) const {
  for (const auto& c : children()) c->collect_compute_layers(out);
}
std::uint64_t module::macs_per_image() const {
  std::vector<compute_layer> layers;
  collect_compute_layers(layers);
  std::uint64_t s = 0;
  for (const auto& l : layers) s += l.macs();
  return s;
}

// ------------------------------------------------------------------------------------- linear

linear::linear(int in_features, int out_features, bool bias, rng& init)
    : in_(in_features), out_(out_features), has_bias_(bias) {
  if (in_features <= 0 || out_features <= 0)
    throw invalid_argument("nn", "linear needs positive sizes, got in=" +
                                     std::to_string(in_features) +
                                     " out=" + std::to_string(out_features));
  weight = {tensor({out_, in_}), tensor({out_, in_}), "weight"};
  he_init(weight.value, in_, init);
  if (has_bias_) this->bias = {tensor({out_}), tensor({out_}), "bias"};
}

tensor linear::forward(const tensor& x, run_context&) {
  if (x.rank() < 2 || static_cast<int>(x.inner_size()) != in_)
    bad_input("linear", "N x " + std::to_string(in_), x);
  x_ = x;
  return forward_cached();
}

tensor linear::forward_move(tensor&& x, run_context&) {
  if (x.rank() < 2 || static_cast<int>(x.inner_size()) != in_)
    bad_input("linear", "N x " + std::to_string(in_), x);
  x_ = std::move(x);
  return forward_cached();
}

tensor linear::forward_cached() {
  in_shape_ = x_.shape();
  const int n = x_.dim(0);
  x_.reshape({n, in_});
  tensor y = tensor::uninitialized({n, out_});
  // Y = X * W^T
  detail::gemm(n, out_, in_, {x_.data(), in_, 1}, {weight.value.data(), 1, in_}, y.data(), out_,
               false);
  if (has_bias_)
    for (int i = 0; i < n; ++i)
      for (int o = 0; o < out_; ++o) y[static_cast<std::size_t>(i) * out_ + o] += bias.value[o];
  return y;
}

tensor linear::backward(const tensor& g) {
  const int n = x_.dim(0);
  if (g.rank() != 2 || g.dim(0) != n || g.dim(1) != out_)
    bad_input("linear backward", "N x " + std::to_string(out_), g);
  backward_parameters(g);
  tensor dx = tensor::uninitialized({n, in_});
  // dX = G * W
  detail::gemm(n, in_, out_, {g.data(), out_, 1}, {weight.value.data(), in_, 1}, dx.data(), in_,
               false);
  dx.reshape(in_shape_);
  return dx;
}

void linear::backward_parameters(const tensor& g) {
  const int n = x_.dim(0);
  if (g.rank() != 2 || g.dim(0) != n || g.dim(1) != out_)
    bad_input("linear backward", "N x " + std::to_string(out_), g);
  // dW += G^T * X
  detail::gemm(out_, in_, n, {g.data(), 1, out_}, {x_.data(), in_, 1}, weight.grad.data(), in_,
               true);
  if (has_bias_)
    for (int i = 0; i < n; ++i)
      for (int o = 0; o < out_; ++o) bias.grad[o] += g[static_cast<std::size_t>(i) * out_ + o];
}

void linear::collect_parameters(std::vector<parameter*>& out) {
  out.push_back(&weight);
  if (has_bias_) out.push_back(&bias);
}

void linear::collect_compute_layers(std::vector<compute_layer>& out) const {
  compute_layer l;
  l.in_channels = in_;
  l.out_channels = out_;
  l.bias = has_bias_;
  out.push_back(l);
}

// ------------------------------------------------------------------------------------- conv2d

conv2d::conv2d(int in_channels, int out_channels, int kernel, int stride, int pad, bool bias,
               rng& init)
    : cin_(in_channels), cout_(out_channels), k_(kernel), stride_(stride), pad_(pad),
      has_bias_(bias) {
  if (cin_ <= 0 || cout_ <= 0 || k_ <= 0 || stride_ <= 0 || pad_ < 0)
    throw invalid_argument("nn", "conv2d needs positive channels/kernel/stride and pad >= 0, got "
                                 "cin=" + std::to_string(cin_) + " cout=" + std::to_string(cout_) +
                                     " k=" + std::to_string(k_) + " stride=" +
                                     std::to_string(stride_) + " pad=" + std::to_string(pad_));
  weight = {tensor({cout_, cin_, k_, k_}), tensor({cout_, cin_, k_, k_}), "weight"};
  he_init(weight.value, cin_ * k_ * k_, init);
  if (has_bias_) this->bias = {tensor({cout_}), tensor({cout_}), "bias"};
}

namespace {
// im2col scratch shared by every conv layer of a thread (stays warm in cache, no per-layer memory).
thread_local std::vector<float> t_col, t_dcol;
}  // namespace

tensor conv2d::forward(const tensor& x, run_context&) {
  check_rank4("conv2d", x, cin_);
  x_ = x;
  return forward_cached();
}

tensor conv2d::forward_move(tensor&& x, run_context&) {
  check_rank4("conv2d", x, cin_);
  x_ = std::move(x);
  return forward_cached();
}

tensor conv2d::forward_cached() {
  const tensor& x = x_;
  const int n = x.dim(0), h = x.dim(2), w = x.dim(3);
  hi_ = h;
  wi_ = w;
  ho_ = (h + 2 * pad_ - k_) / stride_ + 1;
  wo_ = (w + 2 * pad_ - k_) / stride_ + 1;
  if (ho_ <= 0 || wo_ <= 0) bad_input("conv2d", "spatial size >= kernel", x);
  tensor y = tensor::uninitialized({n, cout_, ho_, wo_});
  const int kk = cin_ * k_ * k_, hw = ho_ * wo_;
  t_col.resize(static_cast<std::size_t>(kk) * hw);
  for (int i = 0; i < n; ++i) {
    im2col(x.data() + static_cast<std::size_t>(i) * cin_ * h * w, cin_, h, w, k_, stride_, pad_,
           ho_, wo_, t_col.data(), static_cast<std::size_t>(hw));
    float* yi = y.data() + static_cast<std::size_t>(i) * cout_ * hw;
    // Y_i[cout x hw] = W[cout x kk] * col[kk x hw]
    detail::gemm(cout_, hw, kk, {weight.value.data(), kk, 1}, {t_col.data(), hw, 1}, yi, hw, false);
    if (has_bias_)
      for (int o = 0; o < cout_; ++o) {
        const float b = bias.value[o];
        float* row = yi + static_cast<std::size_t>(o) * hw;
        for (int j = 0; j < hw; ++j) row[j] += b;
      }
  }
  return y;
}

void conv2d::backward_impl(const tensor& g, tensor* dx) {
  const int n = x_.dim(0), h = x_.dim(2), w = x_.dim(3);
  if (g.rank() != 4 || g.dim(0) != n || g.dim(1) != cout_ || g.dim(2) != ho_ || g.dim(3) != wo_)
    bad_input("conv2d backward", shape_string({n, cout_, ho_, wo_}), g);
  const int kk = cin_ * k_ * k_, hw = ho_ * wo_;
  t_col.resize(static_cast<std::size_t>(kk) * hw);
  if (dx) t_dcol.resize(t_col.size());
  for (int i = 0; i < n; ++i) {
    const float* gi = g.data() + static_cast<std::size_t>(i) * cout_ * hw;
    im2row(x_.data() + static_cast<std::size_t>(i) * cin_ * h * w, cin_, h, w, k_, stride_, pad_,
           ho_, wo_, t_col.data());
    // dW[cout x kk] += G_i[cout x hw] * rows[hw x kk]
    detail::gemm(cout_, kk, hw, {gi, hw, 1}, {t_col.data(), kk, 1}, weight.grad.data(), kk, true);
    if (has_bias_)
      for (int o = 0; o < cout_; ++o)
        bias.grad[o] += lane_sum(gi + static_cast<std::size_t>(o) * hw, hw);
    if (dx) {
      // drows[hw x kk] = G_i^T[hw x cout] * W[cout x kk]
      detail::gemm(hw, kk, cout_, {gi, 1, hw}, {weight.value.data(), kk, 1}, t_dcol.data(), kk,
                   false);
      float* dxi = dx->data() + static_cast<std::size_t>(i) * cin_ * h * w;
      std::fill(dxi, dxi + static_cast<std::size_t>(cin_) * h * w, 0.0f);
      row2im(t_dcol.data(), cin_, h, w, k_, stride_, pad_, ho_, wo_, dxi);
    }
  }
}

tensor conv2d::backward(const tensor& g) {
  tensor dx = tensor::uninitialized(x_.shape());
  backward_impl(g, &dx);
  return dx;
}

void conv2d::backward_parameters(const tensor& g) { backward_impl(g, nullptr); }

void conv2d::collect_parameters(std::vector<parameter*>& out) {
  out.push_back(&weight);
  if (has_bias_) out.push_back(&bias);
}

void conv2d::collect_compute_layers(std::vector<compute_layer>& out) const {
  if (ho_ == 0) return;  // never run: no geometry yet
  out.push_back({.conv = true, .in_channels = cin_, .out_channels = cout_, .kernel = k_,
                 .stride = stride_, .pad = pad_, .in_h = hi_, .in_w = wi_, .out_h = ho_,
                 .out_w = wo_, .bias = has_bias_});
}

// ------------------------------------------------------------------------------------- pool2d

pool2d::pool2d(pool_kind kind, int kernel, int stride, int pad, bool count_include_pad)
    : kind_(kind), k_(kernel), stride_(stride), pad_(pad), include_pad_(count_include_pad) {
  if (k_ <= 0 || stride_ <= 0 || pad_ < 0 || 2 * pad_ > k_)
    throw invalid_argument("nn", "pool2d needs kernel > 0, stride > 0, 0 <= pad <= kernel/2, got k=" +
                                     std::to_string(k_) + " stride=" + std::to_string(stride_) +
                                     " pad=" + std::to_string(pad_));
}

std::string pool2d::name() const { return kind_ == pool_kind::max ? "max_pool" : "avg_pool"; }

tensor pool2d::forward(const tensor& x, run_context&) {
  check_rank4(name(), x, -1);
  in_shape_ = x.shape();
  const int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
  const int ho = (h + 2 * pad_ - k_) / stride_ + 1, wo = (w + 2 * pad_ - k_) / stride_ + 1;
  if (ho <= 0 || wo <= 0) bad_input(name(), "spatial size >= kernel", x);
  tensor y = tensor::uninitialized({n, c, ho, wo});
  if (kind_ == pool_kind::max) argmax_.assign(y.size(), -1);
  std::size_t o = 0;
  for (int p = 0; p < n * c; ++p) {
    const std::size_t base = static_cast<std::size_t>(p) * h * w;
    for (int oy = 0; oy < ho; ++oy)
      for (int ox = 0; ox < wo; ++ox, ++o) {
        const int y0 = oy * stride_ - pad_, x0 = ox * stride_ - pad_;
        const int ya = std::max(0, y0), yb = std::min(h, y0 + k_);
        const int xa = std::max(0, x0), xb = std::min(w, x0 + k_);
        if (kind_ == pool_kind::max) {
          float best = -std::numeric_limits<float>::infinity();
          std::int32_t arg = -1;
          for (int iy = ya; iy < yb; ++iy)
            for (int ix = xa; ix < xb; ++ix) {
              const std::size_t idx = base + static_cast<std::size_t>(iy) * w + ix;
              if (x[idx] > best || arg < 0) {
                best = x[idx];
                arg = static_cast<std::int32_t>(idx);
              }
            }
          y[o] = best;
          argmax_[o] = arg;
        } else {
          float s = 0.0f;
          for (int iy = ya; iy < yb; ++iy)
            for (int ix = xa; ix < xb; ++ix) s += x[base + static_cast<std::size_t>(iy) * w + ix];
          const int cnt = include_pad_ ? k_ * k_ : (yb - ya) * (xb - xa);
          y[o] = s / static_cast<float>(cnt);
        }
      }
  }
  return y;
}

tensor pool2d::backward(const tensor& g) {
  tensor dx(in_shape_);
  const int n = in_shape_[0], c = in_shape_[1], h = in_shape_[2], w = in_shape_[3];
  const int ho = (h + 2 * pad_ - k_) / stride_ + 1, wo = (w + 2 * pad_ - k_) / stride_ + 1;
  if (g.size() != static_cast<std::size_t>(n) * c * ho * wo)
    bad_input(name() + " backward", shape_string({n, c, ho, wo}), g);
  if (kind_ == pool_kind::max) {
    for (std::size_t o = 0; o < g.size(); ++o)
      if (argmax_[o] >= 0) dx[static_cast<std::size_t>(argmax_[o])] += g[o];
    return dx;
  }
  std::size_t o = 0;
  for (int p = 0; p < n * c; ++p) {
    const std::size_t base = static_cast<std::size_t>(p) * h * w;
    for (int oy = 0; oy < ho; ++oy)
      for (int ox = 0; ox < wo; ++ox, ++o) {
        const int y0 = oy * stride_ - pad_, x0 = ox * stride_ - pad_;
        const int ya = std::max(0, y0), yb = std::min(h, y0 + k_);
        const int xa = std::max(0, x0), xb = std::min(w, x0 + k_);
        const int cnt = include_pad_ ? k_ * k_ : (yb - ya) * (xb - xa);
        const float v = g[o] / static_cast<float>(cnt);
        for (int iy = ya; iy < yb; ++iy)
          for (int ix = xa; ix < xb; ++ix) dx[base + static_cast<std::size_t>(iy) * w + ix] += v;
      }
  }
  return dx;
}

// ---------------------------------------------------------------------------- global_avg_pool

tensor global_avg_pool::forward(const tensor& x, run_context&) {
  check_rank4("global_avg_pool", x, -1);
  in_shape_ = x.shape();
  const int n = x.dim(0), c = x.dim(1), hw = x.dim(2) * x.dim(3);
  tensor y = tensor::uninitialized({n, c});
  for (int p = 0; p < n * c; ++p) {
    float s = 0.0f;
    for (int i = 0; i < hw; ++i) s += x[static_cast<std::size_t>(p) * hw + i];
    y[static_cast<std::size_t>(p)] = s / static_cast<float>(hw);
  }
  return y;
}

tensor global_avg_pool::backward(const tensor& g) {
  tensor dx = tensor::uninitialized(in_shape_);
  const int nc = in_shape_[0] * in_shape_[1], hw = in_shape_[2] * in_shape_[3];
  if (g.size() != static_cast<std::size_t>(nc))
    bad_input("global_avg_pool backward", shape_string({in_shape_[0], in_shape_[1]}), g);
  for (int p = 0; p < nc; ++p) {
    const float v = g[static_cast<std::size_t>(p)] / static_cast<float>(hw);
    for (int i = 0; i < hw; ++i) dx[static_cast<std::size_t>(p) * hw + i] = v;
  }
  return dx;
}

// --------------------------------------------------------------------------------- batch_norm

batch_norm::batch_norm(int channels, double momentum, double eps, bool affine)
    : c_(channels), momentum_(momentum), eps_(eps), affine_(affine) {
  if (c_ <= 0 || !(momentum >= 0.0 && momentum <= 1.0) || !(eps > 0.0))
    throw invalid_argument("nn", "batch_norm needs channels > 0, momentum in [0,1], eps > 0; got " +
                                     std::to_string(channels) + ", " + std::to_string(momentum) +
                                     ", " + std::to_string(eps));
  gamma = {tensor({c_}, 1.0f), tensor({c_}), "gamma"};
  beta = {tensor({c_}), tensor({c_}), "beta"};
  running_mean = tensor({c_});
  running_var = tensor({c_}, 1.0f);
}

tensor batch_norm::forward(const tensor& x, run_context& ctx) {
  if (!((x.rank() == 4 || x.rank() == 2) && x.dim(1) == c_))
    bad_input("batch_norm", "N x " + std::to_string(c_) + " (x H x W)", x);
  const int n = x.dim(0);
  const int hw = x.rank() == 4 ? x.dim(2) * x.dim(3) : 1;
  const std::size_t m = static_cast<std::size_t>(n) * hw;
  tensor y = tensor::uninitialized(x.shape());
  last_training_ = ctx.training;
  xhat_ = tensor::uninitialized(x.shape());
  inv_std_.assign(static_cast<std::size_t>(c_), 0.0f);
  for (int ch = 0; ch < c_; ++ch) {
    double mean, var;
    if (ctx.training) {
      if (m < 2)
        throw invalid_argument("nn", "batch_norm in training needs more than one value per "
                                     "channel, got input " + shape_string(x.shape()));
      double s = 0.0;
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < hw; ++j)
          s += x[(static_cast<std::size_t>(i) * c_ + ch) * hw + j];
      mean = s / static_cast<double>(m);
      double q = 0.0;
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < hw; ++j) {
          const double d = x[(static_cast<std::size_t>(i) * c_ + ch) * hw + j] - mean;
          q += d * d;
        }
      var = q / static_cast<double>(m);
      running_mean[ch] = static_cast<float>((1.0 - momentum_) * running_mean[ch] + momentum_ * mean);
      const double unbiased = m > 1 ? q / static_cast<double>(m - 1) : var;
      running_var[ch] =
          static_cast<float>((1.0 - momentum_) * running_var[ch] + momentum_ * unbiased);
    } else {
      mean = running_mean[ch];
      var = running_var[ch];
    }
    const double inv = 1.0 / std::sqrt(var + eps_);
    inv_std_[ch] = static_cast<float>(inv);
    const float gm = affine_ ? gamma.value[ch] : 1.0f, bt = affine_ ? beta.value[ch] : 0.0f;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < hw; ++j) {
        const std::size_t idx = (static_cast<std::size_t>(i) * c_ + ch) * hw + j;
        const auto xh = static_cast<float>((x[idx] - mean) * inv);
        xhat_[idx] = xh;
        y[idx] = gm * xh + bt;
      }
  }
  return y;
}

tensor batch_norm::backward(const tensor& g) {
  if (!g.same_shape(xhat_)) bad_input("batch_norm backward", shape_string(xhat_.shape()), g);
  const int n = g.dim(0);
  const int hw = g.rank() == 4 ? g.dim(2) * g.dim(3) : 1;
  const double m = static_cast<double>(n) * hw;
  tensor dx = tensor::uninitialized(g.shape());
  for (int ch = 0; ch < c_; ++ch) {
    double sg = 0.0, sgx = 0.0;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < hw; ++j) {
        const std::size_t idx = (static_cast<std::size_t>(i) * c_ + ch) * hw + j;
        sg += g[idx];
        sgx += static_cast<double>(g[idx]) * xhat_[idx];
      }
    const float gm = affine_ ? gamma.value[ch] : 1.0f;
    if (affine_) {
      gamma.grad[ch] += static_cast<float>(sgx);
      beta.grad[ch] += static_cast<float>(sg);
    }
    const double scale = gm * inv_std_[ch];
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < hw; ++j) {
        const std::size_t idx = (static_cast<std::size_t>(i) * c_ + ch) * hw + j;
        if (last_training_)
          dx[idx] = static_cast<float>(scale * (g[idx] - sg / m - xhat_[idx] * sgx / m));
        else
          dx[idx] = static_cast<float>(scale * g[idx]);
      }
  }
  return dx;
}

void batch_norm::collect_parameters(std::vector<parameter*>& out) {
  if (!affine_) return;
  out.push_back(&gamma);
  out.push_back(&beta);
}

void batch_norm::collect_buffers(std::vector<tensor*>& out) {
  out.push_back(&running_mean);
  out.push_back(&running_var);
}

// --------------------------------------------------------------------------------- layer_norm

layer_norm::layer_norm(std::vector<int> feature_shape, double eps) : eps_(eps) {
  gamma = {tensor(feature_shape, 1.0f), tensor(feature_shape), "gamma"};
  beta = {tensor(feature_shape), tensor(feature_shape), "beta"};
  if (gamma.value.size() == 0 || !(eps > 0.0))
    throw invalid_argument("nn", "layer_norm needs a non-empty feature shape and eps > 0, got " +
                                     shape_string(feature_shape));
}

tensor layer_norm::forward(const tensor& x, run_context&) {
  const std::size_t f = gamma.value.size();
  if (x.rank() < 2 || x.inner_size() != f)
    bad_input("layer_norm", "N x " + shape_string(gamma.value.shape()), x);
  const int n = x.dim(0);
  tensor y = tensor::uninitialized(x.shape());
  xhat_ = tensor::uninitialized(x.shape());
  inv_std_.assign(static_cast<std::size_t>(n), 0.0f);
  for (int i = 0; i < n; ++i) {
    const float* xi = x.data() + static_cast<std::size_t>(i) * f;
    double s = 0.0, q = 0.0;
    for (std::size_t j = 0; j < f; ++j) s += xi[j];
    const double mean = s / static_cast<double>(f);
    for (std::size_t j = 0; j < f; ++j) q += (xi[j] - mean) * (xi[j] - mean);
    const double inv = 1.0 / std::sqrt(q / static_cast<double>(f) + eps_);
    inv_std_[static_cast<std::size_t>(i)] = static_cast<float>(inv);
    for (std::size_t j = 0; j < f; ++j) {
      const std::size_t idx = static_cast<std::size_t>(i) * f + j;
      xhat_[idx] = static_cast<float>((xi[j] - mean) * inv);
      y[idx] = gamma.value[j] * xhat_[idx] + beta.value[j];
    }
  }
  return y;
}

tensor layer_norm::backward(const tensor& g) {
  if (!g.same_shape(xhat_)) bad_input("layer_norm backward", shape_string(xhat_.shape()), g);
  const std::size_t f = gamma.value.size();
  const int n = g.dim(0);
  tensor dx = tensor::uninitialized(g.shape());
  std::vector<double> d(f);
  for (int i = 0; i < n; ++i) {
    double sd = 0.0, sdx = 0.0;
    for (std::size_t j = 0; j < f; ++j) {
      const std::size_t idx = static_cast<std::size_t>(i) * f + j;
      gamma.grad[j] += g[idx] * xhat_[idx];
      beta.grad[j] += g[idx];
      d[j] = static_cast<double>(g[idx]) * gamma.value[j];
      sd += d[j];
      sdx += d[j] * xhat_[idx];
    }
    const double inv = inv_std_[static_cast<std::size_t>(i)], m = static_cast<double>(f);
    for (std::size_t j = 0; j < f; ++j) {
      const std::size_t idx = static_cast<std::size_t>(i) * f + j;
      dx[idx] = static_cast<float>(inv * (d[j] - sd / m - xhat_[idx] * sdx / m));
    }
  }
  return dx;
}

void layer_norm::collect_parameters(std::vector<parameter*>& out) {
  out.push_back(&gamma);
  out.push_back(&beta);
}

// --------------------------------------------------------------------------------- activation

activation_kind parse_activation(const std::string& name) {
  if (name == "relu") return activation_kind::relu;
  if (name == "tanh") return activation_kind::tanh;
  if (name == "sigmoid") return activation_kind::sigmoid;
  if (name == "gelu") return activation_kind::gelu_tanh;
  if (name == "hswish") return activation_kind::hswish;
  throw invalid_argument("nn", "unknown activation '" + name +
                                   "'; valid: relu, tanh, sigmoid, gelu, hswish");
}

std::string to_string(activation_kind a) {
  switch (a) {
    case activation_kind::relu: return "relu";
    case activation_kind::tanh: return "tanh";
    case activation_kind::sigmoid: return "sigmoid";
    case activation_kind::gelu_tanh: return "gelu";
    case activation_kind::hswish: return "hswish";
  }
  return "relu";
}

namespace {
constexpr float k_gelu_c = 0.7978845608028654f;  // sqrt(2/pi)

float act_f(activation_kind k, float x) {
  switch (k) {
    case activation_kind::relu: return x > 0.0f ? x : 0.0f;
    case activation_kind::tanh: return std::tanh(x);
    case activation_kind::sigmoid: return 1.0f / (1.0f + std::exp(-x));
    case activation_kind::gelu_tanh:
      return 0.5f * x * (1.0f + std::tanh(k_gelu_c * (x + 0.044715f * x * x * x)));
    case activation_kind::hswish: return x * std::clamp(x + 3.0f, 0.0f, 6.0f) / 6.0f;
  }
  return x;
}

float act_df(activation_kind k, float x) {
  switch (k) {
    case activation_kind::relu: return x > 0.0f ? 1.0f : 0.0f;
    case activation_kind::tanh: {
      const float t = std::tanh(x);
      return 1.0f - t * t;
    }
    case activation_kind::sigmoid: {
      const float s = 1.0f / (1.0f + std::exp(-x));
      return s * (1.0f - s);
    }
    case activation_kind::gelu_tanh: {
      const float u = k_gelu_c * (x + 0.044715f * x * x * x);
      const float t = std::tanh(u);
      const float du = k_gelu_c * (1.0f + 3.0f * 0.044715f * x * x);
      return 0.5f * (1.0f + t) + 0.5f * x * (1.0f - t * t) * du;
    }
    case activation_kind::hswish:
      if (x <= -3.0f) return 0.0f;
      if (x >= 3.0f) return 1.0f;
      return (2.0f * x + 3.0f) / 6.0f;
  }
  return 1.0f;
}
}  // namespace

tensor activation::forward(const tensor& x, run_context&) {
  x_ = x;
  return forward_cached();
}

tensor activation::forward_move(tensor&& x, run_context&) {
  x_ = std::move(x);
  return forward_cached();
}

tensor activation::forward_cached() {
  const tensor& x = x_;
  tensor y = tensor::uninitialized(x.shape());
  const std::size_t n = x.size();
  const float* in = x.data();
  float* out = y.data();
  if (kind_ == activation_kind::relu) {
    for (std::size_t i = 0; i < n; ++i) out[i] = in[i] > 0.0f ? in[i] : 0.0f;
  } else {
    for (std::size_t i = 0; i < n; ++i) out[i] = act_f(kind_, in[i]);
  }
  return y;
}

tensor activation::backward(const tensor& g) {
  if (!g.same_shape(x_)) bad_input(name() + " backward", shape_string(x_.shape()), g);
  tensor dx = tensor::uninitialized(g.shape());
  const std::size_t n = g.size();
  const float* gi = g.data();
  const float* xi = x_.data();
  float* out = dx.data();
  if (kind_ == activation_kind::relu) {
    for (std::size_t i = 0; i < n; ++i) {
      const float gv = gi[i];  // both loads unconditional: a branch-free, vectorised select
      out[i] = xi[i] > 0.0f ? gv : 0.0f;
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) out[i] = gi[i] * act_df(kind_, xi[i]);
  }
  return dx;
}

// ------------------------------------------------------------------------------------ dropout

dropout::dropout(double p) : p_(p) {
  if (!(p >= 0.0 && p < 1.0))
    throw invalid_argument("nn", "dropout probability must be in [0, 1), got " + std::to_string(p));
}

tensor dropout::forward(const tensor& x, run_context& ctx) {
  active_ = ctx.training && p_ > 0.0;
  if (!active_) return x;
  if (ctx.gen == nullptr)
    throw invalid_argument("nn", "dropout in training mode needs run_context::gen");
  mask_.resize(x.size());
  const auto keep = static_cast<float>(1.0 / (1.0 - p_));
  tensor y = tensor::uninitialized(x.shape());
  for (std::size_t i = 0; i < x.size(); ++i) {
    mask_[i] = bernoulli(*ctx.gen, p_) ? 0.0f : keep;
    y[i] = x[i] * mask_[i];
  }
  return y;
}

tensor dropout::backward(const tensor& g) {
  if (!active_) return g;
  tensor dx = tensor::uninitialized(g.shape());
  for (std::size_t i = 0; i < g.size(); ++i) dx[i] = g[i] * mask_[i];
  return dx;
}

// ------------------------------------------------------------------------------------ flatten

tensor flatten::forward(const tensor& x, run_context&) {
  if (x.rank() < 1) bad_input("flatten", "N x ...", x);
  in_shape_ = x.shape();
  tensor y = x;
  y.reshape({x.dim(0), static_cast<int>(x.inner_size())});
  return y;
}

tensor flatten::backward(const tensor& g) {
  tensor dx = g;
  dx.reshape(in_shape_);
  return dx;
}

// --------------------------------------------------------------------------------- containers

sequential& sequential::add(module_ptr m) {
  if (!m) throw invalid_argument("nn", "sequential::add got a null module");
  layers_.push_back(std::move(m));
  return *this;
}

tensor sequential::forward(const tensor& x, run_context& ctx) {
  if (layers_.empty()) return x;
  tensor h = layers_.front()->forward(x, ctx);
  for (std::size_t i = 1; i < layers_.size(); ++i) h = layers_[i]->forward_move(std::move(h), ctx);
  return h;
}

tensor sequential::forward_move(tensor&& x, run_context& ctx) {
  tensor h = std::move(x);
  for (auto& l : layers_) h = l->forward_move(std::move(h), ctx);
  return h;
}

tensor sequential::backward(const tensor& g) {
  tensor d = g;
  for (auto it = layers_.rbegin(); it != layers_.rend(); ++it) d = (*it)->backward(d);
  return d;
}

void sequential::backward_parameters(const tensor& g) {
  // The first layer with parameters; the layers below it have no gradient to accumulate.
  std::size_t first = layers_.size();
  std::vector<parameter*> ps;
  for (std::size_t i = 0; i < layers_.size() && first == layers_.size(); ++i) {
    layers_[i]->collect_parameters(ps);
    if (!ps.empty()) first = i;
  }
  if (first == layers_.size()) return;
  tensor d = g;
  for (std::size_t i = layers_.size(); i-- > first + 1;) d = layers_[i]->backward(d);
  layers_[first]->backward_parameters(d);
}


sum_branches& sum_branches::add(module_ptr m) {
  if (!m) throw invalid_argument("nn", "sum_branches::add got a null module");
  branches_.push_back(std::move(m));
  return *this;
}

tensor sum_branches::forward(const tensor& x, run_context& ctx) {
  if (branches_.empty()) throw invalid_argument("nn", "sum_branches has no branch");
  tensor y = branches_[0]->forward(x, ctx);
  for (std::size_t i = 1; i < branches_.size(); ++i) {
    const tensor b = branches_[i]->forward(x, ctx);
    if (!b.same_shape(y))
      throw invalid_argument("nn", "sum_branches: branch " + std::to_string(i) + " gives " +
                                       shape_string(b.shape()) + ", branch 0 gives " +
                                       shape_string(y.shape()));
    y += b;
  }
  return y;
}

tensor sum_branches::backward(const tensor& g) {
  tensor dx = branches_[0]->backward(g);
  for (std::size_t i = 1; i < branches_.size(); ++i) dx += branches_[i]->backward(g);
  return dx;
}


nb201_cell::nb201_cell(std::array<module_ptr, 6> edges) : edges_(std::move(edges)) {
  for (std::size_t i = 0; i < edges_.size(); ++i)
    if (!edges_[i])
      throw invalid_argument("nn", "nb201_cell edge " + std::to_string(i) + " is null");
}

tensor nb201_cell::forward(const tensor& x, run_context& ctx) {
  const tensor n1 = edges_[0]->forward(x, ctx);
  tensor n2 = edges_[1]->forward(x, ctx);
  n2 += edges_[2]->forward(n1, ctx);
  tensor n3 = edges_[3]->forward(x, ctx);
  n3 += edges_[4]->forward(n1, ctx);
  n3 += edges_[5]->forward(n2, ctx);
  return n3;
}

tensor nb201_cell::backward(const tensor& g3) {
  const tensor g2 = edges_[5]->backward(g3);
  tensor g1 = edges_[4]->backward(g3);
  g1 += edges_[2]->backward(g2);
  tensor g0 = edges_[3]->backward(g3);
  g0 += edges_[1]->backward(g2);
  g0 += edges_[0]->backward(g1);
  return g0;
}


void zero_grad(const std::vector<parameter*>& params) {
  for (auto* p : params) p->grad.fill(0.0f);
}

std::uint64_t count_parameters(module& m) {
  std::vector<parameter*> ps;
  m.collect_parameters(ps);
  std::uint64_t n = 0;
  for (auto* p : ps) n += p->value.size();
  return n;
}

}  // namespace dsegym::sim::nn

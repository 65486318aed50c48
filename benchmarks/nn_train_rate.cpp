// Training throughput of two fixed models with the plain loop PyTorch users write (forward,
// softmax cross-entropy, zero_grad, backward, SGD with momentum 0.9), batch 128, synthetic 28x28
// single-channel images; the reference for benchmarks/nn_vs_torch.py, which runs the same models
// in PyTorch in the same command and prints the ratio.
//
//   nn_train_rate mlp|cnn [seconds] [batch]     prints "<model> <images/s wall> <images/s CPU> <isa>"
//
//   mlp: Linear 784-256, ReLU, Linear 256-10
//   cnn: Conv3x3 1->16 pad 1, ReLU, Conv3x3 16->32 stride 2 pad 1, ReLU, global average pool,
//        Linear 32-10

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "dsegym/core/random.hpp"
#include "dsegym/sim/nn/gemm.hpp"
#include "dsegym/sim/nn/layers.hpp"
#include "dsegym/sim/nn/loss.hpp"
#include "dsegym/sim/nn/optim.hpp"

using namespace dsegym::sim::nn;

int main(int argc, char** argv) {
  const std::string model = argc > 1 ? argv[1] : "mlp";
  const double seconds = argc > 2 ? std::atof(argv[2]) : 2.0;
  const int batch = argc > 3 ? std::atoi(argv[3]) : 128;
  if ((model != "mlp" && model != "cnn") || !(seconds > 0.0) || batch < 2 || batch > 4096) {
    std::fprintf(stderr, "usage: nn_train_rate mlp|cnn [seconds > 0] [batch 2..4096]\n");
    return 2;
  }
  dsegym::rng g(1);
  sequential net;
  if (model == "mlp") {
    net.add(std::make_unique<linear>(784, 256, true, g));
    net.add(std::make_unique<activation>(activation_kind::relu));
    net.add(std::make_unique<linear>(256, 10, true, g));
  } else {
    net.add(std::make_unique<conv2d>(1, 16, 3, 1, 1, true, g));
    net.add(std::make_unique<activation>(activation_kind::relu));
    net.add(std::make_unique<conv2d>(16, 32, 3, 2, 1, true, g));
    net.add(std::make_unique<activation>(activation_kind::relu));
    net.add(std::make_unique<global_avg_pool>());
    net.add(std::make_unique<linear>(32, 10, true, g));
  }
  std::vector<parameter*> params;
  net.collect_parameters(params);
  optimizer_config oc;
  oc.kind = optimizer_kind::sgd;
  oc.momentum = 0.9;
  optimizer opt(oc, params);
  constexpr int k_batches = 8;
  std::vector<tensor> xs;
  std::vector<std::vector<int>> ys;
  for (int b = 0; b < k_batches; ++b) {
    xs.emplace_back(std::vector<int>{batch, 1, 28, 28});
    for (auto& v : xs.back().values()) v = static_cast<float>(dsegym::standard_normal(g));
    ys.emplace_back();
    for (int i = 0; i < batch; ++i) ys.back().push_back((b * batch + i) % 10);
  }
  run_context ctx{true, nullptr};
  tensor grad;
  auto step = [&](int b) {
    const tensor logits = net.forward(xs[static_cast<std::size_t>(b % k_batches)], ctx);  // copies the batch once
    (void)softmax_cross_entropy(logits, ys[static_cast<std::size_t>(b % k_batches)], 0.0, &grad);
    zero_grad(params);
    net.backward_parameters(grad);
    opt.step(0.01);
  };
  for (int b = 0; b < 3; ++b) step(b);  // warm-up
  long images = 0;
  const auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
  };
  const double c0 = cpu_now();
  const auto t0 = std::chrono::steady_clock::now();
  double elapsed = 0.0;
  for (int b = 0; elapsed < seconds; ++b) {
    step(b);
    images += batch;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  const double cpu = cpu_now() - c0;
  std::printf("%s %.1f %.1f %s\n", model.c_str(), static_cast<double>(images) / elapsed,
              static_cast<double>(images) / cpu, to_string(detail::active_gemm_isa()).c_str());
  return 0;
}

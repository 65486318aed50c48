#pragma once
// Roofline cost model of LLM inference (spec §10): prefill and decode times as
// max(compute time, memory time), KV cache per token, GPUs per model (tensor parallelism with two
// all-reduces per layer), FLOPs per token, energy and GPU-seconds of one call.
//
// Closed forms (b batch, s prompt, c context, g generated tokens, N_a active params):
//   prefill(s)  = max(2·N_a·b·s / (P·η_c), N_a·w / (BW·η_m)) + 4·L·b·s²·h / (P·η_c)
//   decode(c)   = max(2·N_a·b / (P·η_c), (N_a·w + b·c·KV_tok) / (BW·η_m))
//   generate    = prefill(s) + Σ_{c=s}^{s+g−1} decode(c)      (summed in closed form)
// With tensor parallelism over n_gpu GPUs, P and BW are multiplied by n_gpu and every layer adds
// two all-reduces of b·t·h·a bytes (t = s in prefill, 1 per decode step).

#include <string>
#include <string_view>
#include <vector>

#include "dsegym/sim/llmsys/model.hpp"

namespace dsegym::sim::llmsys {

/// A GPU of the spec's §10 table.
struct gpu_spec {
  std::string name;
  double fp16_tflops = 0;  ///< dense FP16/BF16 TFLOP/s
  double int8_tops = 0;    ///< INT8 TOP/s
  double hbm_gbps = 0;     ///< HBM bandwidth, GB/s
  double hbm_gb = 0;       ///< HBM capacity, GB
  double board_w = 0;      ///< board power, W (unverified in the spec)
};

[[nodiscard]] const std::vector<gpu_spec>& gpu_catalogue();
/// Looks up a GPU by name (A100-40G, A100-80G, H100-SXM, H100-PCIe, H200); unknown names throw.
[[nodiscard]] const gpu_spec& find_gpu(std::string_view name);
[[nodiscard]] std::string gpu_names();

struct roofline_options {
  double compute_efficiency = 0.6;  ///< η_c (model FLOP utilisation of matrix work)
  double memory_efficiency = 0.85;  ///< η_m (achieved fraction of HBM bandwidth)
  double link_gbps = 300;           ///< NVLink all-reduce bandwidth per GPU (calculon: 300 GB/s)
  double link_efficiency = 0.65;
  double allreduce_factor = 2.0;
  double allreduce_latency_s = 5e-6;  ///< fixed cost per all-reduce
  double activation_bytes = 2;        ///< a
  double utilization = 1.0;           ///< u in energy = t·n_gpu·P_board·u (1 = upper bound)
  double memory_fraction = 0.9;       ///< usable HBM fraction when sizing n_gpu
};

/// Time, resources and work of one LLM call (a prompt and `samples` parallel decode streams).
struct call_cost {
  double latency_s = 0;    ///< prefill + decode wall time
  double gpu_seconds = 0;  ///< latency × GPUs holding the model
  double energy_j = 0;
  double flops = 0;
  int gpus = 1;
};

class inference_cost_model {
 public:
  explicit inference_cost_model(gpu_spec gpu, roofline_options options = {});

  [[nodiscard]] const gpu_spec& gpu() const noexcept { return gpu_; }
  [[nodiscard]] const roofline_options& options() const noexcept { return opt_; }

  /// KV bytes per token: 2·L·H_kv·d_head·kv_bytes.
  [[nodiscard]] static double kv_bytes_per_token(const model_shape& m) noexcept;
  /// GPUs per model: ⌈(N·w + KV) / (memory_fraction·HBM)⌉ for `batch` sequences of `context` tokens.
  [[nodiscard]] int gpus_for(const model_shape& m, double context_tokens = 4096, double batch = 1) const;
  /// Batch size at which decode turns compute-bound: P·η_c / (2·BW·η_m / w).
  [[nodiscard]] double compute_bound_batch(const model_shape& m) const noexcept;
  /// Largest batch whose KV cache fits next to the weights on `gpus` GPUs.
  [[nodiscard]] double max_batch(const model_shape& m, double context_tokens, int gpus) const noexcept;

  [[nodiscard]] double prefill_s(const model_shape& m, double batch, double prompt, int gpus = 1) const;
  [[nodiscard]] double decode_step_s(const model_shape& m, double batch, double context, int gpus = 1) const;
  /// Σ_{c=s}^{s+g−1} decode(c), exactly (piecewise closed form).
  [[nodiscard]] double decode_s(const model_shape& m, double batch, double prompt, double generated,
                                int gpus = 1) const;
  /// FLOPs of one token at context c: 2·(N_a + 2·L·h·c).
  [[nodiscard]] static double flops_per_token(const model_shape& m, double context) noexcept;
  /// One call: one prefill of `prompt` tokens, then `samples` decode streams of `output` tokens.
  [[nodiscard]] call_cost call(const model_shape& m, double prompt, double output, int samples = 1) const;

 private:
  [[nodiscard]] double allreduce_s(const model_shape& m, double tokens, int gpus) const noexcept;
  gpu_spec gpu_;
  roofline_options opt_;
};

}  // namespace dsegym::sim::llmsys

#include "dsegym/sim/llmsys/cost_model.hpp"

#include <algorithm>
#include <cmath>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::llmsys {

const std::vector<gpu_spec>& gpu_catalogue() {
  static const std::vector<gpu_spec> v = {
      {"A100-40G", 312, 624, 1555, 40, 400},
      {"A100-80G", 312, 624, 2039, 80, 400},
      {"H100-SXM", 989.5, 1979, 3350, 80, 700},
      {"H100-PCIe", 756.5, 1513, 2000, 80, 350},
      {"H200", 989.5, 1979, 4800, 141, 700},
  };
  return v;
}

std::string gpu_names() {
  std::string s;
  for (const auto& g : gpu_catalogue()) s += (s.empty() ? "" : ", ") + g.name;
  return s;
}

const gpu_spec& find_gpu(std::string_view name) {
  for (const auto& g : gpu_catalogue())
    if (g.name == name) return g;
  throw invalid_argument("llmsys", "unknown GPU \"" + std::string(name) + "\"; valid: " + gpu_names());
}

inference_cost_model::inference_cost_model(gpu_spec gpu, roofline_options options)
    : gpu_(std::move(gpu)), opt_(options) {
  if (!(gpu_.fp16_tflops > 0) || !(gpu_.hbm_gbps > 0) || !(gpu_.hbm_gb > 0))
    throw invalid_argument("llmsys", "GPU \"" + gpu_.name + "\" needs positive TFLOP/s, bandwidth and memory");
  if (!(opt_.compute_efficiency > 0 && opt_.compute_efficiency <= 1) ||
      !(opt_.memory_efficiency > 0 && opt_.memory_efficiency <= 1))
    throw invalid_argument("llmsys", "roofline efficiencies must be in (0, 1]");
}

double inference_cost_model::kv_bytes_per_token(const model_shape& m) noexcept {
  const double d_head = static_cast<double>(m.hidden) / static_cast<double>(m.heads);
  return 2.0 * m.layers * m.kv_heads * d_head * m.kv_bytes;
}

int inference_cost_model::gpus_for(const model_shape& m, double context_tokens, double batch) const {
  const double need = m.params * m.weight_bytes + batch * context_tokens * kv_bytes_per_token(m);
  return std::max(1, static_cast<int>(std::ceil(need / (opt_.memory_fraction * gpu_.hbm_gb * 1e9))));
}

double inference_cost_model::compute_bound_batch(const model_shape& m) const noexcept {
  const double p = gpu_.fp16_tflops * 1e12 * opt_.compute_efficiency;
  const double bw = gpu_.hbm_gbps * 1e9 * opt_.memory_efficiency;
  return p / (2.0 * bw / m.weight_bytes);
}

double inference_cost_model::max_batch(const model_shape& m, double context_tokens, int gpus) const noexcept {
  const double free = opt_.memory_fraction * gpu_.hbm_gb * 1e9 * gpus - m.params * m.weight_bytes;
  return free <= 0 ? 0.0 : std::floor(free / (kv_bytes_per_token(m) * context_tokens));
}

double inference_cost_model::allreduce_s(const model_shape& m, double tokens, int gpus) const noexcept {
  if (gpus <= 1) return 0.0;
  const double bytes = tokens * m.hidden * opt_.activation_bytes;
  const double g = static_cast<double>(gpus);
  const double one = opt_.allreduce_latency_s +
                     opt_.allreduce_factor * bytes * (g - 1) / g / (opt_.link_gbps * 1e9 * opt_.link_efficiency);
  return 2.0 * m.layers * one;
}

double inference_cost_model::prefill_s(const model_shape& m, double batch, double prompt, int gpus) const {
  const double p = gpu_.fp16_tflops * 1e12 * opt_.compute_efficiency * gpus;
  const double bw = gpu_.hbm_gbps * 1e9 * opt_.memory_efficiency * gpus;
  const double linear = std::max(2.0 * m.active_params * batch * prompt / p, m.active_params * m.weight_bytes / bw);
  const double attention = 4.0 * m.layers * batch * prompt * prompt * m.hidden / p;
  return linear + attention + allreduce_s(m, batch * prompt, gpus);
}

double inference_cost_model::decode_step_s(const model_shape& m, double batch, double context, int gpus) const {
  const double p = gpu_.fp16_tflops * 1e12 * opt_.compute_efficiency * gpus;
  const double bw = gpu_.hbm_gbps * 1e9 * opt_.memory_efficiency * gpus;
  return std::max(2.0 * m.active_params * batch / p,
                  (m.active_params * m.weight_bytes + batch * context * kv_bytes_per_token(m)) / bw) +
         allreduce_s(m, batch, gpus);
}

double inference_cost_model::decode_s(const model_shape& m, double batch, double prompt, double generated,
                                      int gpus) const {
  if (generated <= 0) return 0.0;
  const double p = gpu_.fp16_tflops * 1e12 * opt_.compute_efficiency * gpus;
  const double bw = gpu_.hbm_gbps * 1e9 * opt_.memory_efficiency * gpus;
  const double a = 2.0 * m.active_params * batch / p;      // compute time per step
  const double b = m.active_params * m.weight_bytes / bw;  // memory time at c = 0
  const double k = batch * kv_bytes_per_token(m) / bw;     // memory time per token of context
  // Steps c = s .. s+g−1 (g = generated, real-valued): memory time b + k·c grows with c, so the
  // steps are compute-bound below c* = (a − b)/k and memory-bound above.
  const double s = prompt, g = generated, e = prompt + generated;
  const double c_star = k > 0 ? (a - b) / k : (a > b ? e : s);
  const double split = std::clamp(c_star, s, e);
  const double compute_part = a * (split - s);
  const double n_mem = e - split;
  const double mem_part = n_mem * b + k * (split + e - 1.0) * n_mem / 2.0;  // Σ over c in [split, e)
  return compute_part + std::max(0.0, mem_part) + g * allreduce_s(m, batch, gpus);
}

double inference_cost_model::flops_per_token(const model_shape& m, double context) noexcept {
  return 2.0 * (m.active_params + 2.0 * m.layers * m.hidden * context);
}

call_cost inference_cost_model::call(const model_shape& m, double prompt, double output, int samples) const {
  call_cost c;
  const double n = std::max(1, samples);
  c.gpus = gpus_for(m, prompt + output, n);
  c.latency_s = prefill_s(m, 1.0, prompt, c.gpus) + decode_s(m, n, prompt, output, c.gpus);
  c.gpu_seconds = c.latency_s * c.gpus;
  c.energy_j = c.gpu_seconds * gpu_.board_w * opt_.utilization;
  // Σ_{c<s} 2(N + 2Lhc) + n·Σ_{c=s}^{s+g−1} 2(N + 2Lhc)
  const double lh4 = 4.0 * m.layers * m.hidden;
  const double pre = 2.0 * m.active_params * prompt + lh4 * prompt * (prompt - 1.0) / 2.0;
  const double dec = 2.0 * m.active_params * output + lh4 * (output * prompt + output * (output - 1.0) / 2.0);
  c.flops = pre + n * dec;
  return c;
}

}  // namespace dsegym::sim::llmsys

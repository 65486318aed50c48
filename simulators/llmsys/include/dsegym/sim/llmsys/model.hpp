#pragma once
// Simulated LLMs (spec §9 "Models"): item-response abilities per answer family, sampling
// diversity, error idiosyncrasy, role skills and the architecture/price data of the cost model.
// The catalogue is the project's own set of plausible open-weight-like and API-like models; the
// names are invented and no real model is meant.

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "dsegym/sim/llmsys/benchmark.hpp"

namespace dsegym::sim::llmsys {

/// Transformer shape for the roofline cost model (spec §10 notation).
struct model_shape {
  double params = 0;         ///< N, total parameters (memory footprint)
  double active_params = 0;  ///< parameters touched per token (= params for dense, less for MoE)
  int layers = 0;            ///< L
  int hidden = 0;            ///< h (d_model)
  int heads = 0;             ///< H
  int kv_heads = 0;          ///< H_kv (grouped-query attention)
  int vocab = 0;             ///< V
  double weight_bytes = 2;   ///< w, bytes per weight (2 = fp16/bf16)
  double kv_bytes = 2;       ///< bytes per KV-cache element
};

/// One simulated model. Abilities are logits relative to the reference model (θ_ref = 0, the best
/// open model of its tier), so p = σ(θ − δ_i) at effective temperature 1.
struct model_params {
  std::string name;
  std::string tier;            ///< "open70b", "open8b" or "closed"
  /// θ_{m,f}: ability per family, indexed by family (choice, code, open).
  std::array<double, 3> ability{};
  double diversity = 1.0;      ///< τ_m: T_eff = τ_m·T/0.7 (higher = more varied samples)
  double idiosyncrasy = 0.4;   ///< ρ_m: weight of the model's own distractor preferences (0 = shares everyone's errors)
  double critique = 0.2;       ///< κ_C: critiques scale judge noise by (1 − κ_C); ≈0 for 7B models
  double judge_noise = 1.0;    ///< σ_J: noise of its plausibility judgements (ranker, verifier, fuser)
  double fusion = 0.5;         ///< φ_F (open): gain per unit of input-quality spread when fusing
  double fuse_trust = 1.0;     ///< λ_F (choice/code): weight of plausibility against vote counts
  double fuse_temperature = 0.5;  ///< T_F: Gumbel noise of a fuser's pick
  double resolve = 0.1;        ///< r_F: probability a fuser re-solves from scratch
  double verify_threshold = 0.0;  ///< t_V: a verifier accepts when observed plausibility > t_V
  double test_skill = 1.0;     ///< θ_U: unit-test validity σ(θ_U − δ_i + c_ρ) with c_ρ = 1
  double eval_skill = 2.5;     ///< θ_E: evaluator flips a verdict w.p. σ(c_E − θ_E + δ_i), c_E = 0
  double output_tokens = 500;  ///< L_m: mean answer length (LogNormal, cv 0.3)
  int context = 32768;         ///< context window in tokens (longer inputs make a config invalid)
  double price_in = 1.2;       ///< $ per million input tokens (API price, or the serving price)
  double price_out = 1.8;      ///< $ per million output tokens
  model_shape shape;

  [[nodiscard]] double theta(family f) const noexcept { return ability[static_cast<int>(f)]; }
};

/// An ordered set of models. Rank order ("power ranking", best first) depends on the family.
class catalogue {
 public:
  explicit catalogue(std::vector<model_params> models);
  [[nodiscard]] const std::vector<model_params>& models() const noexcept { return models_; }
  [[nodiscard]] std::size_t size() const noexcept { return models_.size(); }
  [[nodiscard]] const model_params& at(std::size_t i) const { return models_.at(i); }
  /// Index of the model `name`; unknown names throw invalid_argument listing the valid ones.
  [[nodiscard]] std::size_t index_of(std::string_view name) const;
  [[nodiscard]] bool contains(std::string_view name) const noexcept;
  /// Model indices best to worst by ability on `f` (ties: catalogue order).
  [[nodiscard]] std::vector<std::size_t> ranking(family f) const;
  [[nodiscard]] std::string names() const;

 private:
  std::vector<model_params> models_;
};

/// Named catalogues: "open70b" (10 open-weight-like 65–141B models, the Archon 70B+ ensemble's
/// analogue), "open8b" (6 models of 7–9B), "closed" (3 API-like frontier models), "all".
[[nodiscard]] catalogue make_catalogue(std::string_view name);
[[nodiscard]] std::vector<std::string> catalogue_names();
/// Every model the project defines.
[[nodiscard]] const std::vector<model_params>& all_models();

}  // namespace dsegym::sim::llmsys

#include "dsegym/sim/llmsys/model.hpp"

#include <algorithm>
#include <numeric>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::llmsys {

catalogue::catalogue(std::vector<model_params> models) : models_(std::move(models)) {
  if (models_.empty()) throw invalid_argument("llmsys", "a catalogue needs at least one model");
  for (std::size_t i = 0; i < models_.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (models_[i].name == models_[j].name)
        throw invalid_argument("llmsys", "catalogue lists model \"" + models_[i].name + "\" twice");
}

std::size_t catalogue::index_of(std::string_view name) const {
  for (std::size_t i = 0; i < models_.size(); ++i)
    if (models_[i].name == name) return i;
  throw invalid_argument("llmsys", "unknown model \"" + std::string(name) + "\"; catalogue: " + names());
}

bool catalogue::contains(std::string_view name) const noexcept {
  return std::any_of(models_.begin(), models_.end(), [&](const auto& m) { return m.name == name; });
}

std::vector<std::size_t> catalogue::ranking(family f) const {
  std::vector<std::size_t> idx(models_.size());
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
    return models_[a].theta(f) > models_[b].theta(f);
  });
  return idx;
}

std::string catalogue::names() const {
  std::string s;
  for (const auto& m : models_) s += (s.empty() ? "" : ", ") + m.name;
  return s;
}

namespace {

model_shape dense(double n, int layers, int hidden, int heads, int kv_heads, int vocab) {
  return {n, n, layers, hidden, heads, kv_heads, vocab, 2.0, 2.0};
}
model_shape moe(double n, double active, int layers, int hidden, int heads, int kv_heads, int vocab) {
  return {n, active, layers, hidden, heads, kv_heads, vocab, 2.0, 2.0};
}

// Role skills by tier: 70B-class models judge, critique and fuse well; 7B models rank well but
// critique and fuse poorly (spec §7); API-like frontier models are the strongest judges.
model_params tier70(std::string name, double c, double code, double open) {
  model_params m;
  m.name = std::move(name), m.tier = "open70b", m.ability = {c, code, open};
  m.diversity = 1.0, m.idiosyncrasy = 0.45, m.critique = 0.2, m.judge_noise = 1.0;
  m.fusion = 0.4, m.fuse_trust = 1.0, m.fuse_temperature = 0.5, m.resolve = 0.1;
  m.verify_threshold = -0.5, m.test_skill = 1.0 + code, m.eval_skill = 2.5 + code;
  m.output_tokens = 520, m.price_in = 1.2, m.price_out = 1.8;
  return m;
}
model_params tier8(std::string name, double c, double code, double open) {
  model_params m;
  m.name = std::move(name), m.tier = "open8b", m.ability = {c, code, open};
  m.diversity = 1.05, m.idiosyncrasy = 0.45, m.critique = 0.02, m.judge_noise = 1.1;
  m.fusion = 0.12, m.fuse_trust = 0.4, m.fuse_temperature = 0.8, m.resolve = 0.2;
  m.verify_threshold = -0.5, m.test_skill = 0.3 + code, m.eval_skill = 1.5 + code;
  m.output_tokens = 460, m.context = 8192, m.price_in = 0.2, m.price_out = 0.2;
  return m;
}
model_params tier_closed(std::string name, double c, double code, double open) {
  model_params m;
  m.name = std::move(name), m.tier = "closed", m.ability = {c, code, open};
  m.diversity = 0.95, m.idiosyncrasy = 0.5, m.critique = 0.3, m.judge_noise = 0.7;
  m.fusion = 0.6, m.fuse_trust = 1.3, m.fuse_temperature = 0.4, m.resolve = 0.1;
  m.verify_threshold = -0.5, m.test_skill = 1.5 + code, m.eval_skill = 3.0 + code;
  m.output_tokens = 550, m.context = 128000, m.price_in = 5.0, m.price_out = 15.0;
  return m;
}

std::vector<model_params> build_all() {
  std::vector<model_params> v;
  // ----- open70b: the analogue of Archon's 70B+ ensemble, best to worst on `choice`.
  auto m = tier70("atlas-72b", 0.0, 0.0, 0.0);  // the reference model (θ_ref)
  m.context = 32768, m.shape = dense(72.7e9, 80, 8192, 64, 8, 152064);
  v.push_back(m);
  m = tier70("borealis-67b", -0.15, -0.25, -0.08);
  m.context = 16384, m.shape = dense(67.0e9, 95, 8192, 64, 8, 102400);
  v.push_back(m);
  m = tier70("cirrus-8x22b", -0.25, -0.1, -0.18);
  m.context = 65536, m.price_in = 0.9, m.price_out = 1.2, m.output_tokens = 560;
  m.shape = moe(141e9, 39e9, 56, 6144, 48, 8, 32768);
  v.push_back(m);
  m = tier70("delta-110b", -0.3, -0.35, -0.15);
  m.context = 32768, m.shape = dense(111e9, 80, 8192, 64, 8, 152064);
  v.push_back(m);
  m = tier70("ember-72b", -0.4, -0.4, -0.3);
  m.context = 32768, m.shape = dense(72.3e9, 80, 8192, 64, 8, 152064);
  v.push_back(m);
  m = tier70("fjord-70b", -0.45, -0.3, -0.35);
  m.context = 8192, m.shape = dense(70.6e9, 80, 8192, 64, 8, 128256);
  v.push_back(m);
  m = tier70("glacier-8x22b", -0.6, -0.5, -0.45);
  m.context = 65536, m.price_in = 0.9, m.price_out = 1.2;
  m.shape = moe(141e9, 39e9, 56, 6144, 48, 8, 32768);
  v.push_back(m);
  m = tier70("harbor-132b", -0.7, -0.6, -0.5);
  m.context = 32768, m.price_in = 1.0, m.price_out = 1.5;
  m.shape = moe(132e9, 36e9, 40, 6144, 48, 8, 100352);
  v.push_back(m);
  m = tier70("isle-65b", -0.85, -0.8, -0.6);
  m.context = 8192, m.shape = dense(65.3e9, 80, 8192, 64, 64, 32000);
  v.push_back(m);
  m = tier70("juniper-70b", -1.0, -0.9, -0.7);
  m.context = 8192, m.shape = dense(70.0e9, 80, 8192, 64, 8, 32000);
  v.push_back(m);
  // ----- open8b: ≈1.3 logits below the 70B tier.
  m = tier8("kestrel-8b", -1.3, -1.4, -1.2);
  m.shape = dense(8.0e9, 32, 4096, 32, 8, 128256);
  v.push_back(m);
  m = tier8("lumen-7b", -1.5, -1.6, -1.35);
  m.context = 32768, m.shape = dense(7.6e9, 28, 3584, 28, 4, 152064);
  v.push_back(m);
  m = tier8("mesa-9b", -1.45, -1.7, -1.25);
  m.shape = dense(9.2e9, 42, 3584, 16, 8, 256000);
  v.push_back(m);
  m = tier8("nimbus-7b", -1.7, -1.8, -1.5);
  m.shape = dense(7.2e9, 32, 4096, 32, 8, 32000);
  v.push_back(m);
  m = tier8("oriole-8b", -1.8, -1.9, -1.6);
  m.shape = dense(8.0e9, 32, 4096, 32, 8, 128256);
  v.push_back(m);
  m = tier8("pumice-7b", -2.0, -2.1, -1.8);
  m.shape = dense(7.2e9, 32, 4096, 32, 32, 32000);
  v.push_back(m);
  // ----- closed: API-like frontier models (shapes are guesses used only for FLOPs and latency).
  m = tier_closed("frontier-a", 0.45, 0.5, 1.1);
  m.shape = moe(1.0e12, 220e9, 120, 12288, 96, 8, 200000);
  v.push_back(m);
  m = tier_closed("frontier-b", 0.4, 0.35, 1.15);
  m.price_in = 3.0, m.shape = moe(1.0e12, 250e9, 120, 12288, 96, 8, 200000);
  v.push_back(m);
  m = tier_closed("frontier-mini", -0.5, -0.6, 0.2);
  m.price_in = 0.15, m.price_out = 0.6, m.judge_noise = 0.9, m.critique = 0.15, m.fusion = 0.4;
  m.shape = moe(100e9, 20e9, 48, 6144, 48, 8, 200000);
  v.push_back(m);
  return v;
}

}  // namespace

const std::vector<model_params>& all_models() {
  static const std::vector<model_params> v = build_all();
  return v;
}

std::vector<std::string> catalogue_names() { return {"open70b", "open8b", "closed", "all"}; }

catalogue make_catalogue(std::string_view name) {
  std::vector<model_params> out;
  if (name == "all") return catalogue(all_models());
  for (const auto& m : all_models())
    if (m.tier == name) out.push_back(m);
  if (out.empty()) {
    std::string valid;
    for (const auto& n : catalogue_names()) valid += (valid.empty() ? "" : ", ") + n;
    throw invalid_argument("llmsys", "unknown model catalogue \"" + std::string(name) + "\"; valid: " + valid);
  }
  return catalogue(std::move(out));
}

}  // namespace dsegym::sim::llmsys

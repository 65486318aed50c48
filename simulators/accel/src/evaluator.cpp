#include "dsegym/sim/accel/evaluator.hpp"

#include <cstring>
#include <type_traits>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::accel {

namespace {

template <class T>
void append(std::string& key, const T& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));
  key.append(buf, sizeof(T));
}

// Everything the mapper's answer depends on, except the layer's name.
std::string cache_key(const layer& l, const accel_config& c, const mapper_options& o) {
  std::string k;
  k.reserve(256);
  append(k, l.type);
  for (auto v : l.dims()) append(k, v);
  append(k, l.stride_h);
  append(k, l.stride_w);
  append(k, c.pe_rows);
  append(k, c.pe_cols);
  append(k, c.rf.weights);
  append(k, c.rf.inputs);
  append(k, c.rf.outputs);
  append(k, c.glb_bytes);
  append(k, c.glb_banks);
  append(k, c.glb_bandwidth_words);
  append(k, c.dram_bandwidth_bytes);
  append(k, c.clock_hz);
  append(k, c.word_bytes);
  append(k, c.flow);
  append(k, c.double_buffering);
  const auto& e = c.energy;
  for (double v : {e.mac_pj, e.rf_read_pj, e.rf_write_pj, e.noc_pj_per_word, e.glb_pj_per_word,
                   e.glb_reference_bytes, e.dram_pj_per_word, e.leakage_w})
    append(k, v);
  append(k, o.objective);
  append(k, o.search);
  append(k, o.rf_candidates);
  append(k, o.random_samples);
  append(k, o.seed);
  return k;
}

template <class MapFn>
network_result evaluate_with(const network& net, const accel_config& cfg, MapFn&& map) {
  validate(cfg);
  network_result r;
  r.area_mm2 = cfg.area_mm2();
  r.per_layer.reserve(net.layers.size());
  for (const layer& l : net.layers) {
    mapper_result m = map(l);
    if (!m.ok) {
      r.ok = false;
      r.reason = m.reason;
      r.per_layer.clear();
      return r;
    }
    m.best.name = l.name;
    r.macs += m.best.macs;
    r.cycles += m.best.cycles;
    r.energy_j += m.best.energy_j;
    r.dram_bytes += m.best.dram_bytes;
    r.per_layer.push_back(std::move(m.best));
  }
  r.latency_s = r.cycles / cfg.clock_hz;
  r.ok = true;
  return r;
}

}  // namespace

network_result evaluate(const network& net, const accel_config& cfg, const mapper_options& options) {
  return evaluate_with(net, cfg, [&](const layer& l) { return map_layer(l, cfg, options); });
}

evaluator::evaluator(mapper_options options, std::size_t max_entries)
    : options_(options), max_entries_(max_entries == 0 ? 1 : max_entries) {}

mapper_result evaluator::map(const layer& l, const accel_config& cfg) {
  const std::string key = cache_key(l, cfg, options_);
  {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find(key); it != cache_.end()) {
      ++hits_;
      mapper_result r = it->second;
      r.best.name = l.name;
      return r;
    }
    ++misses_;
  }
  mapper_result r = map_layer(l, cfg, options_);  // outside the lock: other threads keep going
  std::lock_guard lock(mutex_);
  if (cache_.size() >= max_entries_) cache_.clear();
  cache_.emplace(key, r);
  return r;
}

network_result evaluator::evaluate(const network& net, const accel_config& cfg) {
  return evaluate_with(net, cfg, [&](const layer& l) { return map(l, cfg); });
}

std::size_t evaluator::cache_size() const {
  std::lock_guard lock(mutex_);
  return cache_.size();
}
std::uint64_t evaluator::hits() const {
  std::lock_guard lock(mutex_);
  return hits_;
}
std::uint64_t evaluator::misses() const {
  std::lock_guard lock(mutex_);
  return misses_;
}
void evaluator::clear() {
  std::lock_guard lock(mutex_);
  cache_.clear();
  hits_ = misses_ = 0;
}

}  // namespace dsegym::sim::accel

#pragma once
/// @file
/// Cost of a whole network (spec §B.6 API): each layer with its best mapping, summed.
/// `evaluate` is deterministic; `evaluator` adds a cache keyed by (layer shape, configuration,
/// mapper options), so repeated shapes and repeated configurations cost one mapper run.

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "dsegym/sim/accel/accel_config.hpp"
#include "dsegym/sim/accel/layer_result.hpp"
#include "dsegym/sim/accel/mapper.hpp"
#include "dsegym/sim/accel/network.hpp"

namespace dsegym::sim::accel {

struct network_result {
  bool ok = false;
  std::string reason;          ///< the first layer without a valid mapping
  std::uint64_t macs = 0;
  double cycles = 0.0;         ///< sum over layers (layers run one after the other)
  double latency_s = 0.0;      ///< cycles / clock
  double energy_j = 0.0;
  double dram_bytes = 0.0;
  double area_mm2 = 0.0;       ///< of the configuration (MAESTRO constants)
  std::vector<layer_result> per_layer;
};

/// @throws dsegym::invalid_argument for an invalid configuration, layer or mapper options.
[[nodiscard]] network_result evaluate(const network& net, const accel_config& cfg,
                                      const mapper_options& options = {});

/// evaluate() with a thread-safe cache of per-layer results. The cache is cleared when it
/// reaches `max_entries`.
class evaluator {
 public:
  explicit evaluator(mapper_options options = {}, std::size_t max_entries = 1 << 16);

  [[nodiscard]] network_result evaluate(const network& net, const accel_config& cfg);
  [[nodiscard]] mapper_result map(const layer& l, const accel_config& cfg);

  [[nodiscard]] std::size_t cache_size() const;
  [[nodiscard]] std::uint64_t hits() const;
  [[nodiscard]] std::uint64_t misses() const;
  void clear();

 private:
  mapper_options options_;
  std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, mapper_result> cache_;
  std::uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace dsegym::sim::accel

#pragma once
/// @file
/// The inner mapper (spec §B.3): the best mapping of a layer on a configuration under the
/// configuration's dataflow.
///
/// Exhaustive search, per dataflow: for each of the dataflow's spatial dimension pairs, spatial
/// factors on the Pareto front of (array passes, padding): the three with the fewest passes and the
/// padding-free one (largest divisor that fits);
/// for each, every register-file tile of the dataflow's RF dimensions (divisors) that fits, of
/// which the `rf_candidates` with the least RF + NoC energy per MAC are kept; for each, every
/// maximal GLB tile (divisors; no dimension can grow and still fit — a larger tile never moves
/// more data at any level) and the three canonical loop orders at each of the DRAM and GLB levels
/// (weights, inputs or outputs stationary: the dimensions that do not index the stationary
/// tensor innermost). Deterministic; ties keep the first candidate found.
///
/// Random search: `random_samples` mappings drawn with dsegym::rng from the same factor spaces
/// (any spatial factor, any fitting divisor tiles, random loop orders), seeded by `seed`.

#include <cstddef>
#include <cstdint>
#include <string>

#include "dsegym/sim/accel/accel_config.hpp"
#include "dsegym/sim/accel/layer.hpp"
#include "dsegym/sim/accel/layer_result.hpp"

namespace dsegym::sim::accel {

enum class mapper_objective : std::uint8_t {
  latency,       ///< cycles, then energy (TimeloopGym: delay then energy)
  energy,        ///< energy, then cycles
  edp,           ///< energy × cycles, then cycles
  dram_traffic,  ///< DRAM bytes, then cycles, then energy
};

enum class mapper_search : std::uint8_t { exhaustive, random };

struct mapper_options {
  mapper_objective objective = mapper_objective::latency;
  mapper_search search = mapper_search::exhaustive;
  std::size_t rf_candidates = 4;       ///< exhaustive: RF tiles kept per spatial choice
  std::size_t random_samples = 2000;   ///< random: mappings drawn
  std::uint64_t seed = 0;              ///< random: seed of the sampling stream
  friend bool operator==(const mapper_options&, const mapper_options&) = default;
};

struct mapper_result {
  bool ok = false;
  std::string reason;       ///< why no mapping fits (ok == false)
  layer_result best;        ///< valid when ok
  std::size_t evaluated = 0;  ///< mappings costed
};

/// @throws dsegym::invalid_argument (tag "accel") for an invalid layer or configuration, or
///         rf_candidates / random_samples of 0. "No mapping fits" is a result, not an error.
[[nodiscard]] mapper_result map_layer(const layer& l, const accel_config& cfg,
                                      const mapper_options& options = {});

}  // namespace dsegym::sim::accel

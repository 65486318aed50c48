#pragma once
// circuit/LogicSynthesis-v1: logic-synthesis recipes (ABC-RL style). Each step applies one of the
// 7 transforms of the ABC-RL action set to the current And-Inverter Graph with the project's own
// engine: 0 refactor, 1 refactor -z, 2 rewrite, 3 rewrite -z, 4 resub, 5 resub -z, 6 balance.
// An episode is a recipe of `recipe_length` steps (default 10).
//
// Reward "adp" (ABC-RL, terminal): max(-1, (ADP_resyn2 - ADP) / ADP_resyn2) on the last step, 0
// before, where ADP = area x delay after standard-cell mapping (the built-in generic library or a
// genlib file) and ADP_resyn2 comes from resyn2 on the same design with the same engine and mapper.
// "adp_dense": the per-step change of that quantity (sums to the unclipped terminal value).
// "and_level": the same terminal form with ANDs x levels instead of ADP (mapper-free).
// Observation: {"stats": [ANDs, levels, PIs, POs, ANDs / initial ANDs, levels / initial levels],
// "recipe": the actions so far (7 = not yet)}. info.metrics: ands, levels, lut_count, lut_depth
// (6-LUT mapping), area, delay, adp. info.cost: transforms applied. backend=abc runs the same
// transforms (and the resyn2 baseline) through Debian's berkeley-abc instead.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsegym/core/environment.hpp"
#include "dsegym/spaces/any_space.hpp"

namespace dsegym {
class registry;
}

namespace dsegym::envs::circuit {

struct logic_synthesis_options {
  /// Generated: adder<N>, multiplier<N>, comparator<N>, mux<N>, random (random logic); or an EPFL
  /// design name (adder, bar, ..., voter) read from $DSEGYM_DATA_DIR/epfl; or a path to an .aig file.
  std::string design = "multiplier6";
  std::int64_t recipe_length = 10;
  std::string reward = "adp";        ///< adp, adp_dense or and_level
  std::string genlib;                ///< "" = the built-in library
  std::int64_t random_seed = 0;      ///< for design=random
  std::string data_dir;              ///< data root ("" = $DSEGYM_DATA_DIR)
  /// native: the project's AIG engine; abc: the same transforms run by Debian's berkeley-abc (the
  /// result is read back and mapped by the project's mappers, so QoR is measured the same way).
  std::string backend = "native";
};

/// Whether `berkeley-abc` is on the PATH.
[[nodiscard]] bool abc_available();

class logic_synthesis_env {
 public:
  using observation_type = value;
  using action_type = std::int64_t;
  static constexpr std::int64_t num_transforms = 7;

  explicit logic_synthesis_env(const logic_synthesis_options& options = {});
  ~logic_synthesis_env();
  logic_synthesis_env(logic_synthesis_env&&) noexcept;
  logic_synthesis_env& operator=(logic_synthesis_env&&) noexcept;

  [[nodiscard]] const dict_space& observation_space() const noexcept;
  [[nodiscard]] const discrete& action_space() const noexcept;
  [[nodiscard]] const env_spec& spec() const noexcept;
  reset_result<value> reset(std::optional<std::uint64_t> seed = std::nullopt);
  step_result<value> step(action_type transform);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

static_assert(environment<logic_synthesis_env>);

/// The transform name of an action id ("refactor -z", ...).
[[nodiscard]] std::string transform_name(std::int64_t action);

/// Registers circuit/LogicSynthesis-v1.
void register_circuit_envs(registry& r);

}  // namespace dsegym::envs::circuit

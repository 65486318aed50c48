#pragma once
// quantum/QAS-v0: quantum architecture search. An agent builds a parameterised circuit from a
// task-dependent gate alphabet; after every change an inner Adam loop (fixed budget) tunes all
// angles on the built-in state-vector simulator, and the circuit is scored on the task:
//   state preparation (bell, ghz, w, random_target): fidelity with the target state;
//   MaxCut (maxcut_ring4, maxcut_sun8, maxcut_random): approximation ratio <C> / C_max;
//   VQE (h2, h2_2q, lih, tfim, heisenberg, custom = a user Hamiltonian): energy and its error against the exact ground energy,
//   which the env computes itself (dense / Lanczos diagonalisation).
//
// Two shapes:
// - qas_sequential: each step appends one gate (Discrete over the alphabet); the episode ends when
//   the task threshold is met (chemical accuracy 1.6e-3 Ha for VQE, a fidelity or ratio threshold
//   otherwise) or at max_gates. Reward "incremental" (CRLQAS): +success_bonus on success,
//   -failure_penalty at the cap without success, else clip((d_prev - d) / d_prev, -1, 1) where d is
//   the distance to the target (E - E0, 1 - F or 1 - ratio), minus depth/CNOT penalties per added
//   moment/CNOT; reward "final": quality at the end of the episode, 0 before.
// - qas_one_shot: one action = a fixed-length gate list (MultiDiscrete, the last choice of each
//   slot = empty), optimised once; reward = quality.
// quality in [0, 1]: fidelity; approximation ratio; for VQE 1 - (E - E0) / (E_init - E0) clipped,
// E_init being the energy of the initial state (Hartree-Fock for H2, |0..0> otherwise).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsegym/core/environment.hpp"
#include "dsegym/core/random.hpp"
#include "dsegym/spaces/any_space.hpp"

namespace dsegym {
class registry;
}

namespace dsegym::envs::quantum {

struct qas_options {
  std::string task = "h2";
  std::int64_t qubits = 0;            ///< 0: the task's default width
  bool periodic = false;              ///< tfim / heisenberg boundary
  std::int64_t instance_seed = 0;     ///< random_target and maxcut_random instances
  std::string gate_set = "rotations"; ///< rotations (CRLQAS) or kuo (fixed gates)
  std::int64_t max_gates = 20;
  std::int64_t optimizer_iterations = 40;
  double learning_rate = 0.1;
  double threshold = -1;              ///< < 0: the task's default
  std::string reward = "incremental"; ///< incremental or final
  double success_bonus = 5.0;
  double failure_penalty = 5.0;
  double depth_penalty = 0.0;
  double cnot_penalty = 0.0;
  std::string device = "ibm_sherbrooke";  ///< hardware cost model
  std::string coupling = "all";           ///< "all" or a device whose couplers mask two-qubit gates
  std::string hamiltonian;    ///< task "custom": Pauli-sum text or file (see hamiltonian_text.hpp)
  std::string initial_state;  ///< VQE start bitstring ("" = the task's reference state)
};

/// The task, the gate alphabet and circuit scoring, shared by both shapes.
class qas_core;

/// The result of scoring one circuit.
struct qas_score {
  double distance = 0;  ///< to the target: E - E0, 1 - F, or 1 - ratio (>= 0)
  double quality = 0;   ///< in [0, 1], 1 = the target reached exactly
  bool success = false;
  step_info info;
  std::vector<double> params;  ///< optimised angles
};

class qas_sequential {
 public:
  using observation_type = value;
  using action_type = std::int64_t;

  explicit qas_sequential(const qas_options& options = {});
  ~qas_sequential();
  qas_sequential(qas_sequential&&) noexcept;
  qas_sequential& operator=(qas_sequential&&) noexcept;

  [[nodiscard]] const dict_space& observation_space() const noexcept;
  [[nodiscard]] const discrete& action_space() const noexcept;
  [[nodiscard]] const env_spec& spec() const noexcept;
  reset_result<value> reset(std::optional<std::uint64_t> seed = std::nullopt);
  step_result<value> step(action_type a);
  /// 1 = allowed, 0 = masked by the coupling map (also in info.extra["action_mask"]).
  [[nodiscard]] const std::vector<std::int8_t>& action_mask() const noexcept;

 private:
  std::unique_ptr<qas_core> core_;
  rng rng_{0};
  std::vector<std::int64_t> actions_;
  std::vector<double> params_;
  std::optional<qas_score> last_;
};

class qas_one_shot {
 public:
  using observation_type = value;
  using action_type = std::vector<std::int64_t>;

  explicit qas_one_shot(const qas_options& options = {});
  ~qas_one_shot();
  qas_one_shot(qas_one_shot&&) noexcept;
  qas_one_shot& operator=(qas_one_shot&&) noexcept;

  [[nodiscard]] const dict_space& observation_space() const noexcept;
  [[nodiscard]] const multi_discrete& action_space() const noexcept;
  [[nodiscard]] const env_spec& spec() const noexcept;
  reset_result<value> reset(std::optional<std::uint64_t> seed = std::nullopt);
  step_result<value> step(const action_type& gates);

 private:
  std::unique_ptr<qas_core> core_;
  std::unique_ptr<multi_discrete> act_space_;
  rng rng_{0};
};

static_assert(environment<qas_sequential>);
static_assert(environment<qas_one_shot>);

/// Registers quantum/QAS-v0.
void register_quantum_envs(registry& r);

}  // namespace dsegym::envs::quantum

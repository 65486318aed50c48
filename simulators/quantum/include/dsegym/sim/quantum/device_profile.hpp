#pragma once
// Calibration summaries of real devices: native gates, coupling map, error rates, timings.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dsegym::sim::quantum {

/// The device's native two-qubit interaction (ECR = CNOT up to single-qubit rotations).
enum class two_qubit_basis { cx, ecr, cz };

/// Median calibration data (spec §6). Errors are per-gate error rates (average gate infidelity),
/// readout_error the probability of misreading a qubit. Fields the spec does not give for a device
/// are empty optionals, never guesses; estimates that need them are then left empty too.
struct device_profile {
  using edge = std::pair<std::size_t, std::size_t>;

  std::string name;
  std::size_t num_qubits = 0;
  std::vector<std::string> basis_gates;  ///< e.g. {"ecr", "id", "rz", "sx", "x"}
  two_qubit_basis native_two_qubit = two_qubit_basis::cx;
  std::vector<edge> coupling;  ///< undirected couplers between physical qubits
  double error_1q = 0.0;       ///< sx / x error; rz is virtual (error 0, duration 0)
  double error_2q = 0.0;
  double readout_error = 0.0;
  std::optional<double> duration_1q_ns;
  std::optional<double> duration_2q_ns;
  std::optional<double> t1_us;
  std::optional<double> t2_us;
  std::string source;  ///< where the numbers come from

  /// Throws dsegym::invalid_argument for errors outside [0, 1), couplers out of range, self-loops,
  /// repeated couplers, or non-positive durations / T1 / T2.
  void validate() const;
  /// True when a coupler joins physical qubits a and b (either order).
  [[nodiscard]] bool coupled(std::size_t a, std::size_t b) const noexcept;
  /// Hop distances between all physical qubits (breadth-first search); unreachable pairs get
  /// num_qubits (which is larger than any real distance).
  [[nodiscard]] std::vector<std::vector<std::size_t>> distances() const;
  /// The sub-device on `physical` qubits, renumbered 0..k-1 in the given order, keeping the
  /// couplers among them and every calibration number. Throws unless the qubits are distinct and
  /// in range.
  [[nodiscard]] device_profile patch(std::span<const std::size_t> physical,
                                     std::string patch_name) const;

  // Built-in profiles (spec §6).
  /// 127-qubit Eagle r3, heavy-hex with 144 couplers, 2025-02 medians.
  [[nodiscard]] static device_profile ibm_sherbrooke();
  /// 9-qubit path 0-1-2-3-4-15-22-21-20 of ibm_sherbrooke (wires 0..8 along the path).
  [[nodiscard]] static device_profile ibm_sherbrooke_path9();
  /// 12-qubit ring 4-5-6-7-8-16-26-25-24-23-22-15 of ibm_sherbrooke.
  [[nodiscard]] static device_profile ibm_sherbrooke_ring12();
  /// 5-qubit T-shaped devices (2021), couplers 0-1 1-2 1-3 3-4.
  [[nodiscard]] static device_profile ibmq_belem();
  [[nodiscard]] static device_profile ibmq_lima();
  [[nodiscard]] static device_profile ibmq_quito();
  /// 5-qubit line devices 0-1-2-3-4. The spec gives their single-qubit and readout errors only as
  /// family ranges (1.8–3.5e-4, 1.4–2.2e-2): these profiles use the upper ends.
  [[nodiscard]] static device_profile ibmq_manila();
  [[nodiscard]] static device_profile ibmq_santiago();
  [[nodiscard]] static device_profile ibmq_athens();
  /// A fully connected device with the given error rates (e.g. for noise studies without topology).
  [[nodiscard]] static device_profile all_to_all(std::size_t num_qubits, double error_1q,
                                                 double error_2q, double readout_error);

  /// The built-in profile of that name; throws dsegym::not_found listing known_names().
  [[nodiscard]] static device_profile by_name(std::string_view name);
  [[nodiscard]] static std::vector<std::string> known_names();
};

}  // namespace dsegym::sim::quantum

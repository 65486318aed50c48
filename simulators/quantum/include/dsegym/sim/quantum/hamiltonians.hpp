#pragma once
// Hamiltonians of the VQE tasks, written from the spec's data and from physics (spec §5).

#include <cstddef>
#include <string>

#include "dsegym/sim/quantum/pauli_sum.hpp"

namespace dsegym::sim::quantum {

/// A molecular VQE instance with its published reference numbers.
struct vqe_problem {
  std::string name;
  pauli_sum hamiltonian;
  double ground_energy = 0.0;     ///< exact E0 (Ha) as published in the spec
  std::string reference_state;    ///< Hartree–Fock-like basis state, wire 0 first
  double reference_energy = 0.0;  ///< <reference|H|reference> (Ha)
};

/// H2, 4 qubits, Jordan–Wigner, R ~ 0.70 A (PennyLane geometry; Sun, Du). Spec §5.1:
/// E0 = -1.1361894541, HF |1100> = -1.1173490350.
[[nodiscard]] vqe_problem h2_jordan_wigner_070();

/// H2, 4 qubits, Jordan–Wigner, R = 0.742 A (CRLQAS / BenchRL-QAS data). Spec §5.2:
/// E0 = -1.1372633205, <1100|H|1100> = -1.1166511626.
[[nodiscard]] vqe_problem h2_jordan_wigner_0742();

/// H2, 2 qubits, parity mapping with two-qubit reduction, R = 0.735 A (Qiskit, TorchQuantum).
/// Spec §5.3: electronic E0 = -1.857275030202, <01|H|01> = -1.8369679912; with
/// `include_nuclear_repulsion` 0.7199689944489797 Ha is added to the identity term (E0 total
/// -1.137306035753).
[[nodiscard]] vqe_problem h2_parity_0735(bool include_nuclear_repulsion = false);

/// LiH, 4 qubits, Jordan–Wigner in the active space of spatial orbitals 1–2 (Li 1s frozen),
/// STO-3G, R = 1.45 A: OpenFermion's LiH example (its tutorial prints this QubitOperator and the
/// ground energy E0 = -7.862773163027991 Ha). Hartree–Fock |1100> = -7.862567785718334 Ha, only
/// 2.05e-4 Ha above E0: chemical accuracy (1.6e-3 Ha) is met by the reference state itself.
[[nodiscard]] vqe_problem lih_jordan_wigner_145();

/// Transverse-field Ising chain H = -J sum Z_i Z_{i+1} - h sum X_i on n >= 2 qubits; `periodic`
/// adds the bond (n-1, 0) when n > 2 (for n = 2 it would repeat bond (0, 1)).
[[nodiscard]] pauli_sum transverse_field_ising(std::size_t num_qubits, bool periodic,
                                               double j = 1.0, double h = 1.0);

/// Heisenberg XXX chain H = J sum (X_i X_{i+1} + Y_i Y_{i+1} + Z_i Z_{i+1}), bonds as above.
[[nodiscard]] pauli_sum heisenberg_xxx(std::size_t num_qubits, bool periodic, double j = 1.0);

}  // namespace dsegym::sim::quantum

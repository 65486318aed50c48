#pragma once
// Exact ground energies of Pauli-sum Hamiltonians (the E0 that VQE rewards are measured against).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "dsegym/sim/quantum/pauli_sum.hpp"
#include "dsegym/sim/quantum/state_vector.hpp"

namespace dsegym::sim::quantum {

enum class eigensolver {
  automatic,  ///< diagonal if H is diagonal, dense up to dense_max_qubits, Lanczos above
  diagonal,   ///< minimum of the diagonal (only for I/Z-only Hamiltonians)
  dense,      ///< Eigen's SelfAdjointEigenSolver on the 2^n x 2^n matrix (n <= 12)
  lanczos,    ///< Krylov iteration on H|v> products; never forms the matrix
};

struct ground_state_options {
  eigensolver method = eigensolver::automatic;
  std::size_t dense_max_qubits = 8;  ///< automatic switches to Lanczos above this width
  std::size_t max_iterations = 300;  ///< Lanczos steps
  double tolerance = 1e-10;          ///< Lanczos stops at residual <= tolerance * max(1, |E|)
  std::uint64_t seed = 0;            ///< Lanczos start vector from dsegym::rng(seed)
  bool compute_state = true;         ///< also return the ground state
  /// Lanczos keeps (and fully re-orthogonalises against) its Krylov basis while it fits in this
  /// many bytes; above, it runs the plain three-term recurrence (energies stay exact, spurious
  /// copies of converged eigenvalues may appear) and rebuilds the state in a second pass.
  std::size_t max_basis_bytes = std::size_t{256} << 20;
};

struct ground_state_result {
  double energy = 0.0;
  std::optional<state_vector> state;  ///< normalised ground state (one of them if degenerate)
  eigensolver method = eigensolver::automatic;  ///< the solver that ran
  std::size_t iterations = 0;                   ///< Lanczos steps (0 otherwise)
  double residual = 0.0;  ///< ||H psi - E psi|| of the returned state (Lanczos estimate if none)
  bool converged = true;  ///< false when Lanczos hit max_iterations first
};

/// Lowest eigenvalue (and eigenvector) of H. Throws dsegym::invalid_argument for bad options
/// (e.g. diagonal on a non-diagonal H) and dsegym::resource_exhausted for a dense solve above
/// 12 qubits or a state above max_state_qubits.
[[nodiscard]] ground_state_result ground_state(const pauli_sum& h,
                                               const ground_state_options& options = {});

/// Every eigenvalue of H in ascending order, by dense diagonalisation (n <= 12).
[[nodiscard]] std::vector<double> dense_spectrum(const pauli_sum& h);

}  // namespace dsegym::sim::quantum

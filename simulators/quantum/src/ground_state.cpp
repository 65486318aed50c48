#include "dsegym/sim/quantum/ground_state.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <bit>
#include <cmath>
#include <string>
#include <vector>

#include "dsegym/core/random.hpp"
#include "dsegym/sim/quantum/detail/check.hpp"
#include "dsegym/sim/quantum/detail/kernels.hpp"

namespace dsegym::sim::quantum {
namespace {

constexpr std::size_t dense_hard_limit = 12;  // 4096 x 4096 complex = 256 MiB

using cvec = std::vector<amplitude>;

void check_dense_width(const pauli_sum& h) {
  if (h.num_qubits() > dense_hard_limit)
    throw resource_exhausted(detail::error_area,
                             "dense diagonalisation of " + std::to_string(h.num_qubits()) +
                                 " qubits is too large; at most " +
                                 std::to_string(dense_hard_limit) + " (use eigensolver::lanczos)");
}

bool has_imaginary_entries(const pauli_sum& h) {
  return std::any_of(h.terms().begin(), h.terms().end(),
                     [](const pauli_term& t) { return (t.y_count() & 1U) != 0; });
}

/// H as a dense matrix; real when no term has an odd number of Y factors.
template <class Matrix>
Matrix dense_matrix(const pauli_sum& h) {
  using scalar = typename Matrix::Scalar;
  const auto dim = static_cast<Eigen::Index>(std::size_t{1} << h.num_qubits());
  Matrix m = Matrix::Zero(dim, dim);
  for (const pauli_term& t : h.terms()) {
    const std::uint64_t x = t.x_mask(), z = t.z_mask();
    amplitude f = t.coefficient();
    switch (t.y_count() & 3U) {  // i^{#Y}
      case 1:
        f *= amplitude{0.0, 1.0};
        break;
      case 2:
        f = -f;
        break;
      case 3:
        f *= amplitude{0.0, -1.0};
        break;
      default:
        break;
    }
    for (Eigen::Index i = 0; i < dim; ++i) {
      const auto ui = static_cast<std::uint64_t>(i);
      const amplitude v = (std::popcount(ui & z) & 1) ? -f : f;
      if constexpr (std::is_same_v<scalar, double>)
        m(static_cast<Eigen::Index>(ui ^ x), i) += v.real();
      else
        m(static_cast<Eigen::Index>(ui ^ x), i) += v;
    }
  }
  return m;
}

template <class Matrix>
ground_state_result dense_ground(const pauli_sum& h, bool want_state) {
  const Matrix m = dense_matrix<Matrix>(h);
  Eigen::SelfAdjointEigenSolver<Matrix> es(
      m, want_state ? Eigen::ComputeEigenvectors : Eigen::EigenvaluesOnly);
  if (es.info() != Eigen::Success)
    throw error(detail::error_area, "dense eigensolver did not converge", error_code::internal);
  ground_state_result r;
  r.method = eigensolver::dense;
  r.energy = es.eigenvalues()(0);
  if (want_state) {
    cvec amps(static_cast<std::size_t>(m.rows()));
    for (Eigen::Index i = 0; i < m.rows(); ++i)
      amps[static_cast<std::size_t>(i)] = es.eigenvectors()(i, 0);
    r.state = state_vector::from_amplitudes(std::move(amps), true);
  }
  return r;
}

ground_state_result diagonal_ground(const pauli_sum& h, bool want_state) {
  if (!h.is_diagonal())
    detail::throw_invalid("eigensolver::diagonal needs a Hamiltonian of I and Z factors only");
  if (h.num_qubits() > max_state_qubits)
    throw resource_exhausted(detail::error_area, "diagonal of " + std::to_string(h.num_qubits()) +
                                                     " qubits is too large");
  const std::vector<double> d = h.diagonal();
  const auto it = std::min_element(d.begin(), d.end());
  ground_state_result r;
  r.method = eigensolver::diagonal;
  r.energy = *it;
  if (want_state)
    r.state = state_vector::basis(h.num_qubits(), static_cast<std::uint64_t>(it - d.begin()));
  return r;
}

double vec_norm(const cvec& v) { return std::sqrt(detail::norm_squared(v)); }

/// Smallest eigenpair of the Lanczos tridiagonal matrix T_m.
struct ritz {
  double value;
  Eigen::VectorXd vector;
};

ritz smallest_ritz(const std::vector<double>& alpha, const std::vector<double>& beta) {
  const auto m = static_cast<Eigen::Index>(alpha.size());
  Eigen::VectorXd diag(m), sub(std::max<Eigen::Index>(m - 1, 0));
  for (Eigen::Index i = 0; i < m; ++i) diag(i) = alpha[static_cast<std::size_t>(i)];
  for (Eigen::Index i = 0; i + 1 < m; ++i) sub(i) = beta[static_cast<std::size_t>(i)];
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es;
  es.computeFromTridiagonal(diag, sub, Eigen::ComputeEigenvectors);
  return {es.eigenvalues()(0), es.eigenvectors().col(0)};
}

ground_state_result lanczos_ground(const pauli_sum& h, const ground_state_options& o) {
  if (h.num_qubits() > max_state_qubits)
    throw resource_exhausted(detail::error_area, "Lanczos on " + std::to_string(h.num_qubits()) +
                                                     " qubits is too large; at most " +
                                                     std::to_string(max_state_qubits));
  if (o.max_iterations == 0) detail::throw_invalid("ground_state max_iterations must be >= 1");
  if (!(o.tolerance > 0.0)) detail::throw_invalid("ground_state tolerance must be > 0");
  const std::size_t dim = std::size_t{1} << h.num_qubits();
  const std::size_t max_steps = std::min(o.max_iterations, dim);
  const bool store = (max_steps + 1) * dim * sizeof(amplitude) <= o.max_basis_bytes;
  const double scale = std::max(1.0, h.coefficient_norm());

  // Random complex start vector: overlaps every eigenvector, whatever the symmetries of H.
  cvec start(dim);
  rng g(o.seed);
  for (auto& a : start) a = {standard_normal(g), standard_normal(g)};
  const double n0 = vec_norm(start);
  for (auto& a : start) a /= n0;

  std::vector<double> alpha, beta;
  std::vector<cvec> basis;
  cvec v = start, v_prev(dim), w(dim);
  ritz best{0.0, {}};
  double residual = 0.0;
  bool converged = false;
  std::size_t steps = 0;
  if (store) basis.push_back(v);
  for (std::size_t j = 0; j < max_steps; ++j) {
    h.apply(v, w);
    const double a = detail::inner_product(v, w).real();
    const double b_prev = j > 0 ? beta[j - 1] : 0.0;
    for (std::size_t i = 0; i < dim; ++i) w[i] -= a * v[i] + b_prev * v_prev[i];
    if (store)  // twice is enough (Kahan-Parlett)
      for (int pass = 0; pass < 2; ++pass)
        for (const cvec& q : basis) {
          const amplitude c = detail::inner_product(q, w);
          for (std::size_t i = 0; i < dim; ++i) w[i] -= c * q[i];
        }
    const double b = vec_norm(w);
    alpha.push_back(a);
    steps = j + 1;
    const bool invariant = b <= 1e-13 * scale;
    if (invariant || steps % 5 == 0 || steps == max_steps) {
      best = smallest_ritz(alpha, beta);
      residual = invariant ? 0.0 : b * std::abs(best.vector(best.vector.size() - 1));
      if (invariant || residual <= o.tolerance * std::max(1.0, std::abs(best.value))) {
        converged = true;
        break;
      }
    }
    beta.push_back(b);
    std::swap(v_prev, v);
    for (std::size_t i = 0; i < dim; ++i) v[i] = w[i] / b;
    if (store) basis.push_back(v);
  }

  ground_state_result r;
  r.method = eigensolver::lanczos;
  r.energy = best.value;
  r.iterations = steps;
  r.residual = residual;
  r.converged = converged;
  if (!o.compute_state) return r;

  cvec y(dim, amplitude{});
  if (store) {
    for (std::size_t k = 0; k < steps; ++k)
      for (std::size_t i = 0; i < dim; ++i)
        y[i] += best.vector(static_cast<Eigen::Index>(k)) * basis[k][i];
  } else {
    // Replay the same recurrence (bit-identical vectors) and accumulate the Ritz vector.
    v = start;
    std::fill(v_prev.begin(), v_prev.end(), amplitude{});
    for (std::size_t k = 0; k < steps; ++k) {
      const double s = best.vector(static_cast<Eigen::Index>(k));
      for (std::size_t i = 0; i < dim; ++i) y[i] += s * v[i];
      if (k + 1 == steps) break;
      h.apply(v, w);
      const double b_prev = k > 0 ? beta[k - 1] : 0.0;
      for (std::size_t i = 0; i < dim; ++i) w[i] -= alpha[k] * v[i] + b_prev * v_prev[i];
      std::swap(v_prev, v);
      for (std::size_t i = 0; i < dim; ++i) v[i] = w[i] / beta[k];
    }
  }
  state_vector psi = state_vector::from_amplitudes(std::move(y), true);
  // Report the true residual of the returned vector.
  state_vector hpsi(h.num_qubits());
  h.apply(psi, hpsi);
  double res2 = 0.0;
  for (std::size_t i = 0; i < dim; ++i) res2 += std::norm(hpsi[i] - r.energy * psi[i]);
  r.residual = std::sqrt(res2);
  r.state = std::move(psi);
  return r;
}

}  // namespace

ground_state_result ground_state(const pauli_sum& h, const ground_state_options& o) {
  eigensolver method = o.method;
  if (method == eigensolver::automatic) {
    if (h.is_diagonal())
      method = eigensolver::diagonal;
    else if (h.num_qubits() <= std::min(o.dense_max_qubits, dense_hard_limit))
      method = eigensolver::dense;
    else
      method = eigensolver::lanczos;
  }
  switch (method) {
    case eigensolver::diagonal:
      return diagonal_ground(h, o.compute_state);
    case eigensolver::dense:
      check_dense_width(h);
      return has_imaginary_entries(h) ? dense_ground<Eigen::MatrixXcd>(h, o.compute_state)
                                      : dense_ground<Eigen::MatrixXd>(h, o.compute_state);
    case eigensolver::lanczos:
      return lanczos_ground(h, o);
    case eigensolver::automatic:
      break;
  }
  detail::throw_invalid("unknown eigensolver value " + std::to_string(static_cast<int>(method)) +
                        "; valid: automatic, diagonal, dense, lanczos");
}

std::vector<double> dense_spectrum(const pauli_sum& h) {
  check_dense_width(h);
  std::vector<double> out;
  const auto collect = [&](const auto& m) {
    using matrix = std::decay_t<decltype(m)>;
    Eigen::SelfAdjointEigenSolver<matrix> es(m, Eigen::EigenvaluesOnly);
    if (es.info() != Eigen::Success)
      throw error(detail::error_area, "dense eigensolver did not converge", error_code::internal);
    out.assign(es.eigenvalues().data(), es.eigenvalues().data() + es.eigenvalues().size());
  };
  if (has_imaginary_entries(h))
    collect(dense_matrix<Eigen::MatrixXcd>(h));
  else
    collect(dense_matrix<Eigen::MatrixXd>(h));
  return out;
}

}  // namespace dsegym::sim::quantum

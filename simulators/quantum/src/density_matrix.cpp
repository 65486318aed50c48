#include "dsegym/sim/quantum/density_matrix.hpp"

#include <bit>
#include <cmath>
#include <string>

#include "dsegym/sim/quantum/detail/apply_gate.hpp"
#include "dsegym/sim/quantum/detail/check.hpp"
#include "dsegym/sim/quantum/detail/kernels.hpp"

namespace dsegym::sim::quantum {
namespace {

void check_probability(double p, const char* what) {
  if (!(p >= 0.0 && p <= 1.0))
    detail::throw_invalid(std::string(what) + " probability must be in [0, 1], got " +
                          detail::format_double(p));
}

}  // namespace

density_matrix::density_matrix(std::size_t num_qubits) : num_qubits_(num_qubits) {
  if (num_qubits == 0) detail::throw_invalid("a density matrix needs at least 1 qubit, got 0");
  if (num_qubits > max_qubits)
    throw resource_exhausted(detail::error_area,
                             "a density matrix of " + std::to_string(num_qubits) +
                                 " qubits is too large; at most " + std::to_string(max_qubits) +
                                 " (use trajectories for wider registers)");
  rho_.assign(std::size_t{1} << (2 * num_qubits), amplitude{});
  rho_[0] = 1.0;
}

density_matrix density_matrix::from_state(const state_vector& psi) {
  density_matrix d(psi.num_qubits());
  const std::size_t dim = d.dimension();
  for (std::size_t r = 0; r < dim; ++r)
    for (std::size_t c = 0; c < dim; ++c) d.rho_[r * dim + c] = psi[r] * std::conj(psi[c]);
  return d;
}

amplitude density_matrix::operator()(std::size_t row, std::size_t col) const {
  const std::size_t dim = dimension();
  if (row >= dim || col >= dim)
    detail::throw_invalid("density matrix element (" + std::to_string(row) + ", " +
                          std::to_string(col) + ") out of range; dimension " + std::to_string(dim));
  return rho_[row * dim + col];
}

void density_matrix::apply(const gate& g, std::span<const double> params) {
  circuit c(num_qubits_);
  c.add(g);
  apply(c, params);
}

void density_matrix::apply(const circuit& c, std::span<const double> params,
                           const noise_model& noise) {
  if (c.num_qubits() != num_qubits_)
    detail::throw_invalid("cannot apply a " + std::to_string(c.num_qubits()) +
                          "-qubit circuit to a " + std::to_string(num_qubits_) +
                          "-qubit density matrix");
  c.check_params(params);
  noise.validate();
  const std::size_t wires = 2 * num_qubits_;
  double ang[3] = {0.0, 0.0, 0.0};
  for (const gate& g : c.gates()) {
    for (std::size_t i = 0; i < g.num_angles(); ++i) ang[i] = g.angles[i].resolve(params);
    detail::apply_gate(rho_, wires, g, ang, detail::gate_mode::normal, 0);
    detail::apply_gate(rho_, wires, g, ang, detail::gate_mode::conjugate, num_qubits_);
    if (g.num_qubits() == 1 && noise.depolarizing_1q > 0.0)
      depolarize(g.qubits[0], noise.depolarizing_1q);
    if (g.num_qubits() == 2 && noise.depolarizing_2q > 0.0)
      depolarize(g.qubits[0], g.qubits[1], noise.depolarizing_2q);
  }
}

void density_matrix::depolarize(std::size_t q, double p) {
  detail::check_wire(q, num_qubits_, "qubit of depolarize");
  check_probability(p, "depolarizing");
  const std::size_t wires = 2 * num_qubits_;
  detail::depolarize_1q(rho_, bit_of(q, wires), bit_of(q + num_qubits_, wires), 4.0 * p / 3.0);
}

void density_matrix::depolarize(std::size_t a, std::size_t b, double p) {
  detail::check_wire(a, num_qubits_, "first qubit of depolarize");
  detail::check_wire(b, num_qubits_, "second qubit of depolarize");
  if (a == b)
    detail::throw_invalid("two-qubit depolarize needs different qubits, got " + std::to_string(a) +
                          " twice");
  check_probability(p, "depolarizing");
  const std::size_t wires = 2 * num_qubits_;
  detail::depolarize_2q(rho_, bit_of(a, wires), bit_of(b, wires), bit_of(a + num_qubits_, wires),
                        bit_of(b + num_qubits_, wires), 16.0 * p / 15.0);
}

double density_matrix::trace() const noexcept {
  const std::size_t dim = dimension();
  double t = 0.0;
  for (std::size_t i = 0; i < dim; ++i) t += rho_[i * dim + i].real();
  return t;
}

double density_matrix::purity() const noexcept { return detail::norm_squared(rho_); }

double density_matrix::expectation(const pauli_sum& h) const {
  if (h.num_qubits() != num_qubits_)
    detail::throw_invalid("expectation of a " + std::to_string(h.num_qubits()) +
                          "-qubit Pauli sum in a " + std::to_string(num_qubits_) +
                          "-qubit density matrix");
  // Tr(rho P) = sum_j rho[j, j^x] i^{#Y} (-1)^{popcount(j & z)}.
  const std::size_t dim = dimension();
  double e = 0.0;
  for (const pauli_term& t : h.terms()) {
    const std::uint64_t x = t.x_mask(), z = t.z_mask();
    amplitude s{};
    for (std::size_t j = 0; j < dim; ++j) {
      const amplitude v = rho_[j * dim + (j ^ x)];
      s += (std::popcount(j & z) & 1) ? -v : v;
    }
    static constexpr amplitude i_pow[4] = {{1, 0}, {0, 1}, {-1, 0}, {0, -1}};
    e += t.coefficient() * (i_pow[t.y_count() & 3U] * s).real();
  }
  return e;
}

double density_matrix::fidelity(const state_vector& psi) const {
  if (psi.num_qubits() != num_qubits_)
    detail::throw_invalid("fidelity of a " + std::to_string(num_qubits_) +
                          "-qubit density matrix with a " + std::to_string(psi.num_qubits()) +
                          "-qubit state");
  const std::size_t dim = dimension();
  amplitude f{};
  for (std::size_t r = 0; r < dim; ++r) {
    amplitude row{};
    for (std::size_t c = 0; c < dim; ++c) row += rho_[r * dim + c] * psi[c];
    f += std::conj(psi[r]) * row;
  }
  return f.real();
}

std::vector<double> density_matrix::probabilities(double readout_flip) const {
  check_probability(readout_flip, "readout flip");
  const std::size_t dim = dimension();
  std::vector<double> p(dim);
  for (std::size_t i = 0; i < dim; ++i) p[i] = std::max(0.0, rho_[i * dim + i].real());
  if (readout_flip > 0.0) {
    // Independent flips: mix each bit's pair of outcomes.
    for (std::size_t w = 0; w < num_qubits_; ++w) {
      const std::size_t s = std::size_t{1} << bit_of(w, num_qubits_);
      for (std::size_t base = 0; base < dim; base += 2 * s)
        for (std::size_t i = base; i < base + s; ++i) {
          const double p0 = p[i], p1 = p[i + s];
          p[i] = (1.0 - readout_flip) * p0 + readout_flip * p1;
          p[i + s] = readout_flip * p0 + (1.0 - readout_flip) * p1;
        }
    }
  }
  return p;
}

density_matrix simulate_density_matrix(const circuit& c, std::span<const double> params,
                                       const noise_model& noise,
                                       std::optional<state_vector> initial) {
  density_matrix rho =
      initial ? density_matrix::from_state(*initial) : density_matrix(c.num_qubits());
  rho.apply(c, params, noise);
  return rho;
}

}  // namespace dsegym::sim::quantum

#include "dsegym/sim/quantum/state_vector.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <string>
#include <utility>

#include "dsegym/sim/quantum/bitstring.hpp"
#include "dsegym/sim/quantum/detail/apply_gate.hpp"
#include "dsegym/sim/quantum/detail/check.hpp"
#include "dsegym/sim/quantum/detail/kernels.hpp"

namespace dsegym::sim::quantum {
namespace {

void check_width(std::size_t num_qubits) {
  if (num_qubits == 0) detail::throw_invalid("a state vector needs at least 1 qubit, got 0");
  if (num_qubits > max_state_qubits)
    throw resource_exhausted(detail::error_area, "a state vector of " + std::to_string(num_qubits) +
                                                     " qubits is too large; at most " +
                                                     std::to_string(max_state_qubits) +
                                                     " qubits are supported");
}

}  // namespace

state_vector::state_vector(std::size_t num_qubits) : num_qubits_(num_qubits) {
  check_width(num_qubits);
  amps_.assign(std::size_t{1} << num_qubits, amplitude{});
  amps_[0] = 1.0;
}

state_vector::state_vector(std::size_t num_qubits, std::vector<amplitude> amps)
    : num_qubits_(num_qubits), amps_(std::move(amps)) {}

state_vector state_vector::basis(std::size_t num_qubits, std::uint64_t index) {
  check_width(num_qubits);
  const std::uint64_t dim = std::uint64_t{1} << num_qubits;
  if (index >= dim)
    detail::throw_invalid("basis index " + std::to_string(index) + " out of range for " +
                          std::to_string(num_qubits) + " qubits; valid 0.." +
                          std::to_string(dim - 1));
  state_vector s(num_qubits);
  s.amps_[0] = 0.0;
  s.amps_[index] = 1.0;
  return s;
}

state_vector state_vector::from_bitstring(std::string_view bits) {
  const std::uint64_t index = quantum::from_bitstring(bits);  // validates the characters
  return basis(bits.size(), index);
}

state_vector state_vector::from_amplitudes(std::vector<amplitude> amplitudes, bool normalize) {
  const std::size_t n = amplitudes.size();
  if (n < 2 || (n & (n - 1)) != 0)
    detail::throw_invalid("a state needs 2^n amplitudes with n >= 1, got " + std::to_string(n));
  const auto num_qubits = static_cast<std::size_t>(std::countr_zero(n));
  check_width(num_qubits);
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(amplitudes[i].real()) || !std::isfinite(amplitudes[i].imag()))
      detail::throw_invalid("amplitude " + std::to_string(i) + " is not finite (" +
                            detail::format_double(amplitudes[i].real()) + ", " +
                            detail::format_double(amplitudes[i].imag()) + ")");
  state_vector s(num_qubits, std::move(amplitudes));
  const double norm2 = s.norm_squared();
  if (normalize) {
    s.normalize();
  } else if (std::abs(norm2 - 1.0) > 1e-9) {
    detail::throw_invalid("amplitudes have squared norm " + detail::format_double(norm2) +
                          ", expected 1 (pass normalize = true to rescale)");
  }
  return s;
}

void state_vector::reset() noexcept {
  std::fill(amps_.begin(), amps_.end(), amplitude{});
  amps_[0] = 1.0;
}

void state_vector::assign(const state_vector& other) {
  if (other.num_qubits_ != num_qubits_)
    detail::throw_invalid("cannot assign a " + std::to_string(other.num_qubits_) +
                          "-qubit state to a " + std::to_string(num_qubits_) + "-qubit state");
  std::copy(other.amps_.begin(), other.amps_.end(), amps_.begin());
}

void state_vector::apply(const gate& g, std::span<const double> params) {
  // A standalone gate has not been through circuit::add: check everything here.
  circuit c(num_qubits_);
  c.add(g);
  c.check_params(params);
  double ang[3] = {0.0, 0.0, 0.0};
  for (std::size_t i = 0; i < g.num_angles(); ++i) {
    ang[i] = g.angles[i].resolve(params);
    detail::check_finite(ang[i], "resolved angle " + std::to_string(i) + " of " + g.to_string());
  }
  apply_resolved(g, ang, false);
}

void state_vector::apply_adjoint(const gate& g, std::span<const double> params) {
  circuit c(num_qubits_);
  c.add(g);
  c.check_params(params);
  double ang[3] = {0.0, 0.0, 0.0};
  for (std::size_t i = 0; i < g.num_angles(); ++i) ang[i] = g.angles[i].resolve(params);
  apply_resolved(g, ang, true);
}

void state_vector::apply(const circuit& c, std::span<const double> params) {
  if (c.num_qubits() != num_qubits_)
    detail::throw_invalid("cannot apply a " + std::to_string(c.num_qubits()) +
                          "-qubit circuit to a " + std::to_string(num_qubits_) + "-qubit state");
  c.check_params(params);
  double ang[3] = {0.0, 0.0, 0.0};
  for (const gate& g : c.gates()) {
    for (std::size_t i = 0; i < g.num_angles(); ++i) ang[i] = g.angles[i].resolve(params);
    apply_resolved(g, ang, false);
  }
}

void state_vector::apply_matrix(const matrix2& m, std::size_t q) {
  detail::check_wire(q, num_qubits_, "qubit of apply_matrix");
  detail::apply_matrix(amps_, bit_of(q, num_qubits_), m);
}

void state_vector::apply_controlled_matrix(const matrix2& m, std::size_t control,
                                           std::size_t target) {
  detail::check_wire(control, num_qubits_, "control qubit of apply_controlled_matrix");
  detail::check_wire(target, num_qubits_, "target qubit of apply_controlled_matrix");
  if (control == target)
    detail::throw_invalid("apply_controlled_matrix needs control != target, got " +
                          std::to_string(control) + " twice");
  detail::apply_controlled_matrix(amps_, bit_of(control, num_qubits_), bit_of(target, num_qubits_),
                                  m);
}

void state_vector::apply_resolved(const gate& g, const double* angles, bool inverse) {
  detail::apply_gate(amps_, num_qubits_, g, angles,
                     inverse ? detail::gate_mode::inverse : detail::gate_mode::normal);
}

double state_vector::norm_squared() const noexcept { return detail::norm_squared(amps_); }

void state_vector::normalize() {
  const double n2 = norm_squared();
  if (!(n2 > 0.0) || !std::isfinite(n2))
    detail::throw_invalid("cannot normalise a state with squared norm " +
                          detail::format_double(n2));
  const double inv = 1.0 / std::sqrt(n2);
  for (auto& a : amps_) a *= inv;
}

std::vector<double> state_vector::probabilities() const {
  std::vector<double> p(amps_.size());
  for (std::size_t i = 0; i < amps_.size(); ++i) p[i] = std::norm(amps_[i]);
  return p;
}

double state_vector::probability_of_one(std::size_t q) const {
  detail::check_wire(q, num_qubits_, "qubit of probability_of_one");
  const std::size_t s = std::size_t{1} << bit_of(q, num_qubits_);
  double p = 0.0;
  for (std::size_t base = s; base < amps_.size(); base += 2 * s)
    for (std::size_t i = base; i < base + s; ++i) p += std::norm(amps_[i]);
  return p;
}

amplitude state_vector::inner_product(const state_vector& other) const {
  if (other.num_qubits_ != num_qubits_)
    detail::throw_invalid("inner product of a " + std::to_string(num_qubits_) + "-qubit and a " +
                          std::to_string(other.num_qubits_) + "-qubit state");
  return detail::inner_product(amps_, other.amps_);
}

double state_vector::fidelity(const state_vector& other) const {
  return std::norm(inner_product(other));
}

std::vector<std::array<double, 3>> state_vector::bloch_vectors() const {
  // From the one-qubit reduced density matrix: <X> = 2 Re rho01, <Y> = -2 Im rho01,
  // <Z> = rho00 - rho11, with rho01 = sum psi(..0..) conj(psi(..1..)).
  std::vector<std::array<double, 3>> out(num_qubits_);
  for (std::size_t q = 0; q < num_qubits_; ++q) {
    const std::size_t s = std::size_t{1} << bit_of(q, num_qubits_);
    double p0 = 0.0, p1 = 0.0;
    amplitude rho01{};
    for (std::size_t base = 0; base < amps_.size(); base += 2 * s)
      for (std::size_t i = base; i < base + s; ++i) {
        p0 += std::norm(amps_[i]);
        p1 += std::norm(amps_[i + s]);
        rho01 += amps_[i] * std::conj(amps_[i + s]);
      }
    out[q] = {2.0 * rho01.real(), -2.0 * rho01.imag(), p0 - p1};
  }
  return out;
}

}  // namespace dsegym::sim::quantum

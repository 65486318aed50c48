#include "dsegym/sim/quantum/detail/apply_gate.hpp"

#include <cmath>
#include <numbers>

#include "dsegym/sim/quantum/detail/kernels.hpp"

namespace dsegym::sim::quantum::detail {
namespace {

amplitude expi(double phi) { return {std::cos(phi), std::sin(phi)}; }

matrix2 conjugated(const matrix2& m) {
  return {std::conj(m[0]), std::conj(m[1]), std::conj(m[2]), std::conj(m[3])};
}

matrix2 transformed(const matrix2& m, gate_mode mode) {
  switch (mode) {
    case gate_mode::normal:
      return m;
    case gate_mode::inverse:
      return adjoint(m);
    case gate_mode::conjugate:
      return conjugated(m);
  }
  return m;
}

}  // namespace

void apply_gate(std::span<amplitude> a, std::size_t num_qubits, const gate& g, const double* ang,
                gate_mode mode, std::size_t wire_offset) noexcept {
  const std::size_t b0 = bit_of(g.qubits[0] + wire_offset, num_qubits);
  const std::size_t b1 = g.num_qubits() == 2 ? bit_of(g.qubits[1] + wire_offset, num_qubits) : 0;
  // For diagonal gates the inverse and the conjugate are the same: conjugated phases.
  const double sign = mode == gate_mode::normal ? 1.0 : -1.0;
  const double quarter = std::numbers::pi / 4;
  switch (g.kind) {
    case gate_kind::x:
      apply_x(a, b0);
      return;
    case gate_kind::y:
      if (mode == gate_mode::conjugate)
        apply_matrix(a, b0, matrix2{0.0, amplitude{0.0, 1.0}, amplitude{0.0, -1.0}, 0.0});
      else
        apply_y(a, b0);
      return;
    case gate_kind::z:
      apply_diagonal(a, b0, 1.0, -1.0);
      return;
    case gate_kind::s:
      apply_diagonal(a, b0, 1.0, amplitude{0.0, sign});
      return;
    case gate_kind::sdg:
      apply_diagonal(a, b0, 1.0, amplitude{0.0, -sign});
      return;
    case gate_kind::t:
      apply_diagonal(a, b0, 1.0, expi(sign * quarter));
      return;
    case gate_kind::tdg:
      apply_diagonal(a, b0, 1.0, expi(-sign * quarter));
      return;
    case gate_kind::h: {
      const double r = std::numbers::sqrt2 / 2;
      apply_real_matrix(a, b0, r, r, r, -r);
      return;
    }
    // Rotations: RX(t)^dagger = RX(t)* = RX(-t), likewise RY^dagger = RY(-t) and RY* = RY.
    case gate_kind::rx: {
      const double h = sign * ang[0] / 2;
      apply_rx(a, b0, std::cos(h), std::sin(h));
      return;
    }
    case gate_kind::ry: {
      const double h = (mode == gate_mode::inverse ? -ang[0] : ang[0]) / 2;
      const double c = std::cos(h), s = std::sin(h);
      apply_real_matrix(a, b0, c, -s, s, c);
      return;
    }
    case gate_kind::sx:
    case gate_kind::sxdg:
    case gate_kind::u3:
      apply_matrix(a, b0, transformed(gate_matrix(g.kind, {ang, 3}), mode));
      return;
    case gate_kind::rz: {
      const amplitude e = expi(sign * ang[0] / 2);  // e^{i t/2}; e^{-i t/2} is its conjugate
      apply_diagonal(a, b0, std::conj(e), e);
      return;
    }
    case gate_kind::cnot:
      apply_controlled_x(a, b0, b1);
      return;
    case gate_kind::cz:
      apply_controlled_diagonal(a, b0, b1, 1.0, -1.0);
      return;
    case gate_kind::swap:
      apply_swap(a, b0, b1);
      return;
    case gate_kind::crx:
    case gate_kind::cry:
      apply_controlled_matrix(a, b0, b1, transformed(gate_matrix(g.kind, {ang, 1}), mode));
      return;
    case gate_kind::crz: {
      const amplitude e = expi(sign * ang[0] / 2);
      apply_controlled_diagonal(a, b0, b1, std::conj(e), e);
      return;
    }
    case gate_kind::rzz: {
      const amplitude e = expi(sign * ang[0] / 2);
      apply_parity_phase(a, b0, b1, std::conj(e), e);
      return;
    }
  }
}

void apply_gate_derivative(std::span<amplitude> a, std::size_t num_qubits, const gate& g,
                           const double* ang, std::size_t slot) {
  const std::size_t b0 = bit_of(g.qubits[0], num_qubits);
  const std::size_t b1 = g.num_qubits() == 2 ? bit_of(g.qubits[1], num_qubits) : 0;
  switch (g.kind) {
    case gate_kind::rzz: {
      // d/dt diag(e^{-it/2}, e^{it/2}) by parity.
      const amplitude same = amplitude{0.0, -0.5} * expi(-ang[0] / 2);
      const amplitude differ = amplitude{0.0, 0.5} * expi(ang[0] / 2);
      apply_parity_phase(a, b0, b1, same, differ);
      return;
    }
    case gate_kind::crx:
    case gate_kind::cry:
    case gate_kind::crz:
      // d/dt (|0><0| (x) I + |1><1| (x) R(t)) = |1><1| (x) R'(t).
      apply_controlled_matrix(a, b0, b1, gate_matrix_derivative(g.kind, {ang, 1}, 0));
      project_one(a, b0);
      return;
    default:
      apply_matrix(a, b0, gate_matrix_derivative(g.kind, {ang, 3}, slot));
      return;
  }
}

}  // namespace dsegym::sim::quantum::detail

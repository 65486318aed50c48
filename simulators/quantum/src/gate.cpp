#include "dsegym/sim/quantum/gate.hpp"

#include <cmath>
#include <numbers>
#include <string>

#include "dsegym/sim/quantum/detail/check.hpp"

namespace dsegym::sim::quantum {
namespace {

using namespace std::complex_literals;

// Built with append(): g++ 12 warns falsely (-Wrestrict, PR 105329) on "literal" + std::string.
std::string angle_text(const angle& a) {
  if (!a.is_parameter()) return detail::format_double(a.offset);
  std::string s;
  if (a.scale != 1.0) s.append(detail::format_double(a.scale)).append("*");
  s.append("p").append(std::to_string(a.param));
  if (a.offset != 0.0) s.append(a.offset > 0 ? "+" : "").append(detail::format_double(a.offset));
  return s;
}

amplitude expi(double phi) { return {std::cos(phi), std::sin(phi)}; }

}  // namespace

std::string gate::to_string() const {
  std::string s(quantum::to_string(kind));
  s.append("(").append(std::to_string(qubits[0]));
  if (num_qubits() == 2) s.append(", ").append(std::to_string(qubits[1]));
  for (std::size_t i = 0; i < num_angles(); ++i) s.append(", ").append(angle_text(angles[i]));
  s.append(")");
  return s;
}

matrix2 gate_matrix(gate_kind kind, std::span<const double> angles) {
  const double r = std::numbers::sqrt2 / 2.0;
  const auto half = [&](std::size_t i) { return angles[i] / 2.0; };
  switch (kind) {
    case gate_kind::x:
    case gate_kind::cnot:
      return {0.0, 1.0, 1.0, 0.0};
    case gate_kind::y:
      return {0.0, -1.0i, 1.0i, 0.0};
    case gate_kind::z:
    case gate_kind::cz:
      return {1.0, 0.0, 0.0, -1.0};
    case gate_kind::h:
      return {r, r, r, -r};
    case gate_kind::s:
      return {1.0, 0.0, 0.0, 1.0i};
    case gate_kind::sdg:
      return {1.0, 0.0, 0.0, -1.0i};
    case gate_kind::t:
      return {1.0, 0.0, 0.0, expi(std::numbers::pi / 4)};
    case gate_kind::tdg:
      return {1.0, 0.0, 0.0, expi(-std::numbers::pi / 4)};
    case gate_kind::sx:
      return matrix2{{{0.5, 0.5}, {0.5, -0.5}, {0.5, -0.5}, {0.5, 0.5}}};
    case gate_kind::sxdg:
      return matrix2{{{0.5, -0.5}, {0.5, 0.5}, {0.5, 0.5}, {0.5, -0.5}}};
    case gate_kind::rx:
    case gate_kind::crx: {
      const double c = std::cos(half(0)), s = std::sin(half(0));
      return {c, amplitude{0.0, -s}, amplitude{0.0, -s}, c};
    }
    case gate_kind::ry:
    case gate_kind::cry: {
      const double c = std::cos(half(0)), s = std::sin(half(0));
      return {c, -s, s, c};
    }
    case gate_kind::rz:
    case gate_kind::crz:
      return {expi(-half(0)), 0.0, 0.0, expi(half(0))};
    case gate_kind::u3: {
      const double c = std::cos(half(0)), s = std::sin(half(0));
      return {c, -expi(angles[2]) * s, expi(angles[1]) * s, expi(angles[1] + angles[2]) * c};
    }
    case gate_kind::swap:
    case gate_kind::rzz:
      break;
  }
  detail::throw_invalid("gate " + std::string(to_string(kind)) +
                        " has no 2x2 matrix; gate_matrix takes single-qubit and controlled gates");
}

matrix2 gate_matrix_derivative(gate_kind kind, std::span<const double> angles, std::size_t slot) {
  if (slot >= gate_angle_count(kind))
    detail::throw_invalid("gate " + std::string(to_string(kind)) + " has no angle " +
                          std::to_string(slot) + "; it takes " +
                          std::to_string(gate_angle_count(kind)) + " angle(s)");
  const double c = std::cos(angles[0] / 2.0), s = std::sin(angles[0] / 2.0);
  switch (kind) {
    case gate_kind::rx:
    case gate_kind::crx:
      return {-s / 2, amplitude{0.0, -c / 2}, amplitude{0.0, -c / 2}, -s / 2};
    case gate_kind::ry:
    case gate_kind::cry:
      return {-s / 2, -c / 2, c / 2, -s / 2};
    case gate_kind::rz:
    case gate_kind::crz:
      return {-0.5i * expi(-angles[0] / 2), 0.0, 0.0, 0.5i * expi(angles[0] / 2)};
    case gate_kind::u3: {
      const amplitude ep = expi(angles[1]), el = expi(angles[2]), epl = expi(angles[1] + angles[2]);
      if (slot == 0) return {-s / 2, -el * (c / 2), ep * (c / 2), -epl * (s / 2)};
      if (slot == 1) return {0.0, 0.0, 1.0i * ep * s, 1.0i * epl * c};
      return {0.0, -1.0i * el * s, 0.0, 1.0i * epl * c};
    }
    default:
      break;
  }
  detail::throw_invalid("gate " + std::string(to_string(kind)) +
                        " has no matrix derivative; rzz is handled by the simulator directly");
}

matrix2 adjoint(const matrix2& m) noexcept {
  return {std::conj(m[0]), std::conj(m[2]), std::conj(m[1]), std::conj(m[3])};
}

matrix2 multiply(const matrix2& a, const matrix2& b) noexcept {
  return {a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
          a[2] * b[1] + a[3] * b[3]};
}

}  // namespace dsegym::sim::quantum

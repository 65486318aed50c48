#pragma once
// A parameterised quantum circuit: an ordered list of gates on a fixed number of wires.

#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

#include "dsegym/sim/quantum/angle.hpp"
#include "dsegym/sim/quantum/gate.hpp"
#include "dsegym/sim/quantum/gate_kind.hpp"

namespace dsegym::sim::quantum {

/// Gates are validated when added (wires in range and distinct, fixed angles finite, parameter
/// scale/offset finite), so a circuit is always well formed. Parameter values are supplied when the
/// circuit is applied; `num_params()` is one more than the largest parameter index referenced (or
/// more, after `reserve_params`).
///
///     circuit c(2);
///     c.h(0).cnot(0, 1).ry(1, c.new_parameter());   // Bell pair, then a trainable RY
///     state_vector psi(2);
///     psi.apply(c, std::vector{0.3});
class circuit {
 public:
  /// An empty circuit on `num_qubits` wires (1..max_state_qubits is needed to simulate it, but a
  /// circuit itself may be wider, e.g. for hardware cost estimates on a 127-qubit device).
  explicit circuit(std::size_t num_qubits);

  [[nodiscard]] std::size_t num_qubits() const noexcept { return num_qubits_; }
  [[nodiscard]] std::size_t num_params() const noexcept { return num_params_; }
  [[nodiscard]] std::size_t size() const noexcept { return gates_.size(); }
  [[nodiscard]] bool empty() const noexcept { return gates_.empty(); }
  [[nodiscard]] const std::vector<gate>& gates() const noexcept { return gates_; }
  [[nodiscard]] const gate& operator[](std::size_t i) const { return gates_.at(i); }

  /// Appends a validated gate; throws dsegym::invalid_argument naming the bad field.
  circuit& add(const gate& g);
  /// `add(gate_kind::crx, {0, 1}, {angle::parameter(0)})`; the counts must match the kind.
  circuit& add(gate_kind kind, std::initializer_list<std::size_t> qubits,
               std::initializer_list<angle> angles = {});
  /// Appends all gates of `other` (same width), parameter indices unchanged.
  circuit& append(const circuit& other);
  /// Removes the last gate (no-op on an empty circuit); num_params() is kept.
  void pop_back() noexcept;

  /// A reference to a fresh parameter index (num_params() grows by one).
  [[nodiscard]] angle new_parameter(double scale = 1.0, double offset = 0.0);
  /// Makes num_params() at least `count` (unused parameters have zero gradient).
  void reserve_params(std::size_t count) noexcept;
  /// Replaces angle `slot` of gate `index` (validated like add; used for parameter shifts).
  void set_angle(std::size_t index, std::size_t slot, angle a);

  // Builders (return *this for chaining).
  circuit& x(std::size_t q) { return add(gate_kind::x, {q}); }
  circuit& y(std::size_t q) { return add(gate_kind::y, {q}); }
  circuit& z(std::size_t q) { return add(gate_kind::z, {q}); }
  circuit& h(std::size_t q) { return add(gate_kind::h, {q}); }
  circuit& s(std::size_t q) { return add(gate_kind::s, {q}); }
  circuit& sdg(std::size_t q) { return add(gate_kind::sdg, {q}); }
  circuit& t(std::size_t q) { return add(gate_kind::t, {q}); }
  circuit& tdg(std::size_t q) { return add(gate_kind::tdg, {q}); }
  circuit& sx(std::size_t q) { return add(gate_kind::sx, {q}); }
  circuit& sxdg(std::size_t q) { return add(gate_kind::sxdg, {q}); }
  circuit& rx(std::size_t q, angle a) { return add(gate_kind::rx, {q}, {a}); }
  circuit& ry(std::size_t q, angle a) { return add(gate_kind::ry, {q}, {a}); }
  circuit& rz(std::size_t q, angle a) { return add(gate_kind::rz, {q}, {a}); }
  circuit& u3(std::size_t q, angle theta, angle phi, angle lambda) {
    return add(gate_kind::u3, {q}, {theta, phi, lambda});
  }
  circuit& cnot(std::size_t control, std::size_t target) {
    return add(gate_kind::cnot, {control, target});
  }
  circuit& cz(std::size_t a, std::size_t b) { return add(gate_kind::cz, {a, b}); }
  circuit& swap(std::size_t a, std::size_t b) { return add(gate_kind::swap, {a, b}); }
  circuit& crx(std::size_t control, std::size_t target, angle a) {
    return add(gate_kind::crx, {control, target}, {a});
  }
  circuit& cry(std::size_t control, std::size_t target, angle a) {
    return add(gate_kind::cry, {control, target}, {a});
  }
  circuit& crz(std::size_t control, std::size_t target, angle a) {
    return add(gate_kind::crz, {control, target}, {a});
  }
  circuit& rzz(std::size_t a, std::size_t b, angle theta) {
    return add(gate_kind::rzz, {a, b}, {theta});
  }

  /// Number of moments when every gate is placed as soon as all its wires are free (ASAP).
  [[nodiscard]] std::size_t depth() const;
  /// Number of gates of one kind.
  [[nodiscard]] std::size_t count(gate_kind kind) const noexcept;
  /// Number of two-qubit gates.
  [[nodiscard]] std::size_t two_qubit_count() const noexcept;
  /// The exact inverse U^dagger (gates reversed and inverted; parameter references kept, so
  /// inverse() applied with the same parameters undoes the circuit).
  [[nodiscard]] circuit inverse() const;
  /// One gate per line, e.g. "h(0)\ncnot(0, 1)\n".
  [[nodiscard]] std::string to_string() const;

  /// Throws dsegym::invalid_argument unless params.size() >= num_params() and every used value is
  /// finite (the message names the first bad index).
  void check_params(std::span<const double> params) const;

 private:
  std::size_t num_qubits_;
  std::size_t num_params_ = 0;
  std::vector<gate> gates_;
};

}  // namespace dsegym::sim::quantum

#include "dsegym/sim/quantum/circuit.hpp"

#include <algorithm>
#include <string>

#include "dsegym/sim/quantum/detail/check.hpp"

namespace dsegym::sim::quantum {
namespace {

std::string gate_name(gate_kind k) { return std::string(to_string(k)); }

void check_angle(const angle& a, gate_kind k, std::size_t slot) {
  const std::string what = "angle " + std::to_string(slot) + " of " + gate_name(k);
  detail::check_finite(a.offset, a.is_parameter() ? what + " (offset)" : what);
  if (a.is_parameter()) detail::check_finite(a.scale, what + " (scale)");
}

}  // namespace

circuit::circuit(std::size_t num_qubits) : num_qubits_(num_qubits) {
  if (num_qubits == 0) detail::throw_invalid("a circuit needs at least 1 qubit, got 0");
  if (num_qubits > max_pauli_qubits)
    detail::throw_invalid("a circuit supports at most " + std::to_string(max_pauli_qubits) +
                          " qubits, got " + std::to_string(num_qubits));
}

circuit& circuit::add(const gate& g) {
  if (static_cast<std::size_t>(g.kind) >= all_gate_kinds.size())
    detail::throw_invalid("gate kind " + std::to_string(static_cast<int>(g.kind)) +
                          " is not a gate_kind value");
  const std::string name = gate_name(g.kind);
  const bool controlled = gate_is_controlled(g.kind);
  for (std::size_t i = 0; i < g.num_qubits(); ++i) {
    std::string role = g.num_qubits() == 1 ? "qubit"
                       : controlled        ? (i == 0 ? "control qubit" : "target qubit")
                                           : "qubit " + std::to_string(i);
    detail::check_wire(g.qubits[i], num_qubits_, role + " of " + name);
  }
  if (g.num_qubits() == 2 && g.qubits[0] == g.qubits[1])
    detail::throw_invalid(name + " needs two different qubits, got " + std::to_string(g.qubits[0]) +
                          " twice");
  std::size_t needed = 0;
  for (std::size_t i = 0; i < g.num_angles(); ++i) {
    check_angle(g.angles[i], g.kind, i);
    if (g.angles[i].is_parameter()) needed = std::max(needed, g.angles[i].param + 1);
  }
  gates_.push_back(g);
  // Unused slots are normalised so that equal gates compare equal.
  for (std::size_t i = g.num_qubits(); i < 2; ++i) gates_.back().qubits[i] = 0;
  for (std::size_t i = g.num_angles(); i < 3; ++i) gates_.back().angles[i] = angle{};
  num_params_ = std::max(num_params_, needed);
  return *this;
}

circuit& circuit::add(gate_kind kind, std::initializer_list<std::size_t> qubits,
                      std::initializer_list<angle> angles) {
  if (qubits.size() != gate_qubit_count(kind) || angles.size() != gate_angle_count(kind))
    detail::throw_invalid(gate_name(kind) + " takes " + std::to_string(gate_qubit_count(kind)) +
                          " qubit(s) and " + std::to_string(gate_angle_count(kind)) +
                          " angle(s), got " + std::to_string(qubits.size()) + " and " +
                          std::to_string(angles.size()));
  gate g;
  g.kind = kind;
  std::copy(qubits.begin(), qubits.end(), g.qubits.begin());
  std::copy(angles.begin(), angles.end(), g.angles.begin());
  return add(g);
}

circuit& circuit::append(const circuit& other) {
  if (other.num_qubits_ != num_qubits_)
    detail::throw_invalid("cannot append a " + std::to_string(other.num_qubits_) +
                          "-qubit circuit to a " + std::to_string(num_qubits_) + "-qubit circuit");
  gates_.insert(gates_.end(), other.gates_.begin(), other.gates_.end());
  num_params_ = std::max(num_params_, other.num_params_);
  return *this;
}

void circuit::pop_back() noexcept {
  if (!gates_.empty()) gates_.pop_back();
}

angle circuit::new_parameter(double scale, double offset) {
  detail::check_finite(scale, "parameter scale");
  detail::check_finite(offset, "parameter offset");
  return angle::parameter(num_params_++, scale, offset);
}

void circuit::reserve_params(std::size_t count) noexcept {
  num_params_ = std::max(num_params_, count);
}

void circuit::set_angle(std::size_t index, std::size_t slot, angle a) {
  if (index >= gates_.size())
    detail::throw_invalid("gate index " + std::to_string(index) +
                          " out of range; the circuit has " + std::to_string(gates_.size()) +
                          " gate(s)");
  gate& g = gates_[index];
  if (slot >= g.num_angles())
    detail::throw_invalid("angle slot " + std::to_string(slot) + " out of range; gate " +
                          std::to_string(index) + " (" + gate_name(g.kind) + ") takes " +
                          std::to_string(g.num_angles()) + " angle(s)");
  check_angle(a, g.kind, slot);
  g.angles[slot] = a;
  if (a.is_parameter()) num_params_ = std::max(num_params_, a.param + 1);
}

std::size_t circuit::depth() const {
  std::vector<std::size_t> level(num_qubits_, 0);
  std::size_t d = 0;
  for (const gate& g : gates_) {
    std::size_t l = 0;
    for (std::size_t w : g.wires()) l = std::max(l, level[w]);
    ++l;
    for (std::size_t w : g.wires()) level[w] = l;
    d = std::max(d, l);
  }
  return d;
}

std::size_t circuit::count(gate_kind kind) const noexcept {
  return static_cast<std::size_t>(
      std::count_if(gates_.begin(), gates_.end(), [&](const gate& g) { return g.kind == kind; }));
}

std::size_t circuit::two_qubit_count() const noexcept {
  return static_cast<std::size_t>(std::count_if(gates_.begin(), gates_.end(),
                                                [](const gate& g) { return g.num_qubits() == 2; }));
}

circuit circuit::inverse() const {
  circuit inv(num_qubits_);
  inv.num_params_ = num_params_;
  inv.gates_.reserve(gates_.size());
  const auto negate = [](angle a) {
    a.offset = -a.offset;
    a.scale = -a.scale;
    return a;
  };
  for (auto it = gates_.rbegin(); it != gates_.rend(); ++it) {
    gate g = *it;
    switch (g.kind) {
      case gate_kind::s:
        g.kind = gate_kind::sdg;
        break;
      case gate_kind::sdg:
        g.kind = gate_kind::s;
        break;
      case gate_kind::t:
        g.kind = gate_kind::tdg;
        break;
      case gate_kind::tdg:
        g.kind = gate_kind::t;
        break;
      case gate_kind::sx:
        g.kind = gate_kind::sxdg;
        break;
      case gate_kind::sxdg:
        g.kind = gate_kind::sx;
        break;
      case gate_kind::u3:  // U3(t, p, l)^dagger = U3(-t, -l, -p) exactly
        g.angles = {negate(it->angles[0]), negate(it->angles[2]), negate(it->angles[1])};
        break;
      default:
        for (std::size_t i = 0; i < g.num_angles(); ++i) g.angles[i] = negate(g.angles[i]);
        break;
    }
    inv.gates_.push_back(g);
  }
  return inv;
}

std::string circuit::to_string() const {
  std::string s;
  for (const gate& g : gates_) s += g.to_string() + "\n";
  return s;
}

void circuit::check_params(std::span<const double> params) const {
  if (params.size() < num_params_)
    detail::throw_invalid("the circuit has " + std::to_string(num_params_) + " parameter(s) but " +
                          std::to_string(params.size()) + " value(s) were given");
  for (std::size_t i = 0; i < num_params_; ++i)
    detail::check_finite(params[i], "parameter " + std::to_string(i));
}

}  // namespace dsegym::sim::quantum

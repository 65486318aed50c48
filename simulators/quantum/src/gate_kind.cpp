#include "dsegym/sim/quantum/gate_kind.hpp"

#include <cctype>
#include <string>

#include "dsegym/sim/quantum/detail/check.hpp"

namespace dsegym::sim::quantum {

std::string_view to_string(gate_kind k) noexcept {
  switch (k) {
    case gate_kind::x:
      return "x";
    case gate_kind::y:
      return "y";
    case gate_kind::z:
      return "z";
    case gate_kind::h:
      return "h";
    case gate_kind::s:
      return "s";
    case gate_kind::sdg:
      return "sdg";
    case gate_kind::t:
      return "t";
    case gate_kind::tdg:
      return "tdg";
    case gate_kind::sx:
      return "sx";
    case gate_kind::sxdg:
      return "sxdg";
    case gate_kind::rx:
      return "rx";
    case gate_kind::ry:
      return "ry";
    case gate_kind::rz:
      return "rz";
    case gate_kind::u3:
      return "u3";
    case gate_kind::cnot:
      return "cnot";
    case gate_kind::cz:
      return "cz";
    case gate_kind::swap:
      return "swap";
    case gate_kind::crx:
      return "crx";
    case gate_kind::cry:
      return "cry";
    case gate_kind::crz:
      return "crz";
    case gate_kind::rzz:
      return "rzz";
  }
  return "?";
}

std::size_t gate_qubit_count(gate_kind k) noexcept {
  switch (k) {
    case gate_kind::cnot:
    case gate_kind::cz:
    case gate_kind::swap:
    case gate_kind::crx:
    case gate_kind::cry:
    case gate_kind::crz:
    case gate_kind::rzz:
      return 2;
    default:
      return 1;
  }
}

std::size_t gate_angle_count(gate_kind k) noexcept {
  switch (k) {
    case gate_kind::rx:
    case gate_kind::ry:
    case gate_kind::rz:
    case gate_kind::crx:
    case gate_kind::cry:
    case gate_kind::crz:
    case gate_kind::rzz:
      return 1;
    case gate_kind::u3:
      return 3;
    default:
      return 0;
  }
}

bool gate_is_controlled(gate_kind k) noexcept {
  return k == gate_kind::cnot || k == gate_kind::crx || k == gate_kind::cry || k == gate_kind::crz;
}

bool gate_is_pauli_rotation(gate_kind k) noexcept {
  return k == gate_kind::rx || k == gate_kind::ry || k == gate_kind::rz || k == gate_kind::u3 ||
         k == gate_kind::rzz;
}

gate_kind parse_gate_kind(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "cx") return gate_kind::cnot;
  for (gate_kind k : all_gate_kinds)
    if (to_string(k) == lower) return k;
  std::string m = "unknown gate \"" + std::string(name) + "\"; valid gates:";
  for (gate_kind k : all_gate_kinds) m.append(" ").append(to_string(k));
  m += " (cx = cnot)";
  detail::throw_invalid(m);
}

}  // namespace dsegym::sim::quantum

#pragma once
// Error helpers of the quantum simulator: every error is tagged "[dsegym.quantum]".

#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::quantum::detail {

inline constexpr std::string_view error_area = "quantum";

/// Shortest round-trip text of a double ("0.1", "nan", "-inf").
[[nodiscard]] inline std::string format_double(double v) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

[[noreturn]] inline void throw_invalid(std::string_view message) {
  throw invalid_argument(error_area, message);
}

/// Throws unless `wire` < `num_qubits`; `what` names the role ("target qubit of rx").
inline void check_wire(std::size_t wire, std::size_t num_qubits, std::string_view what) {
  if (wire >= num_qubits) {
    std::string m(what);
    m += " is " + std::to_string(wire) + " but the register has " + std::to_string(num_qubits) +
         " qubit(s); valid indices are 0.." + std::to_string(num_qubits == 0 ? 0 : num_qubits - 1);
    throw_invalid(m);
  }
}

/// Throws unless `v` is finite; `what` names the value ("angle 1 of rx").
inline void check_finite(double v, std::string_view what) {
  if (!std::isfinite(v)) {
    std::string m(what);
    m += " must be finite, got " + format_double(v);
    throw_invalid(m);
  }
}

}  // namespace dsegym::sim::quantum::detail

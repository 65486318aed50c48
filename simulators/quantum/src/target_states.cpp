#include "dsegym/sim/quantum/target_states.hpp"

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "dsegym/sim/quantum/detail/check.hpp"

namespace dsegym::sim::quantum {
namespace {

void check_at_least_two(std::size_t n, const char* what) {
  if (n < 2 || n > max_state_qubits)
    detail::throw_invalid(std::string(what) + " needs 2.." + std::to_string(max_state_qubits) +
                          " qubits, got " + std::to_string(n));
}

}  // namespace

state_vector bell_state() { return ghz_state(2); }

state_vector ghz_state(std::size_t num_qubits) {
  check_at_least_two(num_qubits, "ghz_state");
  std::vector<amplitude> a(std::size_t{1} << num_qubits);
  a.front() = a.back() = std::numbers::sqrt2 / 2.0;
  return state_vector::from_amplitudes(std::move(a));
}

state_vector w_state(std::size_t num_qubits) {
  check_at_least_two(num_qubits, "w_state");
  std::vector<amplitude> a(std::size_t{1} << num_qubits);
  const double v = 1.0 / std::sqrt(static_cast<double>(num_qubits));
  for (std::size_t w = 0; w < num_qubits; ++w) a[std::size_t{1} << bit_of(w, num_qubits)] = v;
  return state_vector::from_amplitudes(std::move(a));
}

}  // namespace dsegym::sim::quantum

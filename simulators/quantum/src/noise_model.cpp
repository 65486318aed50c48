#include "dsegym/sim/quantum/noise_model.hpp"

#include <cmath>
#include <string>

#include "dsegym/sim/quantum/detail/check.hpp"

namespace dsegym::sim::quantum {
namespace {

void check_probability(double p, const char* what) {
  if (!(p >= 0.0 && p <= 1.0))
    detail::throw_invalid(std::string("noise_model ") + what + " must be in [0, 1], got " +
                          detail::format_double(p));
}

}  // namespace

noise_model noise_model::uniform(double p, double readout) {
  noise_model m{p, p, readout};
  m.validate();
  return m;
}

noise_model noise_model::from_device(const device_profile& device) {
  device.validate();
  noise_model m{1.5 * device.error_1q, 1.25 * device.error_2q, device.readout_error};
  m.validate();
  return m;
}

void noise_model::validate() const {
  check_probability(depolarizing_1q, "depolarizing_1q");
  check_probability(depolarizing_2q, "depolarizing_2q");
  check_probability(readout_flip, "readout_flip");
}

pauli_sum with_readout_error(const pauli_sum& h, double readout_flip) {
  check_probability(readout_flip, "readout_flip");
  pauli_sum out(h.num_qubits());
  const double f = 1.0 - 2.0 * readout_flip;
  for (const pauli_term& t : h.terms())
    out.add(t.with_coefficient(t.coefficient() * std::pow(f, static_cast<double>(t.weight()))));
  return out;
}

}  // namespace dsegym::sim::quantum

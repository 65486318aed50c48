#include "dsegym/sim/quantum/rotosolve.hpp"

#include <cmath>
#include <numbers>
#include <vector>

#include "dsegym/sim/quantum/detail/optimizer_support.hpp"

namespace dsegym::sim::quantum {

optimize_result rotosolve(const objective_function& f, std::span<const double> x0,
                          const rotosolve_options& o) {
  detail::check_budget(o.max_sweeps, "rotosolve max_sweeps");
  detail::check_start(x0, "rotosolve");

  constexpr double half_pi = std::numbers::pi / 2;
  std::vector<double> x(x0.begin(), x0.end());
  optimize_result r;
  const auto eval = [&](std::span<const double> p) {
    const double v = f(p);
    ++r.evaluations;
    detail::check_value(v, "rotosolve", r.evaluations);
    detail::keep_best(r, p, v);
    return v;
  };
  double fx = eval(x);
  for (std::size_t sweep = 0; sweep < o.max_sweeps; ++sweep) {
    const double start = fx;
    for (std::size_t d = 0; d < x.size(); ++d) {
      const double phi = x[d];
      x[d] = phi + half_pi;
      const double e_plus = eval(x);
      x[d] = phi - half_pi;
      const double e_minus = eval(x);
      // E(t) = A sin(t + B) + C: C = (E+ + E-)/2, |A| = hypot(E(phi) - C, (E+ - E-)/2).
      x[d] = phi - half_pi - std::atan2(2.0 * fx - e_plus - e_minus, e_plus - e_minus);
      const double c = (e_plus + e_minus) / 2.0;
      fx = c - std::hypot(fx - c, (e_plus - e_minus) / 2.0);  // exact for sinusoidal f
    }
    fx = eval(x);  // the honest value at the end of the sweep
    r.iterations = sweep + 1;
    r.history.push_back(r.value);
    if (o.tolerance >= 0.0 && start - fx <= o.tolerance) {
      r.converged = true;
      break;
    }
  }
  return r;
}

}  // namespace dsegym::sim::quantum

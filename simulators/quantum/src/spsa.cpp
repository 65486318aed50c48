#include "dsegym/sim/quantum/spsa.hpp"

#include <cmath>
#include <vector>

#include "dsegym/core/random.hpp"
#include "dsegym/sim/quantum/detail/optimizer_support.hpp"

namespace dsegym::sim::quantum {

optimize_result spsa(const objective_function& f, std::span<const double> x0,
                     const spsa_options& o) {
  detail::check_budget(o.max_iterations, "spsa max_iterations");
  detail::check_positive(o.a, "spsa a");
  detail::check_positive(o.c, "spsa c");
  if (!(o.alpha >= 0.0) || !(o.gamma >= 0.0) || !(o.stability >= 0.0) || !std::isfinite(o.alpha) ||
      !std::isfinite(o.gamma) || !std::isfinite(o.stability))
    detail::throw_invalid("spsa alpha, gamma and stability must be finite and >= 0");
  detail::check_start(x0, "spsa");

  const std::size_t n = x0.size();
  rng g(o.seed);
  std::vector<double> x(x0.begin(), x0.end()), delta(n), xp(n), xm(n);
  optimize_result r;
  const auto eval = [&](std::span<const double> p) {
    const double v = f(p);
    ++r.evaluations;
    detail::check_value(v, "spsa", r.evaluations);
    detail::keep_best(r, p, v);
    return v;
  };
  for (std::size_t k = 0; k < o.max_iterations; ++k) {
    const auto kk = static_cast<double>(k);
    const double ak = o.a / std::pow(kk + 1.0 + o.stability, o.alpha);
    const double ck = o.c / std::pow(kk + 1.0, o.gamma);
    for (std::size_t i = 0; i < n; ++i) {
      delta[i] = bernoulli(g, 0.5) ? 1.0 : -1.0;
      xp[i] = x[i] + ck * delta[i];
      xm[i] = x[i] - ck * delta[i];
    }
    const double fp = eval(xp);
    const double fm = eval(xm);
    const double slope = (fp - fm) / (2.0 * ck);
    for (std::size_t i = 0; i < n; ++i) x[i] -= ak * slope * delta[i];  // 1/delta_i = delta_i
    r.iterations = k + 1;
    r.history.push_back(r.value);
  }
  eval(x);
  if (!r.history.empty()) r.history.back() = r.value;
  return r;
}

}  // namespace dsegym::sim::quantum

#include "dsegym/sim/quantum/adam.hpp"

#include <cmath>
#include <vector>

#include "dsegym/sim/quantum/detail/optimizer_support.hpp"

namespace dsegym::sim::quantum {

optimize_result adam(const gradient_function& f, std::span<const double> x0,
                     const adam_options& o) {
  detail::check_budget(o.max_iterations, "adam max_iterations");
  detail::check_positive(o.learning_rate, "adam learning_rate");
  detail::check_unit_interval(o.beta1, "adam beta1");
  detail::check_unit_interval(o.beta2, "adam beta2");
  detail::check_positive(o.epsilon, "adam epsilon");
  detail::check_start(x0, "adam");

  const std::size_t n = x0.size();
  std::vector<double> x(x0.begin(), x0.end()), g(n), m(n, 0.0), v(n, 0.0);
  optimize_result r;
  double previous = 0.0, b1t = 1.0, b2t = 1.0;
  for (std::size_t k = 0; k < o.max_iterations; ++k) {
    const double fx = f(x, g);
    ++r.evaluations;
    detail::check_value(fx, "adam", r.evaluations);
    for (std::size_t i = 0; i < n; ++i) detail::check_value(g[i], "adam (gradient)", r.evaluations);
    detail::keep_best(r, x, fx);
    r.history.push_back(r.value);
    r.iterations = k + 1;
    if (o.tolerance >= 0.0 && k > 0 && std::abs(fx - previous) <= o.tolerance) {
      r.converged = true;
      break;
    }
    previous = fx;
    b1t *= o.beta1;
    b2t *= o.beta2;
    for (std::size_t i = 0; i < n; ++i) {
      m[i] = o.beta1 * m[i] + (1.0 - o.beta1) * g[i];
      v[i] = o.beta2 * v[i] + (1.0 - o.beta2) * g[i] * g[i];
      const double m_hat = m[i] / (1.0 - b1t);
      const double v_hat = v[i] / (1.0 - b2t);
      x[i] -= o.learning_rate * m_hat / (std::sqrt(v_hat) + o.epsilon);
    }
  }
  return r;
}

}  // namespace dsegym::sim::quantum

#include "dsegym/sim/quantum/adagrad.hpp"

#include <cmath>
#include <vector>

#include "dsegym/sim/quantum/detail/optimizer_support.hpp"

namespace dsegym::sim::quantum {

optimize_result adagrad(const gradient_function& f, std::span<const double> x0,
                        const adagrad_options& o) {
  detail::check_budget(o.max_iterations, "adagrad max_iterations");
  detail::check_positive(o.learning_rate, "adagrad learning_rate");
  detail::check_positive(o.epsilon, "adagrad epsilon");
  detail::check_start(x0, "adagrad");

  const std::size_t n = x0.size();
  std::vector<double> x(x0.begin(), x0.end()), g(n), sum_sq(n, 0.0);
  optimize_result r;
  double previous = 0.0;
  for (std::size_t k = 0; k < o.max_iterations; ++k) {
    const double fx = f(x, g);
    ++r.evaluations;
    detail::check_value(fx, "adagrad", r.evaluations);
    for (std::size_t i = 0; i < n; ++i)
      detail::check_value(g[i], "adagrad (gradient)", r.evaluations);
    detail::keep_best(r, x, fx);
    r.history.push_back(r.value);
    r.iterations = k + 1;
    if (o.tolerance >= 0.0 && k > 0 && std::abs(fx - previous) <= o.tolerance) {
      r.converged = true;
      break;
    }
    previous = fx;
    for (std::size_t i = 0; i < n; ++i) {
      sum_sq[i] += g[i] * g[i];
      x[i] -= o.learning_rate * g[i] / (std::sqrt(sum_sq[i]) + o.epsilon);
    }
  }
  return r;
}

}  // namespace dsegym::sim::quantum

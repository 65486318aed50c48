#include "dsegym/sim/quantum/nelder_mead.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "dsegym/sim/quantum/detail/optimizer_support.hpp"

namespace dsegym::sim::quantum {
namespace {

struct budget_exhausted {};

/// Counts calls, refuses to exceed the budget, keeps the best point.
class counted_objective {
 public:
  counted_objective(const objective_function& f, std::size_t budget, optimize_result& r)
      : f_(f), budget_(budget), r_(r) {}
  double operator()(std::span<const double> x) {
    if (r_.evaluations >= budget_) throw budget_exhausted{};
    const double v = f_(x);
    ++r_.evaluations;
    detail::check_value(v, "nelder_mead", r_.evaluations);
    detail::keep_best(r_, x, v);
    return v;
  }

 private:
  const objective_function& f_;
  std::size_t budget_;
  optimize_result& r_;
};

}  // namespace

optimize_result nelder_mead(const objective_function& f, std::span<const double> x0,
                            const nelder_mead_options& o) {
  detail::check_budget(o.max_evaluations, "nelder_mead max_evaluations");
  detail::check_positive(o.initial_step, "nelder_mead initial_step");
  if (!(o.f_tolerance >= 0.0) || !(o.x_tolerance >= 0.0))
    detail::throw_invalid("nelder_mead tolerances must be >= 0, got f_tolerance " +
                          detail::format_double(o.f_tolerance) + " and x_tolerance " +
                          detail::format_double(o.x_tolerance));
  detail::check_start(x0, "nelder_mead");

  constexpr double reflect = 1.0, expand = 2.0, contract = 0.5, shrink = 0.5;
  const std::size_t n = x0.size();
  optimize_result r;
  counted_objective eval(f, o.max_evaluations, r);
  std::vector<std::vector<double>> pts(n + 1, std::vector<double>(x0.begin(), x0.end()));
  std::vector<double> vals(n + 1);
  try {
    for (std::size_t i = 0; i <= n; ++i) {
      if (i > 0) pts[i][i - 1] += o.initial_step;
      vals[i] = eval(pts[i]);
    }
    std::vector<std::size_t> order(n + 1);
    std::vector<double> centroid(n), xr(n), xe(n), xc(n);
    const auto point_at = [&](std::vector<double>& out,
                              double t) {  // centroid + t (centroid - worst)
      const auto& worst = pts[order[n]];
      for (std::size_t j = 0; j < n; ++j) out[j] = centroid[j] + t * (centroid[j] - worst[j]);
    };
    while (true) {
      std::iota(order.begin(), order.end(), std::size_t{0});
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t a, std::size_t b) { return vals[a] < vals[b]; });
      if (n == 0) {
        r.iterations = 1;
        r.history.push_back(r.value);
        r.converged = true;
        break;
      }
      // Convergence: values and vertices close to the best one.
      double f_spread = 0.0, x_spread = 0.0;
      for (std::size_t i = 1; i <= n; ++i) {
        f_spread = std::max(f_spread, std::abs(vals[order[i]] - vals[order[0]]));
        for (std::size_t j = 0; j < n; ++j)
          x_spread = std::max(x_spread, std::abs(pts[order[i]][j] - pts[order[0]][j]));
      }
      if (f_spread <= o.f_tolerance && x_spread <= o.x_tolerance) {
        r.converged = true;
        break;
      }
      std::fill(centroid.begin(), centroid.end(), 0.0);
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j)
          centroid[j] += pts[order[i]][j] / static_cast<double>(n);
      const std::size_t best = order[0], second_worst = order[n - 1], worst = order[n];

      point_at(xr, reflect);
      const double fr = eval(xr);
      bool do_shrink = false;
      if (fr < vals[best]) {
        point_at(xe, reflect * expand);
        const double fe = eval(xe);
        if (fe < fr) {
          pts[worst] = xe;
          vals[worst] = fe;
        } else {
          pts[worst] = xr;
          vals[worst] = fr;
        }
      } else if (fr < vals[second_worst]) {
        pts[worst] = xr;
        vals[worst] = fr;
      } else if (fr < vals[worst]) {  // outside contraction
        point_at(xc, reflect * contract);
        const double fc = eval(xc);
        if (fc <= fr) {
          pts[worst] = xc;
          vals[worst] = fc;
        } else {
          do_shrink = true;
        }
      } else {  // inside contraction
        point_at(xc, -contract);
        const double fc = eval(xc);
        if (fc < vals[worst]) {
          pts[worst] = xc;
          vals[worst] = fc;
        } else {
          do_shrink = true;
        }
      }
      if (do_shrink) {
        for (std::size_t i = 1; i <= n; ++i) {
          auto& p = pts[order[i]];
          for (std::size_t j = 0; j < n; ++j) p[j] = pts[best][j] + shrink * (p[j] - pts[best][j]);
          vals[order[i]] = eval(p);
        }
      }
      ++r.iterations;
      r.history.push_back(r.value);
    }
  } catch (const budget_exhausted&) {
    // The budget ran out inside an iteration; r already holds the best evaluated point.
  }
  return r;
}

}  // namespace dsegym::sim::quantum

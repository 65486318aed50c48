#include "dsegym/sim/accel/mapper.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "cost_core.hpp"
#include "dsegym/core/error.hpp"
#include "dsegym/core/random.hpp"
#include "dsegym/sim/accel/cost_model.hpp"

namespace dsegym::sim::accel {

namespace {

struct spatial_pair {
  dim x, y;
};

// What a dataflow fixes: spatial dimension pairs (columns, rows), the dimensions the RF tile may
// span, and the RF loop order (outermost first; the MAC keeps an operand across the innermost
// loops that do not index it).
struct dataflow_rules {
  std::vector<spatial_pair> pairs;
  std::vector<dim> rf_dims;
  dim_order rf_order;
};

dataflow_rules rules_for(dataflow f) {
  switch (f) {
    case dataflow::weight_stationary:
      return {{{dim::k, dim::c}}, {dim::r, dim::s, dim::n, dim::p, dim::q},
              {dim::k, dim::c, dim::r, dim::s, dim::n, dim::p, dim::q}};
    case dataflow::output_stationary:
      return {{{dim::q, dim::p}, {dim::k, dim::p}}, {dim::c, dim::r, dim::s},
              {dim::n, dim::k, dim::p, dim::q, dim::c, dim::r, dim::s}};
    case dataflow::row_stationary:
      return {{{dim::p, dim::r}, {dim::p, dim::c}}, {dim::k, dim::c, dim::q, dim::s},
              {dim::n, dim::r, dim::p, dim::k, dim::q, dim::c, dim::s}};
    case dataflow::no_local_reuse:
      return {{{dim::k, dim::c}}, {}, default_order};
  }
  return {};
}

// Canonical order with tensor t stationary: the dimensions indexing t outside, the others inside.
dim_order stationary_order(tensor t, bool depthwise) {
  dim_order o{};
  std::size_t i = 0;
  for (dim d : all_dims)
    if (relevant(t, d, depthwise)) o[i++] = d;
  for (dim d : all_dims)
    if (!relevant(t, d, depthwise)) o[i++] = d;
  return o;
}

std::vector<std::uint64_t> divisors(std::uint64_t n) {
  std::vector<std::uint64_t> lo, hi;
  for (std::uint64_t i = 1; i * i <= n; ++i)
    if (n % i == 0) {
      lo.push_back(i);
      if (i != n / i) hi.push_back(n / i);
    }
  lo.insert(lo.end(), hi.rbegin(), hi.rend());
  return lo;
}

// Spatial factors on the Pareto front of (passes over the dimension, padding): for each pass
// count from the fewest upwards, the smallest factor achieving it, kept while the padding shrinks.
// Larger factors with the same passes only add padding. The first `cap` values (fewest passes)
// plus the front's end, the largest divisor that fits (no padding at all).
std::vector<std::uint64_t> spatial_factor_choices(std::uint64_t extent, std::uint64_t side, std::size_t cap) {
  std::vector<std::uint64_t> out;
  const std::uint64_t most = std::min(extent, side);
  std::uint64_t best_pad = extent;  // more than any real padding
  // Walk the factors s downwards (at most min(extent, side) steps, never the extent itself): each
  // pass count p = ceil(extent / s) is visited once, with its smallest factor ceil(extent / p).
  for (std::uint64_t f = most; f >= 1; --f) {
    const std::uint64_t passes = (extent + f - 1) / f;
    const std::uint64_t s = (extent + passes - 1) / passes;
    if (s != f) continue;  // not the smallest factor of this pass count
    const std::uint64_t pad = s * passes - extent;
    if (out.empty() || pad < best_pad) {
      if (out.size() < cap || pad == 0)
        out.push_back(s);
      best_pad = pad;
    }
    if (pad == 0) break;
  }
  return out;
}

class objective_less {
 public:
  explicit objective_less(mapper_objective o) : o_(o) {}
  bool operator()(const detail::raw_cost& a, const detail::raw_cost& b) const {
    switch (o_) {
      case mapper_objective::latency: return lex({a.cycles, a.energy_pj()}, {b.cycles, b.energy_pj()});
      case mapper_objective::energy: return lex({a.energy_pj(), a.cycles}, {b.energy_pj(), b.cycles});
      case mapper_objective::edp:
        return lex({a.energy_pj() * a.cycles, a.cycles}, {b.energy_pj() * b.cycles, b.cycles});
      case mapper_objective::dram_traffic:
        return lex({a.dram_bytes, a.cycles, a.energy_pj()}, {b.dram_bytes, b.cycles, b.energy_pj()});
    }
    return false;
  }

 private:
  // Lexicographic with a relative tolerance, so rounding noise never outranks a later key.
  static bool lex(std::initializer_list<double> a, std::initializer_list<double> b) {
    auto ib = b.begin();
    for (double x : a) {
      const double y = *ib++;
      if (std::abs(x - y) > 1e-9 * std::max(std::abs(x), std::abs(y))) return x < y;
    }
    return false;
  }
  mapper_objective o_;
};

class search {
 public:
  search(const layer& l, const accel_config& cfg, const mapper_options& o)
      : l_(l), cfg_(cfg), o_(o), rules_(rules_for(cfg.flow)), less_(o.objective), dims_(l.dims()) {}

  mapper_result run() {
    if (o_.search == mapper_search::exhaustive)
      exhaustive();
    else
      random();
    mapper_result r;
    r.evaluated = evaluated_;
    if (!found_) {
      r.reason = "layer '" + l_.name + "': no mapping fits (" +
                 (why_.empty() ? std::string("no candidate") : why_) + ")";
      return r;
    }
    r.ok = true;
    r.best = evaluate_mapping(l_, cfg_, best_map_);
    return r;
  }

 private:
  const std::vector<std::uint64_t>& divs(std::uint64_t n) {
    auto it = divisor_cache_.find(n);
    if (it == divisor_cache_.end()) it = divisor_cache_.emplace(n, divisors(n)).first;
    return it->second;
  }

  void consider(const mapping& m) {
    ++evaluated_;
    const auto c = detail::compute_cost(l_, cfg_, m);
    if (!found_ || less_(c, best_)) {
      best_ = c;
      best_map_ = m;
      found_ = true;
    }
  }

  // ---- exhaustive ----------------------------------------------------------------------------

  void exhaustive() {
    std::vector<mapping> spatial;
    for (const auto& pr : rules_.pairs)
      for (auto sx : spatial_factor_choices(dims_[index(pr.x)], cfg_.pe_cols, 3))
        for (auto sy : spatial_factor_choices(dims_[index(pr.y)], cfg_.pe_rows, 3)) {
          mapping m;
          m.spatial_x = pr.x;
          m.spatial_x_factor = sx;
          m.spatial_y = pr.y;
          m.spatial_y_factor = sy;
          m.rf_order = rules_.rf_order;
          if (std::find(spatial.begin(), spatial.end(), m) == spatial.end()) spatial.push_back(m);
        }
    for (const mapping& base : spatial) {
      const dim_array sp = detail::spatial_factors(base);
      dim_array rem{};
      for (std::size_t d = 0; d < dim_count; ++d) rem[d] = (dims_[d] + sp[d] - 1) / sp[d];
      for (const dim_array& t0 : rf_tiles(rem)) outer(base, sp, rem, t0);
    }
  }

  // RF tiles of the dataflow's RF dimensions that fit, best `rf_candidates` by RF + NoC energy
  // per MAC (ignoring reuse above the array).
  std::vector<dim_array> rf_tiles(const dim_array& rem) {
    std::vector<std::pair<double, dim_array>> found;
    dim_array t0{1, 1, 1, 1, 1, 1, 1};
    const bool nlr = cfg_.flow == dataflow::no_local_reuse;
    if (nlr) return {t0};
    const std::vector<dim>& free = rules_.rf_dims;
    const auto& e = cfg_.energy;
    auto score = [&](const dim_array& t) {
      double vol = 1.0;
      for (auto v : t) vol *= static_cast<double>(v);
      // MAC-level reads per MAC from the RF order, NoC fills per MAC from the tile footprint.
      double s = 0.0;
      for (tensor tn : all_tensors) {
        double prod = 1.0, reads = 1.0;
        for (dim d : rules_.rf_order) {
          if (t[index(d)] <= 1) continue;
          prod *= static_cast<double>(t[index(d)]);
          if (relevant(tn, d, l_.depthwise())) reads = prod;
        }
        s += e.rf_read_pj * reads / vol + (e.noc_pj_per_word + e.rf_write_pj) * detail::footprint(l_, tn, t) / vol;
      }
      return s;
    };
    // Depth-first over divisors; footprints only grow with a factor, so stop at the first misfit.
    auto rec = [&](auto&& self, std::size_t i) -> void {
      if (i == free.size()) {
        found.emplace_back(score(t0), t0);
        return;
      }
      const std::size_t d = index(free[i]);
      for (auto v : divs(rem[d])) {
        t0[d] = v;
        if (!detail::rf_fits(l_, cfg_, t0)) break;
        self(self, i + 1);
      }
      t0[d] = 1;
    };
    if (detail::rf_fits(l_, cfg_, t0)) rec(rec, 0);
    if (found.empty()) why_ = "a single MAC's operands do not fit the register files";
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    if (found.size() > o_.rf_candidates) found.resize(o_.rf_candidates);
    std::vector<dim_array> out;
    for (auto& f : found) out.push_back(f.second);
    return out;
  }

  // Every maximal GLB tile (in whole array tiles) with the 3 × 3 canonical DRAM/GLB orders.
  void outer(const mapping& base, const dim_array& sp, const dim_array& rem, const dim_array& t0) {
    dim_array a{}, q{}, g{1, 1, 1, 1, 1, 1, 1};
    for (std::size_t d = 0; d < dim_count; ++d) {
      a[d] = t0[d] * sp[d];
      q[d] = rem[d] / t0[d];
    }
    auto fits = [&](const dim_array& gg) {
      dim_array t1{};
      for (std::size_t d = 0; d < dim_count; ++d) t1[d] = a[d] * gg[d];
      return detail::glb_fits(l_, cfg_, t1);
    };
    if (!fits(g)) {
      why_ = "the array tile does not fit the global buffer";
      return;
    }
    std::vector<std::size_t> free;
    for (std::size_t d = 0; d < dim_count; ++d)
      if (q[d] > 1) free.push_back(d);
    const bool dw = l_.depthwise();
    const std::array<dim_order, 3> orders{stationary_order(tensor::weights, dw),
                                          stationary_order(tensor::inputs, dw),
                                          stationary_order(tensor::outputs, dw)};
    auto emit = [&] {
      mapping m = base;
      m.rf = t0;
      for (std::size_t d = 0; d < dim_count; ++d) {
        m.glb[d] = g[d];
        m.dram[d] = q[d] / g[d];
      }
      for (const auto& od : orders)
        for (const auto& og : orders) {
          m.dram_order = od;
          m.glb_order = og;
          consider(m);
        }
    };
    if (free.empty()) {
      emit();
      return;
    }
    auto next_divisor = [&](std::size_t d) -> std::uint64_t {
      const auto& v = divs(q[d]);
      auto it = std::upper_bound(v.begin(), v.end(), g[d]);
      return it == v.end() ? 0 : *it;
    };
    auto rec = [&](auto&& self, std::size_t i) -> void {
      const std::size_t d = free[i];
      if (i + 1 == free.size()) {
        // The last free dimension takes its largest fitting divisor; then keep the tile only if
        // no other dimension could grow.
        for (auto v : divs(q[d])) {
          const auto old = g[d];
          g[d] = v;
          if (!fits(g)) {
            g[d] = old;
            break;
          }
        }
        bool maximal = true;
        for (std::size_t j = 0; j < i && maximal; ++j) {
          const std::size_t dj = free[j];
          const std::uint64_t nv = next_divisor(dj);
          if (nv == 0) continue;
          const auto old = g[dj];
          g[dj] = nv;
          if (fits(g)) maximal = false;
          g[dj] = old;
        }
        if (maximal) emit();
        g[d] = 1;
        return;
      }
      for (auto v : divs(q[d])) {
        g[d] = v;
        if (!fits(g)) break;
        self(self, i + 1);
      }
      g[d] = 1;
    };
    rec(rec, 0);
  }

  // ---- random --------------------------------------------------------------------------------

  void random() {
    rng g(derive_seed(o_.seed, "accel.mapper"));
    for (std::size_t i = 0; i < o_.random_samples; ++i) {
      const auto& pr = rules_.pairs[uniform_below(g, rules_.pairs.size())];
      mapping m;
      m.spatial_x = pr.x;
      m.spatial_y = pr.y;
      m.spatial_x_factor = 1 + uniform_below(g, std::min<std::uint64_t>(cfg_.pe_cols, dims_[index(pr.x)]));
      m.spatial_y_factor = 1 + uniform_below(g, std::min<std::uint64_t>(cfg_.pe_rows, dims_[index(pr.y)]));
      m.rf_order = rules_.rf_order;
      const dim_array sp = detail::spatial_factors(m);
      dim_array rem{};
      for (std::size_t d = 0; d < dim_count; ++d) rem[d] = (dims_[d] + sp[d] - 1) / sp[d];
      if (cfg_.flow != dataflow::no_local_reuse)
        for (dim d : rules_.rf_dims) {
          const auto& v = divs(rem[index(d)]);
          m.rf[index(d)] = v[uniform_below(g, v.size())];
        }
      if (!detail::rf_fits(l_, cfg_, m.rf)) {
        why_ = "no sampled register-file tile fits";
        continue;
      }
      dim_array t1{};
      for (std::size_t d = 0; d < dim_count; ++d) {
        const std::uint64_t qd = rem[d] / m.rf[d];
        const auto& v = divs(qd);
        m.glb[d] = v[uniform_below(g, v.size())];
        m.dram[d] = qd / m.glb[d];
        t1[d] = m.rf[d] * sp[d] * m.glb[d];
      }
      if (!detail::glb_fits(l_, cfg_, t1)) {
        why_ = "no sampled GLB tile fits the global buffer";
        continue;
      }
      shuffle(g, std::span<dim>(m.dram_order));
      shuffle(g, std::span<dim>(m.glb_order));
      consider(m);
    }
  }

  const layer& l_;
  const accel_config& cfg_;
  const mapper_options& o_;
  dataflow_rules rules_;
  objective_less less_;
  dim_array dims_;
  std::map<std::uint64_t, std::vector<std::uint64_t>> divisor_cache_;
  detail::raw_cost best_;
  mapping best_map_;
  bool found_ = false;
  std::size_t evaluated_ = 0;
  std::string why_;
};

}  // namespace

mapper_result map_layer(const layer& l, const accel_config& cfg, const mapper_options& options) {
  validate(l);
  validate(cfg);
  if (options.rf_candidates == 0) throw invalid_argument("accel", "mapper_options.rf_candidates must be >= 1");
  if (options.search == mapper_search::random && options.random_samples == 0)
    throw invalid_argument("accel", "mapper_options.random_samples must be >= 1");
  return search(l, cfg, options).run();
}

}  // namespace dsegym::sim::accel

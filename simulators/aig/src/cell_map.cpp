// Standard-cell mapping over a genlib library (spec §2.8): <= 3-leaf cuts with truth tables, gate
// matches under all pin permutations, both phases per node (inverters in between), delay-optimal
// choice, then area-flow recovery under the delay target, then the cover from the POs.
#include <algorithm>
#include <array>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/aig/mapping.hpp"
#include "detail.hpp"

namespace dsegym::sim::aig {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

struct match {
  std::uint32_t gate;
  std::array<std::uint8_t, 3> pin_of_leaf{};  // gate pin driven by leaf i
  std::uint8_t neg = 0;                       // bit i: leaf i is used complemented
};

struct cut3 {
  std::uint8_t size = 0;
  std::array<node_t, 3> leaves{};
  std::uint8_t tt = 0;  // over leaves, 8 bits (leaf i = variable i)
};

// tt of a function over n vars extended to 3 vars (8 bits)
std::uint8_t extend(std::uint64_t f, unsigned n) {
  std::uint8_t r = 0;
  for (unsigned m = 0; m < 8; ++m)
    if ((f >> (m & ((1u << n) - 1))) & 1u) r |= static_cast<std::uint8_t>(1u << m);
  return r;
}

// tt of leaf set c expressed over the leaves of merged cut: remap variables
std::uint8_t remap(std::uint8_t tt, const cut3& from, const cut3& to) {
  std::array<unsigned, 3> pos{};
  for (unsigned i = 0; i < from.size; ++i)
    for (unsigned j = 0; j < to.size; ++j)
      if (to.leaves[j] == from.leaves[i]) pos[i] = j;
  std::uint8_t r = 0;
  for (unsigned m = 0; m < 8; ++m) {
    unsigned src = 0;
    for (unsigned i = 0; i < from.size; ++i) src |= ((m >> pos[i]) & 1u) << i;
    if ((tt >> src) & 1u) r |= static_cast<std::uint8_t>(1u << m);
  }
  return r;
}

[[noreturn]] void internal_error_no_match() {
  throw dsegym::error("aig", "map_cells: a node has no implementation (library too small)",
                      dsegym::error_code::internal);
}

struct impl {
  double arrival = inf;
  double flow = inf;
  int cut = -1;  // -1: none; -2: inverter from the other phase
  match m{};
};

}  // namespace

cell_result map_cells(const graph& input, const gate_library& lib) {
  return detail::map_cells_cover(input.cleanup(), lib, nullptr);
}

cell_result detail::map_cells_cover(const graph& g, const gate_library& lib, std::vector<cell_instance>* cover) {
  // library: matches per (number of leaves, 8-bit tt)
  int inv = -1;
  double inv_area = 0, inv_delay = 0;
  double zero_area = -1, one_area = -1;
  std::vector<std::vector<match>> table[4];
  for (auto& t : table) t.assign(256, {});
  for (std::uint32_t gi = 0; gi < lib.gates.size(); ++gi) {
    const gate& g = lib.gates[gi];
    const unsigned n = static_cast<unsigned>(g.inputs.size());
    if (n == 0) {
      if ((g.function & 1) == 0 && (zero_area < 0 || g.area < zero_area)) zero_area = g.area;
      if ((g.function & 1) == 1 && (one_area < 0 || g.area < one_area)) one_area = g.area;
      continue;
    }
    if (n > 3) continue;
    if (n == 1 && (g.function & 3) == 1 && (inv < 0 || g.area < inv_area)) {
      inv = static_cast<int>(gi);
      inv_area = g.area;
      inv_delay = g.pin_delay[0];
    }
    if (n == 1) continue;  // buffers/inverters are not used as cut matches
    std::array<std::uint8_t, 3> perm{0, 1, 2};
    do {
      if (n < 3 && perm[2] != 2) continue;
      if (n == 2 && perm[0] > 1) continue;
      // leaf i (phase bit i of neg) drives pin perm[i]: f(l) = g(pins), pin perm[i] = l_i ^ neg_i
      for (unsigned neg = 0; neg < (1u << n); ++neg) {
        std::uint8_t tt = 0;
        for (unsigned m = 0; m < (1u << n); ++m) {
          unsigned pins = 0;
          for (unsigned i = 0; i < n; ++i) pins |= (((m ^ neg) >> i) & 1u) << perm[i];
          if ((g.function >> pins) & 1u) tt |= static_cast<std::uint8_t>(1u << m);
        }
        match mt{gi, perm, static_cast<std::uint8_t>(neg)};
        table[n][extend(tt, n)].push_back(mt);
      }
    } while (std::next_permutation(perm.begin(), perm.end()));
  }
  if (inv < 0) throw invalid_argument("aig", "map_cells: the library has no inverter");
  bool has2 = false;
  for (unsigned t = 0; t < 256; ++t)
    if (!table[2][t].empty()) has2 = true;
  if (!has2) throw invalid_argument("aig", "map_cells: the library has no 2-input gate");
  if (zero_area < 0) zero_area = 0;
  if (one_area < 0) one_area = 0;

  const std::uint32_t N = g.size();
  std::vector<std::vector<cut3>> cuts(N);
  std::vector<std::uint32_t> fanouts(N, 0);
  for (node_t n = g.num_pis() + 1; n < N; ++n) {
    ++fanouts[lit_node(g.fanin0(n))];
    ++fanouts[lit_node(g.fanin1(n))];
  }
  for (lit_t p : g.pos()) ++fanouts[lit_node(p)];
  auto trivial = [](node_t n) {
    cut3 c;
    c.size = 1;
    c.leaves[0] = n;
    c.tt = 0xAA;
    return c;
  };
  std::vector<std::array<impl, 2>> best(N);
  for (std::uint32_t i = 1; i <= g.num_pis(); ++i) {
    best[i][0] = {0.0, 0.0, -1, {}};
    best[i][1] = {inv_delay, inv_area, -2, {}};
  }
  best[0][0] = {0.0, zero_area, -1, {}};
  best[0][1] = {0.0, one_area, -1, {}};

  auto leaf_flow = [&](node_t l, int ph) {
    return best[l][ph].flow / std::max<std::uint32_t>(1, fanouts[l]);
  };
  auto eval_match = [&](const cut3& c, const match& m, double& arr, double& flow) {
    const gate& gt = lib.gates[m.gate];
    arr = 0;
    flow = gt.area;
    for (unsigned i = 0; i < c.size; ++i) {
      const int ph = (m.neg >> i) & 1;
      arr = std::max(arr, best[c.leaves[i]][ph].arrival + gt.pin_delay[m.pin_of_leaf[i]]);
      flow += leaf_flow(c.leaves[i], ph);
    }
  };
  std::vector<std::array<double, 2>> req(N, {inf, inf});

  auto select = [&](node_t n, bool area_mode) {
    auto& b = best[n];
    for (int ph = 0; ph < 2; ++ph) {
      impl cur;
      const double r = req[n][ph];
      for (int ci = 0; ci < static_cast<int>(cuts[n].size()); ++ci) {
        const cut3& c = cuts[n][static_cast<std::size_t>(ci)];
        if (c.size < 2) continue;
        const std::uint8_t t = ph ? static_cast<std::uint8_t>(~c.tt) : c.tt;
        for (const match& m : table[c.size][t]) {
          double a, f;
          eval_match(c, m, a, f);
          bool better;
          if (!area_mode) better = a < cur.arrival - 1e-9 || (a <= cur.arrival + 1e-9 && f < cur.flow);
          else if (a > r + 1e-9) better = false;
          else better = f < cur.flow - 1e-9 || (f <= cur.flow + 1e-9 && a < cur.arrival);
          if (better) cur = {a, f, ci, m};
        }
      }
      if (area_mode && cur.cut == -1) {  // nothing meets req: fastest
        for (int ci = 0; ci < static_cast<int>(cuts[n].size()); ++ci) {
          const cut3& c = cuts[n][static_cast<std::size_t>(ci)];
          if (c.size < 2) continue;
          const std::uint8_t t = ph ? static_cast<std::uint8_t>(~c.tt) : c.tt;
          for (const match& m : table[c.size][t]) {
            double a, f;
            eval_match(c, m, a, f);
            if (a < cur.arrival) cur = {a, f, ci, m};
          }
        }
      }
      b[ph] = cur;
    }
    // inverter alternatives
    for (int ph = 0; ph < 2; ++ph) {
      const impl& o = b[1 - ph];
      if (o.cut < 0) continue;
      const double a = o.arrival + inv_delay, f = o.flow + inv_area;
      const bool ok = !area_mode || a <= req[n][ph] + 1e-9;
      if (b[ph].cut == -1 || (ok && (area_mode ? f < b[ph].flow - 1e-9 : a < b[ph].arrival - 1e-9)) ||
          (area_mode && b[ph].arrival > req[n][ph] + 1e-9 && a < b[ph].arrival))
        b[ph] = {a, f, -2, {}};
    }
  };

  // cut enumeration (all 3-feasible cuts, capped) and delay-optimal selection
  for (node_t n = g.num_pis() + 1; n < N; ++n) {
    const lit_t fa = g.fanin0(n), fb = g.fanin1(n);
    const node_t a = lit_node(fa), bb = lit_node(fb);
    std::vector<cut3> ca = g.is_and(a) ? cuts[a] : std::vector<cut3>{};
    std::vector<cut3> cb = g.is_and(bb) ? cuts[bb] : std::vector<cut3>{};
    if (!g.is_and(a)) ca.push_back(trivial(a));
    if (!g.is_and(bb)) cb.push_back(trivial(bb));
    auto& out = cuts[n];
    out.push_back(trivial(n));
    for (const auto& x : ca)
      for (const auto& y : cb) {
        cut3 r;
        // merge
        std::array<node_t, 6> tmp{};
        std::size_t k = 0;
        for (unsigned i = 0; i < x.size; ++i) tmp[k++] = x.leaves[i];
        for (unsigned i = 0; i < y.size; ++i) tmp[k++] = y.leaves[i];
        // insertion sort + dedupe (k <= 6)
        for (std::size_t i = 1; i < k; ++i)
          for (std::size_t j = i; j > 0 && tmp[j - 1] > tmp[j]; --j) std::swap(tmp[j - 1], tmp[j]);
        std::size_t u = 0;
        for (std::size_t i = 0; i < k; ++i)
          if (u == 0 || tmp[u - 1] != tmp[i]) tmp[u++] = tmp[i];
        k = u;
        if (k > 3) continue;
        r.size = static_cast<std::uint8_t>(k);
        for (std::size_t i = 0; i < k; ++i) r.leaves[i] = tmp[i];
        std::uint8_t tx = remap(x.tt, x, r), ty = remap(y.tt, y, r);
        if (lit_compl(fa)) tx = static_cast<std::uint8_t>(~tx);
        if (lit_compl(fb)) ty = static_cast<std::uint8_t>(~ty);
        r.tt = tx & ty;
        bool dup = false;
        for (const auto& o : out)
          if (o.size == r.size && o.leaves == r.leaves) dup = true;
        if (!dup) out.push_back(r);
      }
    if (out.size() > 24) out.resize(24);
    select(n, false);
  }
  double target = 0;
  for (lit_t p : g.pos()) target = std::max(target, best[lit_node(p)][lit_compl(p) ? 1 : 0].arrival);

  auto compute_required = [&]() {
    for (auto& r : req) r = {inf, inf};
    std::vector<std::array<std::uint8_t, 2>> used(N, {0, 0});
    for (lit_t p : g.pos()) {
      const int ph = lit_compl(p) ? 1 : 0;
      req[lit_node(p)][ph] = target;
      used[lit_node(p)][ph] = 1;
    }
    for (node_t n = N; n-- > g.num_pis() + 1;) {
      for (int pass = 0; pass < 2; ++pass)
        for (int ph = 0; ph < 2; ++ph) {
          if (!used[n][ph]) continue;
          const impl& im = best[n][ph];
          if (pass == 0 && im.cut == -2) {
            used[n][1 - ph] = 1;
            req[n][1 - ph] = std::min(req[n][1 - ph], req[n][ph] - inv_delay);
          } else if (pass == 1 && im.cut >= 0) {
            const cut3& c = cuts[n][static_cast<std::size_t>(im.cut)];
            const gate& gt = lib.gates[im.m.gate];
            for (unsigned i = 0; i < c.size; ++i) {
              const node_t l = c.leaves[i];
              const int lp = (im.m.neg >> i) & 1;
              used[l][lp] = 1;
              req[l][lp] = std::min(req[l][lp], req[n][ph] - gt.pin_delay[im.m.pin_of_leaf[i]]);
            }
          }
        }
    }
    // PIs: phase 1 via inverter
    for (std::uint32_t i = 1; i <= g.num_pis(); ++i)
      if (used[i][1]) req[i][0] = std::min(req[i][0], req[i][1] - inv_delay);
  };
  compute_required();
  for (node_t n = g.num_pis() + 1; n < N; ++n) select(n, true);

  // exact-area recovery: reference counts per (node, phase) of the current cover; for each used
  // phase re-choose the implementation that adds the least area given the rest of the cover.
  std::vector<std::array<std::uint32_t, 2>> refs(N, {0, 0});
  // reference/dereference return the area that becomes needed/freed
  std::function<double(node_t, int)> reference, dereference;
  auto impl_area = [&](node_t n, int ph, bool ref) -> double {
    auto& fn = ref ? reference : dereference;
    if (n == 0) return 0.0;
    if (n <= g.num_pis()) return ph ? inv_area : 0.0;
    const impl& im = best[n][ph];
    if (im.cut == -2) return inv_area + fn(n, 1 - ph);
    const cut3& c = cuts[n][static_cast<std::size_t>(im.cut)];
    double a = lib.gates[im.m.gate].area;
    for (unsigned i = 0; i < c.size; ++i) a += fn(c.leaves[i], (im.m.neg >> i) & 1);
    return a;
  };
  reference = [&](node_t n, int ph) -> double {
    if (refs[n][ph]++ > 0) return 0.0;
    return impl_area(n, ph, true);
  };
  dereference = [&](node_t n, int ph) -> double {
    if (--refs[n][ph] > 0) return 0.0;
    return impl_area(n, ph, false);
  };
  auto evaluate_cover = [&]() {
  cell_result res;
  std::vector<std::array<std::uint8_t, 2>> used(N, {0, 0});
  std::vector<std::array<double, 2>> arr(N, {0, 0});
  std::vector<std::pair<node_t, int>> stack;
  for (lit_t p : g.pos()) stack.emplace_back(lit_node(p), lit_compl(p) ? 1 : 0);
  std::vector<std::pair<node_t, int>> order;
  while (!stack.empty()) {
    auto [n, ph] = stack.back();
    stack.pop_back();
    if (used[n][ph]) continue;
    used[n][ph] = 1;
    order.emplace_back(n, ph);
    if (n == 0) {
      res.area += ph ? one_area : zero_area;
      ++res.gates;
      continue;
    }
    if (n <= g.num_pis()) {
      if (ph == 1) {
        res.area += inv_area;
        ++res.gates;
        stack.emplace_back(n, 0);
      }
      continue;
    }
    const impl& im = best[n][ph];
    if (im.cut == -1) internal_error_no_match();
    if (im.cut == -2) {
      res.area += inv_area;
      ++res.gates;
      stack.emplace_back(n, 1 - ph);
    } else {
      const cut3& c = cuts[n][static_cast<std::size_t>(im.cut)];
      res.area += lib.gates[im.m.gate].area;
      ++res.gates;
      for (unsigned i = 0; i < c.size; ++i) stack.emplace_back(c.leaves[i], (im.m.neg >> i) & 1);
    }
  }
  // arrivals over the cover, in topological order (node id, then phase source first)
  std::sort(order.begin(), order.end());
  for (auto [n, ph0] : order) {
    (void)ph0;
    for (int rep = 0; rep < 2; ++rep)
      for (int ph = 0; ph < 2; ++ph) {
        if (!used[n][ph]) continue;
        if (n == 0) {
          arr[n][ph] = 0;
        } else if (n <= g.num_pis()) {
          arr[n][ph] = ph ? inv_delay : 0;
        } else if (best[n][ph].cut == -2) {
          arr[n][ph] = arr[n][1 - ph] + inv_delay;
        } else {
          const impl& im = best[n][ph];
          const cut3& c = cuts[n][static_cast<std::size_t>(im.cut)];
          double a = 0;
          for (unsigned i = 0; i < c.size; ++i)
            a = std::max(a, arr[c.leaves[i]][(im.m.neg >> i) & 1] +
                                lib.gates[im.m.gate].pin_delay[im.m.pin_of_leaf[i]]);
          arr[n][ph] = a;
        }
      }
  }
  for (lit_t p : g.pos()) res.delay = std::max(res.delay, arr[lit_node(p)][lit_compl(p) ? 1 : 0]);
    return res;
  };

  cell_result result = evaluate_cover();
  for (int pass = 0; pass < 2; ++pass) {
    const auto saved = best;
    compute_required();
    for (auto& r : refs) r = {0, 0};
    for (lit_t p : g.pos()) (void)reference(lit_node(p), lit_compl(p) ? 1 : 0);
    for (node_t n = g.num_pis() + 1; n < N; ++n) {
      // refresh the arrivals of the current implementations (leaves may be slower now)
      for (int ph = 0; ph < 2; ++ph) {
        impl& im = best[n][ph];
        if (im.cut >= 0) {
          double a, f;
          eval_match(cuts[n][static_cast<std::size_t>(im.cut)], im.m, a, f);
          im.arrival = a;
        }
      }
      for (int ph = 0; ph < 2; ++ph)
        if (best[n][ph].cut == -2) best[n][ph].arrival = best[n][1 - ph].arrival + inv_delay;
      for (int ph = 0; ph < 2; ++ph) {
        if (refs[n][ph] == 0) continue;  // not in the cover
        // free the current implementation below (n, ph), keep (n, ph) itself referenced
        const std::uint32_t keep = refs[n][ph];
        refs[n][ph] = 1;
        (void)dereference(n, ph);
        impl cur = best[n][ph];
        double cur_area = inf;
        double r = req[n][ph];
        if (best[n][1 - ph].cut == -2 && refs[n][1 - ph] > 0)  // the other phase inverts this one
          r = std::min(r, req[n][1 - ph] - inv_delay);
        auto try_impl = [&](const impl& cand) {
          if (cand.arrival > r + 1e-9) return;
          best[n][ph] = cand;
          const double a = reference(n, ph);
          (void)dereference(n, ph);
          if (a < cur_area - 1e-9 || (a <= cur_area + 1e-9 && cand.arrival < cur.arrival)) {
            cur_area = a;
            cur = cand;
          }
        };
        const impl old = best[n][ph];
        for (int ci = 0; ci < static_cast<int>(cuts[n].size()); ++ci) {
          const cut3& c = cuts[n][static_cast<std::size_t>(ci)];
          if (c.size < 2) continue;
          const std::uint8_t t = ph ? static_cast<std::uint8_t>(~c.tt) : c.tt;
          for (const match& m : table[c.size][t]) {
            double a, f;
            eval_match(c, m, a, f);
            try_impl({a, f, ci, m});
          }
        }
        if (best[n][1 - ph].cut >= 0)
          try_impl({best[n][1 - ph].arrival + inv_delay, best[n][1 - ph].flow + inv_area, -2, {}});
        if (cur_area == inf) {  // nothing meets the required time: fastest candidate
          cur = impl{};
          for (int ci = 0; ci < static_cast<int>(cuts[n].size()); ++ci) {
            const cut3& c = cuts[n][static_cast<std::size_t>(ci)];
            if (c.size < 2) continue;
            const std::uint8_t t = ph ? static_cast<std::uint8_t>(~c.tt) : c.tt;
            for (const match& m : table[c.size][t]) {
              double a, f;
              eval_match(c, m, a, f);
              if (cur.cut < 0 || a < cur.arrival) cur = {a, f, ci, m};
            }
          }
          if (best[n][1 - ph].cut >= 0 && best[n][1 - ph].arrival + inv_delay < cur.arrival)
            cur = {best[n][1 - ph].arrival + inv_delay, best[n][1 - ph].flow + inv_area, -2, {}};
          if (cur.cut == -1) cur = old;
        }
        best[n][ph] = cur;
        (void)reference(n, ph);
        refs[n][ph] = keep;
      }
      for (int ph = 0; ph < 2; ++ph)
        if (best[n][ph].cut == -2) best[n][ph].arrival = best[n][1 - ph].arrival + inv_delay;
    }
    // keep the pass only if it saves area without exceeding the delay reached so far
    const cell_result r = evaluate_cover();
    if (r.delay > std::max(result.delay, target) + 1e-9 || r.area > result.area) {
      best = saved;
      break;
    }
    result = r;
  }
  if (cover) {
    auto const_gate = [&](int ph) {
      std::uint32_t best_gate = detail::no_gate;
      for (std::uint32_t gi = 0; gi < lib.gates.size(); ++gi) {
        const gate& gt = lib.gates[gi];
        if (gt.inputs.empty() && static_cast<int>(gt.function & 1) == ph &&
            (best_gate == detail::no_gate || gt.area < lib.gates[best_gate].area))
          best_gate = gi;
      }
      return best_gate;
    };
    const auto inv_gate = static_cast<std::uint32_t>(inv);
    std::vector<std::array<std::uint8_t, 2>> used(N, {0, 0});
    std::vector<std::pair<node_t, int>> stack;
    for (lit_t p : g.pos()) stack.emplace_back(lit_node(p), lit_compl(p) ? 1 : 0);
    while (!stack.empty()) {
      auto [n, ph] = stack.back();
      stack.pop_back();
      if (used[n][ph]) continue;
      used[n][ph] = 1;
      if (n == 0) {
        cover->push_back({const_gate(ph), n, ph, {}});
      } else if (n <= g.num_pis()) {
        if (ph == 1) cover->push_back({inv_gate, n, 1, {{n, 0}}});
      } else if (best[n][ph].cut == -2) {
        cover->push_back({inv_gate, n, ph, {{n, 1 - ph}}});
        stack.emplace_back(n, 1 - ph);
      } else {
        const impl& im = best[n][ph];
        const cut3& c = cuts[n][static_cast<std::size_t>(im.cut)];
        detail::cell_instance inst{im.m.gate, n, ph, {}};
        inst.pins.resize(lib.gates[im.m.gate].inputs.size(), {0, 0});
        for (unsigned i = 0; i < c.size; ++i) {
          const int leaf_phase = (im.m.neg >> i) & 1;
          inst.pins[im.m.pin_of_leaf[i]] = {c.leaves[i], leaf_phase};
          stack.emplace_back(c.leaves[i], leaf_phase);
        }
        cover->push_back(std::move(inst));
      }
    }
  }
  return result;
}

}  // namespace dsegym::sim::aig

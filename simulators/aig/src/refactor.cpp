// refactor (spec §2.5): reconvergence-driven cones, ISOP (Minato-Morreale) of f and !f, algebraic
// factoring by the most frequent literal, DAG-aware cost against the MFFC inside the cone.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "detail.hpp"
#include "dsegym/core/error.hpp"
#include "dsegym/sim/aig/transforms.hpp"

namespace dsegym::sim::aig {

namespace detail {

std::vector<node_t> reconvergence_cut(const graph& g, node_t n, unsigned max_leaves,
                                      std::vector<std::uint32_t>& mark, std::uint32_t& stamp) {
  if (mark.size() < g.size()) mark.resize(g.size(), 0);
  ++stamp;
  std::vector<node_t> leaves;
  mark[n] = stamp;
  for (lit_t f : {g.fanin0(n), g.fanin1(n)}) {
    const node_t c = lit_node(f);
    if (mark[c] != stamp) {
      mark[c] = stamp;
      leaves.push_back(c);
    }
  }
  while (true) {
    int best = -1;
    unsigned best_cost = 99;
    for (std::size_t i = 0; i < leaves.size(); ++i) {
      const node_t l = leaves[i];
      if (!g.is_and(l)) continue;
      unsigned cost = 0;
      for (lit_t f : {g.fanin0(l), g.fanin1(l)})
        if (mark[lit_node(f)] != stamp) ++cost;
      if (lit_node(g.fanin0(l)) == lit_node(g.fanin1(l)) && cost == 2) cost = 1;
      if (cost < best_cost || (cost == best_cost && g.level(l) > g.level(leaves[static_cast<std::size_t>(best)]))) {
        best_cost = cost;
        best = static_cast<int>(i);
      }
    }
    if (best < 0 || leaves.size() - 1 + best_cost > max_leaves) break;
    const node_t l = leaves[static_cast<std::size_t>(best)];
    leaves.erase(leaves.begin() + best);
    for (lit_t f : {g.fanin0(l), g.fanin1(l)}) {
      const node_t c = lit_node(f);
      if (mark[c] != stamp) {
        mark[c] = stamp;
        leaves.push_back(c);
      }
    }
  }
  std::sort(leaves.begin(), leaves.end());
  return leaves;
}

// ---- ISOP over word truth tables (<= 16 variables) ----------------------------------------
struct cube {
  std::uint32_t pos = 0, neg = 0;  // variable masks
};
using tt = std::vector<std::uint64_t>;

namespace {
// fixed-capacity table for the ISOP recursion (<= 12 variables = 64 words): no allocations
struct ftt {
  std::uint32_t n = 1;
  std::uint64_t w[64];
};
void cofactor(const ftt& f, unsigned v, bool val, ftt& r) {
  r.n = f.n;
  if (v < 6) {
    static constexpr std::uint64_t m[6] = {0x5555555555555555ULL, 0x3333333333333333ULL,
                                           0x0F0F0F0F0F0F0F0FULL, 0x00FF00FF00FF00FFULL,
                                           0x0000FFFF0000FFFFULL, 0x00000000FFFFFFFFULL};
    const unsigned s = 1u << v;
    for (std::uint32_t i = 0; i < f.n; ++i) {
      const std::uint64_t w = f.w[i];
      if (val) {
        const std::uint64_t hi = w & ~m[v];
        r.w[i] = hi | (hi >> s);
      } else {
        const std::uint64_t lo = w & m[v];
        r.w[i] = lo | (lo << s);
      }
    }
  } else {
    const std::size_t step = std::size_t{1} << (v - 6);
    for (std::size_t i = 0; i < f.n; ++i) {
      const std::size_t base = i & ~step;
      r.w[i] = f.w[val ? (base | step) : base];
    }
  }
}
bool depends(const ftt& f, unsigned v) {
  if (v < 6) {
    const unsigned s = 1u << v;
    static constexpr std::uint64_t m[6] = {0x5555555555555555ULL, 0x3333333333333333ULL,
                                           0x0F0F0F0F0F0F0F0FULL, 0x00FF00FF00FF00FFULL,
                                           0x0000FFFF0000FFFFULL, 0x00000000FFFFFFFFULL};
    for (std::uint32_t i = 0; i < f.n; ++i)
      if (((f.w[i] >> s) & m[v]) != (f.w[i] & m[v])) return true;
    return false;
  }
  const std::size_t step = std::size_t{1} << (v - 6);
  for (std::size_t i = 0; i < f.n; ++i)
    if (!(i & step) && f.w[i] != f.w[i | step]) return true;
  return false;
}
bool is_zero(const ftt& f) {
  for (std::uint32_t i = 0; i < f.n; ++i)
    if (f.w[i]) return false;
  return true;
}

// Minato-Morreale: cover C with L <= C <= U; writes C's table.
void isop_rec(const ftt& L, const ftt& U, unsigned nvars, int top, std::vector<cube>& out,
              ftt& res) {
  res.n = L.n;
  if (is_zero(L)) {
    for (std::uint32_t i = 0; i < L.n; ++i) res.w[i] = 0;
    return;
  }
  const std::uint64_t full = nvars < 6 ? (1ULL << (1u << nvars)) - 1 : ~0ULL;
  bool all_ones = true;
  for (std::uint32_t i = 0; i < U.n; ++i)
    if ((U.w[i] & full) != full) all_ones = false;
  int v = top;
  while (!all_ones && v >= 0 && !depends(L, static_cast<unsigned>(v)) &&
         !depends(U, static_cast<unsigned>(v)))
    --v;
  if (all_ones || v < 0) {
    out.push_back({});
    for (std::uint32_t i = 0; i < L.n; ++i) res.w[i] = ~0ULL;
    return;
  }
  const unsigned x = static_cast<unsigned>(v);
  ftt L0, L1, U0, U1, a, b, C0, C1, Lr, Ur, Cr;
  cofactor(L, x, false, L0);
  cofactor(L, x, true, L1);
  cofactor(U, x, false, U0);
  cofactor(U, x, true, U1);
  const std::uint32_t W = L.n;
  a.n = b.n = Lr.n = Ur.n = W;
  for (std::uint32_t i = 0; i < W; ++i) {
    a.w[i] = L0.w[i] & ~U1.w[i];
    b.w[i] = L1.w[i] & ~U0.w[i];
  }
  const std::size_t s0 = out.size();
  isop_rec(a, U0, nvars, v - 1, out, C0);
  const std::size_t s1 = out.size();
  isop_rec(b, U1, nvars, v - 1, out, C1);
  const std::size_t s2 = out.size();
  for (std::size_t i = s0; i < s1; ++i) out[i].neg |= 1u << x;
  for (std::size_t i = s1; i < s2; ++i) out[i].pos |= 1u << x;
  for (std::uint32_t i = 0; i < W; ++i) {
    Lr.w[i] = (L0.w[i] & ~C0.w[i]) | (L1.w[i] & ~C1.w[i]);
    Ur.w[i] = U0.w[i] & U1.w[i];
  }
  isop_rec(Lr, Ur, nvars, v - 1, out, Cr);
  tt var;
  tt_var(var, x, nvars);
  for (std::uint32_t i = 0; i < W; ++i)
    res.w[i] = Cr.w[i] | (C0.w[i] & ~var[i]) | (C1.w[i] & var[i]);
}
}  // namespace

std::vector<cube> isop(const tt& f, unsigned nvars) {
  std::vector<cube> out;
  auto F = std::make_unique<ftt>();
  F->n = static_cast<std::uint32_t>(f.size());
  std::copy(f.begin(), f.end(), F->w);
  auto R = std::make_unique<ftt>();
  isop_rec(*F, *F, nvars, static_cast<int>(nvars) - 1, out, *R);
  return out;
}

// ---- builder: dry run (cost) or real construction ----------------------------------------
class builder {
 public:
  builder(graph& g, bool dry, const std::vector<std::uint32_t>* mffc_mark, std::uint32_t stamp,
          node_t root)
      : g_(g), dry_(dry), mark_(mffc_mark), stamp_(stamp), root_(root) {}

  static constexpr lit_t pseudo_base = 0x80000000u;

  std::uint32_t level(lit_t l) const {
    if (l >= pseudo_base) return pseudo_level_[(l - pseudo_base) >> 1];
    return g_.level(lit_node(l));
  }

  lit_t and2(lit_t a, lit_t b) {
    if (!dry_) return g_.create_and(a, b);
    if (a < b) std::swap(a, b);
    if (b == lit_false) return lit_false;
    if (b == lit_true) return a;
    if (a == b) return a;
    if (a == lit_not(b)) return lit_false;
    if (a < pseudo_base && b < pseudo_base) {
      const lit_t r = g_.lookup_and(a, b);
      if (r != no_lit) {
        const node_t rn = lit_node(r);
        if (rn == root_) cycle_ = true;
        if (mark_ && rn < mark_->size() && (*mark_)[rn] == stamp_ && !used_mffc(rn)) ++cost_;
        return r;
      }
    }
    const std::uint64_t key = (static_cast<std::uint64_t>(a) << 32) | b;
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    ++cost_;
    const lit_t r = pseudo_base + 2 * static_cast<lit_t>(pseudo_level_.size());
    pseudo_level_.push_back(1 + std::max(level(a), level(b)));
    memo_.emplace(key, r);
    return r;
  }
  lit_t or2(lit_t a, lit_t b) { return lit_not(and2(lit_not(a), lit_not(b))); }

  // balanced AND of many literals (lowest levels first)
  lit_t and_many(std::vector<lit_t> v) {
    if (v.empty()) return lit_true;
    while (v.size() > 1) {
      // first reuse a pair whose AND already exists outside the MFFC (DAG-aware sharing)
      bool merged = false;
      for (std::size_t i = 0; i < v.size() && !merged; ++i)
        for (std::size_t j = i + 1; j < v.size() && !merged; ++j) {
          if (v[i] >= pseudo_base || v[j] >= pseudo_base) continue;
          const lit_t r = g_.lookup_and(v[i], v[j]);
          if (r == no_lit || r == lit_false) continue;
          const node_t rn = lit_node(r);
          if (rn == root_ || (mark_ && rn < mark_->size() && (*mark_)[rn] == stamp_)) continue;
          const lit_t x = and2(v[i], v[j]);
          v.erase(v.begin() + static_cast<std::ptrdiff_t>(j));
          v[i] = x;
          merged = true;
        }
      if (merged) continue;
      std::sort(v.begin(), v.end(), [&](lit_t x, lit_t y) { return level(x) > level(y); });
      const lit_t a = v.back();
      v.pop_back();
      const lit_t b = v.back();
      v.pop_back();
      v.push_back(and2(a, b));
    }
    return v[0];
  }
  lit_t or_many(std::vector<lit_t> v) {
    for (auto& x : v) x = lit_not(x);
    return lit_not(and_many(std::move(v)));
  }

  int cost() const { return cost_; }
  bool cycle() const { return cycle_; }

 private:
  bool used_mffc(node_t n) {
    if (std::find(used_.begin(), used_.end(), n) != used_.end()) return true;
    used_.push_back(n);
    return false;
  }
  graph& g_;
  bool dry_;
  const std::vector<std::uint32_t>* mark_;
  std::uint32_t stamp_;
  node_t root_;
  int cost_ = 0;
  bool cycle_ = false;
  std::vector<std::uint32_t> pseudo_level_;
  std::unordered_map<std::uint64_t, lit_t> memo_;
  std::vector<node_t> used_;
};

namespace {
// algebraic factoring by the most frequent literal
lit_t factor(builder& b, std::vector<cube> cubes, const std::vector<lit_t>& leaf_lits) {
  if (cubes.empty()) return lit_false;
  auto cube_lit = [&](const cube& c) {
    std::vector<lit_t> v;
    for (std::size_t i = 0; i < leaf_lits.size(); ++i) {
      if (c.pos >> i & 1u) v.push_back(leaf_lits[i]);
      if (c.neg >> i & 1u) v.push_back(lit_not(leaf_lits[i]));
    }
    return b.and_many(v);
  };
  for (const auto& c : cubes)
    if (c.pos == 0 && c.neg == 0) return lit_true;
  if (cubes.size() == 1) return cube_lit(cubes[0]);
  // most frequent literal
  int best = -1;
  unsigned best_count = 1;
  for (std::size_t i = 0; i < 2 * leaf_lits.size(); ++i) {
    unsigned cnt = 0;
    const std::uint32_t bit = 1u << (i / 2);
    for (const auto& c : cubes) cnt += ((i & 1) ? (c.neg & bit) : (c.pos & bit)) ? 1 : 0;
    if (cnt > best_count) {
      best_count = cnt;
      best = static_cast<int>(i);
    }
  }
  if (best < 0) {
    std::vector<lit_t> terms;
    for (const auto& c : cubes) terms.push_back(cube_lit(c));
    return b.or_many(terms);
  }
  const std::uint32_t bit = 1u << (best / 2);
  const bool negl = (best & 1) != 0;
  std::vector<cube> q, r;
  for (auto c : cubes) {
    if (negl ? (c.neg & bit) : (c.pos & bit)) {
      (negl ? c.neg : c.pos) &= ~bit;
      q.push_back(c);
    } else {
      r.push_back(c);
    }
  }
  const lit_t l = lit_not_cond(leaf_lits[static_cast<std::size_t>(best / 2)], negl);
  const lit_t t = b.and2(l, factor(b, q, leaf_lits));
  if (r.empty()) return t;
  return b.or2(t, factor(b, r, leaf_lits));
}
}  // namespace

lit_t build_sop(builder& b, const std::vector<cube>& cubes, const std::vector<lit_t>& leaf_lits,
                bool complement) {
  return lit_not_cond(factor(b, cubes, leaf_lits), complement);
}

}  // namespace detail

graph refactor(const graph& input, const refactor_options& opt) {
  using namespace detail;
  if (opt.max_leaves < 2 || opt.max_leaves > 12)
    throw dsegym::invalid_argument("aig", "refactor: max_leaves (-N) = " + std::to_string(opt.max_leaves) +
                                      " outside [2, 12]");
  graph g = input.cleanup();
  g.enable_fanouts();
  const auto req = required_levels(g);
  std::vector<std::uint32_t> mark, mffc_mark;
  std::uint32_t stamp = 0, mstamp = 0;
  std::vector<node_t> mffc;
  tt f;
  const node_t end = g.size();
  for (node_t n = g.num_pis() + 1; n < end; ++n) {
    if (!g.is_and(n)) continue;
    const auto leaves = reconvergence_cut(g, n, opt.max_leaves, mark, stamp);
    if (leaves.size() < 2) continue;
    const auto nv = static_cast<unsigned>(leaves.size());
    if (!cone_tt(g, n, leaves, nv, f, nullptr, 500)) continue;
    const int mffc_n = static_cast<int>(g.mffc_nodes(n, leaves, mffc));
    if (mffc_n < 2 && !opt.zero_cost) continue;
    if (mffc_mark.size() < g.size()) mffc_mark.resize(g.size(), 0);
    ++mstamp;
    for (node_t m : mffc) mffc_mark[m] = mstamp;
    // mask unused bits for < 6 variables
    if (nv < 6) f[0] &= (1ULL << (1u << nv)) - 1;
    tt nf(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) nf[i] = ~f[i];
    if (nv < 6) nf[0] &= (1ULL << (1u << nv)) - 1;
    std::vector<lit_t> leaf_lits;
    for (node_t l : leaves) leaf_lits.push_back(make_lit(l));
    const auto c1 = isop(f, nv), c0 = isop(nf, nv);
    const std::uint32_t required = opt.preserve_levels ? req[n] : no_level;
    int best_cost = 1 << 30;
    int best_which = -1;
    for (int which = 0; which < 2; ++which) {
      const auto& cubes = which == 0 ? c1 : c0;
      if (cubes.size() > 64) continue;
      builder b(g, true, &mffc_mark, mstamp, n);
      const lit_t r = build_sop(b, cubes, leaf_lits, which == 1);
      if (b.cycle()) continue;
      if (r < builder::pseudo_base && lit_node(r) == n) continue;
      if (b.level(r) > required) continue;
      if (b.cost() < best_cost) {
        best_cost = b.cost();
        best_which = which;
      }
    }
    if (best_which < 0) continue;
    const int gain = mffc_n - best_cost;
    if (gain < (opt.zero_cost ? 0 : 1)) continue;
    builder b(g, false, nullptr, 0, n);
    const lit_t r = build_sop(b, best_which == 0 ? c1 : c0, leaf_lits, best_which == 1);
    if (lit_node(r) == n) continue;
    if (opt.preserve_levels && g.level(lit_node(r)) > req[n]) {
      g.delete_if_dangling(lit_node(r));
      continue;
    }
    g.replace(n, r);
  }
  return g.cleanup();
}

}  // namespace dsegym::sim::aig

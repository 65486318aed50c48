// K-LUT mapping with priority cuts (spec §2.7): depth-optimal choice, then area flow and exact
// area recovery under the depth target.
#include <algorithm>
#include <array>
#include <limits>
#include <string>
#include <vector>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/aig/mapping.hpp"
#include "detail.hpp"

namespace dsegym::sim::aig {

namespace {

constexpr unsigned max_k = 8;
struct cut {
  std::uint8_t size = 0;
  std::array<node_t, max_k> leaves{};
  std::uint64_t sign = 0;
  std::uint32_t arrival = 0;
  float flow = 0;
};

bool merge_cuts(const cut& a, const cut& b, unsigned k, cut& r) {
  if (static_cast<unsigned>(__builtin_popcountll(a.sign | b.sign)) > k) return false;
  std::size_t i = 0, j = 0;
  r.size = 0;
  while (i < a.size || j < b.size) {
    node_t x;
    if (j >= b.size || (i < a.size && a.leaves[i] < b.leaves[j])) x = a.leaves[i++];
    else if (i >= a.size || b.leaves[j] < a.leaves[i]) x = b.leaves[j++];
    else {
      x = a.leaves[i];
      ++i;
      ++j;
    }
    if (r.size == k) return false;
    r.leaves[r.size++] = x;
  }
  r.sign = a.sign | b.sign;
  return true;
}
bool subset(const cut& s, const cut& b) {
  if ((s.sign & b.sign) != s.sign || s.size > b.size) return false;
  std::size_t j = 0;
  for (std::size_t i = 0; i < s.size; ++i) {
    while (j < b.size && b.leaves[j] < s.leaves[i]) ++j;
    if (j == b.size || b.leaves[j] != s.leaves[i]) return false;
  }
  return true;
}

/// Appends the candidates (best first) that no cut already kept dominates, up to `limit` cuts.
void keep_undominated(const std::vector<cut>& cand, std::vector<cut>& out, std::size_t limit) {
  for (const auto& c : cand) {
    if (std::none_of(out.begin(), out.end(), [&](const cut& k) { return subset(k, c); })) out.push_back(c);
    if (out.size() >= limit) break;
  }
}

class lut_mapper {
 public:
  lut_mapper(const graph& g, const lut_options& o, bool small_first) : g_(g), o_(o), small_first_(small_first) {}

  lut_result run(std::vector<detail::lut_cover_entry>* cover) {
    const std::uint32_t N = g_.size();
    cuts_.assign(N, {});
    best_.assign(N, 0);
    arr_.assign(N, 0);
    flow_.assign(N, 0);
    fanouts_.assign(N, 0);
    for (node_t n = g_.num_pis() + 1; n < N; ++n) {
      ++fanouts_[lit_node(g_.fanin0(n))];
      ++fanouts_[lit_node(g_.fanin1(n))];
    }
    for (lit_t p : g_.pos()) ++fanouts_[lit_node(p)];
    est_.assign(fanouts_.begin(), fanouts_.end());
    cover_refs_ = fanouts_;
    // pass 1: cuts + depth-optimal choice
    for (node_t n = g_.num_pis() + 1; n < N; ++n) enumerate(n);
    target_ = 0;
    for (lit_t p : g_.pos()) target_ = std::max(target_, arr_[lit_node(p)]);
    label_ = arr_;  // depth-optimal labels
    // area flow passes: cut sets are recomputed with area-oriented priority (the current best
    // cut is always kept, so the depth target stays reachable)
    for (unsigned pass = 0; pass < o_.area_flow_passes; ++pass) {
      compute_required();
      estimate_references();
      for (node_t n = g_.num_pis() + 1; n < N; ++n) enumerate_area(n);
    }
    // exact area passes
    for (unsigned pass = 0; pass < o_.exact_area_passes; ++pass) {
      compute_required();
      refs_.assign(N, 0);
      for (lit_t p : g_.pos()) reference(lit_node(p));
      for (node_t n = g_.num_pis() + 1; n < N; ++n) choose(n, true);
    }
    // final cover
    lut_result r;
    std::vector<std::uint8_t> used(N, 0);
    std::vector<node_t> stack;
    for (lit_t p : g_.pos()) {
      r.depth = std::max(r.depth, arr_[lit_node(p)]);
      stack.push_back(lit_node(p));
    }
    while (!stack.empty()) {
      const node_t n = stack.back();
      stack.pop_back();
      if (!g_.is_and(n) || used[n]) continue;
      used[n] = 1;
      ++r.luts;
      const cut& c = cuts_[n][best_[n]];
      r.edges += c.size;
      if (cover) cover->push_back({n, std::vector<node_t>(c.leaves.begin(), c.leaves.begin() + c.size)});
      for (std::size_t i = 0; i < c.size; ++i) stack.push_back(c.leaves[i]);
    }
    return r;
  }

 private:
  std::uint32_t cut_arrival(const cut& c) const {
    std::uint32_t a = 0;
    for (std::size_t i = 0; i < c.size; ++i) a = std::max(a, arr_[c.leaves[i]]);
    return a + 1;
  }
  float cut_flow(const cut& c) const {
    float f = 1;
    for (std::size_t i = 0; i < c.size; ++i)
      // a leaf no LUT of the current cover uses pays its whole flow, a used one a share of it
      f += cover_refs_[c.leaves[i]] == 0 ? flow_[c.leaves[i]] : flow_[c.leaves[i]] / std::max(1.0f, est_[c.leaves[i]]);
    return f;
  }
  cut trivial(node_t n) const {
    cut t;
    t.size = 1;
    t.leaves[0] = n;
    t.sign = 1ULL << (n % 64);
    return t;
  }
  void enumerate(node_t n) {
    const node_t a = lit_node(g_.fanin0(n)), b = lit_node(g_.fanin1(n));
    std::vector<cut> ca = g_.is_and(a) ? cuts_[a] : std::vector<cut>{};
    std::vector<cut> cb = g_.is_and(b) ? cuts_[b] : std::vector<cut>{};
    ca.push_back(trivial(a));
    cb.push_back(trivial(b));
    std::vector<cut> cand;
    for (const auto& x : ca)
      for (const auto& y : cb) {
        cut r;
        if (!merge_cuts(x, y, o_.k, r)) continue;
        r.arrival = cut_arrival(r);
        r.flow = cut_flow(r);
        cand.push_back(r);
      }
    // depth first; among equally deep cuts the smaller ones (they merge into more cuts above),
    // then area flow
    const bool small_first = small_first_;
    std::stable_sort(cand.begin(), cand.end(), [small_first](const cut& x, const cut& y) {
      if (x.arrival != y.arrival) return x.arrival < y.arrival;
      if (small_first && x.size != y.size) return x.size < y.size;
      if (x.flow != y.flow) return x.flow < y.flow;
      return x.size < y.size;
    });
    auto& out = cuts_[n];
    keep_undominated(cand, out, o_.cuts_per_node);
    best_[n] = 0;
    arr_[n] = out[0].arrival;
    flow_[n] = out[0].flow;
  }
  void enumerate_area(node_t n) {
    const node_t a = lit_node(g_.fanin0(n)), b = lit_node(g_.fanin1(n));
    std::vector<cut> ca = g_.is_and(a) ? cuts_[a] : std::vector<cut>{};
    std::vector<cut> cb = g_.is_and(b) ? cuts_[b] : std::vector<cut>{};
    ca.push_back(trivial(a));
    cb.push_back(trivial(b));
    std::vector<cut> cand;
    cut old = cuts_[n][best_[n]];
    old.arrival = cut_arrival(old);
    old.flow = cut_flow(old);
    cand.push_back(old);
    for (const auto& x : ca)
      for (const auto& y : cb) {
        cut r;
        if (!merge_cuts(x, y, o_.k, r)) continue;
        r.arrival = cut_arrival(r);
        r.flow = cut_flow(r);
        cand.push_back(r);
      }
    const std::uint32_t req = req_[n];
    std::stable_sort(cand.begin(), cand.end(), [req](const cut& x, const cut& y) {
      const bool fx = x.arrival <= req, fy = y.arrival <= req;
      if (fx != fy) return fx;
      if (!fx) return x.arrival < y.arrival;
      if (x.flow != y.flow) return x.flow < y.flow;
      if (x.arrival != y.arrival) return x.arrival < y.arrival;
      return x.size < y.size;
    });
    auto& out = cuts_[n];
    out.clear();
    keep_undominated(cand, out, o_.cuts_per_node);
    // the fastest cut stays available for later passes
    std::size_t fastest = 0;
    for (std::size_t i = 1; i < cand.size(); ++i)
      if (cand[i].arrival < cand[fastest].arrival) fastest = i;
    if (cand[fastest].arrival < out[0].arrival) {
      bool present = false;
      for (const auto& k : out) present = present || (k.size == cand[fastest].size && k.leaves == cand[fastest].leaves);
      if (!present) out.push_back(cand[fastest]);
    }
    best_[n] = 0;
    arr_[n] = out[0].arrival;
    flow_[n] = out[0].flow;
  }
  // fanout estimate for area flow: blend of the AIG fanout and the references in the current cover
  void estimate_references() {
    const std::uint32_t N = g_.size();
    std::vector<std::uint32_t> r(N, 0);
    std::vector<std::uint8_t> in_cover(N, 0);
    for (lit_t p : g_.pos()) {
      ++r[lit_node(p)];
      in_cover[lit_node(p)] = 1;
    }
    for (node_t n = N; n-- > g_.num_pis() + 1;) {
      if (!in_cover[n]) continue;
      const cut& c = cuts_[n][best_[n]];
      for (std::size_t i = 0; i < c.size; ++i) {
        ++r[c.leaves[i]];
        in_cover[c.leaves[i]] = 1;
      }
    }
    for (node_t n = 0; n < N; ++n) est_[n] = (2.0f * est_[n] + static_cast<float>(r[n])) / 3.0f;
    for (node_t n = 0; n <= g_.num_pis(); ++n) r[n] = std::max<std::uint32_t>(r[n], 1);  // PIs/const cost nothing
    cover_refs_ = std::move(r);
  }
  // Required times: cover nodes from the depth target back through the cover; every other node
  // keeps its depth-optimal label as its bound, so cuts through it stay as fast as in the depth
  // pass and a node may join the cover later without breaking the target.
  void compute_required() {
    const std::uint32_t N = g_.size();
    req_.assign(N, std::numeric_limits<std::uint32_t>::max());
    for (lit_t p : g_.pos()) req_[lit_node(p)] = target_;
    std::vector<std::uint8_t> in_cover(N, 0);
    for (lit_t p : g_.pos()) in_cover[lit_node(p)] = 1;
    for (node_t n = N; n-- > g_.num_pis() + 1;) {
      if (!in_cover[n]) continue;
      const cut& c = cuts_[n][best_[n]];
      for (std::size_t i = 0; i < c.size; ++i) {
        const node_t l = c.leaves[i];
        in_cover[l] = 1;
        req_[l] = std::min(req_[l], req_[n] - 1);
      }
    }
    for (node_t n = g_.num_pis() + 1; n < N; ++n)
      if (!in_cover[n]) req_[n] = label_[n];
  }

  // exact area: LUTs that become needed when the cut is referenced
  std::uint32_t reference(node_t n) {
    if (!g_.is_and(n)) return 0;
    if (refs_[n]++ > 0) return 0;
    std::uint32_t a = 1;
    const cut& c = cuts_[n][best_[n]];
    for (std::size_t i = 0; i < c.size; ++i) a += reference(c.leaves[i]);
    return a;
  }
  std::uint32_t dereference(node_t n) {
    if (!g_.is_and(n)) return 0;
    if (--refs_[n] > 0) return 0;
    std::uint32_t a = 1;
    const cut& c = cuts_[n][best_[n]];
    for (std::size_t i = 0; i < c.size; ++i) a += dereference(c.leaves[i]);
    return a;
  }
  std::uint32_t cut_exact_area(const cut& c) {
    std::uint32_t a = 1;
    for (std::size_t i = 0; i < c.size; ++i) a += reference(c.leaves[i]);
    for (std::size_t i = 0; i < c.size; ++i) (void)dereference(c.leaves[i]);
    return a;
  }
  void choose(node_t n, bool exact) {
    auto& cs = cuts_[n];
    const std::uint32_t req = req_[n];
    const bool mapped = exact && refs_[n] > 0;
    if (mapped) {
      const cut& old = cs[best_[n]];
      for (std::size_t i = 0; i < old.size; ++i) (void)dereference(old.leaves[i]);
    }
    std::size_t bi = best_[n];
    float bval = std::numeric_limits<float>::max();
    std::uint32_t barr = std::numeric_limits<std::uint32_t>::max();
    for (std::size_t i = 0; i < cs.size(); ++i) {
      cs[i].arrival = cut_arrival(cs[i]);
      if (cs[i].arrival > req) continue;
      const float v = exact ? static_cast<float>(cut_exact_area(cs[i])) : cut_flow(cs[i]);
      if (v < bval || (v == bval && cs[i].arrival < barr)) {
        bval = v;
        barr = cs[i].arrival;
        bi = i;
      }
    }
    if (bval == std::numeric_limits<float>::max()) {  // no cut meets req: keep fastest
      for (std::size_t i = 0; i < cs.size(); ++i)
        if (cs[i].arrival < cs[bi].arrival) bi = i;
    }
    best_[n] = static_cast<std::uint32_t>(bi);
    arr_[n] = cs[bi].arrival;
    flow_[n] = cut_flow(cs[bi]);
    if (mapped) {
      const cut& c = cs[bi];
      for (std::size_t i = 0; i < c.size; ++i) (void)reference(c.leaves[i]);
    }
  }

  const graph& g_;
  lut_options o_;
  std::vector<std::vector<cut>> cuts_;
  std::vector<std::uint32_t> best_, arr_, fanouts_, req_, refs_, cover_refs_, label_;
  std::vector<float> flow_, est_;
  std::uint32_t target_ = 0;
  bool small_first_ = true;
};

}  // namespace

lut_result detail::map_luts_cover(const graph& g, const lut_options& opt, std::vector<lut_cover_entry>* cover) {
  if (opt.k < 2 || opt.k > max_k)
    throw invalid_argument("aig", "map_luts: k = " + std::to_string(opt.k) + " outside [2, 8]");
  if (opt.cuts_per_node < 1 || opt.cuts_per_node > 64)
    throw invalid_argument("aig", "map_luts: cuts_per_node = " +
                                      std::to_string(opt.cuts_per_node) + " outside [1, 64]");
  // Two depth passes that break ties between equally deep cuts differently: fewer leaves first
  // (finds the smallest depth more often) or area flow first (a cover that area recovery improves
  // more, e.g. on multiplexer trees). The smaller cover wins among those of the smallest depth.
  std::vector<lut_cover_entry> c1, c2;
  const lut_result r1 = lut_mapper(g, opt, true).run(cover ? &c1 : nullptr);
  const lut_result r2 = lut_mapper(g, opt, false).run(cover ? &c2 : nullptr);
  const bool second = r2.depth < r1.depth || (r2.depth == r1.depth && r2.luts < r1.luts);
  if (cover) *cover = std::move(second ? c2 : c1);
  return second ? r2 : r1;
}

lut_result map_luts(const graph& input, const lut_options& opt) {
  return detail::map_luts_cover(input.cleanup(), opt, nullptr);
}

}  // namespace dsegym::sim::aig

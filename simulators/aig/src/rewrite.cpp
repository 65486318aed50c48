// rewrite (spec §2.4): 4-input cuts, NPN classification, library structures, DAG-aware gain.
#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "detail.hpp"
#include "dsegym/sim/aig/transforms.hpp"
#include "dsegym/sim/aig/npn.hpp"

namespace dsegym::sim::aig {

namespace {

struct lib_entry {
  std::uint16_t tt;
  std::uint8_t num_nodes;
  std::uint8_t out;
  std::uint8_t nodes[32];
};
constexpr lib_entry k_library[] = {
#include "rewrite_library.inc"
};

/// The 4-input truth table of `rep` with its inputs permuted by `pm` and negated by the bits of `neg`.
std::uint16_t permuted_truth_table(std::uint16_t rep, const std::array<std::uint8_t, 4>& pm, unsigned neg) {
  std::uint16_t r = 0;
  for (unsigned x = 0; x < 16; ++x) {
    unsigned y = 0;
    for (int i = 0; i < 4; ++i) y |= (((x >> pm[i]) ^ (neg >> i)) & 1u) << i;
    if ((rep >> y) & 1u) r |= static_cast<std::uint16_t>(1u << x);
  }
  return r;
}

/// Every NPN transform that maps f's class representative onto f: each places the class's
/// structure on the cut leaves differently (for symmetric functions, different pairings of the
/// leaves, some of which reuse nodes that already exist). Computed once per function, at most
/// `max_embeddings` distinct leaf assignments.
constexpr std::size_t max_embeddings = 24;
const std::vector<npn_transform>& embeddings(std::uint16_t f) {
  thread_local std::vector<std::vector<npn_transform>> cache(65536);
  thread_local std::vector<std::uint8_t> done(65536, 0);
  auto& out = cache[f];
  if (done[f]) return out;
  done[f] = 1;
  const npn_transform& base = npn_of(f);
  out.push_back(base);
  const std::uint16_t rep = k_library[base.cls].tt;
  std::array<std::uint8_t, 4> pm{0, 1, 2, 3};
  // leaf-literal signature of a transform: (source leaf, negation) per structure input, out_neg
  auto signature = [](const npn_transform& t) {
    unsigned sgn = t.out_neg ? 1u : 0u;
    for (int i = 0; i < 4; ++i) sgn = sgn * 16 + t.perm[i] * 2 + ((t.neg >> i) & 1u);
    return sgn;
  };
  std::vector<unsigned> seen{signature(base)};
  do {
    for (unsigned neg = 0; neg < 16; ++neg) {
      const std::uint16_t r = permuted_truth_table(rep, pm, neg);
      for (int o = 0; o < 2; ++o) {
        const std::uint16_t v = o ? static_cast<std::uint16_t>(~r) : r;
        if (v != f) continue;
        const npn_transform t{base.cls, pm, static_cast<std::uint8_t>(neg), o != 0};
        const unsigned sg = signature(t);
        if (std::find(seen.begin(), seen.end(), sg) != seen.end()) continue;
        seen.push_back(sg);
        if (out.size() < max_embeddings) out.push_back(t);
      }
    }
  } while (std::next_permutation(pm.begin(), pm.end()));
  return out;
}

struct cut4 {
  std::uint8_t size = 0;
  std::array<node_t, 4> leaves{};
  std::uint64_t sign = 0;
};

std::uint64_t sig(node_t n) { return 1ULL << (n % 64); }

bool merge(const cut4& a, const cut4& b, cut4& r) {
  if (__builtin_popcountll(a.sign | b.sign) > 4) return false;
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
    if (r.size == 4) return false;
    r.leaves[r.size++] = x;
  }
  r.sign = a.sign | b.sign;
  return true;
}

bool dominates(const cut4& small, const cut4& big) {  // small subset of big
  if ((small.sign & big.sign) != small.sign || small.size > big.size) return false;
  for (std::size_t i = 0; i < small.size; ++i)
    if (std::find(big.leaves.begin(), big.leaves.begin() + big.size, small.leaves[i]) ==
        big.leaves.begin() + big.size)
      return false;
  return true;
}

class rewriter {
 public:
  rewriter(graph& g, const rewrite_options& o) : g_(g), opt_(o) {}

  void run() {
    g_.enable_fanouts();
    req_ = detail::required_levels(g_);
    const node_t end = g_.size();
    for (node_t n = g_.num_pis() + 1; n < end; ++n) {
      if (!g_.is_and(n)) continue;
      process(n);
    }
  }

 private:
  const std::vector<cut4>& cuts(node_t n) {
    if (cuts_.size() < g_.size()) cuts_.resize(g_.size());
    auto& c = cuts_[n];
    if (!c.empty()) return c;
    cut4 triv;
    triv.size = 1;
    triv.leaves[0] = n;
    triv.sign = sig(n);
    std::vector<cut4> res{triv};
    if (g_.is_and(n)) {
      const node_t a = lit_node(g_.fanin0(n)), b = lit_node(g_.fanin1(n));
      const std::vector<cut4> ca = cuts(a);  // copies: recursion may resize cuts_
      const std::vector<cut4> cb = cuts(b);
      std::vector<cut4> cand;
      for (const auto& x : ca)
        for (const auto& y : cb) {
          cut4 r;
          if (merge(x, y, r)) cand.push_back(r);
        }
      // priority: fewer leaves first, then cuts whose leaves are shared (more references: the
      // replacement is more likely to reuse existing logic), then shallower leaves
      auto shared = [&](const cut4& c) {
        unsigned s = 0;
        for (std::size_t i = 0; i < c.size; ++i) s += g_.refs(c.leaves[i]) > 1 ? 1u : 0u;
        return s;
      };
      auto depth = [&](const cut4& c) {
        std::uint32_t d = 0;
        for (std::size_t i = 0; i < c.size; ++i) d += g_.level(c.leaves[i]);
        return d;
      };
      std::stable_sort(cand.begin(), cand.end(), [&](const cut4& x, const cut4& y) {
        if (x.size != y.size) return x.size < y.size;
        const unsigned sx = shared(x), sy = shared(y);
        if (sx != sy) return sx > sy;
        return depth(x) < depth(y);
      });
      for (const auto& r : cand) {
        bool dom = false;
        for (const auto& k : res)
          if (dominates(k, r)) {
            dom = true;
            break;
          }
        if (!dom) res.push_back(r);
        if (res.size() >= opt_.cuts_per_node + 1u) break;
      }
    }
    cuts_[n] = std::move(res);
    return cuts_[n];
  }

  void process(node_t n) {
    const std::vector<cut4> cs = cuts(n);
    const std::uint32_t required = n < req_.size() ? req_[n] : detail::no_level;
    int best_gain = opt_.zero_cost ? 0 : 1;
    bool found = false;
    std::vector<lit_t> best_leaves;
    npn_transform best_m{};
    std::vector<node_t> leaves, mffc;
    std::vector<std::uint64_t> tt;
    if (mark_.size() < g_.size()) mark_.resize(g_.size(), 0);
    for (const auto& c : cs) {
      if (c.size < 2) continue;
      leaves.assign(c.leaves.begin(), c.leaves.begin() + c.size);
      if (!detail::cone_tt(g_, n, leaves, 4, tt, nullptr, 64)) continue;
      const auto f = static_cast<std::uint16_t>(tt[0] & 0xFFFF);
      const int mffc_n = static_cast<int>(g_.mffc_nodes(n, leaves, mffc));
      if (mffc_n - 0 < best_gain) continue;  // cannot beat (cost >= 0)
      ++stamp_;
      if (mark_.size() < g_.size()) mark_.resize(g_.size(), 0);
      for (node_t m : mffc) mark_[m] = stamp_;
      std::vector<lit_t> in(4, lit_false);
      for (std::size_t i = 0; i < leaves.size(); ++i) in[i] = make_lit(leaves[i]);
      for (const npn_transform& m : embeddings(f)) {
        const int cost = evaluate(n, m, in, required);
        if (cost < 0) continue;
        const int gain = mffc_n - cost;
        if (gain > best_gain || (gain == best_gain && !found)) {
          best_gain = gain;
          found = true;
          best_leaves = in;
          best_m = m;
        }
      }
    }
    if (!found) return;
    const lit_t r = build(best_m, best_leaves);
    if (lit_node(r) == n) return;
    if (g_.is_and(lit_node(r)) && g_.level(lit_node(r)) > required) {
      g_.delete_if_dangling(lit_node(r));
      return;
    }
    g_.replace(n, r);
  }

  // Cost (new nodes) of the library structure for f over `in`, or -1 when not acceptable.
  int evaluate(node_t n, const npn_transform& m, const std::vector<lit_t>& in, std::uint32_t required) {
    const lib_entry& e = k_library[m.cls];
    // node literals: known literal or no_lit (new)
    lit_t lits[40];
    std::uint32_t levels[40];
    lits[0] = lit_false;
    lits[1] = lit_true;
    levels[0] = levels[1] = 0;
    for (int i = 0; i < 4; ++i) {
      const lit_t l = lit_not_cond(in[m.perm[i]], (m.neg >> i) & 1);
      lits[2 * (i + 1)] = l;
      lits[2 * (i + 1) + 1] = lit_not(l);
      levels[2 * (i + 1)] = levels[2 * (i + 1) + 1] = g_.level(lit_node(l));
    }
    int cost = 0;
    for (int k = 0; k < e.num_nodes; ++k) {
      const int la = e.nodes[2 * k], lb = e.nodes[2 * k + 1];
      const lit_t a = lits[la & ~1] == no_lit ? no_lit : lit_not_cond(lits[la & ~1], la & 1);
      const lit_t b = lits[lb & ~1] == no_lit ? no_lit : lit_not_cond(lits[lb & ~1], lb & 1);
      const std::uint32_t lv = 1 + std::max(levels[la & ~1], levels[lb & ~1]);
      lit_t r = no_lit;
      if (a != no_lit && b != no_lit) r = g_.lookup_and(a, b);
      const int slot = 2 * (5 + k);
      if (r != no_lit) {
        const node_t rn = lit_node(r);
        if (rn == n && k + 1 != e.num_nodes) return -1;  // would create a cycle through n
        if (rn < mark_.size() && mark_[rn] == stamp_) ++cost;
        lits[slot] = r;
        levels[slot] = g_.level(rn);
      } else {
        ++cost;
        lits[slot] = no_lit;
        levels[slot] = lv;
      }
      lits[slot + 1] = lits[slot] == no_lit ? no_lit : lit_not(lits[slot]);
      levels[slot + 1] = levels[slot];
    }
    const int o = e.out;
    if (opt_.preserve_levels && levels[o & ~1] > required) return -1;
    if (lits[o & ~1] != no_lit && lit_node(lits[o & ~1]) == n) return -1;  // no change
    return cost;
  }

  lit_t build(const npn_transform& m, const std::vector<lit_t>& in) {
    const lib_entry& e = k_library[m.cls];
    lit_t lits[40];
    lits[0] = lit_false;
    lits[1] = lit_true;
    for (int i = 0; i < 4; ++i) {
      const lit_t l = lit_not_cond(in[m.perm[i]], (m.neg >> i) & 1);
      lits[2 * (i + 1)] = l;
      lits[2 * (i + 1) + 1] = lit_not(l);
    }
    for (int k = 0; k < e.num_nodes; ++k) {
      const int la = e.nodes[2 * k], lb = e.nodes[2 * k + 1];
      const lit_t r = g_.create_and(lits[la], lits[lb]);
      lits[2 * (5 + k)] = r;
      lits[2 * (5 + k) + 1] = lit_not(r);
    }
    return lit_not_cond(lits[e.out], m.out_neg);
  }

  graph& g_;
  rewrite_options opt_;
  std::vector<std::uint32_t> req_;
  std::vector<std::vector<cut4>> cuts_;
  std::vector<std::uint32_t> mark_;
  std::uint32_t stamp_ = 0;
};

}  // namespace

const npn_transform& npn_of(std::uint16_t f) {
  static const std::vector<npn_transform> table = [] {
    std::vector<npn_transform> t(65536);
    std::vector<std::uint8_t> set(65536, 0);
    std::array<std::uint8_t, 4> p{0, 1, 2, 3};
    std::vector<std::array<std::uint8_t, 4>> perms;
    do perms.push_back(p);
    while (std::next_permutation(p.begin(), p.end()));
    const std::size_t nclasses = sizeof(k_library) / sizeof(k_library[0]);
    for (std::size_t c = 0; c < nclasses; ++c) {
      const std::uint16_t rep = k_library[c].tt;
      for (const auto& pm : perms)
        for (unsigned neg = 0; neg < 16; ++neg) {
          const std::uint16_t r = permuted_truth_table(rep, pm, neg);
          for (int o = 0; o < 2; ++o) {
            const std::uint16_t v = o ? static_cast<std::uint16_t>(~r) : r;
            if (set[v]) continue;
            set[v] = 1;
            t[v] = {static_cast<std::uint8_t>(c), pm, static_cast<std::uint8_t>(neg), o != 0};
          }
        }
    }
    return t;
  }();
  return table[f];
}

std::size_t npn_class_count() { return sizeof(k_library) / sizeof(k_library[0]); }
std::uint16_t npn_representative(std::size_t cls) { return k_library[cls].tt; }

graph npn_structure(std::size_t cls) {
  graph g;
  lit_t lits[40];
  lits[0] = lit_false;
  lits[1] = lit_true;
  for (int i = 0; i < 4; ++i) {
    lits[2 * (i + 1)] = g.add_pi();
    lits[2 * (i + 1) + 1] = lit_not(lits[2 * (i + 1)]);
  }
  const auto& e = k_library[cls];
  for (int k = 0; k < e.num_nodes; ++k) {
    const lit_t r = g.create_and(lits[e.nodes[2 * k]], lits[e.nodes[2 * k + 1]]);
    lits[2 * (5 + k)] = r;
    lits[2 * (5 + k) + 1] = lit_not(r);
  }
  g.add_po(lits[e.out]);
  return g;
}

graph rewrite(const graph& input, const rewrite_options& opt) {
  graph g = input.cleanup();
  rewriter(g, opt).run();
  return g.cleanup();
}

}  // namespace dsegym::sim::aig

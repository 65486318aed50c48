// resub (spec §2.6): reconvergence-driven window, divisors (window nodes outside the MFFC and
// outside nodes depending only on the leaves), exact window simulation, 0- and 1-resubstitution.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "detail.hpp"
#include "dsegym/core/error.hpp"
#include "dsegym/sim/aig/transforms.hpp"

namespace dsegym::sim::aig {

namespace detail {
std::vector<node_t> reconvergence_cut(const graph& g, node_t n, unsigned max_leaves,
                                      std::vector<std::uint32_t>& mark, std::uint32_t& stamp);
}

namespace {
constexpr std::size_t max_divisors = 150;
}

graph resub(const graph& input, const resub_options& opt) {
  using namespace detail;
  if (opt.max_leaves < 4 || opt.max_leaves > 16)
    throw dsegym::invalid_argument("aig", "resub: max_leaves (-K) = " +
                                              std::to_string(opt.max_leaves) + " outside [4, 16]");
  if (opt.max_new_nodes > 3)
    throw dsegym::invalid_argument("aig", "resub: max_new_nodes (-N) = " +
                                              std::to_string(opt.max_new_nodes) + " outside [0, 3]");
  graph g = input.cleanup();
  g.enable_fanouts();
  const auto req = required_levels(g);
  std::vector<std::uint32_t> mark, dmark, dslot, mmark;
  std::uint32_t stamp = 0, dstamp = 0;
  std::vector<node_t> mffc, cone, divs;
  std::vector<std::uint64_t> sims, tmp;
  const node_t end = g.size();
  for (node_t n = g.num_pis() + 1; n < end; ++n) {
    if (!g.is_and(n)) continue;
    const auto leaves = reconvergence_cut(g, n, opt.max_leaves, mark, stamp);
    const auto nv = static_cast<unsigned>(std::max<std::size_t>(leaves.size(), 1));
    const std::uint32_t W = tt_words(nv);
    std::vector<std::uint64_t> f;
    if (!cone_tt(g, n, leaves, nv, f, &cone, 1000)) continue;
    const int mffc_n = static_cast<int>(g.mffc_nodes(n, leaves, mffc));
    // Zero-gain resubstitutions are not applied even with -z: berkeley-abc 1.01's `resub -z` gave
    // exactly `resub`'s result on all 20 EPFL designs (spec §5.1), and taking them here made
    // recipes with `resub -z` rank differently from ABC's.
    const int need = 1;
    if (mffc_n < need) continue;
    if (dmark.size() < g.size()) {
      dmark.resize(g.size(), 0);
      dslot.resize(g.size(), 0);
      mmark.resize(g.size(), 0);
    }
    ++dstamp;
    for (node_t m : mffc) mmark[m] = dstamp;
    const std::uint32_t required = opt.preserve_levels ? req[n] : no_level;
    // divisors with their simulation tables
    divs.clear();
    sims.clear();
    auto add_div = [&](node_t d, const std::uint64_t* t) {
      dmark[d] = dstamp;
      dslot[d] = static_cast<std::uint32_t>(divs.size());
      divs.push_back(d);
      sims.insert(sims.end(), t, t + W);
    };
    const std::uint64_t full = nv < 6 ? (1ULL << (1u << nv)) - 1 : ~0ULL;
    // constant 0 is a divisor too (covers constant nodes)
    {
      std::vector<std::uint64_t> z(W, 0);
      add_div(0, z.data());
    }
    for (std::size_t i = 0; i < leaves.size(); ++i) {
      tt_var(tmp, static_cast<unsigned>(i), nv);
      if (leaves[i] != 0) add_div(leaves[i], tmp.data());
    }
    auto simulate_node = [&](node_t m) {
      const lit_t a = g.fanin0(m), b = g.fanin1(m);
      const std::uint64_t* pa = &sims[static_cast<std::size_t>(dslot[lit_node(a)]) * W];
      const std::uint64_t* pb = &sims[static_cast<std::size_t>(dslot[lit_node(b)]) * W];
      const std::uint64_t ma = lit_compl(a) ? ~0ULL : 0, mb = lit_compl(b) ? ~0ULL : 0;
      tmp.resize(W);
      for (std::uint32_t w = 0; w < W; ++w) tmp[w] = ((pa[w] ^ ma) & (pb[w] ^ mb)) & full;
    };
    // window nodes (cone of n) not in the MFFC, in topological order; MFFC nodes are simulated
    // only to feed later cone nodes, never offered as divisors
    std::vector<node_t> mffc_in_cone;
    for (node_t m : cone) {
      if (m == n) continue;
      simulate_node(m);
      add_div(m, tmp.data());
      if (mmark[m] == dstamp) mffc_in_cone.push_back(m);
    }
    // outside nodes whose fanins are both divisors (one round over fanouts)
    for (std::size_t i = 0; i < divs.size() && divs.size() < max_divisors; ++i) {
      const node_t d = divs[i];
      if (d == 0) continue;
      for (node_t fo : g.fanouts(d)) {
        if (divs.size() >= max_divisors) break;
        if (fo == n || dmark[fo] == dstamp || mmark[fo] == dstamp || !g.is_and(fo)) continue;
        if (dmark[lit_node(g.fanin0(fo))] != dstamp || dmark[lit_node(g.fanin1(fo))] != dstamp)
          continue;
        if (mmark[lit_node(g.fanin0(fo))] == dstamp || mmark[lit_node(g.fanin1(fo))] == dstamp)
          continue;
        if (g.level(fo) >= required) continue;
        simulate_node(fo);
        add_div(fo, tmp.data());
      }
    }
    auto tab = [&](std::size_t i) { return &sims[i * W]; };
    auto usable = [&](std::size_t i) {
      const node_t d = divs[i];
      return d != n && mmark[d] != dstamp;
    };
    for (auto& w : f) w &= full;
    // 0-resub
    lit_t repl = no_lit;
    for (std::size_t i = 0; i < divs.size() && repl == no_lit; ++i) {
      if (!usable(i) || g.level(divs[i]) > required) continue;
      const std::uint64_t* t = tab(i);
      bool eq = true, neq = true;
      for (std::uint32_t w = 0; w < W; ++w) {
        if (t[w] != f[w]) eq = false;
        if ((~t[w] & full) != f[w]) neq = false;
      }
      if (eq) repl = make_lit(divs[i]);
      else if (neq) repl = make_lit(divs[i], true);
    }
    if (repl != no_lit) {
      g.replace(n, repl);
      continue;
    }
    if (opt.max_new_nodes == 0 || mffc_n - 1 < need) continue;
    // 1-resub: n = l1 & l2 (both cover the onset) or n = l1 | l2 (both inside the onset)
    std::vector<std::pair<lit_t, const std::uint64_t*>> pos_c, neg_c;
    for (std::size_t i = 1; i < divs.size(); ++i) {
      if (!usable(i) || g.level(divs[i]) + 1 > required) continue;
      const std::uint64_t* t = tab(i);
      for (int c = 0; c < 2; ++c) {
        const std::uint64_t m = c ? ~0ULL : 0;
        bool covers = true, inside = true;
        for (std::uint32_t w = 0; w < W; ++w) {
          const std::uint64_t v = (t[w] ^ m) & full;
          if (f[w] & ~v) covers = false;
          if (v & ~f[w]) inside = false;
        }
        if (covers) pos_c.emplace_back(make_lit(divs[i], c != 0), t);
        if (inside) neg_c.emplace_back(make_lit(divs[i], c != 0), t);
      }
    }
    auto value = [&](lit_t l, const std::uint64_t* t, std::uint32_t w) {
      return (t[w] ^ (lit_compl(l) ? ~0ULL : 0)) & full;
    };
    lit_t a = no_lit, b = no_lit;
    bool is_or = false;
    for (std::size_t i = 0; i < pos_c.size() && a == no_lit; ++i)
      for (std::size_t j = i + 1; j < pos_c.size(); ++j) {
        bool ok = true;
        for (std::uint32_t w = 0; w < W && ok; ++w)
          ok = (value(pos_c[i].first, pos_c[i].second, w) & value(pos_c[j].first, pos_c[j].second, w)) == f[w];
        if (ok) {
          a = pos_c[i].first;
          b = pos_c[j].first;
          break;
        }
      }
    for (std::size_t i = 0; i < neg_c.size() && a == no_lit; ++i)
      for (std::size_t j = i + 1; j < neg_c.size(); ++j) {
        bool ok = true;
        for (std::uint32_t w = 0; w < W && ok; ++w)
          ok = (value(neg_c[i].first, neg_c[i].second, w) | value(neg_c[j].first, neg_c[j].second, w)) == f[w];
        if (ok) {
          a = neg_c[i].first;
          b = neg_c[j].first;
          is_or = true;
          break;
        }
      }
    if (a == no_lit) continue;
    const lit_t r = is_or ? lit_not(g.create_and(lit_not(a), lit_not(b))) : g.create_and(a, b);
    if (lit_node(r) == n) continue;
    g.replace(n, r);
  }
  return g.cleanup();
}

}  // namespace dsegym::sim::aig

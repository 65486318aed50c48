#include "dsegym/sim/aig/equivalence.hpp"

#include <algorithm>
#include <string>

#include "dsegym/core/error.hpp"
#include "dsegym/core/random.hpp"

#ifdef DSEGYM_AIG_HAVE_CADICAL
#include <cadical.hpp>
#endif

namespace dsegym::sim::aig {

namespace {
void check_interfaces(const graph& a, const graph& b) {
  if (a.num_pis() != b.num_pis() || a.num_pos() != b.num_pos())
    throw invalid_argument("aig", "equivalence check needs equal interfaces: " +
                                      std::to_string(a.num_pis()) + "/" +
                                      std::to_string(a.num_pos()) + " vs " +
                                      std::to_string(b.num_pis()) + "/" +
                                      std::to_string(b.num_pos()) + " PIs/POs");
}
}  // namespace

std::vector<std::vector<std::uint64_t>> simulate(
    const graph& g, const std::vector<std::vector<std::uint64_t>>& pi_words) {
  if (pi_words.size() != g.num_pis())
    throw invalid_argument("aig", "simulate: " + std::to_string(pi_words.size()) +
                                      " PI pattern vectors for " + std::to_string(g.num_pis()) +
                                      " PIs");
  const std::size_t W = pi_words.empty() ? 1 : pi_words[0].size();
  for (const auto& v : pi_words)
    if (v.size() != W) throw invalid_argument("aig", "simulate: PI pattern lengths differ");
  const auto order = g.topological_ands();
  // values stored per node in a flat array (only for used nodes)
  std::vector<std::uint32_t> slot(g.size(), 0);
  std::uint32_t next = 1;
  for (std::uint32_t i = 1; i <= g.num_pis(); ++i) slot[i] = next++;
  for (node_t n : order) slot[n] = next++;
  std::vector<std::uint64_t> val(static_cast<std::size_t>(next) * W, 0);
  for (std::uint32_t i = 0; i < g.num_pis(); ++i)
    std::copy(pi_words[i].begin(), pi_words[i].end(), val.begin() + slot[i + 1] * W);
  for (node_t n : order) {
    const lit_t a = g.fanin0(n), b = g.fanin1(n);
    const std::uint64_t ma = lit_compl(a) ? ~0ULL : 0, mb = lit_compl(b) ? ~0ULL : 0;
    const std::uint64_t* pa = &val[slot[lit_node(a)] * W];
    const std::uint64_t* pb = &val[slot[lit_node(b)] * W];
    std::uint64_t* out = &val[slot[n] * W];
    for (std::size_t w = 0; w < W; ++w) out[w] = (pa[w] ^ ma) & (pb[w] ^ mb);
  }
  std::vector<std::vector<std::uint64_t>> res(g.num_pos(), std::vector<std::uint64_t>(W));
  for (std::uint32_t o = 0; o < g.num_pos(); ++o) {
    const lit_t p = g.po(o);
    const std::uint64_t m = lit_compl(p) ? ~0ULL : 0;
    for (std::size_t w = 0; w < W; ++w) res[o][w] = val[slot[lit_node(p)] * W + w] ^ m;
  }
  return res;
}

std::vector<bool> evaluate(const graph& g, const std::vector<bool>& inputs) {
  std::vector<std::vector<std::uint64_t>> w(g.num_pis(), std::vector<std::uint64_t>(1));
  if (inputs.size() != g.num_pis())
    throw invalid_argument("aig", "evaluate: " + std::to_string(inputs.size()) + " values for " +
                                      std::to_string(g.num_pis()) + " PIs");
  for (std::uint32_t i = 0; i < g.num_pis(); ++i) w[i][0] = inputs[i] ? 1 : 0;
  const auto r = simulate(g, w);
  std::vector<bool> out(g.num_pos());
  for (std::uint32_t o = 0; o < g.num_pos(); ++o) out[o] = (r[o][0] & 1) != 0;
  return out;
}

cec_result check_by_simulation(const graph& a, const graph& b, std::uint32_t words,
                               std::uint64_t seed) {
  check_interfaces(a, b);
  const std::uint32_t I = a.num_pis();
  const bool exhaustive = I <= 16;
  std::size_t W = exhaustive ? std::max<std::size_t>(1, (std::size_t{1} << I) / 64) : words;
  if (W == 0) W = 1;
  std::vector<std::vector<std::uint64_t>> pats(I, std::vector<std::uint64_t>(W));
  if (exhaustive) {
    for (std::uint32_t i = 0; i < I; ++i)
      for (std::size_t w = 0; w < W; ++w) {
        std::uint64_t x = 0;
        for (unsigned bit = 0; bit < 64; ++bit) {
          const std::uint64_t m = w * 64 + bit;
          if ((m >> i) & 1) x |= 1ULL << bit;
        }
        pats[i][w] = x;
      }
  } else {
    dsegym::rng r(seed);
    for (auto& v : pats)
      for (auto& x : v) x = r();
  }
  const auto ra = simulate(a, pats), rb = simulate(b, pats);
  const std::size_t valid_bits = exhaustive ? (std::size_t{1} << I) : W * 64;
  cec_result res;
  res.exhaustive = exhaustive;
  for (std::uint32_t o = 0; o < a.num_pos(); ++o)
    for (std::size_t w = 0; w < W; ++w) {
      std::uint64_t d = ra[o][w] ^ rb[o][w];
      if (w * 64 + 64 > valid_bits) d &= (valid_bits - w * 64 >= 64) ? ~0ULL : ((1ULL << (valid_bits - w * 64)) - 1);
      if (d != 0) {
        const unsigned bit = static_cast<unsigned>(__builtin_ctzll(d));
        res.result = verdict::different;
        res.po = o;
        res.counterexample.resize(I);
        for (std::uint32_t i = 0; i < I; ++i) res.counterexample[i] = ((pats[i][w] >> bit) & 1) != 0;
        return res;
      }
    }
  res.result = exhaustive ? verdict::equivalent : verdict::unknown;
  return res;
}

#ifdef DSEGYM_AIG_HAVE_CADICAL
bool sat_available() noexcept { return true; }

cec_result check_by_sat(const graph& a, const graph& b, std::int64_t conflict_limit) {
  check_interfaces(a, b);
  // Miter: both graphs over shared PIs in one strashed graph.
  graph m;
  for (std::uint32_t i = 0; i < a.num_pis(); ++i) m.add_pi();
  auto copy = [&m](const graph& g) {
    std::vector<lit_t> map(g.size(), 0);
    for (std::uint32_t i = 1; i <= g.num_pis(); ++i) map[i] = make_lit(i);
    for (node_t n : g.topological_ands()) {
      const lit_t x = lit_not_cond(map[lit_node(g.fanin0(n))], lit_compl(g.fanin0(n)));
      const lit_t y = lit_not_cond(map[lit_node(g.fanin1(n))], lit_compl(g.fanin1(n)));
      map[n] = m.create_and(x, y);
    }
    std::vector<lit_t> outs;
    for (lit_t p : g.pos()) outs.push_back(lit_not_cond(map[lit_node(p)], lit_compl(p)));
    return outs;
  };
  const auto oa = copy(a), ob = copy(b);
  CaDiCaL::Solver s;
  // variable of node n = n + 1; constant node forced false
  std::vector<std::uint8_t> encoded(m.size(), 0);
  s.add(-1);
  s.add(0);
  encoded[0] = 1;
  auto var = [](lit_t l) {
    const int v = static_cast<int>(lit_node(l)) + 1;
    return lit_compl(l) ? -v : v;
  };
  std::vector<node_t> stack;
  auto encode_cone = [&](lit_t root) {
    stack.push_back(lit_node(root));
    while (!stack.empty()) {
      const node_t n = stack.back();
      stack.pop_back();
      if (encoded[n]) continue;
      encoded[n] = 1;
      if (!m.is_and(n)) continue;
      const int c = static_cast<int>(n) + 1;
      const int x = var(m.fanin0(n)), y = var(m.fanin1(n));
      s.add(-c); s.add(x); s.add(0);
      s.add(-c); s.add(y); s.add(0);
      s.add(c); s.add(-x); s.add(-y); s.add(0);
      stack.push_back(lit_node(m.fanin0(n)));
      stack.push_back(lit_node(m.fanin1(n)));
    }
  };
  int next_var = static_cast<int>(m.size()) + 1;
  cec_result res;
  bool unknown = false;
  for (std::uint32_t o = 0; o < a.num_pos(); ++o) {
    if (oa[o] == ob[o]) continue;
    encode_cone(oa[o]);
    encode_cone(ob[o]);
    const int p = var(oa[o]), q = var(ob[o]);
    const int x = next_var++;
    // x <-> (p xor q)
    s.add(-x); s.add(p); s.add(q); s.add(0);
    s.add(-x); s.add(-p); s.add(-q); s.add(0);
    s.add(x); s.add(-p); s.add(q); s.add(0);
    s.add(x); s.add(p); s.add(-q); s.add(0);
    s.assume(x);
    if (conflict_limit >= 0) s.limit("conflicts", static_cast<int>(std::min<std::int64_t>(conflict_limit, 1 << 30)));
    const int r = s.solve();
    if (r == 10) {
      res.result = verdict::different;
      res.po = o;
      res.counterexample.resize(a.num_pis());
      for (std::uint32_t i = 0; i < a.num_pis(); ++i)
        res.counterexample[i] = s.val(static_cast<int>(i) + 2) > 0;
      return res;
    }
    if (r == 20) {
      s.add(-x);  // proven: the pair is equal
      s.add(0);
    } else {
      unknown = true;
    }
  }
  res.result = unknown ? verdict::unknown : verdict::equivalent;
  return res;
}
#else
bool sat_available() noexcept { return false; }
cec_result check_by_sat(const graph&, const graph&, std::int64_t) {
  throw unimplemented("aig", "SAT equivalence needs CaDiCaL (Debian libcadical-dev) at build time");
}
#endif

cec_result check_equivalence(const graph& a, const graph& b, std::int64_t conflict_limit) {
  auto r = check_by_simulation(a, b, 64, 7);
  if (r.result != verdict::unknown || !sat_available()) return r;
  return check_by_sat(a, b, conflict_limit);
}

}  // namespace dsegym::sim::aig

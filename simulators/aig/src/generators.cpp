#include "dsegym/sim/aig/generators.hpp"

#include <string>
#include <vector>

#include "dsegym/core/error.hpp"
#include "dsegym/core/random.hpp"

namespace dsegym::sim::aig {

namespace {
void check_range(const char* what, std::uint64_t v, std::uint64_t lo, std::uint64_t hi) {
  if (v < lo || v > hi)
    throw invalid_argument("aig", std::string(what) + " = " + std::to_string(v) + " outside [" +
                                      std::to_string(lo) + ", " + std::to_string(hi) + "]");
}
std::vector<lit_t> inputs(graph& g, const char* name, unsigned n) {
  std::vector<lit_t> v;
  for (unsigned i = 0; i < n; ++i) v.push_back(g.add_pi(std::string(name) + "[" + std::to_string(i) + "]"));
  return v;
}
// full adder: returns (sum, carry)
std::pair<lit_t, lit_t> full_add(graph& g, lit_t a, lit_t b, lit_t c) {
  const lit_t x = g.create_xor(a, b);
  const lit_t s = g.create_xor(x, c);
  const lit_t co = g.create_or(g.create_and(a, b), g.create_and(x, c));
  return {s, co};
}
}  // namespace

graph make_adder(unsigned bits) {
  check_range("make_adder: bits", bits, 1, 1024);
  graph g;
  const auto a = inputs(g, "a", bits), b = inputs(g, "b", bits);
  lit_t c = lit_false;
  std::vector<lit_t> s;
  for (unsigned i = 0; i < bits; ++i) {
    auto [x, co] = full_add(g, a[i], b[i], c);
    s.push_back(x);
    c = co;
  }
  for (unsigned i = 0; i < bits; ++i) g.add_po(s[i], "s[" + std::to_string(i) + "]");
  g.add_po(c, "cout");
  return g;
}

graph make_multiplier(unsigned bits) {
  check_range("make_multiplier: bits", bits, 1, 64);
  graph g;
  const auto a = inputs(g, "a", bits), b = inputs(g, "b", bits);
  std::vector<lit_t> acc(2 * bits, lit_false);
  for (unsigned j = 0; j < bits; ++j) {
    lit_t c = lit_false;
    for (unsigned i = 0; i < bits; ++i) {
      auto [s, co] = full_add(g, acc[i + j], g.create_and(a[i], b[j]), c);
      acc[i + j] = s;
      c = co;
    }
    for (unsigned k = j + bits; k < 2 * bits && c != lit_false; ++k) {
      const lit_t s = g.create_xor(acc[k], c);
      c = g.create_and(acc[k], c);
      acc[k] = s;
    }
  }
  for (unsigned k = 0; k < 2 * bits; ++k) g.add_po(acc[k], "p[" + std::to_string(k) + "]");
  return g;
}

graph make_comparator(unsigned bits) {
  check_range("make_comparator: bits", bits, 1, 1024);
  graph g;
  const auto a = inputs(g, "a", bits), b = inputs(g, "b", bits);
  lit_t lt = lit_false, eq = lit_true;
  for (unsigned i = 0; i < bits; ++i) {  // from LSB up: lt = (!a & b) | (a == b) & lt
    const lit_t e = lit_not(g.create_xor(a[i], b[i]));
    lt = g.create_or(g.create_and(lit_not(a[i]), b[i]), g.create_and(e, lt));
    eq = g.create_and(eq, e);
  }
  g.add_po(lt, "lt");
  g.add_po(eq, "eq");
  return g;
}

graph make_mux(unsigned select_bits) {
  check_range("make_mux: select_bits", select_bits, 1, 12);
  graph g;
  const auto d = inputs(g, "d", 1u << select_bits);
  const auto s = inputs(g, "sel", select_bits);
  std::vector<lit_t> level = d;
  for (unsigned k = 0; k < select_bits; ++k) {
    std::vector<lit_t> next;
    for (std::size_t i = 0; i + 1 < level.size(); i += 2) next.push_back(g.create_mux(s[k], level[i + 1], level[i]));
    level = next;
  }
  g.add_po(level[0], "y");
  return g;
}

graph make_random_logic(unsigned pis, unsigned pos, unsigned ands, std::uint64_t seed) {
  check_range("make_random_logic: pis", pis, 2, 100000);
  check_range("make_random_logic: ands", ands, 1, 10000000);
  check_range("make_random_logic: pos", pos, 1, ands);
  graph g;
  dsegym::rng r(seed);
  std::vector<lit_t> pool;
  for (unsigned i = 0; i < pis; ++i) pool.push_back(g.add_pi("x[" + std::to_string(i) + "]"));
  std::vector<lit_t> made;
  unsigned tries = 0;
  while (made.size() < ands && tries < 20 * ands + 100) {
    ++tries;
    auto pick = [&]() {
      // half the time from the most recent 32 entries, else uniformly
      const std::size_t n = pool.size();
      std::size_t i;
      if (n > 32 && dsegym::uniform_below(r, 2) == 0) i = n - 1 - dsegym::uniform_below(r, 32);
      else i = dsegym::uniform_below(r, n);
      return lit_not_cond(pool[i], dsegym::uniform_below(r, 2) == 1);
    };
    const lit_t x = g.create_and(pick(), pick());
    if (lit_node(x) <= pis || lit_node(x) < g.size() - 1) continue;  // trivial or already present
    pool.push_back(x);
    made.push_back(x);
  }
  const std::size_t first = made.size() - std::min<std::size_t>(pos, made.size());
  for (std::size_t i = first; i < made.size(); ++i)
    g.add_po(made[i], "y[" + std::to_string(i - first) + "]");
  return g;
}

}  // namespace dsegym::sim::aig

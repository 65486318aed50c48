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

// ---- held-out circuit families (written the way an RTL elaborator would: no hand optimisation) ----

namespace dsegym::sim::aig {

namespace {
void outputs(graph& g, const char* name, const std::vector<lit_t>& v) {
  for (std::size_t i = 0; i < v.size(); ++i) g.add_po(v[i], std::string(name) + "[" + std::to_string(i) + "]");
}
// a + b + cin, ripple carry, n bits out (carry dropped unless `carry` is given)
std::vector<lit_t> ripple_add(graph& g, const std::vector<lit_t>& a, const std::vector<lit_t>& b, lit_t cin,
                              lit_t* carry = nullptr) {
  std::vector<lit_t> s;
  lit_t c = cin;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto [x, co] = full_add(g, a[i], b[i], c);
    s.push_back(x);
    c = co;
  }
  if (carry) *carry = c;
  return s;
}
}  // namespace

graph make_crc(unsigned data_bits, unsigned width, std::uint64_t poly) {
  check_range("make_crc: data_bits", data_bits, 1, 512);
  check_range("make_crc: width", width, 2, 64);
  graph g;
  const auto crc = inputs(g, "crc", width), d = inputs(g, "d", data_bits);
  std::vector<lit_t> s = crc;
  for (unsigned i = 0; i < data_bits; ++i) {  // the serial LFSR, unrolled once per data bit
    const lit_t fb = g.create_xor(s[width - 1], d[i]);
    std::vector<lit_t> n(width);
    n[0] = (poly & 1u) ? fb : lit_false;
    for (unsigned j = 1; j < width; ++j) n[j] = ((poly >> j) & 1u) ? g.create_xor(s[j - 1], fb) : s[j - 1];
    s = std::move(n);
  }
  outputs(g, "next", s);
  return g;
}

graph make_shifter(unsigned bits) {
  check_range("make_shifter: bits", bits, 2, 1024);
  unsigned sb = 0;
  while ((1u << sb) < bits) ++sb;
  graph g;
  const auto x = inputs(g, "x", bits), sh = inputs(g, "sh", sb), op = inputs(g, "op", 2);
  // op: 00 shift left, 01 logical right, 10 arithmetic right, 11 rotate left
  std::vector<lit_t> v = x;
  const lit_t fill = g.create_and(op[1], lit_not(op[0]));
  const lit_t sign = g.create_and(fill, x[bits - 1]);
  for (unsigned k = 0; k < sb; ++k) {
    const unsigned d = 1u << k;
    std::vector<lit_t> n(bits);
    for (unsigned i = 0; i < bits; ++i) {
      const lit_t left = i >= d ? v[i - d] : lit_false;
      const lit_t rot = v[(i + bits - d) % bits];
      const lit_t right = i + d < bits ? v[i + d] : sign;
      const lit_t l_or_rot = g.create_mux(g.create_and(op[0], op[1]), rot, left);
      const lit_t is_right = g.create_xor(op[0], op[1]);
      const lit_t shifted = g.create_mux(is_right, right, l_or_rot);
      n[i] = g.create_mux(sh[k], shifted, v[i]);
    }
    v = std::move(n);
  }
  outputs(g, "y", v);
  return g;
}

graph make_priority_encoder(unsigned bits) {
  check_range("make_priority_encoder: bits", bits, 2, 1024);
  unsigned ob = 0;
  while ((1u << ob) < bits) ++ob;
  graph g;
  const auto r = inputs(g, "req", bits);
  // grant i = req[i] and no higher request, each written out in full
  std::vector<lit_t> grant(bits);
  for (unsigned i = 0; i < bits; ++i) {
    lit_t none_above = lit_true;
    for (unsigned j = bits - 1; j > i; --j) none_above = g.create_and(none_above, lit_not(r[j]));
    grant[i] = g.create_and(r[i], none_above);
  }
  std::vector<lit_t> idx(ob, lit_false);
  for (unsigned k = 0; k < ob; ++k)
    for (unsigned i = 0; i < bits; ++i)
      if ((i >> k) & 1u) idx[k] = g.create_or(idx[k], grant[i]);
  lit_t valid = lit_false;
  for (unsigned i = 0; i < bits; ++i) valid = g.create_or(valid, r[i]);
  outputs(g, "idx", idx);
  g.add_po(valid, "valid");
  return g;
}

graph make_alu(unsigned bits) {
  check_range("make_alu: bits", bits, 1, 256);
  graph g;
  const auto a = inputs(g, "a", bits), b = inputs(g, "b", bits), op = inputs(g, "op", 3);
  // op: 0 add, 1 sub, 2 and, 3 or, 4 xor, 5 set-less-than (signed), 6 nor, 7 pass b
  std::vector<lit_t> nb(bits);
  for (unsigned i = 0; i < bits; ++i) nb[i] = lit_not(b[i]);
  lit_t cadd = lit_false, csub = lit_false;
  const auto sum = ripple_add(g, a, b, lit_false, &cadd);
  const auto diff = ripple_add(g, a, nb, lit_true, &csub);
  // signed a < b: sign of the difference xor overflow
  const lit_t ovf = g.create_and(g.create_xor(a[bits - 1], b[bits - 1]), g.create_xor(a[bits - 1], diff[bits - 1]));
  const lit_t lt = g.create_xor(diff[bits - 1], ovf);
  std::vector<lit_t> y(bits);
  for (unsigned i = 0; i < bits; ++i) {
    const lit_t cand[8] = {sum[i],
                           diff[i],
                           g.create_and(a[i], b[i]),
                           g.create_or(a[i], b[i]),
                           g.create_xor(a[i], b[i]),
                           i == 0 ? lt : lit_false,
                           lit_not(g.create_or(a[i], b[i])),
                           b[i]};
    const lit_t m0 = g.create_mux(op[0], cand[1], cand[0]), m1 = g.create_mux(op[0], cand[3], cand[2]);
    const lit_t m2 = g.create_mux(op[0], cand[5], cand[4]), m3 = g.create_mux(op[0], cand[7], cand[6]);
    y[i] = g.create_mux(op[2], g.create_mux(op[1], m3, m2), g.create_mux(op[1], m1, m0));
  }
  lit_t nonzero = lit_false;
  for (unsigned i = 0; i < bits; ++i) nonzero = g.create_or(nonzero, y[i]);
  outputs(g, "y", y);
  g.add_po(lit_not(nonzero), "zero");
  g.add_po(g.create_mux(op[0], csub, cadd), "carry");
  return g;
}

graph make_popcount(unsigned bits) {
  check_range("make_popcount: bits", bits, 2, 1024);
  unsigned ob = 0;
  while ((1u << ob) <= bits) ++ob;
  graph g;
  const auto x = inputs(g, "x", bits);
  // accumulate one bit at a time through a full-width incrementer
  std::vector<lit_t> acc(ob, lit_false);
  for (unsigned i = 0; i < bits; ++i) {
    std::vector<lit_t> one(ob, lit_false);
    one[0] = x[i];
    acc = ripple_add(g, acc, one, lit_false);
  }
  outputs(g, "count", acc);
  return g;
}

}  // namespace dsegym::sim::aig

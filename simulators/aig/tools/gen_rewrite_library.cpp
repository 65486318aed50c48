// Generates src/rewrite_library.inc: for each of the 222 NPN classes of 4-input functions, an AIG
// structure for its representative (the smallest truth table of the class).
//
// Method (written for dsegym): (1) a cost-ordered dynamic programme over all 65 536 functions gives
// minimum-size AND *trees* (level 0 = constants and literals; f AND g of levels a, b has level
// a + b + 1; output complement free; ties broken by depth). (2) Each class representative is then
// synthesised as a DAG by a memoised search over decompositions - the DP's AND split, and for each
// input x the Shannon forms f = x ? f1 : f0 including the cheap special cases (AND/OR with a
// literal, XOR with a literal) - counting nodes as the union of the sub-functions' cones, so shared
// sub-functions cost once (4-input parity: 9 ANDs).
//
// Regenerate:  g++ -O2 -std=c++20 simulators/aig/tools/gen_rewrite_library.cpp -o /tmp/gen &&
//              /tmp/gen > simulators/aig/src/rewrite_library.inc
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <vector>

namespace {
using tt16 = std::uint16_t;
constexpr tt16 var_tt[4] = {0xAAAA, 0xCCCC, 0xF0F0, 0xFF00};

tt16 transform(tt16 f, const int perm[4], unsigned neg, bool out) {
  tt16 r = 0;
  for (unsigned x = 0; x < 16; ++x) {
    unsigned y = 0;
    for (int i = 0; i < 4; ++i) y |= (((x >> perm[i]) ^ (neg >> i)) & 1u) << i;
    if (((f >> y) & 1u) ^ static_cast<unsigned>(out)) r |= static_cast<tt16>(1u << x);
  }
  return r;
}

struct entry {
  int cost = -1;
  int depth = 0;
  tt16 a = 0, b = 0;  // f = a & b (a, b with their own polarity)
};
std::vector<entry> best(65536);

tt16 norm(tt16 f) { return (f & 1) ? static_cast<tt16>(~f) : f; }
bool is_leaf(tt16 f) {
  if (f == 0 || f == 0xFFFF) return true;
  for (tt16 v : var_tt)
    if (f == v || f == static_cast<tt16>(~v)) return true;
  return false;
}
tt16 cof(tt16 f, int x, int val) {
  tt16 r = 0;
  for (unsigned m = 0; m < 16; ++m) {
    const unsigned src = val ? (m | (1u << x)) : (m & ~(1u << x));
    if ((f >> src) & 1u) r |= static_cast<tt16>(1u << m);
  }
  return r;
}
// chosen decomposition of a normalized function: node = AND of two literals-as-functions
struct dnode {
  tt16 a, b;  // children functions (with polarity); the node computes a & b (maybe complemented)
  bool out_compl;  // node function = out_compl ? ~(a & b) : (a & b), equals the normalized f
};
std::map<tt16, dnode> chosen_node;  // for helper nodes created by decompositions
struct result {
  std::vector<tt16> cone;  // normalized functions of the AND nodes used
  int depth = 0;
};
std::map<tt16, result> memo_best;
std::map<tt16, std::vector<std::pair<tt16, tt16>>> plan;  // f -> list of (a,b) nodes, last = f

result leaf_result() { return {}; }
const result& synth(tt16 f);

// cone of an AND node g = a & b given children results
result combine(const std::vector<const result*>& parts, tt16 self, int extra_depth) {
  result r;
  int d = 0;
  for (auto* p : parts) {
    r.cone.insert(r.cone.end(), p->cone.begin(), p->cone.end());
    d = std::max(d, p->depth);
  }
  r.cone.push_back(norm(self));
  std::sort(r.cone.begin(), r.cone.end());
  r.cone.erase(std::unique(r.cone.begin(), r.cone.end()), r.cone.end());
  r.depth = d + extra_depth;
  return r;
}

// Structures are recorded as "how to build f": a list of AND gates over functions.
std::map<tt16, std::vector<std::array<tt16, 3>>> recipe;  // norm f -> gates (a, b, result)

const result& synth(tt16 f0) {
  const tt16 f = norm(f0);
  if (auto it = memo_best.find(f); it != memo_best.end()) return it->second;
  static const result empty{};
  if (is_leaf(f)) return empty;
  result bestr;
  std::vector<std::array<tt16, 3>> bestg;
  bool have = false;
  auto consider = [&](result r, std::vector<std::array<tt16, 3>> gates) {
    if (!have || r.cone.size() < bestr.cone.size() ||
        (r.cone.size() == bestr.cone.size() && r.depth < bestr.depth)) {
      bestr = std::move(r);
      bestg = std::move(gates);
      have = true;
    }
  };
  // (1) DP split
  {
    const entry& e = best[f].a == 0 && best[f].b == 0 ? best[static_cast<tt16>(~f)] : best[f];
    const tt16 a = e.a, b = e.b;
    const result& ra = synth(a);
    const result& rb = synth(b);
    consider(combine({&ra, &rb}, f, 1), {{a, b, static_cast<tt16>(a & b)}});
  }
  // (2) Shannon forms per input
  for (int x = 0; x < 4; ++x) {
    const tt16 f0c = cof(f, x, 0), f1c = cof(f, x, 1);
    if (f0c == f1c) continue;  // f does not depend on x
    const tt16 vx = var_tt[x], nx = static_cast<tt16>(~var_tt[x]);
    const result& r0 = synth(f0c);
    const result& r1 = synth(f1c);
    if (f1c == static_cast<tt16>(~f0c)) {  // f = x xor f0
      const tt16 t1 = vx & static_cast<tt16>(~f0c), t2 = nx & f0c;
      result r = combine({&r0}, t1, 0);
      r.cone.push_back(norm(t2));
      r.cone.push_back(f);
      std::sort(r.cone.begin(), r.cone.end());
      r.cone.erase(std::unique(r.cone.begin(), r.cone.end()), r.cone.end());
      r.depth = r0.depth + 2;
      consider(r, {{vx, static_cast<tt16>(~f0c), t1}, {nx, f0c, t2},
                   {static_cast<tt16>(~t1), static_cast<tt16>(~t2),
                    static_cast<tt16>(~t1 & ~t2)}});
      continue;
    }
    // mux: t1 = x & f1, t0 = !x & f0, f = !( !t1 & !t0 )
    const tt16 t1 = vx & f1c, t0 = nx & f0c;
    std::vector<std::array<tt16, 3>> gates;
    std::vector<const result*> parts;
    if (f1c != 0) {
      if (!is_leaf(f1c) || f1c != 0xFFFF) gates.push_back({vx, f1c, t1});
      parts.push_back(&r1);
    }
    if (f0c != 0) {
      gates.push_back({nx, f0c, t0});
      parts.push_back(&r0);
    }
    result r;
    for (auto* p : parts) {
      r.cone.insert(r.cone.end(), p->cone.begin(), p->cone.end());
      r.depth = std::max(r.depth, p->depth);
    }
    for (auto& gte : gates)
      if (!is_leaf(gte[2])) r.cone.push_back(norm(gte[2]));
    if (f1c != 0 && f0c != 0) {
      gates.push_back({static_cast<tt16>(~t1), static_cast<tt16>(~t0),
                       static_cast<tt16>(~t1 & ~t0)});
      r.cone.push_back(f);
      r.depth += 2;
    } else {
      r.depth += 1;
    }
    std::sort(r.cone.begin(), r.cone.end());
    r.cone.erase(std::unique(r.cone.begin(), r.cone.end()), r.cone.end());
    consider(r, gates);
  }
  recipe[f] = bestg;
  return memo_best[f] = bestr;
}

// emit: literal of function g (any polarity) into nodes
int emit(tt16 g, std::vector<std::array<int, 2>>& nodes, std::map<tt16, int>& lits) {
  if (g == 0) return 0;
  if (g == 0xFFFF) return 1;
  for (int i = 0; i < 4; ++i) {
    if (g == var_tt[i]) return 2 * (i + 1);
    if (g == static_cast<tt16>(~var_tt[i])) return 2 * (i + 1) + 1;
  }
  if (auto it = lits.find(g); it != lits.end()) return it->second;
  if (auto it = lits.find(static_cast<tt16>(~g)); it != lits.end()) return it->second ^ 1;
  const tt16 f = norm(g);
  synth(f);
  for (const auto& gate : recipe.at(f)) {
    if (lits.count(gate[2]) || lits.count(static_cast<tt16>(~gate[2]))) continue;
    const int x = emit(gate[0], nodes, lits), y = emit(gate[1], nodes, lits);
    int l;
    if (x == 0 || y == 0) l = 0;
    else if (x == 1) l = y;
    else if (y == 1) l = x;
    else {
      nodes.push_back({x, y});
      l = 2 * (4 + static_cast<int>(nodes.size()));
    }
    lits[gate[2]] = l;
  }
  if (auto it = lits.find(g); it != lits.end()) return it->second;
  return lits.at(static_cast<tt16>(~g)) ^ 1;
}
}  // namespace

int main() {
  std::vector<std::vector<tt16>> level(1);
  auto set = [&](tt16 f, int c, int d, tt16 a, tt16 b) {
    best[f] = {c, d, a, b};
    best[static_cast<tt16>(~f)] = {c, d, 0, 0};
  };
  set(0x0000, 0, 0, 0, 0);
  level[0].push_back(0);
  for (int i = 0; i < 4; ++i) {
    set(var_tt[i], 0, 0, 0, 0);
    level[0].push_back(var_tt[i]);
  }
  std::size_t known = 10;
  for (int k = 1; known < 65536; ++k) {
    level.emplace_back();
    // candidates of cost k: best depth per function
    std::vector<std::pair<tt16, entry>> found;
    std::vector<int> cand_depth(65536, 1 << 30);
    std::vector<std::pair<tt16, tt16>> cand_ab(65536);
    for (int a = 0; a <= (k - 1) / 2; ++a) {
      const int b = k - 1 - a;
      for (tt16 f0 : level[a])
        for (tt16 g0 : level[b])
          for (int p = 0; p < 4; ++p) {
            const tt16 f = (p & 1) ? static_cast<tt16>(~f0) : f0;
            const tt16 g = (p & 2) ? static_cast<tt16>(~g0) : g0;
            const tt16 h = f & g;
            if (best[h].cost >= 0) continue;
            const int d = 1 + std::max(best[f].depth, best[g].depth);
            if (d < cand_depth[h]) {
              cand_depth[h] = d;
              cand_ab[h] = {f, g};
            }
          }
    }
    for (unsigned h = 0; h < 65536; ++h) {
      if (cand_depth[h] == (1 << 30) || best[h].cost >= 0) continue;
      const tt16 hh = static_cast<tt16>(h);
      set(hh, k, cand_depth[h], cand_ab[h].first, cand_ab[h].second);
      level[k].push_back(hh);
      known += 2;
    }
    std::fprintf(stderr, "cost %d: %zu functions (total %zu)\n", k, 2 * level[k].size(), known);
  }
  // NPN classes: representative = smallest truth table among the 768 transforms
  std::vector<int> perms;
  int pa[4] = {0, 1, 2, 3};
  std::vector<std::array<int, 4>> all_perms;
  do all_perms.push_back({pa[0], pa[1], pa[2], pa[3]});
  while (std::next_permutation(pa, pa + 4));
  std::vector<std::uint8_t> seen(65536, 0);
  std::vector<tt16> reps;
  for (unsigned f = 0; f < 65536; ++f) {
    if (seen[f]) continue;
    tt16 rep = 0xFFFF;
    for (auto& p : all_perms)
      for (unsigned m = 0; m < 16; ++m)
        for (int o = 0; o < 2; ++o) {
          const tt16 t = transform(static_cast<tt16>(f), p.data(), m, o != 0);
          seen[t] = 1;
          rep = std::min(rep, t);
        }
    reps.push_back(rep);
  }
  std::sort(reps.begin(), reps.end());
  std::printf("// Generated by simulators/aig/tools/gen_rewrite_library.cpp -- do not edit.\n");
  std::printf("// %zu NPN classes of 4-input functions. Per class: representative truth table,\n",
              reps.size());
  std::printf("// node count, output literal, then node fanin literal pairs. Literals: 0/1 constant,\n");
  std::printf("// 2(i+1)+c input i, 2(5+k)+c node k.\n");
  for (tt16 r : reps) {
    std::vector<std::array<int, 2>> nodes;
    std::map<tt16, int> lits;
    const int out = emit(r, nodes, lits);
    std::printf("{0x%04X, %zu, %d, {", r, nodes.size(), out);
    for (std::size_t i = 0; i < nodes.size(); ++i)
      std::printf("%s%d,%d", i ? ", " : "", nodes[i][0], nodes[i][1]);
    std::printf("}},\n");
  }
  std::fprintf(stderr, "%zu classes\n", reps.size());
}

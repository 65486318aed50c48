#include <algorithm>
#include <vector>

#include "dsegym/sim/aig/transforms.hpp"

namespace dsegym::sim::aig {

namespace {

// Leaves of the supergate rooted at AND n: expand non-complemented single-fanout AND fanins.
// Returns false when the supergate contains x and !x (constant 0).
bool collect_supergate(const graph& g, node_t root, std::vector<lit_t>& leaves,
                       std::vector<node_t>& stack) {
  leaves.clear();
  stack.clear();
  stack.push_back(root);
  while (!stack.empty()) {
    const node_t n = stack.back();
    stack.pop_back();
    for (lit_t f : {g.fanin1(n), g.fanin0(n)}) {
      const node_t c = lit_node(f);
      if (!lit_compl(f) && g.is_and(c) && g.refs(c) == 1) {
        stack.push_back(c);
      } else {
        leaves.push_back(f);
      }
    }
  }
  std::sort(leaves.begin(), leaves.end());
  leaves.erase(std::unique(leaves.begin(), leaves.end()), leaves.end());
  for (std::size_t i = 1; i < leaves.size(); ++i)
    if (leaves[i] == lit_not(leaves[i - 1])) return false;
  return true;
}

}  // namespace

graph balance(const graph& input) {
  const graph g = input.cleanup();  // topological ids, exact refs
  const std::uint32_t N = g.size();
  // 1. which nodes are supergate roots (reachable from POs through supergate leaves)
  std::vector<std::uint8_t> is_root(N, 0);
  std::vector<lit_t> leaves;
  std::vector<node_t> stack, work;
  for (lit_t p : g.pos())
    if (g.is_and(lit_node(p)) && !is_root[lit_node(p)]) {
      is_root[lit_node(p)] = 1;
      work.push_back(lit_node(p));
    }
  while (!work.empty()) {
    const node_t n = work.back();
    work.pop_back();
    collect_supergate(g, n, leaves, stack);
    for (lit_t l : leaves) {
      const node_t c = lit_node(l);
      if (g.is_and(c) && !is_root[c]) {
        is_root[c] = 1;
        work.push_back(c);
      }
    }
  }
  // 2. rebuild roots in topological (id) order
  graph out;
  for (std::uint32_t i = 0; i < g.num_pis(); ++i) out.add_pi(g.pi_name(i));
  std::vector<lit_t> map(N, no_lit);
  map[0] = lit_false;
  for (std::uint32_t i = 1; i <= g.num_pis(); ++i) map[i] = make_lit(i);
  std::vector<lit_t> ops;
  for (node_t n = g.num_pis() + 1; n < N; ++n) {
    if (!is_root[n]) continue;
    if (!collect_supergate(g, n, leaves, stack)) {
      map[n] = lit_false;
      continue;
    }
    ops.clear();
    for (lit_t l : leaves) ops.push_back(lit_not_cond(map[lit_node(l)], lit_compl(l)));
    // simplify after mapping (leaves may have become equal/constant)
    std::sort(ops.begin(), ops.end());
    ops.erase(std::unique(ops.begin(), ops.end()), ops.end());
    bool zero = false;
    for (std::size_t i = 0; i < ops.size(); ++i) {
      if (ops[i] == lit_false) zero = true;
      if (i > 0 && ops[i] == lit_not(ops[i - 1])) zero = true;
    }
    if (zero) {
      map[n] = lit_false;
      continue;
    }
    ops.erase(std::remove(ops.begin(), ops.end(), lit_true), ops.end());
    if (ops.empty()) {
      map[n] = lit_true;
      continue;
    }
    // descending level; the two lowest-level operands are at the back
    auto lev = [&](lit_t l) { return out.level(lit_node(l)); };
    std::stable_sort(ops.begin(), ops.end(), [&](lit_t a, lit_t b) { return lev(a) > lev(b); });
    while (ops.size() > 1) {
      const std::size_t k = ops.size();
      // among operands at the level of the second-lowest, prefer one that already forms an AND
      // with the lowest one
      const std::uint32_t l2 = lev(ops[k - 2]);
      for (std::size_t j = k - 2; j-- > 0 && lev(ops[j]) == l2;) {
        if (out.lookup_and(ops[k - 1], ops[k - 2]) != no_lit) break;
        if (out.lookup_and(ops[k - 1], ops[j]) != no_lit) {
          std::swap(ops[j], ops[k - 2]);
          break;
        }
      }
      const lit_t r = out.create_and(ops[k - 1], ops[k - 2]);
      ops.resize(k - 2);
      // insert keeping descending level; place before operands of equal level
      const std::uint32_t lr = lev(r);
      auto pos = std::find_if(ops.begin(), ops.end(), [&](lit_t x) { return lev(x) <= lr; });
      ops.insert(pos, r);
    }
    map[n] = ops[0];
  }
  for (std::uint32_t i = 0; i < g.num_pos(); ++i) {
    const lit_t p = g.po(i);
    out.add_po(lit_not_cond(map[lit_node(p)], lit_compl(p)), g.po_name(i));
  }
  out.set_comment(g.comment());
  return out.cleanup();
}

}  // namespace dsegym::sim::aig

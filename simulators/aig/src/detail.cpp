#include "detail.hpp"

#include <algorithm>

namespace dsegym::sim::aig::detail {

bool cone_tt(const graph& g, node_t root, const std::vector<node_t>& leaves, unsigned nvars,
             std::vector<std::uint64_t>& out, std::vector<node_t>* cone, unsigned limit) {
  const std::uint32_t W = tt_words(nvars);
  // small local map node -> index into a table store
  // node -> slot via a stamped scratch array (thread-local, grows with the graph)
  thread_local std::vector<std::uint32_t> stamp_of, slot_of;
  thread_local std::uint32_t stamp = 0;
  if (stamp_of.size() < g.size()) {
    stamp_of.resize(g.size(), 0);
    slot_of.resize(g.size(), 0);
  }
  if (++stamp == 0) {
    std::fill(stamp_of.begin(), stamp_of.end(), 0);
    stamp = 1;
  }
  struct adder {
    std::vector<std::uint32_t>& st;
    std::vector<std::uint32_t>& sl;
    std::uint32_t s;
    void emplace_back(node_t n, std::uint32_t v) {
      st[n] = s;
      sl[n] = v;
    }
  } idx{stamp_of, slot_of, stamp};
  std::vector<std::uint64_t> store;
  store.reserve(64 * W);
  auto find = [&](node_t n) -> std::int64_t {
    return stamp_of[n] == stamp ? static_cast<std::int64_t>(slot_of[n]) : -1;
  };
  std::vector<std::uint64_t> t;
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    tt_var(t, static_cast<unsigned>(i), nvars);
    idx.emplace_back(leaves[i], static_cast<std::uint32_t>(store.size() / W));
    store.insert(store.end(), t.begin(), t.end());
  }
  if (find(0) < 0) {
    idx.emplace_back(0, static_cast<std::uint32_t>(store.size() / W));
    store.insert(store.end(), W, 0);
  }
  if (cone) cone->clear();
  std::vector<std::pair<node_t, bool>> stack{{root, false}};
  unsigned count = 0;
  while (!stack.empty()) {
    auto [n, expanded] = stack.back();
    stack.pop_back();
    if (find(n) >= 0) continue;
    if (!g.is_and(n)) return false;  // PI outside the leaves, or dead node
    const node_t a = lit_node(g.fanin0(n)), b = lit_node(g.fanin1(n));
    if (!expanded) {
      if (++count > limit) return false;
      stack.emplace_back(n, true);
      if (find(a) < 0) stack.emplace_back(a, false);
      if (find(b) < 0) stack.emplace_back(b, false);
      continue;
    }
    const auto ia = find(a), ib = find(b);
    if (ia < 0 || ib < 0) return false;
    const std::uint64_t ma = lit_compl(g.fanin0(n)) ? ~0ULL : 0, mb = lit_compl(g.fanin1(n)) ? ~0ULL : 0;
    const std::size_t base = store.size();
    store.resize(base + W);
    for (std::uint32_t w = 0; w < W; ++w)
      store[base + w] = (store[static_cast<std::size_t>(ia) * W + w] ^ ma) &
                        (store[static_cast<std::size_t>(ib) * W + w] ^ mb);
    idx.emplace_back(n, static_cast<std::uint32_t>(base / W));
    if (cone) cone->push_back(n);
  }
  const auto ir = find(root);
  out.assign(store.begin() + ir * W, store.begin() + ir * W + W);
  return true;
}

}  // namespace dsegym::sim::aig::detail

#include "dsegym/sim/aig/graph.hpp"

#include <algorithm>
#include <utility>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::aig {

namespace {
constexpr std::uint32_t tombstone = no_node;
inline std::uint64_t mix(lit_t a, lit_t b) noexcept {
  std::uint64_t h = (static_cast<std::uint64_t>(a) << 32) | b;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}
}  // namespace

graph::graph() {
  fanin0_.push_back(0);
  fanin1_.push_back(0);
  level_.push_back(0);
  refs_.push_back(0);
  hashed_.push_back(0);
  table_.assign(1024, 0);
}

lit_t graph::add_pi(std::string name) {
  if (size() != num_pis_ + 1)
    throw invalid_argument("aig", "add_pi after AND nodes were created (PIs must come first)");
  fanin0_.push_back(0);
  fanin1_.push_back(0);
  level_.push_back(0);
  refs_.push_back(0);
  hashed_.push_back(0);
  if (fanouts_on_) {
    fanouts_.emplace_back();
    po_uses_.emplace_back();
  }
  ++num_pis_;
  pi_names_.push_back(std::move(name));
  return make_lit(num_pis_);
}

void graph::add_po(lit_t l, std::string name) {
  if (lit_node(l) >= size() || is_dead(lit_node(l)))
    throw invalid_argument("aig", "add_po: literal " + std::to_string(l) + " names no live node");
  pos_.push_back(l);
  po_names_.push_back(std::move(name));
  ++refs_[lit_node(l)];
  if (fanouts_on_) po_uses_[lit_node(l)].push_back(static_cast<std::uint32_t>(pos_.size() - 1));
}

void graph::set_po(std::uint32_t i, lit_t l) {
  const lit_t old = pos_.at(i);
  if (old == l) return;
  ++refs_[lit_node(l)];
  pos_[i] = l;
  if (fanouts_on_) {
    auto& u = po_uses_[lit_node(old)];
    u.erase(std::find(u.begin(), u.end(), i));
    po_uses_[lit_node(l)].push_back(i);
  }
  --refs_[lit_node(old)];
  if (fanouts_on_ && refs_[lit_node(old)] == 0) delete_if_dangling(lit_node(old));
}

std::uint32_t graph::hash_slot(lit_t a, lit_t b) const noexcept {
  return static_cast<std::uint32_t>(mix(a, b) & (table_.size() - 1));
}

node_t graph::hash_find(lit_t a, lit_t b) const noexcept {
  const auto mask = static_cast<std::uint32_t>(table_.size() - 1);
  for (std::uint32_t s = hash_slot(a, b);; s = (s + 1) & mask) {
    const std::uint32_t n = table_[s];
    if (n == 0) return no_node;
    if (n != tombstone && fanin0_[n] == a && fanin1_[n] == b) return n;
  }
}

void graph::hash_grow() {
  std::vector<std::uint32_t> old;
  old.swap(table_);
  std::size_t cap = old.size();
  std::size_t live = 0;
  for (auto n : old)
    if (n != 0 && n != tombstone) ++live;
  while (cap < 4 * (live + 1)) cap *= 2;
  table_.assign(cap, 0);
  table_used_ = 0;
  const auto mask = static_cast<std::uint32_t>(cap - 1);
  for (auto n : old) {
    if (n == 0 || n == tombstone) continue;
    std::uint32_t s = hash_slot(fanin0_[n], fanin1_[n]);
    while (table_[s] != 0) s = (s + 1) & mask;
    table_[s] = n;
    ++table_used_;
  }
}

void graph::hash_insert(node_t n) {
  if (2 * (table_used_ + 1) > table_.size()) hash_grow();
  const auto mask = static_cast<std::uint32_t>(table_.size() - 1);
  std::uint32_t s = hash_slot(fanin0_[n], fanin1_[n]);
  while (table_[s] != 0 && table_[s] != tombstone) s = (s + 1) & mask;
  if (table_[s] == 0) ++table_used_;
  table_[s] = n;
  hashed_[n] = 1;
}

void graph::hash_remove(node_t n) {
  if (!hashed_[n]) return;
  const auto mask = static_cast<std::uint32_t>(table_.size() - 1);
  for (std::uint32_t s = hash_slot(fanin0_[n], fanin1_[n]);; s = (s + 1) & mask) {
    if (table_[s] == 0) break;
    if (table_[s] == n) {
      table_[s] = tombstone;
      break;
    }
  }
  hashed_[n] = 0;
}

lit_t graph::lookup_and(lit_t a, lit_t b) const {
  if (a < b) std::swap(a, b);  // fanin0 >= fanin1
  if (b == lit_false) return lit_false;
  if (b == lit_true) return a;
  if (a == b) return a;
  if (a == lit_not(b)) return lit_false;
  const node_t n = hash_find(a, b);
  return n == no_node ? no_lit : make_lit(n);
}

lit_t graph::create_and(lit_t a, lit_t b) {
  if (a < b) std::swap(a, b);
  if (b == lit_false) return lit_false;
  if (b == lit_true) return a;
  if (a == b) return a;
  if (a == lit_not(b)) return lit_false;
  if (const node_t f = hash_find(a, b); f != no_node) return make_lit(f);
  if (size() >= 0x7FFFFFF0u) throw resource_exhausted("aig", "more than 2^31 nodes");
  const auto n = size();
  fanin0_.push_back(a);
  fanin1_.push_back(b);
  level_.push_back(1 + std::max(level_[lit_node(a)], level_[lit_node(b)]));
  refs_.push_back(0);
  hashed_.push_back(0);
  ++refs_[lit_node(a)];
  ++refs_[lit_node(b)];
  if (fanouts_on_) {
    fanouts_.emplace_back();
    po_uses_.emplace_back();
    fanouts_[lit_node(a)].push_back(n);
    fanouts_[lit_node(b)].push_back(n);
  }
  ++live_ands_;
  hash_insert(n);
  return make_lit(n);
}

lit_t graph::create_xor(lit_t a, lit_t b) {
  const lit_t x = create_and(a, lit_not(b));
  const lit_t y = create_and(lit_not(a), b);
  return create_or(x, y);
}

lit_t graph::create_mux(lit_t s, lit_t t, lit_t e) {
  return create_or(create_and(s, t), create_and(lit_not(s), e));
}

std::uint32_t graph::depth() const {
  std::uint32_t d = 0;
  for (auto p : pos_) d = std::max(d, level_[lit_node(p)]);
  return d;
}

std::vector<node_t> graph::topological_ands() const {
  std::vector<node_t> order;
  std::vector<std::uint8_t> mark(size(), 0);
  std::vector<node_t> stack;
  for (auto p : pos_) {
    const node_t r = lit_node(p);
    if (mark[r] || !is_and(r)) continue;
    stack.push_back(r);
    while (!stack.empty()) {
      const node_t n = stack.back();
      if (mark[n] == 2) {
        stack.pop_back();
        continue;
      }
      if (mark[n] == 0) {
        mark[n] = 1;
        const node_t c0 = lit_node(fanin0_[n]), c1 = lit_node(fanin1_[n]);
        if (is_and(c1) && mark[c1] == 0) stack.push_back(c1);
        if (is_and(c0) && mark[c0] == 0) stack.push_back(c0);
      } else {
        mark[n] = 2;
        order.push_back(n);
        stack.pop_back();
      }
    }
  }
  // Prefer id order when it is topological (always true after cleanup() and reading), so that
  // writing is stable under re-reading.
  std::vector<node_t> by_id = order;
  std::sort(by_id.begin(), by_id.end());
  for (node_t n : by_id)
    if (lit_node(fanin0_[n]) >= n || lit_node(fanin1_[n]) >= n) return order;
  return by_id;
}

std::uint32_t graph::num_ands() const {
  return static_cast<std::uint32_t>(topological_ands().size());
}

stats graph::statistics() const { return {num_pis_, num_pos(), num_ands(), depth()}; }

void graph::enable_fanouts() {
  if (fanouts_on_) return;
  fanouts_.assign(size(), {});
  po_uses_.assign(size(), {});
  for (node_t n = num_pis_ + 1; n < size(); ++n) {
    if (is_dead(n)) continue;
    fanouts_[lit_node(fanin0_[n])].push_back(n);
    fanouts_[lit_node(fanin1_[n])].push_back(n);
  }
  for (std::uint32_t i = 0; i < pos_.size(); ++i) po_uses_[lit_node(pos_[i])].push_back(i);
  fanouts_on_ = true;
}

void graph::remove_fanout(node_t from, node_t fo) {
  auto& v = fanouts_[from];
  auto it = std::find(v.begin(), v.end(), fo);
  if (it != v.end()) {
    *it = v.back();
    v.pop_back();
  }
}

void graph::deref_node(node_t n, std::vector<node_t>& dangling) {
  // n has no references: delete it and dereference its fanins.
  std::vector<node_t> stack{n};
  while (!stack.empty()) {
    const node_t m = stack.back();
    stack.pop_back();
    if (m <= num_pis_ || is_dead(m) || refs_[m] != 0) continue;
    hash_remove(m);
    const lit_t f[2] = {fanin0_[m], fanin1_[m]};
    for (lit_t l : f) {
      const node_t c = lit_node(l);
      --refs_[c];
      if (fanouts_on_) remove_fanout(c, m);
      if (refs_[c] == 0 && c > num_pis_) stack.push_back(c);
    }
    fanin0_[m] = no_lit;
    fanin1_[m] = no_lit;
    if (fanouts_on_) {
      fanouts_[m].clear();
      fanouts_[m].shrink_to_fit();
    }
    --live_ands_;
  }
  (void)dangling;
}

void graph::delete_if_dangling(node_t n) {
  if (n <= num_pis_ || is_dead(n) || refs_[n] != 0) return;
  std::vector<node_t> d;
  deref_node(n, d);
}

void graph::update_level_from(node_t start) {
  std::vector<node_t> stack{start};
  while (!stack.empty()) {
    const node_t n = stack.back();
    stack.pop_back();
    if (is_dead(n) || n <= num_pis_) continue;
    const std::uint32_t l =
        1 + std::max(level_[lit_node(fanin0_[n])], level_[lit_node(fanin1_[n])]);
    if (l == level_[n]) continue;
    level_[n] = l;
    if (fanouts_on_)
      for (node_t f : fanouts_[n]) stack.push_back(f);
  }
}

void graph::replace(node_t old_node, lit_t new_lit) {
  if (!fanouts_on_) enable_fanouts();
  if (old_node <= num_pis_ || is_dead(old_node))
    throw invalid_argument("aig", "replace: node " + std::to_string(old_node) +
                                      " is not a live AND node");
  std::vector<std::pair<node_t, lit_t>> work{{old_node, new_lit}};
  std::vector<node_t> maybe_dangling;
  while (!work.empty()) {
    auto [o, l] = work.back();
    work.pop_back();
    if (is_dead(o)) continue;
    // if the target died meanwhile (merged away), it cannot: deletions are deferred.
    const node_t ln = lit_node(l);
    if (ln == o) continue;
    // POs
    const std::vector<std::uint32_t> uses = po_uses_[o];
    for (auto i : uses) {
      const lit_t nl = lit_not_cond(l, lit_compl(pos_[i]));
      pos_[i] = nl;
      ++refs_[ln];
      --refs_[o];
      po_uses_[ln].push_back(i);
    }
    po_uses_[o].clear();
    // AND fanouts
    const std::vector<node_t> fos = fanouts_[o];
    fanouts_[o].clear();
    for (node_t f : fos) {
      if (is_dead(f)) continue;
      hash_remove(f);
      lit_t a = fanin0_[f], b = fanin1_[f];
      // both fanins may point to o; the fanout list holds f once per edge
      if (lit_node(a) == o) {
        a = lit_not_cond(l, lit_compl(a));
        --refs_[o];
        ++refs_[ln];
        fanouts_[ln].push_back(f);
      }
      if (lit_node(b) == o) {
        b = lit_not_cond(l, lit_compl(b));
        --refs_[o];
        ++refs_[ln];
        fanouts_[ln].push_back(f);
      }
      if (a < b) std::swap(a, b);
      fanin0_[f] = a;
      fanin1_[f] = b;
      lit_t r = no_lit;
      if (b == lit_false || a == lit_not(b)) r = lit_false;
      else if (b == lit_true || a == b) r = a;
      else if (const node_t g = hash_find(a, b); g != no_node && g != f) r = make_lit(g);
      if (r == no_lit) {
        hash_insert(f);
        update_level_from(f);
      } else {
        work.emplace_back(f, r);
      }
    }
    // skip duplicated entries from the 2-edge case: fos may list f twice; second visit sees
    // fanins no longer pointing to o and does nothing except a re-insert handled above.
    maybe_dangling.push_back(o);
  }
  for (node_t n : maybe_dangling) delete_if_dangling(n);
}

std::uint32_t graph::mffc_nodes(node_t n, const std::vector<node_t>& leaves,
                                std::vector<node_t>& out) {
  out.clear();
  if (!is_and(n)) return 0;
  // Dereference recursively, collect, then re-reference.
  auto is_leaf = [&](node_t m) {
    return std::find(leaves.begin(), leaves.end(), m) != leaves.end();
  };
  std::vector<node_t> stack{n};
  out.push_back(n);
  while (!stack.empty()) {
    const node_t m = stack.back();
    stack.pop_back();
    const lit_t f[2] = {fanin0_[m], fanin1_[m]};
    for (lit_t l : f) {
      const node_t c = lit_node(l);
      if (--refs_[c] == 0 && c > num_pis_ && !is_leaf(c)) {
        out.push_back(c);
        stack.push_back(c);
      }
    }
  }
  for (node_t m : out) {
    ++refs_[lit_node(fanin0_[m])];
    ++refs_[lit_node(fanin1_[m])];
  }
  return static_cast<std::uint32_t>(out.size());
}

std::uint32_t graph::mffc_size(node_t n, const std::vector<node_t>& leaves) {
  std::vector<node_t> tmp;
  return mffc_nodes(n, leaves, tmp);
}

graph graph::cleanup() const {
  graph g;
  for (std::uint32_t i = 0; i < num_pis_; ++i) g.add_pi(pi_names_[i]);
  std::vector<lit_t> map(size(), no_lit);
  map[0] = lit_false;
  for (std::uint32_t i = 1; i <= num_pis_; ++i) map[i] = make_lit(i);
  const auto order = topological_ands();
  g.fanin0_.reserve(num_pis_ + 1 + order.size());
  for (node_t n : order) {
    const lit_t a = lit_not_cond(map[lit_node(fanin0_[n])], lit_compl(fanin0_[n]));
    const lit_t b = lit_not_cond(map[lit_node(fanin1_[n])], lit_compl(fanin1_[n]));
    map[n] = g.create_and(a, b);
  }
  for (std::uint32_t i = 0; i < pos_.size(); ++i)
    g.add_po(lit_not_cond(map[lit_node(pos_[i])], lit_compl(pos_[i])), po_names_[i]);
  g.comment_ = comment_;
  return g;
}

}  // namespace dsegym::sim::aig

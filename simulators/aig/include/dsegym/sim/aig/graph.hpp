#pragma once
// And-Inverter Graph (spec logic-synthesis.md §1): node 0 = constant 0, nodes 1..I = primary
// inputs, then AND nodes. Edges are literals 2*id + complement. Structural hashing with
// complemented edges, levels, reference counts (fanouts + PO uses), optional fanout lists,
// in-place replace with cascading re-hash, MFFC, cleanup/renumbering.
//
// Storage is a handful of flat arrays (8 bytes of fanins + 4 level + 4 refs per node plus an
// open-addressing hash table of 4-byte slots); fanout lists are only built when a transform asks.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace dsegym::sim::aig {

using lit_t = std::uint32_t;
using node_t = std::uint32_t;

inline constexpr lit_t lit_false = 0;
inline constexpr lit_t lit_true = 1;
inline constexpr node_t no_node = 0xFFFFFFFFu;
inline constexpr lit_t no_lit = 0xFFFFFFFFu;

[[nodiscard]] constexpr lit_t make_lit(node_t n, bool complemented = false) noexcept {
  return (n << 1) | static_cast<lit_t>(complemented);
}
[[nodiscard]] constexpr node_t lit_node(lit_t l) noexcept { return l >> 1; }
[[nodiscard]] constexpr bool lit_compl(lit_t l) noexcept { return (l & 1u) != 0; }
[[nodiscard]] constexpr lit_t lit_not(lit_t l) noexcept { return l ^ 1u; }
[[nodiscard]] constexpr lit_t lit_not_cond(lit_t l, bool c) noexcept {
  return l ^ static_cast<lit_t>(c);
}

/// Summary numbers as ABC's print_stats reports them.
struct stats {
  std::uint32_t pis = 0;
  std::uint32_t pos = 0;
  std::uint32_t ands = 0;    ///< AND nodes reachable from the POs
  std::uint32_t levels = 0;  ///< max level of a PO driver
};

class graph {
 public:
  graph();

  // ---- construction -------------------------------------------------------------------------
  /// Adds a primary input; only allowed before the first AND node is created.
  lit_t add_pi(std::string name = {});
  /// Adds a primary output driven by `l`.
  void add_po(lit_t l, std::string name = {});
  /// Structurally hashed AND (spec §1): trivial cases simplified, existing node reused.
  lit_t create_and(lit_t a, lit_t b);
  lit_t create_or(lit_t a, lit_t b) { return lit_not(create_and(lit_not(a), lit_not(b))); }
  lit_t create_xor(lit_t a, lit_t b);
  lit_t create_mux(lit_t sel, lit_t then_lit, lit_t else_lit);
  /// The literal of an existing AND of (a, b) after the trivial simplifications, or no_lit when
  /// creating it would need a new node. Never modifies the graph.
  [[nodiscard]] lit_t lookup_and(lit_t a, lit_t b) const;

  // ---- queries --------------------------------------------------------------------------------
  [[nodiscard]] std::uint32_t size() const noexcept {  ///< node slots, incl. deleted ones
    return static_cast<std::uint32_t>(fanin0_.size());
  }
  [[nodiscard]] std::uint32_t num_pis() const noexcept { return num_pis_; }
  [[nodiscard]] std::uint32_t num_pos() const noexcept {
    return static_cast<std::uint32_t>(pos_.size());
  }
  [[nodiscard]] bool is_const(node_t n) const noexcept { return n == 0; }
  [[nodiscard]] bool is_pi(node_t n) const noexcept { return n >= 1 && n <= num_pis_; }
  [[nodiscard]] bool is_and(node_t n) const noexcept { return n > num_pis_ && !is_dead(n); }
  [[nodiscard]] bool is_dead(node_t n) const noexcept { return fanin0_[n] == no_lit; }
  [[nodiscard]] lit_t fanin0(node_t n) const noexcept { return fanin0_[n]; }
  [[nodiscard]] lit_t fanin1(node_t n) const noexcept { return fanin1_[n]; }
  [[nodiscard]] std::uint32_t level(node_t n) const noexcept { return level_[n]; }
  [[nodiscard]] std::uint32_t refs(node_t n) const noexcept { return refs_[n]; }
  [[nodiscard]] lit_t po(std::uint32_t i) const { return pos_.at(i); }
  [[nodiscard]] const std::vector<lit_t>& pos() const noexcept { return pos_; }
  [[nodiscard]] node_t pi(std::uint32_t i) const noexcept { return i + 1; }
  /// Max level of the PO drivers (ABC `lev`).
  [[nodiscard]] std::uint32_t depth() const;
  /// AND nodes reachable from the POs.
  [[nodiscard]] std::uint32_t num_ands() const;
  /// AND nodes not deleted (reachable or dangling).
  [[nodiscard]] std::uint32_t num_live_ands() const noexcept { return live_ands_; }
  [[nodiscard]] stats statistics() const;
  /// Nodes reachable from the POs (ANDs only) in topological order (fanins first).
  [[nodiscard]] std::vector<node_t> topological_ands() const;

  // ---- names ----------------------------------------------------------------------------------
  [[nodiscard]] const std::string& pi_name(std::uint32_t i) const { return pi_names_.at(i); }
  [[nodiscard]] const std::string& po_name(std::uint32_t i) const { return po_names_.at(i); }
  void set_pi_name(std::uint32_t i, std::string s) { pi_names_.at(i) = std::move(s); }
  void set_po_name(std::uint32_t i, std::string s) { po_names_.at(i) = std::move(s); }
  [[nodiscard]] const std::string& comment() const noexcept { return comment_; }
  void set_comment(std::string c) { comment_ = std::move(c); }

  // ---- fanouts and in-place editing -------------------------------------------------------------
  /// Builds fanout lists (ANDs only; PO uses are kept separately) and keeps them up to date.
  void enable_fanouts();
  [[nodiscard]] bool has_fanouts() const noexcept { return fanouts_on_; }
  /// AND fanouts of n (requires enable_fanouts()).
  [[nodiscard]] const std::vector<node_t>& fanouts(node_t n) const { return fanouts_.at(n); }
  /// Moves every fanout and PO use of AND n to `l` (spec §1 replace): re-hashes fanouts, merging
  /// cascaded duplicates/trivial nodes, deletes what dangles, updates levels. `l` must not depend
  /// on n. Requires enable_fanouts().
  void replace(node_t n, lit_t l);
  /// Deletes n and, recursively, fanins whose references drop to 0, if n has no references.
  void delete_if_dangling(node_t n);
  /// Size of n's MFFC bounded by `leaves` (nodes not entered); does not change the graph.
  [[nodiscard]] std::uint32_t mffc_size(node_t n, const std::vector<node_t>& leaves = {});
  /// Marks n's MFFC (bounded by leaves) in `out` (node ids) and returns its size.
  std::uint32_t mffc_nodes(node_t n, const std::vector<node_t>& leaves, std::vector<node_t>& out);

  // ---- rebuilding -----------------------------------------------------------------------------
  /// Copy with only the logic reachable from the POs, renumbered in DFS order from the POs
  /// (PIs keep their order; names and comment kept).
  [[nodiscard]] graph cleanup() const;

  void set_po(std::uint32_t i, lit_t l);

 private:
  std::uint32_t hash_slot(lit_t a, lit_t b) const noexcept;
  node_t hash_find(lit_t a, lit_t b) const noexcept;
  void hash_insert(node_t n);
  void hash_remove(node_t n);
  void hash_grow();
  void deref_node(node_t n, std::vector<node_t>& dangling);
  void update_level_from(node_t n);
  void remove_fanout(node_t from, node_t fo);

  std::vector<lit_t> fanin0_, fanin1_;
  std::vector<std::uint32_t> level_;
  std::vector<std::uint32_t> refs_;
  std::vector<std::uint32_t> table_;  // node ids; 0 = empty, no_node = tombstone
  std::uint32_t table_used_ = 0;      // filled + tombstones
  std::vector<std::vector<node_t>> fanouts_;
  std::vector<std::vector<std::uint32_t>> po_uses_;  // per node: PO indices (when fanouts on)
  bool fanouts_on_ = false;
  std::vector<std::uint8_t> hashed_;  // node is the table's entry for its fanins
  std::uint32_t num_pis_ = 0;
  std::uint32_t live_ands_ = 0;
  std::vector<lit_t> pos_;
  std::vector<std::string> pi_names_, po_names_;
  std::string comment_;
};

}  // namespace dsegym::sim::aig

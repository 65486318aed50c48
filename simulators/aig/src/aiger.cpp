#include "dsegym/sim/aig/aiger.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::aig {

namespace {

class parser {
 public:
  parser(std::string_view bytes, std::string_view source) : s_(bytes), src_(source) {}

  [[noreturn]] void fail(const std::string& what, std::size_t line) const {
    throw data_error("aig", std::string(src_) + ": " + what, line);
  }
  [[noreturn]] void fail_at(const std::string& what) const {
    throw data_error("aig", std::string(src_) + ": " + what + " at byte offset " +
                                std::to_string(pos_));
  }

  bool at_end() const { return pos_ >= s_.size(); }

  // Reads one line (without '\n'); fails if there is none.
  std::string_view line(const char* what) {
    if (at_end()) fail(std::string("truncated file: expected ") + what, line_no_ + 1);
    const std::size_t e = s_.find('\n', pos_);
    std::string_view l;
    if (e == std::string_view::npos) {
      l = s_.substr(pos_);
      pos_ = s_.size();
    } else {
      l = s_.substr(pos_, e - pos_);
      pos_ = e + 1;
    }
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    ++line_no_;
    return l;
  }

  static std::vector<std::string_view> split(std::string_view l) {
    std::vector<std::string_view> t;
    std::size_t i = 0;
    while (i < l.size()) {
      while (i < l.size() && (l[i] == ' ' || l[i] == '\t')) ++i;
      std::size_t j = i;
      while (j < l.size() && l[j] != ' ' && l[j] != '\t') ++j;
      if (j > i) t.push_back(l.substr(i, j - i));
      i = j;
    }
    return t;
  }

  std::uint64_t number(std::string_view tok, const char* what) const {
    std::uint64_t v = 0;
    auto [p, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), v);
    if (ec != std::errc() || p != tok.data() + tok.size())
      fail(std::string("bad ") + what + " '" + std::string(tok) + "' (expected an unsigned integer)",
           line_no_);
    return v;
  }

  std::uint32_t varint() {
    std::uint64_t x = 0;
    unsigned shift = 0;
    const std::size_t start = pos_;
    while (true) {
      if (pos_ >= s_.size()) {
        pos_ = start;
        fail_at("truncated file: varint of the AND section ends early");
      }
      const auto c = static_cast<unsigned char>(s_[pos_++]);
      if (shift >= 35 || (shift == 28 && (c & 0x70) != 0)) {
        pos_ = start;
        fail_at("bad varint (value exceeds 32 bits)");
      }
      x |= static_cast<std::uint64_t>(c & 0x7F) << shift;
      if ((c & 0x80) == 0) break;
      shift += 7;
    }
    return static_cast<std::uint32_t>(x);
  }

  graph run();

 private:
  std::string_view s_;
  std::string_view src_;
  std::size_t pos_ = 0;
  std::size_t line_no_ = 0;
};

graph parser::run() {
  const std::string_view hl = line("header");
  const auto t = split(hl);
  if (t.empty() || (t[0] != "aig" && t[0] != "aag"))
    fail("bad header '" + std::string(hl.substr(0, 40)) +
             "' (expected 'aig M I L O A' or 'aag M I L O A')",
         1);
  const bool binary = t[0] == "aig";
  if (t.size() < 6 || t.size() > 10)
    fail("bad header: expected 5 to 9 numbers after '" + std::string(t[0]) + "', got " +
             std::to_string(t.size() - 1),
         1);
  std::uint64_t h[9] = {};
  const char* names[9] = {"M", "I", "L", "O", "A", "B", "C", "J", "F"};
  for (std::size_t i = 1; i < t.size(); ++i) h[i - 1] = number(t[i], names[i - 1]);
  const std::uint64_t M = h[0], I = h[1], L = h[2], O = h[3], A = h[4];
  if (M >= (1ull << 30) || O >= (1ull << 30))
    fail("header value too large (M = " + std::to_string(M) + ", O = " + std::to_string(O) + ")", 1);
  if (L != 0)
    fail("sequential AIGER not supported: L = " + std::to_string(L) + " latches (need L = 0)", 1);
  for (int i = 5; i < 9; ++i)
    if (h[i] != 0)
      fail(std::string("unsupported property section: ") + names[i] + " = " + std::to_string(h[i]) +
               " (need 0)",
           1);
  if (binary && M != I + L + A)
    fail("binary AIGER needs M = I + L + A, got M = " + std::to_string(M) + ", I + L + A = " +
             std::to_string(I + L + A),
         1);
  if (I + A > M)
    fail("header: I + A = " + std::to_string(I + A) + " exceeds M = " + std::to_string(M), 1);
  const std::uint64_t max_lit = 2 * M + 1;

  // Refuse headers that promise more than the bytes that follow can hold, before allocating
  // anything sized by them: an ASCII input/output line takes >= 2 bytes ("2\n"), an AND line >= 6
  // ("2 0 0\n"); a binary output line >= 2 bytes and an AND >= 2 varint bytes.
  {
    const std::uint64_t rest = s_.size() - pos_;
    const std::uint64_t need = binary ? 2 * O + 2 * A : 2 * I + 2 * O + 6 * A;
    if (need > rest)
      fail("header declares I = " + std::to_string(I) + ", O = " + std::to_string(O) + ", A = " +
               std::to_string(A) + ", which needs at least " + std::to_string(need) +
               " more bytes, but the file has only " + std::to_string(rest),
           1);
    constexpr std::uint64_t max_binary_inputs = 1u << 22;
    if (binary && I > max_binary_inputs)
      fail("header declares " + std::to_string(I) + " implicit inputs; at most " +
               std::to_string(max_binary_inputs) + " are supported",
           1);
  }

  // Defined variables get dense slots 1..I+A (slot 0 = constant); M only bounds the literals, so
  // a large M with few definitions costs nothing.
  const std::uint64_t slots = I + A + 1;
  const bool dense = M < 4 * slots + 1024;
  std::vector<std::uint32_t> dense_slot(dense ? M + 1 : 0, 0);
  std::unordered_map<std::uint64_t, std::uint32_t> sparse_slot;
  std::vector<std::uint64_t> var_of(1, 0);
  var_of.reserve(slots);
  auto slot_of = [&](std::uint64_t v) -> std::uint32_t {  // 0 for the constant or undefined
    if (dense) return dense_slot[v];
    const auto it = sparse_slot.find(v);
    return it == sparse_slot.end() ? 0 : it->second;
  };
  auto define = [&](std::uint64_t v, std::size_t at) -> std::uint32_t {
    if (slot_of(v) != 0) fail("variable " + std::to_string(v) + " defined twice", at);
    const auto sl = static_cast<std::uint32_t>(var_of.size());
    var_of.push_back(v);
    if (dense) dense_slot[v] = sl;
    else sparse_slot.emplace(v, sl);
    return sl;
  };

  // slot -> definition: 1 input, 2 and
  std::vector<std::uint8_t> kind(slots, 0);
  std::vector<std::uint32_t> input_index(slots, 0);
  std::vector<lit_t> and0(slots, 0), and1(slots, 0);
  std::vector<std::size_t> def_line(slots, 0);
  std::vector<lit_t> outputs;
  outputs.reserve(O);
  std::vector<std::size_t> out_line;

  if (binary) {
    for (std::uint64_t k = 0; k < I; ++k) {
      const auto sl = define(k + 1, 0);
      kind[sl] = 1;
      input_index[sl] = static_cast<std::uint32_t>(k);
    }
  } else {
    for (std::uint64_t k = 0; k < I; ++k) {
      const auto tk = split(line("input line"));
      if (tk.size() != 1) fail("input line needs exactly one literal", line_no_);
      const auto l = number(tk[0], "input literal");
      if (l & 1) fail("input literal " + std::to_string(l) + " is odd", line_no_);
      if (l < 2 || l > max_lit)
        fail("input literal " + std::to_string(l) + " out of range [2, " +
                 std::to_string(2 * M) + "]",
             line_no_);
      const auto sl = define(l / 2, line_no_);
      kind[sl] = 1;
      input_index[sl] = static_cast<std::uint32_t>(k);
      def_line[sl] = line_no_;
    }
  }
  for (std::uint64_t k = 0; k < O; ++k) {
    const auto tk = split(line("output line"));
    if (tk.size() != 1) fail("output line needs exactly one literal", line_no_);
    const auto l = number(tk[0], "output literal");
    if (l > max_lit)
      fail("output literal " + std::to_string(l) + " out of range [0, " + std::to_string(max_lit) +
               "]",
           line_no_);
    outputs.push_back(static_cast<lit_t>(l));
    out_line.push_back(line_no_);
  }
  if (binary) {
    for (std::uint64_t k = 0; k < A; ++k) {
      const std::uint64_t lhs = 2 * (I + L + k + 1);
      const std::uint32_t d0 = varint();
      if (d0 == 0) fail_at("delta0 = 0 for AND " + std::to_string(k) + " (lhs must exceed rhs0)");
      if (d0 > lhs) fail_at("delta0 = " + std::to_string(d0) + " exceeds lhs " + std::to_string(lhs));
      const std::uint64_t r0 = lhs - d0;
      const std::uint32_t d1 = varint();
      if (d1 > r0)
        fail_at("delta1 = " + std::to_string(d1) + " exceeds rhs0 = " + std::to_string(r0));
      const std::uint64_t r1 = r0 - d1;
      const auto sl = define(lhs / 2, 0);
      kind[sl] = 2;
      and0[sl] = static_cast<lit_t>(r0);
      and1[sl] = static_cast<lit_t>(r1);
    }
    // binary lines after the ANDs: count lines for symbols from here on
    line_no_ = 0;
  } else {
    for (std::uint64_t k = 0; k < A; ++k) {
      const auto tk = split(line("AND line"));
      if (tk.size() != 3) fail("AND line needs 'lhs rhs0 rhs1'", line_no_);
      const auto lhs = number(tk[0], "AND lhs");
      const auto r0 = number(tk[1], "AND rhs0");
      const auto r1 = number(tk[2], "AND rhs1");
      if (lhs & 1) fail("AND lhs " + std::to_string(lhs) + " is odd", line_no_);
      if (lhs < 2 || lhs > max_lit)
        fail("AND lhs " + std::to_string(lhs) + " out of range [2, " + std::to_string(2 * M) + "]",
             line_no_);
      if (r0 > max_lit || r1 > max_lit)
        fail("AND rhs " + std::to_string(std::max(r0, r1)) + " out of range [0, " +
                 std::to_string(max_lit) + "]",
             line_no_);
      const auto sl = define(lhs / 2, line_no_);
      kind[sl] = 2;
      and0[sl] = static_cast<lit_t>(r0);
      and1[sl] = static_cast<lit_t>(r1);
      def_line[sl] = line_no_;
    }
  }

  // symbols and comment
  std::vector<std::string> in_names(I), out_names(O);
  std::string comment;
  const bool counting_binary = binary;
  while (!at_end()) {
    const std::size_t here = pos_;
    const std::string_view l = line("symbol");
    const std::size_t ln = counting_binary ? 0 : line_no_;
    if (l == "c") {
      comment = std::string(s_.substr(pos_));
      break;
    }
    if (l.empty()) continue;
    const char kc = l[0];
    if (kc != 'i' && kc != 'o' && kc != 'l' && kc != 'b' && kc != 'c' && kc != 'j' && kc != 'f') {
      pos_ = here;
      if (counting_binary) fail_at("bad symbol table line '" + std::string(l.substr(0, 20)) + "'");
      fail("bad symbol table line '" + std::string(l.substr(0, 20)) + "'", ln);
    }
    const std::size_t sp = l.find(' ');
    const std::string_view idx = l.substr(1, sp == std::string_view::npos ? l.size() - 1 : sp - 1);
    std::uint64_t k = 0;
    auto [p, ec] = std::from_chars(idx.data(), idx.data() + idx.size(), k);
    if (idx.empty() || ec != std::errc() || p != idx.data() + idx.size() ||
        sp == std::string_view::npos) {
      pos_ = here;
      if (counting_binary) fail_at("bad symbol table line '" + std::string(l.substr(0, 20)) + "'");
      fail("bad symbol table line '" + std::string(l.substr(0, 20)) + "'", ln);
    }
    const std::string name(l.substr(sp + 1));
    const std::uint64_t limit = kc == 'i' ? I : kc == 'o' ? O : 0;
    if (k >= limit) {
      pos_ = here;
      const std::string msg = std::string("symbol index ") + kc + std::to_string(k) +
                              " out of range (" + std::to_string(limit) + " entries)";
      if (counting_binary) fail_at(msg);
      fail(msg, ln);
    }
    (kc == 'i' ? in_names : out_names)[k] = name;
  }

  // Build: PIs first, then ANDs in DFS order (handles unordered ASCII ANDs, detects cycles).
  graph g;
  for (std::uint64_t k = 0; k < I; ++k) g.add_pi(std::move(in_names[k]));
  std::vector<lit_t> map(var_of.size(), no_lit);  // by slot
  map[0] = lit_false;
  for (std::size_t sl = 1; sl < var_of.size(); ++sl)
    if (kind[sl] == 1) map[sl] = make_lit(input_index[sl] + 1);
  std::vector<std::uint8_t> state(var_of.size(), 0);  // 1 = on stack
  // slot of the variable of literal l (used by AND slot `user`, 0 = an output); fails if undefined
  auto slot_checked = [&](lit_t l, std::uint32_t user) -> std::uint32_t {
    const std::uint64_t v = l / 2;
    if (v == 0) return 0;
    const auto sl = slot_of(v);
    if (sl == 0) {
      const std::string msg = "literal " + std::to_string(l) + " (used by " +
                              (user == 0 ? std::string("an output") : "AND " + std::to_string(2 * var_of[user])) +
                              ") refers to undefined variable " + std::to_string(v);
      fail(msg, user == 0 ? 0 : def_line[user]);
    }
    return sl;
  };
  std::vector<std::uint32_t> stack;
  auto build = [&](std::uint32_t root) {
    stack.push_back(root);
    while (!stack.empty()) {
      const auto v = stack.back();
      if (map[v] != no_lit) {
        stack.pop_back();
        continue;
      }
      const lit_t a = and0[v], b = and1[v];
      const auto va = slot_checked(a, v), vb = slot_checked(b, v);
      if (map[va] != no_lit && map[vb] != no_lit) {
        map[v] = g.create_and(lit_not_cond(map[va], a & 1), lit_not_cond(map[vb], b & 1));
        state[v] = 0;
        stack.pop_back();
        continue;
      }
      if (state[v] == 1) {
        fail("cycle through AND " + std::to_string(2 * var_of[v]), def_line[v]);
      }
      state[v] = 1;
      for (auto c : {vb, va})
        if (map[c] == no_lit) {
          if (state[c] == 1) fail("cycle through AND " + std::to_string(2 * var_of[c]), def_line[c]);
          stack.push_back(c);
        }
    }
  };
  // ASCII ANDs are built in variable order (as before), binary ones are already in it
  std::vector<std::uint32_t> and_slots;
  for (std::uint32_t sl = 1; sl < var_of.size(); ++sl)
    if (kind[sl] == 2) and_slots.push_back(sl);
  std::sort(and_slots.begin(), and_slots.end(),
            [&](std::uint32_t x, std::uint32_t y) { return var_of[x] < var_of[y]; });
  for (auto sl : and_slots)
    if (map[sl] == no_lit) build(sl);
  for (std::uint64_t k = 0; k < O; ++k) {
    const lit_t l = outputs[k];
    if (l / 2 != 0 && slot_of(l / 2) == 0)
      fail("output literal " + std::to_string(l) + " refers to undefined variable " +
               std::to_string(l / 2),
           binary ? k + 2 : out_line[k]);
    g.add_po(lit_not_cond(map[slot_of(l / 2)], l & 1), std::move(out_names[k]));
  }
  g.set_comment(std::move(comment));
  return g;
}

}  // namespace

graph parse_aiger(std::string_view bytes, std::string_view source) {
  return parser(bytes, source).run();
}

graph read_aiger(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw not_found("aig", "cannot open AIGER file '" + path + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string s = ss.str();
  return parse_aiger(s, path);
}

std::string to_aiger(const graph& g, const aiger_write_options& opt) {
  const auto order = g.topological_ands();
  std::vector<lit_t> map(g.size(), 0);
  const std::uint32_t I = g.num_pis();
  for (std::uint32_t i = 1; i <= I; ++i) map[i] = 2 * i;
  std::uint32_t next = I + 1;
  for (node_t n : order) map[n] = 2 * next++;
  auto tr = [&](lit_t l) { return map[lit_node(l)] | (l & 1); };
  const std::uint32_t A = static_cast<std::uint32_t>(order.size());
  const std::uint32_t M = I + A;
  std::string out = (opt.binary ? "aig " : "aag ") + std::to_string(M) + " " + std::to_string(I) +
                    " 0 " + std::to_string(g.num_pos()) + " " + std::to_string(A) + "\n";
  if (!opt.binary)
    for (std::uint32_t i = 1; i <= I; ++i) out += std::to_string(2 * i) + "\n";
  for (lit_t p : g.pos()) out += std::to_string(tr(p)) + "\n";
  for (node_t n : order) {
    const lit_t lhs = map[n];
    lit_t r0 = tr(g.fanin0(n)), r1 = tr(g.fanin1(n));
    if (r0 < r1) std::swap(r0, r1);
    if (opt.binary) {
      for (std::uint32_t d : {lhs - r0, r0 - r1}) {
        while (d >= 0x80) {
          out.push_back(static_cast<char>((d & 0x7F) | 0x80));
          d >>= 7;
        }
        out.push_back(static_cast<char>(d));
      }
    } else {
      out += std::to_string(lhs) + " " + std::to_string(r0) + " " + std::to_string(r1) + "\n";
    }
  }
  if (opt.symbols) {
    for (std::uint32_t i = 0; i < I; ++i)
      if (!g.pi_name(i).empty()) out += "i" + std::to_string(i) + " " + g.pi_name(i) + "\n";
    for (std::uint32_t i = 0; i < g.num_pos(); ++i)
      if (!g.po_name(i).empty()) out += "o" + std::to_string(i) + " " + g.po_name(i) + "\n";
  }
  if (opt.comment && !g.comment().empty()) out += "c\n" + g.comment();
  return out;
}

void write_aiger(const graph& g, const std::string& path, const aiger_write_options& opt) {
  std::ofstream f(path, std::ios::binary);
  if (!f) throw not_found("aig", "cannot write AIGER file '" + path + "'");
  const std::string s = to_aiger(g, opt);
  f.write(s.data(), static_cast<std::streamsize>(s.size()));
  if (!f) throw data_error("aig", "write failed for '" + path + "'");
}

}  // namespace dsegym::sim::aig

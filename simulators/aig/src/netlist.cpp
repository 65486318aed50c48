// BLIF / Verilog writers for the AIG and for the mappers' covers.
#include "dsegym/sim/aig/netlist.hpp"

#include <cctype>
#include <string>
#include <unordered_set>
#include <vector>

#include "detail.hpp"
#include "dsegym/core/error.hpp"

namespace dsegym::sim::aig {

namespace {

enum class dialect { blif, verilog };

/// A name legal in the dialect: BLIF takes any token without whitespace; Verilog identifiers
/// keep [A-Za-z0-9_$] (other characters become '_', a leading digit gets a '_' prefix).
std::string legal(std::string s, dialect d) {
  if (d == dialect::blif) {
    for (char& c : s)
      if (std::isspace(static_cast<unsigned char>(c)) || c == '=' || c == '#') c = '_';
    return s;
  }
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '$') c = '_';
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '$') s = "_" + s;
  return s;
}

/// Port and net names of a cleaned-up graph: PIs and POs keep their names (made unique), internal
/// nets are w<node> (or w<node>_n for a complemented net).
struct names {
  std::vector<std::string> pi, po;
  std::unordered_set<std::string> used;
  std::string prefix = "w";

  names(const graph& g, dialect d) {
    auto unique = [&](std::string s) {
      std::string base = s;
      for (int k = 1; !used.insert(s).second; ++k) s = base + "_" + std::to_string(k);
      return s;
    };
    for (std::uint32_t i = 0; i < g.num_pis(); ++i)
      pi.push_back(unique(legal(g.pi_name(i).empty() ? "pi" + std::to_string(i) : g.pi_name(i), d)));
    for (std::uint32_t i = 0; i < g.num_pos(); ++i)
      po.push_back(unique(legal(g.po_name(i).empty() ? "po" + std::to_string(i) : g.po_name(i), d)));
    // an internal prefix no port name starts with
    for (bool clash = true; clash;) {
      clash = false;
      for (const auto& s : used)
        if (s.rfind(prefix, 0) == 0 && s.size() > prefix.size() &&
            std::isdigit(static_cast<unsigned char>(s[prefix.size()]))) {
          clash = true;
          prefix += "_";
          break;
        }
    }
  }
  /// Net of node n (positive phase): a PI's port name, else the internal wire.
  std::string net(const graph& g, node_t n) const {
    if (g.is_pi(n)) return pi[n - 1];
    return prefix + std::to_string(n);
  }
};

std::string verilog_header(std::string_view model, const names& nm) {
  std::string v = "module " + legal(std::string(model), dialect::verilog) + "(";
  bool first = true;
  for (const auto& s : nm.pi) {
    v += (first ? "" : ", ") + s;
    first = false;
  }
  for (const auto& s : nm.po) {
    v += (first ? "" : ", ") + s;
    first = false;
  }
  v += ");\n";
  for (const auto& s : nm.pi) v += "  input " + s + ";\n";
  for (const auto& s : nm.po) v += "  output " + s + ";\n";
  return v;
}

std::string blif_header(std::string_view model, const names& nm) {
  std::string b = ".model " + legal(std::string(model), dialect::blif) + "\n.inputs";
  for (const auto& s : nm.pi) b += " " + s;
  b += "\n.outputs";
  for (const auto& s : nm.po) b += " " + s;
  b += "\n";
  return b;
}

/// BLIF for PO i driven by literal l, whose positive net is `net` (constants need none).
std::string blif_po(lit_t l, const std::string& net, const std::string& po) {
  if (lit_node(l) == 0) return ".names " + po + (lit_compl(l) ? "\n1\n" : "\n");
  return ".names " + net + " " + po + (lit_compl(l) ? "\n0 1\n" : "\n1 1\n");
}

}  // namespace

std::string to_blif(const graph& input, std::string_view model) {
  const graph g = input.cleanup();
  const names nm(g, dialect::blif);
  std::string b = blif_header(model, nm);
  for (node_t n : g.topological_ands()) {
    const lit_t a = g.fanin0(n), c = g.fanin1(n);
    b += ".names " + nm.net(g, lit_node(a)) + " " + nm.net(g, lit_node(c)) + " " + nm.net(g, n) + "\n";
    b += std::string(lit_compl(a) ? "0" : "1") + (lit_compl(c) ? "0" : "1") + " 1\n";
  }
  for (std::uint32_t i = 0; i < g.num_pos(); ++i) b += blif_po(g.po(i), nm.net(g, lit_node(g.po(i))), nm.po[i]);
  return b + ".end\n";
}

std::string to_verilog(const graph& input, std::string_view model) {
  const graph g = input.cleanup();
  const names nm(g, dialect::verilog);
  std::string v = verilog_header(model, nm);
  const auto order = g.topological_ands();
  for (node_t n : order) v += "  wire " + nm.net(g, n) + ";\n";
  auto ref = [&](lit_t l) {
    if (lit_node(l) == 0) return std::string(lit_compl(l) ? "1'b1" : "1'b0");
    return (lit_compl(l) ? "~" : "") + nm.net(g, lit_node(l));
  };
  for (node_t n : order) v += "  assign " + nm.net(g, n) + " = " + ref(g.fanin0(n)) + " & " + ref(g.fanin1(n)) + ";\n";
  for (std::uint32_t i = 0; i < g.num_pos(); ++i) v += "  assign " + nm.po[i] + " = " + ref(g.po(i)) + ";\n";
  return v + "endmodule\n";
}

lut_result map_luts_to_blif(const graph& input, std::string& blif, const lut_options& opt, std::string_view model) {
  const graph g = input.cleanup();
  std::vector<detail::lut_cover_entry> cover;
  const lut_result r = detail::map_luts_cover(g, opt, &cover);
  const names nm(g, dialect::blif);
  std::string b = blif_header(model, nm);
  std::vector<std::uint64_t> tt;
  for (const auto& e : cover) {  // BLIF does not need the .names in order
    const auto nv = static_cast<unsigned>(e.leaves.size());
    if (!detail::cone_tt(g, e.root, e.leaves, nv, tt, nullptr, 1u << 20))
      throw error("aig", "map_luts_to_blif: LUT cone of node " + std::to_string(e.root) + " escapes its leaves",
                  error_code::internal);
    b += ".names";
    for (node_t l : e.leaves) b += " " + nm.net(g, l);
    b += " " + nm.net(g, e.root) + "\n";
    for (std::uint32_t m = 0; m < (1u << nv); ++m) {
      if (((tt[m >> 6] >> (m & 63)) & 1u) == 0) continue;
      for (unsigned i = 0; i < nv; ++i) b += ((m >> i) & 1u) ? '1' : '0';
      b += " 1\n";
    }
  }
  for (std::uint32_t i = 0; i < g.num_pos(); ++i) b += blif_po(g.po(i), nm.net(g, lit_node(g.po(i))), nm.po[i]);
  blif = b + ".end\n";
  return r;
}

cell_result map_cells_to_verilog(const graph& input, const gate_library& lib, std::string& verilog,
                                 std::string_view model) {
  const graph g = input.cleanup();
  std::vector<detail::cell_instance> cover;
  const cell_result r = detail::map_cells_cover(g, lib, &cover);
  const names nm(g, dialect::verilog);
  auto net = [&](node_t n, int ph) {
    if (ph == 0 && g.is_pi(n)) return nm.net(g, n);
    if (n == 0) return nm.prefix + (ph ? "_one" : "_zero");
    return nm.prefix + std::to_string(n) + (ph ? "_n" : "");
  };
  std::string v = verilog_header(model, nm);
  for (const auto& c : cover) v += "  wire " + net(c.node, c.phase) + ";\n";
  int k = 0;
  for (const auto& c : cover) {
    if (c.gate == detail::no_gate) {
      v += "  assign " + net(c.node, c.phase) + " = " + (c.phase ? "1'b1" : "1'b0") + ";\n";
      continue;
    }
    const gate& gt = lib.gates[c.gate];
    v += "  " + gt.name + " g" + std::to_string(k++) + " (";
    for (std::size_t j = 0; j < gt.inputs.size(); ++j)
      v += "." + gt.inputs[j] + "(" + net(c.pins[j].first, c.pins[j].second) + "), ";
    v += "." + gt.output + "(" + net(c.node, c.phase) + "));\n";
  }
  for (std::uint32_t i = 0; i < g.num_pos(); ++i) {
    const lit_t p = g.po(i);
    v += "  assign " + nm.po[i] + " = " + net(lit_node(p), lit_compl(p) ? 1 : 0) + ";\n";
  }
  verilog = v + "endmodule\n";
  return r;
}

}  // namespace dsegym::sim::aig

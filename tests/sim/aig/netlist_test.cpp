// Netlist writers: the AIG and the mappers' covers as BLIF / structural Verilog. Checked by a small
// BLIF simulator here, and by berkeley-abc's `cec` when it is installed.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "dsegym/core/random.hpp"
#include "dsegym/sim/aig/aiger.hpp"
#include "dsegym/sim/aig/equivalence.hpp"
#include "dsegym/sim/aig/generators.hpp"
#include "dsegym/sim/aig/netlist.hpp"
#include "dsegym/sim/aig/transforms.hpp"
#include "abc_process.hpp"
#include "test_data.hpp"

namespace aig = dsegym::sim::aig;

namespace {

/// Evaluates a BLIF of `.names` (single-output covers, on-set rows) for one input assignment.
std::vector<bool> eval_blif(const std::string& text, const std::vector<bool>& in) {
  std::istringstream s(text);
  std::string line;
  std::vector<std::string> inputs, outputs;
  struct cover {
    std::vector<std::string> ins;
    std::string out;
    std::vector<std::string> rows;
  };
  std::vector<cover> covers;
  while (std::getline(s, line)) {
    std::istringstream ls(line);
    std::string w;
    ls >> w;
    if (w == ".inputs") while (ls >> w) inputs.push_back(w);
    else if (w == ".outputs") while (ls >> w) outputs.push_back(w);
    else if (w == ".names") {
      cover c;
      while (ls >> w) c.ins.push_back(w);
      c.out = c.ins.back();
      c.ins.pop_back();
      covers.push_back(c);
    } else if (!w.empty() && w[0] != '.' && !covers.empty()) {
      covers.back().rows.push_back(line);
    }
  }
  std::map<std::string, int> val;  // -1 unknown
  for (std::size_t i = 0; i < inputs.size(); ++i) val[inputs[i]] = in[i];
  for (bool changed = true; changed;) {  // iterate to a fixpoint: BLIF covers come in any order
    changed = false;
    for (const auto& c : covers) {
      if (val.count(c.out)) continue;
      bool ready = true;
      for (const auto& x : c.ins) ready = ready && val.count(x);
      if (!ready) continue;
      int v = 0;
      for (const auto& r : c.rows) {
        std::istringstream rs(r);
        std::string cube, o;
        if (c.ins.empty()) {
          rs >> o;
          v = o == "1";
          continue;
        }
        rs >> cube >> o;
        bool match = true;
        for (std::size_t i = 0; i < c.ins.size(); ++i)
          if (cube[i] != '-' && (cube[i] == '1') != (val[c.ins[i]] == 1)) match = false;
        if (match) v = 1;
      }
      val[c.out] = v;
      changed = true;
    }
  }
  std::vector<bool> out;
  for (const auto& o : outputs) {
    EXPECT_TRUE(val.count(o)) << "output " << o << " never computed";
    out.push_back(val[o] == 1);
  }
  return out;
}

void expect_blif_matches(const aig::graph& g, const std::string& blif, int patterns = 64) {
  dsegym::rng r(7);
  for (int k = 0; k < patterns; ++k) {
    std::vector<bool> in(g.num_pis());
    for (std::size_t i = 0; i < in.size(); ++i) in[i] = (r() & 1) != 0;
    ASSERT_EQ(eval_blif(blif, in), aig::evaluate(g, in)) << "pattern " << k;
  }
}

using dsegym_test::have_abc;
using dsegym_test::run_process;

std::string temp_path(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("dsegym_netlist_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

aig::graph small_design() {
  // a mix of shared logic, complemented and constant outputs, and a PI passed straight through
  aig::graph g = aig::make_adder(4);
  aig::graph h;
  std::vector<aig::lit_t> in;
  for (unsigned i = 0; i < g.num_pis(); ++i) in.push_back(h.add_pi("x" + std::to_string(i)));
  const auto a = h.create_xor(in[0], in[5]), b = h.create_mux(in[1], a, in[6]), c = h.create_and(b, aig::lit_not(in[7]));
  h.add_po(aig::lit_not(c), "nc");
  h.add_po(h.create_or(c, in[2]), "or");
  h.add_po(aig::lit_true, "one");
  h.add_po(aig::lit_false, "zero");
  h.add_po(in[3], "thru");
  h.add_po(aig::lit_not(in[4]), "inv");
  h.add_po(h.create_xor(h.create_xor(in[0], in[1]), h.create_xor(in[2], h.create_xor(in[3], in[4]))), "par");
  return h;
}

}  // namespace

TEST(AigNetlist, AigAsBlifSimulatesLikeTheGraph) {
  const auto g = small_design();
  expect_blif_matches(g, aig::to_blif(g));
  const auto m = aig::make_multiplier(4);
  expect_blif_matches(m, aig::to_blif(m));
}

TEST(AigNetlist, LutCoverAsBlifSimulatesLikeTheGraph) {
  for (unsigned k : {3u, 4u, 6u, 8u}) {
    for (const auto& g : {small_design(), aig::make_multiplier(5), aig::make_random_logic(16, 6, 300, 3)}) {
      std::string blif;
      const auto r = aig::map_luts_to_blif(g, blif, {.k = k});
      EXPECT_EQ(r.luts, aig::map_luts(g, {.k = k}).luts);
      // one .names per LUT plus one per output
      std::size_t names = 0;
      for (std::size_t p = blif.find(".names"); p != std::string::npos; p = blif.find(".names", p + 1)) ++names;
      EXPECT_EQ(names, r.luts + g.num_pos()) << "k = " << k;
      expect_blif_matches(g, blif, 32);
    }
  }
}

TEST(AigNetlist, CellCoverAsVerilogHasOneInstancePerGate) {
  const auto g = aig::make_multiplier(4);
  std::string v;
  const auto r = aig::map_cells_to_verilog(g, aig::default_library(), v);
  EXPECT_EQ(r.area, aig::map_cells(g, aig::default_library()).area);
  std::size_t inst = 0;
  for (const char* gate : {"BUF ", "INV ", "NAND2 ", "NOR2 ", "AND2 ", "OR2 ", "NAND3 ", "NOR3 ", "AOI21 ", "OAI21 ",
                           "XOR2 ", "XNOR2 ", "ZERO ", "ONE "})
    for (std::size_t p = v.find(std::string("  ") + gate); p != std::string::npos;
         p = v.find(std::string("  ") + gate, p + 1))
      ++inst;
  EXPECT_EQ(inst, r.gates);
  EXPECT_NE(v.find("module top("), std::string::npos);
  EXPECT_NE(v.find("endmodule"), std::string::npos);
}

TEST(AigNetlist, AbcProvesWrittenNetlistsEquivalent) {
  if (!have_abc()) GTEST_SKIP() << "berkeley-abc not installed";
  std::vector<std::pair<std::string, aig::graph>> designs = {{"small", small_design()},
                                                             {"mult5", aig::make_multiplier(5)}};
  if (aig_test::have_epfl())
    for (const char* d : {"ctrl", "int2float", "router", "cavlc"})
      designs.emplace_back(d, aig::read_aiger(aig_test::epfl_path(d)));
  const std::string genlib = std::string(DSEGYM_TEST_DATA_DIR) + "/genlib/simple.genlib";
  const bool have_genlib = std::filesystem::exists(genlib);
  for (const auto& [name, g] : designs) {
    const std::string orig = temp_path(name + ".aig");
    aig::write_aiger(g, orig);
    const aig::graph opt = aig::resyn2(g);
    std::string luts;
    (void)aig::map_luts_to_blif(opt, luts);
    write(temp_path(name + "_lut.blif"), luts);
    write(temp_path(name + "_aig.blif"), aig::to_blif(opt));
    write(temp_path(name + "_aig.v"), aig::to_verilog(opt));
    for (const auto& f : {name + "_lut.blif", name + "_aig.blif", name + "_aig.v"}) {
      const std::string out = run_process("berkeley-abc -c 'cec -n " + orig + " " + temp_path(f) + "' 2>&1");
      EXPECT_NE(out.find("Networks are equivalent"), std::string::npos) << f << ": " << out;
    }
    if (have_genlib) {
      std::string cells;
      (void)aig::map_cells_to_verilog(opt, aig::read_genlib(genlib), cells);
      write(temp_path(name + "_cells.v"), cells);
      const std::string out = run_process("berkeley-abc -c 'read_genlib " + genlib + "; read -m " + temp_path(name + "_cells.v") +
                                  "; cec -n " + orig + "' 2>&1");
      EXPECT_NE(out.find("Networks are equivalent"), std::string::npos) << name << " cells: " << out;
    }
  }
  std::filesystem::remove_all(std::filesystem::path(temp_path("x")).parent_path());
}

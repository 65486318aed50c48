// aig_opt: run a recipe of AIG commands on an AIGER file and print stats and times, e.g.
//   aig_opt design.aig "b; rw; rf; b; rw; rwz; b; rfz; rwz; b" [out.aig]
// Extra commands: "resyn2", "if" (6-LUT map), "map" (genlib map with the built-in library or
// DSEGYM_AIG_GENLIB), "stats". Output lines are machine-readable: "<cmd> ands=N lev=D sec=T".
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "dsegym/sim/aig/aiger.hpp"
#include "dsegym/sim/aig/mapping.hpp"
#include "dsegym/sim/aig/transforms.hpp"

namespace aig = dsegym::sim::aig;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: aig_opt in.aig \"cmd; cmd; ...\" [out.aig]\n";
    return 2;
  }
  try {
    auto t0 = std::chrono::steady_clock::now();
    aig::graph g = aig::read_aiger(argv[1]);
    auto secs = [](auto a) {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
    };
    std::printf("read ands=%u lev=%u sec=%.3f\n", g.num_ands(), g.depth(), secs(t0));
    std::string recipe = argv[2];
    std::size_t i = 0;
    double total = 0;
    while (i <= recipe.size()) {
      std::size_t j = recipe.find(';', i);
      if (j == std::string::npos) j = recipe.size();
      std::string cmd = recipe.substr(i, j - i);
      while (!cmd.empty() && cmd.front() == ' ') cmd.erase(cmd.begin());
      while (!cmd.empty() && cmd.back() == ' ') cmd.pop_back();
      i = j + 1;
      if (cmd.empty()) continue;
      const auto t = std::chrono::steady_clock::now();
      if (cmd == "if") {
        const auto r = aig::map_luts(g);
        std::printf("if luts=%u depth=%u sec=%.3f\n", r.luts, r.depth, secs(t));
        continue;
      }
      if (cmd == "map") {
        const char* lib = std::getenv("DSEGYM_AIG_GENLIB");
        const auto L = lib ? aig::read_genlib(lib) : aig::default_library();
        const auto r = aig::map_cells(g, L);
        std::printf("map area=%.1f delay=%.1f gates=%u sec=%.3f\n", r.area, r.delay, r.gates,
                    secs(t));
        continue;
      }
      if (cmd == "resyn2") g = aig::resyn2(g);
      else if (cmd != "stats") g = aig::apply_command(g, cmd);
      const double s = secs(t);
      total += s;
      std::printf("%s ands=%u lev=%u sec=%.3f\n", cmd.c_str(), g.num_ands(), g.depth(), s);
    }
    std::printf("total sec=%.3f\n", total);
    if (argc > 3) aig::write_aiger(g, argv[3]);
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}

// aig_qor: the AIG engine against Debian's berkeley-abc, in the same run, on two suites:
//   epfl  the EPFL designs from $DSEGYM_BENCH_DATA_DIR/epfl (the engine was developed on them)
//   gen   held-out circuits from the engine's generators (CRCs, shifters, priority encoders,
//         ALUs, popcounts, written without hand optimisation)
// Modes (first argument):
//   qor [suite...]        resyn2 AND count / levels / time ratios (ours / ABC; CPU time vs ABC's
//                         own `time`), 6-LUT count / depth of map_luts vs `if -K 6` on the
//                         identical AIG (ABC's resyn2 result), and ABC `cec` of every output we
//                         write (our resyn2 AIG and our LUT netlist). Geomeans per suite, worst design.
//   agree [suite...]      for each design, N random length-10 recipes of the env's 7 actions run
//                         through both backends; ADP of each result by the project's cell mapper
//                         (simple.genlib, as circuit/LogicSynthesis does); Spearman of the two ADP
//                         lists per design, and how many recipes beat resyn2 under each backend.
// Environment: AIG_QOR_DESIGNS (comma list, overrides the suites' lists), AIG_QOR_RECIPES (N, 25),
// AIG_QOR_SEED (1). Without berkeley-abc only our numbers are printed.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "dsegym/core/random.hpp"
#include "abc_process.hpp"
#include "dsegym/sim/aig/aiger.hpp"
#include "dsegym/sim/aig/generators.hpp"
#include "dsegym/sim/aig/mapping.hpp"
#include "dsegym/sim/aig/netlist.hpp"
#include "dsegym/sim/aig/transforms.hpp"

namespace aig = dsegym::sim::aig;

namespace {

std::string data_dir() {
  if (const char* d = std::getenv("DSEGYM_DATA_DIR")) return d;
#ifdef DSEGYM_BENCH_DATA_DIR
  return DSEGYM_BENCH_DATA_DIR;
#else
  return "../shared/data";
#endif
}

const std::filesystem::path& work_dir() {
  static const auto d = [] {
    auto p = std::filesystem::temp_directory_path() / ("aig_qor_" + std::to_string(::getpid()));
    std::filesystem::create_directories(p);
    return p;
  }();
  return d;
}

using dsegym_test::have_abc;
using dsegym_test::run_process;

struct design {
  std::string name;
  std::function<aig::graph()> make;
};

std::vector<design> suite(const std::string& s) {
  std::vector<design> out;
  if (s == "epfl") {
    const std::vector<std::string> arith{"adder", "bar", "div", "hyp", "log2", "max", "multiplier", "sin", "sqrt", "square"};
    std::vector<std::string> names{"adder", "bar",      "max",    "sin",      "arbiter", "cavlc", "ctrl",
                                   "dec",   "i2c",      "int2float", "priority", "router", "voter"};
    if (const char* all = std::getenv("AIG_QOR_EPFL_ALL"); all && std::string(all) == "1")
      names = {"adder", "bar", "div", "hyp", "log2", "max", "multiplier", "sin", "sqrt", "square",
               "arbiter", "cavlc", "ctrl", "dec", "i2c", "int2float", "mem_ctrl", "priority", "router", "voter"};
    for (const auto& n : names) {
      const bool a = std::find(arith.begin(), arith.end(), n) != arith.end();
      const std::string p = data_dir() + "/epfl/" + (a ? "arithmetic/" : "random_control/") + n + ".aig";
      if (std::filesystem::exists(p)) out.push_back({n, [p] { return aig::read_aiger(p); }});
    }
  } else if (s == "gen") {
    out = {{"crc32_d32", [] { return aig::make_crc(32, 32, 0x04C11DB7u); }},
           {"crc16_d64", [] { return aig::make_crc(64, 16, 0x1021u); }},
           {"crc8_d16", [] { return aig::make_crc(16, 8, 0x07u); }},
           {"shifter32", [] { return aig::make_shifter(32); }},
           {"shifter64", [] { return aig::make_shifter(64); }},
           {"prienc64", [] { return aig::make_priority_encoder(64); }},
           {"prienc128", [] { return aig::make_priority_encoder(128); }},
           {"alu16", [] { return aig::make_alu(16); }},
           {"alu32", [] { return aig::make_alu(32); }},
           {"popcount32", [] { return aig::make_popcount(32); }},
           {"popcount64", [] { return aig::make_popcount(64); }},
           {"mult8", [] { return aig::make_multiplier(8); }},
           {"cmp64", [] { return aig::make_comparator(64); }},
           {"mux6", [] { return aig::make_mux(6); }}};
  }
  if (const char* only = std::getenv("AIG_QOR_DESIGNS")) {
    std::vector<design> f;
    std::stringstream ss(only);
    std::string x;
    while (std::getline(ss, x, ','))
      for (const auto& d : out)
        if (d.name == x) f.push_back(d);
    out = f;
  }
  return out;
}

const char* resyn2_abc = "balance; rewrite; refactor; balance; rewrite; rewrite -z; balance; refactor -z; rewrite -z; balance";

struct abc_stats {
  double ands = 0, lev = 0, seconds = 0, luts = 0, lut_depth = 0;
};

std::vector<std::pair<double, double>> all_stats(const std::string& out) {
  std::vector<std::pair<double, double>> v;
  const std::regex re("and =\\s*([0-9]+)\\s+lev =\\s*([0-9]+)");
  for (std::sregex_iterator it(out.begin(), out.end(), re), e; it != e; ++it)
    v.emplace_back(std::stod((*it)[1]), std::stod((*it)[2]));
  return v;
}

double geomean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += std::log(x);
  return v.empty() ? 1.0 : std::exp(s / static_cast<double>(v.size()));
}

int run_qor(const std::vector<std::string>& suites) {
  const bool abc = have_abc();
  if (!abc) std::printf("berkeley-abc is not installed: only our numbers, no ratios\n");
  for (const auto& s : suites) {
    std::vector<double> r_and, r_lev, r_time, r_lut, r_depth, r_lut_same, r_depth_same;
    std::string worst;
    double worst_r = 0;
    int cec_ok = 0, cec_total = 0;
    std::printf("\n== suite %s: resyn2 ours/ABC; 6-LUT map_luts vs `if -K 6` on ABC's resyn2 AIG ==\n", s.c_str());
    std::printf("%-12s %8s %8s %7s %6s %6s | %6s %6s %7s | %11s %7s %11s %7s | %s\n", "design", "ANDs", "ABC", "ratio",
                "lev", "ABC", "ms", "ABCms", "t-ratio", "LUT same", "ratio", "depth same", "ratio", "cec");
    for (const auto& d : suite(s)) {
      const aig::graph g = d.make();
      const auto in = (work_dir() / (d.name + ".aig")).string();
      aig::write_aiger(g, in);
      const std::clock_t t0 = std::clock();
      const aig::graph ours = aig::resyn2(g);
      const double ours_s = static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC;
      const auto out = (work_dir() / (d.name + "_ours.aig")).string();
      aig::write_aiger(ours, out);
      std::string luts_blif;
      (void)aig::map_luts_to_blif(ours, luts_blif);
      const auto lut_path = (work_dir() / (d.name + "_ours_lut.blif")).string();
      std::ofstream(lut_path) << luts_blif;
      if (!abc) {
        std::printf("%-12s %8u %8s %7s %6u %6s | %6.0f\n", d.name.c_str(), ours.num_ands(), "-", "-", ours.depth(), "-",
                    ours_s * 1000);
        continue;
      }
      const auto abc_out = (work_dir() / (d.name + "_abc.aig")).string();
      const std::string o1 = run_process("berkeley-abc -c 'read " + in + "; time; " + resyn2_abc + "; time; print_stats; write_aiger " +
                                         abc_out + "; if -K 6; print_stats' 2>&1");
      abc_stats a;
      const auto st = all_stats(o1);
      std::vector<double> el;
      const std::regex elapse("elapse: ([0-9.]+) seconds");
      for (std::sregex_iterator it(o1.begin(), o1.end(), elapse), e; it != e; ++it) el.push_back(std::stod((*it)[1]));
      std::smatch m;
      if (!st.empty()) {
        a.ands = st[0].first;
        a.lev = st[0].second;
      }
      if (el.size() >= 2) a.seconds = el[1];
      if (std::regex_search(o1, m, std::regex(" nd =\\s*([0-9]+)\\s+edge =.*lev =\\s*([0-9]+)"))) {
        a.luts = std::stod(m[1]);
        a.lut_depth = std::stod(m[2]);
      }
      if (a.ands <= 0 || a.luts <= 0) {
        std::printf("%-12s could not parse berkeley-abc output\n", d.name.c_str());
        continue;
      }
      // LUT mapping of the identical AIG (ABC's resyn2 result)
      const aig::graph abc_g = aig::read_aiger(abc_out);
      const auto same = aig::map_luts(abc_g);
      // ABC proves our outputs equivalent to the input
      const std::string c1 = run_process("berkeley-abc -c 'cec -n " + in + " " + out + "' 2>&1");
      const std::string c2 = run_process("berkeley-abc -c 'cec -n " + in + " " + lut_path + "' 2>&1");
      const bool ok1 = c1.find("Networks are equivalent") != std::string::npos;
      const bool ok2 = c2.find("Networks are equivalent") != std::string::npos;
      cec_ok += ok1 + ok2;
      cec_total += 2;
      const double ra = ours.num_ands() / a.ands, rl = a.lev > 0 ? ours.depth() / a.lev : 1.0;
      const double rt = ours_s / std::max(a.seconds, 0.005);
      const double rlut = same.luts / a.luts, rdep = a.lut_depth > 0 ? same.depth / a.lut_depth : 1.0;
      r_and.push_back(ra);
      r_lev.push_back(std::max(rl, 1e-9));
      r_time.push_back(rt);
      r_lut_same.push_back(rlut);
      r_depth_same.push_back(std::max(rdep, 1e-9));
      if (ra > worst_r) {
        worst_r = ra;
        worst = d.name;
      }
      std::printf("%-12s %8u %8.0f %7.3f %6u %6.0f | %6.0f %6.0f %7.2f | %5u/%-5.0f %7.3f %5u/%-5.0f %7.3f | %s\n",
                  d.name.c_str(), ours.num_ands(), a.ands, ra, ours.depth(), a.lev, ours_s * 1000, a.seconds * 1000, rt,
                  same.luts, a.luts, rlut, same.depth, a.lut_depth, rdep, ok1 && ok2 ? "ok" : "FAIL");
      std::fflush(stdout);
    }
    if (!r_and.empty())
      std::printf("suite %s geomean: ANDs %.3f  levels %.3f  time %.3f  LUTs(same AIG) %.3f  LUT depth(same AIG) %.3f  "
                  "worst ANDs %s %.3f  cec %d/%d\n",
                  s.c_str(), geomean(r_and), geomean(r_lev), geomean(r_time), geomean(r_lut_same),
                  geomean(r_depth_same), worst.c_str(), worst_r, cec_ok, cec_total);
  }
  return 0;
}

std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<std::size_t> idx(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) idx[i] = i;
  std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < idx.size();) {
    std::size_t j = i;
    while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[i]]) ++j;
    for (std::size_t k = i; k <= j; ++k) r[idx[k]] = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    i = j + 1;
  }
  return r;
}

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  const auto ra = ranks(a), rb = ranks(b);
  const double n = static_cast<double>(a.size());
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ma += ra[i] / n;
    mb += rb[i] / n;
  }
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (ra[i] - ma) * (rb[i] - mb);
    saa += (ra[i] - ma) * (ra[i] - ma);
    sbb += (rb[i] - mb) * (rb[i] - mb);
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0.0;
}

int run_agree(const std::vector<std::string>& suites) {
  if (!have_abc()) {
    std::printf("berkeley-abc is not installed: nothing to compare\n");
    return 0;
  }
  const char* commands[] = {"refactor", "refactor -z", "rewrite", "rewrite -z", "resub", "resub -z", "balance"};
  const int n = std::getenv("AIG_QOR_RECIPES") ? std::atoi(std::getenv("AIG_QOR_RECIPES")) : 25;
  const std::uint64_t seed = std::getenv("AIG_QOR_SEED") ? std::strtoull(std::getenv("AIG_QOR_SEED"), nullptr, 10) : 1;
  const aig::gate_library lib = std::filesystem::exists(data_dir() + "/genlib/simple.genlib")
                                    ? aig::read_genlib(data_dir() + "/genlib/simple.genlib")
                                    : aig::default_library();
  for (const auto& s : suites) {
    std::printf("\n== suite %s: Spearman of ADP (project cell mapper) over %d random 10-step recipes, engine vs ABC ==\n",
                s.c_str(), n);
    std::printf("%-12s %9s %14s %14s\n", "design", "spearman", "beat resyn2 us", "beat resyn2 ABC");
    std::vector<double> all;
    for (const auto& d : suite(s)) {
      const aig::graph g = d.make();
      const auto in = (work_dir() / (d.name + ".aig")).string();
      aig::write_aiger(g, in);
      dsegym::rng r(seed);
      std::vector<std::string> recipes;
      std::string script = "read " + in + "; " + resyn2_abc + "; write_aiger " + (work_dir() / (d.name + "_r2.aig")).string() + "; ";
      for (int k = 0; k < n; ++k) {
        std::string rec;
        for (int step = 0; step < 10; ++step) rec += std::string(step ? "; " : "") + commands[r() % 7];
        recipes.push_back(rec);
        script += "read " + in + "; " + rec + "; write_aiger " + (work_dir() / (d.name + "_r" + std::to_string(k) + ".aig")).string() + "; ";
      }
      (void)run_process("berkeley-abc -c '" + script + "' 2>&1");
      std::vector<double> ours, theirs;
      const double ours_r2 = aig::map_cells(aig::resyn2(g), lib).adp();
      const double abc_r2 = aig::map_cells(aig::read_aiger((work_dir() / (d.name + "_r2.aig")).string()), lib).adp();
      int beat_us = 0, beat_abc = 0;
      for (int k = 0; k < n; ++k) {
        aig::graph x = g;
        for (const auto& c : aig::expand_recipe(recipes[k])) x = aig::apply_command(x, c);
        ours.push_back(aig::map_cells(x, lib).adp());
        theirs.push_back(aig::map_cells(aig::read_aiger((work_dir() / (d.name + "_r" + std::to_string(k) + ".aig")).string()), lib).adp());
        beat_us += ours.back() < ours_r2;
        beat_abc += theirs.back() < abc_r2;
      }
      const double rho = spearman(ours, theirs);
      all.push_back(rho);
      std::printf("%-12s %9.3f %11d/%d %11d/%d\n", d.name.c_str(), rho, beat_us, n, beat_abc, n);
      std::fflush(stdout);
    }
    double mean = 0, lo = 2;
    for (double x : all) {
      mean += x / static_cast<double>(all.size());
      lo = std::min(lo, x);
    }
    if (!all.empty()) std::printf("suite %s: mean Spearman %.3f, lowest %.3f\n", s.c_str(), mean, lo);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "qor";
  std::vector<std::string> suites;
  for (int i = 2; i < argc; ++i) suites.emplace_back(argv[i]);
  if (suites.empty()) suites = {"epfl", "gen"};
  int rc = 0;
  if (mode == "qor") rc = run_qor(suites);
  else if (mode == "agree") rc = run_agree(suites);
  else {
    std::fprintf(stderr, "usage: aig_qor [qor|agree] [epfl] [gen]\n");
    rc = 2;
  }
  std::filesystem::remove_all(work_dir());
  return rc;
}

// AIG engine vs Debian berkeley-abc on the EPFL designs, in the same run (spec
// logic-synthesis.md §4-5). For each design one benchmark case times our recipe (the measured
// time) and, once, runs `berkeley-abc` on the same file with the same recipe; the counters are
// ratios ours / ABC (< 1 = we are smaller / faster):
//   ands_ratio, lev_ratio   AIG size and depth after the recipe
//   time_ratio              our recipe CPU time / ABC's own `time` for the recipe (read excluded)
//   lut_ratio, lut_depth_ratio   `if -K 6` on each tool's result vs our map_luts on ours
//   adp_ratio               genlib area x delay: ABC `map` on its AIG vs our map_cells on ours
// plus absolute ands/lev/adp of both. Without berkeley-abc only our numbers are reported.
//
// Environment: AIG_BENCH_DESIGNS = comma list or "all" (default: the S and M designs),
// AIG_BENCH_RECIPE = "resyn2" (default) or a ';' list of balance/rewrite/rewrite -z/refactor/
// refactor -z/resub/resub -z. Data from DSEGYM_BENCH_DATA_DIR (../shared/data).
#include <benchmark/benchmark.h>

#include <array>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "abc_process.hpp"
#include "dsegym/sim/aig/aiger.hpp"
#include "dsegym/sim/aig/mapping.hpp"
#include "dsegym/sim/aig/transforms.hpp"

namespace aig = dsegym::sim::aig;

namespace {

const char* data_dir() {
#ifdef DSEGYM_BENCH_DATA_DIR
  return DSEGYM_BENCH_DATA_DIR;
#else
  return "../shared/data";
#endif
}

std::string design_path(const std::string& d) {
  static const std::vector<std::string> arith{"adder", "bar", "div", "hyp", "log2", "max",
                                              "multiplier", "sin", "sqrt", "square"};
  const bool a = std::find(arith.begin(), arith.end(), d) != arith.end();
  return std::string(data_dir()) + "/epfl/" + (a ? "arithmetic/" : "random_control/") + d + ".aig";
}
std::string genlib_path() { return std::string(data_dir()) + "/genlib/simple.genlib"; }

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string x;
  while (std::getline(ss, x, sep)) {
    while (!x.empty() && x.front() == ' ') x.erase(x.begin());
    while (!x.empty() && x.back() == ' ') x.pop_back();
    if (!x.empty()) out.push_back(x);
  }
  return out;
}

std::vector<std::string> recipe() {
  const char* r = std::getenv("AIG_BENCH_RECIPE");
  std::string s = r ? r : "resyn2";
  if (s == "resyn2")
    s = "balance; rewrite; refactor; balance; rewrite; rewrite -z; balance; refactor -z; "
        "rewrite -z; balance";
  return split(s, ';');
}

aig::graph run_ours(const aig::graph& g, const std::vector<std::string>& cmds) {
  aig::graph x = g;
  for (const auto& c : cmds) x = aig::apply_command(x, c);
  return x;
}

using dsegym_test::have_abc;
using dsegym_test::run_process;

struct abc_result {
  double ands = 0, lev = 0, seconds = 0, luts = 0, lut_depth = 0, area = 0, delay = 0;
  bool ok = false;
};

abc_result run_abc(const std::string& path, const std::vector<std::string>& cmds) {
  abc_result r;
  std::string rec;
  for (const auto& c : cmds) rec += c + "; ";
  const std::string tmp = (std::filesystem::temp_directory_path() /
                           ("aig_bench_" + std::to_string(::getpid()) + ".aig")).string();
  const std::string out1 = run_process("berkeley-abc -c 'read " + path + "; time; " + rec +
                                       "time; print_stats; write_aiger " + tmp +
                                       "; if -K 6; print_stats' 2>&1");
  const std::string out2 = run_process("berkeley-abc -c 'read_genlib " + genlib_path() +
                                       "; read " + tmp + "; map; print_stats' 2>&1");
  std::filesystem::remove(tmp);
  std::smatch m;
  std::vector<double> el;
  const std::regex elapse("elapse: ([0-9.]+) seconds");
  for (std::sregex_iterator it(out1.begin(), out1.end(), elapse), e; it != e; ++it)
    el.push_back(std::stod((*it)[1]));
  if (el.size() >= 2) r.seconds = el[1];
  if (std::regex_search(out1, m, std::regex("and =\\s*([0-9]+)\\s+lev =\\s*([0-9]+)"))) {
    r.ands = std::stod(m[1]);
    r.lev = std::stod(m[2]);
  }
  if (std::regex_search(out1, m, std::regex(" nd =\\s*([0-9]+)\\s+edge =.*lev =\\s*([0-9]+)"))) {
    r.luts = std::stod(m[1]);
    r.lut_depth = std::stod(m[2]);
  }
  if (std::regex_search(out2, m, std::regex("area =\\s*([0-9.]+)\\s+delay =\\s*([0-9.]+)"))) {
    r.area = std::stod(m[1]);
    r.delay = std::stod(m[2]);
  }
  r.ok = r.ands > 0 && r.area > 0;
  return r;
}

void bm_design(benchmark::State& state, const std::string& design) {
  const std::string path = design_path(design);
  if (!std::filesystem::exists(path)) {
    state.SkipWithError(("missing " + path).c_str());
    return;
  }
  const aig::graph g = aig::read_aiger(path);
  const auto cmds = recipe();
  aig::graph out;
  double total = 0;
  std::int64_t runs = 0;
  for (auto _ : state) {
    // process CPU time, like ABC's `time` (robust on a shared machine; single-threaded code)
    const std::clock_t t0 = std::clock();
    out = run_ours(g, cmds);
    total += static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC;
    ++runs;
    benchmark::DoNotOptimize(out.size());
  }
  const double ours_s = total / static_cast<double>(std::max<std::int64_t>(1, runs));
  const auto lut = aig::map_luts(out);
  const auto cell = aig::map_cells(out, aig::read_genlib(genlib_path()));
  state.counters["ands"] = out.num_ands();
  state.counters["lev"] = out.depth();
  state.counters["luts"] = lut.luts;
  state.counters["lut_depth"] = lut.depth;
  state.counters["adp"] = cell.adp();
  if (!have_abc()) {
    state.SetLabel("berkeley-abc not installed: no ratios");
    return;
  }
  const abc_result a = run_abc(path, cmds);
  if (!a.ok) {
    state.SetLabel("could not parse berkeley-abc output");
    return;
  }
  state.counters["abc_ands"] = a.ands;
  state.counters["abc_lev"] = a.lev;
  state.counters["abc_adp"] = a.area * a.delay;
  state.counters["ands_ratio"] = out.num_ands() / a.ands;
  state.counters["lev_ratio"] = a.lev > 0 ? out.depth() / a.lev : 1.0;
  // ABC's timer has 0.01 s steps: floor at 0.005 s
  state.counters["time_ratio"] = ours_s / std::max(a.seconds, 0.005);
  state.counters["lut_ratio"] = lut.luts / a.luts;
  state.counters["lut_depth_ratio"] = a.lut_depth > 0 ? lut.depth / a.lut_depth : 1.0;
  state.counters["adp_ratio"] = cell.adp() / (a.area * a.delay);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> designs{"ctrl", "router", "int2float", "cavlc", "dec", "i2c", "priority",
                                   "adder", "bar", "max", "sin", "arbiter", "voter"};
  if (const char* d = std::getenv("AIG_BENCH_DESIGNS")) {
    if (std::string(d) == "all")
      designs = {"adder", "bar", "div", "hyp", "log2", "max", "multiplier", "sin", "sqrt", "square",
                 "arbiter", "cavlc", "ctrl", "dec", "i2c", "int2float", "mem_ctrl", "priority",
                 "router", "voter"};
    else
      designs = split(d, ',');
  }
  for (const auto& d : designs)
    benchmark::RegisterBenchmark(("aig_vs_abc/" + d).c_str(), bm_design, d)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

// dsegym synth / dsegym cec: logic synthesis on files with the project's AIG engine.

#include "cmd_synth.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/aig/aiger.hpp"
#include "dsegym/sim/aig/equivalence.hpp"
#include "dsegym/sim/aig/mapping.hpp"
#include "dsegym/sim/aig/netlist.hpp"
#include "dsegym/sim/aig/transforms.hpp"

namespace dsegym::cli {

namespace {

namespace aig = dsegym::sim::aig;

struct synth_args {
  std::string input;
  std::string recipe;
  std::vector<std::string> outputs;
  std::string genlib;
  bool json = false;
  bool quiet = false;
};

struct cec_args {
  std::string a, b;
  std::int64_t conflicts = -1;
};

std::string extension(const std::string& path) {
  std::string e = std::filesystem::path(path).extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return e;
}

std::optional<std::string> find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  const std::string dirs = path ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const auto p = std::filesystem::path(dirs.substr(start, end - start)) / name;
    if (!dirs.substr(start, end - start).empty() && ::access(p.c_str(), X_OK) == 0) return p.string();
    start = end + 1;
  }
  return std::nullopt;
}

/// Runs argv (no shell); stdout and stderr go to `log`. Returns the exit status.
int spawn(const std::vector<std::string>& args, const std::string& log) {
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& s : copy) argv.push_back(s.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return 127;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/// Reads AIGER directly; BLIF and Verilog through yosys (structural, no ABC inside yosys).
aig::graph read_design(const std::string& path) {
  const std::string ext = extension(path);
  if (ext == ".aig" || ext == ".aag") return aig::read_aiger(path);
  if (ext != ".blif" && ext != ".v" && ext != ".sv")
    throw invalid_argument("synth", "cannot read '" + path + "': unknown extension '" + ext +
                                        "' (valid: .aig, .aag; .blif, .v, .sv with yosys installed)");
  if (!std::filesystem::exists(path)) throw not_found("synth", "no such file '" + path + "'");
  const auto yosys = find_program("yosys");
  if (!yosys)
    throw not_found("synth", "reading " + ext + " files needs yosys on the PATH (apt-get install yosys); '" + path +
                                 "' was not read");
  const auto dir = std::filesystem::temp_directory_path();
  const std::string tag = "dsegym_synth_" + std::to_string(::getpid());
  const auto out = (dir / (tag + ".aig")).string(), log = (dir / (tag + ".log")).string();
  const std::string reader = ext == ".blif" ? "read_blif" : (ext == ".sv" ? "read_verilog -sv" : "read_verilog");
  // yosys script arguments are quoted with double quotes; paths holding one cannot be passed
  if (path.find('"') != std::string::npos || out.find('"') != std::string::npos)
    throw invalid_argument("synth", "path '" + path + "' contains a double quote, which yosys cannot read");
  const std::string script = reader + " \"" + path + "\"; synth -flatten -auto-top -noabc; aigmap; opt_clean; " +
                             "write_aiger -symbols \"" + out + "\"";
  const int rc = spawn({*yosys, "-q", "-p", script}, log);
  std::string msg;
  {
    std::ifstream f(log);
    std::string line;
    while (std::getline(f, line) && msg.size() < 2000) msg += line + "\n";
  }
  std::filesystem::remove(log);
  if (rc != 0 || !std::filesystem::exists(out)) {
    std::filesystem::remove(out);
    throw data_error("synth", "yosys could not read '" + path + "' (exit status " + std::to_string(rc) + "): " + msg);
  }
  aig::graph g = aig::read_aiger(out);
  std::filesystem::remove(out);
  return g;
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  if (!f) throw not_found("synth", "cannot write '" + path + "'");
  f << text;
  if (!f) throw data_error("synth", "write failed for '" + path + "'");
}

std::string model_name(const std::string& path) {
  std::string m = std::filesystem::path(path).stem().string();
  return m.empty() ? "top" : m;
}

int run_synth(const synth_args& a) {
  using clock = std::chrono::steady_clock;
  const auto secs = [](clock::time_point t) { return std::chrono::duration<double>(clock::now() - t).count(); };
  for (const auto& o : a.outputs) {
    const auto e = extension(o);
    if (e != ".aig" && e != ".aag" && e != ".blif" && e != ".v")
      throw invalid_argument("synth", "output '" + o + "': unknown extension '" + e + "' (valid: .aig, .aag, .blif, .v)");
  }
  auto t0 = clock::now();
  aig::graph g = read_design(a.input);
  const aig::graph original = g;
  std::string report;
  auto line = [&](const std::string& what, const std::string& s) {
    if (!a.quiet && !a.json) std::cout << what << s << "\n" << std::flush;
  };
  auto stats_text = [](const aig::graph& x) {
    const auto s = x.statistics();
    return "i/o = " + std::to_string(s.pis) + "/" + std::to_string(s.pos) + "  and = " + std::to_string(s.ands) +
           "  lev = " + std::to_string(s.levels);
  };
  char buf[64];
  std::snprintf(buf, sizeof buf, "  (%.3f s)", secs(t0));
  line("read       " + a.input + "  ", stats_text(g) + buf);

  std::optional<aig::lut_options> lut;   // set by `if`
  bool cells = false;                    // set by `map`
  std::optional<aig::lut_result> lut_r;
  std::optional<aig::cell_result> cell_r;
  const aig::gate_library lib = a.genlib.empty() ? aig::default_library() : aig::read_genlib(a.genlib);
  std::string json_steps;
  for (const std::string& cmd : aig::expand_recipe(a.recipe)) {
    const auto t = clock::now();
    std::string tok = cmd.substr(0, cmd.find(' '));
    if (tok == "strash" || tok == "st") {
      g = g.cleanup();
    } else if (tok == "ps" || tok == "print_stats") {
    } else if (tok == "if") {
      aig::lut_options o;
      std::istringstream in(cmd.substr(2));
      std::string flag;
      while (in >> flag) {
        unsigned v = 0;
        if ((flag == "-K" || flag == "-C") && (in >> v)) (flag == "-K" ? o.k : o.cuts_per_node) = v;
        else throw invalid_argument("synth", "command '" + cmd + "': valid options are -K <2..8> and -C <1..64>");
      }
      lut = o;
      lut_r = aig::map_luts(g, o);
    } else if (tok == "map") {
      if (cmd != "map") throw invalid_argument("synth", "command '" + cmd + "': map takes no options here");
      cells = true;
      cell_r = aig::map_cells(g, lib);
    } else {
      g = aig::apply_command(g, cmd);
    }
    const double s = secs(t);
    std::string what = stats_text(g);
    if (tok == "if") what = "luts = " + std::to_string(lut_r->luts) + "  lut depth = " + std::to_string(lut_r->depth);
    if (tok == "map") {
      std::snprintf(buf, sizeof buf, "area = %.6g  delay = %.6g  gates = %u", cell_r->area, cell_r->delay, cell_r->gates);
      what = buf;
    }
    std::snprintf(buf, sizeof buf, "  (%.3f s)", s);
    std::string padded = cmd;
    if (padded.size() < 10) padded.resize(10, ' ');
    line(padded + " ", what + buf);
    if (!json_steps.empty()) json_steps += ", ";
    const auto st = g.statistics();
    std::snprintf(buf, sizeof buf, "%.6f", s);
    json_steps += "{\"command\": \"" + cmd + "\", \"ands\": " + std::to_string(st.ands) +
                  ", \"levels\": " + std::to_string(st.levels) + ", \"seconds\": " + buf + "}";
  }
  for (const auto& o : a.outputs) {
    const auto e = extension(o);
    if (e == ".aig" || e == ".aag") aig::write_aiger(g, o, {.binary = e == ".aig"});
    else if (e == ".blif") {
      if (lut) {
        std::string text;
        (void)aig::map_luts_to_blif(g, text, *lut, model_name(o));
        write_text(o, text);
      } else {
        write_text(o, aig::to_blif(g, model_name(o)));
      }
    } else {
      if (cells) {
        std::string text;
        (void)aig::map_cells_to_verilog(g, lib, text, model_name(o));
        write_text(o, text);
      } else {
        write_text(o, aig::to_verilog(g, model_name(o)));
      }
    }
    line("wrote      ", o + (e == ".blif" && lut ? " (LUT netlist)" : e == ".v" && cells ? " (cell netlist)" : ""));
  }
  if (a.json) {
    const auto s = g.statistics();
    std::string j = "{\"input\": \"" + a.input + "\", \"pis\": " + std::to_string(s.pis) +
                    ", \"pos\": " + std::to_string(s.pos) + ", \"ands\": " + std::to_string(s.ands) +
                    ", \"levels\": " + std::to_string(s.levels);
    if (lut_r) j += ", \"luts\": " + std::to_string(lut_r->luts) + ", \"lut_depth\": " + std::to_string(lut_r->depth);
    if (cell_r) {
      std::snprintf(buf, sizeof buf, "%.17g", cell_r->area);
      j += std::string(", \"area\": ") + buf;
      std::snprintf(buf, sizeof buf, "%.17g", cell_r->delay);
      j += std::string(", \"delay\": ") + buf;
    }
    std::cout << j << ", \"steps\": [" << json_steps << "]}\n";
  } else if (a.quiet) {
    std::cout << stats_text(g) << "\n";
  }
  return 0;
}

int run_cec(const cec_args& a) {
  const aig::graph x = read_design(a.a), y = read_design(a.b);
  if (x.num_pis() != y.num_pis() || x.num_pos() != y.num_pos()) {
    std::cout << "NOT equivalent: interfaces differ (" << x.num_pis() << "/" << x.num_pos() << " vs " << y.num_pis()
              << "/" << y.num_pos() << " inputs/outputs)\n";
    return 1;
  }
  const auto r = aig::sat_available() ? aig::check_equivalence(x, y, a.conflicts) : aig::check_by_simulation(x, y, 256);
  switch (r.result) {
    case aig::verdict::equivalent:
      std::cout << "equivalent (" << (r.exhaustive ? "exhaustive simulation" : "SAT") << ")\n";
      return 0;
    case aig::verdict::different: {
      const std::string name = x.po_name(r.po).empty() ? "" : " (" + x.po_name(r.po) + ")";
      std::cout << "NOT equivalent: output " << r.po << name << " differs for inputs ";
      for (bool b : r.counterexample) std::cout << (b ? '1' : '0');
      std::cout << "\n";
      return 1;
    }
    default:
      std::cout << "undecided: no difference found"
                << (aig::sat_available() ? " before the conflict limit" : " by random simulation (no SAT solver built in)")
                << "\n";
      return 4;
  }
}

}  // namespace

std::function<std::optional<int>()> add_synth_commands(CLI::App& app) {
  auto sa = std::make_shared<synth_args>();
  auto ca = std::make_shared<cec_args>();
  auto* synth = app.add_subcommand(
      "synth", "Optimise and map a logic network with the AIG engine (ABC-style recipe), print statistics, write it");
  synth->add_option("input", sa->input, "Input: .aig/.aag (AIGER), or .blif/.v/.sv read through yosys")->required();
  synth->add_option("-r,--recipe", sa->recipe,
                    "ABC-style commands separated by ';': balance|b, rewrite|rw, refactor|rf, resub|rs with -z/-l "
                    "(rwz, rfz, rsz), refactor -N n, resub -K k -N n; aliases resyn, resyn2, resyn2a, resyn3, "
                    "compress, compress2; strash, ps; 'if -K k [-C c]' (LUT mapping), 'map' (cell mapping)");
  synth->add_option("-o,--output", sa->outputs,
                    "Write the result (repeatable): .aig/.aag AIGER; .blif (the LUT netlist after 'if', else the AIG); "
                    ".v (the cell netlist after 'map', else the AIG as assigns)");
  synth->add_option("--genlib", sa->genlib, "genlib library for 'map' (default: the built-in generic library)");
  synth->add_flag("--json", sa->json, "Print the final statistics and every step as JSON");
  synth->add_flag("--quiet", sa->quiet, "Print only the final statistics");
  auto* cec = app.add_subcommand("cec", "Check two combinational networks for equivalence (inputs/outputs by position)");
  cec->add_option("a", ca->a, "First network (.aig/.aag, or .blif/.v with yosys)")->required();
  cec->add_option("b", ca->b, "Second network")->required();
  cec->add_option("--conflicts", ca->conflicts, "SAT conflict limit per output (-1 = none)")->capture_default_str();
  return [synth, cec, sa, ca]() -> std::optional<int> {
    if (*synth) return run_synth(*sa);
    if (*cec) return run_cec(*ca);
    return std::nullopt;
  };
}

}  // namespace dsegym::cli

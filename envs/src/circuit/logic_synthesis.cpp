#include "dsegym/envs/circuit/logic_synthesis.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <fcntl.h>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>

#include "dsegym/envs/data_dir.hpp"
#include "dsegym/registry/registry.hpp"
#include "dsegym/sim/aig/aiger.hpp"
#include "dsegym/sim/aig/generators.hpp"
#include "dsegym/sim/aig/graph.hpp"
#include "dsegym/sim/aig/mapping.hpp"
#include "dsegym/sim/aig/transforms.hpp"

namespace dsegym::envs::circuit {

namespace aig = dsegym::sim::aig;

namespace {

constexpr const char* env_id_text = "circuit/LogicSynthesis-v1";
constexpr const char* transform_commands[] = {"refactor",    "refactor -z", "rewrite", "rewrite -z",
                                              "resub",       "resub -z",    "balance"};
constexpr const char* epfl_designs[] = {"adder", "bar",     "div",     "hyp",       "log2",     "max",    "multiplier",
                                        "sin",   "sqrt",    "square",  "arbiter",   "cavlc",    "ctrl",   "dec",
                                        "i2c",   "int2float", "mem_ctrl", "priority", "router", "voter"};

std::vector<kwarg_spec> ls_kwargs() {
  return {
      {"design", "multiplier6",
       "adder<N>, multiplier<N>, comparator<N>, mux<N> or random (generated, no data needed); an EPFL design name "
       "(adder, bar, div, hyp, log2, max, multiplier, sin, sqrt, square, arbiter, cavlc, ctrl, dec, i2c, int2float, "
       "mem_ctrl, priority, router, voter) from $DSEGYM_DATA_DIR/epfl; or a path to a binary/ASCII AIGER file",
       {}},
      {"recipe_length", 10, "transforms per episode (ABC-RL: 10)", {}},
      {"reward", "adp", "adp (terminal ADP improvement over resyn2), adp_dense (per-step change), and_level",
       {value("adp"), value("adp_dense"), value("and_level")}},
      {"genlib", "", "genlib file for standard-cell mapping (\"\": the built-in generic library)", {}},
      {"random_seed", 0, "seed of design=random", {}},
      {"data_dir", "", "data root holding epfl/ (default: $DSEGYM_DATA_DIR)", {}},
      {"backend", "native",
       "native (the project's AIG engine) or abc (Debian's berkeley-abc runs the transforms; QoR is measured by the "
       "project's mappers either way)",
       {value("native"), value("abc")}},
  };
}

/// Parses a generated-design name: prefix followed by a positive size.
std::optional<unsigned> size_after(const std::string& name, const std::string& prefix) {
  if (name.rfind(prefix, 0) != 0 || name.size() == prefix.size()) return std::nullopt;
  const std::string digits = name.substr(prefix.size());
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return std::nullopt;
  if (digits.size() > 3) throw invalid_argument("circuit", "design size in \"" + name + "\" is too large");
  return static_cast<unsigned>(std::stoul(digits));
}

aig::graph load_design(const logic_synthesis_options& o) {
  const std::string& d = o.design;
  const auto sized = [&](const char* prefix, unsigned lo, unsigned hi) -> std::optional<unsigned> {
    const auto n = size_after(d, prefix);
    if (n && (*n < lo || *n > hi))
      throw invalid_argument("circuit", std::string(prefix) + " size must be in " + std::to_string(lo) + ".." +
                                            std::to_string(hi) + ", got " + std::to_string(*n));
    return n;
  };
  if (auto n = sized("adder", 1, 256)) return aig::make_adder(*n);
  if (auto n = sized("multiplier", 2, 32)) return aig::make_multiplier(*n);
  if (auto n = sized("comparator", 1, 256)) return aig::make_comparator(*n);
  if (auto n = sized("mux", 1, 10)) return aig::make_mux(*n);
  if (d == "random") return aig::make_random_logic(24, 8, 400, static_cast<std::uint64_t>(o.random_seed));
  for (const char* name : epfl_designs)
    if (d == name) {
      const auto root = data_folder(o.data_dir, "epfl", std::string(env_id_text) + " design " + d);
      for (const char* sub : {"arithmetic", "random_control"}) {
        const auto p = root / sub / (d + ".aig");
        if (std::filesystem::exists(p)) return aig::read_aiger(p.string());
      }
      throw data_error("circuit", "EPFL design " + d + " not found under " + root.string() +
                                      "/{arithmetic,random_control}/" + d + ".aig");
    }
  // Anything else that names an existing file (relative or absolute, any extension) is read as AIGER.
  std::error_code ec;
  if (std::filesystem::is_regular_file(d, ec)) return aig::read_aiger(d);
  if (d.find('/') != std::string::npos || d.find(".aig") != std::string::npos || d.find(".aag") != std::string::npos)
    throw not_found("circuit", "design file \"" + d + "\" does not exist (relative paths are resolved against " +
                                   std::filesystem::current_path(ec).string() + ")");
  std::string known = "adder<N>, multiplier<N>, comparator<N>, mux<N>, random";
  for (const char* name : epfl_designs) known += std::string(", ") + name;
  throw invalid_argument("circuit", "unknown design \"" + d + "\"; known: " + known + ", or a path to an .aig file");
}

std::optional<std::filesystem::path> find_abc() {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::filesystem::path p = std::filesystem::path(dirs.substr(start, end - start)) / "berkeley-abc";
    if (!p.parent_path().empty() && ::access(p.c_str(), X_OK) == 0) return p;
    start = end + 1;
  }
  return std::nullopt;
}

/// Runs `commands` (";"-separated ABC commands) on g through berkeley-abc and reads the result.
/// ABC is started with an argument vector (posix_spawn, no shell), so temporary paths may hold any
/// character a file name can; ABC's own command parser is the only one that sees them, quoted.
aig::graph run_abc(const std::filesystem::path& abc, const aig::graph& g, const std::string& commands) {
  static std::atomic<std::uint64_t> counter{0};
  const auto dir = std::filesystem::temp_directory_path();
  const std::string tag = "dsegym_abc_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  const auto in = dir / (tag + "_in.aig"), out = dir / (tag + "_out.aig");
  for (const auto& p : {in, out})
    if (p.string().find('"') != std::string::npos)
      throw invalid_argument("circuit", "temporary path " + p.string() + " contains a double quote, which berkeley-abc "
                                        "cannot read; set TMPDIR to a directory without one");
  aig::write_aiger(g, in.string());
  const std::string script =
      "read \"" + in.string() + "\"; " + commands + "; write_aiger \"" + out.string() + "\"";
  std::string exe = abc.string(), flag = "-c", arg = script;
  char* argv[] = {exe.data(), flag.data(), arg.data(), nullptr};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, exe.c_str(), &fa, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  int status = 0;
  if (rc == 0) {
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  }
  std::filesystem::remove(in);
  if (rc != 0 || !std::filesystem::exists(out)) {
    std::filesystem::remove(out);
    throw error("circuit", "berkeley-abc failed on \"" + commands + "\" (exit status " + std::to_string(rc) + ")",
                error_code::internal);
  }
  aig::graph result = aig::read_aiger(out.string());
  std::filesystem::remove(out);
  return result;
}

constexpr const char* resyn2_abc =
    "balance; rewrite; refactor; balance; rewrite; rewrite -z; balance; refactor -z; rewrite -z; balance";

struct qor {
  aig::stats s;
  aig::lut_result luts;
  aig::cell_result cells;
};

}  // namespace

bool abc_available() { return find_abc().has_value(); }

std::string transform_name(std::int64_t action) {
  if (action < 0 || action >= logic_synthesis_env::num_transforms)
    throw invalid_action("circuit: transform " + std::to_string(action) + " is outside 0..6");
  return transform_commands[action];
}

struct logic_synthesis_env::impl {
  logic_synthesis_options o;
  aig::gate_library lib;
  aig::graph initial;
  aig::graph current;
  qor initial_qor, resyn2_qor, current_qor;
  std::vector<std::int64_t> recipe;
  bool started = false;
  env_spec spec;
  std::unique_ptr<dict_space> obs_space;
  discrete act_space{num_transforms};
  std::optional<std::filesystem::path> abc;  // set for backend=abc

  aig::graph transform(const aig::graph& g, const std::string& command) const {
    return abc ? run_abc(*abc, g, command) : aig::apply_command(g, command);
  }

  qor measure(const aig::graph& g) const { return {g.statistics(), aig::map_luts(g), aig::map_cells(g, lib)}; }

  double objective(const qor& q) const {
    if (o.reward == "and_level") return static_cast<double>(q.s.ands) * static_cast<double>(q.s.levels);
    return q.cells.adp();
  }
  /// (baseline - x) / baseline, the improvement over resyn2.
  double improvement(const qor& q) const {
    const double b = objective(resyn2_qor);
    return b > 0 ? (b - objective(q)) / b : 0.0;
  }

  step_info info_of(const qor& q, double cost) const {
    step_info info;
    info.metrics = {{"ands", static_cast<double>(q.s.ands), "ANDs", direction::minimize},
                    {"levels", static_cast<double>(q.s.levels), "levels", direction::minimize},
                    {"lut_count", static_cast<double>(q.luts.luts), "LUTs", direction::minimize},
                    {"lut_depth", static_cast<double>(q.luts.depth), "levels", direction::minimize},
                    {"area", q.cells.area, "area units", direction::minimize},
                    {"delay", q.cells.delay, "delay units", direction::minimize},
                    {"adp", q.cells.adp(), "area x delay", direction::minimize},
                    {"improvement_vs_resyn2", improvement(q), "", direction::maximize}};
    info.cost = cost;
    return info;
  }

  value observation() const {
    const auto& s = current_qor.s;
    const double a0 = std::max<double>(1, initial_qor.s.ands), l0 = std::max<double>(1, initial_qor.s.levels);
    value::list stats{value(static_cast<double>(s.ands)), value(static_cast<double>(s.levels)),
                      value(static_cast<double>(s.pis)), value(static_cast<double>(s.pos)),
                      value(static_cast<double>(s.ands) / a0), value(static_cast<double>(s.levels) / l0)};
    value::list rec(static_cast<std::size_t>(o.recipe_length), value(num_transforms));
    for (std::size_t i = 0; i < recipe.size(); ++i) rec[i] = value(recipe[i]);
    return value::dict{{"stats", std::move(stats)}, {"recipe", std::move(rec)}};
  }
};

logic_synthesis_env::logic_synthesis_env(const logic_synthesis_options& o) : impl_(std::make_unique<impl>()) {
  auto& m = *impl_;
  m.o = o;
  if (o.recipe_length < 1 || o.recipe_length > 100)
    throw invalid_argument("circuit", "recipe_length must be in 1..100, got " + std::to_string(o.recipe_length));
  if (o.reward != "adp" && o.reward != "adp_dense" && o.reward != "and_level")
    throw invalid_argument("circuit", "reward must be adp, adp_dense or and_level, got " + o.reward);
  if (o.backend == "abc") {
    m.abc = find_abc();
    if (!m.abc)
      throw not_found("circuit", "backend=abc needs Debian's berkeley-abc on the PATH (apt-get install berkeley-abc)");
  } else if (o.backend != "native") {
    throw invalid_argument("circuit", "backend must be native or abc, got " + o.backend);
  }
  m.lib = o.genlib.empty() ? aig::default_library() : aig::read_genlib(o.genlib);
  m.initial = load_design(o);
  m.current = m.initial;
  m.initial_qor = m.measure(m.initial);
  // the baseline: resyn2 with the same engine and the same mappers
  m.resyn2_qor = m.measure(m.abc ? run_abc(*m.abc, m.initial, resyn2_abc) : aig::resyn2(m.initial));
  m.current_qor = m.initial_qor;

  auto& s = m.spec;
  s.id = env_id_text;
  s.summary = "Logic-synthesis recipes (ABC-RL action set) on the project's AIG engine; design " + o.design;
  s.shape = episode_shape::sequential;
  s.max_episode_steps = static_cast<int>(o.recipe_length);
  s.kwarg_specs = ls_kwargs();
  s.kwargs = value::dict{{"design", o.design},   {"recipe_length", o.recipe_length}, {"reward", o.reward},
                         {"genlib", o.genlib},   {"random_seed", o.random_seed},     {"data_dir", o.data_dir},
                         {"backend", o.backend}};
  s.metrics = {{"ands", "ANDs", direction::minimize, "AND nodes reachable from the outputs"},
               {"levels", "levels", direction::minimize, "AIG depth"},
               {"lut_count", "LUTs", direction::minimize, "6-LUT mapping (priority cuts, area recovery)"},
               {"lut_depth", "levels", direction::minimize, "6-LUT mapping depth"},
               {"area", "area units", direction::minimize, "standard-cell mapping area (library units)"},
               {"delay", "delay units", direction::minimize, "standard-cell mapping delay (library units)"},
               {"adp", "area x delay", direction::minimize, "area-delay product after mapping"},
               {"improvement_vs_resyn2", "", direction::maximize,
                "(X_resyn2 - X) / X_resyn2 with X = ADP (or ANDs x levels for reward and_level)"}};
  s.reward = o.reward == "adp_dense" ? "per-step change of (ADP_resyn2 - ADP) / ADP_resyn2, starting from 0 (sums to the unclipped terminal value)"
             : o.reward == "adp"     ? "max(-1, (ADP_resyn2 - ADP) / ADP_resyn2) on the last step, 0 before"
                                     : "max(-1, (AL_resyn2 - AL) / AL_resyn2) on the last step, AL = ANDs x levels";
  s.cost_unit = "transforms";
  const double inf = std::numeric_limits<double>::infinity();
  m.obs_space = std::make_unique<dict_space>(std::vector<dict_space::entry>{
      {"stats", box(xt::xarray<double>({0.0, 0.0, 0.0, 0.0, 0.0, 0.0}), xt::xarray<double>({inf, inf, inf, inf, inf, inf}))},
      {"recipe", multi_discrete(std::vector<std::int64_t>(static_cast<std::size_t>(o.recipe_length), num_transforms + 1))}});
}

logic_synthesis_env::~logic_synthesis_env() = default;
logic_synthesis_env::logic_synthesis_env(logic_synthesis_env&&) noexcept = default;
logic_synthesis_env& logic_synthesis_env::operator=(logic_synthesis_env&&) noexcept = default;

const dict_space& logic_synthesis_env::observation_space() const noexcept { return *impl_->obs_space; }
const discrete& logic_synthesis_env::action_space() const noexcept { return impl_->act_space; }
const env_spec& logic_synthesis_env::spec() const noexcept { return impl_->spec; }

reset_result<value> logic_synthesis_env::reset(std::optional<std::uint64_t>) {
  auto& m = *impl_;
  m.current = m.initial;
  m.current_qor = m.initial_qor;
  m.recipe.clear();
  m.started = true;
  return {m.observation(), m.info_of(m.current_qor, 0)};
}

step_result<value> logic_synthesis_env::step(action_type a) {
  auto& m = *impl_;
  const std::string command = transform_name(a);  // validates a
  if (!m.started) throw reset_needed("circuit: step() before reset()");
  if (static_cast<std::int64_t>(m.recipe.size()) >= m.o.recipe_length)
    throw reset_needed("circuit: the recipe is complete; call reset()");
  // adp_dense telescopes from 0: the rewards of an episode sum to the unclipped terminal improvement
  const double before = m.recipe.empty() ? 0.0 : m.improvement(m.current_qor);
  m.current = m.transform(m.current, command);
  m.current_qor = m.measure(m.current);
  m.recipe.push_back(a);
  const bool done = static_cast<std::int64_t>(m.recipe.size()) >= m.o.recipe_length;
  const double now = m.improvement(m.current_qor);
  double reward = 0.0;
  if (m.o.reward == "adp_dense") {
    reward = now - before;
  } else if (done) {
    reward = std::max(-1.0, now);
  }
  return {m.observation(), reward, done, false, m.info_of(m.current_qor, 1.0)};
}

void register_circuit_envs(registry& r) {
  r.add({env_id_text,
         "Logic-synthesis recipes on And-Inverter Graphs (ABC-RL actions) with the project's own AIG engine",
         ls_kwargs(),
         [](const kwargs_reader& k) {
           logic_synthesis_options o;
           o.design = k.get_string("design");
           o.recipe_length = k.get_int("recipe_length");
           o.reward = k.get_string("reward");
           o.genlib = k.get_string("genlib");
           o.random_seed = k.get_int("random_seed");
           o.data_dir = k.get_string("data_dir");
           o.backend = k.get_string("backend");
           return any_env(logic_synthesis_env(o));
         },
         false,
         value::dict{{"kind", "evaluations"}, {"amount", 40}}});
}

}  // namespace dsegym::envs::circuit

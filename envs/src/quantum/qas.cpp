#include "dsegym/envs/quantum/qas.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numbers>

#include "dsegym/registry/registry.hpp"
#include "dsegym/sim/quantum/adam.hpp"
#include "dsegym/sim/quantum/circuit.hpp"
#include "dsegym/sim/quantum/circuit_objective.hpp"
#include "dsegym/sim/quantum/device_profile.hpp"
#include "dsegym/sim/quantum/ground_state.hpp"
#include "dsegym/sim/quantum/hamiltonian_text.hpp"
#include "dsegym/sim/quantum/hamiltonians.hpp"
#include "dsegym/sim/quantum/hardware_cost.hpp"
#include "dsegym/sim/quantum/maxcut_graph.hpp"
#include "dsegym/sim/quantum/random_circuit.hpp"
#include "dsegym/sim/quantum/target_states.hpp"

namespace dsegym::envs::quantum {

namespace q = dsegym::sim::quantum;

namespace {

constexpr const char* env_id_text = "quantum/QAS-v0";
constexpr double chemical_accuracy_ha = 1.6e-3;

std::string ten_digits(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10f", x);
  return buf;
}

enum class task_kind { state, maxcut, vqe };

std::vector<kwarg_spec> qas_kwargs() {
  const auto choices = [](std::initializer_list<const char*> xs) {
    std::vector<value> out;
    for (const char* x : xs) out.emplace_back(x);
    return out;
  };
  return {
      {"task", "h2", "bell, ghz, w, random_target (state preparation), maxcut_ring4, maxcut_sun8, maxcut_random "
                     "(MaxCut), h2 (4-qubit JW, 0.70 A), h2_2q (2-qubit parity, 0.735 A), lih (4-qubit JW active "
                     "space, 1.45 A, OpenFermion's LiH example), tfim, heisenberg, custom (VQE on the hamiltonian "
                     "kwarg)",
       choices({"bell", "ghz", "w", "random_target", "maxcut_ring4", "maxcut_sun8", "maxcut_random", "h2",
                "h2_2q", "lih", "tfim", "heisenberg", "custom"})},
      {"hamiltonian", "",
       "task=custom only: the qubit Hamiltonian, inline or a file (a path, or @path). Formats: OpenFermion's "
       "QubitOperator printout (\"-0.5 [] +\\n0.17 [Z0 Z1] + ...\", wire 0 = leftmost factor) or the Pauli-sum "
       "text \"0.5*ZZII - 0.2*XXYY\" / \"0.17 Z0 Z1 - 0.04 I\"; '#' comment lines; qubit count inferred (<= 16); "
       "E0 computed exactly",
       {}},
      {"initial_state", "",
       "VQE initial basis state as a bitstring, wire 0 first (\"\": the task's reference state; |0..0> for custom)",
       {}},
      {"mode", "sequential", "sequential: one gate per step; one_shot: a whole gate list per step",
       choices({"sequential", "one_shot"})},
      {"qubits", 0, "circuit width (0: the task's default; fixed for bell, h2, h2_2q, maxcut_ring4, maxcut_sun8)", {}},
      {"periodic", false, "periodic boundary for tfim / heisenberg", {}},
      {"instance_seed", 0, "seed of the random_target state and the maxcut_random graph", {}},
      {"gate_set", "rotations",
       "rotations: RX/RY/RZ on every qubit (angles optimised) + CNOT(c, c+k mod n); kuo: RZ(pi/4), X, Y, Z, H, "
       "CNOT(q, q+1 mod n) per qubit (no free angles)",
       choices({"rotations", "kuo"})},
      {"max_gates", 20, "gates per circuit (episode length cap / one-shot list length)", {}},
      {"optimizer_iterations", 40, "Adam iterations per angle optimisation (one-shot: twice this)", {}},
      {"learning_rate", 0.1, "Adam step size", {}},
      {"threshold", -1.0,
       "success threshold (< 0: task default: |E - E0| < 1.6e-3 Ha for VQE; fidelity 0.95 (0.75 from 8 qubits); "
       "ratio 0.95 (ring), 0.925 (8-node), 0.9 (random))",
       {}},
      {"reward", "incremental", "incremental (CRLQAS, see summary) or final (quality at the end)",
       choices({"incremental", "final"})},
      {"success_bonus", 5.0, "incremental reward on success", {}},
      {"failure_penalty", 5.0, "incremental penalty at the gate cap without success", {}},
      {"depth_penalty", 0.0, "subtracted per added circuit moment", {}},
      {"cnot_penalty", 0.0, "subtracted per added CNOT", {}},
      {"device", "ibm_sherbrooke", "device profile for the estimated success probability (esp)", {}},
      {"coupling", "all", "all, or a device name whose coupling map masks CNOT actions", {}},
  };
}

}  // namespace

class qas_core {
 public:
  qas_core(const qas_options& o, episode_shape shape) : o_(o) {
    if (o.max_gates < 1 || o.max_gates > 200)
      throw invalid_argument("quantum", "max_gates must be in 1..200, got " + std::to_string(o.max_gates));
    if (o.optimizer_iterations < 1 || o.optimizer_iterations > 10000)
      throw invalid_argument("quantum", "optimizer_iterations must be in 1..10000");
    if (!(o.learning_rate > 0) || !std::isfinite(o.learning_rate))
      throw invalid_argument("quantum", "learning_rate must be a positive number");
    build_task();
    device_ = q::device_profile::by_name(o.device);
    if (device_.num_qubits < n_)
      throw invalid_argument("quantum", "device " + o.device + " has " + std::to_string(device_.num_qubits) +
                                            " qubits, the task needs " + std::to_string(n_));
    build_alphabet();
    // score of the initial state (the empty circuit)
    empty_ = score(q::circuit(n_), {}, 1);
    // A target the initial state already meets would end every episode before it starts.
    if (empty_.success)
      throw invalid_argument("quantum", "the initial state already meets the success threshold (task " + o_.task +
                                            ", threshold " + std::to_string(threshold_) + ", initial distance " +
                                            std::to_string(empty_.distance) +
                                            "): nothing to search; pass a smaller threshold");
    build_spec(shape);
  }

  std::size_t n_ = 0;
  task_kind kind_ = task_kind::vqe;
  std::size_t alphabet_ = 0;  // A
  std::vector<std::int8_t> mask_;
  qas_score empty_;
  env_spec spec_;
  std::unique_ptr<dict_space> obs_space_;
  std::unique_ptr<discrete> act_space_;  // the gate alphabet (sequential mode)
  const qas_options& options() const { return o_; }

  /// Appends gate `a` to c; rotations get a fresh parameter whose start angle is drawn from g.
  void append(q::circuit& c, std::int64_t a, rng& g, std::vector<double>& params) const {
    const auto n = n_;
    const auto k = static_cast<std::size_t>(a);
    if (o_.gate_set == "kuo") {
      const std::size_t qb = k / 6;
      switch (k % 6) {
        case 0: c.rz(qb, q::angle(std::numbers::pi / 4)); break;
        case 1: c.x(qb); break;
        case 2: c.y(qb); break;
        case 3: c.z(qb); break;
        case 4: c.h(qb); break;
        default: c.cnot(qb, (qb + 1) % n); break;
      }
      return;
    }
    if (k < 3 * n) {
      const std::size_t qb = k / 3;
      const q::angle theta = c.new_parameter();
      params.push_back(uniform_real(g, -std::numbers::pi, std::numbers::pi));
      if (k % 3 == 0) c.rx(qb, theta);
      else if (k % 3 == 1) c.ry(qb, theta);
      else c.rz(qb, theta);
      return;
    }
    const std::size_t j = k - 3 * n;
    const std::size_t control = j / (n - 1), offset = j % (n - 1) + 1;
    c.cnot(control, (control + offset) % n);
  }

  /// Optimises the angles of c from x0 and scores the circuit.
  qas_score score(const q::circuit& c, std::vector<double> x0, std::int64_t iterations) const {
    auto f = kind_ == task_kind::state ? q::circuit_objective::infidelity(c, *target_, initial_)
                                       : q::circuit_objective::energy(c, hamiltonian_, initial_);
    qas_score s;
    double v;
    if (c.num_params() == 0) {
      v = f.value({});
    } else {
      x0.resize(c.num_params(), 0.0);
      q::adam_options ao;
      ao.max_iterations = static_cast<std::size_t>(iterations);
      ao.learning_rate = o_.learning_rate;
      const auto r = q::adam([&](std::span<const double> x, std::span<double> g) { return f.value_and_gradient(x, g); },
                             x0, ao);
      v = r.value;
      s.params = r.x;
    }
    const auto hw = q::estimate_hardware_cost(c, device_);
    auto& m = s.info.metrics;
    if (kind_ == task_kind::state) {
      const double fid = std::clamp(1.0 - v, 0.0, 1.0);
      s.distance = 1.0 - fid;
      s.quality = fid;
      s.success = fid >= threshold_;
      m.push_back({"fidelity", fid, "", direction::maximize});
    } else if (kind_ == task_kind::maxcut) {
      const double expected_cut = -v;
      const double ratio = expected_cut / cut_max_;
      s.distance = std::max(0.0, 1.0 - ratio);
      s.quality = std::clamp(ratio, 0.0, 1.0);
      s.success = ratio >= threshold_;
      m.push_back({"approx_ratio", ratio, "", direction::maximize});
      m.push_back({"expected_cut", expected_cut, "edges", direction::maximize});
    } else {
      const double err = v - e0_;
      s.distance = std::max(0.0, err);
      const double span = e_init_ - e0_;
      s.quality = span > 1e-12 ? std::clamp(1.0 - err / span, 0.0, 1.0) : (err < threshold_ ? 1.0 : 0.0);
      s.success = std::abs(err) < threshold_;
      m.push_back({"energy_Ha", v, "Ha", direction::minimize});
      m.push_back({"energy_error_Ha", err, "Ha", direction::minimize});
    }
    m.push_back({"quality", s.quality, "", direction::maximize});
    m.push_back({"depth", static_cast<double>(c.depth()), "moments", direction::minimize});
    m.push_back({"cnot_count", static_cast<double>(hw.cnot_count), "CNOTs", direction::minimize});
    m.push_back({"gate_count", static_cast<double>(c.size()), "gates", direction::minimize});
    m.push_back({"esp", hw.success_probability, "", direction::maximize});
    m.push_back({"success", s.success ? 1.0 : 0.0, "", direction::maximize});
    s.info.cost = static_cast<double>(f.circuit_runs());
    return s;
  }

  value observation(const std::vector<std::int64_t>& gates, const q::circuit& c, const qas_score& s) const {
    value::list slots(static_cast<std::size_t>(o_.max_gates), value(static_cast<std::int64_t>(alphabet_)));
    for (std::size_t i = 0; i < gates.size() && i < slots.size(); ++i) slots[i] = value(gates[i]);
    value::list metrics{value(s.quality), value(static_cast<double>(c.depth())),
                        value(static_cast<double>(c.two_qubit_count()))};
    return value::dict{{"circuit", std::move(slots)}, {"metrics", std::move(metrics)}};
  }

  void check_mask(std::int64_t a) const {
    if (mask_[static_cast<std::size_t>(a)] == 0)
      throw invalid_action("quantum: action " + std::to_string(a) + " is a CNOT between qubits that are not coupled on " +
                           o_.coupling + " (see info.extra.action_mask)");
  }

 private:
  void build_task() {
    const std::string& t = o_.task;
    const auto width = [&](std::size_t def, std::size_t lo, std::size_t hi) {
      const std::size_t n = o_.qubits == 0 ? def : static_cast<std::size_t>(std::max<std::int64_t>(o_.qubits, 0));
      if (o_.qubits < 0 || n < lo || n > hi)
        throw invalid_argument("quantum", "task " + t + " needs qubits in " + std::to_string(lo) + ".." +
                                              std::to_string(hi) + ", got " + std::to_string(o_.qubits));
      return n;
    };
    double def_threshold = chemical_accuracy_ha;
    if (t == "bell" || t == "ghz" || t == "w" || t == "random_target") {
      kind_ = task_kind::state;
      if (t == "bell") {
        n_ = width(2, 2, 2);
        target_ = q::bell_state();
      } else if (t == "ghz") {
        n_ = width(3, 2, 16);
        target_ = q::ghz_state(n_);
      } else if (t == "w") {
        n_ = width(3, 2, 16);
        target_ = q::w_state(n_);
      } else {
        n_ = width(4, 2, 12);
        q::random_circuit_options ro;
        ro.num_qubits = n_;
        ro.num_gates = n_ >= 8 ? 20 : 10;
        ro.max_depth = n_ >= 8 ? 0 : 5;
        rng g(derive_seed(static_cast<std::uint64_t>(o_.instance_seed), "random_target"));
        target_ = q::make_random_target(ro, g).state;
      }
      def_threshold = n_ >= 8 ? 0.75 : 0.95;
      initial_ = q::state_vector(n_);
    } else if (t.rfind("maxcut", 0) == 0) {
      kind_ = task_kind::maxcut;
      std::optional<q::maxcut_graph> graph;
      if (t == "maxcut_ring4") {
        n_ = width(4, 4, 4);
        graph = q::maxcut_graph::ring(4);
        def_threshold = 0.95;
      } else if (t == "maxcut_sun8") {
        n_ = width(8, 8, 8);
        graph = q::maxcut_graph::sun_eight_node();
        def_threshold = 0.925;
      } else {
        n_ = width(6, 3, 16);
        rng g(derive_seed(static_cast<std::uint64_t>(o_.instance_seed), "maxcut_random"));
        graph = q::maxcut_graph::random(n_, 0.5, g);
        def_threshold = 0.9;
      }
      if (graph->edges().empty()) throw invalid_argument("quantum", "the random graph has no edges; pick another instance_seed");
      cut_max_ = static_cast<double>(graph->max_cut().value);
      hamiltonian_ = -graph->cost_operator();  // minimising -C maximises the expected cut
      initial_ = q::state_vector(n_);
    } else {
      kind_ = task_kind::vqe;
      if (t != "custom" && !o_.hamiltonian.empty())
        throw invalid_argument("quantum", "hamiltonian= is read only with task=custom (task is " + t + ")");
      if (t == "h2" || t == "h2_2q" || t == "lih") {
        const q::vqe_problem p = t == "h2" ? q::h2_jordan_wigner_070()
                                 : t == "lih" ? q::lih_jordan_wigner_145()
                                              : q::h2_parity_0735();
        const std::size_t w = p.hamiltonian.num_qubits();
        n_ = width(w, w, w);
        hamiltonian_ = p.hamiltonian;
        initial_ = q::state_vector::from_bitstring(p.reference_state);
        // LiH in this 2-orbital active space: Hartree-Fock is 2.05e-4 Ha above E0, inside chemical
        // accuracy; the default asks for 90 % of that correlation energy instead.
        if (t == "lih") def_threshold = 2e-5;
      } else if (t == "custom") {
        if (o_.hamiltonian.empty())
          throw invalid_argument("quantum", "task=custom needs the hamiltonian kwarg (inline text, a file path or @path)");
        hamiltonian_ = read_user_hamiltonian(o_.hamiltonian, o_.qubits > 0 ? static_cast<std::size_t>(o_.qubits) : 0);
        n_ = hamiltonian_.num_qubits();
        if (n_ > q::max_user_hamiltonian_qubits)
          throw invalid_argument("quantum", "the hamiltonian acts on " + std::to_string(n_) + " qubits; at most " +
                                                std::to_string(q::max_user_hamiltonian_qubits));
        if (o_.qubits > 0 && static_cast<std::size_t>(o_.qubits) != n_)
          throw invalid_argument("quantum", "qubits = " + std::to_string(o_.qubits) + " but the hamiltonian acts on " +
                                                std::to_string(n_) + " qubits");
        initial_ = q::state_vector(n_);
      } else {
        n_ = width(4, 2, 12);
        hamiltonian_ = t == "tfim" ? q::transverse_field_ising(n_, o_.periodic) : q::heisenberg_xxx(n_, o_.periodic);
        initial_ = q::state_vector(n_);
      }
      if (!o_.initial_state.empty()) {
        if (o_.initial_state.size() != n_ || o_.initial_state.find_first_not_of("01") != std::string::npos)
          throw invalid_argument("quantum", "initial_state \"" + o_.initial_state + "\" must be " + std::to_string(n_) +
                                                " characters 0/1 (wire 0 first)");
        initial_ = q::state_vector::from_bitstring(o_.initial_state);
      }
      e0_ = q::ground_state(hamiltonian_).energy;  // exact, computed here
      e_init_ = hamiltonian_.expectation(initial_);
    }
    if (kind_ != task_kind::vqe && !o_.initial_state.empty())
      throw invalid_argument("quantum", "initial_state applies to VQE tasks only (task is " + t + ")");
    if (kind_ != task_kind::vqe && !o_.hamiltonian.empty())
      throw invalid_argument("quantum", "hamiltonian= is read only with task=custom (task is " + t + ")");
    threshold_ = o_.threshold >= 0 ? o_.threshold : def_threshold;
  }

  // Inline text, or a file: "@path", or a string naming an existing file.
  static q::pauli_sum read_user_hamiltonian(const std::string& h, std::size_t min_qubits) {
    if (h.front() == '@') return q::read_hamiltonian_file(h.substr(1), min_qubits);
    std::error_code ec;
    if (h.find_first_of("\n[*") == std::string::npos && h.size() < 4096 && std::filesystem::is_regular_file(h, ec))
      return q::read_hamiltonian_file(h, min_qubits);
    return q::parse_hamiltonian_text(h, min_qubits);
  }

  void build_alphabet() {
    if (o_.gate_set == "kuo") {
      alphabet_ = 6 * n_;
    } else if (o_.gate_set == "rotations") {
      alphabet_ = 3 * n_ + n_ * (n_ - 1);
    } else {
      throw invalid_argument("quantum", "gate_set must be rotations or kuo, got " + o_.gate_set);
    }
    mask_.assign(alphabet_, 1);
    if (o_.coupling != "all") {
      const q::device_profile d = q::device_profile::by_name(o_.coupling);
      if (d.num_qubits < n_)
        throw invalid_argument("quantum", "coupling device " + o_.coupling + " has fewer qubits than the task");
      for (std::size_t a = 0; a < alphabet_; ++a) {
        q::circuit c(n_);
        std::vector<double> p;
        rng g(0);
        append(c, static_cast<std::int64_t>(a), g, p);
        const auto& gate = c.gates().front();
        if (gate.num_qubits() == 2 && !d.coupled(gate.qubits[0], gate.qubits[1])) mask_[a] = 0;
      }
    }
  }

  void build_spec(episode_shape shape) {
    spec_.id = env_id_text;
    spec_.summary = "Quantum architecture search: build a circuit gate by gate on a state-vector simulator with inner "
                    "angle optimisation; task " + o_.task;
    spec_.shape = shape;
    spec_.max_episode_steps = shape == episode_shape::one_shot ? 1 : static_cast<int>(o_.max_gates);
    spec_.kwarg_specs = qas_kwargs();
    spec_.kwargs = value::dict{{"task", o_.task},
                               {"mode", std::string(shape == episode_shape::one_shot ? "one_shot" : "sequential")},
                               {"qubits", o_.qubits},
                               {"periodic", o_.periodic},
                               {"instance_seed", o_.instance_seed},
                               {"gate_set", o_.gate_set},
                               {"max_gates", o_.max_gates},
                               {"optimizer_iterations", o_.optimizer_iterations},
                               {"learning_rate", o_.learning_rate},
                               {"threshold", o_.threshold},
                               {"reward", o_.reward},
                               {"success_bonus", o_.success_bonus},
                               {"failure_penalty", o_.failure_penalty},
                               {"depth_penalty", o_.depth_penalty},
                               {"cnot_penalty", o_.cnot_penalty},
                               {"device", o_.device},
                               {"coupling", o_.coupling},
                               {"hamiltonian", o_.hamiltonian},
                               {"initial_state", o_.initial_state}};
    if (kind_ == task_kind::state) {
      spec_.metrics.push_back({"fidelity", "", direction::maximize, "|<target|psi>|^2 after angle optimisation"});
    } else if (kind_ == task_kind::maxcut) {
      spec_.metrics.push_back({"approx_ratio", "", direction::maximize, "<C> / C_max (C_max by exhaustive search)"});
      spec_.metrics.push_back({"expected_cut", "edges", direction::maximize, "<C>, the expected number of cut edges"});
    } else {
      spec_.metrics.push_back({"energy_Ha", "Ha", direction::minimize, "<H> after angle optimisation"});
      spec_.metrics.push_back({"energy_error_Ha", "Ha", direction::minimize,
                               "E - E0, E0 computed by exact diagonalisation (" + ten_digits(e0_) + " Ha)"});
    }
    spec_.metrics.push_back({"quality", "", direction::maximize, "task score in [0, 1] (1 = target reached)"});
    spec_.metrics.push_back({"depth", "moments", direction::minimize, "ASAP circuit depth"});
    spec_.metrics.push_back({"cnot_count", "CNOTs", direction::minimize, "CNOT-equivalents after decomposition"});
    spec_.metrics.push_back({"gate_count", "gates", direction::minimize, "logical gates"});
    spec_.metrics.push_back({"esp", "", direction::maximize, "estimated success probability on the device"});
    spec_.metrics.push_back({"success", "", direction::maximize, "1 when the task threshold is met"});
    spec_.reward = shape == episode_shape::one_shot
                       ? "quality of the optimised circuit"
                       : (o_.reward == "final" ? "quality at the end of the episode, 0 before"
                                               : "+success_bonus on success, -failure_penalty at the cap without success, "
                                                 "else clip((d_prev - d) / d_prev, -1, 1) - depth/CNOT penalties");
    spec_.cost_unit = "circuit simulations";
    if (o_.reward != "incremental" && o_.reward != "final")
      throw invalid_argument("quantum", "reward must be incremental or final, got " + o_.reward);
    const auto a = static_cast<std::int64_t>(alphabet_);
    act_space_ = std::make_unique<discrete>(a);
    obs_space_ = std::make_unique<dict_space>(std::vector<dict_space::entry>{
        {"circuit", multi_discrete(std::vector<std::int64_t>(static_cast<std::size_t>(o_.max_gates), a + 1))},
        {"metrics", box(xt::xarray<double>{0.0, 0.0, 0.0},
                        xt::xarray<double>{1.0, static_cast<double>(o_.max_gates), static_cast<double>(o_.max_gates)})}});
  }

  qas_options o_;
  std::optional<q::state_vector> target_;
  q::state_vector initial_{1};
  q::pauli_sum hamiltonian_{1};
  double e0_ = 0, e_init_ = 0, cut_max_ = 1, threshold_ = 0;
  q::device_profile device_;
};

// ----- sequential -----------------------------------------------------------------------------

namespace {
q::circuit build(const qas_core& core, const std::vector<std::int64_t>& gates, rng& g, std::vector<double>& params,
                 std::int64_t skip) {
  q::circuit c(core.n_);
  for (auto a : gates)
    if (a != skip) core.append(c, a, g, params);
  return c;
}
}  // namespace

qas_sequential::qas_sequential(const qas_options& o) : core_(std::make_unique<qas_core>(o, episode_shape::sequential)) {}
qas_sequential::~qas_sequential() = default;
qas_sequential::qas_sequential(qas_sequential&&) noexcept = default;
qas_sequential& qas_sequential::operator=(qas_sequential&&) noexcept = default;

const dict_space& qas_sequential::observation_space() const noexcept { return *core_->obs_space_; }
const discrete& qas_sequential::action_space() const noexcept { return *core_->act_space_; }
const env_spec& qas_sequential::spec() const noexcept { return core_->spec_; }
const std::vector<std::int8_t>& qas_sequential::action_mask() const noexcept { return core_->mask_; }

reset_result<value> qas_sequential::reset(std::optional<std::uint64_t> seed) {
  if (seed) rng_.seed(*seed);
  actions_.clear();
  params_.clear();
  last_ = core_->empty_;
  step_info info = last_->info;
  info.cost = 0;
  info.extra = value::dict{{"action_mask", value::from_vector(std::vector<std::int64_t>(core_->mask_.begin(), core_->mask_.end()))}};
  return {core_->observation(actions_, q::circuit(core_->n_), *last_), std::move(info)};
}

step_result<value> qas_sequential::step(action_type a) {
  if (!last_) throw reset_needed("quantum: step() before reset()");
  if (a < 0 || a >= static_cast<std::int64_t>(core_->alphabet_))
    throw invalid_action("quantum: action " + std::to_string(a) + " is outside 0.." + std::to_string(core_->alphabet_ - 1));
  const auto& o = core_->options();
  if (static_cast<std::int64_t>(actions_.size()) >= o.max_gates || last_->success)
    throw reset_needed("quantum: the episode has ended; call reset()");
  core_->check_mask(a);
  rng start = rng_;
  std::vector<double> params = params_;
  std::vector<std::int64_t> gates = actions_;
  gates.push_back(a);
  // Rebuild the circuit; existing angles keep their optimised values, a new one gets a random start.
  std::vector<double> fresh;
  const q::circuit c = build(*core_, gates, start, fresh, -1);
  for (std::size_t i = params.size(); i < fresh.size(); ++i) params.push_back(fresh[i]);
  rng_ = start;
  const q::circuit before = build(*core_, actions_, start, fresh, -1);
  qas_score s = core_->score(c, params, o.optimizer_iterations);
  const bool at_cap = static_cast<std::int64_t>(gates.size()) >= o.max_gates;
  double reward = 0;
  if (o.reward == "final") {
    reward = (s.success || at_cap) ? s.quality : 0.0;
  } else if (s.success) {
    reward = o.success_bonus;
  } else if (at_cap) {
    reward = -o.failure_penalty;
  } else {
    const double dp = last_->distance;
    reward = dp > 0 ? std::clamp((dp - s.distance) / dp, -1.0, 1.0) : 0.0;
    reward -= o.depth_penalty * (static_cast<double>(c.depth()) - static_cast<double>(before.depth()));
    reward -= o.cnot_penalty * (static_cast<double>(c.two_qubit_count()) - static_cast<double>(before.two_qubit_count()));
  }
  actions_ = std::move(gates);
  params_ = s.params;
  value obs = core_->observation(actions_, c, s);
  step_info info = s.info;
  info.extra = value::dict{{"action_mask", value::from_vector(std::vector<std::int64_t>(core_->mask_.begin(), core_->mask_.end()))}};
  const bool done = s.success || at_cap;
  last_ = std::move(s);
  return {std::move(obs), reward, done, false, std::move(info)};
}

// ----- one-shot -------------------------------------------------------------------------------

qas_one_shot::qas_one_shot(const qas_options& o)
    : core_(std::make_unique<qas_core>(o, episode_shape::one_shot)),
      act_space_(std::make_unique<multi_discrete>(
          std::vector<std::int64_t>(static_cast<std::size_t>(o.max_gates), static_cast<std::int64_t>(core_->alphabet_) + 1))) {}
qas_one_shot::~qas_one_shot() = default;
qas_one_shot::qas_one_shot(qas_one_shot&&) noexcept = default;
qas_one_shot& qas_one_shot::operator=(qas_one_shot&&) noexcept = default;

const dict_space& qas_one_shot::observation_space() const noexcept { return *core_->obs_space_; }
const multi_discrete& qas_one_shot::action_space() const noexcept { return *act_space_; }
const env_spec& qas_one_shot::spec() const noexcept { return core_->spec_; }

reset_result<value> qas_one_shot::reset(std::optional<std::uint64_t> seed) {
  if (seed) rng_.seed(*seed);
  step_info info = core_->empty_.info;
  info.cost = 0;
  return {core_->observation({}, q::circuit(core_->n_), core_->empty_), std::move(info)};
}

step_result<value> qas_one_shot::step(const action_type& gates) {
  if (!act_space_->contains(gates))
    throw invalid_action("quantum: a design is " + std::to_string(act_space_->size()) + " gate indices in 0.." +
                         std::to_string(core_->alphabet_) + " (" + std::to_string(core_->alphabet_) + " = empty slot)");
  const auto skip = static_cast<std::int64_t>(core_->alphabet_);
  std::vector<std::int64_t> used;
  for (auto a : gates)
    if (a != skip) {
      core_->check_mask(a);
      used.push_back(a);
    }
  std::vector<double> params;
  const q::circuit c = build(*core_, used, rng_, params, skip);
  qas_score s = core_->score(c, params, 2 * core_->options().optimizer_iterations);
  value obs = core_->observation(used, c, s);
  return {std::move(obs), s.quality, true, false, std::move(s.info)};
}

// ----- registration ---------------------------------------------------------------------------

void register_quantum_envs(registry& r) {
  r.add({env_id_text,
         "Quantum architecture search on a built-in state-vector simulator (state preparation, MaxCut, VQE)",
         qas_kwargs(),
         [](const kwargs_reader& k) {
           qas_options o;
           o.task = k.get_string("task");
           o.qubits = k.get_int("qubits");
           o.periodic = k.get_bool("periodic");
           o.instance_seed = k.get_int("instance_seed");
           o.gate_set = k.get_string("gate_set");
           o.max_gates = k.get_int("max_gates");
           o.optimizer_iterations = k.get_int("optimizer_iterations");
           o.learning_rate = k.get_real("learning_rate");
           o.threshold = k.get_real("threshold");
           o.reward = k.get_string("reward");
           o.success_bonus = k.get_real("success_bonus");
           o.failure_penalty = k.get_real("failure_penalty");
           o.depth_penalty = k.get_real("depth_penalty");
           o.cnot_penalty = k.get_real("cnot_penalty");
           o.device = k.get_string("device");
           o.coupling = k.get_string("coupling");
           o.hamiltonian = k.get_string("hamiltonian");
           o.initial_state = k.get_string("initial_state");
           if (k.get_string("mode") == "one_shot") return any_env(qas_one_shot(o));
           return any_env(qas_sequential(o));
         },
         false,
         value::dict{{"kind", "evaluations"}, {"amount", 60}}});
}

}  // namespace dsegym::envs::quantum

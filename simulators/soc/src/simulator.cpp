#include "dsegym/sim/soc/simulator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/soc/feasibility.hpp"
#include "topology.hpp"

namespace dsegym::sim::soc {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double bytes_eps = 1e-6;  // rounding slack when a transfer's last bytes land

struct transfer {
  std::size_t task = 0;
  std::vector<std::size_t> blocks;  // buses (ids 0..B-1), then the memory (id B + m)
  double latency_left = 0.0;        // hop latency still to wait, s
  double bytes_left = 0.0;
  double joule_per_byte = 0.0;
  double mem_joule_per_byte = 0.0;
};

// The stages of a task: serialized = {READ}, {COMPUTE}, {WRITE}; overlapped = {all three}.
struct task_state {
  std::size_t parents_left = 0;
  std::size_t stage = 0;
  std::size_t pending = 0;  // unfinished items of the current stage
  double ready_s = 0.0;
  double compute_left = 0.0;
  double compute_power = 0.0;
  bool computing = false;
  bool done = false;
};

class run {
 public:
  run(const workload& w, const design& d, const block_library& lib, const simulation_options& opt)
      : w_(w), d_(d), lib_(lib), opt_(opt), topo_(d), adj_(build_adjacency(w)) {}

  simulation_result execute();

 private:
  [[nodiscard]] std::string prepare();  // empty, or why the numbers cannot be simulated
  void become_ready(std::size_t t);
  bool dispatch();
  void begin_stage(std::size_t t, std::size_t stage);
  void finish(std::size_t t);
  void item_done(std::size_t t);
  void start_transfer(std::size_t t, std::size_t edge_index, bool write);
  void start_compute(std::size_t t);
  void account(double dt, double energy);
  [[nodiscard]] std::size_t stage_count() const { return opt_.dma == dma_mode::serialized ? 3 : 1; }

  const workload& w_;
  const design& d_;
  const block_library& lib_;
  const simulation_options& opt_;
  detail::topology topo_;
  task_adjacency adj_;

  std::size_t nb_ = 0;  // buses
  std::vector<double> bandwidth_;         // per block, bytes/s
  std::vector<double> hop_s_;             // per bus
  std::vector<double> mem_joule_per_byte_;
  std::vector<bool> mem_dram_;
  std::vector<double> compute_s_, compute_j_;

  std::vector<task_state> ts_;
  std::vector<std::size_t> running_;                 // per PE
  std::vector<std::vector<std::size_t>> queue_;      // per PE
  std::vector<transfer> active_;
  std::vector<std::size_t> block_count_;
  std::size_t done_count_ = 0;
  double now_ = 0.0;

  // power windows
  double win_e_ = 0.0, win_t_ = 0.0, last_e_ = 0.0, last_t_ = 0.0, peak_w_ = 0.0;
  bool closed_window_ = false;

  simulation_result r_;
};

std::string run::prepare() {
  const std::size_t n = w_.tasks.size();
  nb_ = d_.buses.size();
  const std::size_t nm = d_.memories.size();
  bandwidth_.resize(nb_ + nm);
  hop_s_.resize(nb_);
  for (std::size_t b = 0; b < nb_; ++b) {
    const double hz = lib_.bus_frequency_hz * d_.buses[b].clock_multiplier;
    bandwidth_[b] = d_.buses[b].width_bytes * hz;
    hop_s_[b] = lib_.hop_latency_cycles / hz;
  }
  for (std::size_t m = 0; m < nm; ++m)
    bandwidth_[nb_ + m] =
        d_.memories[m].width_bytes * lib_.memory_frequency_hz * d_.memories[m].clock_multiplier;
  block_count_.assign(nb_ + nm, 0);

  // Memory capacity = bytes of the edges whose producer writes there, rounded up to the granule.
  std::vector<std::uint64_t> mapped(nm, 0);
  for (const edge& e : w_.edges) mapped[d_.task_memory[e.producer]] += e.bytes;
  r_.memory_capacity_bytes.resize(nm);
  mem_joule_per_byte_.resize(nm);
  mem_dram_.resize(nm);
  for (std::size_t m = 0; m < nm; ++m) {
    const std::uint64_t g = lib_.memory_granule_bytes;
    const std::uint64_t cap = (mapped[m] + g - 1) / g * g;
    r_.memory_capacity_bytes[m] = cap;
    const double mbit = static_cast<double>(cap) * 8.0 / 1048576.0;
    mem_dram_[m] = d_.memories[m].kind == memory_kind::dram;
    if (mem_dram_[m]) {
      mem_joule_per_byte_[m] = lib_.dram_pj_per_byte * 1e-12 * lib_.non_gpp_energy_scale;
      r_.dram_area_m2 += mbit * lib_.dram_mm2_per_mbit * 1e-6 * lib_.memory_area_scale;
    } else {
      const std::uint64_t array = lib_.sram_bank_bytes == 0 ? cap : std::min(cap, lib_.sram_bank_bytes);
      mem_joule_per_byte_[m] = lib_.sram_pj_per_byte_at_8kib *
                               std::sqrt(static_cast<double>(array) / 8192.0) * 1e-12 *
                               lib_.non_gpp_energy_scale;
      r_.sram_area_m2 += mbit * lib_.sram_mm2_per_mbit * 1e-6 * lib_.memory_area_scale;
    }
  }

  compute_s_.assign(n, 0.0);
  compute_j_.assign(n, 0.0);
  for (std::size_t t = 0; t < n; ++t) {
    const task& tk = w_.tasks[t];
    const pe_block& pe = d_.pes[d_.task_pe[t]];
    if (pe.kind == pe_kind::gpp) {
      const double cycles = tk.gpp_cycles.value_or(0.0);
      compute_s_[t] = cycles / lib_.gpp_frequency_hz;
      compute_j_[t] = cycles * lib_.gpp_ipc / lib_.gpp_instructions_per_joule;
    } else {
      const double u = static_cast<double>(pe.unroll);
      compute_s_[t] = tk.ip_cycles.value_or(0.0) / (lib_.ip_frequency_hz * pe.clock_multiplier * u);
      compute_j_[t] = u * lib_.non_gpp_energy_scale * tk.ip_energy * lib_.ip_energy_unit_j;
    }
  }
  for (const pe_block& pe : d_.pes) {
    if (pe.kind == pe_kind::gpp)
      r_.pe_area_m2 += lib_.gpp_area_m2;
    else
      r_.pe_area_m2 += static_cast<double>(pe.unroll) * lib_.non_memory_area_scale *
                       w_.tasks[pe.ip_task].ip_area_um2 * lib_.ip_area_unit_m2;
  }

  // Extreme clock multipliers or widths can overflow to inf / underflow to 0: such a design is
  // reported, never simulated (inf x 0 would poison the event loop).
  for (std::size_t b = 0; b < bandwidth_.size(); ++b) {
    const std::string& name = b < nb_ ? d_.buses[b].name : d_.memories[b - nb_].name;
    if (!std::isfinite(bandwidth_[b]) || !(bandwidth_[b] > 0.0))
      return "bandwidth of '" + name + "' is not a positive finite number";
    if (b < nb_ && !std::isfinite(hop_s_[b])) return "hop latency of '" + name + "' is not finite";
  }
  for (std::size_t t = 0; t < n; ++t)
    if (!std::isfinite(compute_s_[t]) || !std::isfinite(compute_j_[t]))
      return "compute time or energy of task '" + w_.tasks[t].name + "' on '" + d_.pes[d_.task_pe[t]].name +
             "' is not finite";

  ts_.assign(n, {});
  for (std::size_t t = 0; t < n; ++t) ts_[t].parents_left = adj_.in_edges[t].size();
  running_.assign(d_.pes.size(), detail::npos);
  queue_.assign(d_.pes.size(), {});
  r_.tasks.assign(opt_.record_tasks ? n : 0, {});
  r_.pe_usage.resize(d_.pes.size());
  r_.memory_usage.resize(nm);
  r_.bus_usage.resize(nb_);
  for (std::size_t p = 0; p < d_.pes.size(); ++p) r_.pe_usage[p].name = d_.pes[p].name;
  for (std::size_t m = 0; m < nm; ++m) r_.memory_usage[m].name = d_.memories[m].name;
  for (std::size_t b = 0; b < nb_; ++b) r_.bus_usage[b].name = d_.buses[b].name;
  return {};
}

void run::become_ready(std::size_t t) {
  ts_[t].ready_s = now_;
  queue_[d_.task_pe[t]].push_back(t);
}

bool run::dispatch() {
  bool started = false;
  for (std::size_t p = 0; p < queue_.size(); ++p) {
    if (running_[p] != detail::npos || queue_[p].empty()) continue;
    auto& q = queue_[p];
    auto best = std::min_element(q.begin(), q.end(), [&](std::size_t a, std::size_t b) {
      if (ts_[a].ready_s != ts_[b].ready_s) return ts_[a].ready_s < ts_[b].ready_s;
      return a < b;
    });
    const std::size_t t = *best;
    q.erase(best);
    running_[p] = t;
    if (opt_.record_tasks) {
      r_.tasks[t].start_s = now_;
      r_.tasks[t].pe = p;
    }
    started = true;
    begin_stage(t, 0);
  }
  return started;
}

void run::start_transfer(std::size_t t, std::size_t edge_index, bool write) {
  const edge& e = w_.edges[edge_index];
  const std::size_t mem = d_.task_memory[e.producer];
  const auto& route = topo_.route(d_.pes[d_.task_pe[t]].bus, mem);
  transfer tr;
  tr.task = t;
  tr.blocks = route;
  for (std::size_t b : route) tr.latency_left += hop_s_[b];
  tr.blocks.push_back(nb_ + mem);
  tr.bytes_left = static_cast<double>(e.bytes);
  double mem_j = mem_joule_per_byte_[mem];
  if (mem_dram_[mem]) {
    const double rows = std::ceil(static_cast<double>(e.bytes) / static_cast<double>(lib_.dram_row_bytes));
    mem_j += rows * lib_.dram_nj_per_row * 1e-9 * lib_.non_gpp_energy_scale / static_cast<double>(e.bytes);
  }
  tr.mem_joule_per_byte = mem_j;
  tr.joule_per_byte = mem_j + lib_.bus_pj_per_byte_per_hop * 1e-12 * static_cast<double>(route.size());
  r_.bytes_moved += e.bytes;
  (void)write;
  active_.push_back(std::move(tr));
  ++ts_[t].pending;
}

void run::start_compute(std::size_t t) {
  if (opt_.record_tasks) r_.tasks[t].compute_start_s = now_;
  r_.pe_energy_j += compute_j_[t];
  if (compute_s_[t] > 0.0) {
    ts_[t].computing = true;
    ts_[t].compute_left = compute_s_[t];
    ts_[t].compute_power = compute_j_[t] / compute_s_[t];
    ++ts_[t].pending;
  } else {
    win_e_ += compute_j_[t];  // an instantaneous lump (zero-time task with energy)
    if (opt_.record_tasks) r_.tasks[t].compute_end_s = now_;
  }
}

void run::begin_stage(std::size_t t, std::size_t stage) {
  const bool serial = opt_.dma == dma_mode::serialized;
  for (; stage < stage_count(); ++stage) {
    ts_[t].stage = stage;
    ts_[t].pending = 0;
    const bool read = serial ? stage == 0 : true;
    const bool compute = serial ? stage == 1 : true;
    const bool write = serial ? stage == 2 : true;
    if (read && !is_data_sink(w_, adj_, t))
      for (std::size_t ei : adj_.in_edges[t]) start_transfer(t, ei, false);
    if (compute) start_compute(t);
    if (write && !is_data_source(w_, adj_, t))
      for (std::size_t ei : adj_.out_edges[t]) start_transfer(t, ei, true);
    if (ts_[t].pending > 0) return;
  }
  finish(t);
}

void run::finish(std::size_t t) {
  ts_[t].done = true;
  ++done_count_;
  running_[d_.task_pe[t]] = detail::npos;
  if (opt_.record_tasks) r_.tasks[t].finish_s = now_;
  if (t == w_.last_task) r_.latency_s = now_;
  for (std::size_t ei : adj_.out_edges[t]) {
    const std::size_t c = w_.edges[ei].consumer;
    if (--ts_[c].parents_left == 0) become_ready(c);
  }
}

void run::item_done(std::size_t t) {
  if (--ts_[t].pending == 0) begin_stage(t, ts_[t].stage + 1);
}

void run::account(double dt, double energy) {
  win_e_ += energy;
  win_t_ += dt;
  if (win_t_ >= lib_.power_window_s) {
    // The newest closed window stays pending: the run's tail may still join it.
    if (closed_window_) peak_w_ = std::max(peak_w_, last_e_ / last_t_);
    last_e_ = win_e_;
    last_t_ = win_t_;
    closed_window_ = true;
    win_e_ = 0.0;
    win_t_ = 0.0;
  }
}

simulation_result run::execute() {
  if (auto why = prepare(); !why.empty()) {
    simulation_result r;
    r.reason = std::move(why);
    return r;
  }
  const std::size_t n = w_.tasks.size();
  for (std::size_t t = 0; t < n; ++t)
    if (ts_[t].parents_left == 0) become_ready(t);
  while (dispatch()) {
  }

  std::vector<double> rate;
  while (done_count_ < n) {
    std::fill(block_count_.begin(), block_count_.end(), 0);
    for (const transfer& tr : active_)
      if (tr.latency_left <= 0.0)
        for (std::size_t b : tr.blocks) ++block_count_[b];
    rate.assign(active_.size(), 0.0);
    double dt = inf;
    for (std::size_t i = 0; i < active_.size(); ++i) {
      const transfer& tr = active_[i];
      if (tr.latency_left > 0.0) {
        dt = std::min(dt, tr.latency_left);
        continue;
      }
      double r = inf;
      for (std::size_t b : tr.blocks) r = std::min(r, bandwidth_[b] / static_cast<double>(block_count_[b]));
      rate[i] = r;
      dt = std::min(dt, tr.bytes_left / r);
    }
    for (std::size_t t = 0; t < n; ++t)
      if (ts_[t].computing) dt = std::min(dt, ts_[t].compute_left);
    if (!(dt < inf)) throw error("soc", "simulation stalled with unfinished tasks (internal)");

    // Energy and busy time of the phase [now, now + dt).
    double energy = 0.0;
    for (std::size_t t = 0; t < n; ++t)
      if (ts_[t].computing) energy += ts_[t].compute_power * dt;
    for (std::size_t i = 0; i < active_.size(); ++i) {
      if (active_[i].latency_left > 0.0) continue;
      const double moved = std::min(active_[i].bytes_left, rate[i] * dt);
      energy += moved * active_[i].joule_per_byte;
      r_.memory_energy_j += moved * active_[i].mem_joule_per_byte;
      r_.bus_energy_j += moved * (active_[i].joule_per_byte - active_[i].mem_joule_per_byte);
    }
    for (std::size_t p = 0; p < running_.size(); ++p)
      if (running_[p] != detail::npos) r_.pe_usage[p].busy_s += dt;
    for (std::size_t b = 0; b < nb_; ++b)
      if (block_count_[b] > 0) r_.bus_usage[b].busy_s += dt;
    for (std::size_t m = 0; m < d_.memories.size(); ++m)
      if (block_count_[nb_ + m] > 0) r_.memory_usage[m].busy_s += dt;
    account(dt, energy);
    now_ += dt;

    // Progress, then completions in a fixed order (transfers by start order, then computes).
    std::vector<std::size_t> finished_transfers;
    for (std::size_t i = 0; i < active_.size(); ++i) {
      transfer& tr = active_[i];
      if (tr.latency_left > 0.0) {
        tr.latency_left = tr.latency_left - dt <= 0.0 ? 0.0 : tr.latency_left - dt;
        continue;
      }
      tr.bytes_left -= rate[i] * dt;
      if (tr.bytes_left <= bytes_eps) finished_transfers.push_back(i);
    }
    std::vector<std::size_t> finished_computes;
    for (std::size_t t = 0; t < n; ++t) {
      if (!ts_[t].computing) continue;
      ts_[t].compute_left -= dt;
      if (ts_[t].compute_left <= 0.0) finished_computes.push_back(t);
    }
    std::vector<std::size_t> owners;
    owners.reserve(finished_transfers.size());
    for (std::size_t k = finished_transfers.size(); k-- > 0;) {
      owners.push_back(active_[finished_transfers[k]].task);
      active_.erase(active_.begin() + static_cast<std::ptrdiff_t>(finished_transfers[k]));
    }
    std::reverse(owners.begin(), owners.end());
    for (std::size_t t : owners) item_done(t);
    for (std::size_t t : finished_computes) {
      ts_[t].computing = false;
      ts_[t].compute_left = 0.0;
      if (opt_.record_tasks) r_.tasks[t].compute_end_s = now_;
      item_done(t);
    }
    while (dispatch()) {
    }
  }

  r_.makespan_s = now_;
  r_.energy_j = r_.pe_energy_j + r_.memory_energy_j + r_.bus_energy_j;
  // The trailing part of the run (shorter than a window) joins the last full window, so every
  // window spans >= power_window_s; a run shorter than one window has its average power.
  if (closed_window_) {
    r_.power_w = std::max(peak_w_, (last_e_ + win_e_) / (last_t_ + win_t_));
  } else {
    r_.power_w = win_t_ > 0.0 ? win_e_ / win_t_ : 0.0;
  }
  r_.average_power_w = r_.latency_s > 0.0 ? r_.energy_j / r_.latency_s : 0.0;
  r_.area_m2 = r_.pe_area_m2 + r_.sram_area_m2;
  for (auto* usage : {&r_.pe_usage, &r_.memory_usage, &r_.bus_usage})
    for (auto& u : *usage) u.utilisation = now_ > 0.0 ? u.busy_s / now_ : 0.0;
  r_.ok = true;
  return std::move(r_);
}

}  // namespace

simulation_result simulate(const workload& w, const design& d, const block_library& lib,
                           const simulation_options& options) {
  validate(w);
  validate(lib);
  if (auto f = check_design(w, d); !f.ok) {
    simulation_result r;
    r.reason = std::move(f.reason);
    return r;
  }
  return run(w, d, lib, options).execute();
}

}  // namespace dsegym::sim::soc

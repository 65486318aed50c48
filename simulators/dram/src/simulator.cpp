#include "dsegym/sim/dram/simulator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <functional>
#include <limits>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "dsegym/core/error.hpp"
#include "text_util.hpp"

namespace dsegym::sim::dram {

namespace {

using cycle_t = std::int64_t;
constexpr cycle_t never = std::numeric_limits<cycle_t>::max() / 4;

// Distances between commands in clock cycles, precomputed from the spec (§2.6). Signed: some
// turnaround terms may be small or negative for exotic specs; max() with other bounds keeps
// them harmless.
struct timing_table {
  cycle_t rl, wl, burst;
  cycle_t act_to_col;   // tRCD - AL (posted CAS)
  cycle_t rp, ras, rc, rrd_s, rrd_l, faw, ccd_s, ccd_l, rfc, refi;
  cycle_t rd_to_pre;    // AL + tRTP
  cycle_t wr_to_pre;    // WL + BL/2 + tWR
  cycle_t rd_to_wr;     // RL + tCCD + 2 - WL
  cycle_t wr_to_rd_s;   // WL + BL/2 + tWTR_S
  cycle_t wr_to_rd_l;   // WL + BL/2 + tWTR_L
  // Other rank on the shared data bus: one burst plus the rank-switch gap tRTRS.
  cycle_t rank_rd_to_rd, rank_rd_to_wr, rank_wr_to_wr, rank_wr_to_rd;

  explicit timing_table(const mem_spec& s) {
    const auto& t = s.timing;
    rl = s.read_latency();
    wl = s.write_latency();
    burst = s.burst_cycles();
    act_to_col = std::max<cycle_t>(1, cycle_t{t.rcd} - t.al);
    rp = t.rp;
    ras = t.ras;
    rc = t.rc;
    rrd_s = t.rrd_s;
    rrd_l = t.rrd_l;
    faw = t.faw;
    ccd_s = t.ccd_s;
    ccd_l = t.ccd_l;
    rfc = t.rfc;
    refi = t.refi;
    rd_to_pre = cycle_t{t.al} + t.rtp;
    wr_to_pre = wl + burst + t.wr;
    rd_to_wr = rl + ccd_s + 2 - wl;
    wr_to_rd_s = wl + burst + t.wtr_s;
    wr_to_rd_l = wl + burst + t.wtr_l;
    rank_rd_to_rd = burst + t.rtrs;
    rank_rd_to_wr = rl + burst + t.rtrs - wl;
    rank_wr_to_wr = burst + t.rtrs;
    rank_wr_to_rd = wl + burst + t.rtrs - rl;
  }
};

// Earliest cycle each command may issue, per scope. A command's earliest time is the max over
// the scopes it belongs to; issuing a command raises the bounds it imposes on others.
struct bank_state {
  std::int64_t open_row = -1;  // -1: precharged, or an auto-precharge is pending
  cycle_t next_act = 0;
  cycle_t next_pre = 0;
  cycle_t next_rd = 0;
  cycle_t next_wr = 0;
  std::uint32_t rank = 0;
  std::uint32_t group = 0;         // global bank-group index
  std::uint32_t bank_in_rank = 0;
  std::vector<std::uint32_t> queue;  // requests visible to the scheduler, oldest first
  std::uint32_t chosen = 0;          // scheduler's pick, valid while !dirty
  bool dirty = true;
};

struct group_state {
  cycle_t next_act = 0;
  cycle_t next_rd = 0;
  cycle_t next_wr = 0;
};

struct rank_state {
  cycle_t next_act = 0;
  cycle_t next_rd = 0;
  cycle_t next_wr = 0;
  cycle_t next_ref = 0;
  std::array<cycle_t, 4> act_window{-never, -never, -never, -never};  // last four ACTs (tFAW)
  std::uint32_t act_window_pos = 0;
  std::uint32_t pending = 0;  // accepted requests whose column command has not issued

  // All-bank refresh bookkeeping (§2.8): credit c += 1 every tREFI, -= 1 per REF.
  std::int64_t refresh_credit = 0;
  cycle_t next_refresh_tick = never;
  bool refreshing = false;  // the refresh manager owns the rank this cycle
  bool forced = false;      // ... because too many refreshes were postponed
  bool decide = false;      // a tREFI trigger passed and has not been decided yet
  bool pulling_in = false;  // a refresh was just issued on an idle rank: pull in more while idle

  // Background energy: the rank is "active" while any bank is open or a refresh runs.
  // close_at[b] is a pending close (auto-precharge, end of tRFC in the last slot).
  std::uint32_t open = 0;
  cycle_t last_change = 0;
  cycle_t active_cycles = 0;
  std::vector<cycle_t> close_at;
};

enum class row_outcome : std::uint8_t { hit, miss, conflict };

struct request_state {
  std::uint64_t row = 0;
  std::uint64_t column = 0;
  cycle_t due = 0;  // arrival at the player, in DRAM cycles (rounded up)
  cycle_t accepted = 0;
  std::uint32_t bank = 0;  // global bank index
  bool is_write = false;
  row_outcome outcome = row_outcome::hit;
  bool completed = false;   // data burst finished
  bool at_arbiter = false;  // released by the controller, reached the arbiter
};

cycle_t delay_cycles(double ns, double tck_ns) {
  return static_cast<cycle_t>(std::ceil(ns / tck_ns - 1e-9));
}

std::string where(const trace& t, std::size_t i) {
  return (t.source.empty() ? std::string("<trace>") : t.source) + ": request #" +
         std::to_string(i);
}

std::uint64_t line_of(const trace& t, std::size_t i) {
  return i < t.source_lines.size() ? t.source_lines[i] : 0;
}

latency_summary summarize(std::vector<double>& samples) {
  latency_summary s;
  if (samples.empty()) return s;
  double sum = 0.0;
  for (double v : samples) sum += v;
  s.mean_ns = sum / static_cast<double>(samples.size());
  const auto rank = [&](double p) {
    // nearest rank: ceil(p * n) - 1, clamped
    auto k = static_cast<std::size_t>(std::ceil(p * static_cast<double>(samples.size())));
    k = std::clamp<std::size_t>(k, 1, samples.size()) - 1;
    std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(k),
                     samples.end());
    return samples[k];
  };
  s.p50_ns = rank(0.50);
  s.p95_ns = rank(0.95);
  s.p99_ns = rank(0.99);
  s.max_ns = *std::max_element(samples.begin(), samples.end());
  return s;
}

class engine {
 public:
  engine(const simulation_config& cfg, const address_mapping& map, const trace& workload)
      : cfg_(cfg),
        spec_(cfg.memory),
        ctl_(cfg.controller),
        t_(cfg.memory),
        workload_(workload),
        n_(workload.requests.size()),
        banks_per_rank_(spec_.org.banks),
        frontend_delay_(delay_cycles(ctl_.frontend_delay_ns, spec_.tck_ns())),
        backend_delay_(delay_cycles(ctl_.backend_delay_ns, spec_.tck_ns())) {
    const auto ranks = spec_.org.ranks;
    ranks_.resize(ranks);
    for (auto& r : ranks_) {
      r.close_at.assign(banks_per_rank_ + 1, never);
      if (ctl_.refresh_policy == refresh_policy_kind::all_bank) r.next_refresh_tick = t_.refi;
    }
    groups_.resize(std::size_t{ranks} * spec_.org.bank_groups);
    banks_.resize(std::size_t{ranks} * banks_per_rank_);
    for (std::uint32_t b = 0; b < banks_.size(); ++b) {
      banks_[b].rank = b / banks_per_rank_;
      banks_[b].bank_in_rank = b % banks_per_rank_;
      banks_[b].group = banks_[b].rank * spec_.org.bank_groups +
                        banks_[b].bank_in_rank / spec_.banks_per_group();
    }
    bank_buffered_.assign(banks_.size(), 0);
    decode_requests(map);
  }

  run_results run();

 private:
  void decode_requests(const address_mapping& map);

  // One cycle's phases, in this order.
  void collect_completions();
  void release_response();
  void deliver_responses();
  bool try_accept();
  void update_refresh_state();
  bool issue_command();

  cycle_t next_event_time(bool progressed) const;

  // Scheduler and bank machine.
  std::uint32_t choose(const bank_state& b) const;
  bool auto_precharge(const bank_state& b, std::uint32_t x) const;
  cycle_t act_earliest(const bank_state& b) const;
  cycle_t column_earliest(const bank_state& b, bool is_write) const;
  cycle_t refresh_command_earliest(std::uint32_t rank, bool& is_prea) const;

  // Command effects.
  void issue_act(std::uint32_t bank, std::uint32_t x);
  void issue_pre(std::uint32_t bank, std::uint32_t x);
  void issue_column(std::uint32_t bank, std::uint32_t x);
  void issue_prea(std::uint32_t rank);
  void issue_ref(std::uint32_t rank);
  void close_row(std::uint32_t bank, cycle_t at);
  void log(command_kind kind, std::uint32_t rank, std::uint32_t bank, std::uint64_t row,
           std::uint64_t column, std::uint64_t request);

  // Background-energy bookkeeping.
  void advance_energy(rank_state& r, cycle_t to);

  void deliver(std::uint32_t x);
  void mark_all_dirty() {
    for (auto& b : banks_) b.dirty = true;
  }

  const simulation_config& cfg_;
  const mem_spec& spec_;
  const controller_config& ctl_;
  const timing_table t_;
  const trace& workload_;
  const std::size_t n_;
  const std::uint32_t banks_per_rank_;
  const cycle_t frontend_delay_;
  const cycle_t backend_delay_;

  std::vector<request_state> req_;
  std::vector<bank_state> banks_;
  std::vector<group_state> groups_;
  std::vector<rank_state> ranks_;

  cycle_t now_ = 0;
  cycle_t soonest_command_ = never;  // see issue_command()

  // Player and front end.
  std::size_t next_offer_ = 0;
  cycle_t last_accept_ = -1;
  std::uint32_t last_stored_bank_ = 0;  // bank of the last accepted request (Bankwise admission)
  std::uint64_t outstanding_ = 0;  // forwarded by the arbiter, response not yet delivered
  std::deque<std::pair<cycle_t, std::uint32_t>> frontend_pipe_;  // (visible at, request)

  // Scheduler buffer occupancy (all kinds tracked; the configured one is enforced).
  std::vector<std::uint32_t> bank_buffered_;
  std::uint32_t total_buffered_ = 0;
  std::uint32_t reads_buffered_ = 0;
  std::uint32_t writes_buffered_ = 0;
  bool last_column_was_write_ = false;

  // Response path.
  using timed = std::pair<cycle_t, std::uint32_t>;
  std::priority_queue<timed, std::vector<timed>, std::greater<>> completions_;
  std::deque<std::uint32_t> completed_fifo_;  // resp_queue fifo: completion order
  std::size_t next_release_ = 0;              // resp_queue reorder: next in arrival order
  std::deque<timed> backend_pipe_;            // (reaches arbiter at, request)
  std::size_t next_delivery_ = 0;             // reorder arbiter: next in request order
  std::size_t delivered_ = 0;

  std::vector<double> arrival_latency_ns_;
  std::vector<double> service_latency_ns_;
  run_results out_;
};

void engine::decode_requests(const address_mapping& map) {
  const std::uint64_t mask = mapped_bits_mask(map);
  const std::uint64_t burst = spec_.burst_bytes();
  // due (DRAM cycles) = trace cycle * scale * (t_trace / tCK), rounded up to a clock edge.
  const double ratio = cfg_.trace_time_scale * spec_.clock_mhz / cfg_.trace_clock_mhz;
  req_.resize(n_);
  if (cfg_.record_requests) out_.request_log.resize(n_);
  std::uint64_t previous_cycle = 0;
  for (std::size_t i = 0; i < n_; ++i) {
    const request& r = workload_.requests[i];
    if (r.cycle < previous_cycle)
      throw data_error("dram", where(workload_, i) + ": cycle " + std::to_string(r.cycle) +
                                   " is before the previous request's cycle " +
                                   std::to_string(previous_cycle) +
                                   " (time must not go backwards)",
                       line_of(workload_, i));
    previous_cycle = r.cycle;
    if (r.address % burst != 0)
      throw data_error("dram", where(workload_, i) + ": address " + detail::hex(r.address) +
                                   " is not aligned to the " + std::to_string(burst) +
                                   "-byte burst",
                       line_of(workload_, i));
    if ((r.address & ~mask) != 0)
      throw data_error("dram", where(workload_, i) + ": address " + detail::hex(r.address) +
                                   " is beyond the mapped memory (" +
                                   std::to_string(spec_.capacity_bytes()) + " bytes of " +
                                   spec_.name + "; mapped bits mask " + detail::hex(mask) + ")",
                       line_of(workload_, i));
    const double due = static_cast<double>(r.cycle) * ratio;
    if (!(due < 1e17))
      throw data_error("dram", where(workload_, i) + ": cycle " + std::to_string(r.cycle) +
                                   " is too far in the future to simulate",
                       line_of(workload_, i));
    const decoded_address d = decode(map, spec_, r.address);
    request_state& s = req_[i];
    s.row = d.row;
    s.column = d.column;
    s.bank = d.rank * banks_per_rank_ + d.bank;
    s.is_write = r.is_write;
    s.due = static_cast<cycle_t>(std::ceil(due - 1e-9 * std::max(1.0, due)));
    if (r.is_write) ++out_.writes; else ++out_.reads;
  }
}

// ---------------------------------------------------------------------------------------------
// Response path
// ---------------------------------------------------------------------------------------------

void engine::collect_completions() {
  while (!completions_.empty() && completions_.top().first <= now_) {
    const auto x = completions_.top().second;
    completions_.pop();
    req_[x].completed = true;
    if (cfg_.record_requests)
      out_.request_log[x].completed_cycle = static_cast<std::uint64_t>(now_);
    if (ctl_.resp_queue == resp_queue_kind::fifo) completed_fifo_.push_back(x);
  }
}

// The response queue hands at most one response per clock to the back end.
void engine::release_response() {
  std::uint32_t x = 0;
  if (ctl_.resp_queue == resp_queue_kind::fifo) {
    if (completed_fifo_.empty()) return;
    x = completed_fifo_.front();
    completed_fifo_.pop_front();
  } else {
    if (next_release_ >= n_ || !req_[next_release_].completed) return;
    x = static_cast<std::uint32_t>(next_release_++);
  }
  backend_pipe_.emplace_back(now_ + backend_delay_, x);
}

void engine::deliver_responses() {
  while (!backend_pipe_.empty() && backend_pipe_.front().first <= now_) {
    const auto x = backend_pipe_.front().second;
    backend_pipe_.pop_front();
    if (ctl_.arbiter == arbiter_kind::reorder) {
      req_[x].at_arbiter = true;
    } else {
      deliver(x);
    }
  }
  // The reorder arbiter returns responses in request order, one per clock.
  if (ctl_.arbiter == arbiter_kind::reorder && next_delivery_ < n_ &&
      req_[next_delivery_].at_arbiter)
    deliver(static_cast<std::uint32_t>(next_delivery_++));
}

void engine::deliver(std::uint32_t x) {
  const double tck = spec_.tck_ns();
  const request_state& s = req_[x];
  const double due_ns = static_cast<double>(workload_.requests[x].cycle) *
                        cfg_.trace_time_scale * 1000.0 / cfg_.trace_clock_mhz;
  arrival_latency_ns_.push_back(static_cast<double>(now_) * tck - due_ns);
  service_latency_ns_.push_back(static_cast<double>(now_ - s.accepted) * tck);
  if (cfg_.record_requests) out_.request_log[x].delivered_cycle = static_cast<std::uint64_t>(now_);
  --outstanding_;
  ++delivered_;
}

// ---------------------------------------------------------------------------------------------
// Front end: player, arbiter, admission
// ---------------------------------------------------------------------------------------------

bool engine::try_accept() {
  if (next_offer_ >= n_) return false;
  const auto x = static_cast<std::uint32_t>(next_offer_);
  request_state& s = req_[x];
  // One request in the handshake at a time, at most one accepted per clock.
  if (now_ < std::max(s.due, last_accept_ + 1)) return false;
  if (ctl_.arbiter != arbiter_kind::simple && outstanding_ >= ctl_.max_active_transactions)
    return false;
  const std::uint32_t rbs = ctl_.request_buffer_size;
  switch (ctl_.scheduler_buffer) {
    case scheduler_buffer_kind::bankwise:
      // DRAMSys (BufferCounterBankwise::hasBufferSpace) decides before it knows the incoming
      // request's bank: it checks the bank of the request it stored last. So a request may join a
      // full bank (up to RBS + 1 queued there) and one to an empty bank may wait.
      if (bank_buffered_[last_stored_bank_] >= rbs) return false;
      break;
    case scheduler_buffer_kind::read_write:
      if ((s.is_write ? writes_buffered_ : reads_buffered_) >= rbs) return false;
      break;
    case scheduler_buffer_kind::shared:
      if (total_buffered_ >= rbs) return false;
      break;
  }
  ++next_offer_;
  last_accept_ = now_;
  last_stored_bank_ = s.bank;
  s.accepted = now_;
  if (cfg_.record_requests) out_.request_log[x].accepted_cycle = static_cast<std::uint64_t>(now_);
  ++outstanding_;
  ++bank_buffered_[s.bank];
  ++total_buffered_;
  ++(s.is_write ? writes_buffered_ : reads_buffered_);
  ++ranks_[banks_[s.bank].rank].pending;
  if (frontend_delay_ == 0) {
    banks_[s.bank].queue.push_back(x);
    banks_[s.bank].dirty = true;
  } else {
    frontend_pipe_.emplace_back(now_ + frontend_delay_, x);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Refresh manager (§2.8)
// ---------------------------------------------------------------------------------------------

void engine::update_refresh_state() {
  if (ctl_.refresh_policy != refresh_policy_kind::all_bank) return;
  const auto max_postponed = static_cast<std::int64_t>(ctl_.refresh_max_postponed);
  const auto max_pulledin = static_cast<std::int64_t>(ctl_.refresh_max_pulledin);
  for (auto& r : ranks_) {
    while (now_ >= r.next_refresh_tick) {
      ++r.refresh_credit;
      r.next_refresh_tick += t_.refi;
      r.decide = true;
    }
    r.forced = r.refresh_credit > max_postponed;
    // As DRAMSys's all-bank refresh manager: the decision is taken at each tREFI trigger (refresh
    // if the rank is idle, else postpone); after a refresh on an idle rank further ones are pulled
    // in while it stays idle, down to -max_pulledin owed refreshes. An idle moment between
    // triggers (e.g. the end of the trace) starts nothing, so no PREA is spent on a refresh that
    // never comes.
    const bool idle = r.pending == 0;
    if (r.forced) {
      r.refreshing = true;
    } else if ((r.decide || r.pulling_in) && idle && r.refresh_credit > -max_pulledin) {
      r.refreshing = true;
    } else {
      r.refreshing = false;
      if (!idle) r.decide = r.pulling_in = false;  // postponed (busy at the trigger)
      if (r.refresh_credit <= -max_pulledin) r.pulling_in = false;
    }
  }
}

// PREA while any bank is open (legal once every open bank may precharge), else REF.
cycle_t engine::refresh_command_earliest(std::uint32_t rank, bool& is_prea) const {
  is_prea = false;
  cycle_t prea_at = 0;
  for (std::uint32_t i = 0; i < banks_per_rank_; ++i) {
    const bank_state& b = banks_[rank * banks_per_rank_ + i];
    if (b.open_row >= 0) {
      is_prea = true;
      prea_at = std::max(prea_at, b.next_pre);
    }
  }
  return is_prea ? prea_at : ranks_[rank].next_ref;
}

// ---------------------------------------------------------------------------------------------
// Scheduler, page policy, command multiplexer
// ---------------------------------------------------------------------------------------------

std::uint32_t engine::choose(const bank_state& b) const {
  const auto& q = b.queue;
  if (ctl_.scheduler == scheduler_kind::fifo || b.open_row < 0) return q.front();
  const auto open_row = static_cast<std::uint64_t>(b.open_row);
  if (ctl_.scheduler == scheduler_kind::fr_fcfs) {
    for (auto x : q)
      if (req_[x].row == open_row) return x;
    return q.front();
  }
  // FrFcfsGrp: among hits prefer the direction of the last column command, unless an older
  // request to the same address goes the other way (RAW/WAR hazard).
  std::size_t oldest_hit = q.size();
  for (std::size_t i = 0; i < q.size(); ++i) {
    const request_state& s = req_[q[i]];
    if (s.row != open_row) continue;
    if (oldest_hit == q.size()) oldest_hit = i;
    if (s.is_write != last_column_was_write_) continue;
    bool hazard = false;
    for (std::size_t j = 0; j < i && !hazard; ++j) {
      const request_state& older = req_[q[j]];
      hazard = older.is_write != s.is_write &&
               workload_.requests[q[j]].address == workload_.requests[q[i]].address;
    }
    if (!hazard) return q[i];
    break;  // the hazard forces the oldest hit
  }
  return oldest_hit < q.size() ? q[oldest_hit] : q.front();
}

bool engine::auto_precharge(const bank_state& b, std::uint32_t x) const {
  switch (ctl_.page_policy) {
    case page_policy_kind::open: return false;
    case page_policy_kind::closed: return true;
    case page_policy_kind::open_adaptive:
    case page_policy_kind::closed_adaptive: break;
  }
  const bool other_hit = std::any_of(b.queue.begin(), b.queue.end(), [&](std::uint32_t y) {
    return y != x && req_[y].row == req_[x].row;
  });
  if (ctl_.page_policy == page_policy_kind::closed_adaptive) return !other_hit;
  return b.queue.size() > 1 && !other_hit;  // open_adaptive
}

cycle_t engine::act_earliest(const bank_state& b) const {
  const rank_state& r = ranks_[b.rank];
  return std::max({b.next_act, groups_[b.group].next_act, r.next_act,
                   r.act_window[r.act_window_pos] + t_.faw});
}

cycle_t engine::column_earliest(const bank_state& b, bool is_write) const {
  const rank_state& r = ranks_[b.rank];
  const group_state& g = groups_[b.group];
  return is_write ? std::max({b.next_wr, g.next_wr, r.next_wr})
                  : std::max({b.next_rd, g.next_rd, r.next_rd});
}

// Issues at most one command at now_ (one command bus). Returns whether it did; when it did
// not, soonest_command_ holds the earliest cycle at which some pending command becomes legal.
bool engine::issue_command() {
  soonest_command_ = never;
  // A rank owned by the refresh manager gets its PREA/REF first.
  for (std::uint32_t r = 0; r < ranks_.size(); ++r) {
    if (!ranks_[r].refreshing) continue;
    bool is_prea = false;
    const cycle_t earliest = refresh_command_earliest(r, is_prea);
    if (earliest <= now_) {
      if (is_prea) issue_prea(r); else issue_ref(r);
      return true;
    }
    soonest_command_ = std::min(soonest_command_, earliest);
  }
  // Bank machines: among commands legal now, the one serving the oldest request.
  constexpr std::uint32_t none = ~std::uint32_t{0};
  std::uint32_t best_bank = none;
  std::uint32_t best_request = none;
  for (std::uint32_t i = 0; i < banks_.size(); ++i) {
    bank_state& b = banks_[i];
    if (b.queue.empty() || ranks_[b.rank].forced) continue;
    if (b.dirty) {
      b.chosen = choose(b);
      b.dirty = false;
    }
    const std::uint32_t x = b.chosen;
    if (x >= best_request) continue;
    const request_state& s = req_[x];
    cycle_t earliest = 0;
    if (b.open_row < 0) {
      earliest = act_earliest(b);
    } else if (static_cast<std::uint64_t>(b.open_row) != s.row) {
      earliest = b.next_pre;
    } else {
      earliest = column_earliest(b, s.is_write);
    }
    if (earliest <= now_) {
      best_bank = i;
      best_request = x;
    } else {
      // Only read when nothing issues; then no bank was skipped above (best_request = none).
      soonest_command_ = std::min(soonest_command_, earliest);
    }
  }
  if (best_bank == none) return false;
  const bank_state& b = banks_[best_bank];
  if (b.open_row < 0) {
    issue_act(best_bank, best_request);
  } else if (static_cast<std::uint64_t>(b.open_row) != req_[best_request].row) {
    issue_pre(best_bank, best_request);
  } else {
    issue_column(best_bank, best_request);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Command effects on timing state
// ---------------------------------------------------------------------------------------------

void engine::log(command_kind kind, std::uint32_t rank, std::uint32_t bank, std::uint64_t row,
                 std::uint64_t column, std::uint64_t request) {
  if (!cfg_.record_commands) return;
  out_.command_log.push_back({static_cast<std::uint64_t>(now_), kind, rank, bank, row, column,
                              request});
}

void engine::issue_act(std::uint32_t bank, std::uint32_t x) {
  bank_state& b = banks_[bank];
  rank_state& r = ranks_[b.rank];
  group_state& g = groups_[b.group];
  const cycle_t t = now_;
  advance_energy(r, t);
  ++r.open;
  b.open_row = static_cast<std::int64_t>(req_[x].row);
  b.next_act = std::max(b.next_act, t + t_.rc);
  b.next_pre = std::max(b.next_pre, t + t_.ras);
  b.next_rd = std::max(b.next_rd, t + t_.act_to_col);
  b.next_wr = std::max(b.next_wr, t + t_.act_to_col);
  g.next_act = std::max(g.next_act, t + t_.rrd_l);
  r.next_act = std::max(r.next_act, t + t_.rrd_s);
  r.act_window[r.act_window_pos] = t;
  r.act_window_pos = (r.act_window_pos + 1) % 4;
  if (req_[x].outcome == row_outcome::hit) req_[x].outcome = row_outcome::miss;
  b.dirty = true;
  ++out_.commands.act;
  log(command_kind::act, b.rank, b.bank_in_rank, req_[x].row, 0, x);
}

void engine::close_row(std::uint32_t bank, cycle_t at) {
  bank_state& b = banks_[bank];
  rank_state& r = ranks_[b.rank];
  b.open_row = -1;
  b.next_act = std::max(b.next_act, at + t_.rp);
  r.next_ref = std::max(r.next_ref, at + t_.rp);
  b.dirty = true;
  ++out_.commands.pre;
  if (at <= now_) {
    advance_energy(r, now_);
    --r.open;
  } else {
    r.close_at[b.bank_in_rank] = at;  // auto-precharge: the bank stays open until `at`
  }
}

void engine::issue_pre(std::uint32_t bank, std::uint32_t x) {
  const bank_state& b = banks_[bank];
  log(command_kind::pre, b.rank, b.bank_in_rank, static_cast<std::uint64_t>(b.open_row), 0, x);
  req_[x].outcome = row_outcome::conflict;
  close_row(bank, now_);
}

void engine::issue_prea(std::uint32_t rank) {
  log(command_kind::prea, rank, 0, 0, 0, command_record::no_request);
  ++out_.commands.prea;
  for (std::uint32_t i = 0; i < banks_per_rank_; ++i) {
    const std::uint32_t bank = rank * banks_per_rank_ + i;
    if (banks_[bank].open_row >= 0) close_row(bank, now_);
  }
}

void engine::issue_ref(std::uint32_t rank) {
  rank_state& r = ranks_[rank];
  const cycle_t t = now_;
  log(command_kind::ref, rank, 0, 0, 0, command_record::no_request);
  advance_energy(r, t);
  ++r.open;  // IDD3N background during tRFC
  r.close_at[banks_per_rank_] = t + t_.rfc;
  for (std::uint32_t i = 0; i < banks_per_rank_; ++i) {
    bank_state& b = banks_[rank * banks_per_rank_ + i];
    b.next_act = std::max(b.next_act, t + t_.rfc);
  }
  r.next_ref = std::max(r.next_ref, t + t_.rfc);
  if (r.forced) ++out_.refreshes_forced;
  if (r.refresh_credit <= 0) ++out_.refreshes_pulled_in;
  --r.refresh_credit;
  ++out_.commands.ref;
  // The credit changed: decide again before the next command.
  r.forced = false;
  r.refreshing = false;
  r.decide = false;
  r.pulling_in = r.pending == 0;
}

void engine::issue_column(std::uint32_t bank, std::uint32_t x) {
  bank_state& b = banks_[bank];
  rank_state& r = ranks_[b.rank];
  group_state& g = groups_[b.group];
  request_state& s = req_[x];
  const cycle_t t = now_;
  const bool ap = auto_precharge(b, x);
  if (cfg_.record_requests) out_.request_log[x].column_cycle = static_cast<std::uint64_t>(t);

  b.queue.erase(std::find(b.queue.begin(), b.queue.end(), x));
  b.dirty = true;
  --bank_buffered_[bank];
  --total_buffered_;
  --(s.is_write ? writes_buffered_ : reads_buffered_);
  --r.pending;

  switch (s.outcome) {
    case row_outcome::hit: ++out_.row_hits; break;
    case row_outcome::miss: ++out_.row_misses; break;
    case row_outcome::conflict: ++out_.row_conflicts; break;
  }

  cycle_t precharge_at = 0;
  if (!s.is_write) {
    r.next_rd = std::max(r.next_rd, t + t_.ccd_s);
    g.next_rd = std::max(g.next_rd, t + t_.ccd_l);
    r.next_wr = std::max(r.next_wr, t + t_.rd_to_wr);
    for (std::uint32_t o = 0; o < ranks_.size(); ++o) {
      if (o == b.rank) continue;
      ranks_[o].next_rd = std::max(ranks_[o].next_rd, t + t_.rank_rd_to_rd);
      ranks_[o].next_wr = std::max(ranks_[o].next_wr, t + t_.rank_rd_to_wr);
    }
    precharge_at = t + t_.rd_to_pre;
    completions_.emplace(t + t_.rl + t_.burst, x);
    ++out_.commands.rd;
  } else {
    r.next_wr = std::max(r.next_wr, t + t_.ccd_s);
    g.next_wr = std::max(g.next_wr, t + t_.ccd_l);
    r.next_rd = std::max(r.next_rd, t + t_.wr_to_rd_s);
    g.next_rd = std::max(g.next_rd, t + t_.wr_to_rd_l);
    for (std::uint32_t o = 0; o < ranks_.size(); ++o) {
      if (o == b.rank) continue;
      ranks_[o].next_wr = std::max(ranks_[o].next_wr, t + t_.rank_wr_to_wr);
      ranks_[o].next_rd = std::max(ranks_[o].next_rd, t + t_.rank_wr_to_rd);
    }
    precharge_at = t + t_.wr_to_pre;
    completions_.emplace(t + t_.wl + t_.burst, x);
    ++out_.commands.wr;
  }
  log(ap ? (s.is_write ? command_kind::wra : command_kind::rda)
         : (s.is_write ? command_kind::wr : command_kind::rd),
      b.rank, b.bank_in_rank, s.row, s.column, x);
  if (ap) {
    // Implicit precharge once both the read/write recovery and tRAS allow it.
    ++(s.is_write ? out_.commands.wra : out_.commands.rda);
    close_row(bank, std::max(precharge_at, b.next_pre));
  } else {
    b.next_pre = std::max(b.next_pre, precharge_at);
  }
  if (s.is_write != last_column_was_write_) {
    last_column_was_write_ = s.is_write;
    if (ctl_.scheduler == scheduler_kind::fr_fcfs_grp) mark_all_dirty();
  }
}

void engine::advance_energy(rank_state& r, cycle_t to) {
  // Apply pending closes (auto-precharges, end of refresh) that happen by `to`, in time order.
  for (;;) {
    auto it = std::min_element(r.close_at.begin(), r.close_at.end());
    if (*it > to) break;
    if (r.open > 0) r.active_cycles += *it - r.last_change;
    r.last_change = *it;
    --r.open;
    *it = never;
  }
  if (r.open > 0) r.active_cycles += to - r.last_change;
  r.last_change = to;
}

// ---------------------------------------------------------------------------------------------
// Main loop
// ---------------------------------------------------------------------------------------------

cycle_t engine::next_event_time(bool progressed) const {
  if (progressed) return now_ + 1;
  cycle_t next = never;
  const auto consider = [&](cycle_t c) { next = std::min(next, std::max(c, now_ + 1)); };
  if (!completions_.empty()) consider(completions_.top().first);
  if (!completed_fifo_.empty()) consider(now_ + 1);
  if (ctl_.resp_queue == resp_queue_kind::reorder && next_release_ < n_ &&
      req_[next_release_].completed)
    consider(now_ + 1);
  if (!backend_pipe_.empty()) consider(backend_pipe_.front().first);
  if (ctl_.arbiter == arbiter_kind::reorder && next_delivery_ < n_ &&
      req_[next_delivery_].at_arbiter)
    consider(now_ + 1);
  if (!frontend_pipe_.empty()) consider(frontend_pipe_.front().first);
  if (next_offer_ < n_) {
    const cycle_t offer = std::max(req_[next_offer_].due, last_accept_ + 1);
    if (offer > now_) consider(offer);  // else blocked: a delivery or column command frees it
  }
  for (const auto& r : ranks_) consider(r.next_refresh_tick);
  consider(soonest_command_);  // nothing issued this cycle: bank and refresh commands
  return next;
}

run_results engine::run() {
  arrival_latency_ns_.reserve(n_);
  service_latency_ns_.reserve(n_);
  while (delivered_ < n_) {
    while (!frontend_pipe_.empty() && frontend_pipe_.front().first <= now_) {
      const auto x = frontend_pipe_.front().second;
      frontend_pipe_.pop_front();
      banks_[req_[x].bank].queue.push_back(x);
      banks_[req_[x].bank].dirty = true;
    }
    collect_completions();
    release_response();
    deliver_responses();
    if (delivered_ == n_) break;
    const bool accepted = try_accept();
    update_refresh_state();
    const bool issued = issue_command();
    const cycle_t next = next_event_time(accepted || issued);
    if (next >= never)
      throw error("dram",
                  "internal: simulation stalled at cycle " + std::to_string(now_) + " with " +
                      std::to_string(n_ - delivered_) + " requests undelivered",
                  error_code::internal);
    now_ = next;
  }

  const cycle_t end = now_;
  const double tck = spec_.tck_ns();
  out_.requests = n_;
  out_.cycles = static_cast<std::uint64_t>(end);
  out_.total_time_ns = static_cast<double>(end) * tck;
  const double seconds = out_.total_time_ns * 1e-9;
  out_.bandwidth_bytes_per_s =
      seconds > 0.0 ? static_cast<double>(n_ * spec_.burst_bytes()) / seconds : 0.0;
  out_.data_bus_utilization =
      end > 0 ? static_cast<double>((out_.commands.rd + out_.commands.wr) * t_.burst) /
                    static_cast<double>(end)
              : 0.0;
  out_.row_hit_rate = static_cast<double>(out_.row_hits) / static_cast<double>(n_);
  out_.arrival_latency = summarize(arrival_latency_ns_);
  out_.service_latency = summarize(service_latency_ns_);

  cycle_t active = 0;
  for (auto& r : ranks_) {
    advance_energy(r, end);
    active += r.active_cycles;
  }
  const double active_ns = static_cast<double>(active) * tck;
  const double precharged_ns =
      static_cast<double>(end * static_cast<cycle_t>(ranks_.size()) - active) * tck;
  out_.energy = compute_energy(rank_energy_params(spec_), out_.commands, active_ns,
                               precharged_ns);
  out_.energy_pj = out_.energy.total_pj();
  out_.avg_power_mw = out_.total_time_ns > 0.0 ? out_.energy_pj / out_.total_time_ns : 0.0;
  return std::move(out_);
}

void check_player(const simulation_config& c) {
  if (!(std::isfinite(c.trace_clock_mhz) && c.trace_clock_mhz > 0.0))
    throw invalid_argument("dram", "trace_clock_mhz = " + detail::format_double(c.trace_clock_mhz) +
                                       " must be finite and > 0");
  if (!(std::isfinite(c.trace_time_scale) && c.trace_time_scale > 0.0))
    throw invalid_argument("dram", "trace_time_scale = " +
                                       detail::format_double(c.trace_time_scale) +
                                       " must be finite and > 0");
}

}  // namespace

run_results simulate(const simulation_config& config, const trace& workload) {
  validate(config.memory);
  validate(config.controller);
  check_player(config);
  const address_mapping map =
      config.mapping ? *config.mapping : reference_mapping(config.memory);
  validate(map, config.memory);
  if (workload.requests.empty())
    throw data_error("dram", (workload.source.empty() ? std::string("<trace>") : workload.source) +
                                 ": trace has no requests");
  if (workload.requests.size() >= std::numeric_limits<std::uint32_t>::max())
    throw invalid_argument("dram", "trace has " + std::to_string(workload.requests.size()) +
                                       " requests; at most 2^32 - 2 are supported");
  engine e(config, map, workload);
  return e.run();
}

}  // namespace dsegym::sim::dram

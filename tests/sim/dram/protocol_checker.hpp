#pragma once
// Test helper: replays a command log against the JEDEC rules of the spec's §2.6 table, written
// independently of the simulator (last-command times and explicit pairwise rules instead of the
// simulator's propagated earliest-issue bounds), so the two can check each other.

#include <algorithm>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "dsegym/sim/dram/command.hpp"
#include "dsegym/sim/dram/mem_spec.hpp"

namespace dsegym::sim::dram::testing {

class protocol_checker {
 public:
  explicit protocol_checker(const mem_spec& spec) : s_(spec) {
    banks_.resize(std::size_t{spec.org.ranks} * spec.org.banks);
    ranks_.resize(spec.org.ranks);
  }

  /// Every violation found, as readable strings (empty = the log is legal).
  std::vector<std::string> check(const std::vector<command_record>& log) {
    std::vector<std::string> errors;
    std::optional<std::int64_t> previous_cycle;
    for (const auto& c : log) {
      const auto t = static_cast<std::int64_t>(c.cycle);
      auto fail = [&](const std::string& what) {
        if (errors.size() < 20)
          errors.push_back("cycle " + std::to_string(t) + " " + std::string(to_string(c.kind)) +
                           " rank " + std::to_string(c.rank) + " bank " +
                           std::to_string(c.bank) + ": " + what);
      };
      if (previous_cycle && t <= *previous_cycle) fail("command bus already used this cycle");
      previous_cycle = t;
      rank& r = ranks_[c.rank];
      switch (c.kind) {
        case command_kind::act: check_act(c, t, r, fail); break;
        case command_kind::pre: check_pre(bank_of(c), t, fail); break;
        case command_kind::prea:
          for (std::uint32_t b = 0; b < s_.org.banks; ++b) {
            bank& k = banks_[c.rank * s_.org.banks + b];
            if (k.open && !k.auto_pre) check_pre(k, t, fail);
          }
          break;
        case command_kind::rd:
        case command_kind::rda:
        case command_kind::wr:
        case command_kind::wra: check_column(c, t, r, fail); break;
        case command_kind::ref: check_ref(c, t, r, fail); break;
      }
    }
    return errors;
  }

 private:
  static constexpr std::int64_t never = -(std::int64_t{1} << 40);

  struct bank {
    bool open = false;
    bool auto_pre = false;  // closed by RDA/WRA at `closed_at`
    std::uint64_t row = 0;
    std::int64_t last_act = never;
    std::int64_t closed_at = never;  // last precharge (explicit or implicit)
    std::int64_t last_rd = never;
    std::int64_t last_wr = never;
  };
  struct rank {
    std::deque<std::int64_t> acts;  // recent ACT times (tFAW window)
    std::int64_t last_ref = never;
    struct column { std::int64_t t; bool write; std::uint32_t group; };
    std::vector<column> columns;  // recent column commands
    std::vector<std::pair<std::int64_t, std::uint32_t>> act_groups;  // recent (ACT time, group)
  };

  bank& bank_of(const command_record& c) { return banks_[c.rank * s_.org.banks + c.bank]; }
  std::uint32_t group_of(std::uint32_t b) const { return b / s_.banks_per_group(); }

  // A bank closed by auto-precharge is really closed once its implicit PRE time has passed.
  void settle(bank& k, std::int64_t t) {
    if (k.open && k.auto_pre && t >= k.closed_at) k.open = false;
  }

  template <class Fail>
  void at_least(std::int64_t t, std::int64_t since, std::int64_t gap, const char* rule, Fail& fail) {
    if (t < since + gap)
      fail(std::string(rule) + " needs >= " + std::to_string(since + gap) + " (last at " +
           std::to_string(since) + ", gap " + std::to_string(gap) + ")");
  }

  template <class Fail>
  void check_act(const command_record& c, std::int64_t t, rank& r, Fail& fail) {
    const auto& tm = s_.timing;
    bank& k = bank_of(c);
    settle(k, t);
    if (k.open) fail("ACT to an open bank");
    at_least(t, k.last_act, tm.rc, "tRC", fail);
    at_least(t, k.closed_at, tm.rp, "tRP", fail);
    at_least(t, r.last_ref, tm.rfc, "tRFC", fail);
    for (const auto& [at, g] : r.act_groups)
      at_least(t, at, g == group_of(c.bank) ? tm.rrd_l : tm.rrd_s, "tRRD", fail);
    if (r.acts.size() >= 4) at_least(t, r.acts[r.acts.size() - 4], tm.faw, "tFAW", fail);
    r.acts.push_back(t);
    if (r.acts.size() > 8) r.acts.pop_front();
    r.act_groups.emplace_back(t, group_of(c.bank));
    if (r.act_groups.size() > 8) r.act_groups.erase(r.act_groups.begin());
    k = bank{.open = true, .auto_pre = false, .row = c.row, .last_act = t, .closed_at = k.closed_at,
             .last_rd = never, .last_wr = never};
  }

  template <class Fail>
  void check_pre(bank& k, std::int64_t t, Fail& fail) {
    const auto& tm = s_.timing;
    settle(k, t);
    if (!k.open) {
      fail("PRE to a precharged bank");
      return;
    }
    at_least(t, k.last_act, tm.ras, "tRAS", fail);
    at_least(t, k.last_rd, tm.al + tm.rtp, "tRTP", fail);
    at_least(t, k.last_wr, s_.write_latency() + s_.burst_cycles() + tm.wr, "tWR", fail);
    k.open = false;
    k.closed_at = t;
  }

  template <class Fail>
  void check_column(const command_record& c, std::int64_t t, rank& r, Fail& fail) {
    const auto& tm = s_.timing;
    const bool write = c.kind == command_kind::wr || c.kind == command_kind::wra;
    const bool auto_pre = c.kind == command_kind::rda || c.kind == command_kind::wra;
    bank& k = bank_of(c);
    settle(k, t);
    if (!k.open || k.auto_pre) fail("column command to a closed bank");
    if (k.open && k.row != c.row) fail("column command to row " + std::to_string(c.row) +
                                       " but row " + std::to_string(k.row) + " is open");
    at_least(t, k.last_act, static_cast<std::int64_t>(tm.rcd) - tm.al, "tRCD", fail);
    const std::int64_t rl = s_.read_latency(), wl = s_.write_latency(), bl2 = s_.burst_cycles();
    const std::uint32_t g = group_of(c.bank);
    for (const auto& p : r.columns) {
      const bool same = p.group == g;
      if (!p.write && !write) at_least(t, p.t, same ? tm.ccd_l : tm.ccd_s, "RD->RD tCCD", fail);
      if (p.write && write) at_least(t, p.t, same ? tm.ccd_l : tm.ccd_s, "WR->WR tCCD", fail);
      if (!p.write && write) at_least(t, p.t, rl + tm.ccd_s + 2 - wl, "RD->WR turnaround", fail);
      if (p.write && !write)
        at_least(t, p.t, wl + bl2 + (same ? tm.wtr_l : tm.wtr_s), "WR->RD tWTR", fail);
      // Data bursts never overlap on the bus.
      const std::int64_t a0 = p.t + (p.write ? wl : rl), b0 = t + (write ? wl : rl);
      if (a0 < b0 + bl2 && b0 < a0 + bl2) fail("data burst overlaps the one of cycle " +
                                               std::to_string(p.t));
    }
    r.columns.push_back({t, write, g});
    if (r.columns.size() > 8) r.columns.erase(r.columns.begin());
    (write ? k.last_wr : k.last_rd) = t;
    if (auto_pre) {
      const std::int64_t recovery = write ? t + wl + bl2 + tm.wr : t + tm.al + tm.rtp;
      k.auto_pre = true;
      k.closed_at = std::max(recovery, k.last_act + tm.ras);
    }
  }

  template <class Fail>
  void check_ref(const command_record& c, std::int64_t t, rank& r, Fail& fail) {
    const auto& tm = s_.timing;
    for (std::uint32_t b = 0; b < s_.org.banks; ++b) {
      bank& k = banks_[c.rank * s_.org.banks + b];
      settle(k, t);
      if (k.open) fail("REF while bank " + std::to_string(b) + " is open");
      at_least(t, k.closed_at, tm.rp, "PRE->REF tRP", fail);
    }
    at_least(t, r.last_ref, tm.rfc, "REF->REF tRFC", fail);
    r.last_ref = t;
  }

  const mem_spec& s_;
  std::vector<bank> banks_;
  std::vector<rank> ranks_;
};

}  // namespace dsegym::sim::dram::testing

#pragma once
/// @file
/// DRAMPower-style energy (§3 of the spec, DRAMPower v4 equations): a fixed energy per command
/// plus background power that depends on whether any bank of a rank is open. Power-down and
/// self-refresh are not modelled (the controller never enters them).

#include "dsegym/sim/dram/command.hpp"
#include "dsegym/sim/dram/mem_spec.hpp"

namespace dsegym::sim::dram {

/// Per-command energies and background powers of ONE rank (all its devices), VDD and VPP
/// domains together.
///
///   E_ACT = VDD (IDD0 - IDD3N) tRAS             + VPP (IPP0 - IPP3N) tRAS
///   E_PRE = VDD (IDD0 - IDD2N) (tRC - tRAS)     + VPP (IPP0 - IPP2N) (tRC - tRAS)
///   E_RD  = VDD (IDD4R - IDD3N) BL/2 tCK        + VPP (IPP4R - IPP3N) BL/2 tCK
///   E_WR  = VDD (IDD4W - IDD3N) BL/2 tCK        + VPP (IPP4W - IPP3N) BL/2 tCK
///   E_REF = VDD (IDD5 - IDD3N) tRFC             + VPP (IPP5 - IPP3N) tRFC
///   P_active = VDD IDD3N + VPP IPP3N (>= 1 bank open, and during tRFC)
///   P_precharged = VDD IDD2N + VPP IPP2N
/// each times devices_per_rank (BL/2 is burst_cycles(): BL / data rate).
struct energy_params {
  double act_pj = 0.0;
  double pre_pj = 0.0;
  double rd_pj = 0.0;
  double wr_pj = 0.0;
  double ref_pj = 0.0;
  double active_standby_mw = 0.0;
  double precharged_standby_mw = 0.0;

  friend bool operator==(const energy_params&, const energy_params&) = default;
};

[[nodiscard]] energy_params rank_energy_params(const mem_spec& spec);

/// Energy of a run by component, in pJ.
struct energy_breakdown {
  double act_pj = 0.0;
  double pre_pj = 0.0;
  double rd_pj = 0.0;
  double wr_pj = 0.0;
  double ref_pj = 0.0;
  double active_background_pj = 0.0;      ///< time with >= 1 bank open (or refreshing)
  double precharged_background_pj = 0.0;  ///< time with every bank precharged

  [[nodiscard]] double total_pj() const noexcept {
    return act_pj + pre_pj + rd_pj + wr_pj + ref_pj + active_background_pj +
           precharged_background_pj;
  }
  friend bool operator==(const energy_breakdown&, const energy_breakdown&) = default;
};

/// Energy from command counts and background time (summed over ranks, in ns).
[[nodiscard]] energy_breakdown compute_energy(const energy_params& params,
                                              const command_counts& counts, double active_ns,
                                              double precharged_ns) noexcept;

}  // namespace dsegym::sim::dram

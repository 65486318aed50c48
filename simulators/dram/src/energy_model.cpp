#include "dsegym/sim/dram/energy_model.hpp"

namespace dsegym::sim::dram {

energy_params rank_energy_params(const mem_spec& s) {
  // mA * V * ns = pJ; mA * V = mW.
  const auto& p = s.power;
  const auto& t = s.timing;
  const double tck = s.tck_ns();
  const double devices = s.org.devices_per_rank;
  const double ras_ns = t.ras * tck;
  const double pre_window_ns = (static_cast<double>(t.rc) - t.ras) * tck;
  const double burst_ns = s.burst_cycles() * tck;
  const double rfc_ns = t.rfc * tck;
  energy_params e;
  e.act_pj = devices * (p.vdd_v * (p.idd0_ma - p.idd3n_ma) * ras_ns +
                        p.vpp_v * (p.ipp0_ma - p.ipp3n_ma) * ras_ns);
  e.pre_pj = devices * (p.vdd_v * (p.idd0_ma - p.idd2n_ma) * pre_window_ns +
                        p.vpp_v * (p.ipp0_ma - p.ipp2n_ma) * pre_window_ns);
  e.rd_pj = devices * (p.vdd_v * (p.idd4r_ma - p.idd3n_ma) * burst_ns +
                       p.vpp_v * (p.ipp4r_ma - p.ipp3n_ma) * burst_ns);
  e.wr_pj = devices * (p.vdd_v * (p.idd4w_ma - p.idd3n_ma) * burst_ns +
                       p.vpp_v * (p.ipp4w_ma - p.ipp3n_ma) * burst_ns);
  e.ref_pj = devices * (p.vdd_v * (p.idd5_ma - p.idd3n_ma) * rfc_ns +
                        p.vpp_v * (p.ipp5_ma - p.ipp3n_ma) * rfc_ns);
  e.active_standby_mw = devices * (p.vdd_v * p.idd3n_ma + p.vpp_v * p.ipp3n_ma);
  e.precharged_standby_mw = devices * (p.vdd_v * p.idd2n_ma + p.vpp_v * p.ipp2n_ma);
  return e;
}

energy_breakdown compute_energy(const energy_params& e, const command_counts& n,
                                double active_ns, double precharged_ns) noexcept {
  energy_breakdown b;
  b.act_pj = static_cast<double>(n.act) * e.act_pj;
  b.pre_pj = static_cast<double>(n.pre) * e.pre_pj;
  b.rd_pj = static_cast<double>(n.rd) * e.rd_pj;
  b.wr_pj = static_cast<double>(n.wr) * e.wr_pj;
  b.ref_pj = static_cast<double>(n.ref) * e.ref_pj;
  b.active_background_pj = active_ns * e.active_standby_mw;
  b.precharged_background_pj = precharged_ns * e.precharged_standby_mw;
  return b;
}

}  // namespace dsegym::sim::dram

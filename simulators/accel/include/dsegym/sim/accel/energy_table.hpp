#pragma once
/// @file
/// Energy per access and area constants (spec §B.4, `dsegym` defaults for 16-bit words, 45 nm).

namespace dsegym::sim::accel {

struct energy_table {
  double mac_pj = 2.2;             ///< 16-b integer MAC (Accelergy/Timeloop 45 nm table)
  double rf_read_pj = 0.66;        ///< 64×16-b register file
  double rf_write_pj = 0.90;
  double noc_pj_per_word = 1.5;    ///< per word delivered to (or collected from) a PE
  double glb_pj_per_word = 8.0;    ///< at glb_reference_bytes; scaled by sqrt(size / reference)
  double glb_reference_bytes = 131072.0;
  double dram_pj_per_word = 440.0; ///< 200× a MAC; ddr4(): 140 read + 390 activation
  double leakage_w = 0.0;          ///< static power × latency, off by default

  // Area: MAESTRO's constants (ArchGym parity), µm².
  double mac_area_um2 = 4470.9;
  double l1_area_um2_per_64b = 4505.2;      ///< per 64 B of PE-local storage, per PE
  double l2_area_um2_per_32kib = 4161.5;    ///< per 32 KiB of global buffer

  /// DDR4-2400 alternative for DRAM (dram-controller.md §3): 140 pJ per 16-b word on a row hit
  /// plus 390 pJ per word for one activation per 64 B.
  [[nodiscard]] static energy_table ddr4() {
    energy_table e;
    e.dram_pj_per_word = 140.0 + 390.0;
    return e;
  }
  friend bool operator==(const energy_table&, const energy_table&) = default;
};

}  // namespace dsegym::sim::accel

#pragma once
/// @file
/// Cost of one layer under one mapping (spec §B.3): MACs, accesses per level, roofline latency,
/// energy breakdown. Counts are in words (of accel_config::word_bytes) unless named bytes.

#include <cstdint>
#include <string>

#include "dsegym/sim/accel/mapping.hpp"

namespace dsegym::sim::accel {

/// What limits the layer's latency.
enum class bound : std::uint8_t { compute, dram, glb };

struct access_counts {
  double dram_reads = 0.0;   ///< words read from DRAM into the GLB
  double dram_writes = 0.0;  ///< output words written back
  double glb_reads = 0.0;    ///< words sent to the array (multicast counted once) + write-backs
  double glb_writes = 0.0;   ///< fills from DRAM + outputs from the array
  double noc = 0.0;          ///< words delivered to / collected from PEs (per PE)
  double rf_reads = 0.0;
  double rf_writes = 0.0;
};

struct energy_breakdown {
  double mac_pj = 0.0;
  double rf_pj = 0.0;
  double noc_pj = 0.0;
  double glb_pj = 0.0;
  double dram_pj = 0.0;
  double leakage_pj = 0.0;
  [[nodiscard]] double total_pj() const noexcept {
    return mac_pj + rf_pj + noc_pj + glb_pj + dram_pj + leakage_pj;
  }
};

struct layer_result {
  std::string name;
  std::uint64_t macs = 0;
  double compute_cycles = 0.0;   ///< MACs/(Dx·Dy)·ceil(Dx/sx)·ceil(Dy/sy)
  double dram_cycles = 0.0;      ///< DRAM bytes / DRAM bandwidth
  double glb_cycles = 0.0;       ///< max(GLB reads, GLB writes) / GLB bandwidth (one port each)
  double cycles = 0.0;           ///< max of the three (roofline)
  bound limit = bound::compute;
  double utilisation = 0.0;      ///< MACs / (compute_cycles · PEs)
  double dram_bytes = 0.0;
  double glb_words = 0.0;
  double arithmetic_intensity = 0.0;       ///< MACs per DRAM byte
  double attainable_macs_per_cycle = 0.0;  ///< min(PEs · utilisation, AI · DRAM bandwidth)
  access_counts accesses;
  energy_breakdown energy;
  double latency_s = 0.0;
  double energy_j = 0.0;
  mapping map;
};

}  // namespace dsegym::sim::accel

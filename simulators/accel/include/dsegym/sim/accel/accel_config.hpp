#pragma once
/// @file
/// The hardware of a spatial DNN accelerator (spec §B.2 `dsegym` config): a rows × cols PE array
/// with per-operand register files, a banked global buffer (GLB), DRAM bandwidth, clock, word
/// size, dataflow and technology constants.

#include <cstdint>

#include "dsegym/sim/accel/dataflow.hpp"
#include "dsegym/sim/accel/energy_table.hpp"

namespace dsegym::sim::accel {

/// Register-file capacity of one PE, in words per operand (Eyeriss: 192 / 12 / 16).
struct rf_words {
  std::uint64_t weights = 192;
  std::uint64_t inputs = 12;
  std::uint64_t outputs = 16;
  friend bool operator==(const rf_words&, const rf_words&) = default;
};

struct accel_config {
  std::uint32_t pe_rows = 12;
  std::uint32_t pe_cols = 14;
  rf_words rf;
  std::uint64_t glb_bytes = 131072;      ///< global buffer capacity
  std::uint32_t glb_banks = 32;          ///< each bank serves one word per cycle
  double glb_bandwidth_words = 16.0;     ///< words per cycle per port (read, write); capped at glb_banks
  double dram_bandwidth_bytes = 16.0;    ///< bytes per cycle
  double clock_hz = 200e6;
  std::uint32_t word_bytes = 2;          ///< 16-bit words
  dataflow flow = dataflow::row_stationary;
  bool double_buffering = false;         ///< GLB tiles need twice their size
  energy_table energy;

  [[nodiscard]] std::uint64_t pes() const noexcept {
    return static_cast<std::uint64_t>(pe_rows) * pe_cols;
  }
  /// min(glb_bandwidth_words, glb_banks).
  [[nodiscard]] double glb_words_per_cycle() const noexcept;
  /// GLB energy per word: glb_pj_per_word × sqrt(glb_bytes / glb_reference_bytes).
  [[nodiscard]] double glb_pj_per_word() const noexcept;
  /// MAESTRO area: PEs × MAC + ceil(GLB / 32 KiB) × L2 unit + ceil(RF bytes / 64 B) × L1 unit × PEs, µm².
  [[nodiscard]] double area_um2() const noexcept;
  [[nodiscard]] double area_mm2() const noexcept { return area_um2() * 1e-6; }

  friend bool operator==(const accel_config&, const accel_config&) = default;
};

/// @throws dsegym::invalid_argument (tag "accel") naming the field: zero array size, RF word
///         count (except with no_local_reuse), GLB size, banks or word size; bandwidths or clock
///         that are NaN, infinite or <= 0; energy/area entries that are NaN, infinite or < 0.
void validate(const accel_config& cfg);

/// The TimeloopGym baseline (Eyeriss-like, 45 nm): 168 PEs (12 × 14), spads 192/12/16 words,
/// 128 KiB GLB with 32 banks, 16 words/cycle, LPDDR4-class 16 B/cycle DRAM, 200 MHz, row stationary.
[[nodiscard]] accel_config eyeriss_like();

}  // namespace dsegym::sim::accel

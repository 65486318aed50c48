#pragma once
// Named accelerator configurations of the DNN-accelerator cost model (dsegym::sim::accel), used as
// the hardware of hardware-aware NAS (nas/NB201-v0 kwarg `hardware`). Header-only; needs
// dsegym::sim_accel.
//
//   eyeriss       the TimeloopGym baseline (Eyeriss-like, 45 nm): 12 x 14 PEs, RF 192/12/16 words,
//                 128 KiB GLB (32 banks, 16 words/cycle), DRAM 16 B/cycle, 200 MHz, row stationary
//   eyeriss_ddr4  the same with the DDR4 DRAM energy (140 + 390 pJ/word)
//   edge          a small edge accelerator: 8 x 8 PEs, 32 KiB GLB (8 banks, 8 words/cycle), DRAM
//                 4 B/cycle, weight stationary
//   cloud         a large accelerator: 32 x 32 PEs, 1 MiB GLB (128 banks, 64 words/cycle), DRAM
//                 64 B/cycle, 500 MHz, output stationary

#include <array>
#include <string>
#include <string_view>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/accel/accel_config.hpp"
#include "dsegym/sim/accel/evaluator.hpp"

namespace dsegym::envs {

inline constexpr std::array<std::string_view, 4> accel_preset_names = {"eyeriss", "eyeriss_ddr4", "edge", "cloud"};

/// @throws invalid_argument naming the valid presets.
[[nodiscard]] inline sim::accel::accel_config accel_preset(std::string_view name) {
  sim::accel::accel_config c = sim::accel::eyeriss_like();
  if (name == "eyeriss") return c;
  if (name == "eyeriss_ddr4") {
    c.energy = sim::accel::energy_table::ddr4();
    return c;
  }
  if (name == "edge") {
    c.pe_rows = 8;
    c.pe_cols = 8;
    c.glb_bytes = 32 * 1024;
    c.glb_banks = 8;
    c.glb_bandwidth_words = 8;
    c.dram_bandwidth_bytes = 4;
    c.flow = sim::accel::dataflow::weight_stationary;
    return c;
  }
  if (name == "cloud") {
    c.pe_rows = 32;
    c.pe_cols = 32;
    c.glb_bytes = 1024 * 1024;
    c.glb_banks = 128;
    c.glb_bandwidth_words = 64;
    c.dram_bandwidth_bytes = 64;
    c.clock_hz = 500e6;
    c.flow = sim::accel::dataflow::output_stationary;
    return c;
  }
  std::string valid;
  for (auto n : accel_preset_names) valid += (valid.empty() ? "" : ", ") + std::string(n);
  throw invalid_argument("accel", "unknown accelerator \"" + std::string(name) + "\"; valid: " + valid);
}

/// One accelerator evaluator for the whole process: thread-safe and cached per (layer shape,
/// configuration), so the few layer shapes of a NAS space are mapped once per accelerator.
[[nodiscard]] inline sim::accel::evaluator& shared_accel_evaluator() {
  static sim::accel::evaluator ev;
  return ev;
}

}  // namespace dsegym::envs

#pragma once
/// @file
/// Physical constants of the SoC blocks (spec §A.3, §A.5): the A53 core, dedicated IPs, SRAM/DRAM
/// memories and buses, the technology scaling of the reference, and the placeholder memory model.
/// Defaults reproduce the spec; load_block_library() reads FARSI's Block_Characteristics table.

#include <cstdint>
#include <filesystem>

namespace dsegym::sim::soc {

struct block_library {
  // General-purpose core (A53).
  double gpp_frequency_hz = 1e9;
  double gpp_ipc = 2.0;                               ///< instructions per cycle (Dhrystone)
  double gpp_instructions_per_joule = 4.7019607843e10;  ///< 21.27 pJ per instruction
  double gpp_area_m2 = 6.5e-7;                        ///< 0.65 mm² per core

  // Reference clocks of IPs, memories and buses, before a design's clock multiplier.
  double ip_frequency_hz = 1e8;
  double memory_frequency_hz = 1e8;
  double bus_frequency_hz = 1e8;
  double hop_latency_cycles = 1.0;  ///< bus cycles added per bus crossed by a transfer

  // Technology scaling of the reference (GPP energy and area unscaled).
  double non_gpp_energy_scale = 0.064;
  double non_memory_area_scale = 0.0374;
  double memory_area_scale = 0.07;

  // Units of a workload's IP columns: J per unit of task::ip_energy (fJ, unverified), m² per µm².
  double ip_energy_unit_j = 1e-15;
  double ip_area_unit_m2 = 1e-12;

  // Memory model (placeholders, spec §A.5; all before technology scaling).
  std::uint64_t memory_granule_bytes = 256000;  ///< capacity = mapped bytes rounded up to this
  double sram_pj_per_byte_at_8kib = 1.25;       ///< scaled by sqrt(min(capacity, bank) / 8 KiB)
  /// An SRAM larger than this is built from banks of this size: an access costs one bank's
  /// energy (the sqrt law is Horowitz's 8 KB / 32 KB / 1 MB points; beyond 1 MB it would give a
  /// monolithic 13 MB array 50 pJ/B). 0 = no banking (one array of the whole capacity, hw/SoC-v0).
  std::uint64_t sram_bank_bytes = 1u << 20;
  double sram_mm2_per_mbit = 0.7;               ///< Mbit = 2^20 bits
  double dram_pj_per_byte = 70.0;
  double dram_nj_per_row = 8.1;                 ///< per row opened; a transfer opens ceil(bytes/row)
  std::uint64_t dram_row_bytes = 8192;
  double dram_mm2_per_mbit = 0.035;             ///< reported only (stacked DRAM); placeholder
  double bus_pj_per_byte_per_hop = 0.0;         ///< 0 = reference parity (buses cost nothing)

  double power_window_s = 0.01;  ///< peak-power window (§A.5.6)

  friend bool operator==(const block_library&, const block_library&) = default;
};

/// @throws dsegym::invalid_argument (tag "soc") naming the first field that is NaN, infinite,
///         negative, or zero where a positive value is needed.
void validate(const block_library& lib);

/// Defaults overridden by FARSI's `misc_database__Block_Characteristics*.csv`: A53 IPC, clock,
/// instructions per joule and area; IP, memory (LMEM_0) and bus (LMEM_ic_0) clocks; the bus hop
/// latency. Widths stay a property of each design.
/// @throws dsegym::data_error with file and line for a missing file, column or block row, or a
///         value that is not a positive number.
[[nodiscard]] block_library load_block_library(const std::filesystem::path& csv_path);

}  // namespace dsegym::sim::soc

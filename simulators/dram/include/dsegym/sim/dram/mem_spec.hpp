#pragma once
/// @file
/// The memory device description ("memspec"): organisation, JEDEC timings and IDD/VDD currents of
/// one channel. Built-in presets DDR3-1600 and DDR4-2400 follow §1 of
/// ../shared/specs/dram-controller.md; spec_loader.hpp reads the same data from JSON.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace dsegym::sim::dram {

/// DRAM generation. It selects the reference address map (§1.3) and whether bank groups apply;
/// the timing model itself is generic (DDR3 simply has one bank group and _S == _L timings).
enum class dram_standard : std::uint8_t { ddr3, ddr4 };

[[nodiscard]] std::string_view to_string(dram_standard s) noexcept;  ///< "DDR3" / "DDR4"

/// Geometry of one channel.
struct mem_organization {
  std::uint32_t ranks = 1;
  std::uint32_t bank_groups = 1;      ///< per rank (1 for DDR3)
  std::uint32_t banks = 8;            ///< per rank, all bank groups together (DDR4: 16)
  std::uint64_t rows = 16384;         ///< per bank
  std::uint64_t columns = 1024;       ///< per row, in device words
  std::uint32_t device_width_bits = 8;
  std::uint32_t devices_per_rank = 8;  ///< devices side by side on the data bus
  std::uint32_t burst_length = 8;
  std::uint32_t data_rate = 2;  ///< transfers per clock (2 = DDR)

  friend bool operator==(const mem_organization&, const mem_organization&) = default;
};

/// JEDEC timings, every value in DRAM clock cycles (tCK). DDR3 has no bank groups: set the
/// _s and _l variants to the same value.
struct mem_timings {
  std::uint32_t cl = 0;    ///< CAS (read) latency; RL = AL + CL
  std::uint32_t cwl = 0;   ///< CAS write latency; WL = AL + CWL
  std::uint32_t al = 0;    ///< additive latency (posted CAS)
  std::uint32_t rcd = 0;   ///< ACT -> RD/WR
  std::uint32_t rp = 0;    ///< PRE -> ACT
  std::uint32_t ras = 0;   ///< ACT -> PRE
  std::uint32_t rc = 0;    ///< ACT -> ACT, same bank
  std::uint32_t ccd_s = 0;  ///< RD->RD / WR->WR, other bank group
  std::uint32_t ccd_l = 0;  ///< RD->RD / WR->WR, same bank group
  std::uint32_t rrd_s = 0;  ///< ACT -> ACT, other bank, other bank group
  std::uint32_t rrd_l = 0;  ///< ACT -> ACT, other bank, same bank group
  std::uint32_t faw = 0;    ///< rolling window holding at most four ACTs (0: no limit)
  std::uint32_t wr = 0;     ///< write recovery: end of write burst -> PRE
  std::uint32_t wtr_s = 0;  ///< end of write burst -> RD, other bank group
  std::uint32_t wtr_l = 0;  ///< end of write burst -> RD, same bank group
  std::uint32_t rtp = 0;    ///< RD -> PRE
  std::uint32_t rfc = 0;    ///< REF -> next ACT/REF (all-bank refresh cycle time)
  std::uint32_t refi = 0;   ///< average refresh interval
  std::uint32_t rtrs = 1;   ///< data-bus rank switch gap (only with more than one rank)
  // Power-down and self-refresh timings: carried for completeness, unused while power-down is
  // off (the only mode the controller models). 0 = not given.
  std::uint32_t xp = 0;
  std::uint32_t xpdll = 0;
  std::uint32_t xs = 0;
  std::uint32_t xsdll = 0;
  std::uint32_t cke = 0;
  std::uint32_t ckesr = 0;

  friend bool operator==(const mem_timings&, const mem_timings&) = default;
};

/// Supply voltages (V) and datasheet currents (mA) of ONE device, as DRAMPower uses them.
/// VPP currents are 0 for DDR3 (no VPP domain).
struct mem_power {
  double vdd_v = 0.0;
  double vpp_v = 0.0;
  double idd0_ma = 0.0;    ///< one bank ACT-PRE cycling
  double idd2n_ma = 0.0;   ///< precharged standby
  double idd2p0_ma = 0.0;  ///< precharged power-down, slow exit (unused)
  double idd2p1_ma = 0.0;  ///< precharged power-down, fast exit (unused)
  double idd3n_ma = 0.0;   ///< active standby
  double idd3p0_ma = 0.0;  ///< active power-down (unused)
  double idd3p1_ma = 0.0;  ///< active power-down (unused)
  double idd4r_ma = 0.0;   ///< burst read
  double idd4w_ma = 0.0;   ///< burst write
  double idd5_ma = 0.0;    ///< burst (all-bank) refresh
  double idd6_ma = 0.0;    ///< self refresh (unused)
  double ipp0_ma = 0.0;
  double ipp2n_ma = 0.0;
  double ipp3n_ma = 0.0;
  double ipp4r_ma = 0.0;
  double ipp4w_ma = 0.0;
  double ipp5_ma = 0.0;
  double ipp6_ma = 0.0;

  friend bool operator==(const mem_power&, const mem_power&) = default;
};

/// A complete memory description. Check a hand-built one with validate(); the presets and the
/// JSON loader return validated specs.
struct mem_spec {
  std::string name;  ///< memspec id, e.g. "MICRON_1Gb_DDR3-1600_8bit_G"
  dram_standard standard = dram_standard::ddr3;
  double clock_mhz = 0.0;  ///< DRAM command clock; tCK = 1000 / clock_mhz ns
  mem_organization org;
  mem_timings timing;
  mem_power power;

  [[nodiscard]] double tck_ns() const noexcept { return 1000.0 / clock_mhz; }
  [[nodiscard]] std::uint32_t read_latency() const noexcept { return timing.al + timing.cl; }
  [[nodiscard]] std::uint32_t write_latency() const noexcept { return timing.al + timing.cwl; }
  /// Clock cycles one burst occupies the data bus (BL / data rate).
  [[nodiscard]] std::uint32_t burst_cycles() const noexcept {
    return org.burst_length / org.data_rate;
  }
  [[nodiscard]] std::uint64_t bus_width_bytes() const noexcept {
    return std::uint64_t{org.device_width_bits} * org.devices_per_rank / 8;
  }
  /// Bytes moved by one request (one burst on the whole bus): 64 B for both presets.
  [[nodiscard]] std::uint64_t burst_bytes() const noexcept {
    return bus_width_bytes() * org.burst_length;
  }
  [[nodiscard]] std::uint32_t banks_per_group() const noexcept {
    return org.banks / org.bank_groups;
  }
  [[nodiscard]] std::uint64_t capacity_bytes() const noexcept {
    return std::uint64_t{org.ranks} * org.banks * org.rows * org.columns * org.device_width_bits /
           8 * org.devices_per_rank;
  }
  /// Peak data-bus bandwidth in bytes per second.
  [[nodiscard]] double peak_bandwidth_bytes_per_s() const noexcept {
    return static_cast<double>(bus_width_bytes()) * org.data_rate * clock_mhz * 1e6;
  }

  friend bool operator==(const mem_spec&, const mem_spec&) = default;
};

/// MICRON_1Gb_DDR3-1600_8bit_G: 1 rank of 8 x8 devices, 1 GiB, 800 MHz (the reference setup).
[[nodiscard]] mem_spec ddr3_1600();

/// JEDEC_4Gb_DDR4-2400_8bit_A: 1 rank of 8 x8 devices, 4 GiB, 16 banks in 4 groups, 1200 MHz.
[[nodiscard]] mem_spec ddr4_2400();

/// Names accepted by built_in_mem_spec(): "DDR3-1600", "DDR4-2400" and the two memspec ids.
[[nodiscard]] std::span<const std::string_view> built_in_mem_spec_names() noexcept;

/// A preset by name (case-insensitive).
/// @throws dsegym::not_found naming the valid choices.
[[nodiscard]] mem_spec built_in_mem_spec(std::string_view name);

/// The first problem that makes `spec` unusable, naming the field and its value ("timing.rc = 30
/// is less than timing.ras + timing.rp = 38"); empty when the spec is consistent.
[[nodiscard]] std::string find_problem(const mem_spec& spec);

/// @throws dsegym::invalid_argument (area "dram") with find_problem()'s message.
void validate(const mem_spec& spec);

}  // namespace dsegym::sim::dram

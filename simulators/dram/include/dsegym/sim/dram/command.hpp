#pragma once
/// @file
/// DRAM commands as the controller issues them: kinds, per-kind counts and the optional
/// per-command log (simulation_config::record_commands).

#include <cstdint>
#include <string_view>

namespace dsegym::sim::dram {

enum class command_kind : std::uint8_t {
  act,   ///< activate a row
  pre,   ///< precharge one bank
  prea,  ///< precharge all banks of a rank
  rd,    ///< read burst, row stays open
  rda,   ///< read burst with auto-precharge
  wr,    ///< write burst, row stays open
  wra,   ///< write burst with auto-precharge
  ref,   ///< all-bank refresh
};

[[nodiscard]] constexpr std::string_view to_string(command_kind c) noexcept {
  switch (c) {
    case command_kind::act: return "ACT";
    case command_kind::pre: return "PRE";
    case command_kind::prea: return "PREA";
    case command_kind::rd: return "RD";
    case command_kind::rda: return "RDA";
    case command_kind::wr: return "WR";
    case command_kind::wra: return "WRA";
    case command_kind::ref: return "REF";
  }
  return "?";
}

/// One command on the command bus.
struct command_record {
  std::uint64_t cycle = 0;  ///< DRAM clock cycle of issue
  command_kind kind = command_kind::act;
  std::uint32_t rank = 0;
  std::uint32_t bank = 0;  ///< flat bank index within the rank (0 for PREA / REF)
  std::uint64_t row = 0;   ///< ACT: row opened; column commands: row accessed
  std::uint64_t column = 0;
  /// Index of the trace request served (ACT/PRE/RD/WR...); no_request for PREA/REF.
  std::uint64_t request = no_request;

  static constexpr std::uint64_t no_request = ~std::uint64_t{0};

  friend bool operator==(const command_record&, const command_record&) = default;
};

/// Commands issued during a run.
struct command_counts {
  std::uint64_t act = 0;
  /// Bank precharges of every kind: explicit PRE, each open bank closed by a PREA, and the
  /// implicit precharge of every RDA/WRA (each costs one E_PRE).
  std::uint64_t pre = 0;
  std::uint64_t prea = 0;  ///< PREA commands issued (their banks are counted in `pre`)
  std::uint64_t rd = 0;    ///< read bursts, RDA included
  std::uint64_t wr = 0;    ///< write bursts, WRA included
  std::uint64_t rda = 0;   ///< of `rd`, with auto-precharge
  std::uint64_t wra = 0;   ///< of `wr`, with auto-precharge
  std::uint64_t ref = 0;

  friend bool operator==(const command_counts&, const command_counts&) = default;
};

}  // namespace dsegym::sim::dram

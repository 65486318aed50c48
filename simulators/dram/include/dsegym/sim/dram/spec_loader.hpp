#pragma once
/// @file
/// Memory specs and address maps as JSON, in the layout of DRAMSys 4 memspec / addressmapping
/// files. Only the loader's .cpp includes nlohmann/json.
///
/// Memspec layout (an outer {"memspec": {...}} is optional):
/// @code{.json}
/// { "memoryId": "MICRON_1Gb_DDR3-1600_8bit_G", "memoryType": "DDR3",
///   "memarchitecturespec": { "nbrOfRanks": 1, "nbrOfBankGroups": 1, "nbrOfBanks": 8,
///     "nbrOfRows": 16384, "nbrOfColumns": 1024, "width": 8, "nbrOfDevices": 8,
///     "burstLength": 8, "dataRate": 2 },
///   "memtimingspec": { "clkMhz": 800, "CL": 10, "WL": 8, "AL": 0, "RCD": 10, "RP": 10,
///     "RAS": 28, "RC": 38, "CCD": 4, "RRD": 5, "FAW": 24, "WR": 12, "WTR": 6, "RTP": 6,
///     "RFC": 88, "REFI": 6240, "RTRS": 1, "XP": 6, "XPDLL": 20, "XS": 96, "XSDLL": 512,
///     "CKE": 3, "CKESR": 4 },
///   "mempowerspec": { "vdd": 1.5, "idd0": 70, "idd2n": 45, "idd3n": 45, "idd4r": 140,
///     "idd4w": 145, "idd5": 170, ... } }
/// @endcode
/// DDR4 uses "CCD_S"/"CCD_L", "RRD_S"/"RRD_L", "WTR_S"/"WTR_L" (a plain "CCD" etc. sets both),
/// "RFC1" for "RFC", "nbrOfDevicesOnDIMM" for "nbrOfDevices", "idd5B" for "idd5", "idd6N" for
/// "idd6" and "vpp", "ipp0", ... for the VPP domain. "WL" is the CAS write latency (CWL; also
/// accepted as "CWL"). Required: memoryType, nbrOfBanks, nbrOfRows, nbrOfColumns, width,
/// nbrOfDevices, burstLength, dataRate, clkMhz, CL, WL, RCD, RP, RAS, RC, CCD, RRD, FAW, WR,
/// WTR, RTP, RFC, REFI, vdd, idd0, idd2n, idd3n, idd4r, idd4w, idd5 (and nbrOfBankGroups for
/// DDR4). Other known keys default to 0 (AL, power-down timings, unused currents), RTRS to 1;
/// unknown keys are ignored.
///
/// Address map layout (an outer {"addressmapping": {...}} is optional): lists of bit positions
/// "BYTE_BIT", "COLUMN_BIT", "BANK_BIT", "BANKGROUP_BIT", "RANK_BIT", "ROW_BIT"; other keys are
/// rejected.

#include <filesystem>
#include <string>
#include <string_view>

#include "dsegym/sim/dram/address_mapping.hpp"
#include "dsegym/sim/dram/mem_spec.hpp"

namespace dsegym::sim::dram {

/// @throws dsegym::data_error naming `source` and the missing, mistyped or inconsistent field
///         (JSON syntax errors carry the line number).
[[nodiscard]] mem_spec parse_mem_spec(std::string_view json_text,
                                      const std::string& source = "<memspec>");

/// @throws dsegym::not_found if the file cannot be opened; data_error as parse_mem_spec().
[[nodiscard]] mem_spec load_mem_spec(const std::filesystem::path& path);

/// The spec in the layout parse_mem_spec() reads (round-trips exactly).
[[nodiscard]] std::string to_json(const mem_spec& spec);

/// @throws dsegym::data_error naming `source` and the bad key. Whether the map fits a memory is
///         checked by validate(map, spec) (simulate() does it).
[[nodiscard]] address_mapping parse_address_mapping(std::string_view json_text,
                                                    const std::string& source = "<addressmapping>");

/// @throws dsegym::not_found if the file cannot be opened; data_error as parse_address_mapping().
[[nodiscard]] address_mapping load_address_mapping(const std::filesystem::path& path);

[[nodiscard]] std::string to_json(const address_mapping& map);

}  // namespace dsegym::sim::dram

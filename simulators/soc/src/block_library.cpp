#include "dsegym/sim/soc/block_library.hpp"

#include <cmath>
#include <string>

#include "csv_table.hpp"
#include "dsegym/core/error.hpp"

namespace dsegym::sim::soc {

namespace {

void positive(std::string_view name, double v) {
  if (!std::isfinite(v) || !(v > 0.0))
    throw invalid_argument("soc", "block_library." + std::string(name) + " = " + std::to_string(v) +
                                      " must be finite and > 0");
}

void non_negative(std::string_view name, double v) {
  if (!std::isfinite(v) || v < 0.0)
    throw invalid_argument("soc", "block_library." + std::string(name) + " = " + std::to_string(v) +
                                      " must be finite and >= 0");
}

}  // namespace

void validate(const block_library& lib) {
  positive("gpp_frequency_hz", lib.gpp_frequency_hz);
  positive("gpp_ipc", lib.gpp_ipc);
  positive("gpp_instructions_per_joule", lib.gpp_instructions_per_joule);
  non_negative("gpp_area_m2", lib.gpp_area_m2);
  positive("ip_frequency_hz", lib.ip_frequency_hz);
  positive("memory_frequency_hz", lib.memory_frequency_hz);
  positive("bus_frequency_hz", lib.bus_frequency_hz);
  non_negative("hop_latency_cycles", lib.hop_latency_cycles);
  non_negative("non_gpp_energy_scale", lib.non_gpp_energy_scale);
  non_negative("non_memory_area_scale", lib.non_memory_area_scale);
  non_negative("memory_area_scale", lib.memory_area_scale);
  non_negative("ip_energy_unit_j", lib.ip_energy_unit_j);
  non_negative("ip_area_unit_m2", lib.ip_area_unit_m2);
  positive("memory_granule_bytes", static_cast<double>(lib.memory_granule_bytes));
  non_negative("sram_pj_per_byte_at_8kib", lib.sram_pj_per_byte_at_8kib);
  non_negative("sram_mm2_per_mbit", lib.sram_mm2_per_mbit);
  non_negative("dram_pj_per_byte", lib.dram_pj_per_byte);
  non_negative("dram_nj_per_row", lib.dram_nj_per_row);
  positive("dram_row_bytes", static_cast<double>(lib.dram_row_bytes));
  non_negative("dram_mm2_per_mbit", lib.dram_mm2_per_mbit);
  non_negative("bus_pj_per_byte_per_hop", lib.bus_pj_per_byte_per_hop);
  positive("power_window_s", lib.power_window_s);
}

block_library load_block_library(const std::filesystem::path& csv_path) {
  const auto t = detail::read_csv(csv_path, "soc");
  const std::size_t name = t.column("Name"), ipc = t.column("dhrystone_IPC"), freq = t.column("Freq"),
                    ipj = t.column("Inst_per_joul"), area = t.column("Gpp_area"),
                    hop = t.column("hop_latency");
  auto find_row = [&](std::string_view block) -> std::size_t {
    for (std::size_t r = 1; r < t.rows.size(); ++r)
      if (t.rows[r][name] == block) return r;
    t.fail(0, "no row for block \"" + std::string(block) + "\"");
  };
  auto positive_at = [&](std::size_t r, std::size_t c, std::string_view col) {
    const double v = t.number(r, c, col);
    if (!(v > 0.0)) t.fail(r, "column \"" + std::string(col) + "\" must be > 0");
    return v;
  };
  block_library lib;
  const std::size_t a53 = find_row("A53");
  lib.gpp_ipc = positive_at(a53, ipc, "dhrystone_IPC");
  lib.gpp_frequency_hz = positive_at(a53, freq, "Freq");
  lib.gpp_instructions_per_joule = positive_at(a53, ipj, "Inst_per_joul");
  lib.gpp_area_m2 = positive_at(a53, area, "Gpp_area");
  lib.ip_frequency_hz = positive_at(find_row("IP"), freq, "Freq");
  lib.memory_frequency_hz = positive_at(find_row("LMEM_0"), freq, "Freq");
  const std::size_t ic = find_row("LMEM_ic_0");
  lib.bus_frequency_hz = positive_at(ic, freq, "Freq");
  lib.hop_latency_cycles = t.number(ic, hop, "hop_latency");
  return lib;
}

}  // namespace dsegym::sim::soc

#include "dsegym/sim/dram/mem_spec.hpp"

#include <array>
#include <cmath>
#include <string>

#include "dsegym/core/error.hpp"
#include "text_util.hpp"

namespace dsegym::sim::dram {

std::string_view to_string(dram_standard s) noexcept {
  return s == dram_standard::ddr4 ? "DDR4" : "DDR3";
}

mem_spec ddr3_1600() {
  mem_spec s;
  s.name = "MICRON_1Gb_DDR3-1600_8bit_G";
  s.standard = dram_standard::ddr3;
  s.clock_mhz = 800.0;
  s.org = {.ranks = 1, .bank_groups = 1, .banks = 8, .rows = 16384, .columns = 1024,
           .device_width_bits = 8, .devices_per_rank = 8, .burst_length = 8, .data_rate = 2};
  auto& t = s.timing;
  t.cl = 10;
  t.cwl = 8;
  t.al = 0;
  t.rcd = 10;
  t.rp = 10;
  t.ras = 28;
  t.rc = 38;
  t.ccd_s = t.ccd_l = 4;
  t.rrd_s = t.rrd_l = 5;
  t.faw = 24;
  t.wr = 12;
  t.wtr_s = t.wtr_l = 6;
  t.rtp = 6;
  t.rfc = 88;     // 110 ns
  t.refi = 6240;  // 7.8 us
  t.rtrs = 1;
  t.xp = 6;
  t.xpdll = 20;
  t.xs = 96;
  t.xsdll = 512;
  t.cke = 3;
  t.ckesr = 4;
  auto& p = s.power;
  p.vdd_v = 1.5;
  p.idd0_ma = 70;
  p.idd2n_ma = 45;
  p.idd2p0_ma = 12;
  p.idd2p1_ma = 30;
  p.idd3n_ma = 45;
  p.idd3p0_ma = 35;
  p.idd3p1_ma = 35;
  p.idd4r_ma = 140;
  p.idd4w_ma = 145;
  p.idd5_ma = 170;
  p.idd6_ma = 8;
  return s;
}

mem_spec ddr4_2400() {
  mem_spec s;
  s.name = "JEDEC_4Gb_DDR4-2400_8bit_A";
  s.standard = dram_standard::ddr4;
  s.clock_mhz = 1200.0;
  s.org = {.ranks = 1, .bank_groups = 4, .banks = 16, .rows = 32768, .columns = 1024,
           .device_width_bits = 8, .devices_per_rank = 8, .burst_length = 8, .data_rate = 2};
  auto& t = s.timing;
  t.cl = 16;
  t.cwl = 16;  // memspec value (2-tCK write preamble set); the JEDEC 1-tCK set would be 12
  t.al = 0;
  t.rcd = 16;
  t.rp = 16;
  t.ras = 39;
  t.rc = 55;
  t.ccd_s = 4;
  t.ccd_l = 6;
  t.rrd_s = 4;
  t.rrd_l = 6;
  t.faw = 26;
  t.wr = 18;
  t.wtr_s = 3;
  t.wtr_l = 9;
  t.rtp = 12;
  t.rfc = 312;    // tRFC1 (1x refresh mode), 260 ns
  t.refi = 9360;  // 7.8 us
  t.rtrs = 1;     // not in the spec's excerpt; matters only with more than one rank
  t.xp = 8;
  t.xs = 324;
  t.cke = 6;
  auto& p = s.power;
  p.vdd_v = 1.2;
  p.vpp_v = 2.5;
  p.idd0_ma = 60.75;
  p.idd2n_ma = 38.25;
  p.idd2p0_ma = p.idd2p1_ma = 17.0;
  p.idd3n_ma = 44.0;
  p.idd3p0_ma = p.idd3p1_ma = 22.5;
  p.idd4r_ma = 184.5;
  p.idd4w_ma = 168.75;
  p.idd5_ma = 118.0;  // IDD5B
  p.idd6_ma = 20.25;  // IDD6N
  p.ipp0_ma = 4.05;
  p.ipp6_ma = 2.6;  // IPP6N; every other IPP is 0 in the memspec
  return s;
}

namespace {
constexpr std::array<std::string_view, 4> preset_names = {
    "DDR3-1600", "DDR4-2400", "MICRON_1Gb_DDR3-1600_8bit_G", "JEDEC_4Gb_DDR4-2400_8bit_A"};
}  // namespace

std::span<const std::string_view> built_in_mem_spec_names() noexcept { return preset_names; }

mem_spec built_in_mem_spec(std::string_view name) {
  if (detail::iequals(name, preset_names[0]) || detail::iequals(name, preset_names[2]))
    return ddr3_1600();
  if (detail::iequals(name, preset_names[1]) || detail::iequals(name, preset_names[3]))
    return ddr4_2400();
  throw not_found("dram", "unknown memory preset \"" + std::string(name) +
                              "\"; known: " + detail::join(preset_names));
}

namespace {

// Each check returns the message of its first failure; the caller stops at the first one.
std::string positive(std::string_view field, std::uint64_t v) {
  if (v > 0) return {};
  return std::string(field) + " = 0 must be > 0";
}

std::string at_least(std::string_view field, std::uint64_t v, std::string_view bound_name,
                     std::uint64_t bound) {
  if (v >= bound) return {};
  return std::string(field) + " = " + std::to_string(v) + " is less than " +
         std::string(bound_name) + " = " + std::to_string(bound);
}

std::string non_negative_current(std::string_view field, double v) {
  if (std::isfinite(v) && v >= 0.0) return {};
  return std::string(field) + " = " + detail::format_double(v) + " must be finite and >= 0";
}

// DRAMPower subtracts the standby current from the operating currents; a smaller operating
// current would give a negative command energy.
std::string current_at_least(std::string_view field, double v, std::string_view base_name,
                             double base) {
  if (v >= base) return {};
  return std::string(field) + " = " + detail::format_double(v) + " is less than " +
         std::string(base_name) + " = " + detail::format_double(base) +
         " (the command energy would be negative)";
}

}  // namespace

std::string find_problem(const mem_spec& s) {
  std::string e;
  auto fail = [&](std::string msg) {
    if (e.empty() && !msg.empty()) e = std::move(msg);
  };
  if (!(std::isfinite(s.clock_mhz) && s.clock_mhz > 0.0))
    fail("clock_mhz = " + detail::format_double(s.clock_mhz) + " must be finite and > 0");

  const auto& o = s.org;
  fail(positive("org.ranks", o.ranks));
  fail(positive("org.bank_groups", o.bank_groups));
  fail(positive("org.banks", o.banks));
  fail(positive("org.rows", o.rows));
  fail(positive("org.columns", o.columns));
  fail(positive("org.device_width_bits", o.device_width_bits));
  fail(positive("org.devices_per_rank", o.devices_per_rank));
  fail(positive("org.burst_length", o.burst_length));
  fail(positive("org.data_rate", o.data_rate));
  if (!e.empty()) return e;
  if (o.banks % o.bank_groups != 0)
    fail("org.banks = " + std::to_string(o.banks) + " is not a multiple of org.bank_groups = " +
         std::to_string(o.bank_groups));
  if (s.standard == dram_standard::ddr3 && o.bank_groups != 1)
    fail("org.bank_groups = " + std::to_string(o.bank_groups) + " but DDR3 has no bank groups");
  if (o.burst_length % o.data_rate != 0)
    fail("org.burst_length = " + std::to_string(o.burst_length) +
         " is not a multiple of org.data_rate = " + std::to_string(o.data_rate));
  if (std::uint64_t{o.device_width_bits} * o.devices_per_rank % 8 != 0)
    fail("org.device_width_bits * org.devices_per_rank = " +
         std::to_string(o.device_width_bits * o.devices_per_rank) +
         " bits is not a whole number of bytes");
  if (o.columns % o.burst_length != 0)
    fail("org.columns = " + std::to_string(o.columns) +
         " is not a multiple of org.burst_length = " + std::to_string(o.burst_length));
  if (!e.empty()) return e;

  const auto& t = s.timing;
  fail(positive("timing.cl", t.cl));
  fail(positive("timing.cwl", t.cwl));
  fail(positive("timing.rcd", t.rcd));
  fail(positive("timing.rp", t.rp));
  fail(positive("timing.ras", t.ras));
  fail(positive("timing.rc", t.rc));
  fail(positive("timing.rrd_s", t.rrd_s));
  fail(positive("timing.wr", t.wr));
  fail(positive("timing.wtr_s", t.wtr_s));
  fail(positive("timing.rtp", t.rtp));
  fail(positive("timing.rfc", t.rfc));
  fail(positive("timing.refi", t.refi));
  fail(at_least("timing.ras", t.ras, "timing.rcd", t.rcd));
  fail(at_least("timing.rc", t.rc, "timing.ras + timing.rp", std::uint64_t{t.ras} + t.rp));
  // The command model relies on tCCD covering a burst: the data bus never carries two at once.
  fail(at_least("timing.ccd_s", t.ccd_s, "burst_length / data_rate", s.burst_cycles()));
  fail(at_least("timing.ccd_l", t.ccd_l, "timing.ccd_s", t.ccd_s));
  fail(at_least("timing.rrd_l", t.rrd_l, "timing.rrd_s", t.rrd_s));
  fail(at_least("timing.wtr_l", t.wtr_l, "timing.wtr_s", t.wtr_s));
  fail(at_least("timing.refi", t.refi, "timing.rfc + 1", std::uint64_t{t.rfc} + 1));
  if (t.al >= t.rcd)
    fail("timing.al = " + std::to_string(t.al) + " must be less than timing.rcd = " +
         std::to_string(t.rcd));
  if (!e.empty()) return e;

  const auto& p = s.power;
  if (!(std::isfinite(p.vdd_v) && p.vdd_v > 0.0))
    fail("power.vdd_v = " + detail::format_double(p.vdd_v) + " must be finite and > 0");
  if (!(std::isfinite(p.vpp_v) && p.vpp_v >= 0.0))
    fail("power.vpp_v = " + detail::format_double(p.vpp_v) + " must be finite and >= 0");
  const std::pair<std::string_view, double> currents[] = {
      {"power.idd0_ma", p.idd0_ma},     {"power.idd2n_ma", p.idd2n_ma},
      {"power.idd2p0_ma", p.idd2p0_ma}, {"power.idd2p1_ma", p.idd2p1_ma},
      {"power.idd3n_ma", p.idd3n_ma},   {"power.idd3p0_ma", p.idd3p0_ma},
      {"power.idd3p1_ma", p.idd3p1_ma}, {"power.idd4r_ma", p.idd4r_ma},
      {"power.idd4w_ma", p.idd4w_ma},   {"power.idd5_ma", p.idd5_ma},
      {"power.idd6_ma", p.idd6_ma},     {"power.ipp0_ma", p.ipp0_ma},
      {"power.ipp2n_ma", p.ipp2n_ma},   {"power.ipp3n_ma", p.ipp3n_ma},
      {"power.ipp4r_ma", p.ipp4r_ma},   {"power.ipp4w_ma", p.ipp4w_ma},
      {"power.ipp5_ma", p.ipp5_ma},     {"power.ipp6_ma", p.ipp6_ma}};
  for (const auto& [field, v] : currents) fail(non_negative_current(field, v));
  if (!e.empty()) return e;
  if (!(p.idd3n_ma > 0.0)) fail("power.idd3n_ma = 0 must be > 0");
  if (!(p.idd2n_ma > 0.0)) fail("power.idd2n_ma = 0 must be > 0");
  fail(current_at_least("power.idd0_ma", p.idd0_ma, "power.idd3n_ma", p.idd3n_ma));
  fail(current_at_least("power.idd0_ma", p.idd0_ma, "power.idd2n_ma", p.idd2n_ma));
  fail(current_at_least("power.idd4r_ma", p.idd4r_ma, "power.idd3n_ma", p.idd3n_ma));
  fail(current_at_least("power.idd4w_ma", p.idd4w_ma, "power.idd3n_ma", p.idd3n_ma));
  fail(current_at_least("power.idd5_ma", p.idd5_ma, "power.idd3n_ma", p.idd3n_ma));
  fail(current_at_least("power.ipp0_ma", p.ipp0_ma, "power.ipp3n_ma", p.ipp3n_ma));
  fail(current_at_least("power.ipp0_ma", p.ipp0_ma, "power.ipp2n_ma", p.ipp2n_ma));
  fail(current_at_least("power.ipp4r_ma", p.ipp4r_ma, "power.ipp3n_ma", p.ipp3n_ma));
  fail(current_at_least("power.ipp4w_ma", p.ipp4w_ma, "power.ipp3n_ma", p.ipp3n_ma));
  fail(current_at_least("power.ipp5_ma", p.ipp5_ma, "power.ipp3n_ma", p.ipp3n_ma));
  return e;
}

void validate(const mem_spec& spec) {
  if (auto problem = find_problem(spec); !problem.empty())
    throw invalid_argument("dram", "memory spec \"" + spec.name + "\": " + problem);
}

}  // namespace dsegym::sim::dram

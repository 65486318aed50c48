#include "dsegym/sim/accel/accel_config.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::accel {

namespace {

void positive_count(std::string_view field, std::uint64_t v) {
  if (v == 0) throw invalid_argument("accel", "accel_config." + std::string(field) + " is 0 (must be >= 1)");
}

void positive_real(std::string_view field, double v) {
  if (!std::isfinite(v) || !(v > 0.0))
    throw invalid_argument("accel", "accel_config." + std::string(field) + " = " + std::to_string(v) +
                                        " must be finite and > 0");
}

void non_negative(std::string_view field, double v) {
  if (!std::isfinite(v) || v < 0.0)
    throw invalid_argument("accel", "accel_config.energy." + std::string(field) + " = " + std::to_string(v) +
                                        " must be finite and >= 0");
}

}  // namespace

double accel_config::glb_words_per_cycle() const noexcept {
  return std::min(glb_bandwidth_words, static_cast<double>(glb_banks));
}

double accel_config::glb_pj_per_word() const noexcept {
  return energy.glb_pj_per_word * std::sqrt(static_cast<double>(glb_bytes) / energy.glb_reference_bytes);
}

double accel_config::area_um2() const noexcept {
  const double p = static_cast<double>(pes());
  const double l1_bytes = static_cast<double>((rf.weights + rf.inputs + rf.outputs) * word_bytes);
  return p * energy.mac_area_um2 +
         std::ceil(static_cast<double>(glb_bytes) / 32768.0) * energy.l2_area_um2_per_32kib +
         std::ceil(l1_bytes / 64.0) * energy.l1_area_um2_per_64b * p;
}

void validate(const accel_config& c) {
  positive_count("pe_rows", c.pe_rows);
  positive_count("pe_cols", c.pe_cols);
  if (c.flow != dataflow::no_local_reuse) {
    positive_count("rf.weights", c.rf.weights);
    positive_count("rf.inputs", c.rf.inputs);
    positive_count("rf.outputs", c.rf.outputs);
  }
  positive_count("glb_bytes", c.glb_bytes);
  positive_count("glb_banks", c.glb_banks);
  positive_count("word_bytes", c.word_bytes);
  positive_real("glb_bandwidth_words", c.glb_bandwidth_words);
  positive_real("dram_bandwidth_bytes", c.dram_bandwidth_bytes);
  positive_real("clock_hz", c.clock_hz);
  switch (c.flow) {
    case dataflow::weight_stationary:
    case dataflow::output_stationary:
    case dataflow::row_stationary:
    case dataflow::no_local_reuse: break;
    default: throw invalid_argument("accel", "accel_config.flow is not a dataflow");
  }
  const auto& e = c.energy;
  non_negative("mac_pj", e.mac_pj);
  non_negative("rf_read_pj", e.rf_read_pj);
  non_negative("rf_write_pj", e.rf_write_pj);
  non_negative("noc_pj_per_word", e.noc_pj_per_word);
  non_negative("glb_pj_per_word", e.glb_pj_per_word);
  non_negative("dram_pj_per_word", e.dram_pj_per_word);
  non_negative("leakage_w", e.leakage_w);
  non_negative("mac_area_um2", e.mac_area_um2);
  non_negative("l1_area_um2_per_64b", e.l1_area_um2_per_64b);
  non_negative("l2_area_um2_per_32kib", e.l2_area_um2_per_32kib);
  if (!std::isfinite(e.glb_reference_bytes) || !(e.glb_reference_bytes > 0.0))
    throw invalid_argument("accel", "accel_config.energy.glb_reference_bytes must be finite and > 0");
}

accel_config eyeriss_like() { return accel_config{}; }

}  // namespace dsegym::sim::accel

#include "dsegym/sim/accel/cost_model.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "cost_core.hpp"
#include "dsegym/core/error.hpp"

namespace dsegym::sim::accel {

namespace detail {

namespace {

// Rows of input needed by `p` outputs with filter extent `r` and stride `s`.
double input_extent(std::uint64_t p, std::uint64_t r, std::uint64_t s) noexcept {
  return r >= s ? static_cast<double>((p - 1) * s + r) : static_cast<double>(p * r);
}

// Bit d set when dimension d indexes the tensor.
std::uint8_t relevance_mask(tensor t, bool depthwise) noexcept {
  std::uint8_t m = 0;
  for (dim d : all_dims)
    if (relevant(t, d, depthwise)) m = static_cast<std::uint8_t>(m | (1u << index(d)));
  return m;
}

}  // namespace

double footprint(const layer& l, tensor t, const dim_array& e) noexcept {
  const auto at = [&](dim d) { return static_cast<double>(e[index(d)]); };
  switch (t) {
    case tensor::weights: return at(dim::k) * at(dim::c) * at(dim::r) * at(dim::s);
    case tensor::inputs:
      return at(dim::n) * at(dim::c) * input_extent(e[index(dim::p)], e[index(dim::r)], l.stride_h) *
             input_extent(e[index(dim::q)], e[index(dim::s)], l.stride_w);
    case tensor::outputs:
      return at(dim::n) * at(dim::k) * at(dim::p) * at(dim::q) * (l.depthwise() ? at(dim::c) : 1.0);
  }
  return 0.0;
}

dim_array spatial_factors(const mapping& m) noexcept {
  dim_array sp{1, 1, 1, 1, 1, 1, 1};
  sp[index(m.spatial_x)] = m.spatial_x_factor;
  sp[index(m.spatial_y)] = m.spatial_y_factor;
  return sp;
}

bool rf_fits(const layer& l, const accel_config& cfg, const dim_array& t0) noexcept {
  if (cfg.flow == dataflow::no_local_reuse) return std::all_of(t0.begin(), t0.end(), [](auto v) { return v == 1; });
  return footprint(l, tensor::weights, t0) <= static_cast<double>(cfg.rf.weights) &&
         footprint(l, tensor::inputs, t0) <= static_cast<double>(cfg.rf.inputs) &&
         footprint(l, tensor::outputs, t0) <= static_cast<double>(cfg.rf.outputs);
}

bool glb_fits(const layer& l, const accel_config& cfg, const dim_array& t1) noexcept {
  const double words = footprint(l, tensor::weights, t1) + footprint(l, tensor::inputs, t1) +
                       footprint(l, tensor::outputs, t1);
  return words * cfg.word_bytes * (cfg.double_buffering ? 2.0 : 1.0) <= static_cast<double>(cfg.glb_bytes);
}

raw_cost compute_cost(const layer& l, const accel_config& cfg, const mapping& m) noexcept {
  const bool dw = l.depthwise();
  const dim_array sp = spatial_factors(m);
  dim_array t0{}, a{}, t1{}, full{};
  double compute_cycles = 1.0;
  for (std::size_t d = 0; d < dim_count; ++d) {
    t0[d] = m.rf[d];
    a[d] = t0[d] * sp[d];
    t1[d] = a[d] * m.glb[d];
    full[d] = t1[d] * m.dram[d];
    compute_cycles *= static_cast<double>(m.rf[d] * m.glb[d] * m.dram[d]);
  }
  // The loops with trip > 1, outermost first; `ends` marks where the DRAM, GLB and RF levels end.
  std::array<std::uint8_t, 3 * dim_count> loop_dim{};
  std::array<double, 3 * dim_count> loop_trip{};
  std::array<std::size_t, 3> ends{};
  std::size_t n = 0;
  const std::array<std::pair<const dim_order*, const dim_array*>, 3> levels{
      {{&m.dram_order, &m.dram}, {&m.glb_order, &m.glb}, {&m.rf_order, &m.rf}}};
  for (std::size_t lv = 0; lv < 3; ++lv) {
    for (dim d : *levels[lv].first) {
      const std::uint64_t trip = (*levels[lv].second)[index(d)];
      if (trip <= 1) continue;
      loop_dim[n] = static_cast<std::uint8_t>(index(d));
      loop_trip[n++] = static_cast<double>(trip);
    }
    ends[lv] = n;
  }
  const double pes_used = static_cast<double>(m.spatial_x_factor * m.spatial_y_factor);
  std::array<double, 3> c_dram{}, c_glb{}, c_noc{}, c_mac{};
  for (tensor t : all_tensors) {
    const auto i = static_cast<std::size_t>(t);
    const std::uint8_t mask = relevance_mask(t, dw);
    // Product of the trips from the outermost loop down to the innermost one indexing t, taken
    // over the loops above each boundary; the loops inside it reuse the tile.
    std::array<double, 3> reuse{1.0, 1.0, 1.0};
    double prod = 1.0, result = 1.0;
    std::size_t lv = 0;
    for (std::size_t j = 0; j < n; ++j) {
      while (lv < 3 && j == ends[lv]) reuse[lv++] = result;
      prod *= loop_trip[j];
      if ((mask >> loop_dim[j]) & 1u) result = prod;
    }
    while (lv < 3) reuse[lv++] = result;
    c_dram[i] = footprint(l, t, t1) * reuse[0];
    c_glb[i] = footprint(l, t, a) * reuse[1];
    c_noc[i] = footprint(l, t, t0) * pes_used * reuse[1];
    c_mac[i] = pes_used * reuse[2];
  }
  constexpr auto W = static_cast<std::size_t>(tensor::weights), I = static_cast<std::size_t>(tensor::inputs),
                 O = static_cast<std::size_t>(tensor::outputs);
  const double distinct_o = footprint(l, tensor::outputs, full);
  // Per-PE boundaries: PEs spread over dims that do not index outputs each hold their own partial sums.
  double spatial_reduction = 1.0;
  if (!relevant(tensor::outputs, m.spatial_x, dw)) spatial_reduction *= static_cast<double>(m.spatial_x_factor);
  if (!relevant(tensor::outputs, m.spatial_y, dw)) spatial_reduction *= static_cast<double>(m.spatial_y_factor);
  const double first_pe = distinct_o * spatial_reduction;

  raw_cost r;
  auto& acc = r.acc;
  acc.dram_reads = c_dram[W] + c_dram[I] + std::max(0.0, c_dram[O] - distinct_o);
  acc.dram_writes = c_dram[O];
  acc.glb_reads = c_glb[W] + c_glb[I] + std::max(0.0, c_glb[O] - distinct_o) + acc.dram_writes;
  acc.glb_writes = c_glb[O] + acc.dram_reads;
  const double noc_psum_down = std::max(0.0, c_noc[O] - first_pe);
  acc.noc = c_noc[W] + c_noc[I] + c_noc[O] + noc_psum_down;
  if (cfg.flow != dataflow::no_local_reuse) {
    acc.rf_reads = c_mac[W] + c_mac[I] + std::max(0.0, c_mac[O] - first_pe) + c_noc[O];
    acc.rf_writes = c_mac[O] + c_noc[W] + c_noc[I] + noc_psum_down;
  }

  r.compute_cycles = compute_cycles;
  r.dram_bytes = (acc.dram_reads + acc.dram_writes) * cfg.word_bytes;
  r.glb_words = acc.glb_reads + acc.glb_writes;
  r.dram_cycles = r.dram_bytes / cfg.dram_bandwidth_bytes;
  // Separate read and write ports, each at the configured bandwidth (TimeloopGym's read/write
  // bandwidths): the busier port sets the time.
  r.glb_cycles = std::max(acc.glb_reads, acc.glb_writes) / cfg.glb_words_per_cycle();
  r.cycles = std::max({r.compute_cycles, r.dram_cycles, r.glb_cycles});

  const auto& e = cfg.energy;
  r.energy.mac_pj = static_cast<double>(l.macs()) * e.mac_pj;
  r.energy.rf_pj = acc.rf_reads * e.rf_read_pj + acc.rf_writes * e.rf_write_pj;
  r.energy.noc_pj = acc.noc * e.noc_pj_per_word;
  r.energy.glb_pj = r.glb_words * cfg.glb_pj_per_word();
  r.energy.dram_pj = (acc.dram_reads + acc.dram_writes) * e.dram_pj_per_word;
  r.energy.leakage_pj = e.leakage_w * (r.cycles / cfg.clock_hz) * 1e12;
  return r;
}

}  // namespace detail

double tile_words(const layer& l, tensor t, const dim_array& extents) { return detail::footprint(l, t, extents); }

std::string check_mapping(const layer& l, const accel_config& cfg, const mapping& m) {
  const dim_array dims = l.dims();
  if (m.spatial_x == m.spatial_y)
    return "spatial_x and spatial_y are both " + std::string(dim_name(m.spatial_x));
  if (m.spatial_x_factor == 0 || m.spatial_y_factor == 0) return "a spatial factor is 0";
  if (m.spatial_x_factor > cfg.pe_cols)
    return "spatial_x_factor " + std::to_string(m.spatial_x_factor) + " exceeds the " +
           std::to_string(cfg.pe_cols) + " array columns";
  if (m.spatial_y_factor > cfg.pe_rows)
    return "spatial_y_factor " + std::to_string(m.spatial_y_factor) + " exceeds the " +
           std::to_string(cfg.pe_rows) + " array rows";
  if (m.spatial_x_factor > dims[index(m.spatial_x)] || m.spatial_y_factor > dims[index(m.spatial_y)])
    return "a spatial factor exceeds its dimension";
  for (const auto* order : {&m.rf_order, &m.glb_order, &m.dram_order}) {
    std::array<bool, dim_count> seen{};
    for (dim d : *order) {
      if (index(d) >= dim_count || seen[index(d)]) return "a loop order is not a permutation of N K C R S P Q";
      seen[index(d)] = true;
    }
  }
  const dim_array sp = detail::spatial_factors(m);
  for (dim d : all_dims) {
    const std::size_t i = index(d);
    if (m.rf[i] == 0 || m.glb[i] == 0 || m.dram[i] == 0)
      return "a temporal factor of " + std::string(dim_name(d)) + " is 0";
    const std::uint64_t expected = (dims[i] + sp[i] - 1) / sp[i];
    const double product = static_cast<double>(m.rf[i]) * static_cast<double>(m.glb[i]) * static_cast<double>(m.dram[i]);
    if (product != static_cast<double>(expected))
      return "factors of " + std::string(dim_name(d)) + " multiply to " + std::to_string(m.rf[i]) + "*" +
             std::to_string(m.glb[i]) + "*" + std::to_string(m.dram[i]) + ", expected " +
             std::to_string(expected) + (sp[i] > 1 ? " (= ceil(" + std::to_string(dims[i]) + " / " +
                                                         std::to_string(sp[i]) + "))"
                                                   : "");
  }
  if (cfg.flow == dataflow::no_local_reuse) {
    for (auto f : m.rf)
      if (f != 1) return "the no_local_reuse dataflow has no register-file tile (rf factors must be 1)";
  } else {
    const std::array<std::pair<tensor, std::uint64_t>, 3> caps{
        {{tensor::weights, cfg.rf.weights}, {tensor::inputs, cfg.rf.inputs}, {tensor::outputs, cfg.rf.outputs}}};
    for (const auto& [t, cap] : caps) {
      const double need = detail::footprint(l, t, m.rf);
      if (need > static_cast<double>(cap))
        return "RF tile of " + std::string(tensor_name(t)) + " needs " + std::to_string(static_cast<std::uint64_t>(need)) +
               " words, the register file holds " + std::to_string(cap);
    }
  }
  dim_array t1{};
  for (std::size_t i = 0; i < dim_count; ++i) t1[i] = m.rf[i] * sp[i] * m.glb[i];
  if (!detail::glb_fits(l, cfg, t1)) {
    const double words = detail::footprint(l, tensor::weights, t1) + detail::footprint(l, tensor::inputs, t1) +
                         detail::footprint(l, tensor::outputs, t1);
    return "GLB tile needs " + std::to_string(static_cast<std::uint64_t>(words)) + " words x " +
           std::to_string(cfg.word_bytes) + " B" + (cfg.double_buffering ? " x 2 (double buffering)" : "") +
           ", the global buffer holds " + std::to_string(cfg.glb_bytes) + " B";
  }
  return {};
}

layer_result evaluate_mapping(const layer& l, const accel_config& cfg, const mapping& m) {
  validate(l);
  validate(cfg);
  if (auto why = check_mapping(l, cfg, m); !why.empty())
    throw invalid_argument("accel", "layer '" + l.name + "': invalid mapping " + to_string(m) + ": " + why);
  const auto c = detail::compute_cost(l, cfg, m);
  layer_result r;
  r.name = l.name;
  r.macs = l.macs();
  r.compute_cycles = c.compute_cycles;
  r.dram_cycles = c.dram_cycles;
  r.glb_cycles = c.glb_cycles;
  r.cycles = c.cycles;
  r.limit = c.cycles == c.compute_cycles ? bound::compute : c.cycles == c.dram_cycles ? bound::dram : bound::glb;
  r.utilisation = static_cast<double>(r.macs) / (c.compute_cycles * static_cast<double>(cfg.pes()));
  r.dram_bytes = c.dram_bytes;
  r.glb_words = c.glb_words;
  r.arithmetic_intensity = static_cast<double>(r.macs) / c.dram_bytes;
  r.attainable_macs_per_cycle = std::min(static_cast<double>(cfg.pes()) * r.utilisation,
                                         r.arithmetic_intensity * cfg.dram_bandwidth_bytes);
  r.accesses = c.acc;
  r.energy = c.energy;
  r.latency_s = c.cycles / cfg.clock_hz;
  r.energy_j = c.energy_pj() * 1e-12;
  r.map = m;
  return r;
}

}  // namespace dsegym::sim::accel

#include "dsegym/sim/soc/design_encoding.hpp"

#include <cmath>
#include <string>

#include "dsegym/core/error.hpp"
#include "topology.hpp"

namespace dsegym::sim::soc {

namespace {

constexpr std::size_t absent = detail::npos;
constexpr std::int64_t limited_kinds = 4;  // archgym_limited: the first four widths

std::string slot(std::string_view segment, std::size_t i) {
  return std::string(segment) + "[" + std::to_string(i) + "]";
}

}  // namespace

std::vector<std::uint64_t> unroll_choices(std::uint64_t iterations) {
  if (iterations == 0) throw invalid_argument("soc", "unroll_choices needs iterations >= 1");
  std::vector<std::uint64_t> u;
  for (std::uint64_t v = 1; v < iterations && u.size() < 16; v *= 2) u.push_back(v);
  u.push_back(iterations);
  return u;
}

design_encoding::design_encoding(const workload& w, encoding_options options)
    : w_(w), options_(std::move(options)) {
  validate(w_);
  const auto& o = options_;
  if (o.pe_slots == 0 || o.memory_slots == 0 || o.bus_slots == 0)
    throw invalid_argument("soc", "encoding_options: pe_slots, memory_slots and bus_slots must be >= 1");
  if (o.widths_bytes.empty()) throw invalid_argument("soc", "encoding_options.widths_bytes is empty");
  for (auto wd : o.widths_bytes)
    if (wd == 0) throw invalid_argument("soc", "encoding_options.widths_bytes contains 0");
  if (o.clock_multipliers.empty()) throw invalid_argument("soc", "encoding_options.clock_multipliers is empty");
  for (double f : o.clock_multipliers)
    if (!std::isfinite(f) || !(f > 0.0))
      throw invalid_argument("soc", "encoding_options.clock_multipliers must be finite and > 0, got " +
                                        std::to_string(f));
  if (o.mode == encoding_mode::archgym_limited && o.widths_bytes.size() < limited_kinds)
    throw invalid_argument("soc", "archgym_limited mode needs at least 4 widths");

  for (const task& t : w_.tasks) unrolls_.push_back(unroll_choices(t.iterations));
  const auto P = static_cast<std::int64_t>(o.pe_slots), M = static_cast<std::int64_t>(o.memory_slots),
             B = static_cast<std::int64_t>(o.bus_slots), W = static_cast<std::int64_t>(o.widths_bytes.size()),
             F = static_cast<std::int64_t>(o.clock_multipliers.size());
  auto segment = [&](std::size_t& offset, std::string_view name, std::size_t count, std::int64_t lo,
                     std::int64_t hi) {
    offset = knobs_.size();
    for (std::size_t i = 0; i < count; ++i) add(slot(name, i), lo, hi);
  };
  auto task_segment = [&](std::size_t& offset, std::string_view name, std::int64_t lo, std::int64_t hi) {
    offset = knobs_.size();
    for (const task& t : w_.tasks) add(std::string(name) + "[" + t.name + "]", lo, hi);
  };
  if (o.mode == encoding_mode::canonical) {
    segment(pe_kind_, "pe_kind", o.pe_slots, 0, 1);
    segment(pe_clock_, "pe_clock", o.pe_slots, 0, F - 1);
    segment(mem_kind_, "mem_kind", o.memory_slots, 0, 2 * W - 1);
    segment(mem_clock_, "mem_clock", o.memory_slots, 0, F - 1);
    segment(bus_clock_, "bus_clock", o.bus_slots, 0, F - 1);
    segment(bus_width_, "bus_width", o.bus_slots, 0, W - 1);
  } else {
    pe_clock_ = mem_clock_ = bus_clock_ = task_unroll_ = absent;
    segment(pe_kind_, "pe_allocation", o.pe_slots, 0, 1);
    segment(mem_kind_, "mem_allocation", o.memory_slots, 0, limited_kinds - 1);
    segment(bus_width_, "bus_allocation", o.bus_slots, 0, limited_kinds - 1);
  }
  segment(pe_to_bus_, "pe_to_bus", o.pe_slots, 0, B - 1);
  segment(bus_to_bus_, "bus_to_bus", o.bus_slots, -1, B - 1);
  segment(bus_to_mem_, "bus_to_mem", o.bus_slots, -1, M - 1);
  task_segment(task_to_pe_, "task_to_pe", 0, P - 1);
  task_segment(task_to_mem_, "task_to_mem", 0, M - 1);
  if (o.mode == encoding_mode::canonical) {
    task_unroll_ = knobs_.size();
    for (std::size_t t = 0; t < w_.tasks.size(); ++t)
      add("task_unroll[" + w_.tasks[t].name + "]", 0, static_cast<std::int64_t>(unrolls_[t].size()) - 1);
  }
}

void design_encoding::add(std::string name, std::int64_t low, std::int64_t high) {
  knobs_.push_back(knob{std::move(name), low, high});
}

std::vector<std::int64_t> design_encoding::nvec() const {
  std::vector<std::int64_t> v;
  v.reserve(knobs_.size());
  for (const auto& k : knobs_) v.push_back(k.high - k.low + 1);
  return v;
}

std::vector<std::int64_t> design_encoding::start() const {
  std::vector<std::int64_t> v;
  v.reserve(knobs_.size());
  for (const auto& k : knobs_) v.push_back(k.low);
  return v;
}

void design_encoding::check(std::span<const std::int64_t> x) const {
  if (x.size() != knobs_.size())
    throw invalid_argument("soc", "design knob vector has " + std::to_string(x.size()) + " values, the " +
                                      "encoding of workload '" + w_.name + "' has " +
                                      std::to_string(knobs_.size()));
  for (std::size_t i = 0; i < x.size(); ++i)
    if (x[i] < knobs_[i].low || x[i] > knobs_[i].high)
      throw invalid_argument("soc", "knob " + std::to_string(i) + " '" + knobs_[i].name + "' = " +
                                        std::to_string(x[i]) + " is outside " +
                                        std::to_string(knobs_[i].low) + ".." + std::to_string(knobs_[i].high));
}

design design_encoding::decode(std::span<const std::int64_t> x) const {
  check(x);
  const auto& o = options_;
  const bool canonical = o.mode == encoding_mode::canonical;
  const std::size_t T = w_.tasks.size();
  auto at = [&](std::size_t offset, std::size_t i) { return static_cast<std::size_t>(x[offset + i]); };
  design d;
  d.task_pe.assign(T, 0);
  d.task_memory.assign(T, 0);
  for (std::size_t b = 0; b < o.bus_slots; ++b) {
    bus_block bus;
    bus.name = "LMEM_ic_" + std::to_string(b);
    bus.width_bytes = o.widths_bytes[at(bus_width_, b)];
    bus.clock_multiplier = canonical ? o.clock_multipliers[at(bus_clock_, b)] : 1.0;
    d.buses.push_back(std::move(bus));
  }
  for (std::size_t m = 0; m < o.memory_slots; ++m) {
    memory_block mem;
    const std::size_t v = at(mem_kind_, m);
    const std::size_t W = o.widths_bytes.size();
    mem.kind = canonical && v >= W ? memory_kind::dram : memory_kind::sram;
    mem.width_bytes = o.widths_bytes[v % W];
    mem.name = std::string(mem.kind == memory_kind::dram ? "GMEM_" : "LMEM_") + std::to_string(m);
    mem.clock_multiplier = canonical ? o.clock_multipliers[at(mem_clock_, m)] : 1.0;
    d.memories.push_back(std::move(mem));
  }
  for (std::size_t p = 0; p < o.pe_slots; ++p) {
    const std::size_t bus = at(pe_to_bus_, p);
    if (x[pe_kind_ + p] == 0) {
      const std::size_t index = d.pes.size();
      d.pes.push_back(pe_block{.name = "A53_" + std::to_string(p), .kind = pe_kind::gpp, .bus = bus});
      for (std::size_t t = 0; t < T; ++t)
        if (at(task_to_pe_, t) == p) d.task_pe[t] = index;
      continue;
    }
    for (std::size_t t = 0; t < T; ++t) {
      if (at(task_to_pe_, t) != p) continue;
      d.task_pe[t] = d.pes.size();
      d.pes.push_back(pe_block{
          .name = "IP" + std::to_string(p) + "_" + w_.tasks[t].name,
          .kind = pe_kind::ip,
          .ip_task = t,
          .clock_multiplier = canonical ? o.clock_multipliers[at(pe_clock_, p)] : 1.0,
          .unroll = canonical ? unrolls_[t][at(task_unroll_, t)] : 1,
          .bus = bus});
    }
  }
  for (std::size_t b = 0; b < o.bus_slots; ++b) {
    const std::int64_t other = x[bus_to_bus_ + b];
    if (other >= 0 && static_cast<std::size_t>(other) != b) d.bus_links.emplace_back(b, static_cast<std::size_t>(other));
    const std::int64_t mem = x[bus_to_mem_ + b];
    if (mem >= 0) d.memory_links.emplace_back(b, static_cast<std::size_t>(mem));
  }
  for (std::size_t t = 0; t < T; ++t) d.task_memory[t] = at(task_to_mem_, t);
  return d;
}

std::vector<std::vector<std::int8_t>> design_encoding::action_masks(std::span<const std::int64_t> x) const {
  check(x);
  const auto& o = options_;
  const std::size_t T = w_.tasks.size();
  std::vector<std::vector<std::int8_t>> mask;
  mask.reserve(knobs_.size());
  for (const auto& k : knobs_) mask.emplace_back(static_cast<std::size_t>(k.high - k.low + 1), std::int8_t{1});

  // Each memory on at most one bus: a memory taken by an earlier bus is masked.
  for (std::size_t b = 0; b < o.bus_slots; ++b)
    for (std::size_t e = 0; e < b; ++e)
      if (x[bus_to_mem_ + e] >= 0) mask[bus_to_mem_ + b][static_cast<std::size_t>(x[bus_to_mem_ + e] + 1)] = 0;

  // The topology is fully known once the mapping segments start.
  design topo_design;
  topo_design.buses.resize(o.bus_slots);
  topo_design.memories.resize(o.memory_slots);
  std::vector<bool> memory_taken(o.memory_slots, false);
  for (std::size_t b = 0; b < o.bus_slots; ++b) {
    const std::int64_t other = x[bus_to_bus_ + b];
    if (other >= 0) topo_design.bus_links.emplace_back(b, static_cast<std::size_t>(other));
    const std::int64_t mem = x[bus_to_mem_ + b];
    if (mem >= 0 && !memory_taken[static_cast<std::size_t>(mem)]) {
      memory_taken[static_cast<std::size_t>(mem)] = true;
      topo_design.memory_links.emplace_back(b, static_cast<std::size_t>(mem));
    }
  }
  const detail::topology topo(topo_design);
  auto slot_bus = [&](std::size_t p) { return static_cast<std::size_t>(x[pe_to_bus_ + p]); };
  auto reaches_any = [&](std::size_t bus) {
    for (std::size_t m = 0; m < o.memory_slots; ++m)
      if (topo.reaches(bus, m)) return true;
    return false;
  };
  const auto adj = build_adjacency(w_);
  for (std::size_t t = 0; t < T; ++t) {
    const task& tk = w_.tasks[t];
    const bool moves_data = !adj.in_edges[t].empty() || !adj.out_edges[t].empty();
    for (std::size_t p = 0; p < o.pe_slots; ++p) {
      const bool ip = x[pe_kind_ + p] != 0;
      const bool has_version = tk.zero_work() || (ip ? tk.ip_cycles.has_value() : tk.gpp_cycles.has_value());
      if (!has_version || (moves_data && !reaches_any(slot_bus(p)))) mask[task_to_pe_ + t][p] = 0;
    }
  }
  for (std::size_t t = 0; t < T; ++t) {
    if (adj.out_edges[t].empty()) continue;  // writes nothing: any memory will do
    for (std::size_t m = 0; m < o.memory_slots; ++m) {
      bool ok = topo.reaches(slot_bus(static_cast<std::size_t>(x[task_to_pe_ + t])), m);
      for (std::size_t ei : adj.out_edges[t]) {
        const std::size_t c = w_.edges[ei].consumer;
        ok = ok && topo.reaches(slot_bus(static_cast<std::size_t>(x[task_to_pe_ + c])), m);
      }
      if (!ok) mask[task_to_mem_ + t][m] = 0;
    }
  }
  return mask;
}

std::vector<std::int64_t> design_encoding::reference_knobs() const {
  std::vector<std::int64_t> x(knobs_.size(), 0);
  for (std::size_t p = 1; p < options_.pe_slots; ++p) x[pe_kind_ + p] = 1;
  for (std::size_t b = 0; b < options_.bus_slots; ++b) {
    x[bus_to_bus_ + b] = -1;
    x[bus_to_mem_ + b] = b == 0 ? 0 : -1;
  }
  return x;
}

}  // namespace dsegym::sim::soc

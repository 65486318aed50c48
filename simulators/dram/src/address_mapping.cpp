#include "dsegym/sim/dram/address_mapping.hpp"

#include <bit>
#include <string>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::dram {

namespace {

// Number of address bits needed to select one of `count` items (count is a power of two for
// every field the builders lay out; a non-power-of-two count gets the bits of the next smaller
// power so that every decoded value exists).
std::uint32_t field_width(std::uint64_t count) {
  return count <= 1 ? 0 : static_cast<std::uint32_t>(std::bit_width(count) - 1);
}

void append_field(std::vector<std::uint32_t>& field, std::uint32_t& next_bit,
                  std::uint32_t width) {
  for (std::uint32_t i = 0; i < width; ++i) field.push_back(next_bit++);
}

std::uint64_t extract(const std::vector<std::uint32_t>& bits, std::uint64_t address) noexcept {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < bits.size(); ++i) v |= ((address >> bits[i]) & 1U) << i;
  return v;
}

}  // namespace

address_mapping rbc_mapping(const mem_spec& spec) {
  address_mapping m;
  std::uint32_t bit = 0;
  append_field(m.byte_bits, bit, field_width(spec.bus_width_bytes()));
  append_field(m.column_bits, bit, field_width(spec.org.columns));
  append_field(m.bank_group_bits, bit, field_width(spec.org.bank_groups));
  append_field(m.bank_bits, bit, field_width(spec.banks_per_group()));
  append_field(m.rank_bits, bit, field_width(spec.org.ranks));
  append_field(m.row_bits, bit, field_width(spec.org.rows));
  return m;
}

address_mapping brc_mapping(const mem_spec& spec) {
  address_mapping m;
  std::uint32_t bit = 0;
  append_field(m.byte_bits, bit, field_width(spec.bus_width_bytes()));
  append_field(m.column_bits, bit, field_width(spec.org.columns));
  append_field(m.row_bits, bit, field_width(spec.org.rows));
  append_field(m.bank_group_bits, bit, field_width(spec.org.bank_groups));
  append_field(m.bank_bits, bit, field_width(spec.banks_per_group()));
  append_field(m.rank_bits, bit, field_width(spec.org.ranks));
  return m;
}

address_mapping reference_mapping(const mem_spec& spec) {
  return spec.standard == dram_standard::ddr4 ? brc_mapping(spec) : rbc_mapping(spec);
}

std::string find_problem(const address_mapping& map, const mem_spec& spec) {
  struct field {
    const char* name;
    const std::vector<std::uint32_t>* bits;
    std::uint64_t count;  // number of distinct values the device has for this field
  };
  const field fields[] = {
      {"byte_bits", &map.byte_bits, spec.bus_width_bytes()},
      {"column_bits", &map.column_bits, spec.org.columns},
      {"bank_bits", &map.bank_bits, spec.banks_per_group()},
      {"bank_group_bits", &map.bank_group_bits, spec.org.bank_groups},
      {"rank_bits", &map.rank_bits, spec.org.ranks},
      {"row_bits", &map.row_bits, spec.org.rows},
  };
  std::uint64_t used = 0;
  for (const auto& f : fields) {
    for (std::uint32_t b : *f.bits) {
      if (b >= 64)
        return std::string("address map ") + f.name + " holds bit " + std::to_string(b) +
               "; bits must be in 0..63";
      if ((used >> b) & 1U)
        return std::string("address map uses bit ") + std::to_string(b) +
               " twice (again in " + f.name + ")";
      used |= std::uint64_t{1} << b;
    }
    if (f.bits->size() >= 64 || (std::uint64_t{1} << f.bits->size()) > f.count)
      return std::string("address map ") + f.name + " has " + std::to_string(f.bits->size()) +
             " bits, which select up to " +
             (f.bits->size() >= 64 ? std::string("2^64")
                                   : std::to_string(std::uint64_t{1} << f.bits->size())) +
             " values, but the device has " + std::to_string(f.count);
  }
  if (map.byte_bits.size() != field_width(spec.bus_width_bytes()))
    return "address map byte_bits has " + std::to_string(map.byte_bits.size()) +
           " bits; a " + std::to_string(spec.bus_width_bytes()) + "-byte bus needs " +
           std::to_string(field_width(spec.bus_width_bytes()));
  return {};
}

void validate(const address_mapping& map, const mem_spec& spec) {
  if (auto problem = find_problem(map, spec); !problem.empty())
    throw invalid_argument("dram", problem);
}

std::uint64_t mapped_bits_mask(const address_mapping& map) noexcept {
  std::uint64_t m = 0;
  for (const auto* bits : {&map.byte_bits, &map.column_bits, &map.bank_bits,
                           &map.bank_group_bits, &map.rank_bits, &map.row_bits})
    for (std::uint32_t b : *bits)
      if (b < 64) m |= std::uint64_t{1} << b;
  return m;
}

decoded_address decode(const address_mapping& map, const mem_spec& spec,
                       std::uint64_t address) noexcept {
  decoded_address d;
  d.rank = static_cast<std::uint32_t>(extract(map.rank_bits, address));
  d.bank_group = static_cast<std::uint32_t>(extract(map.bank_group_bits, address));
  d.bank = d.bank_group * spec.banks_per_group() +
           static_cast<std::uint32_t>(extract(map.bank_bits, address));
  d.row = extract(map.row_bits, address);
  d.column = extract(map.column_bits, address);
  return d;
}

}  // namespace dsegym::sim::dram

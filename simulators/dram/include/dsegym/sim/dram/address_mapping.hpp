#pragma once
/// @file
/// Address mapping: which bits of a byte address select rank, bank group, bank, row and column
/// (§1.3 of the spec). A map is plain data (lists of bit positions), so any map can be tried.

#include <cstdint>
#include <string>
#include <vector>

#include "dsegym/sim/dram/mem_spec.hpp"

namespace dsegym::sim::dram {

/// Bit positions per field, least significant field bit first. A field's value is
/// sum_i bit(address, bits[i]) << i. Fields left empty are 0 (e.g. bank_group_bits on DDR3).
struct address_mapping {
  std::vector<std::uint32_t> byte_bits;        ///< byte within one bus word (not decoded)
  std::vector<std::uint32_t> column_bits;
  std::vector<std::uint32_t> bank_bits;        ///< bank within its bank group
  std::vector<std::uint32_t> bank_group_bits;
  std::vector<std::uint32_t> rank_bits;
  std::vector<std::uint32_t> row_bits;

  friend bool operator==(const address_mapping&, const address_mapping&) = default;
};

/// Coordinates of one address. `bank` is the flat bank index within the rank
/// (bank_group * banks_per_group + bank within group), as used in command records.
struct decoded_address {
  std::uint32_t rank = 0;
  std::uint32_t bank_group = 0;
  std::uint32_t bank = 0;
  std::uint64_t row = 0;
  std::uint64_t column = 0;

  friend bool operator==(const decoded_address&, const decoded_address&) = default;
};

/// Row-bank-column: byte | column | bank group | bank | rank | row (LSB to MSB). Sequential
/// requests fill one row, then move to the next bank. The DDR3 reference map; for DDR4 the
/// spec's suggested alternative to BRC.
[[nodiscard]] address_mapping rbc_mapping(const mem_spec& spec);

/// Bank-row-column: byte | column | row | bank group | bank | rank. The DDR4 reference map.
[[nodiscard]] address_mapping brc_mapping(const mem_spec& spec);

/// The preset's reference map: RBC for DDR3, BRC for DDR4 (§1.3). Note the spec's caveat: the
/// shared 1 GiB traces then only reach 4 of DDR4's 16 banks; pass rbc_mapping() to spread them.
[[nodiscard]] address_mapping reference_mapping(const mem_spec& spec);

/// The first problem that makes `map` unusable with `spec` (duplicate bit, bit >= 64, a field
/// wider than the device, wrong number of byte bits); empty when usable.
[[nodiscard]] std::string find_problem(const address_mapping& map, const mem_spec& spec);

/// @throws dsegym::invalid_argument (area "dram") with find_problem()'s message.
void validate(const address_mapping& map, const mem_spec& spec);

/// Mask of every bit the map uses: an address with a bit outside it is out of range.
[[nodiscard]] std::uint64_t mapped_bits_mask(const address_mapping& map) noexcept;

/// Decodes an address (bits outside the map are ignored; check against mapped_bits_mask()).
[[nodiscard]] decoded_address decode(const address_mapping& map, const mem_spec& spec,
                                     std::uint64_t address) noexcept;

}  // namespace dsegym::sim::dram

#include "dsegym/sim/dram/address_mapping.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::dram {
namespace {

std::vector<std::uint32_t> range(std::uint32_t first, std::uint32_t last) {
  std::vector<std::uint32_t> v;
  for (auto b = first; b <= last; ++b) v.push_back(b);
  return v;
}

TEST(AddressMapping, Ddr3ReferenceIsRowBankColumn) {
  const auto m = reference_mapping(ddr3_1600());
  EXPECT_EQ(m.byte_bits, range(0, 2));
  EXPECT_EQ(m.column_bits, range(3, 12));
  EXPECT_EQ(m.bank_bits, range(13, 15));
  EXPECT_TRUE(m.bank_group_bits.empty());
  EXPECT_TRUE(m.rank_bits.empty());
  EXPECT_EQ(m.row_bits, range(16, 29));
  EXPECT_EQ(mapped_bits_mask(m), (std::uint64_t{1} << 30) - 1);
}

TEST(AddressMapping, Ddr4ReferenceIsBankRowColumn) {
  const auto m = reference_mapping(ddr4_2400());
  EXPECT_EQ(m.column_bits, range(3, 12));
  EXPECT_EQ(m.row_bits, range(13, 27));
  EXPECT_EQ(m.bank_group_bits, range(28, 29));
  EXPECT_EQ(m.bank_bits, range(30, 31));
}

TEST(AddressMapping, Ddr4RowBankColumnAlternativeMatchesSpec) {
  const auto m = rbc_mapping(ddr4_2400());
  EXPECT_EQ(m.column_bits, range(3, 12));
  EXPECT_EQ(m.bank_group_bits, range(13, 14));
  EXPECT_EQ(m.bank_bits, range(15, 16));
  EXPECT_EQ(m.row_bits, range(17, 31));
  EXPECT_EQ(find_problem(m, ddr4_2400()), "");
}

TEST(AddressMapping, SequentialRequestsFillOneRowThenMoveToTheNextBank) {
  const auto spec = ddr3_1600();
  const auto m = reference_mapping(spec);
  const auto first = decode(m, spec, 0x0);
  const auto last_in_row = decode(m, spec, 8192 - 64);
  const auto next = decode(m, spec, 8192);
  EXPECT_EQ(first, (decoded_address{0, 0, 0, 0, 0}));
  EXPECT_EQ(last_in_row.bank, 0u);
  EXPECT_EQ(last_in_row.row, 0u);
  EXPECT_EQ(last_in_row.column, 1024u - 8u);  // column counts device words: 8 per 64 B burst
  EXPECT_EQ(next.bank, 1u);
  EXPECT_EQ(next.row, 0u);
  EXPECT_EQ(decode(m, spec, std::uint64_t{1} << 16).row, 1u);
}

TEST(AddressMapping, Ddr4DecodesFlatBankFromGroupAndBank) {
  const auto spec = ddr4_2400();
  const auto m = rbc_mapping(spec);
  const auto d = decode(m, spec, (std::uint64_t{2} << 13) | (std::uint64_t{3} << 15));
  EXPECT_EQ(d.bank_group, 2u);
  EXPECT_EQ(d.bank, 2u * 4u + 3u);
}

TEST(AddressMapping, BadMapsAreRejectedWithTheReason) {
  const auto spec = ddr3_1600();
  auto m = reference_mapping(spec);
  m.row_bits.push_back(13);
  EXPECT_EQ(find_problem(m, spec), "address map uses bit 13 twice (again in row_bits)");

  m = reference_mapping(spec);
  m.bank_bits.push_back(30);
  EXPECT_EQ(find_problem(m, spec),
            "address map bank_bits has 4 bits, which select up to 16 values, but the device "
            "has 8");

  m = reference_mapping(spec);
  m.row_bits.back() = 64;
  EXPECT_NE(find_problem(m, spec).find("bit 64"), std::string::npos);

  m = reference_mapping(spec);
  m.byte_bits.pop_back();
  EXPECT_NE(find_problem(m, spec).find("byte_bits has 2 bits"), std::string::npos);
  EXPECT_THROW(validate(m, spec), invalid_argument);
}

TEST(AddressMapping, FewerBitsThanTheDeviceHasAreAllowed) {
  // Using only some banks (as BRC does with 1 GiB traces) is legitimate.
  const auto spec = ddr3_1600();
  auto m = reference_mapping(spec);
  m.bank_bits.pop_back();
  EXPECT_EQ(find_problem(m, spec), "");
}

}  // namespace
}  // namespace dsegym::sim::dram

// The NAS-Bench-201 table built into the library: decodes the bytes generated from
// data/nb201_table.bin (format in tools/make_nb201_table.py) into a `tables` object.

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/nb201/tables.hpp"

namespace dsegym::sim::nb201 {

namespace detail {
extern const unsigned char embedded_table[];
extern const std::size_t embedded_table_size;
}  // namespace detail

namespace {

std::uint32_t crc32(const unsigned char* p, std::size_t n) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < n; ++i) {
    c ^= p[i];
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return c ^ 0xFFFFFFFFu;
}

class byte_reader {
 public:
  byte_reader(const unsigned char* p, std::size_t n) : p_(p), n_(n) {}
  const unsigned char* take(std::size_t k) {
    if (k > n_ - pos_) fail("truncated at byte " + std::to_string(pos_));
    const unsigned char* at = p_ + pos_;
    pos_ += k;
    return at;
  }
  std::uint32_t u32() {
    const unsigned char* b = take(4);
    return static_cast<std::uint32_t>(b[0]) | static_cast<std::uint32_t>(b[1]) << 8 |
           static_cast<std::uint32_t>(b[2]) << 16 | static_cast<std::uint32_t>(b[3]) << 24;
  }
  std::uint8_t u8() { return *take(1); }
  [[noreturn]] static void fail(const std::string& what) {
    throw error("nb201", "the built-in NAS-Bench-201 table is damaged: " + what, error_code::internal);
  }

 private:
  const unsigned char* p_;
  std::size_t n_;
  std::size_t pos_ = 0;
};

column decode_column(const unsigned char* bits_data, std::size_t bytes, unsigned bits, unsigned decimals) {
  const double scale = std::pow(10.0, decimals);  // exact for decimals <= 22
  const std::uint64_t mask = (std::uint64_t{1} << bits) - 1;
  column out(arch_count);
  for (std::size_t i = 0; i < arch_count; ++i) {
    const std::size_t first = i * bits;
    // bits <= 52 plus a shift < 8 fit in the 8 little-endian bytes from first / 8
    std::uint64_t word = 0;
    const std::size_t at = first / 8;
    for (std::size_t k = 0; k < 8 && at + k < bytes; ++k)
      word |= static_cast<std::uint64_t>(bits_data[at + k]) << (8 * k);
    const std::uint64_t v = (word >> (first % 8)) & mask;
    // m and 10^d are exact doubles, so one correctly rounded division gives the same double as
    // parsing the decimal text.
    out[i] = static_cast<double>(v) / scale;
  }
  return out;
}

tables decode() {
  const unsigned char* data = detail::embedded_table;
  const std::size_t size = detail::embedded_table_size;
  if (size < 24) byte_reader::fail("only " + std::to_string(size) + " bytes");
  byte_reader r(data, size - 4);
  byte_reader tail(data + size - 4, 4);
  if (crc32(data, size - 4) != tail.u32()) byte_reader::fail("CRC mismatch");
  if (std::memcmp(r.take(8), "DSGNB201", 8) != 0) byte_reader::fail("bad magic");
  if (const auto version = r.u32(); version != 1)
    byte_reader::fail("format version " + std::to_string(version) + ", expected 1");
  if (const auto rows = r.u32(); rows != arch_count)
    byte_reader::fail(std::to_string(rows) + " rows, expected 15625");
  const std::uint32_t columns = r.u32();
  tables t;
  t.built_in = true;
  hw_metrics_table hw;
  for (std::uint32_t c = 0; c < columns; ++c) {
    const std::uint8_t len = r.u8();
    const std::string name(reinterpret_cast<const char*>(r.take(len)), len);
    const unsigned decimals = r.u8();
    const unsigned bits = r.u8();
    if (bits == 0 || bits > 52 || decimals > 22)
      byte_reader::fail("column " + name + " has " + std::to_string(bits) + " bits, " +
                        std::to_string(decimals) + " decimals");
    const std::size_t bytes = (arch_count * bits + 7) / 8;
    column col = decode_column(r.take(bytes), bytes, bits, decimals);
    const auto colon = name.find(':');
    const std::string_view file = std::string_view(name).substr(0, colon);
    const std::string_view field = colon == std::string::npos ? std::string_view() : std::string_view(name).substr(colon + 1);
    column* target = nullptr;
    if (file == "cifar10-valid") {
      if (field == "valid_acc_12") target = &t.cifar10_valid.valid_acc_12;
      if (field == "train_time_per_epoch_s_200") target = &t.cifar10_valid.train_time_per_epoch_s_200;
      if (field == "valid_time_per_epoch_s_200") target = &t.cifar10_valid.valid_time_per_epoch_s_200;
    } else if (file == "cifar10") {
      if (field == "test_acc_200") target = &t.cifar10.test_acc_200;
    } else if (file == "cifar100" || file == "ImageNet16-120") {
      split_test_table& s = file == "cifar100" ? t.cifar100 : t.imagenet16_120;
      if (field == "valid_acc_12") target = &s.valid_acc_12;
      if (field == "test_acc_200") target = &s.test_acc_200;
    } else if (file == "hw_metrics") {
      if (const auto k = latency_column_index(field)) target = &hw.latency_ms[*k];
    }
    if (target == nullptr) byte_reader::fail("unknown column " + name);
    *target = std::move(col);
  }
  const column* required[] = {&t.cifar10_valid.valid_acc_12, &t.cifar10_valid.train_time_per_epoch_s_200,
                              &t.cifar10_valid.valid_time_per_epoch_s_200, &t.cifar10.test_acc_200,
                              &t.cifar100.valid_acc_12, &t.cifar100.test_acc_200,
                              &t.imagenet16_120.valid_acc_12, &t.imagenet16_120.test_acc_200};
  for (const column* c : required)
    if (c->size() != arch_count) byte_reader::fail("a column the benchmark protocol needs is missing");
  t.hw_metrics = std::move(hw);
  return t;
}

}  // namespace

std::shared_ptr<const tables> builtin_tables() {
  static std::once_flag once;
  static std::shared_ptr<const tables> t;
  std::call_once(once, [] { t = std::make_shared<const tables>(decode()); });
  return t;
}

}  // namespace dsegym::sim::nb201

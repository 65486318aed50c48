#include "dsegym/sim/nn/idx.hpp"

#include <zlib.h>

#include <bit>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::nn {

std::size_t idx_array::count() const noexcept {
  return type == idx_type::u8 ? u8.size() : values.size();
}

namespace {

struct gz_closer {
  void operator()(gzFile f) const noexcept { gzclose(f); }
};
using gz_ptr = std::unique_ptr<std::remove_pointer_t<gzFile>, gz_closer>;

std::vector<std::uint8_t> read_all(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw not_found("nn.idx", "IDX file '" + file.string() + "' does not exist");
  gz_ptr f(gzopen(file.c_str(), "rb"));
  if (!f) throw data_error("nn.idx", "cannot open IDX file '" + file.string() + "'");
  std::vector<std::uint8_t> out;
  std::vector<std::uint8_t> buf(1 << 16);
  for (;;) {
    const int got = gzread(f.get(), buf.data(), static_cast<unsigned>(buf.size()));
    if (got < 0) {
      int err = 0;
      const char* msg = gzerror(f.get(), &err);
      throw data_error("nn.idx", "corrupt compressed IDX file '" + file.string() + "': " +
                                     (msg ? msg : "read error"));
    }
    if (got == 0) break;
    out.insert(out.end(), buf.begin(), buf.begin() + got);
  }
  int err = 0;
  const char* msg = gzerror(f.get(), &err);
  if (err != Z_OK && err != Z_STREAM_END)
    throw data_error("nn.idx", "corrupt or truncated compressed IDX file '" + file.string() +
                                   "': " + (msg ? msg : "read error"));
  return out;
}

std::size_t element_size(std::uint8_t t) {
  switch (t) {
    case 0x08: case 0x09: return 1;
    case 0x0B: return 2;
    case 0x0C: case 0x0D: return 4;
    case 0x0E: return 8;
    default: return 0;
  }
}

std::uint64_t be(const std::uint8_t* p, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

idx_array read_idx(const std::filesystem::path& file) {
  const std::vector<std::uint8_t> bytes = read_all(file);
  const std::string where = "IDX file '" + file.string() + "'";
  if (bytes.size() < 4)
    throw data_error("nn.idx", where + " is too short for a header (" +
                                   std::to_string(bytes.size()) + " bytes)");
  if (bytes[0] != 0 || bytes[1] != 0)
    throw data_error("nn.idx", where + " has a bad magic number (first two bytes must be 0)");
  const std::size_t esize = element_size(bytes[2]);
  if (esize == 0)
  {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", bytes[2]);
    throw data_error("nn.idx", where + " has unknown element type " + hex +
                                   "; valid: 0x08 0x09 0x0B 0x0C 0x0D 0x0E");
  }
  const std::size_t nd = bytes[3];
  if (nd == 0) throw data_error("nn.idx", where + " declares 0 dimensions");
  const std::size_t header = 4 + 4 * nd;
  if (bytes.size() < header)
    throw data_error("nn.idx", where + " is truncated inside its header (" +
                                   std::to_string(bytes.size()) + " bytes, header needs " +
                                   std::to_string(header) + ")");
  idx_array a;
  a.type = static_cast<idx_type>(bytes[2]);
  std::uint64_t count = 1;
  for (std::size_t d = 0; d < nd; ++d) {
    const auto v = static_cast<std::uint32_t>(be(&bytes[4 + 4 * d], 4));
    a.dims.push_back(v);
    if (v != 0 && count > std::numeric_limits<std::uint64_t>::max() / 16 / v)
      throw data_error("nn.idx", where + " declares an impossibly large size");
    count *= v;
  }
  const std::uint64_t expected = header + count * esize;
  if (bytes.size() != expected)
    throw data_error("nn.idx", where + (bytes.size() < expected ? " is truncated" : " has trailing bytes") +
                                   ": " + std::to_string(bytes.size()) + " bytes, header implies " +
                                   std::to_string(expected));
  const std::uint8_t* p = bytes.data() + header;
  if (a.type == idx_type::u8) {
    a.u8.assign(p, p + count);
    return a;
  }
  a.values.resize(count);
  for (std::size_t i = 0; i < count; ++i, p += esize) {
    const std::uint64_t raw = be(p, esize);
    switch (a.type) {
      case idx_type::i8: a.values[i] = static_cast<std::int8_t>(raw); break;
      case idx_type::i16: a.values[i] = static_cast<std::int16_t>(raw); break;
      case idx_type::i32: a.values[i] = static_cast<std::int32_t>(raw); break;
      case idx_type::f32: a.values[i] = std::bit_cast<float>(static_cast<std::uint32_t>(raw)); break;
      case idx_type::f64: a.values[i] = std::bit_cast<double>(raw); break;
      case idx_type::u8: break;
    }
  }
  return a;
}

void write_idx_u8(const std::filesystem::path& file, std::span<const std::uint32_t> dims,
                  std::span<const std::uint8_t> data, bool gzip) {
  std::vector<std::uint8_t> bytes{0, 0, 0x08, static_cast<std::uint8_t>(dims.size())};
  for (std::uint32_t d : dims)
    for (int s = 24; s >= 0; s -= 8) bytes.push_back(static_cast<std::uint8_t>(d >> s));
  bytes.insert(bytes.end(), data.begin(), data.end());
  if (gzip) {
    gz_ptr f(gzopen(file.c_str(), "wb"));
    if (!f || gzwrite(f.get(), bytes.data(), static_cast<unsigned>(bytes.size())) !=
                  static_cast<int>(bytes.size()))
      throw data_error("nn.idx", "cannot write '" + file.string() + "'");
    return;
  }
  std::ofstream out(file, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw data_error("nn.idx", "cannot write '" + file.string() + "'");
}

}  // namespace dsegym::sim::nn

#pragma once
// IDX files (the MNIST / Fashion-MNIST format), plain or gzip-compressed (read through zlib, which
// reads uncompressed files transparently).

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace dsegym::sim::nn {

enum class idx_type : std::uint8_t {
  u8 = 0x08, i8 = 0x09, i16 = 0x0B, i32 = 0x0C, f32 = 0x0D, f64 = 0x0E
};

struct idx_array {
  idx_type type = idx_type::u8;
  std::vector<std::uint32_t> dims;
  std::vector<std::uint8_t> u8;   ///< the elements when type == u8
  std::vector<double> values;     ///< the elements (converted) for every other type
  [[nodiscard]] std::size_t count() const noexcept;
};

/// Reads a whole IDX file. Missing file -> dsegym::not_found; bad magic, unknown type, zero
/// dimensions, size mismatch (truncated or trailing bytes) or a corrupt gzip stream ->
/// dsegym::data_error naming the file.
[[nodiscard]] idx_array read_idx(const std::filesystem::path& file);

/// Writes a uint8 IDX file (gzip-compressed when `gzip`), for tests and tools.
void write_idx_u8(const std::filesystem::path& file, std::span<const std::uint32_t> dims,
                  std::span<const std::uint8_t> data, bool gzip);

}  // namespace dsegym::sim::nn

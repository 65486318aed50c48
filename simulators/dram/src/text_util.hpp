#pragma once
// Small string helpers shared by the DRAM simulator's sources (not installed).

#include <cctype>
#include <charconv>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace dsegym::sim::dram::detail {

[[nodiscard]] inline bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

/// "a, b, c" for error messages listing the valid choices.
[[nodiscard]] inline std::string join(std::span<const std::string_view> items) {
  std::string s;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) s += ", ";
    s += items[i];
  }
  return s;
}

/// Shortest round-trip form of a double, for messages.
[[nodiscard]] inline std::string format_double(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc{} ? std::string(buf, end) : std::string("?");
}

[[nodiscard]] inline std::string hex(std::uint64_t v) {
  char buf[24] = {'0', 'x'};
  auto [end, ec] = std::to_chars(buf + 2, buf + sizeof buf, v, 16);
  std::string s(buf, ec == std::errc{} ? end : buf + 2);
  for (std::size_t i = 2; i < s.size(); ++i)
    s[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[i])));
  return s;
}

}  // namespace dsegym::sim::dram::detail

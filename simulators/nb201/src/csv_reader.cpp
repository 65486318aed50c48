#include "csv_reader.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>
#include <system_error>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::nb201::detail {

std::string quote_field(std::string_view field) {
  constexpr std::size_t cap = 120;
  std::string q = "'";
  q.append(field.substr(0, cap));
  if (field.size() > cap) q.append("...");
  q.append("'");
  return q;
}

csv_reader::csv_reader(const std::filesystem::path& path) : path_(path.string()) {
  // One fread of the whole file: a few MB, and it keeps the per-field work to pointer arithmetic.
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path_.c_str(), "rb"), &std::fclose);
  if (!f) fail_at(0, "cannot open the file for reading");
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) fail_at(0, "cannot determine the file size: " + ec.message());
  text_.resize(static_cast<std::size_t>(size));
  if (size > 0 && std::fread(text_.data(), 1, text_.size(), f.get()) != text_.size())
    fail_at(0, "read error");
}

bool csv_reader::next_line() {
  if (pos_ >= text_.size()) return false;
  ++line_number_;
  const std::size_t end = text_.find('\n', pos_);
  if (end == std::string::npos)
    fail("the last line is not terminated by a newline (truncated file?)");
  line_ = std::string_view(text_).substr(pos_, end - pos_);
  if (!line_.empty() && line_.back() == '\r') line_.remove_suffix(1);
  pos_ = end + 1;
  return true;
}

std::size_t csv_reader::split(std::span<std::string_view> out) const {
  std::size_t count = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line_.find(',', start);
    const std::size_t end = comma == std::string_view::npos ? line_.size() : comma;
    if (count < out.size()) out[count] = line_.substr(start, end - start);
    ++count;
    if (comma == std::string_view::npos) return count;
    start = comma + 1;
  }
}

double csv_reader::parse_double(std::string_view field, std::string_view column) const {
  double v = 0.0;
  const char* first = field.data();
  const char* last = first + field.size();
  const auto [ptr, ec] = std::from_chars(first, last, v);
  if (field.empty() || ec != std::errc() || ptr != last || !std::isfinite(v))
    fail("column '" + std::string(column) + "': " + quote_field(field) +
         " is not a finite decimal number");
  return v;
}

std::uint64_t csv_reader::parse_uint(std::string_view field, std::string_view column) const {
  std::uint64_t v = 0;
  const char* first = field.data();
  const char* last = first + field.size();
  const auto [ptr, ec] = std::from_chars(first, last, v);
  if (field.empty() || ec != std::errc() || ptr != last)
    fail("column '" + std::string(column) + "': " + quote_field(field) +
         " is not a non-negative integer");
  return v;
}

void csv_reader::fail(std::string_view what) const { fail_at(line_number_, what); }

void csv_reader::fail_at(std::size_t line, std::string_view what) const {
  std::string msg = "'" + path_ + "': ";
  msg.append(what);
  throw data_error("nb201", msg, line);
}

}  // namespace dsegym::sim::nb201::detail

#include "csv_table.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::soc::detail {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string quote_field(std::string_view field) {
  std::string s = "\"";
  s.append(field.substr(0, 40));
  if (field.size() > 40) s.append("...");
  s.append("\"");
  return s;
}

void csv_table::fail(std::size_t row, std::string_view what) const {
  throw data_error("soc", path + ": " + std::string(what), row < lines.size() ? lines[row] : 0);
}

std::size_t csv_table::column(std::string_view name) const {
  const auto& h = rows.front();
  for (std::size_t i = 0; i < h.size(); ++i)
    if (h[i] == name) return i;
  std::string found;
  for (const auto& f : h) found.append(found.empty() ? "" : ", ").append(f);
  fail(0, "missing column \"" + std::string(name) + "\" (header has: " + found + ")");
}

double csv_table::number(std::size_t row, std::size_t col, std::string_view column_name) const {
  const auto v = optional_number(row, col, column_name);
  if (!v) fail(row, "empty value in column \"" + std::string(column_name) + "\"");
  return *v;
}

std::optional<double> csv_table::optional_number(std::size_t row, std::size_t col,
                                                 std::string_view column_name) const {
  const std::string& f = rows[row][col];
  if (f.empty()) return std::nullopt;
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
  if (ec != std::errc{} || ptr != f.data() + f.size() || !std::isfinite(v) || v < 0.0)
    fail(row, "column \"" + std::string(column_name) + "\": " + quote_field(f) +
                  " is not a non-negative number");
  return v;
}

std::uint64_t csv_table::integer(std::size_t row, std::size_t col,
                                 std::string_view column_name) const {
  const std::string& f = rows[row][col];
  std::uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
  if (f.empty() || ec != std::errc{} || ptr != f.data() + f.size())
    fail(row, "column \"" + std::string(column_name) + "\": " + quote_field(f) +
                  " is not a non-negative integer");
  return v;
}

csv_table read_csv(const std::filesystem::path& path, std::string_view area) {
  csv_table t;
  t.path = path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw data_error(area, "cannot open " + t.path);
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  std::size_t pos = 0, line = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    ++line;
    const std::string_view raw = trim(std::string_view(text).substr(pos, end - pos));
    pos = end + 1;
    if (raw.empty()) continue;
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = raw.find(',', start);
      fields.emplace_back(trim(raw.substr(start, comma == std::string_view::npos ? raw.npos : comma - start)));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (!t.rows.empty() && fields.size() != t.rows.front().size())
      throw data_error(area, t.path + ": " + std::to_string(fields.size()) + " fields, the header has " +
                                 std::to_string(t.rows.front().size()),
                       line);
    t.rows.push_back(std::move(fields));
    t.lines.push_back(line);
  }
  if (t.rows.empty()) throw data_error(area, t.path + ": empty file");
  return t;
}

}  // namespace dsegym::sim::soc::detail

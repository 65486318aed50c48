#pragma once
// Private: the FARSI spreadsheet exports as a table of trimmed string fields, with line numbers
// for messages. The files are plain CSV without quoting; lines end in "\r\n" or "\n" and the last
// line often has no line end, so both are accepted. Blank lines are skipped.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dsegym::sim::soc::detail {

struct csv_table {
  std::string path;
  std::vector<std::vector<std::string>> rows;  ///< rows[0] is the header
  std::vector<std::size_t> lines;              ///< 1-based line number of each row

  /// Throws data_error "<path>: <what> (line N)"; row indexes `rows` (its line is looked up).
  [[noreturn]] void fail(std::size_t row, std::string_view what) const;
  /// Column index of `name` in the header. @throws data_error naming the columns found.
  [[nodiscard]] std::size_t column(std::string_view name) const;
  /// Non-negative finite number; `column_name` goes into the message.
  [[nodiscard]] double number(std::size_t row, std::size_t col, std::string_view column_name) const;
  /// Like number(), nullopt for an empty field.
  [[nodiscard]] std::optional<double> optional_number(std::size_t row, std::size_t col,
                                                      std::string_view column_name) const;
  /// Non-negative integer (digits only).
  [[nodiscard]] std::uint64_t integer(std::size_t row, std::size_t col,
                                      std::string_view column_name) const;
};

/// Reads and splits the file; every row must have as many fields as the header.
/// @throws dsegym::data_error for a missing/unreadable/empty file or a ragged row.
[[nodiscard]] csv_table read_csv(const std::filesystem::path& path, std::string_view area);

/// A field quoted for a message, capped in length.
[[nodiscard]] std::string quote_field(std::string_view field);

}  // namespace dsegym::sim::soc::detail

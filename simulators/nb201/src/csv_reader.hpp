#pragma once
// Private: a strict, allocation-light reader for the benchmark's plain CSV files.
//
// The files are machine-written (no quoting, no embedded commas, '\n' line ends), so a reader that
// rejects anything else is both simpler and safer than a general CSV parser: every deviation
// becomes a data_error naming the file and the 1-based line.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace dsegym::sim::nb201::detail {

class csv_reader {
 public:
  /// Reads the whole file. @throws dsegym::data_error if it cannot be read.
  explicit csv_reader(const std::filesystem::path& path);

  /// Advances to the next line; false at the end of the file. A last line without '\n' is an
  /// error (the usual sign of a truncated copy). A trailing '\r' is dropped.
  bool next_line();

  [[nodiscard]] std::string_view line() const noexcept { return line_; }
  [[nodiscard]] std::size_t line_number() const noexcept { return line_number_; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

  /// Splits the current line at ','. Fills up to out.size() fields and returns the total count,
  /// so a caller passing one spare slot detects surplus fields.
  std::size_t split(std::span<std::string_view> out) const;

  /// A finite double spanning the whole field; `column` names the field in the message.
  [[nodiscard]] double parse_double(std::string_view field, std::string_view column) const;
  /// A non-negative decimal integer spanning the whole field.
  [[nodiscard]] std::uint64_t parse_uint(std::string_view field, std::string_view column) const;

  /// Throws data_error "<path>: <what> (line N)" for the current line.
  [[noreturn]] void fail(std::string_view what) const;
  /// Same for an explicit line number (0 = no line).
  [[noreturn]] void fail_at(std::size_t line, std::string_view what) const;

 private:
  std::string path_;
  std::string text_;
  std::size_t pos_ = 0;
  std::size_t line_number_ = 0;
  std::string_view line_;
};

/// A field quoted for a message, capped in length.
[[nodiscard]] std::string quote_field(std::string_view field);

}  // namespace dsegym::sim::nb201::detail

#include "dsegym/sim/dram/stl_format.hpp"

#include <cctype>
#include <charconv>
#include <fstream>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>

#include "dsegym/core/error.hpp"
#include "text_util.hpp"

namespace dsegym::sim::dram {

namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t'; }

std::string_view skip_space(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size() && is_space(s[i])) ++i;
  return s.substr(i);
}

std::string_view take_word(std::string_view& s) noexcept {
  std::size_t i = 0;
  while (i < s.size() && !is_space(s[i])) ++i;
  auto word = s.substr(0, i);
  s = s.substr(i);
  return word;
}

// Parses all of `token` as an unsigned number; false on junk or overflow.
bool parse_number(std::string_view token, int base, std::uint64_t& out) noexcept {
  if (token.empty()) return false;
  auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), out, base);
  return ec == std::errc{} && ptr == token.data() + token.size();
}

bool strip_hex_prefix(std::string_view& token) noexcept {
  if (token.size() > 2 && token[0] == '0' && (token[1] == 'x' || token[1] == 'X')) {
    token.remove_prefix(2);
    return true;
  }
  return false;
}

class line_parser {
 public:
  line_parser(const std::string& source, std::uint64_t line_no, std::string_view line)
      : source_(source), line_no_(line_no), line_(line) {}

  [[noreturn]] void fail(const std::string& what) const {
    constexpr std::size_t max_echo = 80;
    std::string echo(line_.substr(0, max_echo));
    if (line_.size() > max_echo) echo += "...";
    throw data_error("dram", source_ + ": " + what + " in trace line \"" + echo + "\"", line_no_);
  }

  request parse() const {
    std::string_view s = skip_space(line_);
    request r;
    const auto colon = s.find(':');
    if (colon == std::string_view::npos) fail("missing \"<cycle>:\"");
    if (!parse_number(s.substr(0, colon), 10, r.cycle))
      fail("cycle \"" + std::string(s.substr(0, colon)) +
           "\" is not a decimal number that fits 64 bits");
    s = skip_space(s.substr(colon + 1));

    if (!s.empty() && s.front() == '(') {  // optional "(<len>)": bytes; one burst regardless
      const auto close = s.find(')');
      std::uint64_t len = 0;
      if (close == std::string_view::npos || !parse_number(s.substr(1, close - 1), 10, len) ||
          len == 0)
        fail("malformed length field (expected \"(<positive bytes>)\")");
      s = skip_space(s.substr(close + 1));
    }

    const auto command = take_word(s);
    if (detail::iequals(command, "read")) {
      r.is_write = false;
    } else if (detail::iequals(command, "write")) {
      r.is_write = true;
    } else {
      fail("unknown command \"" + std::string(command) + "\" (valid: read, write)");
    }

    s = skip_space(s);
    auto address = take_word(s);
    if (address.empty()) fail("missing address");
    const std::string address_text(address);
    if (!strip_hex_prefix(address) || !parse_number(address, 16, r.address))
      fail("address \"" + address_text + "\" is not a 0x-prefixed hex number that fits 64 bits");

    s = skip_space(s);
    if (!s.empty()) {  // optional data field: hex, ignored
      auto data = take_word(s);
      strip_hex_prefix(data);
      for (char c : data)
        if (!std::isxdigit(static_cast<unsigned char>(c)))
          fail("data field \"" + std::string(data) + "\" is not hex");
      if (!skip_space(s).empty()) fail("unexpected text after the data field");
    }
    return r;
  }

 private:
  const std::string& source_;
  std::uint64_t line_no_;
  std::string_view line_;
};

}  // namespace

trace parse_stl(std::istream& in, const std::string& source, const stl_options& options) {
  trace t;
  t.source = source;
  std::string line;
  std::uint64_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::string_view view(line);
    if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
    const auto content = skip_space(view);
    if (content.empty() || content.front() == '#') continue;
    const line_parser parser(source, line_no, view);
    request r = parser.parse();
    if (!t.requests.empty() && r.cycle < t.requests.back().cycle && options.clamp_backward_time)
      r.cycle = t.requests.back().cycle;
    if (!t.requests.empty() && r.cycle < t.requests.back().cycle)
      parser.fail("cycle " + std::to_string(r.cycle) + " is before the previous request's cycle " +
                  std::to_string(t.requests.back().cycle) + " (time must not go backwards)");
    t.requests.push_back(r);
    t.source_lines.push_back(line_no);
  }
  if (in.bad()) throw data_error("dram", source + ": read error after line " +
                                              std::to_string(line_no));
  return t;
}

trace read_stl(const std::filesystem::path& path, const stl_options& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw not_found("dram", "cannot open trace file \"" + path.string() + "\"");
  return parse_stl(in, path.string(), options);
}

void write_stl(std::ostream& out, const trace& t) {
  std::string buf;
  for (const auto& r : t.requests) {
    buf.clear();
    buf += std::to_string(r.cycle);
    buf += r.is_write ? ":\twrite\t" : ":\tread\t";
    buf += detail::hex(r.address);
    buf += '\n';
    out << buf;
  }
}

}  // namespace dsegym::sim::dram

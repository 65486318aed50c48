#include "dsegym/bridge/wire.hpp"

#include <cstring>
#include <vector>

#include "dsegym/json/value.hpp"

namespace dsegym::bridge {

namespace {

/// Bytes a decoded element costs (its value, or its dict entry, plus bookkeeping).
constexpr std::size_t element_cost = sizeof(value) + 16;

/// Length of the well-formed UTF-8 sequence at s[i] (0 when the byte there starts none).
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  const std::size_t left = s.size() - i;
  const auto cont = [&](std::size_t k) { return k < left && (b(k) & 0xC0) == 0x80; };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;  // overlong
    if (c == 0xED && b(1) > 0x9F) return 0;  // surrogates
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;  // overlong
    if (c == 0xF4 && b(1) > 0x8F) return 0;  // beyond U+10FFFF
    return 4;
  }
  return 0;
}

bool is_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = utf8_sequence(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

/// Walks a MessagePack document without recursion or allocation beyond a depth stack: checks that
/// it is one complete, well-formed object no deeper than max_nesting_depth whose decoded form fits
/// `budget` bytes. Throws wire_error otherwise.
void check_msgpack(std::string_view b, std::size_t budget) {
  std::size_t pos = 0;
  std::size_t cost = 0;
  std::vector<std::uint64_t> pending;  // items still to read at each open container level
  pending.reserve(max_nesting_depth);
  std::uint64_t top_items = 1;
  const auto need = [&](std::uint64_t n) {
    if (b.size() - pos < n) throw wire_error(codes::invalid_argument, "truncated MessagePack message");
  };
  const auto read_be = [&](std::size_t n) {
    need(n);
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(b[pos + i]);
    pos += n;
    return v;
  };
  const auto charge = [&](std::uint64_t bytes) {
    cost += element_cost + bytes;
    if (cost > budget)
      throw wire_error(codes::resource_exhausted,
                       "message of " + std::to_string(b.size()) + " bytes decodes to more than " +
                           std::to_string(budget) + " bytes (at most max(16 MiB, 8 x the message size)); send fewer elements");
  };
  const auto open = [&](std::uint64_t items) {
    if (pending.size() >= static_cast<std::size_t>(max_nesting_depth))
      throw wire_error(codes::invalid_argument, "message nested deeper than " + std::to_string(max_nesting_depth));
    if (items > b.size() - pos)
      throw wire_error(codes::invalid_argument, "MessagePack container larger than the message");
    pending.push_back(items);
  };
  const auto skip = [&](std::uint64_t n) {
    need(n);
    pos += static_cast<std::size_t>(n);
  };
  while (true) {
    while (!pending.empty() && pending.back() == 0) pending.pop_back();
    if (pending.empty()) {
      if (top_items == 0) break;
      --top_items;
    } else {
      --pending.back();
    }
    need(1);
    const auto t = static_cast<unsigned char>(b[pos++]);
    if (t <= 0x7f || t >= 0xe0 || t == 0xc0 || t == 0xc2 || t == 0xc3) { charge(0); continue; }
    if (t >= 0x80 && t <= 0x8f) { charge(0); open(2ull * (t & 0x0f)); continue; }
    if (t >= 0x90 && t <= 0x9f) { charge(0); open(t & 0x0f); continue; }
    if (t >= 0xa0 && t <= 0xbf) { skip(t & 0x1f); charge(t & 0x1f); continue; }
    switch (t) {
      case 0xcc: case 0xd0: charge(0); skip(1); break;
      case 0xcd: case 0xd1: charge(0); skip(2); break;
      case 0xca: case 0xce: case 0xd2: charge(0); skip(4); break;
      case 0xcb: case 0xcf: case 0xd3: charge(0); skip(8); break;
      case 0xd9: { const auto n = read_be(1); skip(n); charge(n); break; }
      case 0xda: { const auto n = read_be(2); skip(n); charge(n); break; }
      case 0xdb: { const auto n = read_be(4); skip(n); charge(n); break; }
      case 0xdc: charge(0); open(read_be(2)); break;
      case 0xdd: charge(0); open(read_be(4)); break;
      case 0xde: charge(0); open(2 * read_be(2)); break;
      case 0xdf: charge(0); open(2 * read_be(4)); break;
      case 0xc4: case 0xc5: case 0xc6:
        throw wire_error(codes::invalid_argument, "MessagePack binary values are not part of the protocol; send strings or lists");
      default:
        throw wire_error(codes::invalid_argument, "unsupported MessagePack type byte " + std::to_string(t) +
                                                      " (extension types are not part of the protocol)");
    }
  }
  if (pos != b.size()) throw wire_error(codes::invalid_argument, "trailing bytes after the MessagePack message");
}

/// Recursive MessagePack reader for documents check_msgpack accepted (so lengths, depth and
/// memory are already bounded).
struct reader {
  const unsigned char* p;

  std::uint64_t be(int n) {
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i) v = (v << 8) | p[i];
    p += n;
    return v;
  }
  std::string str(std::size_t n) {
    std::string_view s(reinterpret_cast<const char*>(p), n);
    p += n;
    return is_utf8(s) ? std::string(s) : escape_utf8(s);
  }
  std::string key() {
    const unsigned char t = *p++;
    if (t >= 0xa0 && t <= 0xbf) return str(t & 0x1f);
    if (t == 0xd9) return str(static_cast<std::size_t>(be(1)));
    if (t == 0xda) return str(static_cast<std::size_t>(be(2)));
    if (t == 0xdb) return str(static_cast<std::size_t>(be(4)));
    throw wire_error(codes::invalid_argument, "map keys must be strings");
  }
  value list(std::size_t n) {
    value::list l;
    l.reserve(n);
    for (std::size_t i = 0; i < n; ++i) l.push_back(read());
    return value(std::move(l));
  }
  value dict(std::size_t n) {
    value::dict d;
    d.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      std::string k = key();
      d.emplace_back(std::move(k), read());
    }
    return value(std::move(d));
  }
  value read() {
    const unsigned char t = *p++;
    if (t <= 0x7f) return value(static_cast<std::int64_t>(t));
    if (t >= 0xe0) return value(static_cast<std::int64_t>(static_cast<std::int8_t>(t)));
    if (t >= 0x80 && t <= 0x8f) return dict(t & 0x0f);
    if (t >= 0x90 && t <= 0x9f) return list(t & 0x0f);
    if (t >= 0xa0 && t <= 0xbf) return value(str(t & 0x1f));
    switch (t) {
      case 0xc0: return {};
      case 0xc2: return value(false);
      case 0xc3: return value(true);
      case 0xcc: return value(static_cast<std::int64_t>(be(1)));
      case 0xcd: return value(static_cast<std::int64_t>(be(2)));
      case 0xce: return value(static_cast<std::int64_t>(be(4)));
      case 0xcf: {
        const std::uint64_t u = be(8);
        if (u > static_cast<std::uint64_t>(INT64_MAX))
          throw wire_error(codes::invalid_argument, "integer " + std::to_string(u) + " does not fit in int64");
        return value(static_cast<std::int64_t>(u));
      }
      case 0xd0: return value(static_cast<std::int64_t>(static_cast<std::int8_t>(be(1))));
      case 0xd1: return value(static_cast<std::int64_t>(static_cast<std::int16_t>(be(2))));
      case 0xd2: return value(static_cast<std::int64_t>(static_cast<std::int32_t>(be(4))));
      case 0xd3: return value(static_cast<std::int64_t>(be(8)));
      case 0xca: {
        const auto bits = static_cast<std::uint32_t>(be(4));
        float f;
        std::memcpy(&f, &bits, 4);
        return value(static_cast<double>(f));
      }
      case 0xcb: {
        const std::uint64_t bits = be(8);
        double d;
        std::memcpy(&d, &bits, 8);
        return value(d);
      }
      case 0xd9: return value(str(static_cast<std::size_t>(be(1))));
      case 0xda: return value(str(static_cast<std::size_t>(be(2))));
      case 0xdb: return value(str(static_cast<std::size_t>(be(4))));
      case 0xdc: return list(static_cast<std::size_t>(be(2)));
      case 0xdd: return list(static_cast<std::size_t>(be(4)));
      case 0xde: return dict(static_cast<std::size_t>(be(2)));
      case 0xdf: return dict(static_cast<std::size_t>(be(4)));
      default: throw wire_error(codes::invalid_argument, "unsupported MessagePack type byte " + std::to_string(t));
    }
  }
};

/// MessagePack writer; strings are escaped to valid UTF-8.
struct writer {
  std::string out;

  void byte(unsigned char c) { out.push_back(static_cast<char>(c)); }
  void be(std::uint64_t v, int n) {
    char buf[8];
    for (int i = 0; i < n; ++i) buf[i] = static_cast<char>((v >> (8 * (n - 1 - i))) & 0xff);
    out.append(buf, static_cast<std::size_t>(n));
  }
  /// type byte + big-endian payload in one append
  void tagged(unsigned char tag, std::uint64_t v, int n) {
    char buf[9];
    buf[0] = static_cast<char>(tag);
    for (int i = 0; i < n; ++i) buf[1 + i] = static_cast<char>((v >> (8 * (n - 1 - i))) & 0xff);
    out.append(buf, static_cast<std::size_t>(n + 1));
  }
  void str(std::string_view s) {
    if (!is_utf8(s)) {
      const std::string fixed = escape_utf8(s);
      str(fixed);
      return;
    }
    const std::size_t n = s.size();
    if (n < 32) {
      byte(static_cast<unsigned char>(0xa0 | n));
    } else if (n < 0x100) {
      byte(0xd9);
      be(n, 1);
    } else if (n < 0x10000) {
      byte(0xda);
      be(n, 2);
    } else {
      byte(0xdb);
      be(n, 4);
    }
    out.append(s);
  }
  void header(std::size_t n, unsigned char fix, unsigned char b16, unsigned char b32) {
    if (n < 16) {
      byte(static_cast<unsigned char>(fix | n));
    } else if (n < 0x10000) {
      byte(b16);
      be(n, 2);
    } else {
      byte(b32);
      be(n, 4);
    }
  }
  void write(const value& v) {
    switch (v.type()) {
      case value::kind::null: byte(0xc0); break;
      case value::kind::boolean: byte(v.as_bool() ? 0xc3 : 0xc2); break;
      case value::kind::integer: {
        const std::int64_t i = v.as_int();
        if (i >= 0 && i < 128) {
          byte(static_cast<unsigned char>(i));
        } else if (i < 0 && i >= -32) {
          byte(static_cast<unsigned char>(static_cast<std::int8_t>(i)));
        } else {
          tagged(0xd3, static_cast<std::uint64_t>(i), 8);
        }
        break;
      }
      case value::kind::real: {
        const double d = v.as_real();
        std::uint64_t bits;
        std::memcpy(&bits, &d, 8);
        tagged(0xcb, bits, 8);
        break;
      }
      case value::kind::string: str(v.as_string()); break;
      case value::kind::list:
        header(v.as_list().size(), 0x90, 0xdc, 0xdd);
        for (const auto& x : v.as_list()) write(x);
        break;
      case value::kind::dict:
        header(v.as_dict().size(), 0x80, 0xde, 0xdf);
        for (const auto& [k, x] : v.as_dict()) {
          str(k);
          write(x);
        }
        break;
    }
  }
};

/// Iterative depth check of a parsed JSON document (before the recursive conversion to value).
void check_depth(const json& j) {
  std::vector<std::pair<const json*, int>> stack{{&j, 0}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (depth > max_nesting_depth)
      throw wire_error(codes::invalid_argument, "message nested deeper than " + std::to_string(max_nesting_depth));
    if (node->is_array() || node->is_object())
      for (const auto& child : *node) stack.emplace_back(&child, depth + 1);
  }
}

/// Upper bound of the elements of a JSON text (each needs a separator or bracket), checked
/// against the budget before parsing.
void check_json_budget(std::string_view b, std::size_t budget) {
  std::size_t structural = 1;
  for (char c : b) structural += (c == ',' || c == '[' || c == '{' || c == ':') ? 1 : 0;
  // nlohmann's node and the value both exist during conversion
  if (structural * (element_cost + sizeof(json)) > budget + b.size())
    throw wire_error(codes::resource_exhausted, "JSON message of " + std::to_string(b.size()) +
                                                    " bytes has too many elements; send fewer elements");
}

}  // namespace

std::string escape_utf8(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_sequence(s, i);
    if (n == 0) {
      const auto c = static_cast<unsigned char>(s[i]);
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

value decode(std::string_view bytes, encoding& used) {
  if (bytes.empty()) throw wire_error(codes::invalid_argument, "empty message");
  const std::size_t budget = decoded_budget(bytes.size());
  if (bytes.front() == '{') {
    used = encoding::json;
    check_json_budget(bytes, budget);
    json j;
    try {
      j = json::parse(bytes);
    } catch (const std::exception& e) {
      throw wire_error(codes::invalid_argument, std::string("undecodable message: ") + e.what());
    }
    check_depth(j);
    if (!j.is_object()) throw wire_error(codes::invalid_argument, "a message must be a map");
    try {
      return from_json(j);
    } catch (const std::exception& e) {
      throw wire_error(codes::invalid_argument, std::string("unsupported value in message: ") + e.what());
    }
  }
  used = encoding::msgpack;
  check_msgpack(bytes, budget);
  const auto t = static_cast<unsigned char>(bytes.front());
  if (!((t >= 0x80 && t <= 0x8f) || t == 0xde || t == 0xdf))
    throw wire_error(codes::invalid_argument, "a message must be a map");
  reader r{reinterpret_cast<const unsigned char*>(bytes.data())};
  return r.read();
}

std::string encode(const value& message, encoding enc) {
  if (enc == encoding::json) return to_json(message).dump(-1, ' ', false, json::error_handler_t::replace);
  writer w;
  w.out.reserve(256);
  w.write(message);
  return std::move(w.out);
}

std::string wire_code_of(const std::exception& e) {
  if (const auto* w = dynamic_cast<const wire_error*>(&e)) return w->wire_code();
  if (const auto* d = dynamic_cast<const error*>(&e)) {
    switch (d->code()) {
      case error_code::invalid_argument: return codes::invalid_argument;
      case error_code::not_found: return codes::not_found;
      case error_code::failed_precondition: return codes::failed_precondition;
      case error_code::data_error: return codes::data_error;
      case error_code::resource_exhausted: return codes::resource_exhausted;
      case error_code::unimplemented: return codes::unimplemented;
      case error_code::internal: return codes::internal;
    }
  }
  return codes::internal;
}

}  // namespace dsegym::bridge

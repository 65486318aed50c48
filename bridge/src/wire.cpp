#include "dsegym/bridge/wire.hpp"

#include <vector>

#include "dsegym/json/value.hpp"

namespace dsegym::bridge {

namespace {

/// Walks a MessagePack document without recursion, checking that it is one complete, well-formed
/// object no deeper than max_nesting_depth (nlohmann's reader recurses per nesting level).
void check_msgpack(std::string_view b) {
  std::size_t pos = 0;
  std::vector<std::uint64_t> pending;  // items still to read at each open container level
  std::uint64_t top_items = 1;
  const auto need = [&](std::size_t n) {
    if (b.size() - pos < n) throw wire_error(codes::invalid_argument, "truncated MessagePack message");
  };
  const auto read_be = [&](std::size_t n) {
    need(n);
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(b[pos + i]);
    pos += n;
    return v;
  };
  const auto open = [&](std::uint64_t items) {
    if (pending.size() >= static_cast<std::size_t>(max_nesting_depth))
      throw wire_error(codes::invalid_argument, "message nested deeper than " + std::to_string(max_nesting_depth));
    if (items > b.size()) throw wire_error(codes::invalid_argument, "MessagePack container larger than the message");
    pending.push_back(items);
  };
  while (true) {
    // one item consumed from the innermost open container (or the top level)
    while (!pending.empty() && pending.back() == 0) pending.pop_back();
    if (pending.empty()) {
      if (top_items == 0) break;
      --top_items;
    } else {
      --pending.back();
    }
    need(1);
    const auto t = static_cast<unsigned char>(b[pos++]);
    if (t <= 0x7f || t >= 0xe0 || t == 0xc0 || t == 0xc2 || t == 0xc3) continue;
    if (t >= 0x80 && t <= 0x8f) { open(2ull * (t & 0x0f)); continue; }
    if (t >= 0x90 && t <= 0x9f) { open(t & 0x0f); continue; }
    if (t >= 0xa0 && t <= 0xbf) { need(t & 0x1f); pos += t & 0x1f; continue; }
    switch (t) {
      case 0xcc: case 0xd0: need(1); pos += 1; break;
      case 0xcd: case 0xd1: need(2); pos += 2; break;
      case 0xca: case 0xce: case 0xd2: need(4); pos += 4; break;
      case 0xcb: case 0xcf: case 0xd3: need(8); pos += 8; break;
      case 0xd9: case 0xc4: { const auto n = read_be(1); need(n); pos += n; break; }
      case 0xda: case 0xc5: { const auto n = read_be(2); need(n); pos += n; break; }
      case 0xdb: case 0xc6: { const auto n = read_be(4); need(n); pos += n; break; }
      case 0xdc: open(read_be(2)); break;
      case 0xdd: open(read_be(4)); break;
      case 0xde: open(2 * read_be(2)); break;
      case 0xdf: open(2 * read_be(4)); break;
      default: throw wire_error(codes::invalid_argument, "unsupported MessagePack type byte " + std::to_string(t));
    }
  }
  if (pos != b.size()) throw wire_error(codes::invalid_argument, "trailing bytes after the MessagePack message");
}

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

}  // namespace

value decode(std::string_view bytes, encoding& used) {
  if (bytes.empty()) throw wire_error(codes::invalid_argument, "empty message");
  json j;
  try {
    if (bytes.front() == '{') {
      used = encoding::json;
      j = json::parse(bytes);
    } else {
      used = encoding::msgpack;
      check_msgpack(bytes);
      j = json::from_msgpack(bytes);
    }
  } catch (const wire_error&) {
    throw;
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

std::string encode(const value& message, encoding enc) {
  const json j = to_json(message);
  if (enc == encoding::json) return j.dump();
  const auto bytes = json::to_msgpack(j);
  return {bytes.begin(), bytes.end()};
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

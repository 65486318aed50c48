#pragma once
// The bridge's wire format: one ZeroMQ frame per message holding a map, encoded as MessagePack
// (default) or JSON text (for debugging; recognised by its first byte '{'). Replies use the
// encoding of their request. Decoding is hardened against hostile input: size, nesting depth and
// the memory the decoded value will take are bounded before anything is allocated, strings that
// are not valid UTF-8 have their foreign bytes escaped (so every reply is valid UTF-8), and every
// failure is a wire_error, never a crash.

#include <cstdint>
#include <string>
#include <string_view>

#include "dsegym/core/error.hpp"
#include "dsegym/core/value.hpp"

namespace dsegym::bridge {

enum class encoding { msgpack, json };

/// Protocol error codes sent on the wire (see bridge/PROTOCOL.md).
namespace codes {
inline constexpr const char* invalid_argument = "INVALID_ARGUMENT";
inline constexpr const char* not_found = "NOT_FOUND";
inline constexpr const char* failed_precondition = "FAILED_PRECONDITION";
inline constexpr const char* resource_exhausted = "RESOURCE_EXHAUSTED";
inline constexpr const char* unimplemented = "UNIMPLEMENTED";
inline constexpr const char* version_mismatch = "VERSION_MISMATCH";
inline constexpr const char* data_error = "DATA_ERROR";
inline constexpr const char* internal = "INTERNAL";
}  // namespace codes

/// A request that cannot be served; becomes an in-band error reply with `code`.
class wire_error : public error {
 public:
  wire_error(std::string code, std::string_view message)
      : error("bridge", message, error_code::invalid_argument), wire_code_(std::move(code)) {}
  [[nodiscard]] const std::string& wire_code() const noexcept { return wire_code_; }

 private:
  std::string wire_code_;
};

inline constexpr int max_nesting_depth = 64;

/// Memory a decoded message may take: max(decoded_budget_floor, decoded_budget_factor x its size).
/// A message beyond it (e.g. megabytes of one-byte integers, each a 40-byte value) is refused
/// with RESOURCE_EXHAUSTED after a linear scan that allocates nothing.
inline constexpr std::size_t decoded_budget_floor = 16u << 20;
inline constexpr std::size_t decoded_budget_factor = 8;

/// The decoded-memory budget of a message of `message_bytes`.
[[nodiscard]] constexpr std::size_t decoded_budget(std::size_t message_bytes) noexcept {
  return message_bytes > decoded_budget_floor / decoded_budget_factor ? message_bytes * decoded_budget_factor
                                                                      : decoded_budget_floor;
}

/// `s` with every byte that is not part of a well-formed UTF-8 sequence written as `\xNN`.
[[nodiscard]] std::string escape_utf8(std::string_view s);

/// Decodes one message; `used` receives the encoding found. Throws wire_error(INVALID_ARGUMENT).
[[nodiscard]] value decode(std::string_view bytes, encoding& used);

/// Encodes a message in `enc`.
[[nodiscard]] std::string encode(const value& message, encoding enc);

/// The wire code of any exception thrown while serving a request.
[[nodiscard]] std::string wire_code_of(const std::exception& e);

}  // namespace dsegym::bridge

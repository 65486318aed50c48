#pragma once
// The dsegym error hierarchy (DESIGN.md §8).
//
// Every message starts with a searchable tag, "[dsegym.<area>] ...", names the offending value and,
// where there is a fixed set, the valid choices. Each class carries an `error_code` so the bridge
// can map it onto an in-band wire error without string matching.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace dsegym {

/// Machine-readable category of an error; the bridge sends its name on the wire.
enum class error_code {
  invalid_argument,     ///< bad value: kwargs, actions outside a space, malformed config
  not_found,            ///< unknown env id, version, session or file
  failed_precondition,  ///< call out of order (step before reset, use after close)
  data_error,           ///< a data file is missing, malformed or inconsistent
  resource_exhausted,   ///< a configured limit was hit
  unimplemented,        ///< the operation is not supported by this object
  internal,             ///< a broken invariant inside dsegym
};

[[nodiscard]] constexpr std::string_view to_string(error_code c) noexcept {
  switch (c) {
    case error_code::invalid_argument: return "INVALID_ARGUMENT";
    case error_code::not_found: return "NOT_FOUND";
    case error_code::failed_precondition: return "FAILED_PRECONDITION";
    case error_code::data_error: return "DATA_ERROR";
    case error_code::resource_exhausted: return "RESOURCE_EXHAUSTED";
    case error_code::unimplemented: return "UNIMPLEMENTED";
    case error_code::internal: return "INTERNAL";
  }
  return "INTERNAL";
}

/// Base of every exception dsegym throws on purpose.
class error : public std::runtime_error {
 public:
  /// `area` becomes the tag: error("registry", "unknown env") -> "[dsegym.registry] unknown env".
  error(std::string_view area, std::string_view message, error_code code = error_code::internal)
      : std::runtime_error(format(area, message)), area_(area), code_(code) {}

  [[nodiscard]] const std::string& area() const noexcept { return area_; }
  [[nodiscard]] error_code code() const noexcept { return code_; }

 private:
  static std::string format(std::string_view area, std::string_view message) {
    std::string s = "[dsegym.";
    s.append(area).append("] ").append(message);
    return s;
  }
  std::string area_;
  error_code code_;
};

/// A value given by the caller is not acceptable (kwargs, options, configs, arguments).
class invalid_argument : public error {
 public:
  invalid_argument(std::string_view area, std::string_view message)
      : error(area, message, error_code::invalid_argument) {}
};

/// A value does not belong to a space; the message names the path of the bad element.
class space_error : public invalid_argument {
 public:
  explicit space_error(std::string_view message) : invalid_argument("space", message) {}
};

/// An action is not in the environment's action space (or is otherwise not playable now).
class invalid_action : public invalid_argument {
 public:
  explicit invalid_action(std::string_view message) : invalid_argument("action", message) {}
};

/// Something named does not exist: env id, version, agent, session, file.
class not_found : public error {
 public:
  not_found(std::string_view area, std::string_view message)
      : error(area, message, error_code::not_found) {}
};

/// `step` was called before `reset`, or after the episode ended without a new `reset`.
class reset_needed : public error {
 public:
  explicit reset_needed(std::string_view message)
      : error("env", message, error_code::failed_precondition) {}
};

/// An operation was called in a state that does not allow it (e.g. after `close`).
class failed_precondition : public error {
 public:
  failed_precondition(std::string_view area, std::string_view message)
      : error(area, message, error_code::failed_precondition) {}
};

/// Benchmark data is missing, malformed, truncated or inconsistent. When the problem is in one
/// line of a text file, `line()` gives its 1-based number (0 when not applicable).
class data_error : public error {
 public:
  data_error(std::string_view area, std::string_view message, std::size_t line = 0)
      : error(area, with_line(message, line), error_code::data_error), line_(line) {}
  [[nodiscard]] std::size_t line() const noexcept { return line_; }

 private:
  static std::string with_line(std::string_view message, std::size_t line) {
    std::string s(message);
    if (line != 0) s.append(" (line ").append(std::to_string(line)).append(")");
    return s;
  }
  std::size_t line_;
};

/// A configured limit (sessions, message size, budget) was exceeded.
class resource_exhausted : public error {
 public:
  resource_exhausted(std::string_view area, std::string_view message)
      : error(area, message, error_code::resource_exhausted) {}
};

/// The object does not support the requested operation.
class unimplemented : public error {
 public:
  unimplemented(std::string_view area, std::string_view message)
      : error(area, message, error_code::unimplemented) {}
};

}  // namespace dsegym

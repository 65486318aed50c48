#pragma once
// dsegym::value <-> JSON (nlohmann::ordered_json, so dict order survives) and MessagePack.
// One of the few headers that include <nlohmann/json.hpp>; include it only where JSON is handled.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "dsegym/core/error.hpp"
#include "dsegym/core/value.hpp"

namespace dsegym {

using json = nlohmann::ordered_json;

[[nodiscard]] inline json to_json(const value& v) {
  switch (v.type()) {
    case value::kind::null: return nullptr;
    case value::kind::boolean: return v.as_bool();
    case value::kind::integer: return v.as_int();
    case value::kind::real: return v.as_real();
    case value::kind::string: return v.as_string();
    case value::kind::list: {
      json j = json::array();
      for (const auto& x : v.as_list()) j.push_back(to_json(x));
      return j;
    }
    case value::kind::dict: {
      json j = json::object();
      for (const auto& [k, x] : v.as_dict()) j[k] = to_json(x);
      return j;
    }
  }
  return nullptr;
}

[[nodiscard]] inline value from_json(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return {};
    case json::value_t::boolean: return value(j.get<bool>());
    case json::value_t::number_integer: return value(j.get<std::int64_t>());
    case json::value_t::number_unsigned: {
      const auto u = j.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(INT64_MAX))
        throw invalid_argument("json", "integer " + std::to_string(u) + " does not fit in int64");
      return value(static_cast<std::int64_t>(u));
    }
    case json::value_t::number_float: return value(j.get<double>());
    case json::value_t::string: return value(j.get<std::string>());
    case json::value_t::array: {
      value::list l;
      l.reserve(j.size());
      for (const auto& x : j) l.push_back(from_json(x));
      return value(std::move(l));
    }
    case json::value_t::object: {
      value::dict d;
      d.reserve(j.size());
      for (auto it = j.begin(); it != j.end(); ++it) d.emplace_back(it.key(), from_json(it.value()));
      return value(std::move(d));
    }
    default: throw invalid_argument("json", "unsupported JSON value (binary or discarded)");
  }
}

/// Parses JSON text into a value; malformed text is an invalid_argument naming `what`.
[[nodiscard]] inline value parse_json(std::string_view text, std::string_view what = "JSON") {
  try {
    return from_json(json::parse(text));
  } catch (const json::exception& e) {
    throw invalid_argument("json", std::string(what) + " is not valid JSON: " + e.what());
  }
}

[[nodiscard]] inline std::string dump_json(const value& v, int indent = -1) {
  return to_json(v).dump(indent);
}

}  // namespace dsegym

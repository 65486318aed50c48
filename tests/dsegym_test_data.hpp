#pragma once
// Tests that read the public benchmark data (DSEGYM_TEST_DATA_DIR, e.g. ../shared/data) skip with
// one line naming the missing folder when it is absent, so the suite passes on a fresh machine.
// With the environment variable DSEGYM_REQUIRE_DATA=1 (set by CI, which has the data) a missing
// folder fails the test instead of skipping it.
//
//   TEST(X, Y) { DSEGYM_NEED_DATA("nb201"); ... }       // folder or file under the data root

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace dsegym_test {

/// The data root the tests were configured with.
inline std::string data_root() { return DSEGYM_TEST_DATA_DIR; }

/// True when DSEGYM_REQUIRE_DATA is set to something other than "" or "0".
inline bool require_data() {
  const char* v = std::getenv("DSEGYM_REQUIRE_DATA");
  return v != nullptr && *v != '\0' && std::string_view(v) != "0";
}

/// True when `sub` (a folder or file under the data root) exists.
inline bool have_data(std::string_view sub) {
  std::error_code ec;
  return std::filesystem::exists(std::filesystem::path(data_root()) / sub, ec);
}

/// The one-line reason to skip when `sub` is missing, else nullopt.
inline std::optional<std::string> missing_data(std::string_view sub) {
  if (have_data(sub)) return std::nullopt;
  return "test data missing: " + (std::filesystem::path(data_root()) / sub).string() +
         " (configure with DSEGYM_DATA_DIR or -DDSEGYM_TEST_DATA_DIR set to the data root)";
}

}  // namespace dsegym_test

/// Skips the current test (fails it under DSEGYM_REQUIRE_DATA=1) when `sub` is missing under the
/// data root. Use in a TEST body or a fixture's SetUp.
#define DSEGYM_NEED_DATA(sub)                                                 \
  do {                                                                        \
    if (const auto dsegym_missing_ = ::dsegym_test::missing_data(sub)) {      \
      if (::dsegym_test::require_data()) FAIL() << *dsegym_missing_;          \
      GTEST_SKIP() << *dsegym_missing_;                                       \
    }                                                                         \
  } while (0)

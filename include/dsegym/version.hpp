#pragma once
// dsegym's version. CMakeLists.txt parses these three lines, so the package version and the
// installed header cannot drift apart.

#define DSEGYM_VERSION_MAJOR 0
#define DSEGYM_VERSION_MINOR 1
#define DSEGYM_VERSION_PATCH 0

namespace dsegym {
inline constexpr const char* version_string = "0.1.0";
}  // namespace dsegym

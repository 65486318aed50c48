#pragma once
// Running Debian's berkeley-abc from the AIG tests and benchmarks (cross-checks and reference runs).

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <regex>
#include <string>

namespace dsegym_test {

/// Whether `berkeley-abc` is on the PATH (looked up once).
inline bool have_abc() {
  static const bool yes = std::system("command -v berkeley-abc >/dev/null 2>&1") == 0;
  return yes;
}

/// Runs a shell command and returns its standard output without terminal colour codes.
inline std::string run_process(const std::string& cmd) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
  if (!p) return out;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), p.get())) out += buf.data();
  return std::regex_replace(out, std::regex("\x1b\\[[0-9;]*m"), "");
}

}  // namespace dsegym_test

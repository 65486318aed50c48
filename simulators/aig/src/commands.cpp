#include <charconv>
#include <string>
#include <utility>
#include <vector>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/aig/transforms.hpp"

namespace dsegym::sim::aig {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> tokens(std::string_view s) {
  std::vector<std::string_view> t;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
    if (j > i) t.push_back(s.substr(i, j - i));
    i = j;
  }
  return t;
}

[[noreturn]] void unknown_command(std::string_view cmd) {
  throw invalid_argument("aig", "unknown command '" + std::string(cmd) +
                                    "' (valid: balance, rewrite, refactor, resub with flags -z, -l, "
                                    "refactor -N <2..12>, resub -K <4..16> -N <0..3>; short forms b, rw, rwz, "
                                    "rf, rfz, rs, rsz)");
}

}  // namespace

graph apply_command(const graph& g, std::string_view cmd) {
  cmd = trim(cmd);
  const auto t = tokens(cmd);
  if (t.empty()) unknown_command(cmd);
  std::string_view name = t[0];
  bool zero = false, keep_levels = true;
  if (name == "rwz" || name == "rfz" || name == "rsz") {
    zero = true;
    name = name.substr(0, 2);
  }
  if (name == "b") name = "balance";
  else if (name == "rw") name = "rewrite";
  else if (name == "rf") name = "refactor";
  else if (name == "rs") name = "resub";
  if (name != "balance" && name != "rewrite" && name != "refactor" && name != "resub") unknown_command(cmd);
  unsigned n_opt = 0, k_opt = 0;
  bool has_n = false, has_k = false;
  for (std::size_t i = 1; i < t.size(); ++i) {
    if (t[i] == "-z" && name != "balance") zero = !zero;
    else if (t[i] == "-l") keep_levels = !keep_levels;  // balance: accepted, always level-minimising
    else if ((t[i] == "-N" || t[i] == "-K") && i + 1 < t.size() && name != "balance" && name != "rewrite" &&
             (t[i] == "-N" || name == "resub")) {
      unsigned v = 0;
      const auto num = t[i + 1];
      auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), v);
      if (ec != std::errc() || p != num.data() + num.size())
        throw invalid_argument("aig", "command '" + std::string(cmd) + "': " + std::string(t[i]) +
                                          " needs a number, got '" + std::string(num) + "'");
      (t[i] == "-N" ? n_opt : k_opt) = v;
      (t[i] == "-N" ? has_n : has_k) = true;
      ++i;
    } else {
      unknown_command(cmd);
    }
  }
  auto range = [&](const char* flag, unsigned v, unsigned lo, unsigned hi) {
    if (v < lo || v > hi)
      throw invalid_argument("aig", "command '" + std::string(cmd) + "': " + flag + " " + std::to_string(v) +
                                        " outside " + std::to_string(lo) + ".." + std::to_string(hi));
  };
  if (name == "balance") return balance(g);
  if (name == "rewrite") return rewrite(g, {.zero_cost = zero, .preserve_levels = keep_levels});
  if (name == "refactor") {
    refactor_options o{.zero_cost = zero, .preserve_levels = keep_levels};
    if (has_n) {
      range("-N", n_opt, 2, 12);
      o.max_leaves = n_opt;
    }
    return refactor(g, o);
  }
  resub_options o{.zero_cost = zero, .preserve_levels = keep_levels};
  if (has_k) {
    range("-K", k_opt, 4, 16);
    o.max_leaves = k_opt;
  }
  if (has_n) {
    range("-N", n_opt, 0, 3);
    o.max_new_nodes = n_opt;
  }
  return resub(g, o);
}

std::vector<std::string> expand_recipe(std::string_view script) {
  static const std::pair<const char*, const char*> aliases[] = {
      {"resyn", "b; rw; rwz; b; rwz; b"},
      {"resyn2", "b; rw; rf; b; rw; rwz; b; rfz; rwz; b"},
      {"resyn2a", "b; rw; b; rw; rwz; b; rwz; b"},
      {"resyn3", "b; rs; rs -K 6; b; rsz; rsz -K 6; b; rsz -K 5; b"},
      {"compress", "b -l; rw -l; rwz -l; b -l; rwz -l; b -l"},
      {"compress2", "b -l; rw -l; rf -l; b -l; rw -l; rwz -l; b -l; rfz -l; rwz -l; b -l"},
  };
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i <= script.size()) {
    std::size_t j = script.find(';', i);
    if (j == std::string_view::npos) j = script.size();
    const std::string_view cmd = trim(script.substr(i, j - i));
    i = j + 1;
    if (cmd.empty()) continue;
    bool alias = false;
    for (const auto& [name, body] : aliases)
      if (cmd == name) {
        for (auto& c : expand_recipe(body)) out.push_back(std::move(c));
        alias = true;
      }
    if (!alias) out.emplace_back(cmd);
  }
  return out;
}

graph resyn2(const graph& g) {
  graph x = balance(g);
  x = rewrite(x);
  x = refactor(x);
  x = balance(x);
  x = rewrite(x);
  x = rewrite(x, {.zero_cost = true});
  x = balance(x);
  x = refactor(x, {.zero_cost = true});
  x = rewrite(x, {.zero_cost = true});
  return balance(x);
}

}  // namespace dsegym::sim::aig

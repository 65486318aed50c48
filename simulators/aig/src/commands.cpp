#include <string>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/aig/transforms.hpp"

namespace dsegym::sim::aig {

graph apply_command(const graph& g, std::string_view cmd) {
  // trim
  while (!cmd.empty() && cmd.front() == ' ') cmd.remove_prefix(1);
  while (!cmd.empty() && cmd.back() == ' ') cmd.remove_suffix(1);
  if (cmd == "balance" || cmd == "b") return balance(g);
  if (cmd == "rewrite" || cmd == "rw") return rewrite(g);
  if (cmd == "rewrite -z" || cmd == "rwz") return rewrite(g, {.zero_cost = true});
  if (cmd == "refactor" || cmd == "rf") return refactor(g);
  if (cmd == "refactor -z" || cmd == "rfz") return refactor(g, {.zero_cost = true});
  if (cmd == "resub" || cmd == "rs") return resub(g);
  if (cmd == "resub -z" || cmd == "rsz") return resub(g, {.zero_cost = true});
  throw invalid_argument("aig", "unknown command '" + std::string(cmd) +
                                    "' (valid: balance, rewrite, rewrite -z, refactor, "
                                    "refactor -z, resub, resub -z, or b, rw, rwz, rf, rfz, rs, rsz)");
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

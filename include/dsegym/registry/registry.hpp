#pragma once
// The registry: env ids (family/Name-vN) -> factories, make() with Gymnasium's default wrapper
// stack (passive checker innermost, then time limit, then order enforcing), and errors that list
// the valid choices. Registration is explicit (register_<family>_envs(registry&)), never from
// static initialisers.

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsegym/core/error.hpp"
#include "dsegym/registry/any_env.hpp"
#include "dsegym/registry/kwargs.hpp"
#include "dsegym/wrappers/order_enforcing.hpp"
#include "dsegym/wrappers/passive_env_checker.hpp"
#include "dsegym/wrappers/time_limit.hpp"

namespace dsegym {

struct env_entry {
  std::string id;  ///< with version: "nas/NB201-v0"
  std::string summary;
  std::vector<kwarg_spec> kwargs;
  /// Builds the unwrapped env from validated kwargs (defaults filled in).
  std::function<any_env(const kwargs_reader&)> factory;
  /// True when the env cannot run without external benchmark data (e.g. NB201 tables).
  bool needs_data = false;
  /// Budget the default leaderboard gives this env: {"kind": "evaluations" | "cost",
  /// "amount": x} (null: 100 evaluations).
  value leaderboard_budget;
};

struct make_options {
  /// Overrides the env's own limit; -1 disables the time limit.
  std::optional<int> max_episode_steps;
  bool disable_env_checker = false;
};

class registry {
 public:
  /// Adds an entry; its id must be fully versioned and new.
  void add(env_entry entry) {
    const env_id id = env_id::parse(entry.id);
    if (!id.version)
      throw invalid_argument("registry", "env id \"" + entry.id + "\" needs a version suffix -vN");
    if (entries_.count(entry.id) != 0)
      throw invalid_argument("registry", "env \"" + entry.id + "\" is already registered");
    if (!entry.factory) throw invalid_argument("registry", "env \"" + entry.id + "\" has no factory");
    entries_.emplace(entry.id, std::move(entry));
  }

  /// Looks up an id; without a version suffix the latest version is used.
  [[nodiscard]] const env_entry& find(std::string_view id_text) const {
    const env_id id = env_id::parse(id_text);
    std::vector<const env_entry*> versions;
    for (const auto& [k, e] : entries_)
      if (env_id::parse(k).base() == id.base()) versions.push_back(&e);
    if (versions.empty())
      throw not_found("registry", "unknown env \"" + std::string(id_text) + "\"; known: " + known());
    std::sort(versions.begin(), versions.end(), [](const env_entry* a, const env_entry* b) {
      return env_id::parse(a->id).version < env_id::parse(b->id).version;
    });
    if (!id.version) return *versions.back();
    for (const auto* e : versions)
      if (env_id::parse(e->id).version == id.version) return *e;
    std::string valid;
    for (const auto* e : versions) valid += (valid.empty() ? "" : ", ") + e->id;
    throw not_found("registry", "env \"" + id.base() + "\" has no version v" +
                                    std::to_string(*id.version) + "; versions: " + valid);
  }

  [[nodiscard]] bool contains(std::string_view id) const {
    try {
      (void)find(id);
      return true;
    } catch (const error&) {
      return false;
    }
  }

  /// Makes an env with the default wrapper stack. kwargs: a dict value (null = all defaults).
  [[nodiscard]] any_env make(std::string_view id, const value& kwargs = {},
                             const make_options& options = {}) const {
    any_env raw = make_unwrapped(id, kwargs);
    int limit = options.max_episode_steps.value_or(raw.spec().max_episode_steps.value_or(-1));
    if (options.disable_env_checker) return wrap(std::move(raw), limit);
    return wrap(wrappers::passive_env_checker<any_env>(std::move(raw)), limit);
  }

  /// Makes the env without wrappers (for benchmarks and for tests of the raw contract).
  [[nodiscard]] any_env make_unwrapped(std::string_view id, const value& kwargs = {}) const {
    const env_entry& e = find(id);
    const kwargs_reader reader(e.id, e.kwargs, kwargs);
    return e.factory(reader);
  }

  [[nodiscard]] std::vector<std::string> ids() const {
    std::vector<std::string> out;
    for (const auto& [k, e] : entries_) out.push_back(k);
    return out;
  }
  [[nodiscard]] std::vector<const env_entry*> entries() const {
    std::vector<const env_entry*> out;
    for (const auto& [k, e] : entries_) out.push_back(&e);
    return out;
  }

 private:
  template <environment E>
  static any_env wrap(E env, int limit) {
    if (limit > 0)
      return any_env(wrappers::order_enforcing(wrappers::time_limit(std::move(env), limit)));
    return any_env(wrappers::order_enforcing(std::move(env)));
  }

  [[nodiscard]] std::string known() const {
    std::string out;
    for (const auto& [k, e] : entries_) out += (out.empty() ? "" : ", ") + k;
    return out.empty() ? "(none registered)" : out;
  }

  std::map<std::string, env_entry, std::less<>> entries_;
};

}  // namespace dsegym

#pragma once
// The registry of every built-in environment.

#include "dsegym/registry/registry.hpp"

namespace dsegym::envs {

/// Registers every built-in env family into `r`.
void register_all(registry& r);

/// A process-wide registry holding every built-in env (built on first use, thread-safe).
[[nodiscard]] const registry& default_registry();

}  // namespace dsegym::envs

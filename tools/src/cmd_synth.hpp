#pragma once
// `dsegym synth` (optimise / map a logic network with the project's AIG engine) and `dsegym cec`
// (combinational equivalence of two files). Registered by one call from main.cpp.

#include <functional>
#include <optional>

namespace CLI {
class App;
}

namespace dsegym::cli {

/// Adds the `synth` and `cec` subcommands to `app`. The returned function, called after parsing,
/// runs whichever of them was selected and returns its exit code (nullopt: neither was).
std::function<std::optional<int>()> add_synth_commands(CLI::App& app);

}  // namespace dsegym::cli

#pragma once
// A gate angle: a fixed number or an affine reference into the circuit's parameter vector.

#include <cstddef>
#include <limits>
#include <span>

namespace dsegym::sim::quantum {

/// theta = offset                          (fixed angle, `param == no_param`)
/// theta = scale * params[param] + offset  (parameter reference)
///
/// Several gates may share one parameter (QAOA's gamma on every edge); `scale` lets a parameter
/// enter as 2*beta or -gamma. Gradients are taken with respect to the parameters, not the angles.
struct angle {
  static constexpr std::size_t no_param = std::numeric_limits<std::size_t>::max();

  double offset = 0.0;
  std::size_t param = no_param;
  double scale = 1.0;

  constexpr angle() noexcept = default;
  /// Implicit so that builders read naturally: `c.rx(0, 0.5)`.
  constexpr angle(double value) noexcept : offset(value) {}  // NOLINT(google-explicit-constructor)

  /// A reference to params[index], optionally scaled and shifted.
  [[nodiscard]] static constexpr angle parameter(std::size_t index, double scale = 1.0,
                                                 double offset = 0.0) noexcept {
    angle a;
    a.param = index;
    a.scale = scale;
    a.offset = offset;
    return a;
  }

  [[nodiscard]] constexpr bool is_parameter() const noexcept { return param != no_param; }

  /// The angle's value; `params` must hold index `param` (circuits check this before applying).
  [[nodiscard]] constexpr double resolve(std::span<const double> params) const noexcept {
    return is_parameter() ? scale * params[param] + offset : offset;
  }

  friend constexpr bool operator==(const angle&, const angle&) = default;
};

}  // namespace dsegym::sim::quantum

#pragma once
// Portable random numbers: one engine and the project's own distributions.
//
// The <random> engines are exactly specified, but std::*_distribution are implementation-defined,
// so results would differ between standard libraries. Everything a result depends on draws through
// the functions here: same seed => same numbers on every platform and compiler.

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "dsegym/core/error.hpp"

namespace dsegym {

/// SplitMix64 step: used to expand seeds and to hash stream names. Bijective on 64-bit values.
[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// xoshiro256** 1.0 (Blackman & Vigna): fast, 256-bit state, passes BigCrush. Satisfies
/// std::uniform_random_bit_generator so it can be handed to code expecting an engine, but only the
/// distributions below are used where results matter.
class rng {
 public:
  using result_type = std::uint64_t;

  constexpr rng() noexcept : rng(0) {}
  constexpr explicit rng(std::uint64_t seed) noexcept { this->seed(seed); }

  constexpr void seed(std::uint64_t seed) noexcept {
    std::uint64_t sm = seed;
    for (auto& word : s_) word = splitmix64(sm);
  }

  [[nodiscard]] static constexpr result_type min() noexcept { return 0; }
  [[nodiscard]] static constexpr result_type max() noexcept {
    return std::numeric_limits<result_type>::max();
  }

  constexpr result_type operator()() noexcept {
    const std::uint64_t result = std::rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = std::rotl(s_[3], 45);
    return result;
  }

  /// The full engine state, for checkpoints and for checking that two engines are in step.
  [[nodiscard]] constexpr const std::array<std::uint64_t, 4>& state() const noexcept { return s_; }
  constexpr void set_state(const std::array<std::uint64_t, 4>& s) noexcept { s_ = s; }

  friend constexpr bool operator==(const rng&, const rng&) = default;

 private:
  std::array<std::uint64_t, 4> s_{};
};

/// FNV-1a hash of a name, to derive independent streams from (seed, purpose).
[[nodiscard]] constexpr std::uint64_t hash_name(std::string_view name) noexcept {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return h;
}

/// A seed for the stream `purpose` of a run seeded with `seed` (e.g. "init", "batches").
[[nodiscard]] constexpr std::uint64_t derive_seed(std::uint64_t seed,
                                                  std::string_view purpose) noexcept {
  std::uint64_t s = seed ^ hash_name(purpose);
  (void)splitmix64(s);
  return splitmix64(s);
}

/// A seed for the i-th member of a family (vector sub-env i, leaderboard run i, ...).
[[nodiscard]] constexpr std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t index) noexcept {
  std::uint64_t s = seed ^ (index * 0xD1B54A32D192ED03ULL);
  (void)splitmix64(s);
  return splitmix64(s);
}

// ---------------------------------------------------------------------------------------------
// Distributions: free functions over any 64-bit engine (rng in practice).
// ---------------------------------------------------------------------------------------------

namespace detail {
__extension__ typedef unsigned __int128 uint128;  // GCC/Clang builtin; the 64x64->128 multiply
}  // namespace detail

/// Uniform integer in [0, n) by Lemire's nearly-divisionless method; n must be > 0.
template <class Engine>
[[nodiscard]] std::uint64_t uniform_below(Engine& g, std::uint64_t n) {
  if (n == 0) throw invalid_argument("random", "uniform_below(n) needs n > 0");
  detail::uint128 m = static_cast<detail::uint128>(g()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<detail::uint128>(g()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

/// Uniform integer in the closed interval [lo, hi].
template <class Engine>
[[nodiscard]] std::int64_t uniform_int(Engine& g, std::int64_t lo, std::int64_t hi) {
  if (hi < lo) throw invalid_argument("random", "uniform_int(lo, hi) needs lo <= hi");
  const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  if (span == std::numeric_limits<std::uint64_t>::max()) return static_cast<std::int64_t>(g());
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + uniform_below(g, span + 1));
}

/// Uniform double in [0, 1) with 53 random bits.
template <class Engine>
[[nodiscard]] double uniform01(Engine& g) {
  return static_cast<double>(g() >> 11) * 0x1.0p-53;
}

/// Uniform double in [lo, hi).
template <class Engine>
[[nodiscard]] double uniform_real(Engine& g, double lo, double hi) {
  if (!(lo <= hi) || !std::isfinite(lo) || !std::isfinite(hi))
    throw invalid_argument("random", "uniform_real(lo, hi) needs finite lo <= hi");
  const double x = lo + (hi - lo) * uniform01(g);
  return x < hi ? x : lo;  // guard against rounding up to hi
}

/// True with probability p.
template <class Engine>
[[nodiscard]] bool bernoulli(Engine& g, double p) {
  if (!(p >= 0.0 && p <= 1.0)) throw invalid_argument("random", "bernoulli(p) needs 0 <= p <= 1");
  return uniform01(g) < p;
}

/// Standard normal by the Box–Muller transform (one draw per call; no cached state so that
/// the engine state alone determines the stream).
template <class Engine>
[[nodiscard]] double standard_normal(Engine& g) {
  double u1 = uniform01(g);
  while (u1 <= 0.0) u1 = uniform01(g);
  const double u2 = uniform01(g);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

template <class Engine>
[[nodiscard]] double normal(Engine& g, double mean, double stddev) {
  if (!(stddev >= 0.0)) throw invalid_argument("random", "normal(mean, stddev) needs stddev >= 0");
  return mean + stddev * standard_normal(g);
}

/// Exponential with rate lambda > 0.
template <class Engine>
[[nodiscard]] double exponential(Engine& g, double lambda) {
  if (!(lambda > 0.0)) throw invalid_argument("random", "exponential(lambda) needs lambda > 0");
  return -std::log1p(-uniform01(g)) / lambda;
}

/// Index drawn with probability proportional to `weights` (non-negative, finite, not all zero).
template <class Engine>
[[nodiscard]] std::size_t categorical(Engine& g, std::span<const double> weights) {
  double total = 0.0;
  for (double w : weights) {
    if (!(w >= 0.0) || !std::isfinite(w))
      throw invalid_argument("random", "categorical weights must be finite and >= 0");
    total += w;
  }
  if (!(total > 0.0)) throw invalid_argument("random", "categorical weights must not all be zero");
  const double u = uniform01(g) * total;
  double acc = 0.0;
  std::size_t last_positive = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] > 0.0) last_positive = i;
    acc += weights[i];
    if (u < acc) return i;
  }
  return last_positive;  // u fell past the sum through rounding
}

/// Fisher–Yates shuffle (std::shuffle's draws are implementation-defined).
template <class Engine, class T>
void shuffle(Engine& g, std::span<T> items) {
  for (std::size_t i = items.size(); i > 1; --i) {
    const std::size_t j = uniform_below(g, i);
    std::swap(items[i - 1], items[j]);
  }
}

/// k distinct indices from [0, n), in draw order (partial Fisher–Yates).
template <class Engine>
[[nodiscard]] std::vector<std::size_t> sample_without_replacement(Engine& g, std::size_t n,
                                                                  std::size_t k) {
  if (k > n) throw invalid_argument("random", "cannot sample more items than there are");
  std::vector<std::size_t> pool(n);
  for (std::size_t i = 0; i < n; ++i) pool[i] = i;
  for (std::size_t i = 0; i < k; ++i) std::swap(pool[i], pool[i + uniform_below(g, n - i)]);
  pool.resize(k);
  return pool;
}

}  // namespace dsegym

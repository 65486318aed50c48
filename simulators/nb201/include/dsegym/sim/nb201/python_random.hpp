#pragma once
/// @file
/// CPython's `random.Random` core (MT19937 + init_by_array seeding + getrandbits/_randbelow),
/// reimplemented only to reproduce the official NAS-Bench-201 index order, which the authors built
/// with `random.seed(88); random.shuffle(...)` (spec §3).
///
/// This is not the project's RNG: anything else that needs random numbers uses dsegym::rng.
/// std::mt19937 has the same output function but cannot be given CPython's init_by_array state
/// (neither the integer constructor nor std::seed_seq reproduce it), hence this class.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace dsegym::sim::nb201 {

/// MT19937 seeded and consumed exactly like CPython's `random.Random`.
class python_mt19937 {
 public:
  /// Seeds with the reference `init_by_array(key)` (Matsumoto & Nishimura, 2002). `key` must not
  /// be empty; CPython uses the 32-bit words of |seed|, least significant first.
  explicit python_mt19937(std::span<const std::uint32_t> key);

  /// Same state as Python's `random.seed(seed)` for a non-negative integer below 2^32.
  [[nodiscard]] static python_mt19937 from_seed(std::uint32_t seed);

  /// Next raw 32-bit output (`genrand_uint32`).
  std::uint32_t next32() noexcept;

  /// Python's `getrandbits(k)` for 1 <= k <= 32: the top k bits of one output.
  std::uint32_t getrandbits(unsigned k);

  /// Python's `_randbelow(n)` (n >= 1): getrandbits(bit_length(n)) redrawn while >= n.
  std::uint32_t randbelow(std::uint32_t n);

 private:
  void twist() noexcept;
  std::array<std::uint32_t, 624> mt_{};
  std::size_t next_ = 624;
};

/// The list `[0, 1, ..., n-1]` after Python's `random.seed(seed); random.shuffle(list)`.
[[nodiscard]] std::vector<std::uint32_t> python_shuffled_range(std::uint32_t n, std::uint32_t seed);

}  // namespace dsegym::sim::nb201

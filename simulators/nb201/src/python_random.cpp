#include "dsegym/sim/nb201/python_random.hpp"

#include <algorithm>
#include <bit>
#include <string>
#include <utility>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::nb201 {

namespace {
constexpr std::size_t n_words = 624;
constexpr std::size_t m_offset = 397;
constexpr std::uint32_t matrix_a = 0x9908B0DFu;
constexpr std::uint32_t upper_mask = 0x80000000u;
constexpr std::uint32_t lower_mask = 0x7FFFFFFFu;
}  // namespace

python_mt19937::python_mt19937(std::span<const std::uint32_t> key) {
  if (key.empty()) throw invalid_argument("nb201", "python_mt19937 needs a non-empty seed key");
  // init_genrand(19650218)
  mt_[0] = 19650218u;
  for (std::size_t i = 1; i < n_words; ++i)
    mt_[i] = 1812433253u * (mt_[i - 1] ^ (mt_[i - 1] >> 30)) + static_cast<std::uint32_t>(i);
  // Key mixing of init_by_array; all arithmetic is modulo 2^32 as in the reference code.
  std::size_t i = 1;
  std::size_t j = 0;
  for (std::size_t k = std::max(n_words, key.size()); k > 0; --k) {
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1664525u)) + key[j] +
             static_cast<std::uint32_t>(j);
    ++i;
    ++j;
    if (i >= n_words) {
      mt_[0] = mt_[n_words - 1];
      i = 1;
    }
    if (j >= key.size()) j = 0;
  }
  for (std::size_t k = n_words - 1; k > 0; --k) {
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1566083941u)) -
             static_cast<std::uint32_t>(i);
    ++i;
    if (i >= n_words) {
      mt_[0] = mt_[n_words - 1];
      i = 1;
    }
  }
  mt_[0] = 0x80000000u;  // MSB is 1, assuring a non-zero initial state
  next_ = n_words;
}

python_mt19937 python_mt19937::from_seed(std::uint32_t seed) {
  const std::array<std::uint32_t, 1> key{seed};
  return python_mt19937(key);
}

void python_mt19937::twist() noexcept {
  for (std::size_t k = 0; k < n_words; ++k) {
    const std::uint32_t y = (mt_[k] & upper_mask) | (mt_[(k + 1) % n_words] & lower_mask);
    mt_[k] = mt_[(k + m_offset) % n_words] ^ (y >> 1) ^ ((y & 1u) != 0 ? matrix_a : 0u);
  }
  next_ = 0;
}

std::uint32_t python_mt19937::next32() noexcept {
  if (next_ >= n_words) twist();
  std::uint32_t y = mt_[next_++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9D2C5680u;
  y ^= (y << 15) & 0xEFC60000u;
  y ^= y >> 18;
  return y;
}

std::uint32_t python_mt19937::getrandbits(unsigned k) {
  if (k < 1 || k > 32)
    throw invalid_argument(
        "nb201", "python_mt19937::getrandbits(k) needs 1 <= k <= 32, got k = " + std::to_string(k));
  return next32() >> (32 - k);
}

std::uint32_t python_mt19937::randbelow(std::uint32_t n) {
  if (n == 0) throw invalid_argument("nb201", "python_mt19937::randbelow(n) needs n >= 1, got 0");
  const auto k = static_cast<unsigned>(std::bit_width(n));
  std::uint32_t r = getrandbits(k);
  while (r >= n) r = getrandbits(k);
  return r;
}

std::vector<std::uint32_t> python_shuffled_range(std::uint32_t n, std::uint32_t seed) {
  std::vector<std::uint32_t> list(n);
  for (std::uint32_t i = 0; i < n; ++i) list[i] = i;
  python_mt19937 g = python_mt19937::from_seed(seed);
  // random.shuffle: for i in reversed(range(1, len(x))): j = _randbelow(i + 1); swap(x[i], x[j])
  for (std::uint32_t i = n > 0 ? n - 1 : 0; i >= 1; --i)
    std::swap(list[i], list[g.randbelow(i + 1)]);
  return list;
}

}  // namespace dsegym::sim::nb201

// State-vector kernels. Each loop visits only the amplitudes a gate changes, in address order, so
// large registers stream through memory once per gate. Complex products are written out on the
// real and imaginary parts: std::complex's operator* carries an Annex G NaN/inf recovery branch
// (__muldc3) that costs about 2x at small n unless -fcx-limited-range is set.

#include "dsegym/sim/quantum/detail/kernels.hpp"

#include <algorithm>
#include <utility>

#include "hot_kernel.hpp"

namespace dsegym::sim::quantum::detail {
namespace {

using index_t = std::size_t;

[[gnu::always_inline]] inline amplitude mul(amplitude a, amplitude b) noexcept {
  return {a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real()};
}

/// Pair blocks of 512 B to 32 KiB (bits 5..11) defeat the hardware prefetcher on the machines we
/// measured: the gate runs at 40-60% of the streaming rate. Touching the first lines of the next
/// block's two halves when a block starts brings it to 70-80%; other strides gain nothing.
[[gnu::always_inline]] inline void prefetch_next_block(const double* p, index_t base, index_t s,
                                                       index_t dim) noexcept {
  if (s < 32 || s > 2048 || base + 2 * s >= dim) return;
  const double* lo = p + 2 * (base + 2 * s);
  const double* hi = lo + 2 * s;
  const index_t lines = std::min<index_t>(32, s / 4);  // 4 amplitudes per 64-byte line
  for (index_t l = 0; l < lines; ++l) {
    __builtin_prefetch(lo + 8 * l, 1);
    __builtin_prefetch(hi + 8 * l, 1);
  }
}

/// Runs body(lo, hi, k0, k1) over every pair block (lo = the 2s doubles of the bit-clear half, hi
/// the bit-set half; k0..k1 a range of double offsets into both) in address order. Middle strides
/// (pair blocks of 128 B to 64 KiB) go in chunks of one cache line per half, each chunk first
/// prefetching the next two lines of the following block: the prefetches walk the next block
/// linearly one block ahead, so every block starts warm instead of retraining the hardware
/// prefetcher on two new streams. Prefetches change no value: results are those of the plain loop.
/// How far ahead (in amplitudes) the chunked loops prefetch at least, beyond the next block or run
/// (a 16 KiB lead measured no better than one block).
constexpr index_t k_prefetch_lead = 1;

template <class F>
[[gnu::always_inline]] inline void for_each_pair_block(double* p, index_t dim, index_t s, F&& body) {
  const bool chunked = s >= 4 && s <= 2048;
  for (index_t base = 0; base < dim; base += 2 * s) {
    double* lo = p + 2 * base;
    double* hi = lo + 2 * s;
    if (!chunked) {
      body(lo, hi, index_t{0}, 2 * s);
      continue;
    }
    const index_t ahead = base + std::max<index_t>(2 * s, k_prefetch_lead);
    const double* next = p + 2 * (ahead < dim ? ahead : base);
    for (index_t k = 0; k < 2 * s; k += 8) {
      __builtin_prefetch(next + 2 * k, 1);
      __builtin_prefetch(next + 2 * k + 8, 1);
      body(lo, hi, k, k + 8);
    }
  }
}

/// Calls f(i0, i1) for every index pair that differs only in `bit` (i0 has the bit clear).
template <class F>
[[gnu::always_inline]] inline void for_each_pair(std::span<amplitude> a, std::size_t bit, F&& f) {
  const auto* p = reinterpret_cast<const double*>(a.data());
  const index_t dim = a.size();
  const index_t s = index_t{1} << bit;
  for (index_t base = 0; base < dim; base += 2 * s) {
    prefetch_next_block(p, base, s, dim);
    for (index_t i = base; i < base + s; ++i) f(i, i + s);
  }
}

/// Calls f(i) for every index with both bits clear, in increasing order. Runs of 2^min(bits)
/// consecutive indices are visited one after another; as for single-qubit gates, runs of
/// 512 B..32 KiB get the first lines of the next run prefetched at the two offsets the caller
/// touches (`touched_a`, `touched_b`, added to the index).
template <class F>
[[gnu::always_inline]] inline void for_each_zero_zero(std::span<amplitude> v, std::size_t bit_a,
                                                      std::size_t bit_b, index_t touched_a,
                                                      index_t touched_b, F&& f) {
  const auto* p = reinterpret_cast<const double*>(v.data());
  const index_t dim = v.size();
  const std::size_t hi = std::max(bit_a, bit_b);
  const std::size_t lo = std::min(bit_a, bit_b);
  const index_t hs = index_t{1} << hi;
  const index_t ls = index_t{1} << lo;
  // Runs of 4..2048 amplitudes go by cache lines, each line first prefetching the matching line
  // of the next run at both touched offsets.
  const bool chunked = ls >= 4 && ls <= 2048;
  for (index_t a = 0; a < dim; a += 2 * hs)
    for (index_t b = a; b < a + hs; b += 2 * ls) {
      if (!chunked) {
        for (index_t i = b; i < b + ls; ++i) f(i);
        continue;
      }
      // The next run (runs repeat every 2 ls within a half block of hs, half blocks every 2 hs).
      index_t next = b;
      for (index_t step = 0; step < k_prefetch_lead && next < dim; step += 2 * ls)
        next = next + 2 * ls < (next & ~(2 * hs - 1)) + hs ? next + 2 * ls
                                                           : (next & ~(2 * hs - 1)) + 2 * hs;
      if (next >= dim) next = b;
      const double* pa = p + 2 * (next | touched_a);
      const double* pb = p + 2 * (next | touched_b);
      for (index_t i0 = 0; i0 < ls; i0 += 4) {
        __builtin_prefetch(pa + 2 * i0, 1);
        __builtin_prefetch(pb + 2 * i0, 1);
        for (index_t i = b + i0; i < b + i0 + 4; ++i) f(i);
      }
    }
}

}  // namespace

DSEGYM_HOT_KERNEL void apply_matrix(std::span<amplitude> a, std::size_t bit,
                                    const matrix2& m) noexcept {
  const double m00r = m[0].real(), m00i = m[0].imag(), m01r = m[1].real(), m01i = m[1].imag();
  const double m10r = m[2].real(), m10i = m[2].imag(), m11r = m[3].real(), m11i = m[3].imag();
  auto* p =
      reinterpret_cast<double*>(a.data());  // array-oriented access, [complex.numbers.general]
  const index_t dim = a.size();
  const index_t s = index_t{1} << bit;
  if (s == 1) {  // adjacent pairs: one flat loop the compiler can vectorise
    for (index_t k = 0; k < 2 * dim; k += 4) {
      const double x0r = p[k], x0i = p[k + 1], x1r = p[k + 2], x1i = p[k + 3];
      p[k] = m00r * x0r - m00i * x0i + m01r * x1r - m01i * x1i;
      p[k + 1] = m00r * x0i + m00i * x0r + m01r * x1i + m01i * x1r;
      p[k + 2] = m10r * x0r - m10i * x0i + m11r * x1r - m11i * x1i;
      p[k + 3] = m10r * x0i + m10i * x0r + m11r * x1i + m11i * x1r;
    }
    return;
  }
  for_each_pair_block(p, dim, s, [&](double* __restrict lo, double* __restrict hi, index_t k0,
                                     index_t k1) {
    for (index_t k = k0; k < k1; k += 2) {
      const double x0r = lo[k], x0i = lo[k + 1], x1r = hi[k], x1i = hi[k + 1];
      lo[k] = m00r * x0r - m00i * x0i + m01r * x1r - m01i * x1i;
      lo[k + 1] = m00r * x0i + m00i * x0r + m01r * x1i + m01i * x1r;
      hi[k] = m10r * x0r - m10i * x0i + m11r * x1r - m11i * x1i;
      hi[k + 1] = m10r * x0i + m10i * x0r + m11r * x1i + m11i * x1r;
    }
  });
}

DSEGYM_HOT_KERNEL void apply_real_matrix(std::span<amplitude> a, std::size_t bit, double r00,
                                         double r01, double r10, double r11) noexcept {
  auto* p = reinterpret_cast<double*>(a.data());
  const index_t dim = a.size();
  const index_t s = index_t{1} << bit;
  if (s == 1) {
    for (index_t k = 0; k < 2 * dim; k += 4) {
      const double x0r = p[k], x0i = p[k + 1], x1r = p[k + 2], x1i = p[k + 3];
      p[k] = r00 * x0r + r01 * x1r;
      p[k + 1] = r00 * x0i + r01 * x1i;
      p[k + 2] = r10 * x0r + r11 * x1r;
      p[k + 3] = r10 * x0i + r11 * x1i;
    }
    return;
  }
  for_each_pair_block(p, dim, s, [&](double* __restrict lo, double* __restrict hi, index_t k0,
                                     index_t k1) {
    for (index_t k = k0; k < k1; ++k) {  // real and imaginary parts alike
      const double x0 = lo[k], x1 = hi[k];
      lo[k] = r00 * x0 + r01 * x1;
      hi[k] = r10 * x0 + r11 * x1;
    }
  });
}

DSEGYM_HOT_KERNEL void apply_rx(std::span<amplitude> a, std::size_t bit, double c,
                                double sn) noexcept {
  // c x0 - i s x1 = (c x0r + s x1i, c x0i - s x1r), and symmetrically for the other half.
  auto* p = reinterpret_cast<double*>(a.data());
  const index_t dim = a.size();
  const index_t s = index_t{1} << bit;
  if (s == 1) {
    for (index_t k = 0; k < 2 * dim; k += 4) {
      const double x0r = p[k], x0i = p[k + 1], x1r = p[k + 2], x1i = p[k + 3];
      p[k] = c * x0r + sn * x1i;
      p[k + 1] = c * x0i - sn * x1r;
      p[k + 2] = c * x1r + sn * x0i;
      p[k + 3] = c * x1i - sn * x0r;
    }
    return;
  }
  for_each_pair_block(p, dim, s, [&](double* __restrict lo, double* __restrict hi, index_t k0,
                                     index_t k1) {
    for (index_t k = k0; k < k1; k += 2) {
      const double x0r = lo[k], x0i = lo[k + 1], x1r = hi[k], x1i = hi[k + 1];
      lo[k] = c * x0r + sn * x1i;
      lo[k + 1] = c * x0i - sn * x1r;
      hi[k] = c * x1r + sn * x0i;
      hi[k + 1] = c * x1i - sn * x0r;
    }
  });
}

DSEGYM_HOT_KERNEL void apply_diagonal(std::span<amplitude> a, std::size_t bit, amplitude d0,
                                      amplitude d1) noexcept {
  const index_t dim = a.size();
  const index_t s = index_t{1} << bit;
  if (s == 1) {  // adjacent pairs: one flat loop
    for (index_t i = 0; i < dim; i += 2) {
      a[i] = mul(a[i], d0);
      a[i + 1] = mul(a[i + 1], d1);
    }
    return;
  }
  auto* p = reinterpret_cast<double*>(a.data());
  const double d0r = d0.real(), d0i = d0.imag(), d1r = d1.real(), d1i = d1.imag();
  if (d0 == amplitude{1.0, 0.0}) {  // phase gates (z, s, t): only the |1> half changes
    for_each_pair_block(p, dim, s, [&](double*, double* __restrict hi, index_t k0, index_t k1) {
      for (index_t k = k0; k < k1; k += 2) {
        const double xr = hi[k], xi = hi[k + 1];
        hi[k] = xr * d1r - xi * d1i;
        hi[k + 1] = xr * d1i + xi * d1r;
      }
    });
    return;
  }
  for_each_pair_block(p, dim, s, [&](double* __restrict lo, double* __restrict hi, index_t k0,
                                     index_t k1) {
    for (index_t k = k0; k < k1; k += 2) {
      const double ar = lo[k], ai = lo[k + 1], br = hi[k], bi = hi[k + 1];
      lo[k] = ar * d0r - ai * d0i;
      lo[k + 1] = ar * d0i + ai * d0r;
      hi[k] = br * d1r - bi * d1i;
      hi[k + 1] = br * d1i + bi * d1r;
    }
  });
}

void apply_x(std::span<amplitude> a, std::size_t bit) noexcept {
  const index_t dim = a.size();
  const index_t s = index_t{1} << bit;
  if (s == 1) {
    for (index_t i = 0; i < dim; i += 2) std::swap(a[i], a[i + 1]);
    return;
  }
  auto* p = reinterpret_cast<double*>(a.data());
  for_each_pair_block(p, dim, s, [&](double* __restrict lo, double* __restrict hi, index_t k0,
                                     index_t k1) {
    for (index_t k = k0; k < k1; ++k) {
      const double t = lo[k];
      lo[k] = hi[k];
      hi[k] = t;
    }
  });
}

DSEGYM_HOT_KERNEL void apply_y(std::span<amplitude> a, std::size_t bit) noexcept {
  // Y|0> = i|1>, Y|1> = -i|0>.
  const index_t s = index_t{1} << bit;
  if (s == 1) {
    for_each_pair(a, bit, [&](index_t i0, index_t i1) {
      const amplitude x0 = a[i0], x1 = a[i1];
      a[i0] = {x1.imag(), -x1.real()};
      a[i1] = {-x0.imag(), x0.real()};
    });
    return;
  }
  for_each_pair_block(reinterpret_cast<double*>(a.data()), a.size(), s,
                      [&](double* __restrict lo, double* __restrict hi, index_t k0, index_t k1) {
                        for (index_t k = k0; k < k1; k += 2) {
                          const double x0r = lo[k], x0i = lo[k + 1], x1r = hi[k], x1i = hi[k + 1];
                          lo[k] = x1i;
                          lo[k + 1] = -x1r;
                          hi[k] = -x0i;
                          hi[k + 1] = x0r;
                        }
                      });
}

DSEGYM_HOT_KERNEL void apply_controlled_matrix(std::span<amplitude> a, std::size_t control_bit,
                                               std::size_t target_bit, const matrix2& m) noexcept {
  const index_t cm = index_t{1} << control_bit;
  const index_t tm = index_t{1} << target_bit;
  for_each_zero_zero(a, control_bit, target_bit, cm, cm | tm, [&](index_t i) {
    const index_t i0 = i | cm, i1 = i0 | tm;
    const amplitude x0 = a[i0], x1 = a[i1];
    a[i0] = mul(m[0], x0) + mul(m[1], x1);
    a[i1] = mul(m[2], x0) + mul(m[3], x1);
  });
}

DSEGYM_HOT_KERNEL void apply_controlled_diagonal(std::span<amplitude> a, std::size_t control_bit,
                                                 std::size_t target_bit, amplitude d0,
                                                 amplitude d1) noexcept {
  const index_t cm = index_t{1} << control_bit;
  const index_t tm = index_t{1} << target_bit;
  const bool skip0 = d0 == amplitude{1.0, 0.0};
  for_each_zero_zero(a, control_bit, target_bit, cm, cm | tm, [&](index_t i) {
    const index_t i0 = i | cm;
    if (!skip0) a[i0] = mul(a[i0], d0);
    a[i0 | tm] = mul(a[i0 | tm], d1);
  });
}

void apply_controlled_x(std::span<amplitude> a, std::size_t control_bit,
                        std::size_t target_bit) noexcept {
  const index_t cm = index_t{1} << control_bit;
  const index_t tm = index_t{1} << target_bit;
  for_each_zero_zero(a, control_bit, target_bit, cm, cm | tm,
                     [&](index_t i) { std::swap(a[i | cm], a[i | cm | tm]); });
}

void apply_swap(std::span<amplitude> a, std::size_t bit_a, std::size_t bit_b) noexcept {
  const index_t ma = index_t{1} << bit_a;
  const index_t mb = index_t{1} << bit_b;
  for_each_zero_zero(a, bit_a, bit_b, ma, mb, [&](index_t i) { std::swap(a[i | ma], a[i | mb]); });
}

DSEGYM_HOT_KERNEL void apply_parity_phase(std::span<amplitude> a, std::size_t bit_a,
                                          std::size_t bit_b, amplitude same,
                                          amplitude differ) noexcept {
  const index_t ma = index_t{1} << bit_a;
  const index_t mb = index_t{1} << bit_b;
  for_each_zero_zero(a, bit_a, bit_b, 0, ma | mb, [&](index_t i) {
    a[i] = mul(a[i], same);
    a[i | ma] = mul(a[i | ma], differ);
    a[i | mb] = mul(a[i | mb], differ);
    a[i | ma | mb] = mul(a[i | ma | mb], same);
  });
}

void project_one(std::span<amplitude> a, std::size_t bit) noexcept {
  const index_t dim = a.size();
  const index_t s = index_t{1} << bit;
  for (index_t base = 0; base < dim; base += 2 * s)
    std::fill(a.data() + base, a.data() + base + s, amplitude{});
}

DSEGYM_HOT_KERNEL void depolarize_1q(std::span<amplitude> rho, std::size_t row_bit,
                                     std::size_t col_bit, double lambda) noexcept {
  const index_t rm = index_t{1} << row_bit;
  const index_t cm = index_t{1} << col_bit;
  const double keep = 1.0 - lambda;
  for_each_zero_zero(rho, row_bit, col_bit, 0, rm | cm, [&](index_t i) {
    const amplitude mixed = 0.5 * (rho[i] + rho[i | rm | cm]);
    rho[i] = keep * rho[i] + lambda * mixed;
    rho[i | rm | cm] = keep * rho[i | rm | cm] + lambda * mixed;
    rho[i | rm] *= keep;
    rho[i | cm] *= keep;
  });
}

DSEGYM_HOT_KERNEL void depolarize_2q(std::span<amplitude> rho, std::size_t row_bit_a,
                                     std::size_t row_bit_b, std::size_t col_bit_a,
                                     std::size_t col_bit_b, double lambda) noexcept {
  const index_t ra = index_t{1} << row_bit_a, rb = index_t{1} << row_bit_b;
  const index_t ca = index_t{1} << col_bit_a, cb = index_t{1} << col_bit_b;
  const index_t row_off[4] = {0, rb, ra, ra | rb};
  const index_t col_off[4] = {0, cb, ca, ca | cb};
  const index_t mask = ra | rb | ca | cb;
  const double keep = 1.0 - lambda;
  for (index_t i = 0; i < rho.size(); ++i) {
    if ((i & mask) != 0) continue;
    amplitude trace{};
    for (int k = 0; k < 4; ++k) trace += rho[i | row_off[k] | col_off[k]];
    for (int r = 0; r < 4; ++r)
      for (int c = 0; c < 4; ++c) {
        amplitude& v = rho[i | row_off[r] | col_off[c]];
        v = keep * v + (r == c ? lambda * 0.25 * trace : amplitude{});
      }
  }
}

DSEGYM_HOT_KERNEL amplitude inner_product(std::span<const amplitude> a,
                                          std::span<const amplitude> b) noexcept {
  // Two accumulators per component shorten the dependency chain of the reduction.
  double re0 = 0.0, im0 = 0.0, re1 = 0.0, im1 = 0.0;
  const index_t n = a.size();
  index_t i = 0;
  for (; i + 1 < n; i += 2) {
    re0 += a[i].real() * b[i].real() + a[i].imag() * b[i].imag();
    im0 += a[i].real() * b[i].imag() - a[i].imag() * b[i].real();
    re1 += a[i + 1].real() * b[i + 1].real() + a[i + 1].imag() * b[i + 1].imag();
    im1 += a[i + 1].real() * b[i + 1].imag() - a[i + 1].imag() * b[i + 1].real();
  }
  if (i < n) {
    re0 += a[i].real() * b[i].real() + a[i].imag() * b[i].imag();
    im0 += a[i].real() * b[i].imag() - a[i].imag() * b[i].real();
  }
  return {re0 + re1, im0 + im1};
}

DSEGYM_HOT_KERNEL double norm_squared(std::span<const amplitude> a) noexcept {
  double s0 = 0.0, s1 = 0.0;
  const index_t n = a.size();
  index_t i = 0;
  for (; i + 1 < n; i += 2) {
    s0 += a[i].real() * a[i].real() + a[i].imag() * a[i].imag();
    s1 += a[i + 1].real() * a[i + 1].real() + a[i + 1].imag() * a[i + 1].imag();
  }
  if (i < n) s0 += a[i].real() * a[i].real() + a[i].imag() * a[i].imag();
  return s0 + s1;
}

}  // namespace dsegym::sim::quantum::detail

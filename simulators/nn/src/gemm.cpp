#include "dsegym/sim/nn/gemm.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <vector>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define DSEGYM_NN_X86 1
#else
#define DSEGYM_NN_X86 0
#endif

#include "dsegym/core/error.hpp"

namespace dsegym::sim::nn::detail {

namespace {

// Micro-kernel: C[mr x nr] tile (row stride ldc) = (load_c ? C : 0) + A_panel * B_panel over kc.
// A_panel holds MR values per k (rows beyond mr are zero); B row p starts at b + p * ldb and has
// at least nr valid floats. Every element is one fma chain over p = 0..kc-1.
using kernel_fn = void (*)(int kc, const float* a, const float* b, std::ptrdiff_t ldb, float* c,
                           std::ptrdiff_t ldc, int mr, int nr, bool load_c);

struct kernel_info {
  kernel_fn fn;
  int mr, nr;
};

// ---- portable: scalar std::fma (a call into libm on CPUs without FMA; same bits everywhere) ----
constexpr int k_port_mr = 4, k_port_nr = 8;
void kernel_portable(int kc, const float* a, const float* b, std::ptrdiff_t ldb, float* c,
                     std::ptrdiff_t ldc, int mr, int nr, bool load_c) {
  float acc[k_port_mr][k_port_nr];
  for (int i = 0; i < k_port_mr; ++i)
    for (int j = 0; j < k_port_nr; ++j)
      acc[i][j] = (load_c && i < mr && j < nr) ? c[i * ldc + j] : 0.0f;
  for (int p = 0; p < kc; ++p) {
    const float* bp = b + p * ldb;
    const float* ap = a + static_cast<std::ptrdiff_t>(p) * k_port_mr;
    for (int i = 0; i < k_port_mr; ++i)
      for (int j = 0; j < nr; ++j) acc[i][j] = std::fma(ap[i], bp[j], acc[i][j]);
  }
  for (int i = 0; i < mr; ++i)
    for (int j = 0; j < nr; ++j) c[i * ldc + j] = acc[i][j];
}

#if DSEGYM_NN_X86
// ---- AVX2 + FMA: 6 x 16 tile, 12 ymm accumulators ----
constexpr int k_avx2_mr = 6, k_avx2_nr = 16;
__attribute__((target("avx2,fma"))) void kernel_avx2(int kc, const float* a, const float* b,
                                                      std::ptrdiff_t ldb, float* c,
                                                      std::ptrdiff_t ldc, int mr, int nr,
                                                      bool load_c) {
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i m0 = _mm256_cmpgt_epi32(_mm256_set1_epi32(nr), lane);
  const __m256i m1 = _mm256_cmpgt_epi32(_mm256_set1_epi32(nr - 8), lane);
  __m256 acc[k_avx2_mr][2];
#pragma GCC unroll 6
  for (int i = 0; i < k_avx2_mr; ++i) {
    if (load_c && i < mr) {
      acc[i][0] = _mm256_maskload_ps(c + i * ldc, m0);
      acc[i][1] = _mm256_maskload_ps(c + i * ldc + 8, m1);
    } else {
      acc[i][0] = _mm256_setzero_ps();
      acc[i][1] = _mm256_setzero_ps();
    }
  }
  if (nr == k_avx2_nr) {
    for (int p = 0; p < kc; ++p) {
      const __m256 b0 = _mm256_loadu_ps(b + p * ldb), b1 = _mm256_loadu_ps(b + p * ldb + 8);
      const float* ap = a + static_cast<std::ptrdiff_t>(p) * k_avx2_mr;
#pragma GCC unroll 6
      for (int i = 0; i < k_avx2_mr; ++i) {
        const __m256 ai = _mm256_broadcast_ss(ap + i);
        acc[i][0] = _mm256_fmadd_ps(ai, b0, acc[i][0]);
        acc[i][1] = _mm256_fmadd_ps(ai, b1, acc[i][1]);
      }
    }
  } else {
    for (int p = 0; p < kc; ++p) {
      const __m256 b0 = _mm256_maskload_ps(b + p * ldb, m0);
      const __m256 b1 = _mm256_maskload_ps(b + p * ldb + 8, m1);
      const float* ap = a + static_cast<std::ptrdiff_t>(p) * k_avx2_mr;
#pragma GCC unroll 6
      for (int i = 0; i < k_avx2_mr; ++i) {
        const __m256 ai = _mm256_broadcast_ss(ap + i);
        acc[i][0] = _mm256_fmadd_ps(ai, b0, acc[i][0]);
        acc[i][1] = _mm256_fmadd_ps(ai, b1, acc[i][1]);
      }
    }
  }
#pragma GCC unroll 6
  for (int i = 0; i < k_avx2_mr; ++i)
    if (i < mr) {
      _mm256_maskstore_ps(c + i * ldc, m0, acc[i][0]);
      _mm256_maskstore_ps(c + i * ldc + 8, m1, acc[i][1]);
    }
}

// ---- AVX-512: 8 x 32 tile, 16 zmm accumulators ----
constexpr int k_avx512_mr = 8, k_avx512_nr = 32;
__attribute__((target("avx512f"))) void kernel_avx512(int kc, const float* a, const float* b,
                                                       std::ptrdiff_t ldb, float* c,
                                                       std::ptrdiff_t ldc, int mr, int nr,
                                                       bool load_c) {
  const auto bits = [](int r) -> __mmask16 {
    return r >= 16 ? static_cast<__mmask16>(0xFFFF)
                   : static_cast<__mmask16>(r <= 0 ? 0 : (1u << r) - 1u);
  };
  const __mmask16 m0 = bits(nr), m1 = bits(nr - 16);
  __m512 acc[k_avx512_mr][2];
#pragma GCC unroll 8
  for (int i = 0; i < k_avx512_mr; ++i) {
    if (load_c && i < mr) {
      acc[i][0] = _mm512_maskz_loadu_ps(m0, c + i * ldc);
      acc[i][1] = _mm512_maskz_loadu_ps(m1, c + i * ldc + 16);
    } else {
      acc[i][0] = _mm512_setzero_ps();
      acc[i][1] = _mm512_setzero_ps();
    }
  }
  if (nr == k_avx512_nr) {
    for (int p = 0; p < kc; ++p) {
      const __m512 b0 = _mm512_loadu_ps(b + p * ldb), b1 = _mm512_loadu_ps(b + p * ldb + 16);
      const float* ap = a + static_cast<std::ptrdiff_t>(p) * k_avx512_mr;
#pragma GCC unroll 8
      for (int i = 0; i < k_avx512_mr; ++i) {
        const __m512 ai = _mm512_set1_ps(ap[i]);
        acc[i][0] = _mm512_fmadd_ps(ai, b0, acc[i][0]);
        acc[i][1] = _mm512_fmadd_ps(ai, b1, acc[i][1]);
      }
    }
  } else {
    for (int p = 0; p < kc; ++p) {
      const __m512 b0 = _mm512_maskz_loadu_ps(m0, b + p * ldb);
      const __m512 b1 = _mm512_maskz_loadu_ps(m1, b + p * ldb + 16);
      const float* ap = a + static_cast<std::ptrdiff_t>(p) * k_avx512_mr;
#pragma GCC unroll 8
      for (int i = 0; i < k_avx512_mr; ++i) {
        const __m512 ai = _mm512_set1_ps(ap[i]);
        acc[i][0] = _mm512_fmadd_ps(ai, b0, acc[i][0]);
        acc[i][1] = _mm512_fmadd_ps(ai, b1, acc[i][1]);
      }
    }
  }
#pragma GCC unroll 8
  for (int i = 0; i < k_avx512_mr; ++i)
    if (i < mr) {
      _mm512_mask_storeu_ps(c + i * ldc, m0, acc[i][0]);
      _mm512_mask_storeu_ps(c + i * ldc + 16, m1, acc[i][1]);
    }
}
#endif

kernel_info info_for(gemm_isa isa) {
#if DSEGYM_NN_X86
  if (isa == gemm_isa::avx512) return {kernel_avx512, k_avx512_mr, k_avx512_nr};
  if (isa == gemm_isa::avx2) return {kernel_avx2, k_avx2_mr, k_avx2_nr};
#endif
  (void)isa;
  return {kernel_portable, k_port_mr, k_port_nr};
}

gemm_isa best_isa() {
#if DSEGYM_NN_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return gemm_isa::avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return gemm_isa::avx2;
#endif
  return gemm_isa::portable;
}

std::atomic<int>& isa_slot() {
  static std::atomic<int> slot{static_cast<int>(best_isa())};
  return slot;
}

// Cache blocking. KC is the same for every variant (it only decides where the accumulation chain
// passes through C, never its order); MC and NC are multiples of every MR and NR.
constexpr int k_kc = 256, k_mc = 144, k_nc = 4096;

}  // namespace

gemm_isa active_gemm_isa() { return static_cast<gemm_isa>(isa_slot().load()); }

bool gemm_isa_supported(gemm_isa isa) {
  const gemm_isa best = best_isa();
  switch (isa) {
    case gemm_isa::portable: return true;
    case gemm_isa::avx2: return best == gemm_isa::avx2 || best == gemm_isa::avx512;
    case gemm_isa::avx512: return best == gemm_isa::avx512;
  }
  return false;
}

void force_gemm_isa(gemm_isa isa) {
  if (!gemm_isa_supported(isa))
    throw invalid_argument("nn", "GEMM variant '" + to_string(isa) +
                                     "' is not supported by this CPU; supported: portable" +
                                     (gemm_isa_supported(gemm_isa::avx2) ? ", avx2" : "") +
                                     (gemm_isa_supported(gemm_isa::avx512) ? ", avx512" : ""));
  isa_slot().store(static_cast<int>(isa));
}

std::string to_string(gemm_isa isa) {
  switch (isa) {
    case gemm_isa::portable: return "portable";
    case gemm_isa::avx2: return "avx2";
    case gemm_isa::avx512: return "avx512";
  }
  return "portable";
}

void gemm(int m, int n, int k, matrix_view a, matrix_view b, float* c, std::ptrdiff_t ldc,
          bool accumulate) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate)
      for (int i = 0; i < m; ++i) std::memset(c + i * ldc, 0, sizeof(float) * static_cast<std::size_t>(n));
    return;
  }
  const kernel_info ker = info_for(active_gemm_isa());
  const int mr = ker.mr, nr = ker.nr;
  thread_local std::vector<float> apack, bpack;
  const bool direct_b = b.cs == 1;
  const auto round_up = [](int v, int r) { return static_cast<std::size_t>((v + r - 1) / r * r); };
  const auto kc_max = static_cast<std::size_t>(std::min(k, k_kc));
  if (apack.size() < round_up(std::min(m, k_mc), mr) * kc_max)
    apack.resize(round_up(std::min(m, k_mc), mr) * kc_max);
  if (!direct_b && bpack.size() < round_up(std::min(n, k_nc), nr) * kc_max)
    bpack.resize(round_up(std::min(n, k_nc), nr) * kc_max);
  for (int jc = 0; jc < n; jc += k_nc) {
    const int nc = std::min(k_nc, n - jc);
    for (int pc = 0; pc < k; pc += k_kc) {
      const int kc = std::min(k_kc, k - pc);
      const bool load_c = accumulate || pc > 0;
      if (!direct_b) {
        // Panels of nr columns: panel q holds B[pc + p][jc + q*nr + jj] at q*kc*nr + p*nr + jj.
        for (int jr = 0; jr < nc; jr += nr) {
          const int w = std::min(nr, nc - jr);
          float* dst = bpack.data() + static_cast<std::size_t>(jr / nr) * kc * nr;
          const float* src = b.p + pc * b.rs + (jc + jr) * b.cs;
          for (int p = 0; p < kc; ++p) {
            const float* s = src + p * b.rs;
            float* d = dst + static_cast<std::ptrdiff_t>(p) * nr;
            for (int jj = 0; jj < w; ++jj) d[jj] = s[jj * b.cs];
          }
        }
      }
      for (int ic = 0; ic < m; ic += k_mc) {
        const int mc = std::min(k_mc, m - ic);
        // Panels of mr rows, zero-padded: panel q holds A[ic + q*mr + ii][pc + p] at q*kc*mr + p*mr + ii.
        for (int ir = 0; ir < mc; ir += mr) {
          const int h = std::min(mr, mc - ir);
          float* dst = apack.data() + static_cast<std::size_t>(ir / mr) * kc * mr;
          const float* src = a.p + (ic + ir) * a.rs + pc * a.cs;
          if (a.rs == 1 && h == mr) {
            for (int p = 0; p < kc; ++p) std::memcpy(dst + p * mr, src + p * a.cs, sizeof(float) * mr);
          } else if (a.cs == 1) {  // rows contiguous: read along them
            for (int ii = 0; ii < h; ++ii) {
              const float* s = src + ii * a.rs;
              for (int p = 0; p < kc; ++p) dst[p * mr + ii] = s[p];
            }
            for (int ii = h; ii < mr; ++ii)
              for (int p = 0; p < kc; ++p) dst[p * mr + ii] = 0.0f;
          } else {
            for (int p = 0; p < kc; ++p) {
              float* d = dst + static_cast<std::ptrdiff_t>(p) * mr;
              const float* s = src + p * a.cs;
              for (int ii = 0; ii < h; ++ii) d[ii] = s[ii * a.rs];
              for (int ii = h; ii < mr; ++ii) d[ii] = 0.0f;
            }
          }
        }
        for (int jr = 0; jr < nc; jr += nr) {
          const int w = std::min(nr, nc - jr);
          const float* bp;
          std::ptrdiff_t ldb;
          if (direct_b) {
            bp = b.p + pc * b.rs + (jc + jr);
            ldb = b.rs;
          } else {
            bp = bpack.data() + static_cast<std::size_t>(jr / nr) * kc * nr;
            ldb = nr;
          }
          for (int ir = 0; ir < mc; ir += mr)
            ker.fn(kc, apack.data() + static_cast<std::size_t>(ir / mr) * kc * mr, bp, ldb,
                   c + (ic + ir) * ldc + jc + jr, ldc, std::min(mr, mc - ir), w, load_c);
        }
      }
    }
  }
}

}  // namespace dsegym::sim::nn::detail

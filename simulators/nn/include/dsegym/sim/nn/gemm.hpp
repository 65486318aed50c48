#pragma once
// Single-precision GEMM used by every Linear and Conv layer: C = A * B or C += A * B, with A and B
// given by element strides (so transposed operands need no copy by the caller) and C row-major.
//
// Run-time CPU dispatch: an AVX-512 and an AVX2+FMA micro-kernel are compiled into the generic
// build next to a portable one, and the fastest the CPU supports is picked at the first call.
// Every variant computes each element of C as the same chain of fused multiply-adds over k in
// increasing order (starting from C when accumulating, from +0 otherwise); the portable kernel
// uses std::fma. Results are therefore bit-identical across ISA variants and thread counts (the
// register blocking only decides which elements are computed together, never the order within
// one element).

#include <cstddef>
#include <string>

namespace dsegym::sim::nn::detail {

/// Element (i, j) of a matrix view is p[i * rs + j * cs].
struct matrix_view {
  const float* p;
  std::ptrdiff_t rs, cs;
};

/// C[m x n] (row stride ldc) = (accumulate ? C : 0) + A[m x k] * B[k x n].
void gemm(int m, int n, int k, matrix_view a, matrix_view b, float* c, std::ptrdiff_t ldc,
          bool accumulate);

enum class gemm_isa { portable, avx2, avx512 };

/// The variant gemm runs with (the best the CPU supports unless forced).
[[nodiscard]] gemm_isa active_gemm_isa();
/// Whether the CPU can run a variant.
[[nodiscard]] bool gemm_isa_supported(gemm_isa isa);
/// Forces a variant (tests compare them); throws dsegym::invalid_argument if unsupported.
void force_gemm_isa(gemm_isa isa);
[[nodiscard]] std::string to_string(gemm_isa isa);

}  // namespace dsegym::sim::nn::detail

#pragma once
// In-place kernels on a raw amplitude array of 2^n entries. `bit` arguments are bit positions
// counted from the least significant bit (see bit_of). Not part of the public API: state_vector and
// density_matrix are built on them.

#include <cstddef>
#include <span>

#include "dsegym/sim/quantum/types.hpp"

namespace dsegym::sim::quantum::detail {

void apply_matrix(std::span<amplitude> a, std::size_t bit, const matrix2& m) noexcept;
/// Real 2x2 matrix {r00, r01, r10, r11} (h, ry): a third of the general kernel's arithmetic.
void apply_real_matrix(std::span<amplitude> a, std::size_t bit, double r00, double r01, double r10,
                       double r11) noexcept;
/// [[c, -i s], [-i s, c]] (rx with c = cos(t/2), s = sin(t/2)).
void apply_rx(std::span<amplitude> a, std::size_t bit, double c, double s) noexcept;
void apply_diagonal(std::span<amplitude> a, std::size_t bit, amplitude d0, amplitude d1) noexcept;
void apply_x(std::span<amplitude> a, std::size_t bit) noexcept;
void apply_y(std::span<amplitude> a, std::size_t bit) noexcept;
void apply_controlled_matrix(std::span<amplitude> a, std::size_t control_bit,
                             std::size_t target_bit, const matrix2& m) noexcept;
void apply_controlled_diagonal(std::span<amplitude> a, std::size_t control_bit,
                               std::size_t target_bit, amplitude d0, amplitude d1) noexcept;
void apply_controlled_x(std::span<amplitude> a, std::size_t control_bit,
                        std::size_t target_bit) noexcept;
void apply_swap(std::span<amplitude> a, std::size_t bit_a, std::size_t bit_b) noexcept;
/// Multiplies by `same` where the two bits are equal and by `differ` where they differ (CZ-like
/// phases are apply_controlled_diagonal; this is the ZZ-rotation).
void apply_parity_phase(std::span<amplitude> a, std::size_t bit_a, std::size_t bit_b,
                        amplitude same, amplitude differ) noexcept;
/// Sets to zero every amplitude whose `bit` is 0 (projector |1><1| on that qubit).
void project_one(std::span<amplitude> a, std::size_t bit) noexcept;

/// Depolarising channel on a vectorised density matrix (row bits high, column bits low):
/// rho -> (1 - lambda) rho + lambda (I/2 (x) Tr_q rho) for the qubit with the given row and column
/// bits. A Pauli channel with total probability p uniform over X, Y, Z has lambda = 4p/3.
void depolarize_1q(std::span<amplitude> rho, std::size_t row_bit, std::size_t col_bit,
                   double lambda) noexcept;
/// Two-qubit version: rho -> (1 - lambda) rho + lambda (I/4 (x) Tr_ab rho); lambda = 16p/15 for a
/// probability p uniform over the 15 non-identity two-qubit Paulis.
void depolarize_2q(std::span<amplitude> rho, std::size_t row_bit_a, std::size_t row_bit_b,
                   std::size_t col_bit_a, std::size_t col_bit_b, double lambda) noexcept;

/// <a|b> over the full arrays (same size).
[[nodiscard]] amplitude inner_product(std::span<const amplitude> a,
                                      std::span<const amplitude> b) noexcept;
[[nodiscard]] double norm_squared(std::span<const amplitude> a) noexcept;

}  // namespace dsegym::sim::quantum::detail

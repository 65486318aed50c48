#pragma once
// Built-in circuit generators, so that environments work without external data. Bit vectors are
// little-endian (index 0 = least significant); PIs/POs carry names like "a[3]".

#include <cstdint>

#include "dsegym/sim/aig/graph.hpp"

namespace dsegym::sim::aig {

/// Ripple-carry adder: PIs a[0..n), b[0..n); POs s[0..n), cout. n in [1, 1024].
[[nodiscard]] graph make_adder(unsigned bits);
/// Array multiplier (AND partial products, ripple rows): PIs a, b (n bits); POs p[0..2n). n in [1, 64].
[[nodiscard]] graph make_multiplier(unsigned bits);
/// Unsigned comparator: PIs a, b (n bits); POs lt (a < b), eq (a == b). n in [1, 1024].
[[nodiscard]] graph make_comparator(unsigned bits);
/// Multiplexer tree: PIs d[0..2^s), sel[0..s); PO y = d[sel]. s in [1, 12].
[[nodiscard]] graph make_mux(unsigned select_bits);
/// Random logic: `ands` AND gates over `pis` inputs with random fanins (biased towards recent
/// nodes) and random complements; `pos` POs taken from the last nodes. Deterministic in `seed`
/// (dsegym::rng). pis in [2, 100000], pos in [1, ands], ands in [1, 10^7].
[[nodiscard]] graph make_random_logic(unsigned pis, unsigned pos, unsigned ands, std::uint64_t seed);

// Held-out families (not used while the engine was tuned on EPFL), written without hand
// optimisation, the way an RTL elaborator produces them:
/// CRC update: the serial LFSR of polynomial `poly` (bit j = x^j term, x^width implied) unrolled
/// over `data_bits` data bits. PIs crc[0..width), d[0..data_bits); POs next[0..width).
[[nodiscard]] graph make_crc(unsigned data_bits, unsigned width, std::uint64_t poly);
/// Barrel shifter: PIs x[0..n), sh[0..log2 n), op[0..2) (shl, shr, sra, rol); POs y[0..n).
[[nodiscard]] graph make_shifter(unsigned bits);
/// Priority encoder: PIs req[0..n); POs idx (highest request), valid.
[[nodiscard]] graph make_priority_encoder(unsigned bits);
/// ALU: PIs a, b (n bits), op[0..3) (add, sub, and, or, xor, slt, nor, pass b); POs y, zero, carry.
[[nodiscard]] graph make_alu(unsigned bits);
/// Population count by a chain of incrementers: PIs x[0..n); POs count.
[[nodiscard]] graph make_popcount(unsigned bits);

}  // namespace dsegym::sim::aig

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

}  // namespace dsegym::sim::aig

#pragma once
// Reading a user's qubit Hamiltonian from text (a file or an inline string).
//
// Two formats are accepted, told apart by the presence of '[':
//
// 1. OpenFermion's QubitOperator printout (what `print(qubit_operator)` writes), e.g.
//        -7.49894690201071 [] +
//        -0.0029329964409502266 [X0 X1 Y2 Y3] +
//        0.16199475388004184 [Z0]
//    One term per "<coefficient> [<factors>]"; terms are joined by '+' (a following '-' is the
//    coefficient's sign). Factors are a Pauli letter X, Y or Z and a wire index (0 = the leftmost
//    Kronecker factor, as in OpenFermion's get_sparse_operator); "[]" is the identity. Coefficients
//    may be real numbers or complex ones written as "(a+bj)" with b = 0 (|b| <= 1e-12 max(1, |a|));
//    an imaginary part would make the operator non-Hermitian and is rejected.
// 2. The pauli_sum text form (see pauli_sum.hpp): "0.5*ZZII - 0.2*XXYY" or "-0.04 I + 0.17 Z0 Z1".
//
// Lines starting with '#' are comments. The qubit count is inferred (largest wire index + 1, or
// the label length); `min_qubits` widens it (e.g. when the top wire carries no term). Equal
// strings are merged. Malformed text is a dsegym::invalid_argument naming the line and column,
// including a wire index that is not a non-negative integer ("Z-1").

#include <cstddef>
#include <string>
#include <string_view>

#include "dsegym/sim/quantum/pauli_sum.hpp"

namespace dsegym::sim::quantum {

/// Largest text accepted (bytes) and largest width of a user Hamiltonian.
inline constexpr std::size_t max_hamiltonian_text_bytes = 16u << 20;
inline constexpr std::size_t max_user_hamiltonian_qubits = 16;

/// Parses either format described above.
[[nodiscard]] pauli_sum parse_hamiltonian_text(std::string_view text, std::size_t min_qubits = 0);

/// Reads a file (at most max_hamiltonian_text_bytes) and parses it; errors name the file.
[[nodiscard]] pauli_sum read_hamiltonian_file(const std::string& path, std::size_t min_qubits = 0);

}  // namespace dsegym::sim::quantum

#include "dsegym/sim/quantum/hamiltonians.hpp"

#include <string>
#include <utility>
#include <vector>

#include "dsegym/sim/quantum/detail/check.hpp"
#include "dsegym/sim/quantum/hamiltonian_text.hpp"

namespace dsegym::sim::quantum {
namespace {

std::vector<std::pair<std::size_t, std::size_t>> chain_bonds(std::size_t n, bool periodic) {
  std::vector<std::pair<std::size_t, std::size_t>> b;
  for (std::size_t i = 0; i + 1 < n; ++i) b.emplace_back(i, i + 1);
  if (periodic && n > 2) b.emplace_back(n - 1, 0);
  return b;
}

void check_chain(std::size_t n, double j, const char* model) {
  if (n < 2 || n > max_pauli_qubits)
    detail::throw_invalid(std::string(model) + " needs 2.." + std::to_string(max_pauli_qubits) +
                          " qubits, got " + std::to_string(n));
  detail::check_finite(j, std::string(model) + " coupling J");
}

std::string two_site(std::size_t n, std::size_t a, std::size_t b, char p) {
  std::string s(n, 'I');
  s[a] = s[b] = p;
  return s;
}

}  // namespace

vqe_problem h2_jordan_wigner_070() {
  // Spec §5.1 verbatim (indexed form; wire k = factor k).
  static constexpr std::string_view text = R"(
    -0.04207897647782276 I
    +0.17771287465139946 Z0         +0.17771287465139940 Z1
    -0.24274280513140462 Z2         -0.24274280513140462 Z3
    +0.17059738328801052 Z0 Z1      +0.12293305056183798 Z0 Z2
    +0.16768319457718960 Z0 Z3      +0.16768319457718960 Z1 Z2
    +0.12293305056183798 Z1 Z3      +0.17627640804319591 Z2 Z3
    -0.04475014401535161 Y0 Y1 X2 X3
    -0.04475014401535161 X0 X1 Y2 Y3
    +0.04475014401535161 Y0 X1 X2 Y3
    +0.04475014401535161 X0 Y1 Y2 X3)";
  return {"h2_jordan_wigner_0.70A", pauli_sum::parse(text, 4), -1.1361894541, "1100",
          -1.1173490350};
}

vqe_problem lih_jordan_wigner_145() {
  // OpenFermion's LiH example ("Introduction to OpenFermion" tutorial, InteractionOperator section):
  // MolecularData(Li-H at 1.45 A, sto-3g, singlet), the data file OpenFermion ships
  // (H1-Li1_sto-3g_singlet_1.45.hdf5), get_molecular_hamiltonian(occupied_indices = range(1),
  // active_indices = range(1, 3)), jordan_wigner, compress. The printout below is that code's
  // output, coefficients as printed; the same run prints the ground energy
  // -7.862773163027991 Ha ("Ground state energy before rotation").
  static constexpr std::string_view text = R"(
-7.49894690201071 [] +
-0.0029329964409502266 [X0 X1 Y2 Y3] +
0.0029329964409502266 [X0 Y1 Y2 X3] +
0.01291078027311749 [X0 Z1 X2] +
-0.0013743761078958677 [X0 Z1 X2 Z3] +
0.011536413200774975 [X0 X2] +
0.0029329964409502266 [Y0 X1 X2 Y3] +
-0.0029329964409502266 [Y0 Y1 X2 X3] +
0.01291078027311749 [Y0 Z1 Y2] +
-0.0013743761078958677 [Y0 Z1 Y2 Z3] +
0.011536413200774975 [Y0 Y2] +
0.16199475388004184 [Z0] +
0.011536413200774975 [Z0 X1 Z2 X3] +
0.011536413200774975 [Z0 Y1 Z2 Y3] +
0.12444770133137588 [Z0 Z1] +
0.054130445793298836 [Z0 Z2] +
0.05706344223424907 [Z0 Z3] +
0.012910780273117487 [X1 Z2 X3] +
-0.0013743761078958677 [X1 X3] +
0.012910780273117487 [Y1 Z2 Y3] +
-0.0013743761078958677 [Y1 Y3] +
0.16199475388004186 [Z1] +
0.05706344223424907 [Z1 Z2] +
0.054130445793298836 [Z1 Z3] +
-0.013243698330265966 [Z2] +
0.08479609543670981 [Z2 Z3] +
-0.013243698330265952 [Z3])";
  return {"lih_jordan_wigner_1.45A_active2", parse_hamiltonian_text(text, 4), -7.862773163027991, "1100",
          -7.862567785718334};
}

vqe_problem h2_jordan_wigner_0742() {
  pauli_sum h = pauli_sum::from_terms({{"IIII", -0.0996338794},
                                       {"IIIZ", -0.2225091424},
                                       {"IIZI", -0.2225091424},
                                       {"IIZZ", +0.1743207726},
                                       {"IZII", +0.1711054512},
                                       {"IZIZ", +0.1205102799},
                                       {"IZZI", +0.1658409024},
                                       {"ZIII", +0.1711054512},
                                       {"ZIIZ", +0.1658409024},
                                       {"ZIZI", +0.1205102799},
                                       {"ZZII", +0.1685934960},
                                       {"XXYY", -0.0453306225},
                                       {"XYYX", +0.0453306225},
                                       {"YXXY", +0.0453306225},
                                       {"YYXX", -0.0453306225}});
  return {"h2_jordan_wigner_0.742A", std::move(h), -1.1372633205, "1100", -1.1166511626};
}

vqe_problem h2_parity_0735(bool include_nuclear_repulsion) {
  constexpr double nuclear_repulsion = 0.7199689944489797;
  const double shift = include_nuclear_repulsion ? nuclear_repulsion : 0.0;
  pauli_sum h = pauli_sum::from_terms({{"II", -1.052373245772859 + shift},
                                       {"IZ", +0.39793742484318045},
                                       {"ZI", -0.39793742484318045},
                                       {"ZZ", -0.01128010425623538},
                                       {"XX", +0.18093119978423156}});
  return {include_nuclear_repulsion ? "h2_parity_0.735A_total" : "h2_parity_0.735A_electronic",
          std::move(h), -1.857275030202 + shift, "01", -1.8369679912 + shift};
}

pauli_sum transverse_field_ising(std::size_t n, bool periodic, double j, double h) {
  check_chain(n, j, "transverse_field_ising");
  detail::check_finite(h, "transverse_field_ising field h");
  pauli_sum H(n);
  for (const auto& [a, b] : chain_bonds(n, periodic)) H.add(-j, two_site(n, a, b, 'Z'));
  for (std::size_t q = 0; q < n; ++q) {
    std::string s(n, 'I');
    s[q] = 'X';
    H.add(-h, s);
  }
  return H;
}

pauli_sum heisenberg_xxx(std::size_t n, bool periodic, double j) {
  check_chain(n, j, "heisenberg_xxx");
  pauli_sum H(n);
  for (const auto& [a, b] : chain_bonds(n, periodic))
    for (char p : {'X', 'Y', 'Z'}) H.add(j, two_site(n, a, b, p));
  return H;
}

}  // namespace dsegym::sim::quantum

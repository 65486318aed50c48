#pragma once
// Helpers shared by the quantum simulator tests: random states and an independent dense reference
// (Kronecker products of explicit matrices) to check the kernels' index conventions against.

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <cstddef>
#include <numbers>
#include <string>
#include <vector>

#include "dsegym/core/random.hpp"
#include "dsegym/sim/quantum/circuit.hpp"
#include "dsegym/sim/quantum/state_vector.hpp"

namespace dsegym::sim::quantum::test {

using cd = std::complex<double>;
using dense = std::vector<std::vector<cd>>;

inline state_vector random_state(std::size_t n, std::uint64_t seed) {
  rng g(seed);
  std::vector<amplitude> a(std::size_t{1} << n);
  for (auto& v : a) v = {standard_normal(g), standard_normal(g)};
  return state_vector::from_amplitudes(std::move(a), true);
}

inline dense identity(std::size_t dim) {
  dense m(dim, std::vector<cd>(dim));
  for (std::size_t i = 0; i < dim; ++i) m[i][i] = 1.0;
  return m;
}

inline dense kron(const dense& a, const dense& b) {
  const std::size_t ra = a.size(), rb = b.size();
  dense m(ra * rb, std::vector<cd>(ra * rb));
  for (std::size_t i = 0; i < ra; ++i)
    for (std::size_t j = 0; j < ra; ++j)
      for (std::size_t k = 0; k < rb; ++k)
        for (std::size_t l = 0; l < rb; ++l) m[i * rb + k][j * rb + l] = a[i][j] * b[k][l];
  return m;
}

inline dense add(const dense& a, const dense& b) {
  dense m = a;
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = 0; j < a.size(); ++j) m[i][j] += b[i][j];
  return m;
}

/// Operator acting with `ops[w]` on wire w (wire 0 = leftmost Kronecker factor), identity
/// elsewhere.
inline dense on_wires(std::size_t n, const std::vector<std::pair<std::size_t, dense>>& ops) {
  dense m{{1.0}};
  for (std::size_t w = 0; w < n; ++w) {
    dense f = identity(2);
    for (const auto& [wire, op] : ops)
      if (wire == w) f = op;
    m = kron(m, f);
  }
  return m;
}

/// Explicit textbook matrices, written independently of gate_matrix().
inline dense textbook(gate_kind k, const double* a) {
  const cd i{0.0, 1.0};
  const double r = 1.0 / std::sqrt(2.0);
  const double c = std::cos(a[0] / 2), s = std::sin(a[0] / 2);
  switch (k) {
    case gate_kind::x:
      return {{0, 1}, {1, 0}};
    case gate_kind::y:
      return {{0, -i}, {i, 0}};
    case gate_kind::z:
      return {{1, 0}, {0, -1}};
    case gate_kind::h:
      return {{r, r}, {r, -r}};
    case gate_kind::s:
      return {{1, 0}, {0, i}};
    case gate_kind::sdg:
      return {{1, 0}, {0, -i}};
    case gate_kind::t:
      return {{1, 0}, {0, std::exp(i * std::numbers::pi / 4.0)}};
    case gate_kind::tdg:
      return {{1, 0}, {0, std::exp(-i * std::numbers::pi / 4.0)}};
    case gate_kind::sx:
      return {{(1.0 + i) / 2.0, (1.0 - i) / 2.0}, {(1.0 - i) / 2.0, (1.0 + i) / 2.0}};
    case gate_kind::sxdg:
      return {{(1.0 - i) / 2.0, (1.0 + i) / 2.0}, {(1.0 + i) / 2.0, (1.0 - i) / 2.0}};
    case gate_kind::rx:
    case gate_kind::crx:
      return {{c, -i * s}, {-i * s, c}};
    case gate_kind::ry:
    case gate_kind::cry:
      return {{c, -s}, {s, c}};
    case gate_kind::rz:
    case gate_kind::crz:
      return {{std::exp(-i * a[0] / 2.0), 0}, {0, std::exp(i * a[0] / 2.0)}};
    case gate_kind::u3:
      return {{c, -std::exp(i * a[2]) * s},
              {std::exp(i * a[1]) * s, std::exp(i * (a[1] + a[2])) * c}};
    case gate_kind::cnot:
      return {{0, 1}, {1, 0}};
    case gate_kind::cz:
      return {{1, 0}, {0, -1}};
    default:
      return identity(2);
  }
}

/// The full 2^n x 2^n unitary of one gate with resolved angles.
inline dense reference_unitary(const gate& g, const double* a, std::size_t n) {
  const dense p0{{1, 0}, {0, 0}}, p1{{0, 0}, {0, 1}};
  const std::size_t q0 = g.qubits[0], q1 = g.qubits[1];
  switch (g.kind) {
    case gate_kind::swap: {
      dense m(1u << n, std::vector<cd>(1u << n));
      for (std::size_t b = 0; b < (1u << n); ++b) {
        const std::size_t b0 = (b >> (n - 1 - q0)) & 1, b1 = (b >> (n - 1 - q1)) & 1;
        std::size_t t = b & ~((std::size_t{1} << (n - 1 - q0)) | (std::size_t{1} << (n - 1 - q1)));
        t |= (b1 << (n - 1 - q0)) | (b0 << (n - 1 - q1));
        m[t][b] = 1.0;
      }
      return m;
    }
    case gate_kind::rzz: {
      const dense zz =
          on_wires(n, {{q0, textbook(gate_kind::z, a)}, {q1, textbook(gate_kind::z, a)}});
      dense m = identity(1u << n);
      for (std::size_t k = 0; k < m.size(); ++k)  // diagonal: exp(-i a ZZ / 2)
        m[k][k] = std::exp(cd{0.0, -a[0] / 2.0} * zz[k][k]);
      return m;
    }
    case gate_kind::cnot:
    case gate_kind::cz:
    case gate_kind::crx:
    case gate_kind::cry:
    case gate_kind::crz:
      return add(on_wires(n, {{q0, p0}}), on_wires(n, {{q0, p1}, {q1, textbook(g.kind, a)}}));
    default:
      return on_wires(n, {{q0, textbook(g.kind, a)}});
  }
}

inline std::vector<cd> multiply(const dense& m, std::span<const amplitude> v) {
  std::vector<cd> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i)
    for (std::size_t j = 0; j < v.size(); ++j) out[i] += m[i][j] * v[j];
  return out;
}

inline void expect_amplitudes_near(std::span<const amplitude> a, std::span<const cd> b,
                                   double tol = 1e-12) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_NEAR(a[i].real(), b[i].real(), tol) << "amplitude " << i;
    EXPECT_NEAR(a[i].imag(), b[i].imag(), tol) << "amplitude " << i;
  }
}

/// Runs `f` and checks it throws a dsegym error of area "quantum" whose message contains `needle`.
template <class Error, class F>
void expect_quantum_error(F&& f, const std::string& needle) {
  try {
    f();
    ADD_FAILURE() << "expected an exception containing \"" << needle << "\"";
  } catch (const Error& e) {
    EXPECT_EQ(e.area(), "quantum") << e.what();
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos)
        << "message \"" << e.what() << "\" lacks \"" << needle << "\"";
    EXPECT_EQ(std::string(e.what()).rfind("[dsegym.quantum] ", 0), 0u) << e.what();
  }
}

}  // namespace dsegym::sim::quantum::test

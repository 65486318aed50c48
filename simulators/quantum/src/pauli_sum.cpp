#include "dsegym/sim/quantum/pauli_sum.hpp"

#include <algorithm>
#include <bit>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <system_error>

#include "dsegym/sim/quantum/detail/check.hpp"
#include "hot_kernel.hpp"

namespace dsegym::sim::quantum {
namespace {

// ------------------------------------------------------------------------------------------------
// Term kernels: P|i> = i^{#Y} (-1)^{popcount(i & z)} |i ^ x>.
// ------------------------------------------------------------------------------------------------

[[gnu::always_inline]] inline bool odd(std::uint64_t v) noexcept {
  return (std::popcount(v) & 1) != 0;
}

/// i^k for k mod 4.
amplitude i_power(std::size_t k) noexcept {
  switch (k & 3U) {
    case 0:
      return {1.0, 0.0};
    case 1:
      return {0.0, 1.0};
    case 2:
      return {-1.0, 0.0};
    default:
      return {0.0, -1.0};
  }
}

DSEGYM_HOT_KERNEL double term_expectation(std::span<const amplitude> a,
                                          const pauli_term& t) noexcept {
  const std::uint64_t x = t.x_mask(), z = t.z_mask();
  const std::size_t dim = a.size();
  if (x == 0) {
    double s = 0.0;
    for (std::size_t i = 0; i < dim; ++i) {
      const double p = a[i].real() * a[i].real() + a[i].imag() * a[i].imag();
      s += odd(i & z) ? -p : p;
    }
    return t.coefficient() * s;
  }
  double re = 0.0, im = 0.0;  // sum_i conj(a[i^x]) a[i] (-1)^{...}
  for (std::size_t i = 0; i < dim; ++i) {
    const amplitude u = a[i ^ x], v = a[i];
    const double pr = u.real() * v.real() + u.imag() * v.imag();
    const double pi = u.real() * v.imag() - u.imag() * v.real();
    if (odd(i & z)) {
      re -= pr;
      im -= pi;
    } else {
      re += pr;
      im += pi;
    }
  }
  const amplitude r = i_power(t.y_count()) * amplitude{re, im};
  return t.coefficient() * r.real();
}

DSEGYM_HOT_KERNEL void term_apply_add(std::span<const amplitude> in, std::span<amplitude> out,
                                      const pauli_term& t) noexcept {
  const std::uint64_t x = t.x_mask(), z = t.z_mask();
  const amplitude f = t.coefficient() * i_power(t.y_count());
  const std::size_t dim = in.size();
  for (std::size_t i = 0; i < dim; ++i) {
    const amplitude v = in[i];
    const amplitude w{f.real() * v.real() - f.imag() * v.imag(),
                      f.real() * v.imag() + f.imag() * v.real()};
    if (odd(i & z))
      out[i ^ x] -= w;
    else
      out[i ^ x] += w;
  }
}

// ------------------------------------------------------------------------------------------------
// Parser
// ------------------------------------------------------------------------------------------------

struct raw_term {
  double coefficient = 1.0;
  bool identity = false;                              // constant term or bare "I"
  std::string label;                                  // dense form
  std::vector<std::pair<std::size_t, char>> factors;  // indexed form
  std::size_t column = 0;
};

class sum_parser {
 public:
  explicit sum_parser(std::string_view text) : text_(text) {}

  std::vector<raw_term> parse() {
    std::vector<raw_term> terms;
    skip_ws();
    if (at_end()) fail("the text is empty; expected at least one term such as \"1.0*ZZ\"");
    while (true) {
      skip_ws();
      const std::size_t sign_column = pos_;
      int sign = read_sign();
      if (!terms.empty() && sign == 0) fail("expected '+' or '-' between terms");
      if (sign == 0) sign = 1;
      skip_ws();
      if (read_sign() != 0) {
        pos_ = sign_column;
        fail("two signs in a row");
      }
      raw_term t = read_term();
      t.coefficient *= sign;
      terms.push_back(std::move(t));
      skip_ws();
      if (at_end()) break;
    }
    return terms;
  }

 private:
  [[noreturn]] void fail(std::string_view what) const {
    std::string near(text_.substr(pos_, 12));
    std::string m = "malformed Pauli sum at column " + std::to_string(pos_ + 1);
    m += at_end() ? " (end of text)" : " (near \"" + near + "\")";
    m += ": ";
    m += what;
    detail::throw_invalid(m);
  }

  [[nodiscard]] bool at_end() const { return pos_ >= text_.size(); }
  [[nodiscard]] char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  void skip_ws() {
    while (!at_end() && std::isspace(static_cast<unsigned char>(peek()))) ++pos_;
  }
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  static bool is_pauli(char c) { return c == 'I' || c == 'X' || c == 'Y' || c == 'Z'; }

  /// +1 / -1 when a sign was consumed ('+', '-' or U+2212), else 0.
  int read_sign() {
    if (peek() == '+') return ++pos_, 1;
    if (peek() == '-') return ++pos_, -1;
    if (text_.substr(pos_, 3) == "\xE2\x88\x92") return pos_ += 3, -1;
    return 0;
  }

  bool starts_number() const {
    if (is_digit(peek()) || (peek() == '.' && is_digit(peek(1)))) return true;
    std::string head(text_.substr(pos_, 3));
    for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return head == "nan" || head == "inf";
  }

  double read_number() {
    const char* first = text_.data() + pos_;
    const char* last = text_.data() + text_.size();
    double v = 0.0;
    const auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec == std::errc::result_out_of_range) fail("coefficient is out of the range of a double");
    if (ec != std::errc() || ptr == first) fail("expected a number");
    if (!std::isfinite(v)) fail("coefficient must be finite, got " + detail::format_double(v));
    pos_ += static_cast<std::size_t>(ptr - first);
    return v;
  }

  raw_term read_term() {
    raw_term t;
    t.column = pos_ + 1;
    bool has_coefficient = false, star = false;
    if (starts_number()) {
      t.coefficient = read_number();
      has_coefficient = true;
      skip_ws();
      if (peek() == '*') {
        ++pos_;
        skip_ws();
        star = true;
      }
    }
    if (is_pauli(peek())) {
      read_operator(t);
    } else if (peek() != '\0' && std::string_view("ixyz").find(peek()) != std::string_view::npos) {
      fail("Pauli letters are upper case: I, X, Y, Z");
    } else if (star) {
      fail("expected a Pauli operator (I, X, Y, Z) after '*'");
    } else if (!has_coefficient) {
      fail("expected a coefficient or a Pauli operator (I, X, Y, Z)");
    } else {
      t.identity = true;  // a bare number is a constant term
    }
    if (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '_')
      fail(
          "unexpected character in a Pauli operator; use labels over I, X, Y, Z such as \"ZZII\" "
          "or indexed factors such as \"Z0 Z1\"");
    return t;
  }

  void read_operator(raw_term& t) {
    const std::size_t start = pos_;
    while (is_pauli(peek())) ++pos_;
    // "Z-1" / "Z+1": a single letter glued to a signed number reads like a negative wire index; the
    // constant term it would otherwise become ("Z - 1") must be written with blanks.
    if (pos_ - start == 1 && (peek() == '-' || peek() == '+') && is_digit(peek(1)))
      fail("a wire index must be a non-negative integer right after its letter (\"Z1\"); for a "
           "constant term put blanks around the sign (\"Z - 1\")");
    if (!is_digit(peek())) {
      t.label = std::string(text_.substr(start, pos_ - start));
      if (t.label == "I") t.identity = true;
      return;
    }
    if (pos_ - start != 1) {
      pos_ = start;
      fail("a wire index must follow a single Pauli letter, as in \"Z0 Z1\"");
    }
    pos_ = start;
    while (true) {
      const char p = peek();
      ++pos_;
      std::size_t index = 0;
      const char* first = text_.data() + pos_;
      const auto [ptr, ec] = std::from_chars(first, text_.data() + text_.size(), index);
      if (ec != std::errc()) fail("wire index is not a valid number");
      pos_ += static_cast<std::size_t>(ptr - first);
      for (const auto& [w, q] : t.factors)
        if (w == index) fail("wire " + std::to_string(index) + " appears twice in one term");
      t.factors.emplace_back(index, p);
      // Another factor follows after optional blanks or '*' ("Z0 Z1", "Z0*Z1", "Z0Z1").
      const std::size_t save = pos_;
      skip_ws();
      if (peek() == '*') {
        ++pos_;
        skip_ws();
      }
      if (is_pauli(peek()) && is_digit(peek(1))) continue;
      pos_ = save;
      return;
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

void check_same_width(const pauli_sum& a, std::size_t n, std::string_view what) {
  if (a.num_qubits() != n)
    detail::throw_invalid(std::string(what) + ": widths differ (" + std::to_string(a.num_qubits()) +
                          " vs " + std::to_string(n) + " qubits)");
}

}  // namespace

pauli_sum::pauli_sum(std::size_t num_qubits) : num_qubits_(num_qubits) {
  if (num_qubits == 0 || num_qubits > max_pauli_qubits)
    detail::throw_invalid("a Pauli sum needs 1.." + std::to_string(max_pauli_qubits) +
                          " qubits, got " + std::to_string(num_qubits));
}

pauli_sum pauli_sum::parse(std::string_view text, std::size_t num_qubits) {
  const std::vector<raw_term> raw = sum_parser(text).parse();
  std::size_t n = num_qubits;
  if (n == 0) {
    for (const raw_term& t : raw) {
      if (t.identity || t.label.empty()) continue;
      if (n != 0 && t.label.size() != n)
        detail::throw_invalid("Pauli label \"" + t.label + "\" (term at column " +
                              std::to_string(t.column) + ") has " + std::to_string(t.label.size()) +
                              " characters but earlier labels have " + std::to_string(n));
      n = t.label.size();
    }
  }
  if (n == 0) {
    for (const raw_term& t : raw)
      for (const auto& f : t.factors) n = std::max(n, f.first + 1);
  }
  if (n == 0)
    detail::throw_invalid("cannot infer the number of qubits of \"" + std::string(text) +
                          "\"; pass num_qubits");
  pauli_sum h(n);
  for (const raw_term& t : raw) {
    std::string label(n, 'I');
    if (!t.identity && !t.label.empty()) {
      if (t.label.size() != n)
        detail::throw_invalid("Pauli label \"" + t.label + "\" (term at column " +
                              std::to_string(t.column) + ") has " + std::to_string(t.label.size()) +
                              " characters; expected " + std::to_string(n) + ", one per qubit");
      label = t.label;
    }
    for (const auto& [w, p] : t.factors) {
      if (w >= n)
        detail::throw_invalid("wire " + std::to_string(w) + " (term at column " +
                              std::to_string(t.column) + ") is out of range for " +
                              std::to_string(n) + " qubits; valid 0.." + std::to_string(n - 1));
      label[w] = p;
    }
    h.add(t.coefficient, label);
  }
  return h;
}

pauli_sum pauli_sum::from_terms(std::span<const std::pair<std::string_view, double>> terms) {
  if (terms.empty()) detail::throw_invalid("from_terms needs at least one term to know the width");
  pauli_sum h(terms.front().first.size());
  for (const auto& [label, c] : terms) h.add(c, label);
  return h;
}

pauli_sum pauli_sum::from_terms(std::initializer_list<std::pair<std::string_view, double>> terms) {
  return from_terms(
      std::span<const std::pair<std::string_view, double>>(terms.begin(), terms.size()));
}

pauli_sum& pauli_sum::add(double coefficient, std::string_view label) {
  if (label.size() != num_qubits_)
    detail::throw_invalid("Pauli label \"" + std::string(label) + "\" has " +
                          std::to_string(label.size()) + " characters; expected " +
                          std::to_string(num_qubits_) + ", one per qubit");
  terms_.emplace_back(coefficient, label);
  return *this;
}

pauli_sum& pauli_sum::add(const pauli_term& term) {
  if (term.num_qubits() != num_qubits_)
    detail::throw_invalid("Pauli term \"" + term.label() + "\" has " +
                          std::to_string(term.num_qubits()) + " qubits; expected " +
                          std::to_string(num_qubits_));
  terms_.push_back(term);
  return *this;
}

bool pauli_sum::is_diagonal() const noexcept {
  return std::all_of(terms_.begin(), terms_.end(),
                     [](const pauli_term& t) { return t.is_diagonal(); });
}

pauli_sum pauli_sum::simplified(double tolerance) const {
  std::vector<pauli_term> merged;
  for (const pauli_term& t : terms_) {
    auto it = std::find_if(merged.begin(), merged.end(),
                           [&](const pauli_term& m) { return m.same_string(t); });
    if (it == merged.end())
      merged.push_back(t);
    else
      *it = it->with_coefficient(it->coefficient() + t.coefficient());
  }
  pauli_sum out(num_qubits_);
  for (const pauli_term& t : merged)
    if (std::abs(t.coefficient()) > tolerance) out.terms_.push_back(t);
  return out;
}

pauli_sum pauli_sum::scaled(double factor) const {
  detail::check_finite(factor, "scale factor of a Pauli sum");
  pauli_sum out(num_qubits_);
  out.terms_.reserve(terms_.size());
  for (const pauli_term& t : terms_)
    out.terms_.push_back(t.with_coefficient(factor * t.coefficient()));
  return out;
}

double pauli_sum::coefficient_norm() const noexcept {
  double s = 0.0;
  for (const pauli_term& t : terms_) s += std::abs(t.coefficient());
  return s;
}

double pauli_sum::expectation(const state_vector& psi) const {
  if (psi.num_qubits() != num_qubits_)
    detail::throw_invalid("expectation of a " + std::to_string(num_qubits_) +
                          "-qubit Pauli sum in a " + std::to_string(psi.num_qubits()) +
                          "-qubit state");
  double e = 0.0;
  for (const pauli_term& t : terms_) e += term_expectation(psi.amplitudes(), t);
  return e;
}

void pauli_sum::apply(const state_vector& in, state_vector& out) const {
  if (in.num_qubits() != num_qubits_ || out.num_qubits() != num_qubits_)
    detail::throw_invalid("apply of a " + std::to_string(num_qubits_) + "-qubit Pauli sum to " +
                          std::to_string(in.num_qubits()) + "/" + std::to_string(out.num_qubits()) +
                          "-qubit states");
  if (&in == &out) detail::throw_invalid("pauli_sum::apply needs distinct input and output states");
  apply(in.amplitudes(), out.mutable_amplitudes());
}

void pauli_sum::apply(std::span<const amplitude> in, std::span<amplitude> out) const noexcept {
  std::fill(out.begin(), out.end(), amplitude{});
  for (const pauli_term& t : terms_) term_apply_add(in, out, t);
}

std::vector<double> pauli_sum::diagonal() const {
  if (num_qubits_ > max_state_qubits)
    throw resource_exhausted(detail::error_area, "diagonal of a " + std::to_string(num_qubits_) +
                                                     "-qubit Pauli sum is too large");
  std::vector<double> d(std::size_t{1} << num_qubits_, 0.0);
  for (const pauli_term& t : terms_) {
    if (!t.is_diagonal()) continue;
    const std::uint64_t z = t.z_mask();
    const double c = t.coefficient();
    for (std::size_t i = 0; i < d.size(); ++i) d[i] += odd(i & z) ? -c : c;
  }
  return d;
}

std::string pauli_sum::to_string() const {
  if (terms_.empty()) return "0*" + std::string(num_qubits_, 'I');
  std::string s;
  for (std::size_t k = 0; k < terms_.size(); ++k) {
    const double c = terms_[k].coefficient();
    const bool negative = std::signbit(c);
    if (k == 0)
      s += negative ? "-" : "";
    else
      s += negative ? " - " : " + ";
    s += detail::format_double(std::abs(c)) + "*" + terms_[k].label();
  }
  return s;
}

pauli_sum operator+(const pauli_sum& a, const pauli_sum& b) {
  check_same_width(b, a.num_qubits(), "sum of Pauli sums");
  pauli_sum out = a;
  for (const pauli_term& t : b.terms()) out.add(t);
  return out;
}

pauli_sum operator-(const pauli_sum& a, const pauli_sum& b) { return a + b.scaled(-1.0); }

}  // namespace dsegym::sim::quantum

#include "dsegym/sim/quantum/hamiltonian_text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "dsegym/sim/quantum/detail/check.hpp"

namespace dsegym::sim::quantum {

namespace {

struct of_term {
  double coefficient = 0.0;
  std::vector<std::pair<std::size_t, char>> factors;
};

// Reader of the OpenFermion QubitOperator printout; positions are reported as line:column.
class openfermion_reader {
 public:
  explicit openfermion_reader(std::string_view text) : t_(text) {}

  std::vector<of_term> read() {
    std::vector<of_term> terms;
    skip();
    if (end()) fail("the text is empty; expected terms such as \"0.5 [Z0 Z1]\"");
    while (true) {
      skip();
      terms.push_back(term());
      skip();
      if (end()) break;
      if (peek() != '+') fail("expected '+' between terms");
      ++pos_;
      skip();
      if (end()) fail("a '+' must be followed by another term");
    }
    return terms;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i < pos_ && i < t_.size(); ++i) {
      if (t_[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    std::string near(t_.substr(pos_, 16));
    std::replace(near.begin(), near.end(), '\n', ' ');
    detail::throw_invalid("malformed Hamiltonian (OpenFermion QubitOperator format) at line " + std::to_string(line) +
                          ", column " + std::to_string(col) + (end() ? " (end of text)" : " (near \"" + near + "\")") +
                          ": " + what);
  }
  bool end() const { return pos_ >= t_.size(); }
  char peek(std::size_t k = 0) const { return pos_ + k < t_.size() ? t_[pos_ + k] : '\0'; }
  // Blanks, newlines and '#' comment lines.
  void skip() {
    while (!end()) {
      if (std::isspace(static_cast<unsigned char>(peek()))) {
        ++pos_;
      } else if (peek() == '#') {
        while (!end() && peek() != '\n') ++pos_;
      } else {
        break;
      }
    }
  }
  double number() {
    const char* first = t_.data() + pos_;
    const char* last = t_.data() + t_.size();
    // from_chars does not take a leading '+'.
    bool plus = false;
    if (*first == '+') {
      plus = true;
      ++first;
    }
    double v = 0.0;
    const auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec == std::errc::result_out_of_range) fail("coefficient is out of the range of a double");
    if (ec != std::errc() || ptr == first || (plus && *first == '-')) fail("expected a coefficient (a number)");
    if (!std::isfinite(v)) fail("coefficient must be finite");
    pos_ = static_cast<std::size_t>(ptr - t_.data());
    return v;
  }
  double coefficient() {
    if (peek() != '(') return number();
    ++pos_;
    skip();
    const double re = number();
    skip();
    double im = 0.0;
    if (peek() == 'j') {  // "(0.5j)": purely imaginary
      ++pos_;
      im = re;
      if (im != 0.0) fail("the coefficient is imaginary; a Hamiltonian needs real coefficients");
      skip();
      if (peek() != ')') fail("expected ')' after the complex coefficient");
      ++pos_;
      return 0.0;
    }
    if (peek() == '+' || peek() == '-') {
      const bool neg = peek() == '-';
      ++pos_;
      im = number();
      if (neg) im = -im;
      if (peek() != 'j') fail("expected 'j' after the imaginary part");
      ++pos_;
    }
    skip();
    if (peek() != ')') fail("expected ')' after the complex coefficient");
    ++pos_;
    if (std::abs(im) > 1e-12 * std::max(1.0, std::abs(re)))
      fail("the coefficient has imaginary part " + detail::format_double(im) +
           "; a Hamiltonian needs real coefficients (Hermitian operator)");
    return re;
  }
  of_term term() {
    of_term out;
    out.coefficient = coefficient();
    skip();
    if (peek() != '[') fail("expected '[' with the term's Pauli factors after the coefficient (\"[]\" = identity)");
    ++pos_;
    while (true) {
      skip();
      if (peek() == ']') {
        ++pos_;
        return out;
      }
      const char p = peek();
      if (p == 'x' || p == 'y' || p == 'z') fail("Pauli letters are upper case: X, Y, Z");
      if (p != 'X' && p != 'Y' && p != 'Z')
        fail(p == 'I' ? "write the identity as \"[]\", not I" : "expected a factor such as Z0 (X, Y or Z and a wire index) or ']'");
      ++pos_;
      if (peek() == '-' || peek() == '+')
        fail(std::string("wire index of ") + p + " must be a non-negative integer, got a sign");
      if (!std::isdigit(static_cast<unsigned char>(peek())))
        fail(std::string("a wire index (non-negative integer) must follow ") + p + ", as in " + p + "0");
      std::size_t w = 0;
      const char* first = t_.data() + pos_;
      const auto [ptr, ec] = std::from_chars(first, t_.data() + t_.size(), w);
      if (ec != std::errc() || w >= max_pauli_qubits)
        fail("wire index too large (at most " + std::to_string(max_pauli_qubits - 1) + ")");
      pos_ = static_cast<std::size_t>(ptr - t_.data());
      if (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '.' || peek() == '-')
        fail("unexpected character after the wire index");
      for (const auto& f : out.factors)
        if (f.first == w) fail("wire " + std::to_string(w) + " appears twice in one term");
      out.factors.emplace_back(w, p);
    }
  }

  std::string_view t_;
  std::size_t pos_ = 0;
};

pauli_sum build(const std::vector<of_term>& terms, std::size_t min_qubits) {
  std::size_t n = min_qubits;
  for (const auto& t : terms)
    for (const auto& f : t.factors) n = std::max(n, f.first + 1);
  if (n == 0) n = 1;  // only identity terms
  if (n > max_pauli_qubits)
    detail::throw_invalid("Hamiltonian acts on " + std::to_string(n) + " qubits; at most " +
                          std::to_string(max_pauli_qubits));
  pauli_sum h(n);
  for (const auto& t : terms) {
    std::string label(n, 'I');
    for (const auto& [w, p] : t.factors) label[w] = p;
    h.add(t.coefficient, label);
  }
  return h;
}

}  // namespace

pauli_sum parse_hamiltonian_text(std::string_view text, std::size_t min_qubits) {
  if (text.size() > max_hamiltonian_text_bytes)
    detail::throw_invalid("Hamiltonian text is " + std::to_string(text.size()) + " bytes; at most " +
                          std::to_string(max_hamiltonian_text_bytes));
  pauli_sum h(1);
  if (text.find('[') != std::string_view::npos) {
    h = build(openfermion_reader(text).read(), min_qubits);
  } else {
    // pauli_sum text: drop '#' comment lines, join the rest.
    std::string joined;
    std::istringstream in{std::string(text)};
    std::string line;
    while (std::getline(in, line)) {
      const auto b = line.find_first_not_of(" \t\r");
      if (b != std::string::npos && line[b] == '#') continue;
      joined += line;
      joined += ' ';
    }
    h = pauli_sum::parse(joined);
    if (min_qubits > h.num_qubits()) {
      // Widen: pad every label on the right (higher wires carry identities).
      pauli_sum wide(min_qubits);
      for (const auto& t : h.terms())
        wide.add(t.coefficient(), t.label() + std::string(min_qubits - h.num_qubits(), 'I'));
      h = std::move(wide);
    }
  }
  return h.simplified();
}

pauli_sum read_hamiltonian_file(const std::string& path, std::size_t min_qubits) {
  std::ifstream f(path, std::ios::binary);
  if (!f) detail::throw_invalid("cannot open Hamiltonian file \"" + path + "\"");
  f.seekg(0, std::ios::end);
  const auto size = static_cast<std::size_t>(std::max<std::streamoff>(0, f.tellg()));
  if (size > max_hamiltonian_text_bytes)
    detail::throw_invalid("Hamiltonian file \"" + path + "\" is " + std::to_string(size) + " bytes; at most " +
                          std::to_string(max_hamiltonian_text_bytes));
  f.seekg(0);
  std::string text(size, '\0');
  f.read(text.data(), static_cast<std::streamsize>(size));
  try {
    return parse_hamiltonian_text(text, min_qubits);
  } catch (const invalid_argument& e) {
    detail::throw_invalid("in \"" + path + "\": " + std::string(e.what()).substr(sizeof("[dsegym.quantum] ") - 1));
  }
}

}  // namespace dsegym::sim::quantum

#include <cctype>
#include <fstream>
#include <sstream>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/aig/mapping.hpp"

namespace dsegym::sim::aig {

namespace {

struct expr_parser {
  std::string_view s;
  std::size_t i = 0;
  std::vector<std::string>& inputs;
  std::size_t line;
  std::string src;
  // values: truth tables over up to 6 inputs are computed after parsing; build an AST here
  struct node {
    char op;  // 'v' var, '0', '1', '!', '*', '+'
    int var = -1;
    int a = -1, b = -1;
  };
  std::vector<node> nodes;

  [[noreturn]] void fail(const std::string& m) const {
    throw data_error("aig", src + ": bad gate expression '" + std::string(s) + "': " + m, line);
  }
  void ws() {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  }
  int parse_or() {
    int l = parse_and();
    ws();
    while (i < s.size() && s[i] == '+') {
      ++i;
      const int r = parse_and();
      nodes.push_back({'+', -1, l, r});
      l = static_cast<int>(nodes.size()) - 1;
      ws();
    }
    return l;
  }
  int parse_and() {
    int l = parse_unary();
    ws();
    while (i < s.size() && (s[i] == '*' || s[i] == '&')) {
      ++i;
      const int r = parse_unary();
      nodes.push_back({'*', -1, l, r});
      l = static_cast<int>(nodes.size()) - 1;
      ws();
    }
    return l;
  }
  int parse_unary() {
    ws();
    if (i >= s.size()) fail("unexpected end");
    if (s[i] == '!') {
      ++i;
      const int a = parse_unary();
      nodes.push_back({'!', -1, a, -1});
      return static_cast<int>(nodes.size()) - 1;
    }
    int r;
    if (s[i] == '(') {
      ++i;
      r = parse_or();
      ws();
      if (i >= s.size() || s[i] != ')') fail("missing ')'");
      ++i;
    } else {
      std::size_t j = i;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_' ||
                              s[j] == '[' || s[j] == ']' || s[j] == '.'))
        ++j;
      if (j == i) fail(std::string("unexpected character '") + s[i] + "'");
      const std::string name(s.substr(i, j - i));
      i = j;
      if (name == "CONST0") {
        nodes.push_back({'0'});
      } else if (name == "CONST1") {
        nodes.push_back({'1'});
      } else {
        int v = -1;
        for (std::size_t k = 0; k < inputs.size(); ++k)
          if (inputs[k] == name) v = static_cast<int>(k);
        if (v < 0) {
          inputs.push_back(name);
          v = static_cast<int>(inputs.size()) - 1;
        }
        nodes.push_back({'v', v});
      }
      r = static_cast<int>(nodes.size()) - 1;
    }
    ws();
    while (i < s.size() && s[i] == '\'') {  // postfix complement
      ++i;
      nodes.push_back({'!', -1, r, -1});
      r = static_cast<int>(nodes.size()) - 1;
      ws();
    }
    return r;
  }
  std::uint64_t eval(int n) const {
    static constexpr std::uint64_t vars[6] = {0xAAAAAAAAAAAAAAAAULL, 0xCCCCCCCCCCCCCCCCULL,
                                              0xF0F0F0F0F0F0F0F0ULL, 0xFF00FF00FF00FF00ULL,
                                              0xFFFF0000FFFF0000ULL, 0xFFFFFFFF00000000ULL};
    const node& x = nodes[static_cast<std::size_t>(n)];
    switch (x.op) {
      case 'v': return vars[x.var];
      case '0': return 0;
      case '1': return ~0ULL;
      case '!': return ~eval(x.a);
      case '*': return eval(x.a) & eval(x.b);
      default: return eval(x.a) | eval(x.b);
    }
  }
};

double number(const std::string& tok, const char* what, std::size_t line, const std::string& src) {
  try {
    std::size_t k = 0;
    const double v = std::stod(tok, &k);
    if (k != tok.size()) throw std::invalid_argument("trailing");
    return v;
  } catch (const std::exception&) {
    throw data_error("aig", src + ": bad " + std::string(what) + " '" + tok + "' (expected a number)", line);
  }
}

}  // namespace

gate_library parse_genlib(std::string_view text, std::string_view source) {
  const std::string src(source);
  // strip comments, split into tokens with line numbers
  struct tok {
    std::string s;
    std::size_t line;
  };
  std::vector<tok> toks;
  std::size_t line = 1;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      ++i;
    } else if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else {
      std::size_t j = i;
      while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j])) && text[j] != '#')
        ++j;
      toks.push_back({std::string(text.substr(i, j - i)), line});
      i = j;
    }
  }
  gate_library lib;
  std::size_t k = 0;
  auto need = [&](const char* what) -> const tok& {
    if (k >= toks.size())
      throw data_error("aig", src + ": unexpected end of file, expected " + what,
                       toks.empty() ? 1 : toks.back().line);
    return toks[k++];
  };
  while (k < toks.size()) {
    const tok& t = need("GATE");
    if (t.s != "GATE")
      throw data_error("aig", src + ": expected 'GATE', got '" + t.s + "' (valid: GATE, PIN)", t.line);
    gate g;
    g.name = need("gate name").s;
    const tok& at = need("gate area");
    g.area = number(at.s, "gate area", at.line, src);
    if (g.area < 0) throw data_error("aig", src + ": negative area for gate " + g.name, at.line);
    // the function: tokens up to and including the one ending with ';'
    std::string fn;
    const std::size_t fline = toks[k < toks.size() ? k : toks.size() - 1].line;
    while (true) {
      const tok& ft = need("gate function ending with ';'");
      fn += ft.s;
      if (!fn.empty() && fn.back() == ';') break;
      if (ft.s == "GATE" || ft.s == "PIN")
        throw data_error("aig", src + ": gate " + g.name + ": function lacks ';'", ft.line);
    }
    fn.pop_back();
    const auto eq = fn.find('=');
    if (eq == std::string::npos || eq == 0)
      throw data_error("aig", src + ": gate " + g.name + ": function '" + fn + "' needs 'out=expr'", fline);
    g.output = fn.substr(0, eq);
    g.expression = fn.substr(eq + 1);
    expr_parser p{g.expression, 0, g.inputs, fline, src, {}};
    const int root = p.parse_or();
    p.ws();
    if (p.i != g.expression.size()) p.fail("trailing text");
    if (g.inputs.size() > 6)
      throw data_error("aig", src + ": gate " + g.name + " has " + std::to_string(g.inputs.size()) +
                                  " inputs (at most 6 supported)", fline);
    std::uint64_t f = p.eval(root);
    const unsigned bits = 1u << g.inputs.size();
    if (bits < 64) f &= (1ULL << bits) - 1;
    g.function = f;
    g.pin_delay.assign(g.inputs.size(), 0.0);
    std::vector<bool> have(g.inputs.size(), false);
    while (k < toks.size() && toks[k].s == "PIN") {
      const std::size_t pl = toks[k].line;
      ++k;
      std::string fields[8];
      fields[0] = need("pin name").s;
      for (int i = 1; i < 8; ++i) fields[i] = need("PIN field").s;
      if (fields[1] != "INV" && fields[1] != "NONINV" && fields[1] != "UNKNOWN")
        throw data_error("aig", src + ": bad pin phase '" + fields[1] + "' (valid: INV, NONINV, UNKNOWN)", pl);
      const double load = number(fields[2], "input load", pl, src);
      (void)number(fields[3], "max load", pl, src);
      const double rb = number(fields[4], "rise block delay", pl, src);
      const double rf = number(fields[5], "rise fanout delay", pl, src);
      const double fb = number(fields[6], "fall block delay", pl, src);
      const double ff = number(fields[7], "fall fanout delay", pl, src);
      const double d = std::max(rb + rf * load, fb + ff * load);
      if (fields[0] == "*") {
        for (std::size_t i = 0; i < g.inputs.size(); ++i) {
          g.pin_delay[i] = d;
          have[i] = true;
        }
      } else {
        bool found = false;
        for (std::size_t i = 0; i < g.inputs.size(); ++i)
          if (g.inputs[i] == fields[0]) {
            g.pin_delay[i] = d;
            have[i] = true;
            found = true;
          }
        if (!found)
          throw data_error("aig", src + ": gate " + g.name + ": PIN '" + fields[0] +
                                      "' is not an input of '" + g.expression + "'", pl);
      }
    }
    for (std::size_t i = 0; i < g.inputs.size(); ++i)
      if (!have[i])
        throw data_error("aig", src + ": gate " + g.name + ": no PIN line for input '" +
                                    g.inputs[i] + "'", fline);
    lib.gates.push_back(std::move(g));
  }
  if (lib.gates.empty()) throw data_error("aig", src + ": no GATE in library", 1);
  return lib;
}

gate_library read_genlib(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw not_found("aig", "cannot open genlib file '" + path + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_genlib(ss.str(), path);
}

gate_library default_library() {
  gate_library lib;
  auto add = [&](const char* name, double area, double delay, std::vector<std::string> in,
                 std::uint64_t f, const char* expr) {
    gate g;
    g.name = name;
    g.area = area;
    g.output = "Y";
    g.expression = expr;
    g.inputs = std::move(in);
    g.pin_delay.assign(g.inputs.size(), delay);
    g.function = f;
    lib.gates.push_back(std::move(g));
  };
  // truth tables over inputs A = 0xAA.., B = 0xCC.., C = 0xF0.. restricted to 2^n bits
  add("ZERO", 0, 0, {}, 0x0, "CONST0");
  add("ONE", 0, 0, {}, 0x1, "CONST1");
  add("BUF", 1, 1, {"A"}, 0x2, "A");
  add("INV", 1, 1, {"A"}, 0x1, "!A");
  add("NAND2", 2, 1, {"A", "B"}, 0x7, "!(A*B)");
  add("NOR2", 2, 1, {"A", "B"}, 0x1, "!(A+B)");
  add("AND2", 3, 2, {"A", "B"}, 0x8, "A*B");
  add("OR2", 3, 2, {"A", "B"}, 0xE, "A+B");
  add("NAND3", 3, 2, {"A", "B", "C"}, 0x7F, "!(A*B*C)");
  add("NOR3", 3, 2, {"A", "B", "C"}, 0x01, "!(A+B+C)");
  add("AOI21", 3, 2, {"A", "B", "C"}, 0x07, "!(A*B+C)");
  add("OAI21", 3, 2, {"A", "B", "C"}, 0x1F, "!((A+B)*C)");
  add("XOR2", 5, 2, {"A", "B"}, 0x6, "A*!B+!A*B");
  add("XNOR2", 5, 2, {"A", "B"}, 0x9, "A*B+!A*!B");
  return lib;
}

}  // namespace dsegym::sim::aig

#include "dsegym/sim/accel/layer_table.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::accel {

namespace {

// The layer tables are plain CSV (no quoting); lines end in "\n" or "\r\n"; blank lines are skipped.
struct table {
  std::string path;
  std::vector<std::vector<std::string>> rows;  // rows[0] = header
  std::vector<std::size_t> lines;

  [[noreturn]] void fail(std::size_t row, const std::string& what) const {
    throw data_error("accel", path + ": " + what, row < lines.size() ? lines[row] : 0);
  }
  std::uint64_t positive(std::size_t row, std::size_t col) const {
    const std::string& f = rows[row][col];
    std::uint64_t v = 0;
    const auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
    if (f.empty() || ec != std::errc{} || ptr != f.data() + f.size() || v == 0)
      fail(row, "column \"" + rows[0][col] + "\": \"" + f + "\" is not a positive integer");
    return v;
  }
};

table read_table(const std::filesystem::path& p) {
  table t;
  t.path = p.string();
  std::ifstream in(p, std::ios::binary);
  if (!in) throw data_error("accel", "cannot open " + t.path);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::stringstream ss(line);
    for (std::string f; std::getline(ss, f, ',');) fields.push_back(f);
    if (line.back() == ',') fields.emplace_back();
    if (!t.rows.empty() && fields.size() != t.rows.front().size())
      throw data_error("accel", t.path + ": " + std::to_string(fields.size()) + " fields, the header has " +
                                    std::to_string(t.rows.front().size()),
                       n);
    t.rows.push_back(std::move(fields));
    t.lines.push_back(n);
  }
  if (t.rows.empty()) throw data_error("accel", t.path + ": empty file");
  return t;
}

bool header_is(const table& t, std::initializer_list<const char*> names) {
  const auto& h = t.rows.front();
  if (h.size() != names.size()) return false;
  std::size_t i = 0;
  for (const char* n : names)
    if (h[i++] != n) return false;
  return true;
}

std::uint64_t out_size(const table& t, std::size_t row, std::uint64_t in, std::uint64_t kernel,
                       const conv_geometry& g, const char* axis) {
  if (in + 2ULL * g.pad < kernel)
    t.fail(row, std::string("filter ") + std::to_string(kernel) + " larger than the " + axis + " input " +
                    std::to_string(in) + " (+ padding " + std::to_string(g.pad) + ")");
  return (in + 2ULL * g.pad - kernel) / g.stride + 1;
}

network read_maestro(const table& t, shape_mode mode, std::span<const conv_geometry> geometry) {
  const bool gemm_form = header_is(t, {"M", "N", "K", "0", "0", "0", "T"});
  if (!gemm_form && !header_is(t, {"K", "C", "Y", "X", "R", "S", "T"}))
    t.fail(0, "header must be K,C,Y,X,R,S,T or M,N,K,0,0,0,T");
  const std::size_t rows = t.rows.size() - 1;
  if (mode == shape_mode::true_shapes && geometry.size() != rows)
    throw invalid_argument("accel", t.path + ": true_shapes needs one geometry entry per row (" +
                                        std::to_string(rows) + "), got " + std::to_string(geometry.size()));
  network net;
  net.name = std::filesystem::path(t.path).stem().string();
  for (std::size_t r = 1; r < t.rows.size(); ++r) {
    const std::string& type_field = t.rows[r][6];
    if (type_field != "0" && type_field != "1" && type_field != "2" && type_field != "3")
      t.fail(r, "layer type \"" + type_field + "\" (valid: 0 FC, 1 CONV, 2 DSCONV, 3 GEMM)");
    const int type = type_field[0] - '0';
    std::array<std::uint64_t, 6> v{};
    for (std::size_t c = 0; c < 6; ++c) v[c] = t.positive(r, c);
    layer l;
    l.name = net.name + "." + std::to_string(r - 1);
    if (gemm_form) {
      if (type != 3) t.fail(r, "an M,N,K table holds GEMMs only (type 3)");
      l.type = layer_type::gemm;
      l.k = v[1];  // N
      l.c = v[2];  // K
      l.p = v[0];  // M
    } else {
      const conv_geometry g = mode == shape_mode::true_shapes ? geometry[r - 1] : conv_geometry{};
      if (g.stride == 0) throw invalid_argument("accel", t.path + ": geometry stride 0 for row " + std::to_string(r));
      l.type = type == 1 ? layer_type::conv : type == 2 ? layer_type::depthwise : type == 3 ? layer_type::gemm : layer_type::fc;
      l.k = v[0];
      l.c = v[1];
      l.r = v[4];
      l.s = v[5];
      if (l.type == layer_type::depthwise && l.k != 1) t.fail(r, "a DSCONV row must have K = 1");
      l.p = out_size(t, r, v[2], l.r, g, "Y");
      l.q = out_size(t, r, v[3], l.s, g, "X");
      l.stride_h = l.stride_w = g.stride;
      l.pad_h = l.pad_w = g.pad;
    }
    try {
      validate(l);
    } catch (const invalid_argument& e) {
      t.fail(r, e.what());
    }
    net.layers.push_back(std::move(l));
  }
  return net;
}

network read_timeloop(const table& t) {
  if (!header_is(t, {"layer", "N", "C", "M", "R", "S", "P", "Q", "Hstride", "Wstride"}))
    t.fail(0, "header must be layer,N,C,M,R,S,P,Q,Hstride,Wstride");
  network net;
  net.name = std::filesystem::path(t.path).stem().string();
  for (std::size_t r = 1; r < t.rows.size(); ++r) {
    layer l;
    l.name = t.rows[r][0];
    if (l.name.empty()) t.fail(r, "empty layer name");
    l.n = t.positive(r, 1);
    l.c = t.positive(r, 2);
    l.k = t.positive(r, 3);
    l.r = t.positive(r, 4);
    l.s = t.positive(r, 5);
    l.p = t.positive(r, 6);
    l.q = t.positive(r, 7);
    l.stride_h = static_cast<std::uint32_t>(t.positive(r, 8));
    l.stride_w = static_cast<std::uint32_t>(t.positive(r, 9));
    net.layers.push_back(std::move(l));
  }
  return net;
}

}  // namespace

std::vector<conv_geometry> maestro_true_geometry(std::string_view name) {
  if (name == "maestro_alexnet") return {{4, 2}, {1, 2}, {1, 1}, {1, 1}, {1, 1}};
  if (name == "maestro_resnet18") {
    std::vector<conv_geometry> g(20, conv_geometry{1, 1});
    g[0] = {2, 3};
    for (std::size_t first : {5, 10, 15}) {
      g[first] = {2, 1};      // first 3×3 of stages 2-4
      g[first + 2] = {2, 0};  // the 1×1 projection shortcut
    }
    return g;
  }
  if (name == "maestro_vgg16") return std::vector<conv_geometry>(13, conv_geometry{1, 1});
  throw not_found("accel", "no stride/padding side table for \"" + std::string(name) +
                               "\" (have: maestro_alexnet, maestro_resnet18, maestro_vgg16)");
}

network load_maestro_layers(const std::filesystem::path& csv_path, shape_mode mode,
                            std::span<const conv_geometry> geometry) {
  return read_maestro(read_table(csv_path), mode, geometry);
}

network load_timeloop_layers(const std::filesystem::path& csv_path) { return read_timeloop(read_table(csv_path)); }

network load_layer_table(const std::filesystem::path& csv_path) {
  const table t = read_table(csv_path);
  if (!t.rows.front().empty() && t.rows.front().front() == "layer") return read_timeloop(t);
  return read_maestro(t, shape_mode::maestro_compat, {});
}

}  // namespace dsegym::sim::accel

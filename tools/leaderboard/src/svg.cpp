#include "dsegym/leaderboard/svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace dsegym::leaderboard {

namespace {

constexpr double width = 800, height = 480;
constexpr double left = 80, right = 200, top = 50, bottom = 60;
constexpr const char* palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                   "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string label(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", std::abs(v) < 1e-12 ? 0.0 : v);
  return buf;
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

/// About five "nice" tick values covering [lo, hi].
std::vector<double> ticks(double lo, double hi) {
  if (!(hi > lo)) return {lo};
  const double raw = (hi - lo) / 5;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  std::vector<double> out;
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push_back(t);
  return out;
}

}  // namespace

std::string render_svg(const chart& c) {
  double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, ylo = xlo, yhi = -xlo;
  for (const auto& s : c.series)
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (!std::isfinite(s.median[i])) continue;
      xlo = std::min(xlo, s.x[i]);
      xhi = std::max(xhi, s.x[i]);
      for (double y : {s.q25[i], s.median[i], s.q75[i]})
        if (std::isfinite(y)) ylo = std::min(ylo, y), yhi = std::max(yhi, y);
    }
  if (!std::isfinite(xlo)) xlo = 0, xhi = 1, ylo = 0, yhi = 1;
  if (xhi == xlo) xhi = xlo + 1;
  if (yhi == ylo) yhi = ylo + 1, ylo -= 1;
  const double pad = (yhi - ylo) * 0.05;
  ylo -= pad;
  yhi += pad;
  const double pw = width - left - right, ph = height - top - bottom;
  const auto px = [&](double x) { return left + (x - xlo) / (xhi - xlo) * pw; };
  const auto py = [&](double y) { return top + (1 - (y - ylo) / (yhi - ylo)) * ph; };

  std::string o;
  o += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"480\" viewBox=\"0 0 800 480\" "
       "font-family=\"sans-serif\" font-size=\"12\">\n";
  o += "<rect width=\"800\" height=\"480\" fill=\"white\"/>\n";
  o += "<text x=\"" + num(left) + "\" y=\"28\" font-size=\"15\" font-weight=\"bold\">" + escape(c.title) + "</text>\n";
  for (double t : ticks(ylo, yhi)) {
    o += "<line x1=\"" + num(left) + "\" x2=\"" + num(left + pw) + "\" y1=\"" + num(py(t)) + "\" y2=\"" + num(py(t)) +
         "\" stroke=\"#e5e5e5\"/>\n";
    o += "<text x=\"" + num(left - 6) + "\" y=\"" + num(py(t) + 4) + "\" text-anchor=\"end\">" + label(t) + "</text>\n";
  }
  for (double t : ticks(xlo, xhi)) {
    o += "<line x1=\"" + num(px(t)) + "\" x2=\"" + num(px(t)) + "\" y1=\"" + num(top) + "\" y2=\"" + num(top + ph) +
         "\" stroke=\"#f0f0f0\"/>\n";
    o += "<text x=\"" + num(px(t)) + "\" y=\"" + num(top + ph + 18) + "\" text-anchor=\"middle\">" + label(t) + "</text>\n";
  }
  o += "<rect x=\"" + num(left) + "\" y=\"" + num(top) + "\" width=\"" + num(pw) + "\" height=\"" + num(ph) +
       "\" fill=\"none\" stroke=\"#333\"/>\n";
  o += "<text x=\"" + num(left + pw / 2) + "\" y=\"" + num(height - 15) + "\" text-anchor=\"middle\">" +
       escape(c.x_label) + "</text>\n";
  o += "<text transform=\"translate(18," + num(top + ph / 2) + ") rotate(-90)\" text-anchor=\"middle\">" +
       escape(c.y_label) + "</text>\n";
  for (std::size_t k = 0; k < c.series.size(); ++k) {
    const auto& s = c.series[k];
    const std::string color = palette[k % std::size(palette)];
    std::string band, line;
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < s.x.size(); ++i)
      if (std::isfinite(s.median[i]) && std::isfinite(s.q25[i]) && std::isfinite(s.q75[i])) idx.push_back(i);
    if (idx.empty()) continue;
    for (auto i : idx) band += num(px(s.x[i])) + "," + num(py(s.q75[i])) + " ";
    for (auto it = idx.rbegin(); it != idx.rend(); ++it) band += num(px(s.x[*it])) + "," + num(py(s.q25[*it])) + " ";
    for (auto i : idx) line += num(px(s.x[i])) + "," + num(py(s.median[i])) + " ";
    o += "<polygon points=\"" + band + "\" fill=\"" + color + "\" fill-opacity=\"0.15\" stroke=\"none\"/>\n";
    o += "<polyline points=\"" + line + "\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\"/>\n";
    const double ly = top + 10 + 20.0 * static_cast<double>(k);
    o += "<line x1=\"" + num(left + pw + 15) + "\" x2=\"" + num(left + pw + 40) + "\" y1=\"" + num(ly) + "\" y2=\"" +
         num(ly) + "\" stroke=\"" + color + "\" stroke-width=\"3\"/>\n";
    o += "<text x=\"" + num(left + pw + 46) + "\" y=\"" + num(ly + 4) + "\">" + escape(s.name) + "</text>\n";
  }
  o += "<text x=\"" + num(left + pw + 15) + "\" y=\"" + num(top + ph) +
       "\" font-size=\"10\" fill=\"#555\">line: median, band: IQR</text>\n";
  o += "</svg>\n";
  return o;
}

}  // namespace dsegym::leaderboard

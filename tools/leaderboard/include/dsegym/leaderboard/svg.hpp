#pragma once
// A small SVG line-chart writer for anytime curves: one median line per series with a shaded
// interquartile band, axes with rounded ticks, and a legend. Output is plain text, byte-identical
// for identical input.

#include <string>
#include <vector>

namespace dsegym::leaderboard {

struct curve_series {
  std::string name;
  std::vector<double> x;
  std::vector<double> median;
  std::vector<double> q25;
  std::vector<double> q75;
};

struct chart {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<curve_series> series;
};

/// Renders `c` as an SVG document (800 x 480).
[[nodiscard]] std::string render_svg(const chart& c);

}  // namespace dsegym::leaderboard

// The pricing page's scatter chart (input against output price per 1M tokens, log scales) as SVG,
// drawn at build time. Every model is a linked dot with a <title> (hover) and keyboard focus;
// only a few carry a visible label, placed so that no two labels overlap and none leaves the plot.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "i18n/locale.h"

namespace ms {

struct ChartPoint {
  std::string id, href, title, provider;  // title: "name: $in / $out"
  double input = 0, output = 0;          // per 1M tokens, both > 0
  std::int64_t context = 0;              // 0 when unknown
};

// A visible label's box in the SVG's coordinates (text-anchor and font size applied).
struct ChartBox {
  double x0, y0, x1, y1;
};

struct ChartGeometry {
  static constexpr double width = 640, height = 400, left = 70, right = 20, top = 20, bottom = 50;
  static constexpr double font_px = 11, char_px = 6.7;  // .chart .label: 11px monospace, 0.6em per character
};

// The chart; "" when there are no points.
std::string price_chart_svg(const Localizer& loc, const std::vector<ChartPoint>& points);

}  // namespace ms

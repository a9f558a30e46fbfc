#include "viewmodel/price_chart.h"
#include "i18n/message_keys.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/decimal.h"
#include "core/text.h"

namespace ms {

namespace {

using G = ChartGeometry;

struct Scale {
  double x0, x1, y0, y1;
  double x(double v) const { return G::left + (std::log10(v) - x0) / (x1 - x0) * (G::width - G::left - G::right); }
  double y(double v) const { return G::height - G::bottom - (std::log10(v) - y0) / (y1 - y0) * (G::height - G::top - G::bottom); }
};

Scale scale_for(const std::vector<ChartPoint>& points) {
  double xmin = 1e300, xmax = 0, ymin = 1e300, ymax = 0;
  for (const auto& p : points) {
    xmin = std::min(xmin, p.input); xmax = std::max(xmax, p.input);
    ymin = std::min(ymin, p.output); ymax = std::max(ymax, p.output);
  }
  auto lo = [](double v) { return std::floor(std::log10(v)); };
  auto hi = [](double v) { return std::ceil(std::log10(v) + 1e-9); };
  double x0 = lo(xmin), y0 = lo(ymin);
  return {x0, std::max(hi(xmax), x0 + 1), y0, std::max(hi(ymax), y0 + 1)};
}

// The few points worth naming: the cheapest, the most expensive, the largest context window.
std::vector<std::size_t> labelled(const std::vector<ChartPoint>& points) {
  auto total = [&](std::size_t i) { return points[i].input + points[i].output; };
  std::size_t cheap = 0, dear = 0, large = 0;
  for (std::size_t i = 1; i < points.size(); ++i) {
    if (total(i) < total(cheap)) cheap = i;
    if (total(i) > total(dear)) dear = i;
    if (points[i].context > points[large].context) large = i;
  }
  std::vector<std::size_t> out;
  for (std::size_t i : {cheap, dear, large})
    if (std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
  return out;
}

bool overlaps(const ChartBox& a, const ChartBox& b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; }

struct Label {
  std::size_t point;
  double x, y;
  bool end;  // text-anchor="end"
};

// Tries right, left, above and below the dot; a label that fits nowhere is left out (its dot
// keeps its <title>).
std::vector<Label> place_labels(const std::vector<ChartPoint>& points, const Scale& s) {
  std::vector<Label> placed;
  std::vector<ChartBox> boxes;
  for (std::size_t i : labelled(points)) {
    double px = s.x(points[i].input), py = s.y(points[i].output);
    double w = static_cast<double>(points[i].id.size()) * G::char_px;
    const Label tries[] = {{i, px + 9, py + 4, false}, {i, px - 9, py + 4, true}, {i, px - w / 2, py - 10, false},
                           {i, px - w / 2, py + 18, false}};
    for (const auto& t : tries) {
      double x0 = t.end ? t.x - w : t.x;
      ChartBox b{x0, t.y - G::font_px * 0.8, x0 + w, t.y + G::font_px * 0.25};
      bool inside = b.x0 >= G::left && b.x1 <= G::width - G::right && b.y0 >= G::top && b.y1 <= G::height - G::bottom;
      if (!inside || std::any_of(boxes.begin(), boxes.end(), [&](const ChartBox& o) { return overlaps(b, o); })) continue;
      placed.push_back(t);
      boxes.push_back(b);
      break;
    }
  }
  return placed;
}

void axes(std::ostringstream& svg, const Localizer& loc, const Scale& s) {
  for (double e = s.x0; e <= s.x1; e += 1) {
    double x = s.x(std::pow(10, e));
    svg << "<line class=\"grid\" x1=\"" << x << "\" y1=\"" << G::top << "\" x2=\"" << x << "\" y2=\"" << G::height - G::bottom << "\"/>"
        << "<text class=\"tick\" x=\"" << x << "\" y=\"" << G::height - G::bottom + 18 << "\" text-anchor=\"middle\">"
        << html_escape(loc.price(Decimal::from_int(1).shifted(static_cast<int>(e)), "USD")) << "</text>";
  }
  for (double e = s.y0; e <= s.y1; e += 1) {
    double y = s.y(std::pow(10, e));
    svg << "<line class=\"grid\" x1=\"" << G::left << "\" y1=\"" << y << "\" x2=\"" << G::width - G::right << "\" y2=\"" << y << "\"/>"
        << "<text class=\"tick\" x=\"" << G::left - 6 << "\" y=\"" << y + 4 << "\" text-anchor=\"end\">"
        << html_escape(loc.price(Decimal::from_int(1).shifted(static_cast<int>(e)), "USD")) << "</text>";
  }
  svg << "<text class=\"axis\" x=\"" << (G::left + G::width - G::right) / 2 << "\" y=\"" << G::height - 8
      << "\" text-anchor=\"middle\">" << html_escape(loc.message(key<"pricing.per_1m_input">())) << "</text>"
      << "<text class=\"axis\" transform=\"translate(16 " << (G::top + G::height - G::bottom) / 2
      << ") rotate(-90)\" text-anchor=\"middle\">" << html_escape(loc.message(key<"pricing.per_1m_output">())) << "</text>";
}

}  // namespace

std::string price_chart_svg(const Localizer& loc, const std::vector<ChartPoint>& points) {
  if (points.empty()) return "";
  Scale s = scale_for(points);
  std::ostringstream svg;
  svg.setf(std::ios::fixed);
  svg.precision(1);
  svg << "<svg class=\"chart\" viewBox=\"0 0 " << G::width << " " << G::height
      << "\" role=\"group\" aria-labelledby=\"chart-title\" aria-describedby=\"chart-desc\" direction=\"ltr\">"
      << "<title id=\"chart-title\">" << html_escape(loc.message(key<"pricing.chart_title">())) << "</title><desc id=\"chart-desc\">"
      << html_escape(loc.message(key<"pricing.chart_desc">())) << "</desc>";
  axes(svg, loc, s);
  for (const auto& p : points)
    svg << "<a href=\"" << html_escape(p.href) << "\" data-provider=\"" << html_escape(p.provider) << "\"><circle class=\"dot\" cx=\""
        << s.x(p.input) << "\" cy=\"" << s.y(p.output) << "\" r=\"6\"><title>" << html_escape(p.title) << "</title></circle></a>";
  for (const auto& l : place_labels(points, s))
    svg << "<text class=\"label\" data-provider=\"" << html_escape(points[l.point].provider) << "\" x=\"" << l.x << "\" y=\""
        << l.y << "\"" << (l.end ? " text-anchor=\"end\"" : "") << ">"
        << html_escape(points[l.point].id) << "</text>";
  svg << "</svg>";
  return svg.str();
}

}  // namespace ms

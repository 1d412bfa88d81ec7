// Inline SVG charts for the HTML report (svg.hpp, docs/report.md).
#include "report/html/svg.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <utility>

#include "report/html/escape.hpp"
#include "util/number.hpp"

namespace shortlist::detail::svg {

namespace {

constexpr double width = 640;
constexpr double pad_right = 20;
constexpr double axis_height = 44;  ///< tick labels and the x axis label
constexpr double legend_height = 20;

/// A coordinate: one decimal, locale-free, without a trailing ".0".
std::string n(double v) {
    std::string s = format_fixed(v, 1);
    if (s.size() > 2 && s.ends_with(".0"))
        s.resize(s.size() - 2);
    return s;
}

/// A tick label: up to six decimals, trailing zeros dropped.
std::string tick_text(double v) {
    return format_trimmed(v);
}

/// A linear map from [lo, hi] to [a, b] (degenerate ranges map to a).
struct Scale {
    double lo, hi, a, b;
    [[nodiscard]] double operator()(double v) const {
        if (!(hi > lo))
            return a;
        return a + (std::clamp(v, lo, hi) - lo) / (hi - lo) * (b - a);
    }
};

/// Labels longer than this are cut (the full text stays in a <title>).
constexpr std::size_t max_label = 34;

std::string short_label(std::string_view s) {
    if (s.size() <= max_label)
        return std::string(s);
    std::size_t cut = max_label - 1;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
        --cut;  // not inside a UTF-8 sequence
    return std::string(s.substr(0, cut)) + "\xE2\x80\xA6";
}

void open(std::string& s, const Frame& f, double height) {
    s += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 " + n(width) +
         ' ' + n(height) + "\" width=\"" + n(width) + "\" height=\"" + n(height) +
         "\" role=\"img\" aria-labelledby=\"";
    append_escaped(s, f.id);
    s += "-title ";
    append_escaped(s, f.id);
    s += "-desc\"><title id=\"";
    append_escaped(s, f.id);
    s += "-title\">";
    append_escaped(s, f.title);
    s += "</title><desc id=\"";
    append_escaped(s, f.id);
    s += "-desc\">";
    append_escaped(s, f.description);
    s += "</desc>";
}

void text(std::string& s, double x, double y, std::string_view css, std::string_view anchor,
          std::string_view content) {
    s += "<text class=\"" + std::string(css) + "\" x=\"" + n(x) + "\" y=\"" + n(y) +
         "\" text-anchor=\"" + std::string(anchor) + "\">";
    append_escaped(s, content);
    s += "</text>";
}

void line(std::string& s, std::string_view css, double x1, double y1, double x2, double y2) {
    s += "<line class=\"" + std::string(css) + "\" x1=\"" + n(x1) + "\" y1=\"" + n(y1) +
         "\" x2=\"" + n(x2) + "\" y2=\"" + n(y2) + "\"/>";
}

void rect(std::string& s, std::string_view css, double x, double y, double w, double h,
          std::string_view tooltip) {
    s += "<rect class=\"";
    append_escaped(s, css);
    s += "\" x=\"" + n(x) + "\" y=\"" + n(y) + "\" width=\"" + n(std::max(w, 0.0)) +
         "\" height=\"" + n(std::max(h, 0.0)) + "\"><title>";
    append_escaped(s, tooltip);
    s += "</title></rect>";
}

/// The horizontal value axis at y (ticks, grid lines up to `top`, label).
void x_axis(std::string& s, const Scale& x, double y, double top, std::string_view label) {
    line(s, "axis", x.a, y, x.b, y);
    for (const double t : nice_ticks(x.lo, x.hi)) {
        line(s, "grid", x(t), top, x(t), y);
        line(s, "axis", x(t), y, x(t), y + 4);
        text(s, x(t), y + 16, "tick", "middle", tick_text(t));
    }
    text(s, (x.a + x.b) / 2, y + 34, "label", "middle", label);
}

/// The height of the band above the plot that holds `n` marker labels.
double marker_band(std::size_t n) {
    return n == 0 ? 0 : 4 + 13.0 * static_cast<double>(n);
}

/// Vertical marker lines down to `bottom`, each label on its own row of the
/// band that ends at `plot_top` (so that labels never cover the data).
void x_markers(std::string& s, const Scale& x, const std::vector<Marker>& markers, double plot_top,
               double bottom) {
    double label_y = plot_top - marker_band(markers.size()) + 11;
    for (const auto& m : markers) {
        const double at = x(m.value);
        line(s, m.css_class, at, label_y + 2, at, bottom);
        const bool right_half = at > (x.a + x.b) / 2 + (x.b - x.a) / 4;
        text(s, right_half ? at - 4 : at + 4, label_y, m.css_class + "-label",
             right_half ? "end" : "start", m.label);
        label_y += 13;
    }
}

void legend(std::string& s, const std::vector<LegendItem>& items, double x0, double y) {
    double x = x0;
    for (const auto& item : items) {
        s += "<rect class=\"";
        append_escaped(s, item.css_class);
        s += "\" x=\"" + n(x) + "\" y=\"" + n(y - 9) + "\" width=\"10\" height=\"10\"/>";
        text(s, x + 14, y, "legend", "start", item.label);
        x += 24 + 6.5 * static_cast<double>(item.label.size());
    }
}

/// A chart's opening tag, sized from the plot's bottom: the x axis band and,
/// when there is one, the legend below it.
std::string open_chart(const Frame& f, double bottom) {
    std::string s;
    open(s, f, bottom + axis_height + (f.legend.empty() ? 0 : legend_height));
    return s;
}

/// The legend, if any, and the closing tag.
std::string close_chart(std::string s, const Frame& f, double left, double bottom) {
    if (!f.legend.empty())
        legend(s, f.legend, left, bottom + axis_height + 12);
    s += "</svg>";
    return s;
}

/// Space for the bar labels: about 6.5 px a character, 60 to 240 px.
double label_width(const std::vector<Bar>& bars) {
    std::size_t longest = 0;
    for (const auto& b : bars)
        longest = std::max(longest, std::min(b.label.size(), max_label));
    return std::clamp(12 + 6.5 * static_cast<double>(longest), 60.0, 240.0);
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, std::size_t target) {
    std::vector<double> ticks;
    if (!(hi > lo) || target == 0 || !std::isfinite(lo) || !std::isfinite(hi))
        return ticks;
    const double raw = (hi - lo) / static_cast<double>(target);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double norm = raw / magnitude;
    const double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * magnitude;
    const double first = std::ceil(lo / step - 1e-9);
    for (double k = first; k * step <= hi + step * 1e-9; k += 1)
        ticks.push_back(round6(k * step));
    return ticks;
}

std::string histogram(const Histogram& c) {
    const double left = 48, top = 12 + marker_band(c.markers.size()), plot_h = 170;
    const double bottom = top + plot_h;
    std::string s = open_chart(c.frame, bottom);
    std::size_t most = 1;
    for (const auto c_ : c.counts)
        most = std::max(most, c_);
    const std::vector<double> y_ticks = nice_ticks(0, static_cast<double>(most), 4);
    const double y_max = std::max(static_cast<double>(most), y_ticks.empty() ? 1 : y_ticks.back());
    const Scale y{0, y_max, bottom, top};
    for (const double t : y_ticks) {
        if (t != std::floor(t))
            continue;  // counts are whole
        line(s, "grid", left, y(t), width - pad_right, y(t));
        text(s, left - 6, y(t) + 4, "tick", "end", tick_text(t));
    }
    const Scale x{c.lo, c.hi, left, width - pad_right};
    x_axis(s, x, bottom, top, c.frame.x_label);
    const double bins = static_cast<double>(std::max<std::size_t>(c.counts.size(), 1));
    const double step = (c.hi - c.lo) / bins;
    for (std::size_t i = 0; i < c.counts.size(); ++i) {
        const double from = c.lo + step * static_cast<double>(i);
        const double x0 = x(from), x1 = x(from + step);
        const double count = static_cast<double>(c.counts[i]);
        rect(
            s, "bar", x0 + 0.5, y(count), x1 - x0 - 1, bottom - y(count),
            tick_text(from) + " to " + tick_text(from + step) + ": " + std::to_string(c.counts[i]));
    }
    x_markers(s, x, c.markers, top, bottom);
    return close_chart(std::move(s), c.frame, left, bottom);
}

std::string bar_chart(const BarChart& c) {
    const double left = label_width(c.bars), top = 8 + marker_band(c.markers.size()), row = 22;
    const double plot_h = row * static_cast<double>(std::max<std::size_t>(c.bars.size(), 1));
    const double bottom = top + plot_h;
    std::string s = open_chart(c.frame, bottom);
    const Scale x{c.lo, c.hi, left, width - pad_right};
    x_axis(s, x, bottom, top, c.frame.x_label);
    const double base = x(c.lo <= 0 && c.hi >= 0 ? 0.0 : c.lo);
    for (std::size_t i = 0; i < c.bars.size(); ++i) {
        const Bar& b = c.bars[i];
        const double y0 = top + row * static_cast<double>(i);
        const double mid = y0 + row / 2;
        text(s, left - 6, mid + 4, "tick", "end", short_label(b.label));
        const double at = x(b.value);
        rect(s, b.css_class, std::min(base, at), y0 + 4, std::abs(at - base), row - 8,
             b.tooltip.empty() ? b.label + ": " + format_trimmed(b.value) : b.tooltip);
        if (b.lo && b.hi) {
            line(s, "interval", x(*b.lo), mid, x(*b.hi), mid);
            line(s, "interval", x(*b.lo), mid - 5, x(*b.lo), mid + 5);
            line(s, "interval", x(*b.hi), mid - 5, x(*b.hi), mid + 5);
        }
    }
    line(s, "axis", base, top, base, bottom);
    x_markers(s, x, c.markers, top, bottom);
    return close_chart(std::move(s), c.frame, left, bottom);
}

std::string scatter(const Scatter& c) {
    const double left = 56, top = 12 + marker_band(c.x_markers.size()), plot_h = 200;
    const double bottom = top + plot_h;
    std::string s = open_chart(c.frame, bottom);
    const Scale x{c.x_lo, c.x_hi, left, width - pad_right};
    const Scale y{c.y_lo, c.y_hi, bottom, top};
    for (const double t : nice_ticks(c.y_lo, c.y_hi, 4)) {
        line(s, "grid", left, y(t), width - pad_right, y(t));
        text(s, left - 6, y(t) + 4, "tick", "end", tick_text(t));
    }
    line(s, "axis", left, top, left, bottom);
    s += "<text class=\"label\" transform=\"translate(14 " + n((top + bottom) / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">";
    append_escaped(s, c.y_label);
    s += "</text>";
    x_axis(s, x, bottom, top, c.frame.x_label);
    x_markers(s, x, c.x_markers, top, bottom);
    for (const auto& m : c.y_markers) {
        line(s, m.css_class, left, y(m.value), width - pad_right, y(m.value));
        text(s, width - pad_right - 4, y(m.value) - 4, m.css_class + "-label", "end", m.label);
    }
    for (const auto& p : c.points) {
        s += "<circle class=\"";
        append_escaped(s, p.css_class);
        s += "\" cx=\"" + n(x(p.x)) + "\" cy=\"" + n(y(p.y)) + "\" r=\"3.5\"><title>";
        append_escaped(s, p.tooltip);
        s += "</title></circle>";
    }
    return close_chart(std::move(s), c.frame, left, bottom);
}

}  // namespace shortlist::detail::svg

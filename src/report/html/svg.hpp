// The report's charts as inline SVG: a histogram with marker lines, horizontal
// bars with intervals, and a scatter plot (docs/report.md). Deterministic
// bytes: coordinates are written with one decimal by std::to_chars, nothing
// depends on time, locale or randomness. Every chart carries a <title> and a
// <desc> (referenced by aria-labelledby) and draws with CSS classes that the
// report's stylesheet colours: axis, grid, bar, interval, marker, point and
// whatever classes the caller gives bars and points.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace shortlist::detail::svg {

/// A labelled line across the plot at `value` on the value axis.
struct Marker {
    double value = 0;
    std::string label;
    std::string css_class = "marker";
};

/// A coloured swatch and its text, drawn under the x axis label.
struct LegendItem {
    std::string css_class;
    std::string label;
};

/// What every chart has: ids (`id`-title, `id`-desc), a title and a text
/// description for screen readers and for anyone the picture does not reach.
struct Frame {
    std::string id;
    std::string title;
    std::string description;
    std::string x_label;
    std::vector<LegendItem> legend;
};

/// Counts of values in equal bins that split [lo, hi].
struct Histogram {
    Frame frame;
    double lo = 0;
    double hi = 1;
    std::vector<std::size_t> counts;
    std::vector<Marker> markers;  ///< vertical lines on the value axis
};

struct Bar {
    std::string label;
    double value = 0;
    std::optional<double> lo;  ///< an interval drawn over the bar, when both ends are given
    std::optional<double> hi;
    std::string css_class = "bar";
    std::string tooltip;  ///< the bar's <title>; empty: label and value
};

/// Horizontal bars from the baseline (0 when the axis spans it, else `lo`).
struct BarChart {
    Frame frame;
    double lo = 0;
    double hi = 1;
    std::vector<Bar> bars;
    std::vector<Marker> markers;  ///< vertical lines on the value axis
};

struct Point {
    double x = 0;
    double y = 0;
    std::string css_class = "point";
    std::string tooltip;
};

struct Scatter {
    Frame frame;
    std::string y_label;
    double x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;
    std::vector<Point> points;
    std::vector<Marker> x_markers;  ///< vertical lines
    std::vector<Marker> y_markers;  ///< horizontal lines
};

/// About `target` round tick values (1, 2 or 5 times a power of ten apart)
/// from the first multiple of the step at or above lo to hi.
[[nodiscard]] std::vector<double> nice_ticks(double lo, double hi, std::size_t target = 5);

[[nodiscard]] std::string histogram(const Histogram& chart);
[[nodiscard]] std::string bar_chart(const BarChart& chart);
[[nodiscard]] std::string scatter(const Scatter& chart);

}  // namespace shortlist::detail::svg

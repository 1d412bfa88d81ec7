// The report's SVG chart primitives (src/report/html/svg.hpp): exact bytes for
// small inputs, so that the report is byte-deterministic and verify can
// reproduce it. The expected coordinates were checked by hand against the
// layout (see each case's comment) before they were pasted here.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "report/html/escape.hpp"
#include "report/html/svg.hpp"

using namespace shortlist::detail;
using namespace shortlist::detail::svg;

TEST_CASE("nice_ticks: 1, 2 or 5 times a power of ten", "[html_svg]") {
    CHECK(nice_ticks(0, 10) == std::vector<double>{0, 2, 4, 6, 8, 10});
    CHECK(nice_ticks(0, 100) == std::vector<double>{0, 20, 40, 60, 80, 100});
    CHECK(nice_ticks(-1, 1) == std::vector<double>{-1, -0.5, 0, 0.5, 1});
    CHECK(nice_ticks(0, 3, 4) == std::vector<double>{0, 1, 2, 3});
    CHECK(nice_ticks(0.13, 0.91, 4) == std::vector<double>{0.2, 0.4, 0.6, 0.8});
    CHECK(nice_ticks(1, 1).empty());
    CHECK(nice_ticks(2, 1).empty());
}

TEST_CASE("escape_html: every character that could end text or an attribute", "[html_svg]") {
    CHECK(escape_html("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
    CHECK(escape_html("a\"b'c&d") == "a&quot;b&#39;c&amp;d");
    CHECK(escape_html(std::string("x\0y\x01\tz", 6)) == "x\xEF\xBF\xBDy\xEF\xBF\xBD\tz");
    CHECK(escape_html("caf\xC3\xA9") == "caf\xC3\xA9");  // UTF-8 passes through
}

// Plot area x 48..620 (640 wide, 48 left, 20 right); one marker row (17 px)
// above the plot, so the plot spans y 29..199 (170 high). Counts 1 and 3 on a
// 0..3 count axis: heights 56.7 and 170. Bins 0..5 and 5..10 end at x 334,
// where the marker at 5 is drawn. Text is escaped in the title and desc.
TEST_CASE("histogram: exact SVG for two bins and a marker", "[html_svg]") {
    Histogram h;
    h.frame.id = "h";
    h.frame.title = "T<1>";
    h.frame.description = "D&";
    h.frame.x_label = "x";
    h.lo = 0;
    h.hi = 10;
    h.counts = {1, 3};
    h.markers = {{5, "cut", "marker-cut"}};
    const std::string expected =
        R"svg(<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 640 243" width="640" height="243" role="img" aria-labelledby="h-title h-desc">)svg"
        R"svg(<title id="h-title">T&lt;1&gt;</title>)svg"
        R"svg(<desc id="h-desc">D&amp;</desc>)svg"
        R"svg(<line class="grid" x1="48" y1="199" x2="620" y2="199"/>)svg"
        R"svg(<text class="tick" x="42" y="203" text-anchor="end">0</text>)svg"
        R"svg(<line class="grid" x1="48" y1="142.3" x2="620" y2="142.3"/>)svg"
        R"svg(<text class="tick" x="42" y="146.3" text-anchor="end">1</text>)svg"
        R"svg(<line class="grid" x1="48" y1="85.7" x2="620" y2="85.7"/>)svg"
        R"svg(<text class="tick" x="42" y="89.7" text-anchor="end">2</text>)svg"
        R"svg(<line class="grid" x1="48" y1="29" x2="620" y2="29"/>)svg"
        R"svg(<text class="tick" x="42" y="33" text-anchor="end">3</text>)svg"
        R"svg(<line class="axis" x1="48" y1="199" x2="620" y2="199"/>)svg"
        R"svg(<line class="grid" x1="48" y1="29" x2="48" y2="199"/>)svg"
        R"svg(<line class="axis" x1="48" y1="199" x2="48" y2="203"/>)svg"
        R"svg(<text class="tick" x="48" y="215" text-anchor="middle">0</text>)svg"
        R"svg(<line class="grid" x1="162.4" y1="29" x2="162.4" y2="199"/>)svg"
        R"svg(<line class="axis" x1="162.4" y1="199" x2="162.4" y2="203"/>)svg"
        R"svg(<text class="tick" x="162.4" y="215" text-anchor="middle">2</text>)svg"
        R"svg(<line class="grid" x1="276.8" y1="29" x2="276.8" y2="199"/>)svg"
        R"svg(<line class="axis" x1="276.8" y1="199" x2="276.8" y2="203"/>)svg"
        R"svg(<text class="tick" x="276.8" y="215" text-anchor="middle">4</text>)svg"
        R"svg(<line class="grid" x1="391.2" y1="29" x2="391.2" y2="199"/>)svg"
        R"svg(<line class="axis" x1="391.2" y1="199" x2="391.2" y2="203"/>)svg"
        R"svg(<text class="tick" x="391.2" y="215" text-anchor="middle">6</text>)svg"
        R"svg(<line class="grid" x1="505.6" y1="29" x2="505.6" y2="199"/>)svg"
        R"svg(<line class="axis" x1="505.6" y1="199" x2="505.6" y2="203"/>)svg"
        R"svg(<text class="tick" x="505.6" y="215" text-anchor="middle">8</text>)svg"
        R"svg(<line class="grid" x1="620" y1="29" x2="620" y2="199"/>)svg"
        R"svg(<line class="axis" x1="620" y1="199" x2="620" y2="203"/>)svg"
        R"svg(<text class="tick" x="620" y="215" text-anchor="middle">10</text>)svg"
        R"svg(<text class="label" x="334" y="233" text-anchor="middle">x</text>)svg"
        R"svg(<rect class="bar" x="48.5" y="142.3" width="285" height="56.7">)svg"
        R"svg(<title>0 to 5: 1</title>)svg"
        R"svg(</rect>)svg"
        R"svg(<rect class="bar" x="334.5" y="29" width="285" height="170">)svg"
        R"svg(<title>5 to 10: 3</title>)svg"
        R"svg(</rect>)svg"
        R"svg(<line class="marker-cut" x1="334" y1="25" x2="334" y2="199"/>)svg"
        R"svg(<text class="marker-cut-label" x="338" y="23" text-anchor="start">cut</text>)svg"
        R"svg(</svg>)svg";
    CHECK(histogram(h) == expected);
}

// Labels of one character: the label column is its minimum, 60 px, so the
// value axis -1..1 spans x 60..620 and 0 is at 340. Rows of 22 px from y 8:
// bar a (0.5) from 340 to 480 with its interval 0.25..0.75 at 410..550; bar b
// (-0.5) from 200 to 340, titled by its tooltip.
TEST_CASE("bar_chart: exact SVG for a bar with an interval and a negative bar", "[html_svg]") {
    BarChart b;
    b.frame.id = "b";
    b.frame.title = "B";
    b.frame.description = "bars";
    b.frame.x_label = "v";
    b.lo = -1;
    b.hi = 1;
    b.bars = {{"a", 0.5, 0.25, 0.75, "bar", ""},
              {"b", -0.5, std::nullopt, std::nullopt, "bar-flag", "b tip"}};
    const std::string expected =
        R"svg(<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 640 96" width="640" height="96" role="img" aria-labelledby="b-title b-desc">)svg"
        R"svg(<title id="b-title">B</title>)svg"
        R"svg(<desc id="b-desc">bars</desc>)svg"
        R"svg(<line class="axis" x1="60" y1="52" x2="620" y2="52"/>)svg"
        R"svg(<line class="grid" x1="60" y1="8" x2="60" y2="52"/>)svg"
        R"svg(<line class="axis" x1="60" y1="52" x2="60" y2="56"/>)svg"
        R"svg(<text class="tick" x="60" y="68" text-anchor="middle">-1</text>)svg"
        R"svg(<line class="grid" x1="200" y1="8" x2="200" y2="52"/>)svg"
        R"svg(<line class="axis" x1="200" y1="52" x2="200" y2="56"/>)svg"
        R"svg(<text class="tick" x="200" y="68" text-anchor="middle">-0.5</text>)svg"
        R"svg(<line class="grid" x1="340" y1="8" x2="340" y2="52"/>)svg"
        R"svg(<line class="axis" x1="340" y1="52" x2="340" y2="56"/>)svg"
        R"svg(<text class="tick" x="340" y="68" text-anchor="middle">0</text>)svg"
        R"svg(<line class="grid" x1="480" y1="8" x2="480" y2="52"/>)svg"
        R"svg(<line class="axis" x1="480" y1="52" x2="480" y2="56"/>)svg"
        R"svg(<text class="tick" x="480" y="68" text-anchor="middle">0.5</text>)svg"
        R"svg(<line class="grid" x1="620" y1="8" x2="620" y2="52"/>)svg"
        R"svg(<line class="axis" x1="620" y1="52" x2="620" y2="56"/>)svg"
        R"svg(<text class="tick" x="620" y="68" text-anchor="middle">1</text>)svg"
        R"svg(<text class="label" x="340" y="86" text-anchor="middle">v</text>)svg"
        R"svg(<text class="tick" x="54" y="23" text-anchor="end">a</text>)svg"
        R"svg(<rect class="bar" x="340" y="12" width="140" height="14">)svg"
        R"svg(<title>a: 0.5</title>)svg"
        R"svg(</rect>)svg"
        R"svg(<line class="interval" x1="410" y1="19" x2="550" y2="19"/>)svg"
        R"svg(<line class="interval" x1="410" y1="14" x2="410" y2="24"/>)svg"
        R"svg(<line class="interval" x1="550" y1="14" x2="550" y2="24"/>)svg"
        R"svg(<text class="tick" x="54" y="45" text-anchor="end">b</text>)svg"
        R"svg(<rect class="bar-flag" x="200" y="34" width="140" height="14">)svg"
        R"svg(<title>b tip</title>)svg"
        R"svg(</rect>)svg"
        R"svg(<line class="axis" x1="340" y1="8" x2="340" y2="52"/>)svg"
        R"svg(</svg>)svg";
    CHECK(bar_chart(b) == expected);
}

// Plot x 56..620 for 0..4 (141 px a unit), y 212..12 for 0..1 (200 px): the
// point (1, 0.5) at (197, 112), (3, 1) at (479, 12); the 95% line at y 22.
TEST_CASE("scatter: exact SVG for two points and a horizontal marker", "[html_svg]") {
    Scatter s;
    s.frame.id = "s";
    s.frame.title = "S";
    s.frame.description = "pts";
    s.frame.x_label = "x";
    s.y_label = "y";
    s.x_lo = 0;
    s.x_hi = 4;
    s.y_lo = 0;
    s.y_hi = 1;
    s.points = {{1, 0.5, "point", "p1"}, {3, 1, "point-core", "p2"}};
    s.y_markers = {{0.95, "95%", "marker-soft"}};
    const std::string expected =
        R"svg(<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 640 256" width="640" height="256" role="img" aria-labelledby="s-title s-desc">)svg"
        R"svg(<title id="s-title">S</title>)svg"
        R"svg(<desc id="s-desc">pts</desc>)svg"
        R"svg(<line class="grid" x1="56" y1="212" x2="620" y2="212"/>)svg"
        R"svg(<text class="tick" x="50" y="216" text-anchor="end">0</text>)svg"
        R"svg(<line class="grid" x1="56" y1="172" x2="620" y2="172"/>)svg"
        R"svg(<text class="tick" x="50" y="176" text-anchor="end">0.2</text>)svg"
        R"svg(<line class="grid" x1="56" y1="132" x2="620" y2="132"/>)svg"
        R"svg(<text class="tick" x="50" y="136" text-anchor="end">0.4</text>)svg"
        R"svg(<line class="grid" x1="56" y1="92" x2="620" y2="92"/>)svg"
        R"svg(<text class="tick" x="50" y="96" text-anchor="end">0.6</text>)svg"
        R"svg(<line class="grid" x1="56" y1="52" x2="620" y2="52"/>)svg"
        R"svg(<text class="tick" x="50" y="56" text-anchor="end">0.8</text>)svg"
        R"svg(<line class="grid" x1="56" y1="12" x2="620" y2="12"/>)svg"
        R"svg(<text class="tick" x="50" y="16" text-anchor="end">1</text>)svg"
        R"svg(<line class="axis" x1="56" y1="12" x2="56" y2="212"/>)svg"
        R"svg(<text class="label" transform="translate(14 112) rotate(-90)" text-anchor="middle">y</text>)svg"
        R"svg(<line class="axis" x1="56" y1="212" x2="620" y2="212"/>)svg"
        R"svg(<line class="grid" x1="56" y1="12" x2="56" y2="212"/>)svg"
        R"svg(<line class="axis" x1="56" y1="212" x2="56" y2="216"/>)svg"
        R"svg(<text class="tick" x="56" y="228" text-anchor="middle">0</text>)svg"
        R"svg(<line class="grid" x1="197" y1="12" x2="197" y2="212"/>)svg"
        R"svg(<line class="axis" x1="197" y1="212" x2="197" y2="216"/>)svg"
        R"svg(<text class="tick" x="197" y="228" text-anchor="middle">1</text>)svg"
        R"svg(<line class="grid" x1="338" y1="12" x2="338" y2="212"/>)svg"
        R"svg(<line class="axis" x1="338" y1="212" x2="338" y2="216"/>)svg"
        R"svg(<text class="tick" x="338" y="228" text-anchor="middle">2</text>)svg"
        R"svg(<line class="grid" x1="479" y1="12" x2="479" y2="212"/>)svg"
        R"svg(<line class="axis" x1="479" y1="212" x2="479" y2="216"/>)svg"
        R"svg(<text class="tick" x="479" y="228" text-anchor="middle">3</text>)svg"
        R"svg(<line class="grid" x1="620" y1="12" x2="620" y2="212"/>)svg"
        R"svg(<line class="axis" x1="620" y1="212" x2="620" y2="216"/>)svg"
        R"svg(<text class="tick" x="620" y="228" text-anchor="middle">4</text>)svg"
        R"svg(<text class="label" x="338" y="246" text-anchor="middle">x</text>)svg"
        R"svg(<line class="marker-soft" x1="56" y1="22" x2="620" y2="22"/>)svg"
        R"svg(<text class="marker-soft-label" x="616" y="18" text-anchor="end">95%</text>)svg"
        R"svg(<circle class="point" cx="197" cy="112" r="3.5">)svg"
        R"svg(<title>p1</title>)svg"
        R"svg(</circle>)svg"
        R"svg(<circle class="point-core" cx="479" cy="12" r="3.5">)svg"
        R"svg(<title>p2</title>)svg"
        R"svg(</circle>)svg"
        R"svg(</svg>)svg";
    CHECK(scatter(s) == expected);
}

TEST_CASE("charts escape labels and cut long ones at a character boundary", "[html_svg]") {
    BarChart b;
    b.frame.id = "x\"y";
    Bar hostile;
    hostile.label = "<script>alert(1)</script>";
    Bar long_label;
    long_label.label = std::string(32, 'a') + "\xC3\xA9\xC3\xA9";
    b.bars = {hostile, long_label};
    const std::string svg = bar_chart(b);
    CHECK(svg.find("<script>") == std::string::npos);
    CHECK(svg.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(svg.find("aria-labelledby=\"x&quot;y-title x&quot;y-desc\"") != std::string::npos);
    // 34 bytes at most: 32 a's, then the first é would straddle byte 33, so
    // the cut is after the a's and an ellipsis follows.
    CHECK(svg.find(">" + std::string(32, 'a') + "\xE2\x80\xA6</text>") != std::string::npos);
}

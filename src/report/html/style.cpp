// The report's stylesheet: screen and print (docs/report.md). Inline only; the
// Content-Security-Policy allows nothing else.
#include "report/html/sections.hpp"

namespace shortlist::detail::html {

namespace {

constexpr std::string_view css =
    R"css(:root{--ink:#1c2430;--muted:#5b6675;--line:#d8dee6;--paper:#fff;--wash:#f4f6f9;
--accent:#1d4e89;--on:#2f6db5;--rest:#a9b4c2;--guar:#7a4fb5;--flag:#c2410c;--cut:#b91c1c;
--pass:#a16207;--core:#1d7a46;--edge:#d97706;--out:#9aa5b1}
*{box-sizing:border-box}
html{font-family:"Source Sans 3","Segoe UI","Helvetica Neue",Arial,sans-serif;font-size:15px;
color:var(--ink);background:var(--wash);line-height:1.45}
body{margin:0}
.masthead{background:var(--accent);color:#fff;padding:28px 40px 22px}
.masthead h1{margin:4px 0 6px;font-size:28px;font-weight:600;letter-spacing:-.01em}
.masthead .kicker{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:12px;opacity:.8}
.masthead .meta{margin:0;opacity:.9;font-size:14px}
nav{background:var(--paper);border-bottom:1px solid var(--line);padding:0 40px}
nav ol{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:2px 18px}
nav a{display:inline-block;padding:10px 0;color:var(--accent);text-decoration:none;font-size:14px}
nav a:hover{text-decoration:underline}
main{max-width:1180px;margin:0 auto;padding:20px 24px 40px}
section{background:var(--paper);border:1px solid var(--line);border-radius:6px;
padding:18px 24px 20px;margin:0 0 20px}
h2{font-size:20px;margin:0 0 12px;color:var(--accent);font-weight:600}
h3{font-size:16px;margin:18px 0 8px}
p{margin:8px 0}
.note{color:var(--muted);font-style:italic}
code{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:13px}
.figures{display:flex;flex-wrap:wrap;gap:12px;margin:4px 0 16px}
.figure-card{flex:1 1 140px;border:1px solid var(--line);border-left:4px solid var(--accent);
border-radius:4px;padding:10px 14px;background:var(--wash)}
.figure-card .value{display:block;font-size:26px;font-weight:600}
.figure-card .label{color:var(--muted);font-size:13px}
.figure-card.is-shortlisted{border-left-color:var(--on)}
.figure-card.is-guaranteed{border-left-color:var(--guar)}
.figure-card.is-rest{border-left-color:var(--rest)}
.figure-card.is-ineligible{border-left-color:var(--flag)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px;margin:0 0 16px}
dl.facts dt{font-weight:600;color:var(--muted)}
dl.facts dd{margin:0}
dl.facts ul{margin:0;padding-left:18px}
table.data{border-collapse:collapse;width:100%;font-size:13px}
table.data caption{text-align:left;font-weight:600;padding:0 0 6px;color:var(--muted)}
table.data th,table.data td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;
vertical-align:top}
table.data thead th{background:var(--wash);border-bottom:2px solid var(--line);
position:sticky;top:0}
table.data td.num,table.data th.num{text-align:right;font-variant-numeric:tabular-nums}
table.compact td,table.compact th{padding:3px 6px}
.table-scroll{max-height:420px;overflow:auto;border:1px solid var(--line);border-radius:4px}
.ci{color:var(--muted);font-size:12px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;color:#fff;
background:var(--rest)}
.badge-shortlisted{background:var(--on)}
.badge-guaranteed_interview{background:var(--guar)}
.badge-not_shortlisted{background:#6b7785}
.badge-not_eligible{background:var(--flag)}
figure.chart-figure{margin:8px 0 16px;display:grid;grid-template-columns:minmax(0,640px) minmax(0,1fr);
gap:16px 24px;align-items:start}
figure.chart-figure.stacked{grid-template-columns:minmax(0,1fr)}
figure.chart-figure.stacked .chart-data{max-height:none}
figure.chart-figure figcaption{grid-column:1/-1;color:var(--muted);font-size:13px}
figure .chart-data{max-height:460px;overflow:auto}
svg.chart{max-width:100%;height:auto;font-family:inherit;font-size:11px}
svg .axis{stroke:#4a5563;stroke-width:1}
svg .grid{stroke:#e6eaf0;stroke-width:1}
svg .tick{fill:#4a5563}
svg .label,svg .legend{fill:var(--ink);font-size:12px}
svg .bar{fill:var(--on)}
svg .bar-on{fill:var(--on)}
svg .bar-rest{fill:var(--rest)}
svg .bar-flag{fill:var(--flag)}
svg .interval{stroke:var(--ink);stroke-width:1.5}
svg .marker,svg .marker-soft{stroke:var(--muted);stroke-width:1;stroke-dasharray:3 3}
svg .marker-cut{stroke:var(--cut);stroke-width:2;stroke-dasharray:6 3}
svg .marker-pass{stroke:var(--pass);stroke-width:2;stroke-dasharray:2 3}
svg .marker-label,svg .marker-soft-label{fill:var(--muted)}
svg .marker-cut-label{fill:var(--cut);font-weight:600}
svg .marker-pass-label{fill:var(--pass);font-weight:600}
svg .point-core{fill:var(--core)}
svg .point-boundary{fill:var(--edge)}
svg .point-out{fill:var(--out)}
.id-list{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12px;color:var(--muted)}
details.applicant{border:1px solid var(--line);border-radius:4px;margin:0 0 6px}
details.applicant>summary{cursor:pointer;padding:6px 10px;display:flex;gap:10px;align-items:center}
details.applicant[open]>summary{background:var(--wash);border-bottom:1px solid var(--line)}
details.applicant .rank{min-width:3em;color:var(--muted);font-variant-numeric:tabular-nums}
details.applicant .aid{font-weight:600;min-width:8em}
details.applicant .total{margin-left:auto;font-variant-numeric:tabular-nums}
.explain{padding:8px 14px 12px}
.reasons{margin:4px 0 8px;padding-left:20px}
.crit-text{color:var(--muted);font-size:12px}
details.more,details.notes{margin:8px 0}
details.more>summary,details.notes>summary{cursor:pointer;color:var(--accent)}
pre.audit{background:var(--wash);border:1px solid var(--line);border-radius:4px;padding:12px;
overflow:auto;font-size:12px;white-space:pre-wrap;word-break:break-all}
footer{max-width:1180px;margin:0 auto;padding:0 24px 30px;color:var(--muted);font-size:12px}
@media (max-width:900px){figure.chart-figure{grid-template-columns:1fr}}
@media print{
@page{size:A4;margin:14mm 12mm}
html{background:#fff;font-size:10.5pt}
nav{display:none}
.masthead{background:#fff;color:var(--ink);padding:0 0 8px;border-bottom:2px solid var(--accent)}
.masthead h1{color:var(--accent)}
main{max-width:none;padding:0}
section{border:none;border-radius:0;padding:0;margin:0 0 14pt;break-inside:auto}
h2{break-after:avoid}
figure.chart-figure{grid-template-columns:1fr;break-inside:avoid}
.table-scroll,figure .chart-data{max-height:none;overflow:visible;border:none}
table.data thead{display:table-header-group}
table.data thead th{position:static}
table.data tr{break-inside:avoid}
details.applicant{break-inside:avoid}
a{color:inherit;text-decoration:none}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
)css";

}  // namespace

std::string_view stylesheet() {
    return css;
}

}  // namespace shortlist::detail::html

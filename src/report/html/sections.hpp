// The HTML report's sections and the small builders they share (tables,
// figures, numbers). Private to src/report/html.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/report/html.hpp"

namespace shortlist::detail::html {

/// A number with `decimals` places, locale-free.
[[nodiscard]] std::string fixed(double v, int decimals);
/// The number, or an en dash when there is none.
[[nodiscard]] std::string fixed(const std::optional<double>& v, int decimals);
/// A p-value with three decimals, or "< 0.001".
[[nodiscard]] std::string p_value(double p);
/// A status as words in a coloured badge ("guaranteed interview").
[[nodiscard]] std::string status_badge(ShortlistStatus status);
/// A share as a percentage with one decimal ("12.5%").
[[nodiscard]] std::string percent(double share);

/// A data table. Cells are HTML (escape input text before putting it here);
/// columns marked numeric are right-aligned.
struct Table {
    std::string caption;
    std::vector<std::string> head;
    std::vector<bool> numeric;
    std::vector<std::vector<std::string>> rows;
    std::string css_class = "data";
};
[[nodiscard]] std::string table(const Table& t);

/// A chart with its caption (escaped here) and its data table beside it.
[[nodiscard]] std::string figure(std::string_view id, const std::string& svg,
                                 std::string_view caption, const Table& data);

/// <section id=...><h2>heading</h2> ... </section>
void open_section(std::string& s, std::string_view id, std::string_view heading);
void close_section(std::string& s);
/// <p class="note">text</p>, text escaped.
void note(std::string& s, std::string_view text);

/// The shortlist's numbers everyone needs.
struct Cut {
    std::optional<double> cut_off;  ///< the lowest total shortlisted on rank
    std::optional<double> pass_mark;
};
[[nodiscard]] Cut cut_of(const PanelReport& r);

void summary_section(std::string& s, const PanelReport& r);
void distribution_section(std::string& s, const PanelReport& r);
void groups_section(std::string& s, const PanelReport& r);
void agreement_section(std::string& s, const PanelReport& r);
void moderation_section(std::string& s, const PanelReport& r);
void severity_section(std::string& s, const PanelReport& r);
void sensitivity_section(std::string& s, const PanelReport& r);
void fairness_section(std::string& s, const PanelReport& r);
void explanations_section(std::string& s, const PanelReport& r);
void audit_section(std::string& s, const AuditRecord* audit, std::string_view reproduce);

/// The stylesheet (screen and print).
[[nodiscard]] std::string_view stylesheet();

}  // namespace shortlist::detail::html

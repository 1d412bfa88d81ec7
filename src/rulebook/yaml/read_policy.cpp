// The shortlist policy and its bands, moderation, notes and monitoring-only
// columns (see rulebook_reader.hpp).
#include <string>
#include <vector>

#include "rulebook/names.hpp"
#include "rulebook/yaml/rulebook_reader.hpp"

namespace shortlist::detail {

namespace {

constexpr std::string_view shortlist_keys[] = {
    "pass_mark", "top", "ties", "tie_break", "guaranteed_interview_fact", "bands"};
constexpr std::string_view band_keys[] = {"reliability", "confidence", "method"};
constexpr std::string_view moderation_keys[] = {"threshold", "min_severity"};
constexpr std::string_view note_keys[] = {"text", "source"};

}  // namespace

void RulebookReader::read_shortlist(const Entry& e) {
    auto m = r_.map(e, "shortlist", KeyList(shortlist_keys));
    if (!m)
        return;
    ShortlistPolicy& s = rb_.shortlist;
    if (const Entry* p = m->get("pass_mark"))
        if ((s.pass_mark = r_.number(*p)))
            mark(Section::Shortlist, 0, 0, Field::PassMark, p->mark());
    if (const Entry* t = m->get("top")) {
        r_.visit(t->mark());
        auto v = YamlReader::as_number(t->value);
        if (v && is_whole(*v) && *v >= 1 && *v <= 1e9) {
            s.top = static_cast<std::size_t>(*v);
            mark(Section::Shortlist, 0, 0, Field::Top, t->mark());
        } else {
            r_.type_error(*t, "a positive integer");
        }
    }
    if (const Entry* t = m->get("ties")) {
        if (auto p = r_.choice(*t, KeyList(tie_policy_names), parse_tie_policy)) {
            s.ties = *p;
            mark(Section::Shortlist, 0, 0, Field::Ties, t->mark());
        } else {
            skip(Section::Shortlist, 0, 0, Field::Ties);
        }
    }
    if (const Entry* tb = m->get("tie_break")) {
        auto items = r_.list(*tb);
        if (!items)
            skip(Section::Shortlist, 0, 0, Field::Ties);
        for (const auto& item : items.value_or(std::vector<Entry>{}))
            if (auto key = r_.text(item)) {
                mark(Section::Shortlist, 0, s.tie_break.size(), Field::TieBreak, item.mark());
                s.tie_break.push_back(*key);
            }
    }
    if (const Entry* g = m->get("guaranteed_interview_fact"))
        if ((s.guaranteed_interview_fact = r_.text(*g)))
            mark(Section::Shortlist, 0, 0, Field::GuaranteedInterviewFact, g->mark());
    if (const Entry* b = m->get("bands"))
        read_bands(*b);
}

void RulebookReader::read_bands(const Entry& e) {
    auto m = r_.map(e, "bands", KeyList(band_keys));
    if (!m)
        return;
    BandPolicy& b = rb_.shortlist.bands.emplace();
    if (const Entry* r = m->get("reliability"))
        if ((b.reliability = r_.number(*r)))
            mark(Section::Shortlist, 0, 0, Field::BandReliability, r->mark());
    if (const Entry* c = m->get("confidence"))
        if ((b.confidence = r_.number(*c)))
            mark(Section::Shortlist, 0, 0, Field::BandConfidence, c->mark());
    if (const Entry* k = m->get("method"))
        b.method = r_.choice(*k, KeyList(band_method_names), parse_band_method);
}

void RulebookReader::read_moderation(const Entry& e) {
    auto m = r_.map(e, "moderation", KeyList(moderation_keys));
    if (!m)
        return;
    ModerationPolicy& p = rb_.moderation;
    if (const Entry* t = m->get("threshold"))
        if ((p.threshold = r_.number(*t)))
            mark(Section::Rulebook, 0, 0, Field::ModerationThreshold, t->mark());
    if (const Entry* t = m->get("min_severity"))
        if ((p.min_severity = r_.number(*t)))
            mark(Section::Rulebook, 0, 0, Field::MinSeverity, t->mark());
}

void RulebookReader::read_monitoring_only(const Entry& e) {
    auto items = r_.list(e);
    for (const auto& item : items.value_or(std::vector<Entry>{}))
        if (auto column = r_.text(item)) {
            mark(Section::Rulebook, 0, rb_.monitoring_only.size(), Field::MonitoringOnly,
                 item.mark());
            rb_.monitoring_only.push_back(*column);
        }
}

void RulebookReader::read_notes(const Entry& e) {
    auto items = r_.list(e);
    if (!items)
        return;
    for (const auto& item : *items) {
        auto m = r_.map(item, item.key, KeyList(note_keys));
        if (!m)
            continue;
        RulebookNote note;
        if (const Entry* t = r_.need(*m, "text"))
            note.text = r_.text(*t).value_or("");
        if (const Entry* s = m->get("source"))
            note.source = r_.text(*s).value_or("");
        rb_.notes.push_back(std::move(note));
    }
}

}  // namespace shortlist::detail

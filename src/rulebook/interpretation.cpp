// See interpretation.hpp.
#include "rulebook/interpretation.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "rulebook/check.hpp"
#include "rulebook/messages.hpp"

namespace shortlist::detail {

namespace {

namespace msg = rulebook_msg;

constexpr std::array<std::string_view, 5> about_kinds = {"fact", "eligibility", "criterion",
                                                         "group", "scale"};

/// The ids of the rulebook's parts of `kind` (one of about_kinds).
std::vector<std::string> known(const Rulebook& rb, std::string_view kind) {
    std::vector<std::string> out;
    if (kind == "fact")
        for (const auto& f : rb.facts)
            out.push_back(f.name);
    else if (kind == "eligibility")
        for (const auto& c : rb.eligibility)
            out.push_back(c.id);
    else if (kind == "criterion")
        for (const auto& c : rb.criteria)
            out.push_back(c.id.value());
    else if (kind == "scale")
        for (const auto& s : rb.scales)
            out.push_back(s.id);
    else if (kind == "group")
        for (const auto& c : rb.criteria)
            if (std::find(out.begin(), out.end(), to_string(c.group)) == out.end())
                out.emplace_back(to_string(c.group));
    return out;
}

void check_about(const Rulebook& rb, const Interpretation& in, std::string_view name,
                 std::vector<Diagnostic>& out) {
    for (std::size_t j = 0; j < in.about.size(); ++j) {
        const std::string& about = in.about[j];
        const SourceLocation& at =
            j < in.about_locations.size() ? in.about_locations[j] : in.location;
        const auto colon = about.find(':');
        const std::string_view kind = std::string_view(about).substr(0, colon);
        if (colon == std::string::npos || colon + 1 == about.size() ||
            std::find(about_kinds.begin(), about_kinds.end(), kind) == about_kinds.end()) {
            auto m = msg::about_bad_form(about, name);
            out.push_back({at, m.code, std::move(m.text)});
            continue;
        }
        const std::string target = about.substr(colon + 1);
        const auto ids = known(rb, kind);
        if (std::find(ids.begin(), ids.end(), target) == ids.end()) {
            auto m = msg::about_not_found(kind, target, name, ids);
            out.push_back({at, m.code, std::move(m.text)});
        }
    }
}

}  // namespace

void check_interpretations(const Rulebook& rb, std::vector<Diagnostic>& out) {
    auto report = [&](const SourceLocation& at, msg::Message m) {
        out.push_back({at, m.code, std::move(m.text)});
    };
    std::unordered_map<std::string, SourceLocation> seen;
    for (std::size_t i = 0; i < rb.interpretations.size(); ++i) {
        const Interpretation& in = rb.interpretations[i];
        const std::string name =
            in.id.empty() ? "interpretations[" + std::to_string(i) + "]" : in.id;
        if (in.id.empty())
            report(in.location, msg::interpretation_needs("id", name));
        else if (!is_id(in.id))
            report(in.location, msg::bad_id("interpretation id", in.id, "[a-z0-9_-]+"));
        else if (auto [first, fresh] = seen.try_emplace(in.id, in.location); !fresh)
            report(in.location, msg::duplicate_id("interpretation id", in.id, first->second));
        for (auto [key, text] : {std::pair{"seed_text", &in.seed_text},
                                 {"reading", &in.reading},
                                 {"alternative", &in.alternative},
                                 {"source", &in.source}})
            if (text->find_first_not_of(" \t\r\n") == std::string::npos)  // empty or blank
                report(in.location, msg::interpretation_needs(key, name));
        if (!in.reading.empty() && in.reading == in.alternative)
            report(in.location, msg::interpretation_same_reading(name));
        check_about(rb, in, name, out);
    }
}

}  // namespace shortlist::detail

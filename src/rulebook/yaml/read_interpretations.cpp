// The rulebook's `interpretations:` list: readings of an ambiguous profile
// (docs/rulebook.md, "Interpretations"; see rulebook_reader.hpp). What each
// entry refers to is checked with the rest of the rulebook
// (src/rulebook/interpretation.cpp).
#include <string>
#include <utility>
#include <vector>

#include "rulebook/yaml/rulebook_reader.hpp"

namespace shortlist::detail {

namespace {

constexpr std::string_view interpretation_keys[] = {"id",      "about",       "seed_text",
                                                    "reading", "alternative", "source"};

}  // namespace

void RulebookReader::read_interpretations(const Entry& e) {
    auto items = r_.list(e);
    if (!items)
        return;
    for (const auto& item : *items) {
        const auto name = peek_scalar(item.value, "id");
        auto m = r_.map(item, quoted("interpretation", name.value_or(item.key)),
                        KeyList(interpretation_keys));
        if (!m)
            continue;
        Interpretation in;
        in.location = r_.loc(item.mark());
        // A missing or empty value is reported by check_interpretations(),
        // for a file as for a rulebook built in code; a value of the wrong
        // type is reported here, and the entry is then left out so that one
        // mistake gives one message.
        bool ok = true;
        for (auto [key, dest] : {std::pair{"id", &in.id},
                                 {"seed_text", &in.seed_text},
                                 {"reading", &in.reading},
                                 {"alternative", &in.alternative},
                                 {"source", &in.source}})
            if (const Entry* t = m->get(key)) {
                if (auto s = r_.text(*t))
                    *dest = *s;
                else
                    ok = false;
            }
        if (const Entry* a = m->get("about"))
            for (const auto& ref : r_.list(*a).value_or(std::vector<Entry>{}))
                if (auto s = r_.text(ref)) {
                    in.about.push_back(*s);
                    in.about_locations.push_back(r_.loc(ref.mark()));
                }
        if (ok)
            rb_.interpretations.push_back(std::move(in));
    }
}

}  // namespace shortlist::detail

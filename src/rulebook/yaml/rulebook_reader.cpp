// The rulebook's root map and its frameworks (see rulebook_reader.hpp).
#include "rulebook/yaml/rulebook_reader.hpp"

#include <cmath>
#include <utility>

#include "rulebook/names.hpp"
#include "rulebook/yaml/condition.hpp"

namespace shortlist::detail {

namespace msg = rulebook_msg;

bool is_whole(double v) noexcept {
    return std::isfinite(v) && std::floor(v) == v;
}

void RulebookReader::read(const Map& root) {
    read_metadata(root);
    if (const Entry* e = root.get("frameworks"))
        read_frameworks(*e);
    if (const Entry* e = r_.need(root, "scales"))
        read_scales(*e);
    if (const Entry* e = root.get("facts"))
        read_facts(*e);
    if (const Entry* e = root.get("eligibility"))
        ConditionReader(r_, rb_.facts, facts_).read_eligibility(*e, rb_.eligibility);
    if (const Entry* e = root.get("stage"))
        rb_.stage = r_.choice(*e, KeyList(stage_names), parse_stage);
    if (const Entry* e = root.get("aggregation"))
        rb_.aggregation = r_.choice(*e, KeyList(aggregation_names), parse_aggregation)
                              .value_or(Aggregation::WeightedMean);
    if (const Entry* e = r_.need(root, "criteria"))
        read_criteria(*e);
    else
        skip(Section::Rulebook, 0, 0, Field::Criteria);  // reported missing
    read_groups(root.get("groups"));
    if (const Entry* e = root.get("shortlist"))
        read_shortlist(*e);
    if (const Entry* e = root.get("moderation"))
        read_moderation(*e);
    if (const Entry* e = root.get("notes"))
        read_notes(*e);
    if (const Entry* e = root.get("interpretations"))
        read_interpretations(*e);
    if (const Entry* e = root.get("monitoring_only"))
        read_monitoring_only(*e);
}

void RulebookReader::read_metadata(const Map& root) {
    if (const Entry* id = r_.need(root, "id"))
        if (auto s = r_.text(*id)) {
            rb_.id = *s;
            mark(Section::Rulebook, 0, 0, Field::Id, id->mark());
        }
    for (auto [key, dest] : {std::pair{"title", &rb_.title},
                             {"organisation", &rb_.organisation},
                             {"grade", &rb_.grade},
                             {"version", &rb_.version},
                             {"source", &rb_.source}})
        if (const Entry* e = root.get(key))
            *dest = r_.text(*e).value_or("");
}

void RulebookReader::read_frameworks(const Entry& e) {
    auto m = r_.map(e, "frameworks", {});
    if (!m)
        return;
    for (const Entry& fe : m->entries) {
        FrameworkRef ref;
        ref.id = fe.key;
        mark(Section::Framework, rb_.frameworks.size(), 0, Field::Id, fe.key_mark);
        const FrameworkDoc* doc = nullptr;
        if (auto path = r_.text(fe)) {
            ref.path = *path;
            ref.resolved_path = (base_dir_ / *path).lexically_normal();
            doc = load_framework(fe, ref.resolved_path);
            if (doc != nullptr)
                ref.title = doc->title;
        }
        docs_.try_emplace(ref.id, doc);
        rb_.frameworks.push_back(std::move(ref));
    }
}

const FrameworkDoc* RulebookReader::load_framework(const Entry& fe,
                                                   const std::filesystem::path& file) {
    const std::string name = file.string();
    if (auto it = cache_.find(name); it != cache_.end())
        return it->second ? &*it->second : nullptr;
    auto& slot = cache_[name];
    // A rulebook may come from anyone: it must not make us wait on a pipe
    // or read a device, so a framework must be a plain file.
    std::error_code ec;
    if (std::filesystem::exists(file, ec) && !std::filesystem::is_regular_file(file, ec)) {
        r_.report(fe.mark(), msg::cannot_read_framework(fe.key, name, "not a regular file"));
        return nullptr;
    }
    YamlReader fr(r_.context(), name);
    try {
        if (auto text = read_limited(file, fr))
            if (auto root = fr.load(*text))
                slot = read_framework_document(fr, *root);
    } catch (const Error& err) {
        r_.report(fe.mark(), msg::cannot_read_framework(fe.key, name, err.message()));
    }
    return slot ? &*slot : nullptr;
}

}  // namespace shortlist::detail

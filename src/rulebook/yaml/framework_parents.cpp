// Checking each framework competency's `parent` (see framework.hpp and
// docs/rulebook.md, "Framework files").
#include <filesystem>
#include <system_error>

#include "rulebook/yaml/framework.hpp"

namespace shortlist::detail {

namespace {

namespace fs = std::filesystem;
namespace msg = rulebook_msg;

/// The framework file a `parent_framework:` names, read on its own: its
/// problems are reported when that file is itself used or validated; here one
/// message says it cannot be used.
std::optional<FrameworkDoc> read_parent(YamlReader& r, const Entry& e) {
    auto text = r.text(e);
    if (!text)
        return std::nullopt;
    const fs::path file = (fs::path(r.file()).parent_path() / *text).lexically_normal();
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
        r.report(e.mark(),
                 msg::cannot_read_parent_framework(
                     file.string(), fs::exists(file, ec) ? "not a regular file" : "no such file"));
        return std::nullopt;
    }
    YamlContext ctx;
    YamlReader pr(ctx, file.string());
    std::optional<FrameworkDoc> doc;
    try {
        if (auto content = read_limited(file, pr))
            if (auto root = pr.load(*content))
                doc = read_framework_document(pr, *root, false);
    } catch (const ReadAborted&) {
        doc.reset();  // the reason is in ctx
    } catch (const Error& err) {
        r.report(e.mark(), msg::cannot_read_parent_framework(file.string(), err.message()));
        return std::nullopt;
    }
    if (!ctx.diagnostics.empty() || !doc) {
        r.report(e.mark(),
                 msg::cannot_read_parent_framework(
                     file.string(), ctx.diagnostics.empty() ? std::string("not a framework")
                                                            : format(ctx.diagnostics.front())));
        return std::nullopt;
    }
    return doc;
}

/// True if following parents up from `c` comes back to it.
bool loops(const FrameworkDoc& doc, const CompetencyDoc& c) {
    const CompetencyDoc* at = &c;
    for (std::size_t step = 0; step <= doc.competencies.size(); ++step) {
        if (!at->has_parent)
            return false;
        at = doc.find(at->parent);
        if (at == nullptr)
            return false;  // reported as undefined
        if (at == &c)
            return true;
    }
    return false;  // a loop further up, reported at its own members
}

}  // namespace

void check_parents(YamlReader& r, const Entry* parent_framework, FrameworkDoc& doc,
                   bool follow_parent) {
    std::optional<FrameworkDoc> parent_doc;
    if (parent_framework != nullptr) {
        if (!follow_parent)
            return;  // checked when that file is read itself
        parent_doc = read_parent(r, *parent_framework);
        if (!parent_doc)
            return;
        doc.parent_framework = parent_doc->id;
    }
    const FrameworkDoc& owner = parent_doc ? *parent_doc : doc;
    for (const CompetencyDoc& c : doc.competencies) {
        if (!c.has_parent)
            continue;
        if (owner.find(c.parent) == nullptr)
            r.report(c.parent_mark, msg::undefined_parent(c.parent, c.id, owner.id));
        else if (!parent_doc && loops(doc, c))
            r.report(c.parent_mark, msg::parent_loop(c.id));
    }
}

}  // namespace shortlist::detail

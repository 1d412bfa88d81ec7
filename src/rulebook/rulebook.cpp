// The rulebook's value types: look-ups, id rules, validate() and effective
// weights. Enum names are in names.cpp, the checks in checker.cpp, JSON in
// rulebook_json.cpp, YAML loading in yaml/.
#include "shortlist/rulebook.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "rulebook/check.hpp"

namespace shortlist {

// --- look-ups ---------------------------------------------------------------------------

const Scale* Rulebook::find_scale(std::string_view scale_id) const noexcept {
    for (const auto& s : scales)
        if (s.id == scale_id)
            return &s;
    return nullptr;
}

const FactSpec* Rulebook::find_fact(std::string_view name) const noexcept {
    for (const auto& f : facts)
        if (f.name == name)
            return &f;
    return nullptr;
}

std::size_t Rulebook::find_criterion(std::string_view criterion_id) const noexcept {
    for (std::size_t i = 0; i < criteria.size(); ++i)
        if (criteria[i].id.view() == criterion_id)
            return i;
    return npos;
}

// --- effective weights -------------------------------------------------------------------

std::vector<double> effective_weights(const Rulebook& rulebook) {
    std::array<double, group_count> sum{};
    for (const auto& c : rulebook.criteria)
        sum[static_cast<std::size_t>(c.group)] += c.weight;
    double total = 0;
    for (std::size_t g = 0; g < group_count; ++g)
        if (sum[g] > 0)
            total += rulebook.group_weights[static_cast<Group>(g)];
    std::vector<double> out;
    out.reserve(rulebook.criteria.size());
    for (const auto& c : rulebook.criteria) {
        const double s = sum[static_cast<std::size_t>(c.group)];
        // One division of exact products: integer weights give the correctly
        // rounded share (40 x 3 / (100 x 4) is 0.3, not 0.30000000000000004).
        out.push_back(total > 0 && s > 0 ? rulebook.group_weights[c.group] * c.weight / (total * s)
                                         : 0.0);
    }
    return out;
}

// --- semantic checks -----------------------------------------------------------------------

namespace detail {

namespace {

bool all_of_chars(std::string_view s, bool dash) noexcept {
    if (s.empty())
        return false;
    return std::all_of(s.begin(), s.end(), [dash](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (dash && c == '-');
    });
}

}  // namespace

bool is_id(std::string_view s) noexcept {
    return all_of_chars(s, true);
}
bool is_criterion_id(std::string_view s) noexcept {
    return all_of_chars(s, false);
}

bool is_level_text(std::string_view s) noexcept {
    bool digit_before = false;
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            digit_before = true;
        } else if (c == '.' && digit_before) {
            digit_before = false;
        } else {
            return false;
        }
    }
    return digit_before;
}

namespace {

/// For a rulebook built in code: every problem is reported at its item.
class ItemLocator final : public Locator {
  public:
    std::optional<SourceLocation> at(Section, std::size_t, std::size_t, Field,
                                     const SourceLocation& fallback) const override {
        return fallback;
    }
};

}  // namespace

}  // namespace detail

std::vector<Diagnostic> validate(const Rulebook& rulebook) {
    std::vector<Diagnostic> out;
    detail::check_rulebook(rulebook, detail::ItemLocator{}, out);
    return out;
}

}  // namespace shortlist

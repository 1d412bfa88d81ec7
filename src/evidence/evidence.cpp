// Evidence: what the loaders share (facts, criteria, scores; the ratings
// consistency check is in consistency.cpp), and load_evidence, which picks a loader by file
// extension.
#include "shortlist/evidence.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstring>
#include <utility>

#include "evidence/internal.hpp"
#include "evidence/xlsx/xlsx_input.hpp"
#include "util/csv.hpp"
#include "util/io.hpp"
#include "util/number.hpp"

namespace shortlist {

std::string_view to_string(RatingKind k) {
    switch (k) {
        case RatingKind::Score:
            return "score";
        case RatingKind::NotEvidenced:
            return "not_evidenced";
        case RatingKind::NotAssessed:
            return "not_assessed";
        case RatingKind::NotApplicable:
            return "not_applicable";
    }
    return "unknown";
}

std::size_t Evidence::find_applicant(std::string_view id) const noexcept {
    for (std::size_t i = 0; i < applicants.size(); ++i) {
        if (applicants[i].view() == id)
            return i;
    }
    return npos;
}

namespace detail {

namespace {

/// ASCII case-insensitive equality, whatever the global locale (the words
/// compared with are ASCII).
bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size())
        return false;
    const auto lower = [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c | 0x20) : c;
    };
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

std::optional<bool> parse_boolean(std::string_view s) noexcept {
    static constexpr std::array<std::string_view, 3> yes{"true", "yes", "y"};
    static constexpr std::array<std::string_view, 3> no{"false", "no", "n"};
    for (const std::string_view t : yes) {
        if (iequals(s, t))
            return true;
    }
    for (const std::string_view f : no) {
        if (iequals(s, f))
            return false;
    }
    return std::nullopt;
}

}  // namespace

bool is_level(std::string_view s) noexcept {
    std::size_t digits = 0;
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            if (++digits > 9)
                return false;
        } else if (c == '.' && digits > 0) {
            digits = 0;
        } else {
            return false;
        }
    }
    return digits > 0;
}

std::string fact_label(FactOrigin origin, std::string_view name) {
    return (origin == FactOrigin::Column ? "column " : "fact ") + quote(name);
}

Value parse_fact(const FactSpec& spec, std::string_view text, const Place& where,
                 FactOrigin origin) {
    if (text.empty())
        return std::monostate{};
    const auto fail = [&](std::string message) {
        throw_evidence_error(where, ErrorCode::InvalidArgument, std::move(message));
    };
    switch (spec.type) {
        case FactType::Boolean:
            if (const auto b = parse_boolean(text))
                return *b;
            fail(msg::bad_boolean(fact_label(origin, spec.name), text));
            break;
        case FactType::Number:
            if (auto v = parse_number(text))
                return *v == 0 ? 0.0 : *v;  // -0 is 0
            fail(msg::bad_number(fact_label(origin, spec.name), text));
            break;
        case FactType::Level:
            if (is_level(text))
                return std::string(text);
            fail(msg::bad_level(fact_label(origin, spec.name), text));
            break;
        case FactType::Ordinal:
        case FactType::String:
            if (spec.values.empty() ||
                std::find(spec.values.begin(), spec.values.end(), text) != spec.values.end())
                return std::string(text);
            fail(msg::bad_choice(fact_label(origin, spec.name), text, spec.values));
            break;
    }
    return std::monostate{};
}

// ---------------------------------------------------------------- applicant index

std::uint64_t hash_id(std::string_view s) noexcept {
    constexpr std::uint64_t k1 = 0xbf58476d1ce4e5b9u, k2 = 0x94d049bb133111ebu;
    std::uint64_t h = 0x9e3779b97f4a7c15u ^ s.size();
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, s.data() + i, 8);
        h = (h ^ w) * k1;
        h ^= h >> 31;
    }
    if (i < s.size()) {
        std::uint64_t w = 0;
        std::memcpy(&w, s.data() + i, s.size() - i);
        h = (h ^ w) * k2;
        h ^= h >> 29;
    }
    h *= k1;
    return h ^ (h >> 32);
}

ApplicantIndex::ApplicantIndex(const std::vector<ApplicantId>& ids, std::size_t expected)
    : ids_(&ids) {
    rehash(std::bit_ceil(std::max<std::size_t>(16, expected * 2)));
}

void ApplicantIndex::rehash(std::size_t slots) {
    std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(slots));
    const std::size_t mask = slots - 1;
    for (const Slot& s : old) {
        if (s.index == npos)
            continue;
        std::size_t at = hash_id((*ids_)[s.index].view()) & mask;
        while (slots_[at].index != npos)
            at = (at + 1) & mask;
        slots_[at] = s;
    }
}

std::uint32_t ApplicantIndex::insert(std::uint32_t i) {
    if ((size_ + 1) * 2 > slots_.size())
        rehash(slots_.size() * 2);
    const std::string_view id = (*ids_)[i].view();
    const std::uint64_t h = hash_id(id);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t at = h & mask;; at = (at + 1) & mask) {
        Slot& s = slots_[at];
        if (s.index == npos) {
            s = {tag, i};
            ++size_;
            return npos;
        }
        if (s.tag == tag && (*ids_)[s.index].view() == id)
            return s.index;
    }
}

std::uint32_t ApplicantIndex::find(std::string_view id) const noexcept {
    const std::uint64_t h = hash_id(id);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t at = h & mask;; at = (at + 1) & mask) {
        const Slot& s = slots_[at];
        if (s.index == npos)
            return npos;
        if (s.tag == tag && (*ids_)[s.index].view() == id)
            return s.index;
    }
}

ApplicantIndex index_applicants(const Evidence& evidence) {
    ApplicantIndex index(evidence.applicants, evidence.applicants.size());
    for (std::size_t i = 0; i < evidence.applicants.size(); ++i)
        (void)index.insert(static_cast<std::uint32_t>(i));  // a repeat keeps the first
    return index;
}

// ---------------------------------------------------------------- criteria

CriteriaTable::CriteriaTable(const Rulebook& rulebook) : rulebook_(&rulebook) {
    const SourceLocation rulebook_file{rulebook.path.string(), 0, 0};
    entries_.reserve(rulebook.criteria.size());
    by_id_.reserve(rulebook.criteria.size());
    for (const Criterion& c : rulebook.criteria) {
        const auto scale = std::find_if(rulebook.scales.begin(), rulebook.scales.end(),
                                        [&](const Scale& s) { return s.id == c.scale; });
        if (scale == rulebook.scales.end())
            throw RulebookError(c.location.file.empty() ? rulebook_file : c.location,
                                ErrorCode::NotFound, msg::unknown_scale(c.id.view(), c.scale));
        if (c.indicators.size() > 64)
            throw RulebookError(c.location.file.empty() ? rulebook_file : c.location,
                                ErrorCode::OutOfRange,
                                msg::too_many_indicators(c.id.view(), c.indicators.size()));
        Entry e{c.id.view(), scale->min, scale->max, {}, {}};
        for (const Indicator& i : c.indicators)
            e.indicators.emplace_back(i.id);
        if (c.competency && c.competency->rated_on == RatedOn::Level)
            for (const std::string& level : c.competency->levels)
                e.levels.emplace_back(level);
        by_id_.emplace(e.id, static_cast<std::uint32_t>(entries_.size()));
        entries_.push_back(std::move(e));
    }
}

std::uint32_t CriteriaTable::find(std::string_view id, const Place& where) const {
    if (const auto it = by_id_.find(id); it != by_id_.end())
        return it->second;
    if (id.empty())
        throw_evidence_error(where, ErrorCode::InvalidArgument, msg::empty_value("criterion"));
    throw_evidence_error(where, ErrorCode::NotFound, msg::unknown_criterion(id, *rulebook_));
}

std::uint64_t CriteriaTable::indicator_bit(std::uint32_t c, std::string_view indicator,
                                           const Place& where) const {
    const auto& ids = entries_[c].indicators;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (ids[i] == indicator)
            return std::uint64_t{1} << i;
    }
    if (ids.empty())
        throw_evidence_error(where, ErrorCode::InvalidArgument,
                             msg::no_indicators(indicator, entries_[c].id));
    throw_evidence_error(where, ErrorCode::NotFound,
                         msg::unknown_indicator(indicator, rulebook_->criteria[c]));
}

std::uint64_t CriteriaTable::indicator_list(std::uint32_t c, std::string_view list,
                                            const Place& where) const {
    if (entries_[c].indicators.empty() && list.find_first_not_of("; \t") != std::string_view::npos)
        throw_evidence_error(where, ErrorCode::InvalidArgument,
                             msg::no_indicators(list, entries_[c].id));
    std::uint64_t mask = 0;
    while (!list.empty()) {
        const std::size_t semi = list.find(';');
        const std::string_view item = trim(list.substr(0, semi));
        list = semi == std::string_view::npos ? std::string_view{} : list.substr(semi + 1);
        if (item.empty())
            continue;
        const std::uint64_t bit = indicator_bit(c, item, where);
        if (mask & bit)
            throw_evidence_error(where, ErrorCode::AlreadyExists, msg::duplicate_indicator(item));
        mask |= bit;
    }
    return mask;
}

void CriteriaTable::set_score(Rating& r, double value, std::string_view text,
                              const Place& where) const {
    const Entry& e = entries_[r.criterion];
    if (!(value >= e.min && value <= e.max))
        throw_evidence_error(where, ErrorCode::OutOfRange,
                             msg::off_scale(text, e.id, e.min, e.max));
    r.kind = RatingKind::Score;
    r.score = value == 0 ? 0.0 : value;  // -0 is 0
    r.from_indicators = false;
}

void CriteriaTable::set_no_score(Rating& r, std::uint64_t ticked, const Place& where) const {
    const Entry& e = entries_[r.criterion];
    if (ticked == 0)
        throw_evidence_error(where, ErrorCode::InvalidArgument, msg::no_score(e.id));
    const auto count = static_cast<double>(std::popcount(ticked));
    const auto total = static_cast<double>(e.indicators.size());
    r.kind = RatingKind::Score;
    r.score = e.min + (e.max - e.min) * count / total;
    r.from_indicators = true;
}

void CriteriaTable::parse_score(Rating& r, std::uint64_t ticked, std::string_view text,
                                const Place& where) const {
    if (text.empty()) {
        set_no_score(r, ticked, where);
        return;
    }
    const char c0 = text.front();
    if (text.size() == 1 && c0 >= '0' && c0 <= '9') {  // the common case, "4"
        set_score(r, c0 - '0', text, where);
        return;
    }
    if ((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z')) {
        for (const RatingKind k :
             {RatingKind::NotEvidenced, RatingKind::NotAssessed, RatingKind::NotApplicable}) {
            if (!iequals(text, to_string(k)))
                continue;
            if (ticked != 0)
                throw_evidence_error(where, ErrorCode::InvalidArgument,
                                     msg::indicators_with_word(to_string(k)));
            r.kind = k;
            r.score = k == RatingKind::NotEvidenced ? entries_[r.criterion].min : 0.0;
            r.from_indicators = false;
            return;
        }
    } else if (const auto v = parse_number(text)) {
        set_score(r, *v, text, where);
        return;
    }
    if (const auto point = level_point(r.criterion, text)) {
        if (ticked != 0)
            throw_evidence_error(where, ErrorCode::InvalidArgument,
                                 msg::indicators_with_word(text));
        set_score(r, *point, text, where);
        return;
    }
    throw_evidence_error(where, ErrorCode::InvalidArgument, msg::bad_score(text));
}

std::optional<double> CriteriaTable::level_point(std::uint32_t c,
                                                 std::string_view text) const noexcept {
    const auto& levels = entries_[c].levels;
    for (std::size_t i = 0; i < levels.size(); ++i)
        if (levels[i] == text)
            return static_cast<double>(i + 1);
    return std::nullopt;
}

// ---------------------------------------------------------------- assessors

AssessorTable::AssessorTable(std::vector<AssessorId>& assessors) : assessors_(&assessors) {
    rehash(std::bit_ceil(std::max<std::size_t>(16, assessors.size() * 2)));
}

void AssessorTable::rehash(std::size_t slots) {
    slots_.assign(slots, 0);
    const std::size_t mask = slots - 1;
    const auto& known = *assessors_;
    for (std::size_t i = 0; i < known.size() && i < max_assessors; ++i) {
        std::size_t at = hash_id(known[i].view()) & mask;
        while (slots_[at] != 0)
            at = (at + 1) & mask;
        slots_[at] = static_cast<std::uint32_t>(i + 1);
    }
}

void AssessorTable::remember(std::string_view id, std::uint64_t key, std::uint16_t index) noexcept {
    const std::size_t at = recent_next_++ % recent_size;
    recent_key_[at] = key;
    recent_size_[at] = static_cast<std::uint32_t>(id.size());
    recent_index_[at] = index;
}

std::optional<std::uint16_t> AssessorTable::find_or_add(std::string_view id, std::uint64_t key) {
    auto& known = *assessors_;
    const std::size_t mask = slots_.size() - 1;
    std::size_t at = hash_id(id) & mask;
    for (; slots_[at] != 0; at = (at + 1) & mask) {
        const std::uint32_t i = slots_[at] - 1;
        if (equal_text(known[i].view(), id)) {
            remember(id, key, static_cast<std::uint16_t>(i));
            return static_cast<std::uint16_t>(i);
        }
    }
    if (known.size() >= max_assessors)
        return std::nullopt;
    const auto index = static_cast<std::uint16_t>(known.size());
    known.emplace_back(std::string(id));
    slots_[at] = std::uint32_t{index} + 1;
    if (known.size() * 2 > slots_.size())
        rehash(slots_.size() * 2);
    remember(id, key, index);
    return index;
}

std::optional<std::uint16_t> AssessorTable::try_intern(std::string_view id) {
    const std::uint64_t key = key_of(id);
    if (const int hit = find_recent(id, key); hit >= 0)
        return recent_index_[static_cast<std::size_t>(hit)];
    return find_or_add(id, key);
}

std::uint16_t AssessorTable::intern_new(std::string_view id, std::uint64_t key,
                                        const Place& where) {
    if (const auto found = find_or_add(id, key))
        return *found;
    throw_evidence_error(where, ErrorCode::OutOfRange, msg::too_many_assessors(id));
}

}  // namespace detail

// ---------------------------------------------------------------- files

bool detail::is_json_lines(const std::filesystem::path& file) {
    std::string ext = file.extension().string();
    for (char& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".jsonl" || ext == ".ndjson";
}

Evidence load_evidence(const Rulebook& rulebook, const std::filesystem::path& applicants,
                       const std::optional<std::filesystem::path>& ratings) {
    return load_evidence(rulebook, applicants, ratings, ProgressSteps{});
}

std::string detail::reading_step(const std::filesystem::path& file) {
    return "reading " + file.filename().string();
}

Evidence detail::load_applicants(const Rulebook& rulebook, const std::filesystem::path& applicants,
                                 const ProgressCallback& progress, const ByteSink& sink) {
    if (detail::is_xlsx(applicants)) {  // docs/excel.md
        return detail::read_xlsx(applicants, [&](std::string_view text, std::string_view name,
                                                 const detail::RecordNames& rows) {
            return detail::parse_applicants(rulebook, text, name, rows, &progress);
        });
    }
    const detail::MappedFile file(applicants);
    if (sink)  // a few MB at most: in one go, and then in the cache for the parse
        sink(file.text());
    if (!detail::is_json_lines(applicants))
        return detail::parse_applicants(rulebook, file.text(), applicants.string(), {}, &progress);
    detail::RecordProgress bytes(&progress, file.text().size());
    Evidence evidence =
        detail::parse_jsonl_lines(rulebook, file.text(), applicants.string(), 1, nullptr, &bytes);
    bytes.finish();
    return evidence;
}

Evidence load_evidence(const Rulebook& rulebook, const std::filesystem::path& applicants,
                       const std::optional<std::filesystem::path>& ratings,
                       const ProgressSteps& progress) {
    LoadOptions options;
    options.progress = progress;
    return load_evidence(rulebook, applicants, ratings, options);
}

Evidence load_evidence(const Rulebook& rulebook, const std::filesystem::path& applicants,
                       const std::optional<std::filesystem::path>& ratings,
                       const LoadOptions& options) {
    const ProgressSteps& progress = options.progress;
    Evidence evidence = detail::load_applicants(
        rulebook, applicants, progress_step(progress, detail::reading_step(applicants), "bytes"),
        options.applicants_bytes);
    if (!ratings)
        return evidence;
    const ProgressCallback step = progress_step(progress, detail::reading_step(*ratings), "bytes");
    if (detail::is_xlsx(*ratings)) {
        detail::read_xlsx(*ratings, [&](std::string_view text, std::string_view name,
                                        const detail::RecordNames& rows) {
            detail::parse_ratings(rulebook, evidence, text, name, true, nullptr, rows, &step);
        });
    } else {
        const detail::MappedFile file(*ratings);
        detail::parse_ratings(rulebook, evidence, file.text(), ratings->string(), true, &file, {},
                              &step, &options.ratings_bytes);
    }
    return evidence;
}

}  // namespace shortlist

// Panel calibration: the rating table, the design's components, the
// moderation worklist, adjusted evidence and the shortlist difference. The
// models are in effects.cpp, additive.cpp and rasch.cpp; every message in messages.cpp.
#include "shortlist/analysis/calibration.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "analysis/calibration/messages.hpp"
#include "analysis/calibration/rating_rows.hpp"
#include "analysis/calibration/table_internal.hpp"
#include "evidence/internal.hpp"
#include "evidence/xlsx/xlsx_input.hpp"
#include "shortlist/error.hpp"
#include "util/csv.hpp"
#include "util/io.hpp"
#include "util/number.hpp"

namespace shortlist {

using detail::calibration_msg::fail;
namespace msg = detail::calibration_msg;

namespace {

/// Order of ratings by (applicant, criterion, assessor): a counting sort on
/// the applicant, then a small sort inside each applicant.
std::vector<std::size_t> order_by_cell(const RatingTable& t) {
    std::vector<std::size_t> start(t.applicants.size() + 1, 0);
    for (const auto& r : t.ratings)
        ++start[r.applicant + 1];
    std::partial_sum(start.begin(), start.end(), start.begin());
    std::vector<std::size_t> order(t.ratings.size());
    std::vector<std::size_t> next(start.begin(), start.end() - 1);
    for (std::size_t i = 0; i < t.ratings.size(); ++i)
        order[next[t.ratings[i].applicant]++] = i;
    for (std::size_t a = 0; a < t.applicants.size(); ++a) {
        auto first = order.begin() + static_cast<std::ptrdiff_t>(start[a]);
        auto last = order.begin() + static_cast<std::ptrdiff_t>(start[a + 1]);
        std::sort(first, last, [&](std::size_t x, std::size_t y) {
            const auto& rx = t.ratings[x];
            const auto& ry = t.ratings[y];
            return std::tie(rx.criterion, rx.assessor) < std::tie(ry.criterion, ry.assessor);
        });
    }
    return order;
}

}  // namespace

RatingTable make_rating_table(const Evidence& evidence, const Rulebook& rulebook) {
    RatingTable t;
    t.source = evidence.ratings_source;
    t.applicants.reserve(evidence.applicants.size());
    for (const auto& a : evidence.applicants)
        t.applicants.push_back(a);
    for (const auto& c : rulebook.criteria) {
        t.criteria.push_back(c.id);
        const Scale* s = rulebook.find_scale(c.scale);
        t.scales.push_back(s ? ScaleRange{s->min, s->max} : ScaleRange{});
    }
    for (const auto& a : evidence.assessors)
        t.assessors.push_back(a);
    t.ratings.reserve(evidence.ratings.size());
    for (const auto& r : evidence.ratings) {
        if (r.applicant >= t.applicants.size() || r.criterion >= t.criteria.size() ||
            r.assessor >= t.assessors.size())
            fail(t.source, r.line, 0,
                 msg::bad_rating_index(static_cast<std::size_t>(&r - evidence.ratings.data())));
        if (r.kind != RatingKind::Score && r.kind != RatingKind::NotEvidenced) {
            ++t.skipped;
            continue;
        }
        const double score =
            r.kind == RatingKind::NotEvidenced ? t.scales[r.criterion].min : r.score;
        t.ratings.push_back({r.applicant, r.criterion, r.assessor, r.line, score});
    }
    return t;
}

namespace {

/// parse_rating_table, reporting the bytes read to `progress` (may be null).
RatingTable read_rating_table(std::string_view text, std::string_view name,
                              const ProgressCallback* progress) {
    detail::RecordProgress bytes(progress, text.size());
    const std::size_t bytes_total = text.size();
    text = detail::strip_bom(text);
    detail::CsvReader csv(text, name);
    // As the ratings loader reads a header: an empty file, a duplicate column
    // and (below) a row of the wrong length are errors.
    const detail::CsvHeader header = detail::read_header(csv, name);
    constexpr std::array<std::string_view, 4> wanted{"applicant_id", "criterion", "assessor",
                                                     "score"};
    detail::RatingColumns columns;
    columns.header = &header;
    for (std::size_t w = 0; w < wanted.size(); ++w)
        if ((columns.col[w] = header.find(wanted[w])) == detail::CsvHeader::npos)
            fail(name, header.line, 0, msg::missing_column(wanted[w]));

    RatingTable t;
    t.source = std::string(name);
    // The body's positions, after the header, count from where it begins.
    const std::string_view body = text.substr(csv.position());
    detail::read_rating_rows(
        t, columns, body, csv.next_line(), name,
        detail::RecordProgress(progress, bytes_total, bytes_total - body.size()));
    t.observed_scales = true;
    t.scales.assign(t.criteria.size(), ScaleRange{0, 0});
    std::vector<bool> any(t.criteria.size(), false);
    for (const auto& r : t.ratings) {
        auto& s = t.scales[r.criterion];
        if (!any[r.criterion]) {
            s = {r.score, r.score};
            any[r.criterion] = true;
        }
        s.min = std::min(s.min, r.score);
        s.max = std::max(s.max, r.score);
    }
    if (t.ratings.empty())
        throw EvidenceError({std::string(name), 0, 0}, ErrorCode::FailedPrecondition,
                            msg::no_ratings(name));
    // Duplicates sit next to each other in cell order; report the later line.
    const auto order = order_by_cell(t);
    const TableRating* dup = nullptr;
    const TableRating* dup_first = nullptr;
    for (std::size_t i = 1; i < order.size(); ++i) {
        const auto& x = t.ratings[order[i - 1]];
        const auto& y = t.ratings[order[i]];
        if (x.applicant == y.applicant && x.criterion == y.criterion && x.assessor == y.assessor) {
            const auto& later = x.line < y.line ? y : x;
            if (!dup || later.line < dup->line) {
                dup = &later;
                dup_first = x.line < y.line ? &x : &y;
            }
        }
    }
    if (dup)
        fail(name, dup->line, 0,
             msg::duplicate_rating(t.applicants[dup->applicant].view(),
                                   t.criteria[dup->criterion].view(),
                                   t.assessors[dup->assessor].view(), dup_first->line));
    bytes.finish();
    return t;
}

}  // namespace

RatingTable parse_rating_table(std::string_view text, std::string_view name) {
    return read_rating_table(text, name, nullptr);
}

RatingTable load_rating_table(const std::filesystem::path& ratings,
                              const ProgressCallback& progress) {
    if (detail::is_xlsx(ratings))  // docs/excel.md
        return detail::read_xlsx(ratings, [&](std::string_view text, std::string_view name) {
            return read_rating_table(text, name, &progress);
        });
    const detail::MappedFile file(ratings);
    return read_rating_table(file.text(), ratings.string(), &progress);
}

RatingTable load_rating_table(const std::filesystem::path& ratings, const Rulebook& rulebook,
                              const ProgressCallback& progress) {
    RatingTable table = load_rating_table(ratings, progress);
    detail::apply_scales(table, rulebook);
    return table;
}

namespace {

/// A matrix over the cells `cell_of` maps ratings to (npos = not included).
RatingMatrix make_matrix(const RatingTable& t, const std::vector<std::size_t>& cell_of,
                         std::vector<std::string> cell_labels) {
    std::vector<std::size_t> rater(t.assessors.size(), Evidence::npos);
    std::vector<std::string> rater_labels;
    for (std::size_t i = 0; i < t.ratings.size(); ++i) {
        const auto j = t.ratings[i].assessor;
        if (cell_of[i] != Evidence::npos && rater[j] == Evidence::npos) {
            rater[j] = 0;  // marked; numbered below in table order
        }
    }
    for (std::size_t j = 0; j < rater.size(); ++j)
        if (rater[j] != Evidence::npos) {
            rater[j] = rater_labels.size();
            rater_labels.push_back(t.assessors[j].value());
        }
    RatingMatrix m = RatingMatrix::all_missing(cell_labels.size(), rater_labels.size());
    m.subject_labels = std::move(cell_labels);
    m.rater_labels = std::move(rater_labels);
    for (std::size_t i = 0; i < t.ratings.size(); ++i)
        if (cell_of[i] != Evidence::npos)
            m.set(cell_of[i], rater[t.ratings[i].assessor], t.ratings[i].score);
    return m;
}

}  // namespace

RatingMatrix criterion_matrix(const RatingTable& t, std::uint32_t criterion) {
    std::vector<std::size_t> subject(t.applicants.size(), Evidence::npos);
    for (const auto& r : t.ratings)
        if (r.criterion == criterion)
            subject[r.applicant] = 0;
    std::vector<std::string> labels;
    for (std::size_t a = 0; a < subject.size(); ++a)
        if (subject[a] != Evidence::npos) {
            subject[a] = labels.size();
            labels.push_back(t.applicants[a].value());
        }
    std::vector<std::size_t> cell_of(t.ratings.size(), Evidence::npos);
    for (std::size_t i = 0; i < t.ratings.size(); ++i)
        if (t.ratings[i].criterion == criterion)
            cell_of[i] = subject[t.ratings[i].applicant];
    return make_matrix(t, cell_of, std::move(labels));
}

RatingMatrix overall_matrix(const RatingTable& t) {
    const auto order = order_by_cell(t);
    std::vector<std::size_t> cell_of(t.ratings.size(), Evidence::npos);
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < order.size(); ++i) {
        const auto& r = t.ratings[order[i]];
        if (i == 0 || t.ratings[order[i - 1]].applicant != r.applicant ||
            t.ratings[order[i - 1]].criterion != r.criterion)
            labels.push_back(t.applicants[r.applicant].value() + "/" +
                             t.criteria[r.criterion].value());
        cell_of[order[i]] = labels.size() - 1;
    }
    return make_matrix(t, cell_of, std::move(labels));
}

void detail::apply_scales(RatingTable& t, const Rulebook& rulebook) {
    t.observed_scales = false;
    std::vector<std::size_t> index(t.criteria.size(), Rulebook::npos);
    for (std::size_t c = 0; c < t.criteria.size(); ++c) {
        index[c] = rulebook.find_criterion(t.criteria[c].view());
        if (index[c] != Rulebook::npos)
            if (const Scale* s = rulebook.find_scale(rulebook.criteria[index[c]].scale))
                t.scales[c] = {s->min, s->max};
    }
    for (const auto& r : t.ratings) {
        if (index[r.criterion] == Rulebook::npos)
            calibration_msg::fail(
                t.source, r.line, 0,
                calibration_msg::unknown_criterion(t.criteria[r.criterion].view(), rulebook.id));
        const auto& s = t.scales[r.criterion];
        if (r.score < s.min || r.score > s.max)
            calibration_msg::fail(
                t.source, r.line, 0,
                calibration_msg::score_off_scale(r.score, t.criteria[r.criterion].view(), s));
    }
}

MatrixShape matrix_shape(const RatingTable& t, std::optional<std::uint32_t> criterion) {
    MatrixShape shape;
    std::vector<bool> rater(t.assessors.size(), false);
    if (criterion) {
        std::vector<bool> subject(t.applicants.size(), false);
        for (const auto& r : t.ratings) {
            if (r.criterion != *criterion)
                continue;
            ++shape.ratings;
            shape.subjects += subject[r.applicant] ? 0u : 1u;
            shape.raters += rater[r.assessor] ? 0u : 1u;
            subject[r.applicant] = true;
            rater[r.assessor] = true;
        }
        return shape;
    }
    const auto order = order_by_cell(t);
    for (std::size_t i = 0; i < order.size(); ++i) {
        const auto& r = t.ratings[order[i]];
        const auto& prev = t.ratings[order[i == 0 ? 0 : i - 1]];
        shape.subjects += i == 0 || prev.applicant != r.applicant || prev.criterion != r.criterion;
        shape.raters += rater[r.assessor] ? 0u : 1u;
        rater[r.assessor] = true;
    }
    shape.ratings = t.ratings.size();
    return shape;
}

detail::ConnectedComponents detail::find_components(const RatingTable& t) {
    // Union-find over applicants and assessors (assessor j is node n + j).
    const std::size_t n = t.applicants.size();
    std::vector<std::uint32_t> parent(n + t.assessors.size());
    std::iota(parent.begin(), parent.end(), 0u);
    auto find = [&](std::uint32_t x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    };
    std::vector<bool> rated(t.assessors.size(), false);
    for (const auto& r : t.ratings) {
        rated[r.assessor] = true;
        const auto a = find(r.applicant);
        const auto b = find(static_cast<std::uint32_t>(n + r.assessor));
        if (a != b)
            parent[std::max(a, b)] = std::min(a, b);
    }
    ConnectedComponents c;
    c.of_assessor.resize(t.assessors.size());
    std::unordered_map<std::uint32_t, std::uint32_t> number;
    std::vector<std::vector<std::string>> members;
    for (std::size_t j = 0; j < t.assessors.size(); ++j) {
        if (!rated[j]) {
            c.of_assessor[j] = ConnectedComponents::none;
            continue;
        }
        const auto root = find(static_cast<std::uint32_t>(n + j));
        auto [it, inserted] = number.try_emplace(root, static_cast<std::uint32_t>(members.size()));
        if (inserted)
            members.emplace_back();
        c.of_assessor[j] = it->second;
        members[it->second].push_back(t.assessors[j].value());
    }
    c.count = members.size();
    if (c.count > 1)
        for (std::size_t k = 0; k < members.size(); ++k)
            c.notes.push_back(calibration_msg::disconnected_group(k + 1, members[k]));
    return c;
}

Moderation moderate(const RatingTable& t, const AssessorEffects& effects, double threshold,
                    double min_severity) {
    Moderation m;
    m.threshold = threshold;
    m.min_severity = min_severity;
    const auto order = order_by_cell(t);
    for (std::size_t i = 0; i < order.size();) {
        const auto& first = t.ratings[order[i]];
        std::size_t j = i;
        double lo = first.score, hi = first.score;
        while (j < order.size() && t.ratings[order[j]].applicant == first.applicant &&
               t.ratings[order[j]].criterion == first.criterion) {
            lo = std::min(lo, t.ratings[order[j]].score);
            hi = std::max(hi, t.ratings[order[j]].score);
            ++j;
        }
        // A small tolerance so that 1.1 − 0.1 is not "more than 1".
        if (hi - lo > threshold + 1e-9) {
            ModerationCase mc{first.applicant, first.criterion, {}, {}, hi - lo};
            for (std::size_t k = i; k < j; ++k) {
                mc.assessors.push_back(t.ratings[order[k]].assessor);
                mc.scores.push_back(t.ratings[order[k]].score);
            }
            m.cases.push_back(std::move(mc));
        }
        i = j;
    }
    if (!effects.usable())
        return m;
    std::size_t tested = 0;
    for (const auto& a : effects.assessors)
        tested += a.se && *a.se > 0 ? 1u : 0u;
    for (std::size_t j = 0; j < effects.assessors.size(); ++j) {
        const auto& a = effects.assessors[j];
        if (!a.se || *a.se <= 0)
            continue;
        const double z = a.severity / *a.se;
        const double p = std::erfc(std::abs(z) / std::sqrt(2.0));
        if (p < m.alpha / static_cast<double>(tested) &&
            std::abs(a.adjustment) >= min_severity - 1e-12)
            m.assessors.push_back({static_cast<std::uint32_t>(j), z, p});
    }
    return m;
}

Evidence adjust_for_assessors(const Evidence& evidence, const Rulebook& rulebook,
                              const AssessorEffects& effects) {
    if (!effects.usable())
        throw EvidenceError({evidence.ratings_source, 0, 0}, ErrorCode::FailedPrecondition,
                            msg::effects_not_usable(effects));
    std::unordered_map<std::string_view, double> by_id;
    for (const auto& a : effects.assessors)
        by_id.emplace(a.id.view(), a.adjustment);
    std::vector<double> shift(evidence.assessors.size(), 0.0);
    for (std::size_t j = 0; j < evidence.assessors.size(); ++j) {
        auto it = by_id.find(evidence.assessors[j].view());
        if (it != by_id.end())
            shift[j] = it->second;
    }
    std::vector<ScaleRange> scales;
    for (const auto& c : rulebook.criteria) {
        const Scale* s = rulebook.find_scale(c.scale);
        scales.push_back(s ? ScaleRange{s->min, s->max} : ScaleRange{});
    }
    Evidence out = evidence;
    for (auto& r : out.ratings) {
        if (r.kind != RatingKind::Score || r.criterion >= scales.size() ||
            r.assessor >= shift.size())
            continue;
        const auto& s = scales[r.criterion];
        r.score = std::clamp(r.score + shift[r.assessor], s.min, s.max);
    }
    return out;
}

std::vector<ShortlistMove> compare_shortlists(const Shortlist& before, const Shortlist& after) {
    // Outcomes are in evidence order in both, so ShortlistEntry::outcome is the
    // applicant's index.
    const std::size_t n = before.outcomes.size();
    if (after.outcomes.size() != n)
        throw Error({}, ErrorCode::InvalidArgument,
                    msg::different_shortlists(n, after.outcomes.size()));
    auto index = [n](const Shortlist& s) {
        std::vector<const ShortlistEntry*> by(n, nullptr);
        for (const auto& e : s.entries)
            if (e.outcome < n)
                by[e.outcome] = &e;
        return by;
    };
    const auto b = index(before);
    const auto a = index(after);
    std::vector<ShortlistMove> moves;
    for (std::size_t i = 0; i < n; ++i) {
        if (!b[i] || !a[i])
            throw Error({}, ErrorCode::InvalidArgument,
                        msg::shortlist_without_entry(before.outcomes[i].id.view()));
        if (on_shortlist(b[i]->status) != on_shortlist(a[i]->status))
            moves.push_back(shortlist_move(before, *b[i], after, *a[i]));
    }
    // Entrants by their new rank, then leavers by their old one; no rank last.
    constexpr auto none = std::numeric_limits<std::size_t>::max();
    std::stable_sort(moves.begin(), moves.end(), [&](const auto& x, const auto& y) {
        const auto kx = x.enters ? x.rank_after.value_or(none) : x.rank_before.value_or(none);
        const auto ky = y.enters ? y.rank_after.value_or(none) : y.rank_before.value_or(none);
        return std::make_pair(!x.enters, kx) < std::make_pair(!y.enters, ky);
    });
    return moves;
}

std::string_view to_string(EffectsModel m) {
    return m == EffectsModel::Rasch ? "rasch" : "additive";
}

std::optional<EffectsModel> parse_effects_model(std::string_view s) {
    for (const auto m : {EffectsModel::Additive, EffectsModel::Rasch})
        if (s == to_string(m))
            return m;
    return std::nullopt;
}

}  // namespace shortlist

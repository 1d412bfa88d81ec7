// The rows of a ratings CSV into a RatingTable (rating_rows.hpp): one reader,
// or two on the halves of a large file, joined in file order as the ratings
// loader does (docs/calibration.md).
#include "analysis/calibration/rating_rows.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/calibration/messages.hpp"
#include "util/number.hpp"
#include "util/parallel.hpp"

namespace shortlist::detail {

namespace {

constexpr std::array<std::string_view, 4> wanted{"applicant_id", "criterion", "assessor", "score"};

bool is_word(std::string_view s) {
    std::string lower(s);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return lower == "not_evidenced" || lower == "not_assessed" || lower == "not_applicable";
}

/// Interns strings to dense indices. The last id looked up is remembered
/// (ratings files list an applicant's rows together), and lookups by
/// string_view allocate nothing.
template <class Id>
class Interner {
  public:
    explicit Interner(std::vector<Id>& names) : names_(names) {}
    std::uint32_t operator()(std::string_view s) {
        if (has_last_ && s == names_[last_].view())
            return last_;
        auto it = index_.find(s);
        if (it == index_.end()) {
            it = index_.emplace(std::string(s), static_cast<std::uint32_t>(names_.size())).first;
            names_.emplace_back(std::string(s));
        }
        has_last_ = true;
        last_ = it->second;
        return last_;
    }

  private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::vector<Id>& names_;
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> index_;
    bool has_last_ = false;
    std::uint32_t last_ = 0;
};

/// A table being read, with the interners of its three lists of names.
struct Part {
    RatingTable& t;
    Interner<ApplicantId> applicants{t.applicants};
    Interner<CriterionId> criteria{t.criteria};
    Interner<AssessorId> assessors{t.assessors};
};

void read_rows(Part& p, const RatingColumns& c, std::string_view body, std::size_t body_line,
               std::string_view name, RecordProgress& bytes) {
    CsvReader csv(body, name, body_line);
    while (csv.next()) {
        bytes.record(csv.position());
        const auto f = csv.fields();
        if (f.size() != c.header->names.size())
            throw_ragged_row(f.size(), *c.header, name, csv.line());
        std::array<std::string_view, 4> v{};
        for (std::size_t w = 0; w < wanted.size(); ++w)
            v[w] = trim(f[c.col[w]].text);
        for (std::size_t w = 0; w < 3; ++w)
            if (v[w].empty())
                calibration_msg::fail(name, csv.line(), c.col[w] + 1,
                                      calibration_msg::empty_field(wanted[w]));
        if (v[3].empty() || is_word(v[3])) {
            ++p.t.skipped;
            continue;
        }
        const auto score = parse_number(v[3]);
        if (!score)
            calibration_msg::fail(name, csv.line(), c.col[3] + 1,
                                  calibration_msg::not_a_score(v[3]));
        const std::uint32_t a = p.applicants(v[0]);
        const std::uint32_t cr = p.criteria(v[1]);
        const std::uint32_t r = p.assessors(v[2]);
        const auto line = static_cast<std::uint32_t>(csv.line());
        p.t.ratings.push_back({a, cr, r, line, *score});
    }
}

/// The second part's ratings after the first's, its names renumbered as
/// reading on would have numbered them (first appearance, file order).
void join(Part& first, const RatingTable& second) {
    auto renumber = [](auto& into, const auto& names) {
        std::vector<std::uint32_t> id(names.size());
        for (std::size_t i = 0; i < names.size(); ++i)
            id[i] = into(names[i].view());
        return id;
    };
    const auto a = renumber(first.applicants, second.applicants);
    const auto c = renumber(first.criteria, second.criteria);
    const auto r = renumber(first.assessors, second.assessors);
    first.t.ratings.reserve(first.t.ratings.size() + second.ratings.size());
    for (const auto& x : second.ratings)
        first.t.ratings.push_back({a[x.applicant], c[x.criterion], r[x.assessor], x.line, x.score});
    first.t.skipped += second.skipped;
}

}  // namespace

void read_rating_rows(RatingTable& t, const RatingColumns& columns, std::string_view body,
                      std::size_t body_line, std::string_view name, RecordProgress progress) {
    Part first{t};
    // Two parts when the file is large and its first half holds no quote (so
    // the cut, after a line break, is between records), as the ratings
    // loader splits (docs/architecture.md, "Threads").
    const std::size_t cut = ratings_split_point(body);
    if (cut != CsvHeader::npos) {
        const std::string_view head = body.substr(0, cut), tail = body.substr(cut);
        const LineCount head_count = count_lines(head);
        if (!head_count.quoted) {
            RatingTable rest;
            Part second{rest};
            RecordProgress silent, doubled = progress.scaled(2);
            const bool split = run_beside(
                true,
                [&] {
                    read_rows(second, columns, tail, body_line + head_count.lines - 1, name,
                              silent);
                },
                [&] { read_rows(first, columns, head, body_line, name, doubled); });
            if (split) {
                join(first, rest);
                return;
            }
        }
    }
    read_rows(first, columns, body, body_line, name, progress);
}

}  // namespace shortlist::detail

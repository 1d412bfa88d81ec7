// Generalizability theory: the uncorrected sums of squares and the design's
// counts, in one pass over the ratings and one over each applicant's ratings
// (grouped by a counting sort). Nothing is applicants × assessors: the
// applicant's cells are gathered in scratch arrays indexed by assessor and by
// criterion, and the assessor × criterion cells are dense when they fit
// (else hashed). See shortlist/analysis/generalizability.hpp.
#include <cstdint>
#include <unordered_map>

#include "analysis/calibration/effects_internal.hpp"
#include "analysis/calibration/gtheory_internal.hpp"

namespace shortlist::detail {

namespace {

struct Cell {
    double n = 0;
    double s = 0;
};

/// The assessor × criterion cell of each rating (dense ids).
struct AssessorCriterionCells {
    std::vector<std::uint32_t> of_rating;
    std::vector<std::uint32_t> assessor;   ///< per cell
    std::vector<std::uint32_t> criterion;  ///< per cell
};

AssessorCriterionCells assessor_criterion_cells(const RatingTable& t) {
    AssessorCriterionCells c;
    c.of_rating.resize(t.ratings.size());
    const std::size_t columns = t.criteria.size();
    const std::size_t dense = t.assessors.size() * columns;
    constexpr auto none = static_cast<std::uint32_t>(-1);
    auto id_for = [&](std::uint32_t& slot, const TableRating& r) {
        if (slot == none) {
            slot = static_cast<std::uint32_t>(c.assessor.size());
            c.assessor.push_back(r.assessor);
            c.criterion.push_back(r.criterion);
        }
        return slot;
    };
    if (dense <= 8 * t.ratings.size() + (std::size_t{1} << 20)) {
        std::vector<std::uint32_t> id(dense, none);
        for (std::size_t k = 0; k < t.ratings.size(); ++k) {
            const auto& r = t.ratings[k];
            const std::size_t key = std::size_t{r.assessor} * columns + r.criterion;
            c.of_rating[k] = id_for(id[key], r);
        }
    } else {
        std::unordered_map<std::size_t, std::uint32_t> id;
        for (std::size_t k = 0; k < t.ratings.size(); ++k) {
            const auto& r = t.ratings[k];
            const std::size_t key = std::size_t{r.assessor} * columns + r.criterion;
            c.of_rating[k] = id_for(id.try_emplace(key, none).first->second, r);
        }
    }
    return c;
}

void add(EffectSums& e, const Cell& c) {
    e.t += c.s * c.s / c.n;
    e.q += c.n * c.n;
    e.levels += 1;
}

/// The single effects and the assessor × criterion cells.
struct Margins {
    std::vector<Cell> p, r, i, ri;
};

Margins margins(const RatingTable& t, const AssessorCriterionCells& cells, double mean,
                DesignSums& d) {
    Margins m;
    m.p.resize(t.applicants.size());
    m.r.resize(t.assessors.size());
    m.i.resize(t.criteria.size());
    m.ri.resize(cells.assessor.size());
    for (std::size_t k = 0; k < t.ratings.size(); ++k) {
        const auto& x = t.ratings[k];
        const double y = x.score - mean;
        for (Cell* c :
             {&m.p[x.applicant], &m.r[x.assessor], &m.i[x.criterion], &m.ri[cells.of_rating[k]]}) {
            c->n += 1;
            c->s += y;
        }
        auto& cs = d.criteria[x.criterion];
        cs.n += 1;
        cs.sum += y;
        cs.sumsq += y * y;
        d.sum += y;
        d.sumsq += y * y;
    }
    d.n = static_cast<double>(t.ratings.size());
    for (const auto* level : {&m.p, &m.r, &m.i})
        for (const Cell& c : *level)
            if (c.n > 0)
                add(level == &m.p ? d.p : level == &m.r ? d.r : d.i, c);
    for (std::size_t k = 0; k < m.ri.size(); ++k) {
        const Cell& c = m.ri[k];
        add(d.ri, c);
        d.ri_by_r += c.n * c.n / m.r[cells.assessor[k]].n;
        d.ri_by_i += c.n * c.n / m.i[cells.criterion[k]].n;
        add(d.criteria[cells.criterion[k]].assessor, c);
    }
    return m;
}

/// Scratch cells of one applicant, indexed by assessor or criterion.
struct Scratch {
    std::vector<Cell> cell;
    std::vector<std::uint32_t> touched;
    void put(std::uint32_t index, double y) {
        if (cell[index].n == 0)
            touched.push_back(index);
        cell[index].n += 1;
        cell[index].s += y;
    }
};

/// The applicant's cells: applicant × assessor, applicant × criterion.
void applicant_cells(const RatingTable& t, const AssessorCriterionCells& cells, const Margins& m,
                     const ByApplicant& g, double mean, DesignSums& d) {
    Scratch by_r{std::vector<Cell>(t.assessors.size()), {}};
    Scratch by_i{std::vector<Cell>(t.criteria.size()), {}};
    std::vector<std::uint32_t> seen(cells.assessor.size(), 0);  // applicant + 1
    for (std::size_t a = 0; a < t.applicants.size(); ++a) {
        if (g.start[a] == g.start[a + 1])
            continue;
        const double np = m.p[a].n;
        for (std::size_t k = g.start[a]; k < g.start[a + 1]; ++k) {
            const auto& x = t.ratings[g.order[k]];
            by_r.put(x.assessor, x.score - mean);
            by_i.put(x.criterion, x.score - mean);
            auto& mark = seen[cells.of_rating[g.order[k]]];
            d.duplicates += mark == a + 1 ? 1u : 0u;
            mark = static_cast<std::uint32_t>(a + 1);
        }
        for (auto j : by_r.touched) {
            const Cell& c = by_r.cell[j];
            add(d.pr, c);
            d.pr_by_p += c.n * c.n / np;
            d.pr_by_r += c.n * c.n / m.r[j].n;
            by_r.cell[j] = {};
        }
        d.inverse_assessors += 1.0 / static_cast<double>(by_r.touched.size());
        for (auto c : by_i.touched) {
            const Cell& cell = by_i.cell[c];
            add(d.pi, cell);
            d.pi_by_p += cell.n * cell.n / np;
            d.pi_by_i += cell.n * cell.n / m.i[c].n;
            add(d.criteria[c].applicant, cell);
            d.criteria[c].inverse_assessors += 1.0 / cell.n;
            by_i.cell[c] = {};
        }
        by_r.touched.clear();
        by_i.touched.clear();
    }
}

}  // namespace

DesignSums design_sums(const RatingTable& t) {
    DesignSums d;
    d.criteria.resize(t.criteria.size());
    if (t.ratings.empty())
        return d;
    double mean = 0;
    for (const auto& x : t.ratings)
        mean += x.score;
    mean /= static_cast<double>(t.ratings.size());
    const AssessorCriterionCells cells = assessor_criterion_cells(t);
    const Margins m = margins(t, cells, mean, d);
    applicant_cells(t, cells, m, group_by_applicant(t), mean, d);
    return d;
}

}  // namespace shortlist::detail

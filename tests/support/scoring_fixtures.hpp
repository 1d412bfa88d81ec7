// Rulebooks, evidence and outcomes built in code for the scorer, ranking and
// report tests, so that they do not depend on the YAML and CSV loaders.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shortlist/evidence.hpp"
#include "shortlist/outcome.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist::testing {

/// The 1..5 sift scale every fixture criterion uses unless told otherwise.
inline Scale sift5() {
    Scale s;
    s.id = "sift5";
    s.min = 1;
    s.max = 5;
    return s;
}

inline Criterion criterion(std::string id, Group group, double weight, std::string text = {}) {
    Criterion c;
    c.id = CriterionId(std::move(id));
    c.group = group;
    c.weight = weight;
    c.text = std::move(text);
    c.scale = "sift5";
    return c;
}

inline FactSpec fact(std::string name, FactType type, std::vector<std::string> values = {}) {
    FactSpec f;
    f.name = std::move(name);
    f.type = type;
    f.values = std::move(values);
    return f;
}

inline Condition leaf(std::string fact_name, Op op, std::vector<Value> values,
                      std::string text = {}, std::string id = {}) {
    Condition c;
    c.kind = Condition::Kind::Leaf;
    c.fact = std::move(fact_name);
    c.op = op;
    c.values = std::move(values);
    c.text = std::move(text);
    c.id = std::move(id);
    return c;
}

inline Condition compound(Condition::Kind kind, std::vector<Condition> children,
                          std::string text = {}, std::string id = {}) {
    Condition c;
    c.kind = kind;
    c.children = std::move(children);
    c.text = std::move(text);
    c.id = std::move(id);
    return c;
}

/// A rulebook with the sift5 scale, the given criteria and group weights, a
/// weighted mean, and no gates beyond what the criteria carry.
inline Rulebook rulebook(std::vector<Criterion> criteria, GroupWeights weights = {1, 1, 1}) {
    Rulebook r;
    r.id = "fixture";
    r.title = "Fixture";
    r.version = "1.0";
    r.scales = {sift5()};
    r.criteria = std::move(criteria);
    r.group_weights = weights;
    return r;
}

inline std::size_t criterion_index(const Rulebook& r, std::string_view id) {
    for (std::size_t i = 0; i < r.criteria.size(); ++i) {
        if (r.criteria[i].id.view() == id)
            return i;
    }
    throw std::logic_error("fixture: no criterion " + std::string(id));
}

inline std::size_t fact_index(const Rulebook& r, std::string_view name) {
    for (std::size_t i = 0; i < r.facts.size(); ++i) {
        if (r.facts[i].name == name)
            return i;
    }
    throw std::logic_error("fixture: no fact " + std::string(name));
}

/// Evidence for the given applicants: every fact empty, no ratings.
inline Evidence evidence(const Rulebook& r, std::vector<std::string> ids) {
    Evidence e;
    for (auto& id : ids)
        e.applicants.emplace_back(std::move(id));
    e.facts.assign(r.facts.size(), std::vector<Value>(e.applicants.size()));
    e.ratings_source = "ratings.csv";
    e.assessors = {AssessorId("R1"), AssessorId("R2"), AssessorId("R3")};
    return e;
}

inline void set_fact(Evidence& e, const Rulebook& r, std::size_t applicant, std::string_view name,
                     Value v) {
    e.facts[fact_index(r, name)][applicant] = std::move(v);
}

/// Append a rating; the line is its position in a pretend ratings file
/// (after a header line).
inline void rate(Evidence& e, const Rulebook& r, std::size_t applicant, std::string_view crit,
                 double score, RatingKind kind = RatingKind::Score, std::uint64_t indicators = 0,
                 bool from_indicators = false) {
    Rating x;
    x.applicant = static_cast<std::uint32_t>(applicant);
    x.criterion = static_cast<std::uint32_t>(criterion_index(r, crit));
    x.assessor = static_cast<std::uint16_t>(e.ratings.size() % 3);
    x.kind = kind;
    x.score = score;
    x.from_indicators = from_indicators;
    x.line = static_cast<std::uint32_t>(e.ratings.size() + 2);
    if (indicators != 0)
        e.indicators.push_back({e.ratings.size(), indicators});
    e.ratings.push_back(x);
}

inline void rate_kind(Evidence& e, const Rulebook& r, std::size_t applicant, std::string_view crit,
                      RatingKind kind) {
    rate(e, r, applicant, crit, kind == RatingKind::NotEvidenced ? 1.0 : 0.0, kind);
}

/// An outcome for the ranking and report tests, built directly.
inline Outcome outcome(std::string id, double total) {
    Outcome o;
    o.id = ApplicantId(std::move(id));
    o.total = total;
    return o;
}

inline GateFailure gate(GateFailure::Kind kind, std::string id, std::string message) {
    GateFailure g;
    g.kind = kind;
    g.id = std::move(id);
    g.message = std::move(message);
    return g;
}

}  // namespace shortlist::testing

// A rulebook built in code for the evidence tests (no YAML), and helpers.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "shortlist/error.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/rulebook.hpp"

namespace evidence_test {

using namespace shortlist;

inline FactSpec fact(std::string name, FactType type, std::vector<std::string> values = {}) {
    FactSpec f;
    f.name = std::move(name);
    f.type = type;
    f.values = std::move(values);
    return f;
}

inline Criterion criterion(std::string id, Group group, std::string scale,
                           const std::vector<std::string>& indicators = {}) {
    Criterion c;
    c.id = CriterionId(std::move(id));
    c.group = group;
    c.scale = std::move(scale);
    for (const auto& i : indicators)
        c.indicators.push_back({i, "text of " + i, {}});
    return c;
}

/// Facts of every type; four criteria on two scales, two with indicators.
inline Rulebook rulebook() {
    Rulebook rb;
    rb.id = "test-pcso";
    rb.scales = {{"sift5", 1, 5, {}, {}}, {"zero4", 0, 4, {}, {}}};
    rb.facts = {
        fact("full_driving_licence", FactType::Boolean),
        fact("bleep_test_level", FactType::Level),
        fact("vetting", FactType::Ordinal, {"none", "RV", "CTC", "SC", "DV"}),
        fact("qualification", FactType::String, {"none", "nvq2", "nvq3"}),
        fact("age", FactType::Number),
        fact("notes", FactType::String),
    };
    rb.criteria = {
        criterion("communication", Group::Essential, "sift5",
                  {"listens", "speaks_clearly", "adapts"}),
        criterion("teamwork", Group::Essential, "sift5"),
        criterion("welsh", Group::Desirable, "zero4", {"reads", "writes", "speaks", "understands"}),
        criterion("we_analyse_critically", Group::Competency, "sift5"),
    };
    return rb;
}

inline const std::string applicants_header =
    "applicant_id,full_driving_licence,bleep_test_level,vetting,qualification,age,notes\n";

/// Three applicants, A1 A2 A3, read from "applicants.csv".
inline Evidence three_applicants(const Rulebook& rb) {
    return parse_applicants_csv(rb,
                                applicants_header +
                                    "A1,yes,5.4,RV,nvq2,30,\n"
                                    "A2,no,6.1,CTC,none,41,\n"
                                    "A3,,,,,,\n",
                                "applicants.csv");
}

/// what() of the EvidenceError that f throws, or "no error".
template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const EvidenceError& e) {
        return e.what();
    }
    return "no error";
}

inline const std::string ratings_header =
    "applicant_id,criterion,assessor,score,indicators,comment\n";

/// The ratings of `rows` (after the standard header) for three_applicants().
inline Evidence rate(const Rulebook& rb, const std::string& rows) {
    Evidence e = three_applicants(rb);
    parse_ratings_csv(rb, e, ratings_header + rows, "ratings.csv");
    return e;
}

/// what() of the error reading `rows` as ratings, or "no error".
inline std::string rating_error(const Rulebook& rb, const std::string& rows) {
    return error_of([&] { (void)rate(rb, rows); });
}

}  // namespace evidence_test

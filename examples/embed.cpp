// A recruitment system scoring one application as it arrives.
// Usage: embed RULEBOOK   (e.g. rules/gloucestershire_pcso.yaml)
#include <iostream>
#include <shortlist/shortlist.hpp>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: embed RULEBOOK\n";
        return 1;
    }
    try {
        // Compile the rulebook once; score each application as it comes in.
        const shortlist::Scorer scorer(shortlist::load_rulebook(argv[1]));

        shortlist::Application app;
        app.id = shortlist::ApplicantId("A-1042");
        app.facts = {{"vetting", "RV"}, {"guaranteed_interview", "no"}};
        for (const auto& c : scorer.rulebook().criteria) {
            // Two assessors; a real system passes what its assessors entered.
            app.ratings.push_back({c.id, shortlist::AssessorId("R1"), "4", {}, {}});
            app.ratings.push_back({c.id, shortlist::AssessorId("R2"), "3", {}, {}});
        }

        const shortlist::Outcome outcome = scorer.score(app);
        std::cout << outcome.id.value() << ": total " << outcome.total << " / 100, "
                  << (outcome.eligible() ? "meets the requirements" : "does not meet them") << '\n';
        for (const auto& gate : outcome.failed_gates)
            std::cout << "  gate: " << gate.message << '\n';
        for (const auto& c : outcome.criteria)
            std::cout << "  " << c.id.value() << ": raw " << c.raw.value_or(0) << ", adds "
                      << c.contribution << " points\n";
        return 0;
    } catch (const shortlist::Error& e) {  // every library error names file:line:col
        std::cerr << e.what() << '\n';
        return 2;
    }
}

// Built against the installed package: load an installed rulebook and score one application.
#include <iostream>
#include <shortlist/shortlist.hpp>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: consumer RULEBOOK\n";
        return 1;
    }
    try {
        const shortlist::Scorer scorer(shortlist::load_rulebook(argv[1]));
        shortlist::Application app;
        app.id = shortlist::ApplicantId("P1");
        const shortlist::Outcome outcome = scorer.score(app);
        std::cout << "shortlist " << shortlist::version_string << " scored " << outcome.id.value()
                  << ": " << (outcome.eligible() ? "eligible" : "not eligible") << '\n';
    } catch (const shortlist::Error& e) {
        std::cerr << e.what() << '\n';
        return 2;
    }
    return 0;
}

// The steps score_report and panel_report share (scoring_run.hpp).
#include "report/scoring_run.hpp"

#include <utility>

#include "shortlist/blind.hpp"

namespace shortlist::report {

OpenedRun open_run(const std::filesystem::path& rules, const std::filesystem::path& applicants,
                   const std::optional<std::filesystem::path>& ratings,
                   const std::optional<Stage>& stage, RunRecorder& recorder) {
    OpenedRun run;
    run.rulebook = load_rulebook(rules);
    if (stage)
        run.rulebook.stage = stage;
    // Blind sifting: refuse protected or identifying columns; drop the
    // monitoring-only ones (the loader reads only declared facts).
    run.dropped_columns = check_blind_columns(run.rulebook, applicants).dropped;
    recorder.rulebook(run.rulebook);
    run.load.applicants_bytes = recorder.input_as_read("applicants", applicants);
    if (ratings)
        run.load.ratings_bytes = recorder.input_as_read("ratings", *ratings);
    return run;
}

namespace {

Shortlist add_notes_and_select(const Scorer& scorer, std::vector<Outcome> outcomes,
                               std::optional<std::size_t> top, std::vector<std::string> notes) {
    for (auto& o : outcomes)
        if (o.index < notes.size() && !notes[o.index].empty())
            o.notes.push_back(std::move(notes[o.index]));
    return select(scorer.rulebook(), std::move(outcomes), top);
}

}  // namespace

Shortlist score_and_select(const Scorer& scorer, const Evidence& evidence,
                           const ScoreOptions& options, std::optional<std::size_t> top,
                           std::vector<std::string> notes) {
    return add_notes_and_select(scorer, scorer.score(evidence, options), top, std::move(notes));
}

Shortlist score_and_select(const Scorer& scorer, TalliedEvidence&& evidence,
                           const ScoreOptions& options, std::optional<std::size_t> top,
                           std::vector<std::string> notes) {
    return add_notes_and_select(scorer, scorer.score(std::move(evidence), options), top,
                                std::move(notes));
}

}  // namespace shortlist::report

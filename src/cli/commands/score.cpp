// shortlist score: rulebook + evidence -> ranked shortlist with reasons.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <system_error>
#include <vector>

#include "cli/audit.hpp"
#include "cli/options.hpp"
#include "shortlist/analysis/bands.hpp"
#include "shortlist/analysis/calibration.hpp"
#include "shortlist/analysis/explain.hpp"
#include "shortlist/blind.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/report.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "shortlist/stream.hpp"
#include "util/io.hpp"
#include "util/number.hpp"

namespace shortlist::cli {

namespace fs = std::filesystem;

namespace {

UsageError usage(std::string message) {
    return UsageError({}, ErrorCode::InvalidArgument, "score: " + std::move(message));
}

/// Remove each assessor's severity from the evidence (the model calibrate fits)
/// and tell each applicant, in a note, which adjustments reached their ratings.
/// Returns the note for every applicant, by evidence index.
std::vector<std::string> adjust_assessors(Evidence& evidence, const Rulebook& rulebook,
                                          EffectsModel model) {
    const AssessorEffects effects =
        fit_assessor_effects(make_rating_table(evidence, rulebook), model);
    evidence = adjust_for_assessors(evidence, rulebook, effects);  // throws if not usable

    // Adjustment of each evidence assessor (matched by id, as adjust_for_assessors does).
    std::vector<std::optional<double>> by_assessor(evidence.assessors.size());
    for (const auto& e : effects.assessors)
        for (std::size_t j = 0; j < evidence.assessors.size(); ++j)
            if (evidence.assessors[j].value() == e.id)
                by_assessor[j] = e.adjustment;
    // Which assessors scored each applicant: one pass over the ratings.
    std::vector<std::vector<std::uint16_t>> seen(evidence.applicants.size());
    for (const auto& r : evidence.ratings) {
        if (r.kind != RatingKind::Score || !by_assessor[r.assessor])
            continue;
        auto& v = seen[r.applicant];
        if (std::find(v.begin(), v.end(), r.assessor) == v.end())
            v.push_back(r.assessor);
    }
    std::vector<std::string> notes(evidence.applicants.size());
    const std::string head = "scores adjusted for assessor severity (" +
                             std::string(to_string(model)) + " model; scale points added): ";
    for (std::size_t a = 0; a < seen.size(); ++a) {
        auto& v = seen[a];
        if (v.empty())
            continue;
        std::sort(v.begin(), v.end());
        std::string note = head;
        for (std::size_t k = 0; k < v.size(); ++k) {
            const double x = *by_assessor[v[k]];
            note += (k ? ", " : "") + evidence.assessors[v[k]].value() + ' ' + (x > 0 ? "+" : "") +
                    detail::format_fixed(x, 3);
        }
        notes[a] = std::move(note);
    }
    return notes;
}

// ---- --what-it-takes and --bands (README, "What it takes and score bands") ----

void add_analysis_options(po::options_description& visible) {
    // clang-format off
    visible.add_options()
        ("what-it-takes", "add, per applicant, the smallest single-criterion improvement that "
         "would have shortlisted them, or the margin by which they are in")
        ("bands", "add each applicant's score band (Cascio et al. 1991) and the boundary band")
        ("reliability", po::value<std::string>()->value_name("R"),
         "--bands: reliability of the totals, 0..1 (overrides shortlist.bands.reliability)")
        ("confidence", po::value<std::string>()->value_name("C"),
         "--bands: two-sided confidence, between 0 and 1 (default 0.95)")
        ("band-method", po::value<std::string>()->value_name("fixed|sliding"),
         "--bands: fixed or sliding bands (default fixed)");
    // clang-format on
}

/// A number from the command line, in range: a usage error otherwise.
double read_unit(const po::variables_map& vm, const char* name, bool open) {
    const std::string text = vm[name].as<std::string>();
    const auto v = detail::parse_number(text);
    if (!v || (open ? !(*v > 0 && *v < 1) : !(*v >= 0 && *v <= 1)))
        throw usage("--" + std::string(name) + " must be a number " +
                    (open ? "strictly between 0 and 1" : "from 0 to 1") + ", not '" + text + "'");
    return *v;
}

/// The band settings: the command line, else the rulebook's shortlist.bands;
/// none without --bands.
std::optional<BandOptions> read_band_options(const po::variables_map& vm, const Rulebook& rb) {
    if (!vm.count("bands")) {
        for (const char* name : {"reliability", "confidence", "band-method"}) {
            if (vm.count(name))
                throw usage("--" + std::string(name) + " needs --bands");
        }
        return std::nullopt;
    }
    const std::optional<BandPolicy> policy = rb.shortlist.bands;
    BandOptions b;
    if (vm.count("reliability")) {
        b.reliability = read_unit(vm, "reliability", false);
        b.reliability_source = "--reliability";
    } else if (policy && policy->reliability) {
        b.reliability = *policy->reliability;
        b.reliability_source = "rulebook";
    } else {
        throw usage(
            "--bands needs the reliability of the totals: --reliability R, or "
            "shortlist.bands.reliability in the rulebook");
    }
    if (vm.count("confidence"))
        b.confidence = read_unit(vm, "confidence", true);
    else if (policy && policy->confidence)
        b.confidence = *policy->confidence;
    if (vm.count("band-method")) {
        const std::string m = vm["band-method"].as<std::string>();
        const auto method = parse_band_method(m);
        if (!method)
            throw usage("--band-method must be fixed or sliding, not '" + m + "'");
        b.method = *method;
    } else if (policy && policy->method) {
        b.method = *policy->method;
    }
    return b;
}

}  // namespace

int run_score(const Args& args, std::ostream& out, std::ostream& err) {
    po::options_description visible("options");
    // clang-format off
    visible.add_options()
        ("help,h", "show this help")
        ("rules,r", po::value<std::string>()->value_name("FILE"), "the rulebook (required)")
        ("applicants,a", po::value<std::string>()->value_name("FILE"),
         "applicants: CSV (applicant_id + one column per fact), or JSON Lines (.jsonl/.ndjson) "
         "with facts and ratings (required)")
        ("ratings,x", po::value<std::string>()->value_name("FILE"),
         "ratings CSV: applicant_id,criterion,assessor,score[,indicators][,comment]")
        ("top,n", po::value<std::size_t>()->value_name("N"),
         "shortlist size (overrides the rulebook's shortlist.top)")
        ("format,f", po::value<std::string>()->value_name("csv|json")->default_value("csv"),
         "output format")
        ("out,o", po::value<std::string>()->value_name("FILE"),
         "write here (atomically) instead of standard output")
        ("stage", po::value<std::string>()->value_name("STAGE"),
         "score at this stage: sift, assessment, interview or pre_employment (default: the "
         "rulebook's stage, else sift); later stages' gates become conditions of an offer")
        ("explain", "JSON: add each applicant's per-criterion breakdown")
        ("adjust-assessors", "remove each assessor's severity (as 'shortlist calibrate' "
         "estimates it) from their scores before scoring")
        ("model,m", po::value<std::string>()->value_name("additive|rasch"),
         "with --adjust-assessors: the assessor-effect model (default additive)")
        ("audit", po::value<std::string>()->value_name("FILE"),
         "also write the audit record to FILE (default with --out and CSV: FILE.audit.json; "
         "JSON results carry it as \"audit\")")
        ("shortlist-only", "write only the shortlisted rows (shortlisted, guaranteed_interview); "
         "with a shortlist size, read the JSON Lines file (or the applicants CSV and a ratings CSV "
         "grouped by applicant in the applicants' order) as a stream in bounded memory");
    // clang-format on
    add_analysis_options(visible);
    po::variables_map vm;
    if (parse_or_help(
            args,
            "usage: shortlist score --rules R --applicants A [--ratings X] [--top N]\n"
            "                       [--format csv|json] [--out FILE] [--explain] [--stage S]\n"
            "                       [--adjust-assessors [--model additive|rasch]]\n"
            "                       [--what-it-takes] [--bands [--reliability R]\n"
            "                       [--confidence C] [--band-method fixed|sliding]]\n\n"
            "Apply the rulebook's gates, score and rank the applicants, and write the\n"
            "shortlist: one row per applicant with rank, status (shortlisted,\n"
            "guaranteed_interview, not_shortlisted, not_eligible), total, group\n"
            "scores, conditions and reasons.\n",
            visible, nullptr, vm, out))
        return exit_ok;
    if (!vm.count("rules"))
        throw usage("--rules is required");
    if (!vm.count("applicants"))
        throw usage("--applicants is required");
    const std::string format = vm["format"].as<std::string>();
    if (format != "csv" && format != "json")
        throw usage("--format must be csv or json, not '" + format + "'");
    if (vm.count("explain") && format != "json")
        throw usage("--explain needs --format json (the CSV has one row per applicant)");
    const bool adjust = vm.count("adjust-assessors") > 0;
    EffectsModel model = EffectsModel::Additive;
    if (vm.count("model")) {
        const std::string name = vm["model"].as<std::string>();
        if (!adjust)
            throw usage("--model goes with --adjust-assessors");
        if (name != "additive" && name != "rasch")
            throw usage("--model must be additive or rasch, not '" + name + "'");
        model = name == "rasch" ? EffectsModel::Rasch : EffectsModel::Additive;
    }
    std::optional<std::size_t> top;
    if (vm.count("top")) {
        top = vm["top"].as<std::size_t>();
        if (*top == 0)
            throw usage("--top must be at least 1");
    }

    const fs::path rules_path = vm["rules"].as<std::string>();
    const fs::path applicants_path = vm["applicants"].as<std::string>();
    std::optional<fs::path> ratings_path;
    if (vm.count("ratings"))
        ratings_path = fs::path(vm["ratings"].as<std::string>());
    std::optional<fs::path> out_path;
    if (vm.count("out"))
        out_path = fs::path(vm["out"].as<std::string>());
    std::optional<fs::path> audit_path;
    if (vm.count("audit"))
        audit_path = fs::path(vm["audit"].as<std::string>());
    else if (out_path && format == "csv")
        audit_path = fs::path(out_path->string() + ".audit.json");
    if (audit_path && out_path && *audit_path == *out_path)
        throw usage("--audit and --out name the same file");

    Audit audit("score", args);
    Rulebook rulebook = load_rulebook(rules_path);
    if (vm.count("stage")) {
        rulebook.stage = parse_stage(vm["stage"].as<std::string>());
        if (!rulebook.stage)
            throw usage("--stage must be sift, assessment, interview or pre_employment");
    }
    // Blind sifting: refuse protected or identifying columns; drop the
    // monitoring-only ones (the loader reads only declared facts).
    const BlindColumns blind = check_blind_columns(rulebook, applicants_path);
    audit.rulebook(rulebook);
    audit.input("applicants", applicants_path);
    if (ratings_path)
        audit.input("ratings", *ratings_path);
    if (out_path)
        audit.refuse_overwriting_inputs(*out_path);
    if (audit_path)
        audit.refuse_overwriting_inputs(*audit_path, "--audit");
    audit.result_path(format == "json" ? out_path : std::nullopt);
    const bool shortlist_only = vm.count("shortlist-only") > 0;
    const std::optional<BandOptions> band_options = read_band_options(vm, rulebook);
    const bool wants_what_it_takes = vm.count("what-it-takes") > 0;
    if (shortlist_only && (band_options || wants_what_it_takes))
        throw usage(
            "--shortlist-only leaves out the applicants that --what-it-takes and --bands "
            "explain: give one or the other");
    // The stream keeps only the shortlist; adjusting for assessors needs every rating.
    const bool stream = shortlist_only && !adjust && (top || rulebook.shortlist.top) &&
                        streamable(applicants_path, ratings_path);
    std::optional<Evidence> evidence;
    std::vector<std::string> adjusted;
    if (!stream) {
        evidence = load_evidence(rulebook, applicants_path, ratings_path);
        if (adjust)
            adjusted = adjust_assessors(*evidence, rulebook, model);
    }
    const Scorer scorer(rulebook);
    ReportOptions options;
    options.explain = vm.count("explain") > 0;
    options.dropped_columns = blind.dropped;
    if (!blind.dropped.empty()) {
        err << "shortlist score: note: monitoring-only columns dropped from "
            << applicants_path.string() << " on load, never scored:";
        for (const auto& c : blind.dropped)
            err << ' ' << c;
        err << '\n';
    }
    ScoreOptions score_options;
    score_options.explain = options.explain;       // only the JSON breakdown reads it
    score_options.explain |= wants_what_it_takes;  // what it takes rescores from the breakdown
    Shortlist result;
    if (stream) {
        StreamOptions stream_options;
        stream_options.top = top;
        stream_options.explain = options.explain;
        result = shortlist_stream(scorer, applicants_path, ratings_path, stream_options).shortlist;
    } else {
        std::vector<Outcome> outcomes = scorer.score(*evidence, score_options);
        for (auto& o : outcomes)
            if (o.index < adjusted.size() && !adjusted[o.index].empty())
                o.notes.push_back(std::move(adjusted[o.index]));
        result = select(scorer.rulebook(), std::move(outcomes), top);
        if (shortlist_only)
            std::erase_if(result.entries, [](const Entry& e) { return !on_shortlist(e.status); });
    }
    std::vector<WhatItTakes> what;
    if (wants_what_it_takes) {
        what = what_it_takes(scorer.rulebook(), result);
        options.what_it_takes = &what;
    }
    std::optional<Bands> bands;
    if (band_options) {
        bands = band(result, *band_options);
        options.bands = &*bands;
    }

    auto write = [&](std::ostream& os) {
        if (format == "json")
            write_json_with_audit(os, audit, [&](std::ostream& doc) {
                write_json(doc, scorer.rulebook(), result, options);
            });
        else
            write_csv(os, scorer.rulebook(), result, options);
    };
    if (out_path)
        write_output(audit, *out_path, write);
    else if (audit_path)
        write_stdout(audit, out, write);
    else
        write(out);
    if (audit_path)
        write_sidecar(audit, *audit_path);
    return exit_ok;
}

}  // namespace shortlist::cli

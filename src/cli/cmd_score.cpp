// shortlist score: rulebook + evidence -> ranked shortlist with reasons.
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <system_error>
#include <vector>

#include "cli/audit.hpp"
#include "cli/options.hpp"
#include "detail/io.hpp"
#include "shortlist/evidence.hpp"
#include "shortlist/ranking.hpp"
#include "shortlist/report.hpp"
#include "shortlist/rulebook.hpp"
#include "shortlist/scorer.hpp"
#include "shortlist/stream.hpp"

namespace shortlist::cli {

namespace fs = std::filesystem;

namespace {

UsageError usage(std::string message) {
    return UsageError({}, ErrorCode::InvalidArgument, "score: " + std::move(message));
}

}  // namespace

int run_score(const Args& args, std::ostream& out, std::ostream& /*err*/) {
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
        ("explain", "JSON: add each applicant's per-criterion breakdown")
        ("audit", po::value<std::string>()->value_name("FILE"),
         "also write the audit record to FILE (default with --out and CSV: FILE.audit.json; "
         "JSON results carry it as \"audit\")")
        ("shortlist-only", "write only the shortlisted rows (shortlisted, guaranteed_interview); "
         "with a shortlist size and a JSON Lines file, read it as a stream in bounded memory");
    // clang-format on
    po::variables_map vm;
    if (parse_or_help(args,
                      "usage: shortlist score --rules R --applicants A [--ratings X] [--top N]\n"
                      "                       [--format csv|json] [--out FILE] [--explain]\n\n"
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
    const bool stream = shortlist_only && !ratings_path && (top || rulebook.shortlist.top) &&
                        streamable(applicants_path);
    std::optional<Evidence> evidence;
    if (!stream)
        evidence = load_evidence(rulebook, applicants_path, ratings_path);
    const Scorer scorer(rulebook);
    ReportOptions options;
    options.explain = vm.count("explain") > 0;
    ScoreOptions score_options;
    score_options.explain = options.explain;  // only the JSON breakdown reads it
    Shortlist result;
    if (stream) {
        StreamOptions stream_options;
        stream_options.top = top;
        stream_options.explain = options.explain;
        result = shortlist_stream(scorer, applicants_path, stream_options).shortlist;
    } else {
        result = select(scorer.rulebook(), scorer.score(*evidence, score_options), top);
        if (shortlist_only)
            std::erase_if(result.entries, [](const Entry& e) { return !on_shortlist(e.status); });
    }

    auto write = [&](std::ostream& os) {
        if (format == "json")
            write_json_with_audit(os, audit, [&](std::ostream& doc) {
                write_json(doc, scorer.rulebook(), result, options);
            });
        else
            write_csv(os, scorer.rulebook(), result);
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

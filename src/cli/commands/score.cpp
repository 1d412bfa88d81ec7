// shortlist score: rulebook + evidence -> ranked shortlist with reasons
// (docs/scoring.md).
#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "cli/options.hpp"
#include "cli/terminal.hpp"
#include "shortlist/audit.hpp"
#include "shortlist/report/progress.hpp"
#include "shortlist/report/score.hpp"
#include "shortlist/xlsx.hpp"

namespace shortlist::cli {

namespace {

constexpr std::string_view name = "score";
constexpr std::string_view synopsis =
    "usage: shortlist score --rules R --applicants A [--ratings X] [--top N]\n"
    "                       [--format csv|json|xlsx] [--out FILE] [--explain]\n"
    "                       [--stage S] [--adjust-assessors [--model additive|rasch]]\n"
    "                       [--what-it-takes] [--bands [--reliability R]\n"
    "                       [--confidence C] [--band-method fixed|sliding]]\n"
    "                       [--shortlist-only] [--audit FILE] [--quiet]\n\n"
    "Apply the rulebook's gates, score and rank the applicants, and write the\n"
    "shortlist: one row per applicant with rank, status (shortlisted,\n"
    "guaranteed_interview, not_shortlisted, not_eligible), total, group\n"
    "scores, conditions and reasons.\n";

void declare(CommandLine& line) {
    line.rules()
        .applicants(
            "applicants: CSV (applicant_id + one column per fact), or JSON Lines "
            "(.jsonl/.ndjson) with facts and ratings (required)")
        .ratings("ratings CSV: applicant_id,criterion,assessor,score[,indicators][,comment]")
        .top();
#if defined(SHORTLIST_WITH_XLSX)
    line.add()("format,f",
               po::value<std::string>()->value_name("csv|json|xlsx")->default_value("csv"),
               "output format (xlsx: a workbook, needs --out; docs/excel.md)");
#else
    line.add()("format,f", po::value<std::string>()->value_name("csv|json")->default_value("csv"),
               "output format");
#endif
    // clang-format off
    line.add()
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
         "grouped by applicant in the applicants' order) as a stream in bounded memory")
        // --what-it-takes and --bands (docs/explanations.md)
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
    line.quiet();
}

/// A number in 0..1 (`open`: strictly inside), if given: a usage error otherwise.
std::optional<double> unit_option(const CommandLine& line, const char* option, bool open) {
    const auto text = line.text(option);
    if (!text)
        return std::nullopt;
    const auto v = parse_decimal(*text);
    if (!v || (open ? !(*v > 0 && *v < 1) : !(*v >= 0 && *v <= 1)))
        throw line.error("--" + std::string(option) + " must be a number " +
                         (open ? "strictly between 0 and 1" : "from 0 to 1") + ", not '" + *text +
                         "'");
    return v;
}

/// The band settings asked for on the command line; none without --bands.
std::optional<BandRequest> read_bands(const CommandLine& line) {
    if (!line.has("bands")) {
        for (const char* option : {"reliability", "confidence", "band-method"}) {
            if (line.has(option))
                throw line.error("--" + std::string(option) + " needs --bands");
        }
        return std::nullopt;
    }
    BandRequest bands;
    bands.reliability = unit_option(line, "reliability", false);
    bands.confidence = unit_option(line, "confidence", true);
    if (const auto m = line.text("band-method")) {
        bands.method = parse_band_method(*m);
        if (!bands.method)
            throw line.error("--band-method must be fixed or sliding, not '" + *m + "'");
    }
    return bands;
}

/// --format xlsx: a workbook needs --out (docs/excel.md).
void check_xlsx_output(const CommandLine& line) {
#if defined(SHORTLIST_WITH_XLSX)
    if (!line.has("out"))
        throw line.error("--format xlsx needs --out FILE.xlsx (a workbook is not for a terminal)");
#else
    throw line.error("--format xlsx: this shortlist was built without .xlsx support");
#endif
}

/// The format, the assessor model and where the result goes.
void read_output(const CommandLine& line, ScoreRequest& request) {
    const std::string format = line.get<std::string>("format");
    if (format == "csv")
        request.format = ScoreFormat::Csv;
    else if (format == "json")
        request.format = ScoreFormat::Json;
    else if (format == "xlsx")
        request.format = ScoreFormat::Xlsx;
    else
        throw line.error("--format must be csv, json or xlsx, not '" + format + "'");
    request.explain = line.has("explain");
    if (request.format == ScoreFormat::Xlsx)
        check_xlsx_output(line);
    if (request.explain && request.format != ScoreFormat::Json)
        throw line.error("--explain needs --format json (the CSV has one row per applicant)");
    if (request.format == ScoreFormat::Xlsx)
        request.explain = true;  // the breakdown is the workbook's Criteria sheet
    const bool adjust = line.has("adjust-assessors");
    if (adjust)
        request.adjust_assessors = EffectsModel::Additive;
    if (const auto model = line.text("model")) {
        if (!adjust)
            throw line.error("--model goes with --adjust-assessors");
        request.adjust_assessors = parse_effects_model(*model);
        if (!request.adjust_assessors)
            throw line.error("--model must be additive or rasch, not '" + *model + "'");
    }
}

ScoreRequest read_request(const CommandLine& line) {
    ScoreRequest request;
    request.rules = line.required_path("rules");
    request.applicants = line.required_path("applicants");
    read_output(line, request);
    request.top = line.top_size();
    if (const auto stage = line.text("stage")) {
        request.stage = parse_stage(*stage);
        if (!request.stage)
            throw line.error("--stage must be sift, assessment, interview or pre_employment");
    }
    request.ratings = line.path("ratings");
    ResultDestination& to = request.destination;
    to.file = line.path("out");
    to.record = line.path("audit");
    if (!to.record && to.file && request.format != ScoreFormat::Json)
        to.record = std::filesystem::path(to.file->string() + ".audit.json");
    if (to.record && to.file && *to.record == *to.file)
        throw line.error("--audit and --out name the same file");
    request.shortlist_only = line.has("shortlist-only");
    request.what_it_takes = line.has("what-it-takes");
    return request;
}

}  // namespace

int run_score(const Args& args, std::ostream& out, std::ostream& err) {
    CommandLine line(name, synopsis);
    declare(line);
    if (!line.parse(args, out))
        return exit_ok;
    ScoreRequest request = read_request(line);
    request.bands = read_bands(line);
    request.note = [&err](const std::string& note) {
        err << "shortlist score: note: " << note << '\n';
    };
    ProgressDisplay progress(err, std::string(name));
    if (show_progress(err, line.has("quiet")))
        request.progress = progress.steps();
    Audit audit(std::string(name), args);
    // The last report is left to the process's exit to take back, not
    // freed: a large batch's report is millions of small blocks, and freeing
    // them one by one took a few percent of the run (docs/benchmarks.md).
    // Kept reachable, so a leak checker does not count it; an earlier one
    // (verify runs the command again in the same process) is freed.
    static const ScoreReport* last = nullptr;
    delete std::exchange(last, new ScoreReport(score_report(request, audit)));
    const ScoreReport& report = *last;
    if (!line.given("format") && !request.destination.file && !request.destination.record &&
        !report.what_it_takes && !report.bands && is_terminal(out)) {
        write_terminal_table(out, report.rulebook, report.shortlist);  // docs/report.md
        return exit_ok;
    }
#if defined(SHORTLIST_WITH_XLSX)
    if (request.format == ScoreFormat::Xlsx) {
        write_workbook(audit, *request.destination.file, score_workbook(report));
        write_sidecar(audit, *request.destination.record);
        return exit_ok;
    }
#endif
    write_result(audit, out, request.destination, [&](std::ostream& os) {
        if (request.format == ScoreFormat::Json)
            write_json_with_audit(os, audit, [&](std::ostream& doc) { write_json(doc, report); });
        else
            write_csv(os, report);
    });
    return exit_ok;
}

}  // namespace shortlist::cli

// verify() from the library alone: a result `shortlist score` wrote is
// re-run by a library runner (score_report and write_result, no command
// line), and the report verify writes is the one `shortlist verify` prints.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "shortlist/audit.hpp"
#include "shortlist/report/score.hpp"
#include "unit/report/cli_parity.hpp"

using namespace shortlist;
using namespace shortlist::testing;

namespace {

/// Re-run a recorded `score --rules R --applicants A --ratings X [--out F]`
/// through the library.
int rerun_score(std::string_view command, const std::vector<std::string>& arguments,
                const fs::path& base, std::ostream& out, std::ostream& /*err*/) {
    REQUIRE(command == "score");
    REQUIRE(arguments.size() % 2 == 0);
    const InDirectory in(base);
    ScoreRequest request;
    for (std::size_t i = 0; i < arguments.size(); i += 2) {
        const std::string& option = arguments[i];
        const std::string& value = arguments[i + 1];
        if (option == "--rules")
            request.rules = value;
        else if (option == "--applicants")
            request.applicants = value;
        else if (option == "--ratings")
            request.ratings = value;
        else if (option == "--out")
            request.destination = {value, value + ".audit.json"};
        else
            FAIL("unexpected option " << option);
    }
    Audit audit("score", arguments);
    const ScoreReport report = score_report(request, audit);
    write_result(audit, out, request.destination, [&](std::ostream& os) { write_csv(os, report); });
    return 0;
}

VerifyRequest request_for(const fs::path& result) {
    VerifyRequest request;
    request.result = result;
    request.commands = {"score"};
    request.run = rerun_score;
    return request;
}

std::string text_of(const Verification& v) {
    return written([&](std::ostream& os) { write_text(os, v); });
}

}  // namespace

TEST_CASE("verify from the library: reproduced, then an input changed", "[verify]") {
    const std::string data = std::string(SHORTLIST_SOURCE_DIR) + "/tests/data";
    const fs::path dir = scratch_dir("verify");
    fs::copy_file(data + "/cli/rules.yaml", dir / "rules.yaml");
    fs::copy_file(data + "/audit/hostile_applicants.csv", dir / "applicants.csv");
    fs::copy_file(data + "/audit/hostile_ratings.csv", dir / "ratings.csv");
    const InDirectory here(dir);
    (void)run_cli({"score", "--rules", "rules.yaml", "--applicants", "applicants.csv", "--ratings",
                   "ratings.csv", "--out", "s.csv"});

    const Verification ok = verify(request_for("s.csv"));
    CHECK(ok.outcome == VerifyOutcome::Reproduced);
    CHECK(ok.record.command == "score");
    REQUIRE(ok.inputs.size() == 3);  // rules, applicants, ratings
    REQUIRE(ok.outputs.size() == 1);
    CHECK(ok.outputs[0].name == "s.csv");
    CHECK(ok.outputs[0].kind == OutputCheck::Kind::Bytes);
    CHECK(ok.outputs[0].same);
    CHECK(text_of(ok) == run_cli({"verify", "s.csv"}));

    // Not re-run: one input has changed since.
    std::ofstream(dir / "ratings.csv", std::ios::app) << "\n";
    const Verification changed = verify(request_for("s.csv"));
    CHECK(changed.outcome == VerifyOutcome::InputsChanged);
    CHECK(changed.inputs.back().state == InputCheck::State::Changed);
    CHECK(changed.outputs.empty());
    CHECK(text_of(changed) == run_cli({"verify", "s.csv"}, 4));
}

TEST_CASE("verify from the library: a command it cannot re-run is refused", "[verify]") {
    const fs::path dir = scratch_dir("verify_refused");
    const InDirectory here(dir);
    AuditRecord record;
    record.command = "rules";
    record.working_directory = dir.string();
    record.time = "2026-12-01T00:00:00Z";
    std::ofstream(dir / "r.audit.json")
        << written([&](std::ostream& os) { write_json(os, record); });
    try {
        (void)verify(request_for("r.audit.json"));
        FAIL("not refused");
    } catch (const Error& e) {
        CHECK(e.message() == "the audit block records command 'rules', which verify cannot re-run");
    }
}

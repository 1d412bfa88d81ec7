// The rules report from the library alone: the text and JSON `shortlist
// rules` prints for every shipped rulebook.
#include <catch2/catch.hpp>

#include <string>

#include "shortlist/report/rulebook.hpp"
#include "unit/report/cli_parity.hpp"

using namespace shortlist;
using namespace shortlist::testing;

TEST_CASE("rules: text and JSON from the library are the command's", "[rulebook]") {
    const std::string source = SHORTLIST_SOURCE_DIR;
    const auto file = GENERATE(std::string("/rules/south_wales_pcso.yaml"),
                               std::string("/rules/staffordshire_pcso.yaml"),
                               std::string("/tests/data/blind/monitored.yaml"));
    INFO(file);
    const Rulebook rulebook = load_rulebook(source + file);
    CHECK(text_of(rulebook) == run_cli({"rules", source + file}));
    CHECK(written([&](std::ostream& os) { write_json(os, rulebook); }) ==
          run_cli({"rules", "--json", source + file}));
}

# The shortlist command, run as a user would: exit statuses, messages, and the
# golden shortlists of every shipped rulebook on the example applicants.
set(cli $<TARGET_FILE:shortlist_cli>)
set(expect ${CMAKE_CURRENT_SOURCE_DIR}/cli/expect.cmake)
set(golden ${CMAKE_CURRENT_SOURCE_DIR}/cli/golden.cmake)
set(examples ${PROJECT_SOURCE_DIR}/examples/data)
set(bad ${CMAKE_CURRENT_SOURCE_DIR}/data/cli)

# cli_expect(NAME EXIT code [STDOUT regex] [STDERR regex] [OUT_FILE f] COMMAND args...)
function(cli_expect name)
    cmake_parse_arguments(arg "" "EXIT;STDOUT;STDERR;OUT_FILE" "COMMAND" ${ARGN})
    set(defs -DEXPECT_EXIT=${arg_EXIT})
    if(DEFINED arg_STDOUT)
        list(APPEND defs "-DEXPECT_STDOUT=${arg_STDOUT}")
    endif()
    if(DEFINED arg_STDERR)
        list(APPEND defs "-DEXPECT_STDERR=${arg_STDERR}")
    endif()
    if(DEFINED arg_OUT_FILE)
        list(APPEND defs "-DOUT_FILE=${arg_OUT_FILE}" -DEXPECT_NO_FILE=ON)
    endif()
    string(REPLACE ";" "|" cmd "${arg_COMMAND}")
    add_test(NAME cli.${name} COMMAND ${CMAKE_COMMAND} "-DCMD=${cmd}" ${defs} -P ${expect})
    set_tests_properties(cli.${name} PROPERTIES LABELS cli)
endfunction()

file(GLOB shipped_rulebooks CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/rules/*.yaml)
file(GLOB shipped_frameworks CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/rules/frameworks/*.yaml)

cli_expect(help EXIT 0 STDOUT "commands:" COMMAND ${cli} --help)
cli_expect(version EXIT 0 STDOUT "^shortlist ${PROJECT_VERSION}\n$" COMMAND ${cli} --version)
cli_expect(no_command EXIT 1 STDERR "usage: shortlist" COMMAND ${cli})
cli_expect(unknown_command EXIT 1 STDERR "unknown command 'frobnicate'" COMMAND ${cli} frobnicate)
foreach(sub validate score rules)
    cli_expect(${sub}_help EXIT 0 STDOUT "usage: shortlist ${sub}" COMMAND ${cli} ${sub} --help)
endforeach()
cli_expect(validate_shipped EXIT 0 STDOUT "staffordshire_pcso.yaml: ok"
           COMMAND ${cli} validate ${shipped_rulebooks} ${shipped_frameworks})
cli_expect(score_unknown_option EXIT 1 STDERR "unrecognised option '--frobnicate'"
           COMMAND ${cli} score --frobnicate)
cli_expect(score_missing_rules EXIT 1 STDERR "--rules is required"
           COMMAND ${cli} score --applicants ${examples}/applicants.csv)
cli_expect(score_bad_format EXIT 1 STDERR "--format must be csv or json, not 'xml'"
           COMMAND ${cli} score --rules ${PROJECT_SOURCE_DIR}/rules/staffordshire_pcso.yaml
                   --applicants ${examples}/applicants.csv --format xml)
cli_expect(score_missing_file EXIT 1 STDERR "nope.csv: error: cannot open file"
           COMMAND ${cli} score --rules ${PROJECT_SOURCE_DIR}/rules/staffordshire_pcso.yaml
                   --applicants ${bad}/nope.csv)
cli_expect(rules_json EXIT 0 STDOUT "\"effective_weight\""
           COMMAND ${cli} rules --json ${PROJECT_SOURCE_DIR}/rules/south_wales_pcso.yaml)
cli_expect(rules_summary EXIT 0 STDOUT "welsh_level_2.*may be met later"
           COMMAND ${cli} rules ${PROJECT_SOURCE_DIR}/rules/south_wales_pcso.yaml)

# Refusing to overwrite an input file.
cli_expect(score_out_is_input EXIT 1 STDERR "is one of the input files"
           COMMAND ${cli} score --rules ${PROJECT_SOURCE_DIR}/rules/staffordshire_pcso.yaml
                   --applicants ${examples}/applicants.csv
                   --ratings ${examples}/ratings/staffordshire-pcso.csv
                   --out ${examples}/applicants.csv)

# Bad evidence: exit 2, file:line message, and no output file left behind.
foreach(case IN ITEMS unknown_applicant unknown_criterion off_scale not_a_number duplicate_row)
    cli_expect(score_bad_${case} EXIT 2
               STDERR "${case}.csv:[0-9]+(:[0-9]+)?: error: "
               OUT_FILE ${CMAKE_CURRENT_BINARY_DIR}/cli_${case}_out.csv
               COMMAND ${cli} score --rules ${bad}/rules.yaml --applicants ${bad}/applicants.csv
                       --ratings ${bad}/${case}.csv
                       --out ${CMAKE_CURRENT_BINARY_DIR}/cli_${case}_out.csv)
endforeach()
cli_expect(validate_bad EXIT 2 STDERR "bad_rules.yaml:[0-9]+:[0-9]+: error: "
           COMMAND ${cli} validate ${bad}/bad_rules.yaml)

# Golden shortlists: each shipped rulebook on the example applicants, CSV and
# explained JSON. Listed by hand (file stem, rulebook id): a new rulebook needs
# example ratings and an approved golden file before it joins.
set(golden_rulebooks
    bedfordshire_pcso bedfordshire-pcso
    gloucestershire_pcso gloucestershire-pcso
    south_wales_pcso south-wales-pcso
    staffordshire_pcso staffordshire-pcso
    unnamed_force_2008_pcso unnamed-force-pcso)
list(LENGTH golden_rulebooks n)
math(EXPR last "${n} - 1")
foreach(i RANGE 0 ${last} 2)
    math(EXPR j "${i} + 1")
    list(GET golden_rulebooks ${i} stem)
    list(GET golden_rulebooks ${j} id)
    set(rulebook ${PROJECT_SOURCE_DIR}/rules/${stem}.yaml)
    foreach(format csv json)
        set(dir ${CMAKE_CURRENT_SOURCE_DIR}/golden/${id})
        set(extra)
        if(format STREQUAL json)
            set(extra --explain)
        endif()
        set(cmd ${cli} score --rules ${rulebook} --applicants ${examples}/applicants.csv
                --ratings ${examples}/ratings/${id}.csv --format ${format} ${extra})
        string(REPLACE ";" "|" cmd "${cmd}")
        add_test(NAME golden.${id}.${format}
            COMMAND ${CMAKE_COMMAND} "-DCMD=${cmd}" -DEXPECTED=${dir}/expected.${format}
                    -DACTUAL=${dir}/actual.${format} -P ${golden})
        set_tests_properties(golden.${id}.${format} PROPERTIES LABELS golden)
    endforeach()
endforeach()

# JSON Lines input gives the same shortlist as the CSV pair it was made from.
add_test(NAME golden.gloucestershire-pcso.jsonl
    COMMAND ${CMAKE_COMMAND}
        "-DCMD=${cli}|score|--rules|${PROJECT_SOURCE_DIR}/rules/gloucestershire_pcso.yaml|--applicants|${examples}/applicants.jsonl"
        -DEXPECTED=${CMAKE_CURRENT_SOURCE_DIR}/golden/gloucestershire-pcso/expected.csv
        -DACTUAL=${CMAKE_CURRENT_SOURCE_DIR}/golden/gloucestershire-pcso/actual_jsonl.csv
        -P ${golden})
set_tests_properties(golden.gloucestershire-pcso.jsonl PROPERTIES LABELS golden)

if(SHORTLIST_BUILD_EXAMPLES)
    add_test(NAME example.embed
        COMMAND embed ${PROJECT_SOURCE_DIR}/rules/gloucestershire_pcso.yaml)
    set_tests_properties(example.embed PROPERTIES LABELS example
        PASS_REGULAR_EXPRESSION "A-1042: total [0-9.]+ / 100")
endif()

# shortlist fairness on the example monitoring file and the golden Staffordshire
# shortlist (score output, JSON and CSV): women fall below four fifths of men's
# shortlisting rate.
set(staffs_golden ${CMAKE_CURRENT_SOURCE_DIR}/golden/staffordshire-pcso)
cli_expect(fairness_help EXIT 0 STDOUT "usage: shortlist fairness" COMMAND ${cli} fairness --help)
cli_expect(fairness_text EXIT 0
           STDOUT "stage shortlisted[^\n]*\n  sex \\(reference group: Male\\)\n[^\n]*\n[^\n]*\n    Female +101 +10 +0\\.099 +0\\.426 +4/5 +0\\.0163 +-2\\.48\n.*attribution"
           COMMAND ${cli} fairness --results ${staffs_golden}/expected.json
                   --monitoring ${examples}/monitoring.csv)
cli_expect(fairness_json EXIT 0
           STDOUT "\"shortlisted\": {\n      \"sex\": {\n        \"reference_group\": \"Male\",.*\"Female\": {\n *\"n\": 101,\n *\"selected\": 10,\n *\"rate\": 0\\.099010,\n *\"impact_ratio\": 0\\.425743,\n *\"four_fifths_flag\": true,.*\"Other\": {\n *\"n\": null,.*\"suppressed\": true"
           COMMAND ${cli} fairness --results ${staffs_golden}/expected.json
                   --monitoring ${examples}/monitoring.csv --json)
cli_expect(fairness_csv_results EXIT 0
           STDOUT "stage passed_pass_mark.*stage shortlisted.*Female +101 +10 +0\\.099 +0\\.426 +4/5"
           COMMAND ${cli} fairness --results ${staffs_golden}/expected.csv
                   --monitoring ${examples}/monitoring.csv)
cli_expect(fairness_missing_monitoring EXIT 1 STDERR "--monitoring is required"
           COMMAND ${cli} fairness --results ${staffs_golden}/expected.csv)
cli_expect(fairness_bad_monitoring EXIT 2
           STDERR "duplicate.csv:3:1: error: duplicate applicant_id 'A0001' \\(first at line 2\\)"
           COMMAND ${cli} fairness --results ${staffs_golden}/expected.csv
                   --monitoring ${CMAKE_CURRENT_SOURCE_DIR}/data/fairness/duplicate.csv)

# Blind sifting: score refuses protected or identifying columns, and drops the
# ones the rulebook declares monitoring_only (saying so).
set(blind ${CMAKE_CURRENT_SOURCE_DIR}/data/blind)
cli_expect(score_blind_refused EXIT 2
           STDERR "applicants.csv:1:4: error: column 'sex' is a protected characteristic \\(sex; Equality Act 2010 s.11\\)"
           OUT_FILE ${CMAKE_CURRENT_BINARY_DIR}/cli_blind_out.csv
           COMMAND ${cli} score --rules ${blind}/plain.yaml --applicants ${blind}/applicants.csv
                   --ratings ${blind}/ratings.csv --out ${CMAKE_CURRENT_BINARY_DIR}/cli_blind_out.csv)
cli_expect(score_blind_identifying EXIT 2
           STDERR "identifying.csv:1:5: error: column 'Surname' is an identifying field \\(name\\)"
           COMMAND ${cli} score --rules ${blind}/monitored.yaml --applicants ${blind}/identifying.csv
                   --ratings ${blind}/ratings.csv)
cli_expect(score_blind_dropped EXIT 0
           STDOUT "\"dropped_columns\": \\[\n    \"sex\",\n    \"ethnicity\"\n  \\]"
           STDERR "note: monitoring-only columns dropped from [^\n]*applicants.csv on load, never scored: sex ethnicity"
           COMMAND ${cli} score --rules ${blind}/monitored.yaml --applicants ${blind}/applicants.csv
                   --ratings ${blind}/ratings.csv --format json)
cli_expect(validate_blind_refused EXIT 2
           STDERR "refused.yaml:11:26: error: condition 'men_only' tests 'gender'"
           COMMAND ${cli} validate ${blind}/refused.yaml)
# The example monitoring file can never be scored: its columns are refused.
cli_expect(score_monitoring_file_refused EXIT 2
           STDERR "monitoring.csv:1:2: error: column 'sex' is a protected characteristic"
           COMMAND ${cli} score --rules ${PROJECT_SOURCE_DIR}/rules/staffordshire_pcso.yaml
                   --applicants ${examples}/monitoring.csv)
cli_expect(fairness_csv_dir EXIT 0 STDOUT "attribution"
           COMMAND ${cli} fairness --results ${staffs_golden}/expected.json
                   --monitoring ${examples}/monitoring.csv --csv ${CMAKE_CURRENT_BINARY_DIR}/fairness_csv)
cli_expect(rules_monitoring_only EXIT 0 STDOUT "monitoring only \\(dropped from the applicants file, never scored\\): sex ethnicity"
           COMMAND ${cli} rules ${blind}/monitored.yaml)

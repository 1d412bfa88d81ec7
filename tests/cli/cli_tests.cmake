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
cli_expect(score_bad_format EXIT 1 STDERR "--format must be csv, json or xlsx, not 'xml'"
           COMMAND ${cli} score --rules ${PROJECT_SOURCE_DIR}/rules/staffordshire_pcso.yaml
                   --applicants ${examples}/applicants.csv --format xml)
cli_expect(score_missing_file EXIT 1 STDERR "nope.csv: error: cannot open file"
           COMMAND ${cli} score --rules ${PROJECT_SOURCE_DIR}/rules/staffordshire_pcso.yaml
                   --applicants ${bad}/nope.csv)
cli_expect(rules_json EXIT 0 STDOUT "\"effective_weight\""
           COMMAND ${cli} rules --json ${PROJECT_SOURCE_DIR}/rules/south_wales_pcso.yaml)
cli_expect(rules_summary EXIT 0 STDOUT "welsh_level_2.*may be met later"
           COMMAND ${cli} rules ${PROJECT_SOURCE_DIR}/rules/south_wales_pcso.yaml)
cli_expect(rules_levels EXIT 0
           STDOUT "valuing_diversity  50.00%  minimum 2  \\(rated on the levels of bcf; requires 1b\\)"
           COMMAND ${cli} rules ${CMAKE_CURRENT_SOURCE_DIR}/data/levels/staffordshire_levels.yaml)
cli_expect(rules_json_levels EXIT 0 STDOUT "\"rated_on\": \"level\""
           COMMAND ${cli} rules --json ${CMAKE_CURRENT_SOURCE_DIR}/data/levels/staffordshire_levels.yaml)
# The readings a rulebook records (docs/rulebook.md, "Interpretations"), as text and JSON.
cli_expect(rules_interpretations EXIT 0
           STDOUT "interpretations \\(the profile's words read one way; the force may choose the other\\): 7\n  - transport_grouping \\(about eligibility:transport\\)\n      profile: \"should therefore hold a full clean driving licence[^\n]*\n      reading: \\(a full clean licence and access to a vehicle\\) or able to arrange own transport[^\n]*\n      alternative: a full clean licence and \\(access to a vehicle or own transport\\)"
           COMMAND ${cli} rules ${PROJECT_SOURCE_DIR}/rules/bedfordshire_pcso.yaml)
cli_expect(rules_json_interpretations EXIT 0
           STDOUT "\"interpretations\": .\n    {\n      \"id\": \"nvq3\",\n      \"about\": .\n        \"criterion:nvq3\",\n        \"fact:nvq_level_3\"\n      .,\n      \"seed_text\": \"Desirable: NVQ 3\""
           COMMAND ${cli} rules --json ${PROJECT_SOURCE_DIR}/rules/staffordshire_pcso.yaml)

# Progress goes to a terminal only (docs/cli.md, "Progress"): through a pipe,
# the long steps write nothing to standard error.
cli_expect(calibrate_piped_no_progress EXIT 0 STDOUT "alpha" STDERR "^$"
           COMMAND ${cli} calibrate --rules ${PROJECT_SOURCE_DIR}/rules/staffordshire_pcso.yaml
                   --ratings ${examples}/ratings/staffordshire-pcso.csv --bootstrap 300
                   --model rasch)
cli_expect(sensitivity_piped_no_progress EXIT 0 STDERR "^$"
           COMMAND ${cli} sensitivity --rules ${PROJECT_SOURCE_DIR}/rules/staffordshire_pcso.yaml
                   --applicants ${examples}/applicants.csv
                   --ratings ${examples}/ratings/staffordshire-pcso.csv --draws 300)

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

# score --what-it-takes and --bands (docs/explanations.md),
# on the CLI test rulebook with shortlist.bands (reliability 0.5, sliding).
set(bands_score ${cli} score --rules ${bad}/bands_rules.yaml --applicants ${bad}/applicants.csv
    --ratings ${bad}/ratings_ok.csv)
cli_expect(score_what_it_takes_csv EXIT 0
           STDOUT "A3,not_shortlisted,62.500000,[^\n]*,communication,1.000000,5.000000,\"raising communication from 4 to 5 \\(\\+1 point on its 1..5 scale\\)"
           COMMAND ${bands_score} --what-it-takes)
cli_expect(score_what_it_takes_json EXIT 0
           STDOUT "\"kind\": \"margin\",[^}]*\"points\": 12.500000"
           COMMAND ${bands_score} --what-it-takes --format json)
cli_expect(score_bands_csv EXIT 0
           STDOUT "reasons,band,band_boundary\n1,A1,[^\n]*,1,yes\n2,A3,[^\n]*,1,yes\n,A2,[^\n]*,,\n"
           COMMAND ${bands_score} --bands)
cli_expect(score_bands_json EXIT 0
           STDOUT "\"method\": \"fixed\",[^}]*\"reliability_source\": \"--reliability\",[^}]*\"width\": 10.956532"
           COMMAND ${bands_score} --bands --reliability 0.8 --band-method fixed --format json)
# Without a reliability, the panel's G of the weighted total from the same
# ratings (docs/calibration.md, "Generalizability"); none without ratings.
cli_expect(score_bands_panel_g EXIT 0
           STDOUT "\"reliability_source\": \"panel G from the ratings [(]henderson1, 3.00 assessors per applicant[)]\""
           COMMAND ${cli} score --rules ${PROJECT_SOURCE_DIR}/rules/staffordshire_pcso.yaml
                   --applicants ${examples}/applicants.csv
                   --ratings ${examples}/ratings/staffordshire-pcso.csv --bands --format json)
cli_expect(score_bands_no_reliability EXIT 1
           STDERR "--bands needs the reliability of the totals: --reliability R, or shortlist.bands.reliability in the rulebook [(]the ratings give no G of the weighted total: no numeric ratings: not estimated[)]"
           COMMAND ${cli} score --rules ${PROJECT_SOURCE_DIR}/rules/staffordshire_pcso.yaml
                   --applicants ${examples}/applicants.csv --bands)
cli_expect(score_reliability_without_bands EXIT 1 STDERR "--reliability needs --bands"
           COMMAND ${bands_score} --reliability 0.8)
cli_expect(score_bad_reliability EXIT 1
           STDERR "--reliability must be a number from 0 to 1, not '1.5'"
           COMMAND ${bands_score} --bands --reliability 1.5)
cli_expect(score_bad_confidence EXIT 1
           STDERR "--confidence must be a number strictly between 0 and 1, not '95'"
           COMMAND ${bands_score} --bands --confidence 95)
cli_expect(score_bad_band_method EXIT 1 STDERR "--band-method must be fixed or sliding, not 'wide'"
           COMMAND ${bands_score} --bands --band-method wide)
cli_expect(validate_bad_bands EXIT 2
           STDERR "bad_bands.yaml:34:24: error: bands.reliability 1.5 is outside 0..1"
           COMMAND ${cli} validate ${bad}/bad_bands.yaml)
cli_expect(rules_json_bands EXIT 0
           STDOUT "\"bands\": {[^}]*\"reliability\": 0.5,[^}]*\"method\": \"sliding\""
           COMMAND ${cli} rules --json ${bad}/bands_rules.yaml)
cli_expect(score_what_it_takes_examples EXIT 0
           STDOUT "would have put this applicant on the shortlist"
           COMMAND ${cli} score --rules ${PROJECT_SOURCE_DIR}/rules/staffordshire_pcso.yaml
                   --applicants ${examples}/applicants.csv
                   --ratings ${examples}/ratings/staffordshire-pcso.csv --what-it-takes)
cli_expect(score_bands_examples EXIT 0
           STDOUT "\"boundary\": {[^}]*\"last_shortlisted\": \"A0051\""
           COMMAND ${cli} score --rules ${PROJECT_SOURCE_DIR}/rules/staffordshire_pcso.yaml
                   --applicants ${examples}/applicants.csv
                   --ratings ${examples}/ratings/staffordshire-pcso.csv --bands
                   --reliability 0.9 --band-method sliding --format json)

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

# The sift without the columns of the pre-employment checks, against every
# shipped rulebook: exit 0, every applicant's conditions name the checks to come.
set(sift_checks_bedfordshire_pcso "Ability to undertake lengthy and sometimes lone foot patrol duties")
set(sift_checks_gloucestershire_pcso "Vetted to a minimum of Recruitment Vetting (RV)")
set(sift_checks_south_wales_pcso "Vetted to Recruitment Vetting or Counter Terrorist Check (RV/CTC), at least RV")
set(sift_checks_staffordshire_pcso "Pass a bleep test by reaching a minimum of 5.4")
set(sift_checks_unnamed_force_2008_pcso "Security vetting procedures for the post - RV|Medical clearance procedures for the post (above standard)")
foreach(i RANGE 0 ${last} 2)
    math(EXPR j "${i} + 1")
    list(GET golden_rulebooks ${i} stem)
    list(GET golden_rulebooks ${j} id)
    add_test(NAME cli.sift_without_checks.${id}
        COMMAND ${CMAKE_COMMAND} -DCLI=$<TARGET_FILE:shortlist_cli>
                -DRULES=${PROJECT_SOURCE_DIR}/rules/${stem}.yaml
                -DRATINGS=${examples}/ratings/${id}.csv -DAPPLICANTS=${examples}/applicants.csv
                -DWORK=${CMAKE_CURRENT_BINARY_DIR}/sift_without_checks_${id}
                "-DCHECKS=${sift_checks_${stem}}"
                -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/sift_without_checks.cmake)
    set_tests_properties(cli.sift_without_checks.${id} PROPERTIES LABELS cli)
endforeach()

# A rulebook without `stage:` keys gates its vetting and medical checks at
# the sift, as before stages existed: expected.csv was first the unnamed
# force's golden output from before its checks moved to pre_employment, and
# was regenerated (SHORTLIST_UPDATE_GOLDEN=1) when the example data changed.
add_test(NAME golden.unnamed-force-no-stage.csv
    COMMAND ${CMAKE_COMMAND}
        "-DCMD=${cli}|score|--rules|${CMAKE_CURRENT_SOURCE_DIR}/data/stages/unnamed_force_no_stage.yaml|--applicants|${examples}/applicants.csv|--ratings|${examples}/ratings/unnamed-force-pcso.csv"
        -DEXPECTED=${CMAKE_CURRENT_SOURCE_DIR}/data/stages/unnamed_force_no_stage.expected.csv
        -DACTUAL=${CMAKE_CURRENT_SOURCE_DIR}/data/stages/unnamed_force_no_stage.actual.csv
        -P ${golden})
set_tests_properties(golden.unnamed-force-no-stage.csv PROPERTIES LABELS golden)

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

# score --adjust-assessors: the shortlist calibrate predicts, and its usage errors.
add_test(NAME cli.score_adjust_assessors_agrees_with_calibrate
    COMMAND ${CMAKE_COMMAND} -DCLI=${cli} -DRULES=${PROJECT_SOURCE_DIR}/rules/staffordshire_pcso.yaml
            -DAPPLICANTS=${examples}/applicants.csv -DRATINGS=${examples}/ratings/staffordshire-pcso.csv
            -DTOP=10 -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/adjust_agrees.cmake)
set_tests_properties(cli.score_adjust_assessors_agrees_with_calibrate PROPERTIES LABELS cli)
cli_expect(score_model_without_adjust EXIT 1 STDERR "--model goes with --adjust-assessors"
           COMMAND ${cli} score --rules ${PROJECT_SOURCE_DIR}/rules/staffordshire_pcso.yaml
                   --applicants ${examples}/applicants.csv --model rasch)
cli_expect(score_adjust_bad_model EXIT 1 STDERR "--model must be additive or rasch, not 'mfrm'"
           COMMAND ${cli} score --rules ${PROJECT_SOURCE_DIR}/rules/staffordshire_pcso.yaml
                   --applicants ${examples}/applicants.csv --adjust-assessors --model mfrm)

# calibrate's usage errors: the inputs it needs (checked by calibration_report).
cli_expect(calibrate_without_ratings EXIT 1
           STDERR "calibrate: --ratings is required .or --rules with --applicants A.jsonl holding them."
           COMMAND ${cli} calibrate --rules ${bad}/moderation_rules.yaml)
cli_expect(calibrate_applicants_without_rules EXIT 1 STDERR "calibrate: --applicants needs --rules"
           COMMAND ${cli} calibrate --ratings ${CMAKE_CURRENT_SOURCE_DIR}/data/calibration/ratings.csv
                   --applicants ${examples}/applicants.csv)

# calibrate --anchor (docs/calibration.md#anchoring): anchored and new assessors, and the
# anchor file's errors at file:line:column.
set(calibration_ratings ${CMAKE_CURRENT_SOURCE_DIR}/data/calibration/ratings.csv)
cli_expect(calibrate_anchor EXIT 0 STDOUT "\"anchored\": true.*\"wright_map\".*\"units\": \"scale points\""
           COMMAND ${cli} calibrate --ratings ${calibration_ratings} --bootstrap 0 --json
                   --anchor ${bad}/anchor_additive.json)
cli_expect(calibrate_anchor_text EXIT 0
           STDOUT "R1: 0.500 .anchored.*2 assessors held at their earlier severity, 1 new on that scale"
           COMMAND ${cli} calibrate --ratings ${calibration_ratings} --bootstrap 0
                   --anchor ${bad}/anchor_additive.json)
cli_expect(calibrate_anchor_other_model EXIT 2
           STDERR "anchor_rasch.json:2:12: error: the anchor file holds a rasch calibration; this run fits the additive model"
           COMMAND ${cli} calibrate --ratings ${calibration_ratings} --anchor ${bad}/anchor_rasch.json)
cli_expect(calibrate_anchor_malformed EXIT 2 STDERR "anchor_malformed.json:3:41: error: trailing comma"
           COMMAND ${cli} calibrate --ratings ${calibration_ratings} --anchor ${bad}/anchor_malformed.json)
cli_expect(calibrate_drift_threshold_without_anchor EXIT 1
           STDERR "calibrate: --drift-threshold needs --anchor"
           COMMAND ${cli} calibrate --ratings ${calibration_ratings} --drift-threshold 0.3)

# calibrate takes the rulebook's moderation policy; the command line overrides it.
cli_expect(calibrate_rulebook_moderation EXIT 0 STDOUT "\"moderation_threshold\": 3,"
           COMMAND ${cli} calibrate --rules ${bad}/moderation_rules.yaml
                   --ratings ${CMAKE_CURRENT_SOURCE_DIR}/data/calibration/ratings.csv --json --bootstrap 0)
cli_expect(calibrate_threshold_overrides_rulebook EXIT 0
           STDOUT "differ by more than 0.5 point.*an adjustment of at least 0.5 points"
           COMMAND ${cli} calibrate --rules ${bad}/moderation_rules.yaml
                   --ratings ${CMAKE_CURRENT_SOURCE_DIR}/data/calibration/ratings.csv --bootstrap 0
                   --threshold 0.5)

# ---- sensitivity and compare ------------------------------------------------
set(staffs ${PROJECT_SOURCE_DIR}/rules/staffordshire_pcso.yaml)
set(staffs_ratings ${examples}/ratings/staffordshire-pcso.csv)
set(sens_args --rules ${staffs} --applicants ${examples}/applicants.csv --ratings ${staffs_ratings})
foreach(sub sensitivity compare)
    cli_expect(${sub}_help EXIT 0 STDOUT "usage: shortlist ${sub}" COMMAND ${cli} ${sub} --help)
endforeach()
cli_expect(sensitivity_example EXIT 0
           STDOUT "stable core \\(shortlisted in at least 95% of draws\\): [1-9][0-9]*\n.*boundary \\(shortlisted in 5% to 95% of draws\\): [1-9]"
           COMMAND ${cli} sensitivity ${sens_args} --draws 300)
cli_expect(sensitivity_json EXIT 0
           STDOUT "\"draws\": 300,[^\"]*\"seed\": 7,.*\"applicants\": {[^\"]*\"A[0-9]+\": {[^\"]*\"p_shortlisted\": [01].*\"median_rank\": [0-9]+,[^\"]*\"rank_90\": .[^\"]*[0-9]+,[^\"]*[0-9]+[^\"]*..*\"stable_core\": .[^\"]*\"A.*\"boundary\": .[^\"]*\"A.*\"mean_overlap\": 0\\.[0-9]+.*\"kendall_tau\": 0\\.[0-9]+"
           COMMAND ${cli} sensitivity ${sens_args} --draws 300 --seed 7 --json)
cli_expect(sensitivity_perturb EXIT 0 STDOUT "perturbed uniformly by up to ±20%"
           COMMAND ${cli} sensitivity ${sens_args} --draws 200 --perturb 20)
cli_expect(sensitivity_both_methods EXIT 1 STDERR "give --dirichlet or --perturb, not both"
           COMMAND ${cli} sensitivity ${sens_args} --dirichlet 50 --perturb 10)
cli_expect(sensitivity_bad_perturb EXIT 1 STDERR "--perturb must be a percentage"
           COMMAND ${cli} sensitivity ${sens_args} --perturb 100)
cli_expect(sensitivity_zero_draws EXIT 1 STDERR "--draws must be at least 1"
           COMMAND ${cli} sensitivity ${sens_args} --draws 0)
cli_expect(sensitivity_bad_evidence EXIT 2 STDERR "off_scale.csv:[0-9]+(:[0-9]+)?: error: "
           COMMAND ${cli} sensitivity --rules ${bad}/rules.yaml --applicants ${bad}/applicants.csv
                   --ratings ${bad}/off_scale.csv)
# The same seed gives the same report on one thread and on three.
set(sens_one ${cli} sensitivity ${sens_args} --draws 500 --seed 3 --threads 1 --json)
set(sens_three ${cli} sensitivity ${sens_args} --draws 500 --seed 3 --threads 3 --json)
string(REPLACE ";" "|" sens_one "${sens_one}")
string(REPLACE ";" "|" sens_three "${sens_three}")
add_test(NAME cli.sensitivity_threads
    COMMAND ${CMAKE_COMMAND} "-DCMD_A=${sens_one}" "-DCMD_B=${sens_three}"
            -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/same_output.cmake)
set_tests_properties(cli.sensitivity_threads PROPERTIES LABELS cli)
# sensitivity_csv(NAME COLUMNS [OPTIONS...]): --csv writes sensitivity.csv with
# COLUMNS (commas) and sensitivity_weights.csv.
function(sensitivity_csv name columns)
    set(dir ${CMAKE_CURRENT_BINARY_DIR}/cli_${name})
    set(cmd ${cli} sensitivity ${sens_args} --draws 100 ${ARGN} --csv ${dir})
    string(REPLACE ";" "|" cmd "${cmd}")
    add_test(NAME cli.${name}
        COMMAND ${CMAKE_COMMAND} "-DCMD=${cmd}" -DDIR=${dir}
                "-DFILES=sensitivity.csv=${columns}|sensitivity_weights.csv=criterion,weight"
                -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/csv_files.cmake)
    set_tests_properties(cli.${name} PROPERTIES LABELS cli)
endfunction()
sensitivity_csv(sensitivity_csv applicant_id,baseline_rank,baseline_shortlisted,p_shortlisted,shortlisted_draws,median_rank,rank_lo,rank_hi,rankable,guaranteed_interview,band)
# --selection-only: the writers say so, and leave the rank columns out.
cli_expect(sensitivity_selection_only EXIT 0
           STDOUT "mean shortlist size [0-9.]+\nselection only: no rank quantiles and no Kendall's tau-b\n\nstable core.*boundary \\(shortlisted in 5% to 95% of draws\\): [1-9][0-9]*\n  applicant      baseline  p_shortlisted\n  A[0-9]+ +[0-9]+ (in|out) +0\\.[0-9]+\n"
           COMMAND ${cli} sensitivity ${sens_args} --draws 300 --selection-only)
cli_expect(sensitivity_selection_only_json EXIT 0
           STDOUT "\"top\": [0-9]+,[^\"]*\"selection_only\": true,[^\"]*\"weights\".*\"p_shortlisted\": [01][.0-9]*,[^\"]*\"shortlisted_draws\": [0-9]+,[^\"]*\"baseline_rank\".*\"mean_shortlist_size\": [0-9.]+[^\"]*\"audit\""
           COMMAND ${cli} sensitivity ${sens_args} --draws 300 --seed 7 --selection-only --json)
sensitivity_csv(sensitivity_selection_only_csv
                applicant_id,baseline_rank,baseline_shortlisted,p_shortlisted,shortlisted_draws,rankable,guaranteed_interview,band
                --selection-only)

# compare: Staffordshire against a copy whose competencies weigh 70 instead of
# 35 (made here, beside a copy of the frameworks it refers to), and two forces.
set(compare_rules ${CMAKE_CURRENT_BINARY_DIR}/compare_rules)
file(READ ${staffs} staffs_text)
string(REPLACE "competency: {weight: 35}" "competency: {weight: 70}" staffs_text "${staffs_text}")
file(WRITE ${compare_rules}/staffordshire_competency_heavy.yaml "${staffs_text}")
file(COPY ${PROJECT_SOURCE_DIR}/rules/frameworks DESTINATION ${compare_rules})
set(compare_reweighted --rules-a ${staffs} --rules-b ${compare_rules}/staffordshire_competency_heavy.yaml
    --applicants ${examples}/applicants.csv --ratings ${staffs_ratings})
cli_expect(compare_reweighted EXIT 0
           STDOUT "entered \\(on b's shortlist, not on a's\\): [1-9].*left \\(on a's shortlist, not on b's\\): [1-9].*what moved them"
           COMMAND ${cli} compare ${compare_reweighted})
cli_expect(compare_reweighted_json EXIT 0
           STDOUT "^{[^\"]*\"a\": {[^\"]*\"rulebook\": \"staffordshire-pcso\",.*\"shortlist\": .[^\"]*\"A.*\"b\": {.*\"shortlist\": .[^\"]*\"A.*\"overlap\": [1-9][0-9]*,.*\"entered\": .[^\"]*\"A.*\"left\": .[^\"]*\"A.*\"kendall_tau\": 0\\.[0-9]+"
           COMMAND ${cli} compare ${compare_reweighted} --json)
set(compare_forces --rules-a ${PROJECT_SOURCE_DIR}/rules/bedfordshire_pcso.yaml
    --rules-b ${PROJECT_SOURCE_DIR}/rules/gloucestershire_pcso.yaml
    --applicants ${examples}/applicants.csv --ratings-a ${examples}/ratings/bedfordshire-pcso.csv
    --ratings-b ${examples}/ratings/gloucestershire-pcso.csv)
cli_expect(compare_forces EXIT 0
           STDOUT "a: bedfordshire-pcso.*b: gloucestershire-pcso.*Kendall's tau-b of the totals, over the [0-9]+ applicants eligible under both: -?[01]\\.[0-9]+"
           COMMAND ${cli} compare ${compare_forces})
set(compare_csv ${cli} compare ${compare_forces} --csv ${CMAKE_CURRENT_BINARY_DIR}/cli_compare_csv)
string(REPLACE ";" "|" compare_csv "${compare_csv}")
add_test(NAME cli.compare_csv
    COMMAND ${CMAKE_COMMAND} "-DCMD=${compare_csv}" -DDIR=${CMAKE_CURRENT_BINARY_DIR}/cli_compare_csv
            "-DFILES=compare_moves.csv=applicant_id,move,rank_a,rank_b,status_a,status_b,total_a,total_b,gate_a,gate_b|compare_drivers.csv=criterion,weight_a,weight_b,points,weight_part,score_part,score_gap"
            -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/csv_files.cmake)
set_tests_properties(cli.compare_csv PROPERTIES LABELS cli)
cli_expect(compare_missing_rules_b EXIT 1 STDERR "--rules-b is required"
           COMMAND ${cli} compare --rules-a ${staffs} --applicants ${examples}/applicants.csv)
# One ratings file for two forces whose criteria differ: the loader names the
# first criterion the other rulebook does not have.
cli_expect(compare_shared_ratings_mismatch EXIT 2
           STDERR "bedfordshire-pcso.csv:[0-9]+:[0-9]+: error: .*criterion"
           COMMAND ${cli} compare --rules-a ${PROJECT_SOURCE_DIR}/rules/bedfordshire_pcso.yaml
                   --rules-b ${PROJECT_SOURCE_DIR}/rules/gloucestershire_pcso.yaml
                   --applicants ${examples}/applicants.csv
                   --ratings ${examples}/ratings/bedfordshire-pcso.csv)
# shortlist fairness on the example monitoring file and the golden Staffordshire
# shortlist (score output, JSON and CSV): women fall below four fifths of men's
# shortlisting rate.
set(staffs_golden ${CMAKE_CURRENT_SOURCE_DIR}/golden/staffordshire-pcso)
cli_expect(fairness_help EXIT 0 STDOUT "usage: shortlist fairness" COMMAND ${cli} fairness --help)
cli_expect(fairness_text EXIT 0
           STDOUT "stage shortlisted[^\n]*\n  sex \\(reference group: Male\\)\n[^\n]*\n[^\n]*\n    Female +94 +15 +0\\.160 +0\\.774 +4/5 +0\\.4571 +-0\\.83\n.*attribution"
           COMMAND ${cli} fairness --results ${staffs_golden}/expected.json
                   --monitoring ${examples}/monitoring.csv)
cli_expect(fairness_json EXIT 0
           STDOUT "\"shortlisted\": {\n      \"sex\": {\n        \"reference_group\": \"Male\",.*\"Female\": {\n *\"n\": 94,\n *\"selected\": 15,\n *\"rate\": 0\\.159574,\n *\"impact_ratio\": 0\\.773936,\n *\"four_fifths_flag\": true,.*\"Mixed\": {\n *\"n\": null,.*\"suppressed\": true"
           COMMAND ${cli} fairness --results ${staffs_golden}/expected.json
                   --monitoring ${examples}/monitoring.csv --json)
cli_expect(fairness_csv_results EXIT 0
           STDOUT "stage passed_pass_mark.*stage shortlisted.*Female +94 +15 +0\\.160 +0\\.774 +4/5"
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
# Every command that scores applicants sifts blind the same way.
cli_expect(sensitivity_blind_refused EXIT 2
           STDERR "applicants.csv:1:4: error: column 'sex' is a protected characteristic \\(sex; Equality Act 2010 s.11\\)"
           COMMAND ${cli} sensitivity --rules ${blind}/plain.yaml --applicants ${blind}/applicants.csv
                   --ratings ${blind}/ratings.csv --draws 10)
cli_expect(compare_blind_refused EXIT 2
           STDERR "applicants.csv:1:4: error: column 'sex' is a protected characteristic \\(sex; Equality Act 2010 s.11\\)"
           COMMAND ${cli} compare --rules-a ${blind}/plain.yaml --rules-b ${blind}/plain.yaml
                   --applicants ${blind}/applicants.csv --ratings ${blind}/ratings.csv)
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
# Safe output and audited runs (docs/audit.md): verify, CSV injection,
# inputs never overwritten, locale independence.
foreach(case verify_score verify_changed_input verify_changed_output verify_calibrate
             verify_sensitivity verify_compare verify_fairness
             csv_injection no_overwriting_inputs locale shortlist_only)
    add_test(NAME cli.audit.${case}
        COMMAND ${CMAKE_COMMAND} -DCLI=$<TARGET_FILE:shortlist_cli>
                -DDATA=${CMAKE_CURRENT_SOURCE_DIR}/data
                -DWORK=${CMAKE_CURRENT_BINARY_DIR}/audit_${case} -DCASE=${case}
                -DEXAMPLES=${examples} -DRULES=${PROJECT_SOURCE_DIR}/rules
                -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/audit.cmake)
    set_tests_properties(cli.audit.${case} PROPERTIES LABELS cli)
endforeach()
add_test(NAME cli.audit.shortlist_only_csv
    COMMAND ${CMAKE_COMMAND} -DCLI=$<TARGET_FILE:shortlist_cli>
            -DDATA=${CMAKE_CURRENT_SOURCE_DIR}/data
            -DWORK=${CMAKE_CURRENT_BINARY_DIR}/audit_shortlist_only_csv -DCASE=shortlist_only_csv
            -DEXAMPLES=${examples} -DRULES=${PROJECT_SOURCE_DIR}/rules
            -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/audit.cmake)
set_tests_properties(cli.audit.shortlist_only_csv PROPERTIES LABELS cli)
cli_expect(verify_help EXIT 0 STDOUT "usage: shortlist verify RESULT" COMMAND ${cli} verify --help)
cli_expect(verify_no_record EXIT 2 STDERR "applicants.csv: error: no audit block, and no applicants.csv.audit.json beside it"
           COMMAND ${cli} verify ${bad}/applicants.csv)
cli_expect(verify_missing EXIT 1 STDERR "nope.json: error: cannot open file"
           COMMAND ${cli} verify ${bad}/nope.json)
# Hostile input through the command (tests/data/hostile/): exit status 2, the place named.
set(hostile ${CMAKE_CURRENT_SOURCE_DIR}/data/hostile)
cli_expect(hostile_rulebook_open_quote EXIT 2
           STDERR "unterminated_quote.yaml:3:8: error: YAML syntax error: quoted text with no closing quote"
           COMMAND ${cli} validate ${hostile}/rulebook/unterminated_quote.yaml)
cli_expect(hostile_calibrate_ragged_row EXIT 2
           STDERR "ragged.csv:3: error: this row has 3 fields but the header has 4"
           COMMAND ${cli} calibrate --ratings ${hostile}/rating_table/ragged.csv)
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
include(${CMAKE_CURRENT_SOURCE_DIR}/cli/simulate.cmake)

# Excel in and out (docs/excel.md).
if(SHORTLIST_XLSX)
    cli_expect(score_xlsx_needs_out EXIT 1 STDERR "--format xlsx needs --out FILE.xlsx"
               COMMAND ${cli} score --rules ${PROJECT_SOURCE_DIR}/rules/staffordshire_pcso.yaml
                       --applicants ${examples}/applicants.csv --format xlsx)
    cli_expect(score_xlsx_missing_sheet EXIT 2 STDERR "good.xlsx: error: no sheet named 'Nope'"
               COMMAND ${cli} fairness --results "${PROJECT_SOURCE_DIR}/tests/data/hostile/xlsx/good.xlsx#Nope"
                       --monitoring ${examples}/monitoring.csv)
    add_test(NAME cli.xlsx_round_trip
        COMMAND ${CMAKE_COMMAND} -DCLI=$<TARGET_FILE:shortlist_cli> -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
                -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/xlsx_round_trip
                -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/xlsx.cmake)
    set_tests_properties(cli.xlsx_round_trip PROPERTIES LABELS cli)
endif()

# ---- --help and docs/cli.md -------------------------------------------------
# Each command's options, and the choices of each, are the same in its --help
# (table and usage lines) and in docs/cli.md (both synopses and the table).
set(help_in_docs ${CMAKE_CURRENT_SOURCE_DIR}/cli/help_in_docs.cmake)
foreach(sub validate score rules calibrate sensitivity compare fairness report verify simulate)
    add_test(NAME cli.${sub}_help_in_docs
        COMMAND ${CMAKE_COMMAND} -DCLI=${cli} -DCOMMAND=${sub} -DDOCS=${PROJECT_SOURCE_DIR}/docs/cli.md
                -DXLSX=${SHORTLIST_XLSX} -P ${help_in_docs})
    set_tests_properties(cli.${sub}_help_in_docs PROPERTIES LABELS cli
        PASS_REGULAR_EXPRESSION "shortlist ${sub}: [1-9][0-9]* options, the same in --help")
endforeach()
# The check itself: a page whose verify section has drifted from --help.
add_test(NAME cli.help_in_docs_reports_drift
    COMMAND ${CMAKE_COMMAND} -DCLI=${cli} -DCOMMAND=verify -DDOCS=${bad}/help_drift.md
            -DXLSX=${SHORTLIST_XLSX} -P ${help_in_docs})
set_tests_properties(cli.help_in_docs_reports_drift PROPERTIES LABELS cli
    PASS_REGULAR_EXPRESSION "overview: lacks \\[--base\\], has besides \\[\\]\n *synopsis: lacks \\[\\], has besides \\[--basis\\]\n *cells: lacks \\[\\], has besides \\[--json\\]")

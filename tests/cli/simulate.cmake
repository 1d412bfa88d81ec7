# shortlist simulate (docs/simulate.md): the example designs run, the panel
# they write is read by score and calibrate, --replicates prints the experiment
# table, and bad designs fail at file:line:column. Included from cli_tests.cmake.
set(designs ${PROJECT_SOURCE_DIR}/examples/designs)
set(sim_out ${CMAKE_CURRENT_BINARY_DIR}/simulate)
set(sim_bad ${CMAKE_CURRENT_SOURCE_DIR}/data/simulate/bad)

cli_expect(simulate_help EXIT 0 STDOUT "usage: shortlist simulate DESIGN --out DIR"
           COMMAND ${cli} simulate --help)
cli_expect(simulate_complete_panel EXIT 0
           STDOUT "120 applicants, 4 assessors, 4 criteria; linking complete.*severity correlation with truth"
           COMMAND ${cli} simulate ${designs}/complete_panel.yaml --out ${sim_out}/complete --quiet)
cli_expect(simulate_sparse_linking_replicates EXIT 0
           STDOUT "linking random \\(3 per applicant\\).*\n3 replicate\\(s\\)\n\nmeasure +mean +sd +min +max\nseverity RMSE +[0-9.]+ +[0-9.]+.*shortlist overlap with truth, adjusted +[0-9.]+.*reliability: Krippendorff's alpha +[0-9.]+.*\nR12 "
           COMMAND ${cli} simulate ${designs}/sparse_linking.yaml --out ${sim_out}/sparse
                   --replicates 3 --json ${sim_out}/sparse.json --csv ${sim_out}/sparse_csv)
set_tests_properties(cli.simulate_complete_panel PROPERTIES FIXTURES_SETUP simulated_complete)
set_tests_properties(cli.simulate_sparse_linking_replicates PROPERTIES
                     FIXTURES_SETUP simulated_sparse)

# What simulate writes, score and calibrate read.
cli_expect(simulate_then_score EXIT 0 STDOUT "^rank,applicant_id,status.*\n1,A[0-9]+,shortlisted,"
           COMMAND ${cli} score --rules ${sim_out}/complete/rulebook.yaml
                   --applicants ${sim_out}/complete/applicants.csv
                   --ratings ${sim_out}/complete/ratings.csv)
cli_expect(simulate_then_calibrate EXIT 0 STDOUT "assessor severity"
           COMMAND ${cli} calibrate --rules ${sim_out}/complete/rulebook.yaml
                   --applicants ${sim_out}/complete/applicants.csv
                   --ratings ${sim_out}/complete/ratings.csv --bootstrap 0)
set_tests_properties(cli.simulate_then_score cli.simulate_then_calibrate PROPERTIES
                     FIXTURES_REQUIRED simulated_complete)
cli_expect(simulate_json EXIT 0 STDOUT "\"replicates\": 3,.*\"severity_correlation\": {"
           COMMAND ${CMAKE_COMMAND} -E cat ${sim_out}/sparse.json)
cli_expect(simulate_csv EXIT 0 STDOUT "^measure,n,mean,sd,min,max\nseverity_rmse,3,"
           COMMAND ${CMAKE_COMMAND} -E cat ${sim_out}/sparse_csv/summary.csv)
set_tests_properties(cli.simulate_json cli.simulate_csv PROPERTIES
                     FIXTURES_REQUIRED simulated_sparse)

cli_expect(simulate_bad_design EXIT 2
           STDERR "unknown_key.yaml:7:3: error: unknown key 'per_aplicant' in linking"
           COMMAND ${cli} simulate ${sim_bad}/unknown_key.yaml --out ${sim_out}/bad)
cli_expect(simulate_needs_out EXIT 1 STDERR "simulate: --out is required"
           COMMAND ${cli} simulate ${designs}/complete_panel.yaml)
cli_expect(simulate_zero_replicates EXIT 1 STDERR "--replicates must be at least 1"
           COMMAND ${cli} simulate ${designs}/complete_panel.yaml --out ${sim_out}/zero
                   --replicates 0)

# Deterministic by seed: the same design and seed give the same bytes, on one
# thread or two; another seed gives other ratings.
foreach(run one two)
    if(run STREQUAL "one")
        set(threads 1)
    else()
        set(threads 2)
    endif()
    cli_expect(simulate_seed_${run} EXIT 0 STDOUT "5 replicate"
               COMMAND ${cli} simulate ${designs}/complete_panel.yaml --out ${sim_out}/seed_${run}
                       --seed 99 --replicates 5 --threads ${threads}
                       --json ${sim_out}/seed_${run}.json)
    set_tests_properties(cli.simulate_seed_${run} PROPERTIES FIXTURES_SETUP simulated_seed)
endforeach()
cli_expect(simulate_other_seed EXIT 0 STDOUT "seed 100"
           COMMAND ${cli} simulate ${designs}/complete_panel.yaml --out ${sim_out}/seed_other
                   --seed 100)
set_tests_properties(cli.simulate_other_seed PROPERTIES FIXTURES_SETUP simulated_seed)
foreach(file ratings.csv applicants.csv truth_applicants.csv rulebook.yaml)
    cli_expect(simulate_same_seed_${file} EXIT 0
               COMMAND ${CMAKE_COMMAND} -E compare_files ${sim_out}/seed_one/${file}
                       ${sim_out}/seed_two/${file})
    set_tests_properties(cli.simulate_same_seed_${file} PROPERTIES
                         FIXTURES_REQUIRED simulated_seed)
endforeach()
cli_expect(simulate_same_seed_json EXIT 0
           COMMAND ${CMAKE_COMMAND} -E compare_files ${sim_out}/seed_one.json
                   ${sim_out}/seed_two.json)
cli_expect(simulate_other_seed_differs EXIT 1
           COMMAND ${CMAKE_COMMAND} -E compare_files ${sim_out}/seed_one/ratings.csv
                   ${sim_out}/seed_other/ratings.csv)
set_tests_properties(cli.simulate_same_seed_json cli.simulate_other_seed_differs PROPERTIES
                     FIXTURES_REQUIRED simulated_seed)

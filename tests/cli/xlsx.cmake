# Excel in and out through the command (docs/excel.md), run as a user would:
# score writes a workbook that verify reproduces and fairness reads back as
# its results; calibrate's --xlsx workbook is reproduced with its --csv tables.
# -DCLI=shortlist -DSOURCE_DIR=... -DWORK_DIR=...
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(rules "${SOURCE_DIR}/rules/staffordshire_pcso.yaml")
set(applicants "${SOURCE_DIR}/examples/data/applicants.csv")
set(ratings "${SOURCE_DIR}/examples/data/ratings/staffordshire-pcso.csv")

function(run expect_regex)
    execute_process(COMMAND ${ARGN} WORKING_DIRECTORY "${WORK_DIR}"
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "exit ${rc}: ${ARGN}\n${out}\n${err}")
    endif()
    if(NOT out MATCHES "${expect_regex}")
        message(FATAL_ERROR "${ARGN}\nexpected /${expect_regex}/ in:\n${out}")
    endif()
endfunction()

run("^$" "${CLI}" score --rules ${rules} --applicants ${applicants} --ratings ${ratings}
    --top 10 --format xlsx --out shortlist.xlsx)
if(NOT EXISTS "${WORK_DIR}/shortlist.xlsx.audit.json")
    message(FATAL_ERROR "no audit record beside the workbook")
endif()
run("shortlist.xlsx: identical.*reproduced" "${CLI}" verify shortlist.xlsx.audit.json)
# The Shortlist sheet is score's results: fairness reads it as it reads the CSV.
run("200 applicants in shortlist.xlsx#Shortlist" "${CLI}" fairness --results shortlist.xlsx
    --monitoring ${SOURCE_DIR}/examples/data/monitoring.csv --xlsx impact.xlsx)
run("agreement" "${CLI}" calibrate --rules ${rules} --applicants ${applicants}
    --ratings ${ratings} --bootstrap 0 --xlsx calibrate.xlsx --csv calibrate)
run("calibrate.xlsx: identical.*agreement.csv: identical.*reproduced"
    "${CLI}" verify calibrate)
message(STATUS "ok")

# Golden-file test (Catch2's approval pattern): run the command, compare its
# output byte for byte with EXPECTED; on a mismatch write ACTUAL beside it for
# review. With SHORTLIST_UPDATE_GOLDEN=1 in the environment, rewrite EXPECTED.
# -DCMD="..." -DEXPECTED=path -DACTUAL=path
# Arguments arrive separated by "|" (a ";" cannot pass through add_test and -D).
string(REPLACE "|" ";" CMD "${CMD}")
execute_process(COMMAND ${CMD} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "command failed (${rc}): ${CMD}\n${err}")
endif()
# The audit block (the last member of a JSON result) names this machine's paths
# and the time of the run: it is left out of the comparison (verify's tests
# check it).
string(FIND "${out}" "\n  \"audit\": " audit_at REVERSE)
if(NOT audit_at EQUAL -1)
    string(SUBSTRING "${out}" 0 ${audit_at} out)
    string(REGEX REPLACE ",$" "" out "${out}")
    string(APPEND out "\n}\n")
endif()
if("$ENV{SHORTLIST_UPDATE_GOLDEN}" STREQUAL "1")
    file(WRITE "${EXPECTED}" "${out}")
    file(REMOVE "${ACTUAL}")
    message(STATUS "updated ${EXPECTED}")
    return()
endif()
if(NOT EXISTS "${EXPECTED}")
    file(WRITE "${ACTUAL}" "${out}")
    message(FATAL_ERROR "no ${EXPECTED}; wrote ${ACTUAL} for review "
                        "(SHORTLIST_UPDATE_GOLDEN=1 approves it)")
endif()
file(READ "${EXPECTED}" expected)
if(NOT out STREQUAL expected)
    file(WRITE "${ACTUAL}" "${out}")
    message(FATAL_ERROR "output differs from ${EXPECTED}; wrote ${ACTUAL}\n"
                        "review with: diff ${EXPECTED} ${ACTUAL}")
endif()
file(REMOVE "${ACTUAL}")
message(STATUS "matches ${EXPECTED}")

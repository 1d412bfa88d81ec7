# ctest driver: each of the first applications in a JSON Lines file, scored
# through the C interface (CONSUMER), is the object `shortlist score --format
# json` (CLI) writes for it in "applicants" when scoring it alone.
# Variables: CLI, CONSUMER, RULES, APPLICANTS, WORK_DIR, COUNT.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
# Lines are taken by hand: a CMake list would split them at semicolons.
file(READ "${APPLICANTS}" rest)
set(checked 0)
while(checked LESS COUNT)
    string(FIND "${rest}" "\n" eol)
    if(eol EQUAL -1)
        message(FATAL_ERROR "${APPLICANTS} has fewer than ${COUNT} lines")
    endif()
    string(SUBSTRING "${rest}" 0 ${eol} record)
    math(EXPR eol "${eol} + 1")
    string(SUBSTRING "${rest}" ${eol} -1 rest)
    set(one "${WORK_DIR}/one.jsonl")
    file(WRITE "${one}" "${record}\n")
    execute_process(COMMAND "${CLI}" score --rules "${RULES}" --applicants "${one}" --format json
                    RESULT_VARIABLE rc OUTPUT_VARIABLE cli_out ERROR_VARIABLE cli_err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "shortlist score failed: ${cli_err}")
    endif()
    execute_process(COMMAND "${CONSUMER}" "${RULES}" "${one}"
                    RESULT_VARIABLE rc OUTPUT_VARIABLE c_out ERROR_VARIABLE c_err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "the C interface failed: ${c_err}")
    endif()
    # The CLI's entry, re-indented as a document of its own, must be the C
    # result byte for byte.
    string(JSON entry GET "${cli_out}" applicants 0)
    string(JSON c_entry GET "{\"x\": ${c_out}}" x)
    if(NOT entry STREQUAL c_entry)
        message(FATAL_ERROR "differs for ${record}\nCLI:\n${entry}\nC:\n${c_entry}")
    endif()
    # And the same text: the CLI's entry, four spaces in, moved to the margin.
    string(FIND "${cli_out}" "\"applicants\": [\n    {" begin)
    string(FIND "${cli_out}" "\n  ]" end REVERSE)
    if(begin EQUAL -1 OR end EQUAL -1)
        message(FATAL_ERROR "no applicants array in:\n${cli_out}")
    endif()
    math(EXPR begin "${begin} + 20")
    math(EXPR length "${end} - ${begin}")
    string(SUBSTRING "${cli_out}" ${begin} ${length} text)
    string(REPLACE "\n    " "\n" text "${text}")
    if(NOT "${text}\n" STREQUAL c_out)
        message(FATAL_ERROR "not the CLI's text:\n${text}\nC:\n${c_out}")
    endif()
    math(EXPR checked "${checked} + 1")
endwhile()
message(STATUS "same as the CLI: ${checked} applications")

# Run two commands and check that both succeed with the same standard output
# (e.g. the same seed on different thread counts).
# -DCMD_A="a|b|c" -DCMD_B="a|b|c"
string(REPLACE "|" ";" CMD_A "${CMD_A}")
string(REPLACE "|" ";" CMD_B "${CMD_B}")
execute_process(COMMAND ${CMD_A} RESULT_VARIABLE rc_a OUTPUT_VARIABLE out_a ERROR_VARIABLE err_a)
execute_process(COMMAND ${CMD_B} RESULT_VARIABLE rc_b OUTPUT_VARIABLE out_b ERROR_VARIABLE err_b)
if(NOT rc_a EQUAL 0 OR NOT rc_b EQUAL 0)
    message(FATAL_ERROR "exit ${rc_a} and ${rc_b}\n${err_a}\n${err_b}")
endif()
# A JSON result's audit block records the options (which differ) and the time
# of the run: it is left out, as in golden.cmake.
foreach(v out_a out_b)
    string(FIND "${${v}}" "\n  \"audit\": " at REVERSE)
    if(NOT at EQUAL -1)
        string(SUBSTRING "${${v}}" 0 ${at} text)
        string(REGEX REPLACE ",$" "" text "${text}")
        set(${v} "${text}\n}\n")
    endif()
endforeach()
if(out_a STREQUAL "")
    message(FATAL_ERROR "no output from ${CMD_A}")
endif()
if(NOT out_a STREQUAL out_b)
    message(FATAL_ERROR "outputs differ\n--- ${CMD_A}\n${out_a}\n--- ${CMD_B}\n${out_b}")
endif()
message(STATUS "ok: the same output")

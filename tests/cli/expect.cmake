# Run a command and check its exit status and output.
# -DCMD="a;b;c" -DEXPECT_EXIT=N [-DEXPECT_STDOUT=regex] [-DEXPECT_STDERR=regex]
# [-DOUT_FILE=path -DEXPECT_NO_FILE=ON]
if(DEFINED OUT_FILE)
    file(REMOVE "${OUT_FILE}")
endif()
# Arguments arrive separated by "|" (a ";" cannot pass through add_test and -D).
string(REPLACE "|" ";" CMD "${CMD}")
execute_process(COMMAND ${CMD} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(report "command: ${CMD}\nexit: ${rc}\n--- stdout ---\n${out}\n--- stderr ---\n${err}")
if(NOT "${rc}" STREQUAL "${EXPECT_EXIT}")
    message(FATAL_ERROR "expected exit status ${EXPECT_EXIT}\n${report}")
endif()
if(DEFINED EXPECT_STDOUT AND NOT out MATCHES "${EXPECT_STDOUT}")
    message(FATAL_ERROR "stdout does not match '${EXPECT_STDOUT}'\n${report}")
endif()
if(DEFINED EXPECT_STDERR AND NOT err MATCHES "${EXPECT_STDERR}")
    message(FATAL_ERROR "stderr does not match '${EXPECT_STDERR}'\n${report}")
endif()
if(EXPECT_NO_FILE AND EXISTS "${OUT_FILE}")
    message(FATAL_ERROR "${OUT_FILE} was written although the run failed\n${report}")
endif()
message(STATUS "ok: exit ${rc}")

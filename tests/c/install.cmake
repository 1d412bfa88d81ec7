# ctest driver (label "packaging"): install the build tree to a temporary
# prefix, build consumer.c against it exactly as a user would,
#   cc consumer.c $(pkg-config --cflags --libs shortlist)
# (PKG_CONFIG_PATH pointing into the prefix), score one application with it,
# and check the total against `shortlist score` on the same application.
# Variables: BUILD_DIR, SOURCE_DIR, WORK_DIR, CLI, RULES, APPLICANTS.
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
include("${CMAKE_CURRENT_LIST_DIR}/../cmake/checked_run.cmake")
run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
file(GLOB_RECURSE pc_files "${prefix}/*/shortlist.pc")
list(LENGTH pc_files n)
if(NOT n EQUAL 1)
    message(FATAL_ERROR "expected one installed shortlist.pc, found: ${pc_files}")
endif()
get_filename_component(pc_dir "${pc_files}" DIRECTORY)
get_filename_component(libdir "${pc_dir}" DIRECTORY)
if(NOT EXISTS "${prefix}/include/shortlist/shortlist.h")
    message(FATAL_ERROR "shortlist.h was not installed")
endif()
# The command a user types, through a shell for the $(...).
run(${CMAKE_COMMAND} -E env "PKG_CONFIG_PATH=${pc_dir}"
    sh -c "cc -std=c11 -Wall -Wextra -pedantic -Werror -o '${WORK_DIR}/consumer' '${SOURCE_DIR}/tests/c/consumer.c' $(pkg-config --cflags --libs shortlist)")

file(STRINGS "${APPLICANTS}" first LIMIT_COUNT 1)
set(one "${WORK_DIR}/one.jsonl")
file(WRITE "${one}" "${first}\n")
run(${CMAKE_COMMAND} -E env "LD_LIBRARY_PATH=${libdir}" "${WORK_DIR}/consumer" "${RULES}" "${one}")
# The totals as written (CMake's JSON reader would re-print them as doubles).
string(JSON c_id GET "${last_output}" applicant_id)
string(REGEX MATCH "\"total\": [-0-9.]+" c_total "${last_output}")
run("${CLI}" score --rules "${RULES}" --applicants "${one}" --format json)
string(REGEX MATCH "\"total\": [-0-9.]+" cli_total "${last_output}")
if(c_total STREQUAL "")
    message(FATAL_ERROR "no total in the C interface's result")
endif()
if(NOT c_total STREQUAL cli_total)
    message(FATAL_ERROR "total from the C interface ${c_total}, from the CLI ${cli_total}")
endif()
message(STATUS "installed C interface scored ${c_id}: ${c_total}, as the CLI")

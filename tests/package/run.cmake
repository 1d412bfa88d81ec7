# ctest driver (label "packaging"): install the build tree to a temporary prefix,
# configure and build the consumer project against it, and run it.
# Variables: BUILD_DIR, SOURCE_DIR, WORK_DIR.
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
include("${CMAKE_CURRENT_LIST_DIR}/../cmake/checked_run.cmake")
run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/package" -B "${WORK_DIR}/build" -G Ninja
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
file(GLOB rulebooks "${prefix}/share/shortlist/rules/*.yaml")
list(LENGTH rulebooks n)
if(n EQUAL 0)
    message(FATAL_ERROR "no rulebooks installed under ${prefix}/share/shortlist/rules")
endif()
list(GET rulebooks 0 rulebook)
run("${WORK_DIR}/build/consumer" "${rulebook}")
message(STATUS "${last_output}")
if(NOT EXISTS "${prefix}/bin/shortlist")
    message(FATAL_ERROR "the shortlist command was not installed")
endif()

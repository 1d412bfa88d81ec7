# Only src/rulebook/yaml/ may include yaml-cpp (docs/architecture.md): every
# other source, public header, tool and test goes through the rulebook API.
# Run as: cmake -DSOURCE_DIR=<repo> -P yaml_confined.cmake
file(GLOB_RECURSE files
    ${SOURCE_DIR}/src/*.cpp ${SOURCE_DIR}/src/*.hpp ${SOURCE_DIR}/include/*.hpp
    ${SOURCE_DIR}/tools/*.cpp ${SOURCE_DIR}/tools/*.hpp)
set(offenders)
foreach(f IN LISTS files)
    file(RELATIVE_PATH rel ${SOURCE_DIR} ${f})
    if(rel MATCHES "^src/rulebook/yaml/")
        continue()
    endif()
    file(STRINGS ${f} hits REGEX "#[ \t]*include[ \t]*[<\"]yaml-cpp/")
    if(hits)
        list(APPEND offenders ${rel})
    endif()
endforeach()
if(offenders)
    message(FATAL_ERROR "yaml-cpp included outside src/rulebook/yaml/: ${offenders}")
endif()
file(GLOB_RECURSE inside ${SOURCE_DIR}/src/rulebook/yaml/*.cpp)
if(NOT inside)
    message(FATAL_ERROR "no sources found under ${SOURCE_DIR}/src/rulebook/yaml")
endif()
message(STATUS "yaml-cpp confined to src/rulebook/yaml/")

# docs/bindings.md's C example is tests/c/docs_example.c verbatim, which the
# c_docs_example test builds and runs (-DSOURCE_DIR=...).
file(READ "${SOURCE_DIR}/docs/bindings.md" doc)
file(READ "${SOURCE_DIR}/tests/c/docs_example.c" code)
string(FIND "${doc}" "```c\n" open)
if(open EQUAL -1)
    message(FATAL_ERROR "docs/bindings.md has no C example")
endif()
math(EXPR open "${open} + 5")
string(SUBSTRING "${doc}" ${open} -1 rest)
string(FIND "${rest}" "```" close)
string(SUBSTRING "${rest}" 0 ${close} shown)
if(NOT shown STREQUAL code)
    message(FATAL_ERROR "docs/bindings.md's C example differs from tests/c/docs_example.c: "
                        "copy the file into the page")
endif()
message(STATUS "docs/bindings.md's C example matches tests/c/docs_example.c")

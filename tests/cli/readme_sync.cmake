# ctest driver: a page shows a source file verbatim, as the first fenced
# LANGUAGE block of its SECTION (the file is built and run by a test, so the
# page's copy is code that works). Variables: SOURCE_DIR; PAGE and CODE
# (relative to it), LANGUAGE, SECTION (a heading; empty: the whole page).
# By default README.md's "## Embed" section shows examples/embed.cpp
# (readme_embed_in_sync); c_docs_in_sync checks docs/bindings.md's C example
# against tests/c/docs_example.c.
if(NOT DEFINED PAGE)
    set(PAGE README.md)
    set(SECTION "## Embed")
    set(LANGUAGE cpp)
    set(CODE examples/embed.cpp)
endif()
file(READ "${SOURCE_DIR}/${PAGE}" page)
file(READ "${SOURCE_DIR}/${CODE}" code)
set(where "${PAGE}")
if(NOT SECTION STREQUAL "")
    string(FIND "${page}" "${SECTION}\n" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "${PAGE} has no '${SECTION}' section")
    endif()
    string(SUBSTRING "${page}" ${at} -1 page)
    set(where "${PAGE} ${SECTION}")
endif()
set(fence "```${LANGUAGE}\n")
string(FIND "${page}" "${fence}" open)
if(open EQUAL -1)
    message(FATAL_ERROR "${where} has no ${LANGUAGE} block")
endif()
string(LENGTH "${fence}" length)
math(EXPR open "${open} + ${length}")
string(SUBSTRING "${page}" ${open} -1 rest)
string(FIND "${rest}" "```" close)
if(close EQUAL -1)
    message(FATAL_ERROR "${where}: its ${LANGUAGE} block is not closed")
endif()
string(SUBSTRING "${rest}" 0 ${close} shown)
if(NOT shown STREQUAL code)
    message(FATAL_ERROR "${where}: the ${LANGUAGE} block differs from ${CODE}: copy the file "
                        "into the page")
endif()
message(STATUS "${where}: the ${LANGUAGE} block matches ${CODE}")

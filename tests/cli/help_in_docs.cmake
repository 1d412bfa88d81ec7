# ctest driver: a command's --help and docs/cli.md name the same options.
# Variables: CLI (the shortlist executable), COMMAND (a subcommand), DOCS (the
# CLI page, docs/cli.md), XLSX (whether it was built with Excel support). The long options of --help's options table (all but
# --help) must be exactly those of: --help's usage lines, the page's synopsis
# of every command at its top, the synopsis under "## `shortlist COMMAND`",
# and that section's option table (where it has one). An option whose value is a choice
# (`--format csv|json|xlsx`) must offer the same choices in each of them.
execute_process(COMMAND "${CLI}" ${COMMAND} --help RESULT_VARIABLE status
                OUTPUT_VARIABLE help ERROR_VARIABLE help_err)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "shortlist ${COMMAND} --help: exit ${status}\n${help_err}")
endif()
file(READ "${DOCS}" page)
string(REPLACE "\\|" "|" page "${page}")

# options(TEXT OUT): the sorted long options in TEXT, each with its choices
# (`--format csv|json|xlsx`) where it is followed by some.
function(options text out)
    string(REGEX MATCHALL "--[a-z][a-z-]*( [a-z_]+(\\|[a-z_]+)+)?" found "${text}")
    list(REMOVE_ITEM found --help)
    list(REMOVE_DUPLICATES found)
    list(SORT found)
    set(${out} "${found}" PARENT_SCOPE)
endfunction()

# --help: the usage paragraph, then the table after "options:"; a table row
# starts with two spaces and a dash (its wrapped lines start further in).
string(FIND "${help}" "\n\n" usage_end)
string(SUBSTRING "${help}" 0 ${usage_end} usage)
string(FIND "${help}" "\noptions:\n" table_at)
if(table_at EQUAL -1)
    message(FATAL_ERROR "shortlist ${COMMAND} --help has no options table")
endif()
string(SUBSTRING "${help}" ${table_at} -1 table)
string(REGEX MATCHALL "\n  -[^\n]*" rows "${table}")
set(table_options "")
foreach(row IN LISTS rows)
    # `-f [ --format ] csv|json|xlsx (=csv)  description`: the name and value only.
    string(REGEX REPLACE "\\[ (--[a-z-]+) \\]" "\\1" row "${row}")
    string(REGEX MATCH "--[a-z][a-z-]*( [^ ]+)?" option "${row}")
    list(APPEND table_options "${option}")
endforeach()
options("${table_options}" expected)

# docs/cli.md: the first fenced block (every command), its lines for COMMAND.
string(FIND "${page}" "```\n" open)
math(EXPR open "${open} + 4")
string(SUBSTRING "${page}" ${open} -1 rest)
string(FIND "${rest}" "```" close)
string(SUBSTRING "${rest}" 0 ${close} overview)
string(REGEX MATCH "\nshortlist ${COMMAND} [^\n]*(\n [^\n]*)*" overview "\n${overview}")

# The section "## `shortlist COMMAND`": its first fenced block and its table.
set(heading "## `shortlist ${COMMAND}`\n")
string(FIND "${page}" "${heading}" at)
if(at EQUAL -1)
    message(FATAL_ERROR "${DOCS} has no section '## `shortlist ${COMMAND}`'")
endif()
string(LENGTH "${heading}" length)
math(EXPR at "${at} + ${length}")
string(SUBSTRING "${page}" ${at} -1 section)
string(FIND "${section}" "\n## " end)
if(NOT end EQUAL -1)
    string(SUBSTRING "${section}" 0 ${end} section)
endif()
string(REGEX MATCH "```\n[^`]*```" synopsis "${section}")
# A table row's first cell: `| `-f`, `--format csv|json|xlsx` | ...` (the page's
# `\|` read as `|` above, so the cell ends at "` | ").
string(REGEX MATCHALL "\n\\| `[^\n]*" rows "${section}")
set(cells "")
foreach(row IN LISTS rows)
    string(FIND "${row}" "` | " cell_end)
    string(SUBSTRING "${row}" 0 ${cell_end} cell)
    list(APPEND cells "${cell}")
endforeach()

if(NOT XLSX)
    # A build without Excel support neither offers nor lists --xlsx or xlsx.
    foreach(source overview synopsis cells)
        string(REPLACE "--xlsx" "" ${source} "${${source}}")
        string(REPLACE "|xlsx" "" ${source} "${${source}}")
    endforeach()
endif()
# A section may leave its options to the page it links to (simulate's).
set(sources usage overview synopsis)
if(cells)
    list(APPEND sources cells)
endif()

set(failures "")
foreach(source IN LISTS sources)
    options("${${source}}" found)
    set(missing ${expected})
    set(extra ${found})
    if(found)
        list(REMOVE_ITEM missing ${found})
    endif()
    if(expected)
        list(REMOVE_ITEM extra ${expected})
    endif()
    if(missing OR extra)
        string(REPLACE ";" ", " missing "${missing}")
        string(REPLACE ";" ", " extra "${extra}")
        string(APPEND failures "\n  ${source}: lacks [${missing}], has besides [${extra}]")
    endif()
endforeach()
if(failures)
    message(FATAL_ERROR
            "shortlist ${COMMAND}: the options of --help's table differ from\n"
            "(usage: --help's usage lines; overview, synopsis, cells: ${DOCS}'s "
            "synopsis of every command, the section's synopsis and its option table):"
            "${failures}")
endif()
list(LENGTH expected count)
message(STATUS "shortlist ${COMMAND}: ${count} options, the same in --help and ${DOCS}")

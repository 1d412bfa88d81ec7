# `shortlist score` on a terminal (docs/report.md): run under util-linux
# `script` for a pseudo-terminal; skipped (exit 77) only without `script`.
find_program(SHORTLIST_PYTHON3_TERMINAL NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(SHORTLIST_PYTHON3_TERMINAL)
    add_test(NAME cli.score_on_terminal
        COMMAND ${SHORTLIST_PYTHON3_TERMINAL} ${CMAKE_CURRENT_SOURCE_DIR}/terminal/terminal_test.py
                $<TARGET_FILE:shortlist_cli> ${PROJECT_SOURCE_DIR})
    set_tests_properties(cli.score_on_terminal PROPERTIES LABELS "cli;terminal"
        SKIP_RETURN_CODE 77)
endif()

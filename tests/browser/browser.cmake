# The HTML report in a real browser (docs/report.md): headless Chromium loads
# the report written from the example data with monitoring. Skipped (exit 77)
# only when no browser is installed; Debian's chromium-headless-shell is in
# .ci/install-deps.
find_program(SHORTLIST_CHROMIUM NAMES chromium-headless-shell chromium chromium-browser)
find_program(SHORTLIST_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT SHORTLIST_PYTHON3)
    find_program(SHORTLIST_PYTHON3 NAMES python3)
endif()
if(SHORTLIST_PYTHON3)
    set(browser_args $<TARGET_FILE:shortlist_cli> ${PROJECT_SOURCE_DIR}
        ${CMAKE_CURRENT_BINARY_DIR}/browser)
    if(SHORTLIST_CHROMIUM)
        list(APPEND browser_args ${SHORTLIST_CHROMIUM})
    endif()
    add_test(NAME browser.report
        COMMAND ${SHORTLIST_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/browser/browser_test.py
                ${browser_args})
    set_tests_properties(browser.report PROPERTIES LABELS browser SKIP_RETURN_CODE 77
        TIMEOUT 600)
endif()

# The report command as a user runs it: written, reproduced by verify, a changed
# input caught, usage errors refused.
if(SHORTLIST_PYTHON3)
    add_test(NAME cli.report
        COMMAND ${SHORTLIST_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/browser/report_cli_test.py
                $<TARGET_FILE:shortlist_cli> ${PROJECT_SOURCE_DIR}
                ${CMAKE_CURRENT_BINARY_DIR}/report_cli)
    set_tests_properties(cli.report PROPERTIES LABELS cli)
endif()

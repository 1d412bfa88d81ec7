# Excel in and out (docs/excel.md): libxlsxwriter (Debian libxlsxwriter-dev)
# writes workbooks, liborcus (Debian liborcus-dev) reads them. Neither ships a
# CMake package, so both are found through pkg-config, as imported targets.
#
# SHORTLIST_WITH_XLSX: ON requires both; OFF leaves them out; empty (the
# default) means ON in the main project when both are found. The result is
# SHORTLIST_XLSX (ON or OFF).
set(SHORTLIST_XLSX OFF)
if(SHORTLIST_WITH_XLSX STREQUAL "")
    set(_shortlist_xlsx_want ${SHORTLIST_MAIN_PROJECT})
    set(_shortlist_xlsx_required "")
elseif(SHORTLIST_WITH_XLSX)
    set(_shortlist_xlsx_want ON)
    set(_shortlist_xlsx_required REQUIRED)
else()
    set(_shortlist_xlsx_want OFF)
endif()
if(_shortlist_xlsx_want)
    find_package(PkgConfig ${_shortlist_xlsx_required})
    if(PKG_CONFIG_FOUND)
        pkg_check_modules(SHORTLIST_XLSXWRITER ${_shortlist_xlsx_required} IMPORTED_TARGET
                          xlsxwriter)
        pkg_check_modules(SHORTLIST_ORCUS ${_shortlist_xlsx_required} IMPORTED_TARGET
                          liborcus-0.17)
        # zlib: every part of a workbook is inflated and its CRC checked
        # before liborcus reads it (src/evidence/xlsx/zip_check.cpp).
        find_package(ZLIB ${_shortlist_xlsx_required})
        if(SHORTLIST_XLSXWRITER_FOUND AND SHORTLIST_ORCUS_FOUND AND ZLIB_FOUND)
            set(SHORTLIST_XLSX ON)
        endif()
    endif()
endif()
message(STATUS "shortlist: .xlsx input and output ${SHORTLIST_XLSX}")

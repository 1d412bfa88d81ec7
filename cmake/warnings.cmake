# Warnings for our own targets only, never for consumers: applied PRIVATE per
# target by shortlist_enable_warnings(). (An INTERFACE target linked as
# $<BUILD_INTERFACE:…> still breaks the build-tree export() of a static
# library, which records private link dependencies; checked on CMake 3.25.)
set(SHORTLIST_WARNING_FLAGS
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
    -Wnon-virtual-dtor -Woverloaded-virtual)
# GCC 12 at -O2/-O3 reports -Wrestrict false positives inside libstdc++'s
# std::string (GCC bug 105329, fixed in GCC 13): silence that one warning there.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    list(APPEND SHORTLIST_WARNING_FLAGS -Wno-restrict)
    # Likewise -Wmaybe-uninitialized on std::optional and on Boost.Math once
    # inlined at -O2/-O3 (GCC bug 80635): false positives attributed to our
    # files. -Wuninitialized stays on, and clang builds keep the check.
    list(APPEND SHORTLIST_WARNING_FLAGS -Wno-maybe-uninitialized)
endif()
if(SHORTLIST_WARNINGS_AS_ERRORS)
    list(APPEND SHORTLIST_WARNING_FLAGS -Werror)
endif()

function(shortlist_enable_warnings target)
    target_compile_options(${target} PRIVATE ${SHORTLIST_WARNING_FLAGS})
endfunction()

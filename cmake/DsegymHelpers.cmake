# Shared helpers for the project's own targets.

# Where tests and benchmarks find the public benchmark data (../shared/data next to the checkout).
set(DSEGYM_TEST_DATA_DIR "${PROJECT_SOURCE_DIR}/../shared/data" CACHE PATH
    "Directory holding the public benchmark data used by tests (nb201/, epfl/, ...)")

# dsegym_add_test(<name> SOURCES ... LIBS ...): one GoogleTest executable, cases discovered by ctest.
function(dsegym_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest_main dsegym_warnings)
  target_compile_definitions(${name} PRIVATE
    DSEGYM_TEST_DATA_DIR="${DSEGYM_TEST_DATA_DIR}"
    DSEGYM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 600)
endfunction()

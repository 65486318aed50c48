# Shared helpers for the project's own targets.

# Where tests and benchmarks find the public benchmark data: $DSEGYM_DATA_DIR at configure time
# when set, else ../shared/data next to the checkout.
if(DEFINED ENV{DSEGYM_DATA_DIR} AND NOT "$ENV{DSEGYM_DATA_DIR}" STREQUAL "")
  set(_dsegym_default_data "$ENV{DSEGYM_DATA_DIR}")
else()
  set(_dsegym_default_data "${PROJECT_SOURCE_DIR}/../shared/data")
endif()
set(DSEGYM_TEST_DATA_DIR "${_dsegym_default_data}" CACHE PATH
    "Directory holding the public benchmark data used by tests (nb201/, epfl/, ...)")
if(NOT EXISTS "${DSEGYM_TEST_DATA_DIR}/nb201")
  message(STATUS "dsegym: no benchmark data at ${DSEGYM_TEST_DATA_DIR}; tests that read it will be skipped "
                 "(DSEGYM_REQUIRE_DATA=1 at test time makes them fail). Set DSEGYM_DATA_DIR (or "
                 "-DDSEGYM_TEST_DATA_DIR) to the data root holding nb201/, epfl/, ...")
endif()

# dsegym_add_test(<name> SOURCES ... LIBS ...): one GoogleTest executable, cases discovered by ctest.
function(dsegym_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest_main dsegym_warnings)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(${name} PRIVATE
    DSEGYM_TEST_DATA_DIR="${DSEGYM_TEST_DATA_DIR}"
    DSEGYM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 600)
endfunction()

# The header-only core: INTERFACE target dsegym (dsegym::core, dsegym::dsegym).
find_package(xtensor REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)  # only the json/ headers include it
find_package(Threads REQUIRED)

add_library(dsegym INTERFACE)
add_library(dsegym::dsegym ALIAS dsegym)
add_library(dsegym::core ALIAS dsegym)
set_target_properties(dsegym PROPERTIES EXPORT_NAME core)
file(GLOB_RECURSE _dsegym_core_headers CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/include/*.hpp)
target_sources(dsegym INTERFACE FILE_SET HEADERS BASE_DIRS ${PROJECT_SOURCE_DIR}/include
  FILES ${_dsegym_core_headers})
target_compile_features(dsegym INTERFACE cxx_std_20)
target_link_libraries(dsegym INTERFACE xtensor nlohmann_json::nlohmann_json Threads::Threads)

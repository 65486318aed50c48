# Install rules, the exported package, and the tests that check them (consumer project, headers).
set(_cfgdir ${CMAKE_INSTALL_LIBDIR}/cmake/dsegym)
install(TARGETS ${DSEGYM_EXPORTED_TARGETS} EXPORT dsegymTargets
  FILE_SET HEADERS
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
foreach(_dir IN LISTS DSEGYM_COMPONENT_INCLUDE_DIRS)
  install(DIRECTORY ${_dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()
install(EXPORT dsegymTargets NAMESPACE dsegym:: DESTINATION ${_cfgdir})
configure_package_config_file(cmake/dsegymConfig.cmake.in
  ${PROJECT_BINARY_DIR}/dsegymConfig.cmake INSTALL_DESTINATION ${_cfgdir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/dsegymConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/dsegymConfig.cmake ${PROJECT_BINARY_DIR}/dsegymConfigVersion.cmake
  DESTINATION ${_cfgdir})
install(TARGETS dsegym_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

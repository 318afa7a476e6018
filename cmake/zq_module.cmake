# zq_module(NAME SOURCES a.cc b.cc DEPS core store LIBS fmt::fmt TESTS a_test.cc LABEL unit)
# makes the static library zq_NAME from SOURCES, linked to zq_<dep> for each DEPS and to LIBS,
# and, when TESTS are given, the GoogleTest binary zq_NAME_tests whose tests carry LABEL.
function(zq_module name)
  cmake_parse_arguments(ARG "" "LABEL" "SOURCES;DEPS;LIBS;TESTS;TEST_LIBS" ${ARGN})
  add_library(zq_${name} STATIC ${ARG_SOURCES})
  target_include_directories(zq_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  foreach(dep IN LISTS ARG_DEPS)
    target_link_libraries(zq_${name} PUBLIC zq_${dep})
  endforeach()
  target_link_libraries(zq_${name} PUBLIC ${ARG_LIBS})
  zq_apply_warnings(zq_${name})
  if(ZQ_BUILD_TESTS AND ARG_TESTS)
    if(NOT ARG_LABEL)
      set(ARG_LABEL unit)
    endif()
    add_executable(zq_${name}_tests ${ARG_TESTS})
    target_link_libraries(zq_${name}_tests PRIVATE zq_${name} ${ARG_TEST_LIBS} GTest::gtest
                                                   GTest::gmock GTest::gtest_main)
    zq_apply_warnings(zq_${name}_tests)
    gtest_discover_tests(zq_${name}_tests DISCOVERY_MODE PRE_TEST
                         PROPERTIES LABELS "${ARG_LABEL}"
                         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  endif()
endfunction()

# zq_executable(NAME SOURCES ... DEPS ...) makes a program linked to the named modules.
function(zq_executable name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  foreach(dep IN LISTS ARG_DEPS)
    target_link_libraries(${name} PRIVATE zq_${dep})
  endforeach()
  target_link_libraries(${name} PRIVATE ${ARG_LIBS})
  zq_apply_warnings(${name})
endfunction()

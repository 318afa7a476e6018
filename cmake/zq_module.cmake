# zq_module(NAME SOURCES a.cc b.cc DEPS core store LIBS fmt::fmt TESTS a_test.cc LABEL unit)
# makes the static library zq_NAME from SOURCES, linked to zq_<dep> for each DEPS and to LIBS,
# and, when TESTS are given, the GoogleTest binary zq_NAME_tests whose tests carry LABEL.
# When the module's folder has a migrations/ folder, its *.sql files are compiled in and registered
# under the module's name and DEPS (zq_migrations below): DEPS is the one declaration of the order
# in which modules' migrations run.
function(zq_module name)
  cmake_parse_arguments(ARG "" "LABEL" "SOURCES;DEPS;LIBS;TESTS;TEST_LIBS" ${ARGN})
  add_library(zq_${name} STATIC ${ARG_SOURCES})
  # What the module may link, for the check that its manifest depends on no other module
  # (cmake/manifests.cmake, src/app/module_deps_test.cc).
  set_property(GLOBAL PROPERTY ZQ_MODULE_DEPS_${name} "${ARG_DEPS}")
  target_include_directories(zq_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  foreach(dep IN LISTS ARG_DEPS)
    target_link_libraries(zq_${name} PUBLIC zq_${dep})
  endforeach()
  target_link_libraries(zq_${name} PUBLIC ${ARG_LIBS})
  zq_apply_warnings(zq_${name})
  if(EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/migrations")
    zq_migrations(${name} DEPS ${ARG_DEPS})
  endif()
  if(ZQ_BUILD_TESTS AND ARG_TESTS)
    if(NOT ARG_LABEL)
      set(ARG_LABEL unit)
    endif()
    zq_test(zq_${name}_tests SOURCES ${ARG_TESTS} LIBS zq_${name} ${ARG_TEST_LIBS}
            LABEL ${ARG_LABEL} FROM_SOURCE_DIR)
  endif()
endfunction()

# zq_test(TARGET SOURCES a_test.cc ... LIBS zq_x ... LABEL store [FROM_SOURCE_DIR]) makes the
# GoogleTest binary TARGET from SOURCES, linked to LIBS and to GoogleTest (gtest, gmock, main), and
# registers its tests with CTest under LABEL. They run in the build folder, or with
# FROM_SOURCE_DIR in the repository's root (tests that read data/ by its relative path).
#
# The tests' own sources are compiled with ZQ_TEST_COMPILE_OPTIONS after the build's flags. The dev
# preset sets -O0 there: test bodies are glue around the code under test (which keeps -O1), and
# optimising them was a third of the dev build's compile time. That holds for the HTTP tests too,
# although they compile cpp-httplib's client and parse every answer in their own sources: at -O1
# their three targets took 202 s of compiler time against 75 s at -O0 (a fresh-clone run), while
# their slowest tests ran 53 s against 78 s in all (25 s of test time, an estimated 13 s of wall
# time at -j 3).
set(ZQ_TEST_COMPILE_OPTIONS "" CACHE STRING "Extra compile options for the tests' own sources")
function(zq_test target)
  cmake_parse_arguments(ARG "FROM_SOURCE_DIR" "LABEL" "SOURCES;LIBS" ${ARGN})
  add_executable(${target} ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  zq_apply_warnings(${target})
  target_compile_options(${target} PRIVATE ${ZQ_TEST_COMPILE_OPTIONS})
  set(dir ${CMAKE_CURRENT_BINARY_DIR})
  if(ARG_FROM_SOURCE_DIR)
    set(dir ${PROJECT_SOURCE_DIR})
  endif()
  gtest_discover_tests(${target} DISCOVERY_MODE PRE_TEST PROPERTIES LABELS "${ARG_LABEL}"
                       WORKING_DIRECTORY ${dir})
endfunction()

# zq_migrations(NAME DEPS ...) compiles src/NAME/migrations/*.sql into the object library
# zq_NAME_migrations, whose generated code registers them with store/migration_registry.h at start,
# naming the modules NAME depends on. Its object file goes on the link line of every program that
# links zq_NAME (not into the archive: the linker would drop it, as nothing refers to it).
function(zq_migrations name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  set(dir "${CMAKE_CURRENT_SOURCE_DIR}/migrations")
  file(GLOB files CONFIGURE_DEPENDS "${dir}/*.sql")
  set(out "${CMAKE_CURRENT_BINARY_DIR}/zq_${name}_migrations.cc")
  string(REPLACE ";" "," deps "${ARG_DEPS}")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DMODULE=${name} -DDEPS=${deps} -DDIR=${dir} -DOUT=${out}
            -P ${PROJECT_SOURCE_DIR}/cmake/migrations_generate.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/migrations_generate.cmake
    COMMENT "Compiling the migrations of ${name}")
  add_library(zq_${name}_migrations OBJECT "${out}")
  target_include_directories(zq_${name}_migrations PRIVATE ${PROJECT_SOURCE_DIR}/src)
  zq_apply_warnings(zq_${name}_migrations)
  target_link_libraries(zq_${name} INTERFACE zq_${name}_migrations
                                             $<TARGET_OBJECTS:zq_${name}_migrations>)
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

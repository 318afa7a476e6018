# The app's modules (src/app/): every module of ZQ_MODULES whose folder has a manifest, module.cc,
# in that list's order. Adding a module is its folder and its name in ZQ_MODULES: this generates
#   app/manifests.h           declares zq::<module>::Manifest() for each (module.cc includes it)
#   app/registered_modules.cc defines app::RegisteredModules() calling them in order
#   app/module_deps.h         each module's DEPS of zq_module(), for zq_app_modules_tests, which
#                             fails when a manifest's depends_on names a module CMake does not link
# and the library zq_app_modules linking each module's manifest target zq_<module>_module. A
# module's CMakeLists.txt declares that target with zq_manifest() when the manifest needs more
# than the module's library (its routes, commands, demo steps); otherwise it is made here.

# zq_manifest(NAME DEPS api demo ...) makes zq_NAME_module from module.cc (plus SOURCES), linked
# to zq_app, zq_NAME (when it exists) and zq_<dep> for each DEPS.
function(zq_manifest name)
  if(NOT TARGET zq_app)
    return()  # a partial build (ZQ_ONLY_MODULES) without the app
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(zq_${name}_module STATIC ${CMAKE_CURRENT_SOURCE_DIR}/module.cc ${ARG_SOURCES})
  target_link_libraries(zq_${name}_module PUBLIC zq_app)
  if(TARGET zq_${name})
    target_link_libraries(zq_${name}_module PUBLIC zq_${name})
  endif()
  foreach(dep IN LISTS ARG_DEPS)
    target_link_libraries(zq_${name}_module PUBLIC zq_${dep})
  endforeach()
  zq_apply_warnings(zq_${name}_module)
endfunction()

function(zq_register_manifests)
  if(NOT TARGET zq_app)
    return()  # a partial build (ZQ_ONLY_MODULES) without the app
  endif()
  set(ZQ_MANIFEST_DECLARATIONS "")
  set(ZQ_MANIFEST_CALLS "")
  set(ZQ_MODULE_DEPS "")
  set(targets "")
  foreach(module IN LISTS ARGN)
    get_property(deps GLOBAL PROPERTY ZQ_MODULE_DEPS_${module})
    string(REPLACE ";" " " deps "${deps}")
    string(APPEND ZQ_MODULE_DEPS "    {\"${module}\", \"${deps}\"},\n")
    set(dir ${PROJECT_SOURCE_DIR}/src/${module})
    if(NOT EXISTS ${dir}/module.cc)
      continue()
    endif()
    if(NOT TARGET zq_${module}_module)
      add_library(zq_${module}_module STATIC ${dir}/module.cc)
      target_link_libraries(zq_${module}_module PUBLIC zq_app)
      if(TARGET zq_${module})
        target_link_libraries(zq_${module}_module PUBLIC zq_${module})
      endif()
      zq_apply_warnings(zq_${module}_module)
    endif()
    string(APPEND ZQ_MANIFEST_DECLARATIONS
           "namespace zq::${module} {\napp::Module Manifest();  // src/${module}/module.cc\n}\n")
    string(APPEND ZQ_MANIFEST_CALLS "      ::zq::${module}::Manifest(),\n")
    list(APPEND targets zq_${module}_module)
  endforeach()
  set(out ${CMAKE_BINARY_DIR}/generated/app)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/manifests.h.in ${out}/manifests.h @ONLY)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/registered_modules.cc.in
                 ${out}/registered_modules.cc @ONLY)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/module_deps.h.in ${out}/module_deps.h @ONLY)
  add_library(zq_app_modules STATIC ${out}/registered_modules.cc)
  target_link_libraries(zq_app_modules PUBLIC zq_app ${targets})
  zq_apply_warnings(zq_app_modules)
  if(ZQ_BUILD_TESTS)
    zq_test(zq_app_modules_tests SOURCES ${PROJECT_SOURCE_DIR}/src/app/module_deps_test.cc
            LIBS zq_app_modules LABEL unit)
  endif()
endfunction()

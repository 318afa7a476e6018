# zq_embed(TARGET NAME Name FILES ...) compiles the given files into TARGET, so that the binary
# carries its reference data and migrations and runs from any directory. The generated function
# zq::embedded::Register<Name>() (call it before looking files up; it is idempotent and
# thread-safe) makes each file reachable through zq::EmbeddedFile("<path relative to the source
# root>") (core/embedded_files.h). An explicit call, rather than static registration objects,
# because the linker drops unreferenced objects from static libraries.
function(zq_embed target)
  cmake_parse_arguments(ARG "" "NAME" "FILES" ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.cc")
  set(list_file "${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.list")
  set(abs_files "")
  foreach(f IN LISTS ARG_FILES)
    list(APPEND abs_files "${PROJECT_SOURCE_DIR}/${f}")
  endforeach()
  string(REPLACE ";" "\n" list_text "${ARG_FILES}")
  file(WRITE "${list_file}.tmp" "${list_text}\n")
  file(COPY_FILE "${list_file}.tmp" "${list_file}" ONLY_IF_DIFFERENT)
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR} -DLIST=${list_file} -DOUT=${out}
            -DNAME=${ARG_NAME} -P ${PROJECT_SOURCE_DIR}/cmake/embed_generate.cmake
    DEPENDS ${abs_files} "${list_file}" ${PROJECT_SOURCE_DIR}/cmake/embed_generate.cmake
    COMMENT "Embedding ${ARG_NAME} files")
  target_sources(${target} PRIVATE "${out}")
endfunction()

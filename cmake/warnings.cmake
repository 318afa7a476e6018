# The one place that says which warnings we compile with (abseil's single source of truth).
# Applied to every target made by zq_module() and zq_executable().
set(ZQ_WARNINGS
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-qual -Wformat=2
    -Wimplicit-fallthrough -Wmissing-declarations -Wsuggest-override -Wfloat-conversion -Wvla
    -Werror)
# g++ 12 (the release build) warns on every designated initialiser that leaves a member to its
# default member initialiser, which is what designated initialisers are for (routes, bodies);
# clang (the dev build) does not. Positional aggregates are gone from the code, so nothing is lost.
#
# g++ also warns (-Wsubobject-linkage) when a class in a file other than the one being compiled
# has a member of an anonymous-namespace type. The presets build unity sources (CMAKE_UNITY_BUILD:
# each compiles eight .cc files by #include), so g++ takes every .cc file for such an other file
# and warns on a private Impl holding a file-local type, which is the point of the anonymous
# namespace; the non-unity build, where it could mean something, never warns on our code.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  list(APPEND ZQ_WARNINGS -Wno-missing-field-initializers)
  if(CMAKE_UNITY_BUILD)
    list(APPEND ZQ_WARNINGS -Wno-subobject-linkage)
  endif()
endif()

function(zq_apply_warnings target)
  target_compile_options(${target} PRIVATE ${ZQ_WARNINGS})
endfunction()

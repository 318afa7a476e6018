# The one place that says which warnings we compile with (abseil's single source of truth).
# Applied to every target made by zq_module() and zq_executable().
set(ZQ_WARNINGS
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-qual -Wformat=2
    -Wimplicit-fallthrough -Wmissing-declarations -Wsuggest-override -Wfloat-conversion -Wvla
    -Werror)
# g++ 12 (the release build) warns on every designated initialiser that leaves a member to its
# default member initialiser, which is what designated initialisers are for (routes, bodies);
# clang (the dev build) does not. Positional aggregates are gone from the code, so nothing is lost.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  list(APPEND ZQ_WARNINGS -Wno-missing-field-initializers)
endif()

function(zq_apply_warnings target)
  target_compile_options(${target} PRIVATE ${ZQ_WARNINGS})
endfunction()

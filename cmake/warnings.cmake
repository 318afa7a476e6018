# The one place that says which warnings we compile with (abseil's single source of truth).
# Applied to every target made by zq_module() and zq_executable().
set(ZQ_WARNINGS
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-qual -Wformat=2
    -Wimplicit-fallthrough -Wmissing-declarations -Wsuggest-override -Wfloat-conversion -Wvla
    -Werror)

function(zq_apply_warnings target)
  target_compile_options(${target} PRIVATE ${ZQ_WARNINGS})
endfunction()

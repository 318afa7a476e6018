#pragma once

#include <vector>

#include "app/module.h"

namespace zq::app {

// The manifests of the modules of ZQ_MODULES (the top-level CMakeLists.txt) that have a
// `module.cc`, in that list's order. Defined by a file CMake generates (cmake/manifests.cmake), in
// the library zq_app_modules, which links every module's manifest target.
std::vector<Module> RegisteredModules();

}  // namespace zq::app

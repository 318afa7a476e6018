// A module's dependencies are declared twice: in its manifest (depends_on, which orders the
// building of services) and in its CMakeLists.txt (zq_module DEPS, which decides what it may
// link and include). This test holds them together: a manifest may depend only on modules that
// CMake lets it link, so a dependency added to one place and forgotten in the other fails here.
#include "app/module_deps.h"

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/registered_modules.h"

namespace zq::app {
namespace {

std::map<std::string, std::vector<std::string>> CMakeDeps() {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [module, deps] : kCMakeModuleDeps) {
    std::istringstream words{std::string(deps)};
    std::vector<std::string>& list = out[std::string(module)];
    for (std::string dep; words >> dep;) list.push_back(dep);
  }
  return out;
}

TEST(ModuleDeps, EveryRegisteredModuleIsAZqModule) {
  const auto cmake = CMakeDeps();
  for (const Module& m : RegisteredModules()) {
    EXPECT_TRUE(cmake.contains(m.name)) << "module '" << m.name << "' has a manifest but no "
                                        << "zq_module(" << m.name << " ...) in ZQ_MODULES";
  }
}

TEST(ModuleDeps, AManifestDependsOnlyOnModulesItsCMakeListsLinks) {
  const auto cmake = CMakeDeps();
  for (const Module& m : RegisteredModules()) {
    const auto it = cmake.find(m.name);
    if (it == cmake.end())
      continue;  // the test above
    for (const std::string& dep : m.depends_on) {
      EXPECT_THAT(it->second, ::testing::Contains(dep))
          << "src/" << m.name << "/module.cc depends on '" << dep << "', which is not among the "
          << "DEPS of zq_module(" << m.name << ") in src/" << m.name << "/CMakeLists.txt";
    }
  }
}

TEST(ModuleDeps, TheGeneratedTableHasTheModulesDeps) {
  const auto cmake = CMakeDeps();
  ASSERT_TRUE(cmake.contains("credit"));
  EXPECT_THAT(cmake.at("credit"), ::testing::IsSupersetOf({"core", "registry"}));
  EXPECT_TRUE(cmake.at("core").empty());
}

}  // namespace
}  // namespace zq::app

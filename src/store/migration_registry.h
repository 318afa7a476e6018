#pragma once

#include <span>
#include <string_view>
#include <vector>

// The migrations each module compiles into the program. zq_module() (cmake/zq_module.cmake)
// turns src/<module>/migrations/*.sql into a generated object file that registers one
// ModuleMigrations, naming the module and the DEPS its CMakeLists.txt passes to zq_module(), the
// one place where module dependencies are declared. The object file is put on the link line of
// every program that links the module, so a program migrates exactly the tables of the modules it
// links (zq_store_tests: store's; `zq`: all).
namespace zq::store {

// One file of a module's migrations/ folder: "NNNN_name.sql" (both backends) or one of the
// variants "NNNN_name.sqlite.sql" / "NNNN_name.postgres.sql", and its text.
struct MigrationFile {
  std::string_view file;
  std::string_view sql;
};

// A module's migrations. Database::Migrate() applies the modules' migrations after those of the
// modules they depend on (names not registered, such as core, are ignored), each module's in
// version order.
struct ModuleMigrations {
  std::string_view module;
  std::span<const std::string_view> depends_on;
  std::span<const MigrationFile> files;
  const ModuleMigrations* next = nullptr;  // the list of registered modules
};

namespace internal {
// The registered modules, newest registration first. Inline, so that the generated object files
// need no symbol of the zq_store library (they come before it on the link line). Constant
// initialised, so it is null before any registration runs.
inline const ModuleMigrations* registered_migrations = nullptr;
}  // namespace internal

// Registers `migrations` during static initialisation (generated code only; not thread-safe).
struct MigrationRegistration {
  explicit MigrationRegistration(ModuleMigrations& migrations) {
    migrations.next = internal::registered_migrations;
    internal::registered_migrations = &migrations;
  }
};

// The modules registered in this program, in no particular order.
inline std::vector<const ModuleMigrations*> RegisteredMigrations() {
  std::vector<const ModuleMigrations*> out;
  for (const ModuleMigrations* m = internal::registered_migrations; m != nullptr; m = m->next)
    out.push_back(m);
  return out;
}

}  // namespace zq::store

#include "store/internal/migration_plan.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include <fmt/format.h>

#include "store/internal/backends.h"

namespace zq::store::internal {
namespace {

using ModuleMap = std::map<std::string, const ModuleMigrations*, std::less<>>;

// Depth-first, dependencies first; `path` is the chain being visited, to name a cycle.
Status Visit(const ModuleMap& modules, const std::string& name, std::vector<std::string>& path,
             std::set<std::string, std::less<>>& done, std::vector<std::string>& out) {
  if (done.contains(name))
    return Status::Ok();
  if (std::find(path.begin(), path.end(), name) != path.end()) {
    path.push_back(name);
    return Status::Internal(
        fmt::format("the modules' dependencies form a cycle: {}", fmt::join(path, " → ")));
  }
  path.push_back(name);
  std::vector<std::string> deps;
  for (std::string_view dep : modules.find(name)->second->depends_on) {
    if (modules.contains(dep))
      deps.emplace_back(dep);
  }
  std::sort(deps.begin(), deps.end());
  for (const std::string& dep : deps) ZQ_RETURN_IF_ERROR(Visit(modules, dep, path, done, out));
  path.pop_back();
  done.insert(name);
  out.push_back(name);
  return Status::Ok();
}

struct FileName {
  int version = 0;
  std::string name;
  std::string_view variant;  // "", "sqlite" or "postgres"
};

Result<FileName> ParseFileName(std::string_view module, std::string_view file) {
  const auto bad = [&] {
    return Status::Internal(fmt::format(
        "migration {}/migrations/{} is not named NNNN_name.sql (or .sqlite.sql, .postgres.sql)",
        module, file));
  };
  FileName out;
  auto [ptr, ec] = std::from_chars(file.data(), file.data() + file.size(), out.version);
  if (ec != std::errc() || ptr - file.data() != 4 || *ptr != '_' || out.version < 1 ||
      !file.ends_with(".sql")) {
    return bad();
  }
  std::string_view rest = file.substr(5, file.size() - 5 - 4);
  for (std::string_view variant : {"sqlite", "postgres"}) {
    const std::string suffix = fmt::format(".{}", variant);
    if (rest.ends_with(suffix)) {
      out.variant = variant;
      rest.remove_suffix(suffix.size());
    }
  }
  if (rest.empty() || rest.find('.') != std::string_view::npos)
    return bad();
  out.name = std::string(rest);
  return out;
}

// One module's migrations for `backend`, by version.
Result<std::vector<PlannedMigration>> ModulePlan(const ModuleMigrations& module, Backend backend) {
  struct Texts {
    std::string name;
    const MigrationFile* shared = nullptr;
    const MigrationFile* own = nullptr;
    bool other = false;  // the other backend has a variant
  };

  std::map<int, Texts> by_version;
  for (const MigrationFile& file : module.files) {
    ZQ_ASSIGN_OR_RETURN(FileName parsed, ParseFileName(module.module, file.file));
    Texts& texts = by_version[parsed.version];
    if (!texts.name.empty() && texts.name != parsed.name) {
      return Status::Internal(fmt::format("{} migration {:04d} has two names: {} and {}",
                                          module.module, parsed.version, texts.name, parsed.name));
    }
    texts.name = parsed.name;
    if (parsed.variant.empty()) {
      texts.shared = &file;
    } else if (parsed.variant == BackendName(backend)) {
      texts.own = &file;
    } else {
      texts.other = true;
    }
  }
  std::vector<PlannedMigration> out;
  for (const auto& [version, texts] : by_version) {
    if (texts.shared != nullptr && (texts.own != nullptr || texts.other)) {
      return Status::Internal(fmt::format("{} migration {:04d} has both a shared text and variants",
                                          module.module, version));
    }
    const MigrationFile* file = texts.own != nullptr ? texts.own : texts.shared;
    if (file == nullptr) {
      return Status::Internal(fmt::format("{} migration {:04d}_{} has no text for {}",
                                          module.module, version, texts.name,
                                          BackendName(backend)));
    }
    out.push_back(PlannedMigration{std::string(module.module), version, texts.name,
                                   ApplyDialect(file->sql, backend)});
  }
  return out;
}

}  // namespace

Result<std::vector<std::string>> OrderModules(std::span<const ModuleMigrations* const> modules) {
  ModuleMap by_name;
  for (const ModuleMigrations* m : modules) {
    if (!by_name.emplace(std::string(m->module), m).second)
      return Status::Internal(fmt::format("two modules named {} register migrations", m->module));
  }
  std::vector<std::string> order;
  std::set<std::string, std::less<>> done;
  for (const auto& entry : by_name) {
    std::vector<std::string> path;
    ZQ_RETURN_IF_ERROR(Visit(by_name, entry.first, path, done, order));
  }
  return order;
}

Result<std::vector<PlannedMigration>> PlanMigrations(
    std::span<const ModuleMigrations* const> modules, Backend backend) {
  ZQ_ASSIGN_OR_RETURN(std::vector<std::string> order, OrderModules(modules));
  std::vector<PlannedMigration> out;
  for (const std::string& name : order) {
    const auto it = std::find_if(modules.begin(), modules.end(),
                                 [&](const ModuleMigrations* m) { return m->module == name; });
    ZQ_ASSIGN_OR_RETURN(std::vector<PlannedMigration> plan, ModulePlan(**it, backend));
    std::move(plan.begin(), plan.end(), std::back_inserter(out));
  }
  return out;
}

std::vector<std::string> SplitStatements(std::string_view sql) {
  std::vector<std::string> out;
  std::string current;
  std::size_t pos = 0;
  while (pos <= sql.size()) {
    const std::size_t end = sql.find('\n', pos);
    const std::string_view line =
        sql.substr(pos, end == std::string_view::npos ? sql.size() - pos : end - pos);
    std::string_view trimmed = line;
    while (!trimmed.empty() &&
           (trimmed.back() == ' ' || trimmed.back() == '\r' || trimmed.back() == '\t')) {
      trimmed.remove_suffix(1);
    }
    const bool comment = trimmed.starts_with("--");
    if (!comment) {
      current += line;
      current += '\n';
    }
    if (!comment && trimmed.ends_with(';')) {
      out.push_back(current);
      current.clear();
    }
    if (end == std::string_view::npos)
      break;
    pos = end + 1;
  }
  if (current.find_first_not_of(" \n\r\t") != std::string::npos)
    out.push_back(current);
  return out;
}

}  // namespace zq::store::internal

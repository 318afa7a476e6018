#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands/commands.h"
#include "registry/registry.h"

namespace zq::cli {
namespace {

struct Common {
  std::string db;
  std::string key_file;
  bool json = false;
};

void AddCommon(CLI::App* cmd, Common& c) {
  cmd->add_option("--db", c.db, "SQLite file path or postgresql:// URI")->required();
  cmd->add_option("--key-file", c.key_file, "file holding the master key");
  cmd->add_flag("--json", c.json, "machine-readable output");
}

void PrintRegions(const std::vector<registry::Region>& regions, bool json) {
  if (json) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& r : regions) {
      items.push_back(
          {{"code", r.code}, {"name", r.name}, {"level", r.level}, {"parent_code", r.parent_code}});
    }
    std::cout << nlohmann::json{{"items", items}}.dump() << "\n";
    return;
  }
  for (const auto& r : regions) std::cout << r.code << "  " << r.name << "\n";
}

}  // namespace

void RegisterRegistryCommands(CLI::App& app) {
  CLI::App* reg = app.add_subcommand("registry", "Look up regions and market entities");
  reg->require_subcommand(1);

  auto region = std::make_shared<std::pair<Common, std::string>>();
  CLI::App* r = reg->add_subcommand("region", "One GB/T 2260 region");
  AddCommon(r, region->first);
  r->add_option("code", region->second, "six-digit code")->required();
  r->callback([region] {
    Result<Workspace> w = OpenWorkspace(region->first.db, region->first.key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status(), region->first.json));
    Result<registry::Region> got = w->Get<registry::Registry>().GetRegion(region->second);
    if (!got.ok())
      throw CLI::RuntimeError(Fail(got.status(), region->first.json));
    PrintRegions({*got}, region->first.json);
  });

  auto children = std::make_shared<std::pair<Common, std::string>>();
  CLI::App* c = reg->add_subcommand("children", "The regions directly beneath one");
  AddCommon(c, children->first);
  c->add_option("code", children->second, "six-digit code")->required();
  c->callback([children] {
    Result<Workspace> w = OpenWorkspace(children->first.db, children->first.key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status(), children->first.json));
    auto got = w->Get<registry::Registry>().RegionChildren(children->second);
    if (!got.ok())
      throw CLI::RuntimeError(Fail(got.status(), children->first.json));
    PrintRegions(*got, children->first.json);
  });

  struct Search {
    Common common;
    registry::EntityFilter filter;
    registry::Page page;
  };

  auto search = std::make_shared<Search>();
  CLI::App* s = reg->add_subcommand("search", "Search market entities");
  AddCommon(s, search->common);
  s->add_option("--name", search->filter.name_contains, "a fragment of the name");
  s->add_option("--region", search->filter.region_code, "a region and its subtree");
  s->add_option("--industry", search->filter.industry_code, "an industry and its subtree");
  s->add_option("--uscc", search->filter.uscc, "exact USCC");
  s->add_option("--legal-representative", search->filter.legal_representative,
                "exact name of the legal representative (blind index; audited)");
  s->add_option("--page", search->page.page, "page number")->default_val(1);
  s->add_option("--page-size", search->page.page_size, "rows per page")->default_val(20);
  s->callback([search] {
    Result<Workspace> w = OpenWorkspace(search->common.db, search->common.key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status(), search->common.json));
    auto got = w->Get<registry::Registry>().SearchEntities(auth::Caller::System(), search->filter,
                                                           search->page);
    if (!got.ok())
      throw CLI::RuntimeError(Fail(got.status(), search->common.json));
    if (search->common.json) {
      nlohmann::json items = nlohmann::json::array();
      for (const auto& e : got->items) {
        items.push_back({{"uscc", e.uscc},
                         {"name", e.name},
                         {"region_code", e.region_code},
                         {"industry_code", e.industry_code},
                         {"status", registry::EntityStatusName(e.status)}});
      }
      std::cout
          << nlohmann::json{{"items", items}, {"total", got->total}, {"page", got->page}}.dump()
          << "\n";
      return;
    }
    for (const auto& e : got->items) {
      std::cout << e.uscc << "  " << e.region_code << "  " << e.name << "\n";
    }
    std::cout << got->total << " found, page " << got->page << "\n";
  });

  auto entity = std::make_shared<std::pair<Common, std::string>>();
  CLI::App* e = reg->add_subcommand("entity", "One market entity by USCC");
  AddCommon(e, entity->first);
  e->add_option("uscc", entity->second, "统一社会信用代码")->required();
  e->callback([entity] {
    const Result<ids::Uscc> uscc = ids::ParseUscc(entity->second);
    if (!uscc.ok())
      throw CLI::RuntimeError(Fail(uscc.status(), entity->first.json));
    Result<Workspace> w = OpenWorkspace(entity->first.db, entity->first.key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status(), entity->first.json));
    auto got = w->Get<registry::Registry>().GetEntity(auth::Caller::System(), *uscc);
    if (!got.ok())
      throw CLI::RuntimeError(Fail(got.status(), entity->first.json));
    nlohmann::json out = {{"uscc", got->uscc},
                          {"name", got->name},
                          {"legal_representative", got->legal_representative},
                          {"region_code", got->region_code},
                          {"industry_code", got->industry_code},
                          {"type", registry::EntityTypeName(got->type)},
                          {"status", registry::EntityStatusName(got->status)},
                          {"established_on", got->established_on}};
    std::cout << (entity->first.json ? out.dump() : out.dump(2)) << "\n";
  });
}

}  // namespace zq::cli

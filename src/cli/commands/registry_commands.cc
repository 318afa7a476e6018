#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands/commands.h"
#include "registry/registry.h"

namespace zq::cli {
namespace {

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

  struct ByCode {
    WorkspaceOptions common;
    std::string code;
  };

  auto region = std::make_shared<ByCode>();
  CLI::App* r = reg->add_subcommand("region", "One GB/T 2260 region");
  AddWorkspaceOptions(r, region->common);
  r->add_option("code", region->code, "six-digit code")->required();
  r->callback([region] {
    Workspace w = OpenWorkspaceOrFail(region->common);
    PrintRegions(
        {ValueOrFail(w.Get<registry::Registry>().GetRegion(region->code), region->common.json)},
        region->common.json);
  });

  auto children = std::make_shared<ByCode>();
  CLI::App* c = reg->add_subcommand("children", "The regions directly beneath one");
  AddWorkspaceOptions(c, children->common);
  c->add_option("code", children->code, "six-digit code")->required();
  c->callback([children] {
    Workspace w = OpenWorkspaceOrFail(children->common);
    PrintRegions(ValueOrFail(w.Get<registry::Registry>().RegionChildren(children->code),
                             children->common.json),
                 children->common.json);
  });

  struct Search {
    WorkspaceOptions common;
    registry::EntityFilter filter;
    registry::Page page;
  };

  auto search = std::make_shared<Search>();
  CLI::App* s = reg->add_subcommand("search", "Search market entities");
  AddWorkspaceOptions(s, search->common);
  s->add_option("--name", search->filter.name_contains, "a fragment of the name");
  s->add_option("--region", search->filter.region_code, "a region and its subtree");
  s->add_option("--industry", search->filter.industry_code, "an industry and its subtree");
  s->add_option("--uscc", search->filter.uscc, "exact USCC");
  s->add_option("--legal-representative", search->filter.legal_representative,
                "exact name of the legal representative (blind index; audited)");
  s->add_option("--page", search->page.page, "page number")->default_val(1);
  s->add_option("--page-size", search->page.page_size, "rows per page")->default_val(20);
  s->callback([search] {
    Workspace w = OpenWorkspaceOrFail(search->common);
    const auto got = ValueOrFail(w.Get<registry::Registry>().SearchEntities(
                                     auth::Caller::System(), search->filter, search->page),
                                 search->common.json);
    if (search->common.json) {
      nlohmann::json items = nlohmann::json::array();
      for (const auto& e : got.items) {
        items.push_back({{"uscc", e.uscc},
                         {"name", e.name},
                         {"region_code", e.region_code},
                         {"industry_code", e.industry_code},
                         {"status", registry::EntityStatusName(e.status)}});
      }
      std::cout << nlohmann::json{{"items", items}, {"total", got.total}, {"page", got.page}}.dump()
                << "\n";
      return;
    }
    for (const auto& e : got.items) {
      std::cout << e.uscc << "  " << e.region_code << "  " << e.name << "\n";
    }
    std::cout << got.total << " found, page " << got.page << "\n";
  });

  auto entity = std::make_shared<ByCode>();
  CLI::App* e = reg->add_subcommand("entity", "One market entity by USCC");
  AddWorkspaceOptions(e, entity->common);
  e->add_option("uscc", entity->code, "统一社会信用代码")->required();
  e->callback([entity] {
    const ids::Uscc uscc = ValueOrFail(ids::ParseUscc(entity->code), entity->common.json);
    Workspace w = OpenWorkspaceOrFail(entity->common);
    const auto got = ValueOrFail(
        w.Get<registry::Registry>().GetEntity(auth::Caller::System(), uscc), entity->common.json);
    nlohmann::json out = {{"uscc", got.uscc},
                          {"name", got.name},
                          {"legal_representative", got.legal_representative},
                          {"region_code", got.region_code},
                          {"industry_code", got.industry_code},
                          {"type", registry::EntityTypeName(got.type)},
                          {"status", registry::EntityStatusName(got.status)},
                          {"established_on", got.established_on}};
    std::cout << (entity->common.json ? out.dump() : out.dump(2)) << "\n";
  });
}

}  // namespace zq::cli

// Registry routes: regions, industries, entities (search, file, upsert, export), products, the
// catalogue, the inspector pool, and code validation.
#include <sstream>

#include <nlohmann/json.hpp>

#include "api/export_params.h"
#include "api/handlers.h"
#include "api/routes/registry_json.h"
#include "api/routes/routes.h"
#include "core/calendar.h"
#include "core/ids/gtin.h"
#include "core/ids/org_code.h"
#include "core/ids/region_code.h"
#include "core/ids/uscc.h"
#include "registry/entity_export.h"

namespace zq::api {
namespace {

using registry::MarketEntity;

nlohmann::json IndustryJson(const registry::Industry& i) {
  return {{"code", i.code}, {"name", i.name}, {"level", i.level}, {"parent_code", i.parent_code}};
}

Result<registry::EntityFilter> FilterFrom(const Request& req) {
  registry::EntityFilter f;
  f.name_contains = req.Query("name");
  f.address_contains = req.Query("address");
  f.uscc = req.Query("uscc");
  f.region_code = req.Query("region");
  f.industry_code = req.Query("industry");
  f.legal_representative = req.Query("legal_representative");
  if (f.name_contains.size() > 200)
    return Status::InvalidArgument("name is too long", "name");
  if (f.address_contains.size() > 200)
    return Status::InvalidArgument("address is too long", "address");
  if (f.legal_representative.size() > 200)
    return Status::InvalidArgument("legal_representative is too long", "legal_representative");
  if (!f.region_code.empty()) {
    Result<ids::RegionCode> rc = ids::ParseRegionCode(f.region_code);
    if (!rc.ok())
      return Status::InvalidArgument(rc.status().message(), "region");
  }
  if (const std::string s = req.Query("status"); !s.empty()) {
    registry::EntityStatus st;
    if (!registry::ParseEntityStatus(s, st))
      return Status::InvalidArgument("unknown status", "status");
    f.status = st;
  }
  if (const std::string t = req.Query("type"); !t.empty()) {
    registry::EntityType ty;
    if (!registry::ParseEntityType(t, ty))
      return Status::InvalidArgument("unknown type", "type");
    f.type = ty;
  }
  return f;
}

const Body<MarketEntity> kEntityBody =
    Body<MarketEntity>()
        .Member("uscc", &MarketEntity::uscc, Presence::kRequired,
                {.description = "统一社会信用代码 (GB 32100)"})
        .Member("name", &MarketEntity::name, Presence::kRequired)
        .Member("region_code", &MarketEntity::region_code, Presence::kRequired,
                {.description = "GB/T 2260 code of the domicile"})
        .Member("legal_representative", &MarketEntity::legal_representative, Presence::kOptional,
                {.description = "personal data: stored encrypted"})
        .Member("industry_code", &MarketEntity::industry_code, Presence::kOptional,
                {.description = "GB/T 4754"})
        .Enumerated("type", &MarketEntity::type, Presence::kOptional, registry::ParseEntityType,
                    {.one_of = {"enterprise", "individual", "cooperative", "other"}})
        .Member("registered_capital_fen", &MarketEntity::registered_capital_fen,
                Presence::kOptional, {.description = "注册资本 in fen (0.01 yuan)"})
        .Member("established_on", &MarketEntity::established_on, Presence::kOptional,
                {.format = "date"})
        .Member("deregistered_on", &MarketEntity::deregistered_on, Presence::kOptional,
                {.format = "date"})
        .Enumerated("status", &MarketEntity::status, Presence::kOptional,
                    registry::ParseEntityStatus,
                    {.one_of = {"active", "revoked", "cancelled", "dormant"}})
        .Enumerated("size", &MarketEntity::size, Presence::kOptional, registry::ParseEntitySize,
                    {.one_of = {"large", "medium", "small", "micro", "unknown"}})
        .Member("address", &MarketEntity::address, Presence::kOptional);

// An inspector of the pool (执法检查人员名录库).
const Body<registry::Inspector> kInspectorBody =
    Body<registry::Inspector>()
        .Member("inspector_id", &registry::Inspector::inspector_id, Presence::kRequired,
                {.description = "执法证号"})
        .Member("name", &registry::Inspector::name, Presence::kRequired)
        .Member("unit", &registry::Inspector::unit, Presence::kRequired)
        .Member("region_code", &registry::Inspector::region_code, Presence::kRequired,
                {.description = "GB/T 2260 code of the unit's territory"})
        .Member("qualifications", &registry::Inspector::qualifications, Presence::kOptional)
        .Member("active", &registry::Inspector::active, Presence::kOptional)
        .Member("username", &registry::Inspector::username, Presence::kOptional,
                {.description = "the platform account linked to this inspector"});

const std::vector<ParamSpec> kEntityFilterParams = {
    {.name = "name",
     .description = "words of the registered name, each anywhere in it (full-text, 中文子串); "
                    "with no word of three characters the first begins the name (see match)"},
    {.name = "address", .description = "words of the address; one needs three characters"},
    {.name = "uscc", .description = "统一社会信用代码, exact"},
    {.name = "region", .description = "GB/T 2260 code: the region and its subtree"},
    {.name = "industry", .description = "GB/T 4754-2017 code or section letter: its subtree"},
    {.name = "status", .description = "active | revoked | cancelled | dormant"},
    {.name = "type", .description = "enterprise | individual | cooperative | other"},
    {.name = "legal_representative",
     .description =
         "法定代表人, exact name through its keyed-hash index; admins and regulators only (403 for "
         "others), audited as a read of personal data"}};

std::vector<ParamSpec> WithPaging(std::vector<ParamSpec> params) {
  params.push_back(
      {.name = "page", .type = ParamType::kInteger, .description = "1-based page number"});
  params.push_back({.name = "page_size",
                    .type = ParamType::kInteger,
                    .description = "rows per page, at most 500"});
  return params;
}

template <typename T, typename F>
nlohmann::json PageJson(const registry::PageOf<T>& p, F to_json) {
  nlohmann::json items = nlohmann::json::array();
  for (const T& t : p.items) items.push_back(to_json(t));
  return {{"items", items},
          {"page", p.page},
          {"page_size", p.page_size},
          {"total", p.total},
          {"total_exact", p.total_exact}};
}

// A public read of a reference table by the path's {code}, "" where the path has none:
// `read(code)`, answered as `answer(found)`.
template <class Read, class Answer>
Handler ByCode(Read read, Answer answer) {
  return [read, answer](const Request& req, RequestContext&) -> Result<Response> {
    const auto code = req.path_params.find("code");
    ZQ_ASSIGN_OR_RETURN(const auto found,
                        read(code == req.path_params.end() ? "" : std::string_view(code->second)));
    return Response::Json(answer(found));
  };
}

}  // namespace

nlohmann::json RegionJson(const registry::Region& r) {
  return {{"code", r.code}, {"name", r.name}, {"level", r.level}, {"parent_code", r.parent_code}};
}

nlohmann::json EntityJson(const MarketEntity& e) {
  return {{"uscc", e.uscc},
          {"name", e.name},
          {"legal_representative", e.legal_representative},
          {"region_code", e.region_code},
          {"industry_code", e.industry_code},
          {"type", registry::EntityTypeName(e.type)},
          {"registered_capital_fen", e.registered_capital_fen},
          {"established_on", e.established_on},
          {"deregistered_on", e.deregistered_on.value_or("")},
          {"status", registry::EntityStatusName(e.status)},
          {"size", registry::EntitySizeName(e.size)},
          {"address", e.address}};
}

void AddRegistryRoutes(Router& router, app::Context& s) {
  registry::Registry& reg = s.Get<registry::Registry>();
  // The reference tables, read by the path's {code} ("" for the top level).
  const auto one_region = std::bind_front(&registry::Registry::GetRegion, &reg);
  const auto regions = std::bind_front(&registry::Registry::RegionChildren, &reg);
  const auto one_industry = std::bind_front(&registry::Registry::GetIndustry, &reg);
  const auto industries = std::bind_front(&registry::Registry::IndustryChildren, &reg);
  const auto region_items = [](const auto& list) { return ItemsJson(list, RegionJson); };
  const auto industry_items = [](const auto& list) { return ItemsJson(list, IndustryJson); };
  router.Add({.route = "GET /api/v1/regions",
              .access = Access::kPublic,
              .summary = "The provinces (GB/T 2260)",
              .handler = ByCode(regions, region_items)});
  router.Add({.route = "GET /api/v1/regions/{code}",
              .access = Access::kPublic,
              .summary = "One region",
              .handler = ByCode(one_region, RegionJson)});
  router.Add({.route = "GET /api/v1/regions/{code}/children",
              .access = Access::kPublic,
              .summary = "The regions directly beneath one",
              .handler = ByCode(regions, region_items)});
  router.Add({.route = "GET /api/v1/industries",
              .access = Access::kPublic,
              .summary = "The 20 sections of GB/T 4754-2017",
              .handler = ByCode(industries, industry_items)});
  router.Add({.route = "GET /api/v1/industries/{code}",
              .access = Access::kPublic,
              .summary = "One industry",
              .handler = ByCode(one_industry, IndustryJson)});
  router.Add({.route = "GET /api/v1/industries/{code}/children",
              .access = Access::kPublic,
              .summary = "The industries directly beneath one",
              .handler = ByCode(industries, industry_items)});
  router.Add({.route = "GET /api/v1/entities",
              .access = Access::kPublic,
              .summary = "Search market entities (paged)",
              .params = WithPaging(kEntityFilterParams),
              .errors = {403, 409},
              .handler = [&reg](const Request& req, RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(registry::EntityFilter f, FilterFrom(req));
                registry::Page page;
                ZQ_RETURN_IF_ERROR(ReadPage(req, page.page, page.page_size));
                ZQ_ASSIGN_OR_RETURN(auto result, reg.SearchEntities(ctx.caller, f, page));
                nlohmann::json out = PageJson(result, EntityJson);
                if (!f.name_contains.empty() || !f.address_contains.empty()) {
                  const registry::NameMatch how = registry::NameMatchOf(f);
                  out["match"] = {{"mode", how.mode}, {"reason", how.reason}};
                }
                return Response::Json(out);
              }});
  router.Add({.route = "GET /api/v1/entities/{uscc}",
              .access = Access::kPublic,
              .summary = "One market entity",
              .errors = {400},
              .handler = [&reg](const Request& req, RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(const ids::Uscc uscc, PathUscc(req));
                ZQ_ASSIGN_OR_RETURN(auto e, reg.GetEntity(ctx.caller, uscc));
                return Response::Json(EntityJson(e));
              }});
  router.Add({.route = "POST /api/v1/entities",
              .access = Access::kWriter,
              .summary = "Register or update a market entity",
              .request_schema = kEntityBody.Schema(),
              .handler = [&reg](const Request& req, RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(MarketEntity e, kEntityBody.Parse(req));
                ZQ_ASSIGN_OR_RETURN(bool changed, reg.UpsertEntity(ctx.caller, e));
                return Response::Json({{"uscc", e.uscc}, {"changed", changed}});
              }});
  std::vector<ParamSpec> export_params = kEntityFilterParams;
  export_params.push_back(
      {.name = "format", .presence = Presence::kRequired, .description = "csv | xlsx"});
  export_params.push_back(ExportHeadersParam());
  router.Add({.route = "GET /api/v1/entities/export",
              .access = Access::kSignedIn,
              .summary = "Export matching entities as CSV or XLSX",
              .params = export_params,
              .content_type = "text/csv",
              .handler = [&reg, &s](const Request& req, RequestContext& ctx) -> Result<Response> {
                if (!ctx.caller.IsSignedIn()) {
                  return Status::Unauthenticated("sign in to export");
                }
                ZQ_ASSIGN_OR_RETURN(registry::ExportFormat format,
                                    registry::ParseExportFormat(req.Query("format")));
                ZQ_ASSIGN_OR_RETURN(const ExportHeaders headers, ExportHeadersOf(req));
                ZQ_ASSIGN_OR_RETURN(registry::EntityFilter f, FilterFrom(req));
                std::ostringstream out;
                ZQ_RETURN_IF_ERROR(
                    registry::ExportEntities(reg, ctx.caller, f, format, out, headers).status());
                const bool csv = format == registry::ExportFormat::kCsv;
                return Response::Download(
                    out.str(),
                    csv ? "text/csv; charset=utf-8"
                        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    registry::ExportFileName(format, headers, TodayText(s.clock())));
              }});
  router.Add(
      {.route = "GET /api/v1/products",
       .access = Access::kPublic,
       .summary = "Search products (paged)",
       .params =
           WithPaging({{.name = "name"}, {.name = "manufacturer", .description = "maker's USCC"}}),
       .handler = [&reg](const Request& req, RequestContext& ctx) -> Result<Response> {
         registry::Page page;
         ZQ_RETURN_IF_ERROR(ReadPage(req, page.page, page.page_size));
         ZQ_ASSIGN_OR_RETURN(auto result, reg.SearchProducts(ctx.caller, req.Query("name"),
                                                             req.Query("manufacturer"), page));
         return Response::Json(PageJson(result, [](const registry::Product& p) {
           return nlohmann::json{{"product_code", p.product_code},
                                 {"name", p.name},
                                 {"brand", p.brand},
                                 {"category_code", p.category_code},
                                 {"manufacturer_uscc", p.manufacturer_uscc}};
         }));
       }});
  router.Add({.route = "GET /api/v1/products/{code}",
              .access = Access::kPublic,
              .summary = "One product by GTIN or internal code",
              .handler = [&reg](const Request& req, RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(auto p, reg.GetProduct(ctx.caller, req.path_params.at("code")));
                return Response::Json({{"product_code", p.product_code},
                                       {"name", p.name},
                                       {"brand", p.brand},
                                       {"category_code", p.category_code},
                                       {"manufacturer_uscc", p.manufacturer_uscc}});
              }});
  router.Add({.route = "GET /api/v1/catalogue",
              .access = Access::kPublic,
              .summary = "The key supervised product catalogue (重点监管产品目录)",
              .handler = [&reg](const Request&, RequestContext&) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(auto list, reg.ListCatalogue());
                nlohmann::json items = nlohmann::json::array();
                for (const auto& c : list) {
                  items.push_back({{"code", c.code},
                                   {"name", c.name},
                                   {"parent_code", c.parent_code},
                                   {"risk_grade", registry::RiskGradeName(c.risk_grade)},
                                   {"legal_basis", c.legal_basis},
                                   {"industry_code", c.industry_code}});
                }
                return Response::Json({{"items", items}});
              }});
  router.Add({.route = "GET /api/v1/inspectors",
              .access = Access::kOfficial,
              .summary = "The inspector pool in the caller's jurisdiction",
              .params = WithPaging({{.name = "region"}, {.name = "qualification"}}),
              .handler = [&reg](const Request& req, RequestContext& ctx) -> Result<Response> {
                registry::Page page;
                ZQ_RETURN_IF_ERROR(ReadPage(req, page.page, page.page_size));
                ZQ_ASSIGN_OR_RETURN(const auto region, QueryRegion(req));
                ZQ_ASSIGN_OR_RETURN(
                    auto result,
                    reg.ListInspectors(ctx.caller, region, req.Query("qualification"), page));
                return Response::Json(PageJson(result, [](const registry::Inspector& i) {
                  return nlohmann::json{{"inspector_id", i.inspector_id},
                                        {"name", i.name},
                                        {"unit", i.unit},
                                        {"region_code", i.region_code},
                                        {"qualifications", i.qualifications},
                                        {"active", i.active},
                                        {"username", i.username}};
                }));
              }});
  router.Add({.route = "POST /api/v1/inspectors",
              .access = Access::kWriter,
              .summary =
                  "Add or update an inspector of the pool (执法检查人员名录库) in the caller's "
                  "jurisdiction; "
                  "username links the inspector's console account (我的任务)",
              .request_schema = kInspectorBody.Schema(),
              .errors = {409},
              .handler = [&reg](const Request& req, RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(registry::Inspector i, kInspectorBody.Parse(req));
                ZQ_RETURN_IF_ERROR(reg.UpsertInspector(ctx.caller, i).status());
                return Response::Json({{"inspector_id", i.inspector_id}, {"username", i.username}});
              }});
  router.Add({.route = "GET /api/v1/validate/{kind}/{code}",
              .access = Access::kPublic,
              .summary = "Check a code: kind is uscc, org-code, gtin or region",
              .errors = {400},
              .handler = [](const Request& req, RequestContext&) -> Result<Response> {
                const std::string& kind = req.path_params.at("kind");
                const std::string& code = req.path_params.at("code");
                Status st;
                if (kind == "uscc") {
                  st = ids::ParseUscc(code).status();
                } else if (kind == "org-code") {
                  st = ids::ParseOrgCode(code).status();
                } else if (kind == "gtin") {
                  st = ids::ParseGtin(code).status();
                } else if (kind == "region") {
                  st = ids::ParseRegionCode(code).status();
                } else {
                  return Status::InvalidArgument("kind is uscc, org-code, gtin or region", "kind");
                }
                nlohmann::json out = {{"kind", kind}, {"code", code}, {"valid", st.ok()}};
                if (!st.ok())
                  out["reason"] = st.message();
                return Response::Json(out);
              }});
}

}  // namespace zq::api

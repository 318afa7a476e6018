// Registry routes: regions, industries, entities (search, file, upsert, export), products, the
// catalogue, the inspector pool, and code validation.
#include <sstream>

#include <nlohmann/json.hpp>

#include "api/routes/registry_json.h"
#include "api/routes/routes.h"
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
  f.uscc = req.Query("uscc");
  f.region_code = req.Query("region");
  f.industry_code = req.Query("industry");
  f.legal_representative = req.Query("legal_representative");
  if (f.name_contains.size() > 200)
    return Status::InvalidArgument("name is too long", "name");
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

Result<std::string> Str(const nlohmann::json& body, const char* field, bool required) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) {
    if (required)
      return Status::InvalidArgument(std::string(field) + " is required", field);
    return std::string();
  }
  if (!it->is_string())
    return Status::InvalidArgument(std::string(field) + " must be text", field);
  return it->get<std::string>();
}

Result<MarketEntity> EntityFromJson(const nlohmann::json& b) {
  MarketEntity e;
  ZQ_ASSIGN_OR_RETURN(e.uscc, Str(b, "uscc", true));
  ZQ_ASSIGN_OR_RETURN(e.name, Str(b, "name", true));
  ZQ_ASSIGN_OR_RETURN(e.region_code, Str(b, "region_code", true));
  ZQ_ASSIGN_OR_RETURN(e.legal_representative, Str(b, "legal_representative", false));
  ZQ_ASSIGN_OR_RETURN(e.industry_code, Str(b, "industry_code", false));
  ZQ_ASSIGN_OR_RETURN(e.established_on, Str(b, "established_on", false));
  ZQ_ASSIGN_OR_RETURN(e.address, Str(b, "address", false));
  ZQ_ASSIGN_OR_RETURN(std::string dereg, Str(b, "deregistered_on", false));
  if (!dereg.empty())
    e.deregistered_on = dereg;
  ZQ_ASSIGN_OR_RETURN(std::string type, Str(b, "type", false));
  if (!type.empty() && !registry::ParseEntityType(type, e.type)) {
    return Status::InvalidArgument("unknown type", "type");
  }
  ZQ_ASSIGN_OR_RETURN(std::string status, Str(b, "status", false));
  if (!status.empty() && !registry::ParseEntityStatus(status, e.status)) {
    return Status::InvalidArgument("unknown status", "status");
  }
  ZQ_ASSIGN_OR_RETURN(std::string size, Str(b, "size", false));
  if (!size.empty() && !registry::ParseEntitySize(size, e.size)) {
    return Status::InvalidArgument("unknown size", "size");
  }
  if (auto it = b.find("registered_capital_fen"); it != b.end()) {
    if (!it->is_number_integer()) {
      return Status::InvalidArgument("registered_capital_fen is a whole number of fen",
                                     "registered_capital_fen");
    }
    e.registered_capital_fen = it->get<std::int64_t>();
  }
  return e;
}

// An inspector of the pool (执法检查人员名录库) from a request body.
Result<registry::Inspector> InspectorFromJson(const nlohmann::json& b) {
  registry::Inspector i;
  ZQ_ASSIGN_OR_RETURN(i.inspector_id, Str(b, "inspector_id", true));
  ZQ_ASSIGN_OR_RETURN(i.name, Str(b, "name", true));
  ZQ_ASSIGN_OR_RETURN(i.unit, Str(b, "unit", true));
  ZQ_ASSIGN_OR_RETURN(i.region_code, Str(b, "region_code", true));
  ZQ_ASSIGN_OR_RETURN(i.username, Str(b, "username", false));
  if (auto it = b.find("qualifications"); it != b.end()) {
    if (!it->is_array())
      return Status::InvalidArgument("qualifications is a list of names", "qualifications");
    for (const nlohmann::json& q : *it) {
      if (!q.is_string())
        return Status::InvalidArgument("qualifications is a list of names", "qualifications");
      i.qualifications.push_back(q.get<std::string>());
    }
  }
  if (auto it = b.find("active"); it != b.end()) {
    if (!it->is_boolean())
      return Status::InvalidArgument("active is true or false", "active");
    i.active = it->get<bool>();
  }
  return i;
}

const std::vector<ParamSpec> kEntityFilterParams = {
    {"name", "query", "string", false, "a fragment of the registered name (中文子串)"},
    {"uscc", "query", "string", false, "统一社会信用代码, exact"},
    {"region", "query", "string", false, "GB/T 2260 code: the region and its subtree"},
    {"industry", "query", "string", false, "GB/T 4754-2017 code or section letter: its subtree"},
    {"status", "query", "string", false, "active | revoked | cancelled | dormant"},
    {"type", "query", "string", false, "enterprise | individual | cooperative | other"},
    {"legal_representative", "query", "string", false,
     "法定代表人, exact name through its keyed-hash index; admins and regulators only (403 for "
     "others), audited as a read of personal data"},
};

std::vector<ParamSpec> WithPaging(std::vector<ParamSpec> params) {
  params.push_back({"page", "query", "integer", false, "1-based page number"});
  params.push_back({"page_size", "query", "integer", false, "rows per page, at most 500"});
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
  const std::vector<ParamSpec> code_param = {{"code", "path", "string", true, ""}};
  router.Add({"GET",
              "/api/v1/regions",
              "The provinces (GB/T 2260)",
              "registry",
              {},
              "",
              {},
              "application/json",
              [&reg](const Request&, RequestContext&) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(auto regions, reg.RegionChildren(""));
                nlohmann::json items = nlohmann::json::array();
                for (const auto& r : regions) items.push_back(RegionJson(r));
                return Response::Json({{"items", items}});
              }},
             Access::kPublic);
  router.Add({"GET",
              "/api/v1/regions/{code}",
              "One region",
              "registry",
              code_param,
              "",
              {404},
              "application/json",
              [&reg](const Request& req, RequestContext&) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(auto r, reg.GetRegion(req.path_params.at("code")));
                return Response::Json(RegionJson(r));
              }},
             Access::kPublic);
  router.Add({"GET",
              "/api/v1/regions/{code}/children",
              "The regions directly beneath one",
              "registry",
              code_param,
              "",
              {404},
              "application/json",
              [&reg](const Request& req, RequestContext&) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(auto regions, reg.RegionChildren(req.path_params.at("code")));
                nlohmann::json items = nlohmann::json::array();
                for (const auto& r : regions) items.push_back(RegionJson(r));
                return Response::Json({{"items", items}});
              }},
             Access::kPublic);
  router.Add({"GET",
              "/api/v1/industries",
              "The 20 sections of GB/T 4754-2017",
              "registry",
              {},
              "",
              {},
              "application/json",
              [&reg](const Request&, RequestContext&) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(auto list, reg.IndustryChildren(""));
                nlohmann::json items = nlohmann::json::array();
                for (const auto& i : list) items.push_back(IndustryJson(i));
                return Response::Json({{"items", items}});
              }},
             Access::kPublic);
  router.Add({"GET",
              "/api/v1/industries/{code}",
              "One industry",
              "registry",
              code_param,
              "",
              {404},
              "application/json",
              [&reg](const Request& req, RequestContext&) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(auto i, reg.GetIndustry(req.path_params.at("code")));
                return Response::Json(IndustryJson(i));
              }},
             Access::kPublic);
  router.Add({"GET",
              "/api/v1/industries/{code}/children",
              "The industries directly beneath one",
              "registry",
              code_param,
              "",
              {404},
              "application/json",
              [&reg](const Request& req, RequestContext&) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(auto list, reg.IndustryChildren(req.path_params.at("code")));
                nlohmann::json items = nlohmann::json::array();
                for (const auto& i : list) items.push_back(IndustryJson(i));
                return Response::Json({{"items", items}});
              }},
             Access::kPublic);
  router.Add({"GET",
              "/api/v1/entities",
              "Search market entities (paged)",
              "registry",
              WithPaging(kEntityFilterParams),
              "",
              {400, 403, 409},
              "application/json",
              [&reg](const Request& req, RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(registry::EntityFilter f, FilterFrom(req));
                registry::Page page;
                ZQ_RETURN_IF_ERROR(ReadPage(req, page.page, page.page_size));
                ZQ_ASSIGN_OR_RETURN(auto result, reg.SearchEntities(ctx.caller, f, page));
                return Response::Json(PageJson(result, EntityJson));
              }},
             Access::kPublic);
  router.Add({"GET",
              "/api/v1/entities/{uscc}",
              "One market entity",
              "registry",
              {{"uscc", "path", "string", true, ""}},
              "",
              {404},
              "application/json",
              [&reg](const Request& req, RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(auto e, reg.GetEntity(ctx.caller, req.path_params.at("uscc")));
                return Response::Json(EntityJson(e));
              }},
             Access::kPublic);
  router.Add(
      {"POST",
       "/api/v1/entities",
       "Register or update a market entity",
       "registry",
       {},
       R"({"type":"object","required":["uscc","name","region_code"],"properties":{"uscc":{"type":"string"},"name":{"type":"string"},"region_code":{"type":"string"},"legal_representative":{"type":"string"},"industry_code":{"type":"string"},"type":{"type":"string"},"registered_capital_fen":{"type":"integer"},"established_on":{"type":"string","format":"date"},"deregistered_on":{"type":"string","format":"date"},"status":{"type":"string"},"size":{"type":"string"},"address":{"type":"string"}}})",
       {400, 401, 403},
       "application/json",
       [&reg](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonBody(req));
         ZQ_ASSIGN_OR_RETURN(MarketEntity e, EntityFromJson(body));
         ZQ_ASSIGN_OR_RETURN(bool changed, reg.UpsertEntity(ctx.caller, e));
         return Response::Json({{"uscc", e.uscc}, {"changed", changed}});
       }},
      Access::kWriter);
  std::vector<ParamSpec> export_params = kEntityFilterParams;
  export_params.push_back({"format", "query", "string", true, "csv | xlsx"});
  router.Add(
      {"GET",
       "/api/v1/entities/export",
       "Export matching entities as CSV or XLSX",
       "registry",
       export_params,
       "",
       {400, 401, 403},
       "text/csv",
       [&reg](const Request& req, RequestContext& ctx) -> Result<Response> {
         if (!ctx.caller.IsSignedIn()) {
           return Status::Unauthenticated("sign in to export");
         }
         ZQ_ASSIGN_OR_RETURN(registry::ExportFormat format,
                             registry::ParseExportFormat(req.Query("format")));
         ZQ_ASSIGN_OR_RETURN(registry::EntityFilter f, FilterFrom(req));
         std::ostringstream out;
         ZQ_RETURN_IF_ERROR(registry::ExportEntities(reg, ctx.caller, f, format, out).status());
         const bool csv = format == registry::ExportFormat::kCsv;
         Response r =
             Response::Bytes(out.str(), csv ? "text/csv; charset=utf-8"
                                            : "application/vnd.openxmlformats-officedocument."
                                              "spreadsheetml.sheet");
         r.headers.emplace_back("Content-Disposition",
                                csv ? "attachment; filename=\"entities.csv\""
                                    : "attachment; filename=\"entities.xlsx\"");
         return r;
       }},
      Access::kSignedIn);
  router.Add({"GET",
              "/api/v1/products",
              "Search products (paged)",
              "registry",
              WithPaging({{"name"}, {"manufacturer", "query", "string", false, "maker's USCC"}}),
              "",
              {400},
              "application/json",
              [&reg](const Request& req, RequestContext& ctx) -> Result<Response> {
                registry::Page page;
                ZQ_RETURN_IF_ERROR(ReadPage(req, page.page, page.page_size));
                ZQ_ASSIGN_OR_RETURN(auto result,
                                    reg.SearchProducts(ctx.caller, req.Query("name"),
                                                       req.Query("manufacturer"), page));
                return Response::Json(PageJson(result, [](const registry::Product& p) {
                  return nlohmann::json{{"product_code", p.product_code},
                                        {"name", p.name},
                                        {"brand", p.brand},
                                        {"category_code", p.category_code},
                                        {"manufacturer_uscc", p.manufacturer_uscc}};
                }));
              }},
             Access::kPublic);
  router.Add({"GET",
              "/api/v1/products/{code}",
              "One product by GTIN or internal code",
              "registry",
              {{"code", "path", "string", true, ""}},
              "",
              {404},
              "application/json",
              [&reg](const Request& req, RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(auto p, reg.GetProduct(ctx.caller, req.path_params.at("code")));
                return Response::Json({{"product_code", p.product_code},
                                       {"name", p.name},
                                       {"brand", p.brand},
                                       {"category_code", p.category_code},
                                       {"manufacturer_uscc", p.manufacturer_uscc}});
              }},
             Access::kPublic);
  router.Add({"GET",
              "/api/v1/catalogue",
              "The key supervised product catalogue (重点监管产品目录)",
              "registry",
              {},
              "",
              {},
              "application/json",
              [&reg](const Request&, RequestContext&) -> Result<Response> {
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
              }},
             Access::kPublic);
  router.Add({"GET",
              "/api/v1/inspectors",
              "The inspector pool in the caller's jurisdiction",
              "registry",
              WithPaging({{"region"}, {"qualification", "query", "string", false, ""}}),
              "",
              {400, 403},
              "application/json",
              [&reg](const Request& req, RequestContext& ctx) -> Result<Response> {
                registry::Page page;
                ZQ_RETURN_IF_ERROR(ReadPage(req, page.page, page.page_size));
                ZQ_ASSIGN_OR_RETURN(auto result,
                                    reg.ListInspectors(ctx.caller, req.Query("region"),
                                                       req.Query("qualification"), page));
                return Response::Json(PageJson(result, [](const registry::Inspector& i) {
                  return nlohmann::json{{"inspector_id", i.inspector_id},
                                        {"name", i.name},
                                        {"unit", i.unit},
                                        {"region_code", i.region_code},
                                        {"qualifications", i.qualifications},
                                        {"active", i.active},
                                        {"username", i.username}};
                }));
              }},
             Access::kOfficial);
  router.Add(
      {"POST",
       "/api/v1/inspectors",
       "Add or update an inspector of the pool (执法检查人员名录库) in the caller's jurisdiction; "
       "username links the inspector's console account (我的任务)",
       "registry",
       {},
       R"({"type":"object","required":["inspector_id","name","unit","region_code"],"properties":{"inspector_id":{"type":"string"},"name":{"type":"string"},"unit":{"type":"string"},"region_code":{"type":"string"},"qualifications":{"type":"array","items":{"type":"string"}},"active":{"type":"boolean"},"username":{"type":"string"}}})",
       {400, 401, 403, 409},
       "application/json",
       [&reg](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonBody(req));
         ZQ_ASSIGN_OR_RETURN(registry::Inspector i, InspectorFromJson(body));
         ZQ_RETURN_IF_ERROR(reg.UpsertInspector(ctx.caller, i).status());
         return Response::Json({{"inspector_id", i.inspector_id}, {"username", i.username}});
       }},
      Access::kWriter);
  router.Add({"GET",
              "/api/v1/validate/{kind}/{code}",
              "Check a code: kind is uscc, org-code, gtin or region",
              "registry",
              {{"kind", "path", "string", true, ""}, {"code", "path", "string", true, ""}},
              "",
              {400},
              "application/json",
              [](const Request& req, RequestContext&) -> Result<Response> {
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
              }},
             Access::kPublic);
}

}  // namespace zq::api

#pragma once

// What the credit route groups (credit_*_routes.cc) share: a page of records as JSON, the common
// parameters, and the texts of a credit name table (kSeriousCategories, …) for a body's
// MemberDoc::one_of, so that a vocabulary is written once.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/body.h"
#include "api/handlers.h"
#include "api/http.h"
#include "api/router.h"
#include "app/context.h"
#include "credit/credit_lists.h"

namespace zq::api {

// The penalty publications (行政处罚信息公示) and their portal list; part of the "credit.lists"
// group (AddCreditListRoutes adds them).
void AddPenaltyPublicationRoutes(Router& router, app::Context& services);

// The texts of a name table, for MemberDoc::one_of.
inline std::vector<std::string> Texts(std::span<const std::string_view> names) {
  return {names.begin(), names.end()};
}

inline const ParamSpec kRegionParam{.name = "region", .description = "GB/T 2260 code: its subtree"};
inline const ParamSpec kUsccParam{.name = "uscc", .description = "one entity"};
inline const ParamSpec kPageParam{
    .name = "page", .type = ParamType::kInteger, .description = "from 1"};
inline const ParamSpec kPageSizeParam{
    .name = "page_size", .type = ParamType::kInteger, .description = "1-500, default 20"};

// A body of one text, the reason of a decision or removal.
struct WithReason {
  std::string reason;
};

template <typename T, typename F>
nlohmann::json PageJson(const credit::ListPage<T>& page, F to_json) {
  nlohmann::json items = nlohmann::json::array();
  for (const T& item : page.items) items.push_back(to_json(item));
  return {
      {"items", items}, {"total", page.total}, {"page", page.page}, {"page_size", page.page_size}};
}

// The handler of a page of records in the caller's scope: the filter `filter_from(request)`,
// then `list(caller, filter)`, each record as `to_json`.
template <class FilterFrom, class List, class ToJson>
Handler OnPage(FilterFrom filter_from, List list, ToJson to_json) {
  return [filter_from, list, to_json](const Request& req, RequestContext& ctx) -> Result<Response> {
    ZQ_ASSIGN_OR_RETURN(const auto filter, filter_from(req));
    ZQ_ASSIGN_OR_RETURN(const auto page, list(ctx.caller, filter));
    return Response::Json(PageJson(page, to_json));
  };
}

}  // namespace zq::api

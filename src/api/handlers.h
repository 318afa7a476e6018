#pragma once

// The handlers of the common route shapes, so that a route declares what it calls and how the
// answer is written, not the same request plumbing again: a record by id, an action on a record
// with or without a body, a list, a new record from a body. Each `act` is a service call, e.g.
// std::bind_front(&inspection::SpotCheckService::GetPlan, &checks), taking the caller first; each
// `to_json` writes one record (a function, so that an overloaded name picks its overload).
#include <cstdint>
#include <utility>

#include <nlohmann/json.hpp>

#include "api/body.h"
#include "api/http.h"

namespace zq::api {

// {"items": [to_json(item), …]}.
template <class List, class ToJson>
nlohmann::json ItemsJson(const List& list, ToJson to_json) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : list) items.push_back(to_json(item));
  return {{"items", std::move(items)}};
}

// …/{id}, a read or an action without a body: `act(caller, id)`, answered with the record.
template <class T, class Act>
Handler OnId(Act act, nlohmann::json (*to_json)(const T&)) {
  return [act, to_json](const Request& req, RequestContext& ctx) -> Result<Response> {
    ZQ_ASSIGN_OR_RETURN(const std::int64_t id, PathId(req));
    ZQ_ASSIGN_OR_RETURN(const T record, act(ctx.caller, id));
    return Response::Json(to_json(record));
  };
}

// …/{id} with a body B: `act(caller, id, B)`, answered with the record. `body` is a
// namespace-scope declaration: it outlives the router.
template <class T, class B, class Act>
Handler OnIdWith(const Body<B>& body, Act act, nlohmann::json (*to_json)(const T&)) {
  return [&body, act, to_json](const Request& req, RequestContext& ctx) -> Result<Response> {
    ZQ_ASSIGN_OR_RETURN(const std::int64_t id, PathId(req));
    ZQ_ASSIGN_OR_RETURN(B parsed, body.Parse(req));
    ZQ_ASSIGN_OR_RETURN(const T record, act(ctx.caller, id, std::move(parsed)));
    return Response::Json(to_json(record));
  };
}

// The records of …/{id}: `act(caller, id)` gives a list, answered as {"items": […]}.
template <class T, class Act>
Handler OnIdItems(Act act, nlohmann::json (*to_json)(const T&)) {
  return [act, to_json](const Request& req, RequestContext& ctx) -> Result<Response> {
    ZQ_ASSIGN_OR_RETURN(const std::int64_t id, PathId(req));
    ZQ_ASSIGN_OR_RETURN(const auto list, act(ctx.caller, id));
    return Response::Json(ItemsJson(list, to_json));
  };
}

// The caller's records: `act(caller)` gives a list, answered as {"items": […]}.
template <class T, class Act>
Handler OnItems(Act act, nlohmann::json (*to_json)(const T&)) {
  return [act, to_json](const Request&, RequestContext& ctx) -> Result<Response> {
    ZQ_ASSIGN_OR_RETURN(const auto list, act(ctx.caller));
    return Response::Json(ItemsJson(list, to_json));
  };
}

// A body B makes or changes a record: `act(caller, B)`, answered with the record and `status`
// (201 for a new record).
template <class T, class B, class Act>
Handler OnBody(const Body<B>& body, Act act, nlohmann::json (*to_json)(const T&),
               int status = 200) {
  return
      [&body, act, to_json, status](const Request& req, RequestContext& ctx) -> Result<Response> {
        ZQ_ASSIGN_OR_RETURN(B parsed, body.Parse(req));
        ZQ_ASSIGN_OR_RETURN(const T record, act(ctx.caller, std::move(parsed)));
        return Response::Json(to_json(record), status);
      };
}

}  // namespace zq::api

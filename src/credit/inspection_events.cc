#include "credit/inspection_events.h"

#include <algorithm>
#include <span>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace zq::credit {
namespace {

std::string Text(const nlohmann::json& p, const char* key) {
  const auto it = p.find(key);
  return it != p.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t Int(const nlohmann::json& p, const char* key) {
  const auto it = p.find(key);
  return it != p.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

// The credit event for one domain event; the payload is the publisher's contract, read leniently
// (a missing hint falls back to the catalogue's defaults).
CreditEvent FromDomainEvent(const store::DomainEvent& d) {
  CreditEvent e;
  e.source = "inspection";
  e.source_id = d.source_id;
  e.uscc = d.uscc;
  e.occurred_on = d.occurred_on;
  nlohmann::json p = nlohmann::json::parse(d.payload, nullptr, false);
  if (!p.is_object())
    p = nlohmann::json::object();
  const std::string plan = Text(p, "plan_code");
  e.evidence_ref = fmt::format("inspection:{}{}", d.source_id, plan.empty() ? "" : " " + plan);
  if (d.kind == "inspection.escalated") {
    e.event_type = "spot_check.escalated";
    e.severity = Int(p, "level") >= 2 ? 5 : 4;
    e.summary =
        fmt::format("{} {} ({})", Text(p, "step"), Text(p, "product_category"), Text(p, "reason"));
  } else {
    const bool failed = d.kind == "inspection.batch_failed";
    e.event_type = failed ? "spot_check.failed" : "spot_check.passed";
    if (failed) {
      e.severity = Text(p, "severity") == "key_item" ? 3 : 2;
      if (Int(p, "prior_failures_24m") > 0)
        e.severity = std::min(e.severity + 1, 5);
    }
    std::string items;
    if (const auto it = p.find("items_failed"); it != p.end() && it->is_array()) {
      for (const auto& item : *it) {
        if (item.is_string())
          items += (items.empty() ? "" : "、") + item.get<std::string>();
      }
    }
    e.summary = fmt::format("{} {} {}{}", Text(p, "plan_name"), Text(p, "product_name"),
                            Text(p, "batch_number"), items.empty() ? "" : " 不合格项目：" + items);
  }
  if (e.summary.size() > 2000)
    e.summary.clear();  // too long to show; the evidence reference leads to the batch
  return e;
}

// What PrepareEventInTx says of an event that does not fit the credit file, as opposed to a
// failure to read it (which the dispatcher retries).
bool Unusable(const Status& why) {
  return why.code() == StatusCode::kInvalidArgument || why.code() == StatusCode::kNotFound;
}

Status Handle(CreditService& service, store::Transaction& tx, const store::DomainEvent& d) {
  if (d.kind != "inspection.batch_failed" && d.kind != "inspection.batch_passed" &&
      d.kind != "inspection.escalated") {
    return Status::Ok();  // a kind credit does not score
  }
  return RecordDomainEvent(service, tx, kInspectionConsumer, d, FromDomainEvent(d));
}

}  // namespace

Status RecordDomainEvent(CreditService& service, store::Transaction& tx, std::string_view consumer,
                         const store::DomainEvent& d, CreditEvent e) {
  auth::Caller caller = auth::Caller::System();
  caller.actor = std::string(consumer);
  if (Status ok = service.PrepareEventInTx(tx, caller, e); !ok.ok()) {
    if (!Unusable(ok))
      return ok;
    const std::string why = fmt::format("{} {}: {}", d.seq, d.source_id, ok.ToString());
    return service.audit().Append(tx, caller, "credit.event.skipped", "domain_event",
                                  nlohmann::json(why).dump());
  }
  return service.StoreEvents(tx, caller, std::span(&e, 1)).status();
}

store::DomainEventConsumer InspectionEventConsumer(CreditService& service) {
  return {std::string(kInspectionConsumer),
          {"inspection."},
          [&service](store::Transaction& tx, const store::DomainEvent& event) {
            return Handle(service, tx, event);
          }};
}

}  // namespace zq::credit

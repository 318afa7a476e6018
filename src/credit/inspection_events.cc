#include "credit/inspection_events.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "store/domain_events.h"

namespace zq::credit {
namespace {

constexpr std::string_view kConsumer = "credit.inspection";

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

}  // namespace

Result<ConsumeStats> ConsumeInspectionEvents(CreditService& service, store::Database& db,
                                             std::size_t limit) {
  ConsumeStats stats;
  std::vector<store::DomainEvent> read;
  {
    ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(store::TxMode::kReadOnly));
    ZQ_ASSIGN_OR_RETURN(stats.cursor, store::DomainEventCursor(*tx, kConsumer));
    ZQ_ASSIGN_OR_RETURN(read, store::ReadDomainEvents(*tx, stats.cursor, limit, "inspection."));
  }
  if (read.empty())
    return stats;
  auth::Caller consumer = auth::Caller::System();
  consumer.actor = std::string(kConsumer);
  std::vector<CreditEvent> events;
  std::vector<std::string> skipped;
  for (const store::DomainEvent& d : read) {
    if (d.kind != "inspection.batch_failed" && d.kind != "inspection.batch_passed" &&
        d.kind != "inspection.escalated") {
      continue;  // a kind credit does not score
    }
    CreditEvent e = FromDomainEvent(d);
    if (Status ok = service.PrepareEvent(consumer, e); !ok.ok()) {
      skipped.push_back(fmt::format("{} {}: {}", d.seq, d.source_id, ok.ToString()));
      continue;
    }
    events.push_back(std::move(e));
  }
  const std::int64_t last = read.back().seq;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db, [&](store::Transaction& tx) -> Status {
    // Another consumer run may have handled these events meanwhile: then there is nothing to do.
    ZQ_ASSIGN_OR_RETURN(const std::int64_t cursor, store::DomainEventCursor(tx, kConsumer));
    if (cursor != stats.cursor)
      return Status::Ok();
    ZQ_ASSIGN_OR_RETURN(const std::vector<RecordOutcome> outcomes,
                        service.StoreEvents(tx, consumer, events));
    for (const RecordOutcome& o : outcomes) ++(o.created ? stats.recorded : stats.repeated);
    stats.read = static_cast<std::int64_t>(read.size());
    stats.skipped = static_cast<std::int64_t>(skipped.size());
    for (const std::string& why : skipped) {
      ZQ_RETURN_IF_ERROR(service.audit().Append(tx, consumer, "credit.event.skipped",
                                                "domain_event", nlohmann::json(why).dump()));
    }
    stats.cursor = last;
    return store::AdvanceDomainEventCursor(tx, kConsumer, last);
  }));
  return stats;
}

}  // namespace zq::credit

#include "credit/complaint_events.h"

#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "credit/inspection_events.h"

namespace zq::credit {
namespace {

std::string PayloadText(const nlohmann::json& p, const char* key) {
  const auto it = p.find(key);
  return it != p.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Status HandleUpheldComplaint(CreditService& service, store::Transaction& tx,
                             const store::DomainEvent& d) {
  if (d.kind != "complaint.upheld")
    return Status::Ok();
  nlohmann::json p = nlohmann::json::parse(d.payload, nullptr, false);
  if (!p.is_object())
    p = nlohmann::json::object();
  CreditEvent e;
  e.event_type = "complaint.upheld";
  e.source = "complaint";
  e.source_id = d.source_id;
  e.uscc = d.uscc;
  e.occurred_on = d.occurred_on;
  e.evidence_ref = fmt::format("complaint:{}", d.source_id);
  e.summary =
      fmt::format("{}查证属实 {} {}/{}", PayloadText(p, "kind") == "report" ? "举报" : "投诉",
                  d.source_id, PayloadText(p, "object_class"), PayloadText(p, "problem"));
  return RecordDomainEvent(service, tx, kComplaintConsumer, d, std::move(e));
}

}  // namespace

store::DomainEventConsumer ComplaintEventConsumer(CreditService& service) {
  return {std::string(kComplaintConsumer),
          {"complaint.upheld"},
          [&service](store::Transaction& tx, const store::DomainEvent& event) {
            return HandleUpheldComplaint(service, tx, event);
          }};
}

}  // namespace zq::credit

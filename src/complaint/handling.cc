// The handling steps beyond the state machine's plain moves (workflow.cc calls them): the clock
// stopped and restarted (pause, resume), a repeat merged into the first case, reopening, and the
// finding (查证属实) published to credit as a domain event.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "complaint/complaint_service.h"
#include "complaint/internal/case_rows.h"
#include "core/calendar.h"
#include "store/domain_events.h"

namespace zq::complaint {

using store::Value;

Status ComplaintService::EndPause(CaseRecord& c, std::string_view today) const {
  ZQ_ASSIGN_OR_RETURN(const int days, PausedSoFar(c.dates, calendar_, today));
  c.dates.paused_working_days += days;
  c.dates.paused_on.clear();
  c.pause_ground.clear();
  return Status::Ok();
}

Result<std::string> ComplaintService::Merge(store::Transaction& tx, const auth::Caller& caller,
                                            CaseRecord& c, const std::string& first,
                                            std::string_view today) const {
  if (first.empty())
    return Status::InvalidArgument("duplicate_of is required to merge a repeat: the first case",
                                   "duplicate_of");
  Result<CaseRecord> root = internal::LoadCaseByNumber(tx, caller, first);
  if (!root.ok())
    return Status(root.status().code(), root.status().message(), "duplicate_of");
  // A repeat of a repeat is linked to the first case of the chain.
  for (int hops = 0; root->duplicate_of != 0 && hops < 16; ++hops) {
    ZQ_ASSIGN_OR_RETURN(root, internal::LoadCase(tx, caller, root->duplicate_of));
  }
  if (root->id == c.id || root->id > c.id)
    return Status::InvalidArgument("duplicate_of must name an earlier case", "duplicate_of");
  if (root->kind != c.kind)
    return Status::InvalidArgument("duplicate_of must be a case of the same kind", "duplicate_of");
  c.duplicate_of = root->id;
  c.closed_on = std::string(today);
  c.outcome = fmt::format("重复，并入 {}", root->number);
  const std::string now =
      FormatUtcTimestamp(std::chrono::time_point_cast<std::chrono::milliseconds>(clock_.Now()));
  ZQ_RETURN_IF_ERROR(internal::AddHistory(tx, root->id, now, caller.actor, "link",
                                          StateName(root->state), StateName(root->state),
                                          fmt::format("重复 {} 并入本件", c.number)));
  return fmt::format("→ {}", root->number);
}

Status ComplaintService::Uphold(store::Transaction& tx, CaseRecord& c, State from, bool upheld,
                                std::string_view today, std::string& note) const {
  if (!upheld)
    return Status::Ok();
  const bool finding = c.kind == Kind::kComplaint
                           ? (from == State::kAgreed || from == State::kTerminated)
                           : from == State::kOpened;
  if (!finding)
    return Status::FailedPrecondition(
        "upheld: only a complaint closed after mediation or a report opened as a case is found "
        "查证属实",
        "upheld");
  c.upheld = true;
  note += note.empty() ? "查证属实" : "; 查证属实";
  if (c.respondent_uscc.empty()) {
    note += " (no USCC: not sent to credit)";
    return Status::Ok();
  }
  // Credit's consumer (credit/complaint_events.h) makes it a complaint.upheld credit event.
  store::DomainEvent e;
  e.source = "complaint";
  e.source_id = c.number;
  e.kind = "complaint.upheld";
  e.uscc = c.respondent_uscc;
  e.region_code = c.handling_region;
  e.occurred_on = std::string(today);
  e.recorded_at =
      FormatUtcTimestamp(std::chrono::time_point_cast<std::chrono::milliseconds>(clock_.Now()));
  e.payload = nlohmann::json{{"number", c.number},
                             {"kind", KindName(c.kind)},
                             {"object_class", c.object_class},
                             {"problem", c.problem},
                             {"outcome", c.outcome},
                             {"handling_region", c.handling_region},
                             {"received_on", c.dates.received_on}}
                  .dump();
  return store::AppendDomainEvent(tx, e).status();
}

}  // namespace zq::complaint

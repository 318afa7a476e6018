// The handling steps of a case (ComplaintService::Step, Notify, Classify) and what a caller sees
// of a case's deadlines and next steps.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "complaint/complaint_service.h"
#include "complaint/internal/case_rows.h"
#include "core/calendar.h"
#include "core/ids/region_code.h"

namespace zq::complaint {
namespace {

using store::Value;

Status Need(const std::string& value, std::string_view field, std::string_view action) {
  if (value.empty())
    return Status::InvalidArgument(fmt::format("{} is required to {}", field, action),
                                   std::string(field));
  return Status::Ok();
}

// Whether the caller may dispatch a returned case: an office above the returning one (the
// central intake of a city or province, Art. 37) or an administrator.
bool MayDispatch(const auth::Caller& caller, const CaseRecord& c) {
  return caller.CanWriteIn(c.handling_region) &&
         (caller.IsAdministrator() || caller.region_code != c.handling_region);
}

bool MayNotify(const CaseRecord& c) {
  if (!c.dates.notified_on.empty())
    return false;
  return c.kind == Kind::kComplaint ? c.dates.terminated
                                    : c.dates.real_name && !c.dates.decided_on.empty();
}

// The running timer's clock (the states where pause and resume are allowed run one) may stop
// while it runs and start again while it is stopped.
bool MayPause(const CaseRecord& c, Action a) {
  return c.dates.paused_on.empty() == (a == Action::kPause);
}

Status Save(store::Transaction& tx, const CaseRecord& c) {
  const std::vector<Value> p = {std::string(StateName(c.state)),
                                c.handling_region,
                                c.object_class,
                                c.problem,
                                c.classified_by,
                                c.dates.received_on,
                                c.dates.decided_on,
                                c.dates.accepted_on,
                                c.dates.ended_on,
                                c.dates.notified_on,
                                c.closed_on,
                                c.next_due_on,
                                std::int64_t{c.dates.extended ? 1 : 0},
                                std::int64_t{c.dates.terminated ? 1 : 0},
                                std::int64_t{c.dates.paused_working_days},
                                c.dates.paused_on,
                                c.pause_ground,
                                c.duplicate_of,
                                std::int64_t{c.reopened},
                                std::int64_t{c.upheld ? 1 : 0},
                                c.ground,
                                c.outcome,
                                c.return_reason,
                                c.updated_at,
                                c.id};
  return tx
      .Execute(
          "UPDATE complaint_cases SET state = ?, handling_region = ?, object_class = ?, "
          "problem = ?, classified_by = ?, received_on = ?, decided_on = ?, accepted_on = ?, "
          "ended_on = ?, notified_on = ?, closed_on = ?, next_due_on = ?, extended = ?, "
          "terminated = ?, paused_working_days = ?, paused_on = ?, pause_ground = ?, "
          "duplicate_of = ?, reopened = ?, upheld = ?, ground = ?, outcome = ?, return_reason = ?, "
          "updated_at = ? WHERE id = ?",
          p)
      .status();
}

}  // namespace

Status ComplaintService::Record(store::Transaction& tx, const auth::Caller& caller, CaseRecord& c,
                                std::string_view action, State from,
                                const std::string& note) const {
  c.updated_at =
      FormatUtcTimestamp(std::chrono::time_point_cast<std::chrono::milliseconds>(clock_.Now()));
  ZQ_RETURN_IF_ERROR(Save(tx, c));
  ZQ_RETURN_IF_ERROR(internal::AddHistory(tx, c.id, c.updated_at, caller.actor, action,
                                          StateName(from), StateName(c.state), note));
  return audit_.Append(tx, caller, fmt::format("complaint.{}", action),
                       fmt::format("complaint_case:{}", c.id),
                       note.empty() ? std::string() : nlohmann::json({{"note", note}}).dump());
}

Status ComplaintService::Finish(CaseRecord& c, const auth::Caller& caller,
                                std::string_view today) const {
  ZQ_ASSIGN_OR_RETURN(c.deadlines, DeadlinesOf(c.dates, rules_, calendar_, today));
  c.overdue = AnyOverdue(c.deadlines);
  c.actions.clear();
  if (!caller.CanWriteIn(c.handling_region))
    return Status::Ok();
  for (const Action a : ActionsIn(c.kind, c.state)) {
    if ((a == Action::kExtend && c.dates.extended) ||
        ((a == Action::kPause || a == Action::kResume) && !MayPause(c, a)))
      continue;
    if (a != Action::kDispatch || MayDispatch(caller, c))
      c.actions.emplace_back(ActionName(a));
  }
  if (MayNotify(c))
    c.actions.emplace_back("notify");
  if (IsOpen(c.state))
    c.actions.emplace_back("classify");
  return Status::Ok();
}

Result<CaseRecord> ComplaintService::Step(const auth::Caller& caller, std::int64_t id,
                                          Action action, const StepInput& in) {
  const std::string today = TodayText(clock_);
  CaseRecord c;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(c, internal::LoadCase(tx, caller, id));
    if (!caller.CanWriteIn(c.handling_region) ||
        (action == Action::kDispatch && !MayDispatch(caller, c)))
      return Status::PermissionDenied("this step is the handling office's (or intake's)");
    const State from = c.state;
    ZQ_ASSIGN_OR_RETURN(c.state, Next(c.kind, from, action));
    std::string note = in.note;
    switch (action) {
      case Action::kAccept:
        c.dates.accepted_on = today;  // mediation's or verification's start
        if (c.kind == Kind::kComplaint)
          c.dates.decided_on = today;  // Art. 14's decision
        break;
      case Action::kRefuse: {
        ZQ_ASSIGN_OR_RETURN(const Ground g,
                            rules_.GroundOn(kInadmissible, in.ground, c.dates.received_on));
        c.ground = g.code;
        c.dates.decided_on = today;
        note = fmt::format("{} {}", g.article, g.text);
        break;
      }
      case Action::kReturn:
        ZQ_RETURN_IF_ERROR(Need(in.reason, "reason", "return a case"));
        c.return_reason = fmt::format("{}; competent: {}", in.reason, c.competent);
        note = c.return_reason;
        break;
      case Action::kDispatch: {
        ZQ_RETURN_IF_ERROR(Need(in.handling_region, "handling_region", "dispatch a case"));
        ZQ_ASSIGN_OR_RETURN(const Routing routing,
                            Route(internal::RoutingOf(c, c.handling_region)));
        ZQ_RETURN_IF_ERROR(CheckCompetence(in.handling_region, routing));
        if (!caller.CanWriteIn(in.handling_region))
          return Status::PermissionDenied("the office is outside your jurisdiction",
                                          "handling_region");
        note = fmt::format("{} → {}", c.handling_region, in.handling_region);
        c.handling_region = in.handling_region;
        c.dates.received_on = today;  // the competent office's timers start on receipt
        c.dates.decided_on.clear();
        c.return_reason.clear();
        break;
      }
      case Action::kMediate:
        break;
      case Action::kAgree:
        ZQ_RETURN_IF_ERROR(Need(in.outcome, "outcome", "record an agreement"));
        ZQ_RETURN_IF_ERROR(EndPause(c, today));
        c.outcome = in.outcome;
        c.dates.ended_on = today;
        break;
      case Action::kTerminate: {
        ZQ_ASSIGN_OR_RETURN(const Ground g,
                            rules_.GroundOn(kMediationEnd, in.ground, c.dates.accepted_on));
        ZQ_RETURN_IF_ERROR(EndPause(c, today));
        c.ground = g.code;
        c.dates.ended_on = today;
        c.dates.terminated = true;
        note = fmt::format("{} {}", g.article, g.text);
        break;
      }
      case Action::kExtend:
        if (c.dates.extended)
          return Status::FailedPrecondition("verification was extended already", "extended");
        ZQ_RETURN_IF_ERROR(Need(in.reason, "reason", "extend verification (the approval)"));
        c.dates.extended = true;
        note = in.reason;
        break;
      case Action::kOpen:
      case Action::kNotOpen:
        ZQ_RETURN_IF_ERROR(EndPause(c, today));
        c.dates.decided_on = today;
        c.outcome = in.outcome;
        break;
      case Action::kClose:
        c.closed_on = today;
        if (!in.outcome.empty())
          c.outcome = in.outcome;
        ZQ_RETURN_IF_ERROR(Uphold(tx, c, from, in.upheld, today, note));
        break;
      case Action::kPause: {
        if (!MayPause(c, action))
          return Status::FailedPrecondition("the clock is stopped already", "paused_on");
        ZQ_ASSIGN_OR_RETURN(
            const Ground g,
            rules_.GroundOn(
                c.kind == Kind::kComplaint ? kPauseMediate : kPauseVerify, in.ground,
                c.kind == Kind::kComplaint ? c.dates.accepted_on : c.dates.received_on));
        c.dates.paused_on = today;
        c.pause_ground = g.code;
        note = fmt::format("{} {}{}", g.article, g.text, in.note.empty() ? "" : "; " + in.note);
        break;
      }
      case Action::kResume: {
        if (!MayPause(c, action))
          return Status::FailedPrecondition("the clock is not stopped", "paused_on");
        ZQ_ASSIGN_OR_RETURN(const int days, PausedSoFar(c.dates, calendar_, today));
        note = fmt::format("{} → {}: {} working days not counted{}", c.dates.paused_on, today, days,
                           in.note.empty() ? "" : "; " + in.note);
        ZQ_RETURN_IF_ERROR(EndPause(c, today));
        break;
      }
      case Action::kMerge: {
        ZQ_ASSIGN_OR_RETURN(note, Merge(tx, caller, c, in.duplicate_of, today));
        break;
      }
      case Action::kReopen:
        ZQ_RETURN_IF_ERROR(Need(in.reason, "reason", "reopen a case"));
        ZQ_ASSIGN_OR_RETURN(c.state, internal::StateBeforeClosing(tx, c.id));
        c.closed_on.clear();
        c.reopened += 1;
        note = in.reason;
        break;
    }
    c.dates.state = c.state;
    ZQ_ASSIGN_OR_RETURN(c.next_due_on, NextDue(c.dates, rules_, calendar_, today));
    return Record(tx, caller, c, ActionName(action), from, note);
  }));
  ZQ_RETURN_IF_ERROR(Finish(c, caller, today));
  return c;
}

Result<CaseRecord> ComplaintService::Notify(const auth::Caller& caller, std::int64_t id,
                                            const StepInput& in) {
  const std::string today = TodayText(clock_);
  CaseRecord c;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(c, internal::LoadCase(tx, caller, id));
    if (!caller.CanWriteIn(c.handling_region))
      return Status::PermissionDenied("notices are the handling office's");
    if (!MayNotify(c))
      return Status::FailedPrecondition(
          "nothing to notify: a terminated mediation or a real-name reporter's decision, once",
          "state");
    c.dates.notified_on = today;
    ZQ_ASSIGN_OR_RETURN(c.next_due_on, NextDue(c.dates, rules_, calendar_, today));
    return Record(tx, caller, c, "notify", c.state, in.note);
  }));
  ZQ_RETURN_IF_ERROR(Finish(c, caller, today));
  return c;
}

Result<CaseRecord> ComplaintService::Classify(const auth::Caller& caller, std::int64_t id,
                                              std::string object_class, std::string problem) {
  if (!taxonomy_.Has("object", object_class))
    return Status::InvalidArgument("object_class is not in the taxonomy", "object_class");
  if (!taxonomy_.Has("problem", problem))
    return Status::InvalidArgument("problem is not in the taxonomy", "problem");
  const std::string today = TodayText(clock_);
  CaseRecord c;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(c, internal::LoadCase(tx, caller, id));
    if (!caller.CanWriteIn(c.handling_region))
      return Status::PermissionDenied("labels are the handling office's");
    const std::string note =
        fmt::format("{}/{} → {}/{}", c.object_class, c.problem, object_class, problem);
    c.object_class = std::move(object_class);
    c.problem = std::move(problem);
    c.classified_by = caller.actor;
    return Record(tx, caller, c, "classify", c.state, note);
  }));
  ZQ_RETURN_IF_ERROR(Finish(c, caller, today));
  return c;
}

}  // namespace zq::complaint

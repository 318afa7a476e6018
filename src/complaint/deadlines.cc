// The statutory deadlines of a case (deadlines.h).
#include "complaint/deadlines.h"

#include <algorithm>

namespace zq::complaint {
namespace {

class DeadlineBuilder {
 public:
  DeadlineBuilder(const RuleBook& rules, const WorkingDayCalendar& calendar, std::string_view today)
      : rules_(rules), calendar_(calendar), today_(today) {}

  // `paused_so_far` >= 0: the timer's clock is stopped, with that many working days not counted
  // yet.
  Status Add(Timer timer, const std::string& start, const std::string& met, int extra = 0,
             int paused_so_far = -1) {
    if (start.empty())
      return Status::Ok();
    Deadline d{.timer = timer, .started_on = start, .met_on = met};
    d.paused = met.empty() && paused_so_far >= 0;
    ZQ_ASSIGN_OR_RETURN(d.due_on,
                        rules_.Due(timer, start, calendar_, extra + std::max(paused_so_far, 0)));
    if (d.paused) {
      ZQ_ASSIGN_OR_RETURN(const auto from, ParseDate(today_));
      ZQ_ASSIGN_OR_RETURN(const auto to, ParseDate(d.due_on));
      ZQ_ASSIGN_OR_RETURN(d.days_left, calendar_.WorkingDaysBetween(from, to));
    } else if (!met.empty()) {
      d.overdue = met > d.due_on;
    } else {
      d.overdue = today_ > d.due_on;
      ZQ_ASSIGN_OR_RETURN(const auto from, ParseDate(today_));
      ZQ_ASSIGN_OR_RETURN(const auto to, ParseDate(d.due_on));
      ZQ_ASSIGN_OR_RETURN(d.days_left, calendar_.WorkingDaysBetween(from, to));
    }
    out_.push_back(std::move(d));
    return Status::Ok();
  }

  std::vector<Deadline> Take() { return std::move(out_); }

 private:
  const RuleBook& rules_;
  const WorkingDayCalendar& calendar_;
  std::string today_;
  std::vector<Deadline> out_;
};

}  // namespace

Result<int> PausedSoFar(const CaseDates& dates, const WorkingDayCalendar& calendar,
                        std::string_view today) {
  if (dates.paused_on.empty())
    return 0;
  ZQ_ASSIGN_OR_RETURN(const auto from, ParseDate(dates.paused_on));
  ZQ_ASSIGN_OR_RETURN(const auto to, ParseDate(today));
  ZQ_ASSIGN_OR_RETURN(const int days, calendar.WorkingDaysBetween(from, to));
  return std::max(days, 0);
}

Result<std::vector<Deadline>> DeadlinesOf(const CaseDates& c, const RuleBook& rules,
                                          const WorkingDayCalendar& calendar,
                                          std::string_view today) {
  DeadlineBuilder b(rules, calendar, today);
  int paused = -1;  // the pause in progress, if any: its working days so far
  if (!c.paused_on.empty()) {
    ZQ_ASSIGN_OR_RETURN(paused, PausedSoFar(c, calendar, today));
  }
  // A returned case is out of this office's hands: its timers start again when it is sent on.
  if (c.state == State::kReturned)
    return b.Take();
  if (c.kind == Kind::kComplaint) {
    ZQ_RETURN_IF_ERROR(b.Add(Timer::kAccept, c.received_on, c.decided_on));
    ZQ_RETURN_IF_ERROR(
        b.Add(Timer::kMediate, c.accepted_on, c.ended_on, c.paused_working_days, paused));
    if (c.terminated)
      ZQ_RETURN_IF_ERROR(b.Add(Timer::kTerminationNotice, c.ended_on, c.notified_on));
    return b.Take();
  }
  // Report: 15 WD to verify, 15 more with approval; a real-name reporter is told of the decision.
  const int extension =
      c.extended ? rules.TimerOn(Timer::kVerifyExtension, c.received_on).value_or(TimerRule{}).days
                 : 0;
  ZQ_RETURN_IF_ERROR(b.Add(Timer::kVerify, c.received_on, c.decided_on,
                           extension + c.paused_working_days, paused));
  if (c.real_name)
    ZQ_RETURN_IF_ERROR(b.Add(Timer::kNotifyReporter, c.decided_on, c.notified_on));
  return b.Take();
}

Result<std::string> NextDue(const CaseDates& dates, const RuleBook& rules,
                            const WorkingDayCalendar& calendar, std::string_view today) {
  ZQ_ASSIGN_OR_RETURN(const std::vector<Deadline> all, DeadlinesOf(dates, rules, calendar, today));
  std::string next;
  for (const Deadline& d : all) {
    if (d.met_on.empty() && !d.paused && (next.empty() || d.due_on < next))
      next = d.due_on;
  }
  if (!IsOpen(dates.state))
    next.clear();
  return next;
}

bool AnyOverdue(const std::vector<Deadline>& deadlines) {
  for (const Deadline& d : deadlines) {
    if (d.overdue && d.met_on.empty() && !d.paused)
      return true;
  }
  return false;
}

}  // namespace zq::complaint

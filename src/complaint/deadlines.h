#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "complaint/lifecycle.h"
#include "complaint/rules.h"
#include "core/calendar.h"
#include "core/result.h"

// The statutory deadlines of one case, computed from its dates with the rule in force on each
// timer's start, on the working-day calendar (holidays and 调休 make-up days).
namespace zq::complaint {

// The dates a case's timers start and stop on, "YYYY-MM-DD" or "" when not (yet) reached.
struct CaseDates {
  Kind kind = Kind::kComplaint;
  State state = State::kReceived;
  std::string received_on;  // the competent office received it (Art. 14's start)
  std::string decided_on;   // complaint: accepted or refused; report: opened or not
  std::string accepted_on;  // complaint: accepted (mediation's start); report: verification began
  std::string ended_on;     // complaint: mediation agreed or terminated
  std::string notified_on;  // termination told to the parties / decision told to the reporter
  bool terminated = false;  // complaint: mediation was terminated (Art. 21), not agreed
  bool extended = false;    // report: verification extended by 15 WD (approved)
  bool real_name = false;   // report: the reporter gave their name
  int paused_working_days = 0;  // complaint: testing time, not counted (Art. 20)
};

// One timer of a case: when it started, when it is due, whether it was met and on which day.
struct Deadline {
  Timer timer = Timer::kAccept;
  std::string started_on;
  std::string due_on;
  std::string met_on;    // "" while running
  bool overdue = false;  // not met by due_on (met late, or still running after it)
  int days_left = 0;     // working days from today to due_on while running (negative: late)
};

// The timers that apply to the case so far, in the order they run. kInvalidArgument for a date
// outside the calendar's years.
Result<std::vector<Deadline>> DeadlinesOf(const CaseDates& dates, const RuleBook& rules,
                                          const WorkingDayCalendar& calendar,
                                          std::string_view today);

// The earliest due day of the case's running timers, "" when none runs (stored with the case
// for the overdue lists).
Result<std::string> NextDue(const CaseDates& dates, const RuleBook& rules,
                            const WorkingDayCalendar& calendar, std::string_view today);

// The case is overdue today: one of its running timers is past due.
bool AnyOverdue(const std::vector<Deadline>& deadlines);

}  // namespace zq::complaint

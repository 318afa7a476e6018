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
  int paused_working_days = 0;  // testing time, not counted (Art. 20; 处罚程序规定 Art. 18)
  std::string paused_on;        // the running timer's clock stopped on this day ("" when running)
};

// One timer of a case: when it started, when it is due, whether it was met and on which day.
struct Deadline {
  Timer timer = Timer::kAccept;
  std::string started_on;
  std::string due_on;
  std::string met_on;    // "" while running
  bool overdue = false;  // not met by due_on (met late, or still running after it)
  int days_left = 0;     // working days from today to due_on while running (negative: late)
  // The clock is stopped (a pause): due_on is the day it would fall on if it resumed today, and
  // the timer is not overdue while paused.
  bool paused = false;
};

// The timers that apply to the case so far, in the order they run. kInvalidArgument for a date
// outside the calendar's years.
Result<std::vector<Deadline>> DeadlinesOf(const CaseDates& dates, const RuleBook& rules,
                                          const WorkingDayCalendar& calendar,
                                          std::string_view today);

// The earliest due day of the case's running timers, "" when none runs (stored with the case
// for the overdue lists). A paused timer does not run.
Result<std::string> NextDue(const CaseDates& dates, const RuleBook& rules,
                            const WorkingDayCalendar& calendar, std::string_view today);

// The case is overdue today: one of its running timers is past due.
bool AnyOverdue(const std::vector<Deadline>& deadlines);

// The working days of the pause in progress that are not counted: those after `paused_on` up to
// and including `today` (0 when not paused). kInvalidArgument outside the calendar's years.
Result<int> PausedSoFar(const CaseDates& dates, const WorkingDayCalendar& calendar,
                        std::string_view today);

}  // namespace zq::complaint

#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/result.h"

// The law of complaints and reports as dated rule tables (data/complaint/): the statutory timers
// and the grounds of inadmissibility (Order 20 Art. 15) and of ending mediation (Art. 21). Each
// row holds from its `effective_from` (and, for a ground, until its `effective_to`), so that a
// revised measure is a new row, not a code change, and a case keeps the rule in force on the
// day its timer started.
namespace zq::complaint {

// The statutory timers. Text forms (the tables' and the API's): "accept", "mediate",
// "termination_notice", "verify", "verify_extension", "notify_reporter",
// "jurisdiction_dispute".
enum class Timer {
  kAccept,               // 受理 or 不予受理, and tell the complainant (Art. 14)
  kMediate,              // 调解: end without agreement after this (Art. 21 (5))
  kTerminationNotice,    // tell both parties that mediation ended (Art. 21, last paragraph)
  kVerify,               // 核查 a report's lead (Art. 23)
  kVerifyExtension,      // the extension of kVerify, with approval (Art. 23)
  kNotifyReporter,       // tell a real-name reporter whether a case was opened (Art. 31)
  kJurisdictionDispute,  // settle a dispute of competence between offices (Art. 30)
};

std::string_view TimerName(Timer t);
Result<Timer> ParseTimer(std::string_view text);  // kInvalidArgument field "timer"

enum class DayCount { kWorking, kCalendar };

struct TimerRule {
  Timer timer = Timer::kAccept;
  std::string effective_from;  // YYYY-MM-DD
  int days = 0;
  DayCount unit = DayCount::kWorking;
  std::string source;  // the article
};

// A ground of inadmissibility ("inadmissible"), of ending mediation ("mediation_end") or of pausing
// a timer ("pause_mediate", "pause_verify").
struct Ground {
  std::string kind;
  std::string code;            // "over_three_years"
  std::string effective_from;  // YYYY-MM-DD
  std::string effective_to;    // YYYY-MM-DD (exclusive), "" while in force
  std::string article;         // 第十五条第四项
  std::string text;            // the article's words
};

inline constexpr std::string_view kInadmissible = "inadmissible";
inline constexpr std::string_view kMediationEnd = "mediation_end";
// What stops a timer's clock (a pause of the case): testing during mediation (Art. 20) and during a
// report's verification (市场监督管理行政处罚程序规定 Art. 18). The paused working days are added
// to the timer's due day when the clock resumes.
inline constexpr std::string_view kPauseMediate = "pause_mediate";
inline constexpr std::string_view kPauseVerify = "pause_verify";

class RuleBook {
 public:
  // The tables compiled into the binary from data/complaint/timers.csv and grounds.csv.
  static const RuleBook& Embedded();
  // Reads the two CSV tables; kInvalidArgument naming the line for a malformed row.
  static Result<RuleBook> FromCsv(std::string_view timers_csv, std::string_view grounds_csv);

  // The rule of `timer` in force on `date` (the latest effective_from not after it);
  // kFailedPrecondition when none was in force yet.
  Result<TimerRule> TimerOn(Timer timer, std::string_view date) const;

  // The grounds of `kind` in force on `date`, in table order.
  std::vector<Ground> GroundsOn(std::string_view kind, std::string_view date) const;
  // One of them by code; kInvalidArgument (field `field`) naming the codes in force otherwise.
  Result<Ground> GroundOn(std::string_view kind, std::string_view code, std::string_view date,
                          std::string_view field = "ground") const;

  // The last day of `timer` started on `start` (YYYY-MM-DD): the rule in force on `start`,
  // counted in working days on `calendar` (the start day itself not counted) or calendar days,
  // plus `extra_working_days` not counted (paused time: testing, Art. 20).
  Result<std::string> Due(Timer timer, std::string_view start, const WorkingDayCalendar& calendar,
                          int extra_working_days = 0) const;

  std::span<const TimerRule> timers() const { return timers_; }

  std::span<const Ground> grounds() const { return grounds_; }

 private:
  std::vector<TimerRule> timers_;
  std::vector<Ground> grounds_;
};

}  // namespace zq::complaint

#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace zq {

// 工作日: the working-day calendar of the State Council's annual holiday notices. A day is a
// working day when it is Monday-Friday and not a statutory holiday, or when it is an adjusted
// working day (调休, a Saturday or Sunday worked). Immutable after construction: thread-safe.
class WorkingDayCalendar {
 public:
  // The calendar compiled into the binary from data/holiday-cn (2007-2027).
  static const WorkingDayCalendar& China();

  // Builds a calendar from holiday-cn JSON documents ({"year":2024,"days":[{"date":"2024-02-10",
  // "isOffDay":true},...]}). kInvalidArgument on malformed input.
  static Result<WorkingDayCalendar> FromHolidayCnJson(std::span<const std::string_view> documents);

  bool IsWorkingDay(std::chrono::year_month_day day) const;

  // The date `n` working days after `from` (n >= 0; `from` itself does not count). Deadline rule:
  // "within N working days of D" ends on AddWorkingDays(D, N). kInvalidArgument when a day
  // outside the years the calendar covers would be needed (no notice: unknown holidays).
  Result<std::chrono::year_month_day> AddWorkingDays(std::chrono::year_month_day from, int n) const;

  // The number of working days in (a, b]: after a, up to and including b; negative when b < a
  // (minus the working days in (b, a]). kInvalidArgument outside the covered years.
  Result<int> WorkingDaysBetween(std::chrono::year_month_day a,
                                 std::chrono::year_month_day b) const;

  // First and last year with notice data.
  int first_year() const { return first_year_; }

  int last_year() const { return last_year_; }

 private:
  WorkingDayCalendar() = default;
  std::map<std::chrono::sys_days, bool> exceptions_;  // day → is off day
  int first_year_ = 0;
  int last_year_ = 0;
};

// Parses "YYYY-MM-DD" into a valid date; kInvalidArgument (field `field`) otherwise.
Result<std::chrono::year_month_day> ParseDate(std::string_view text,
                                              std::string_view field = "date");
std::string FormatDate(std::chrono::year_month_day day);

// An instant written "YYYY-MM-DDTHH:MM:SS", optionally with a fraction of up to nine digits
// (kept to the millisecond), then "Z" or an offset "+HH:MM" / "-HH:MM" (RFC 3339; a space may
// stand for the "T"). Without a zone the text is China Standard Time (UTC+8), as the console's
// users write it. kInvalidArgument (field `field`) for anything else or an impossible time.
Result<std::chrono::sys_time<std::chrono::milliseconds>> ParseTimestamp(
    std::string_view text, std::string_view field = "time");
// The platform's one stored form of an instant: "YYYY-MM-DDTHH:MM:SSZ" in UTC, whole seconds
// (sorts as text; the audit log's `at`).
std::string FormatUtcTimestamp(std::chrono::sys_time<std::chrono::milliseconds> t);

// Dates as day numbers, days since 1970-01-01, for date arithmetic (the credit engine's). Parsing
// is as strict as ParseDate (kInvalidArgument, field `field`).
Result<std::int32_t> DayNumber(std::string_view iso_date, std::string_view field = "date");
std::string DayText(std::int32_t day);  // "YYYY-MM-DD"
// `day` plus `months` calendar months, clamped to the month's last day (Jan 31 + 1 → Feb 28/29).
std::int32_t AddMonths(std::int32_t day, int months);

// Today in China Standard Time (Clock::TodayInChina), as a day number and as "YYYY-MM-DD".
std::int32_t TodayNumber(const Clock& clock);
std::string TodayText(const Clock& clock);

}  // namespace zq

#include "core/calendar.h"

#include <gtest/gtest.h>

namespace zq {
namespace {

std::chrono::year_month_day D(std::string_view text) { return *ParseDate(text); }

std::string Add(std::string_view from, int n) {
  Result<std::chrono::year_month_day> r = WorkingDayCalendar::China().AddWorkingDays(D(from), n);
  return r.ok() ? FormatDate(*r) : r.status().ToString();
}

// Expected dates are worked out by hand from the State Council's notices (国务院办公厅关于
// 2024/2025/2026年部分节假日安排的通知), not from the code.
TEST(WorkingDayCalendar, SpringFestival2024WithItsTwoMakeUpSundays) {
  // 2024: 2月10日至17日放假调休; 2月4日（星期日）、2月18日（星期日）上班.
  EXPECT_EQ(Add("2024-02-03", 1), "2024-02-04");  // Sunday worked
  EXPECT_EQ(Add("2024-02-08", 1), "2024-02-09");  // 除夕 is a normal working day
  EXPECT_EQ(Add("2024-02-08", 2), "2024-02-18");  // holiday skipped, make-up Sunday counts
  EXPECT_EQ(Add("2024-02-08", 3), "2024-02-19");
  EXPECT_EQ(*WorkingDayCalendar::China().WorkingDaysBetween(D("2024-02-08"), D("2024-02-19")), 3);
}

TEST(WorkingDayCalendar, SpringFestival2025WithMakeUpSundayAndSaturday) {
  // 2025: 1月28日至2月4日放假调休; 1月26日（星期日）、2月8日（星期六）上班.
  EXPECT_EQ(Add("2025-01-25", 1), "2025-01-26");
  EXPECT_EQ(Add("2025-01-27", 1), "2025-02-05");
  EXPECT_EQ(Add("2025-01-27", 4), "2025-02-08");
  EXPECT_EQ(Add("2025-01-27", 5), "2025-02-10");
}

TEST(WorkingDayCalendar, TwentyWorkingDaysAcrossSpringFestival2026) {
  // 2026: 2月15日至23日放假调休; 2月14日（星期六）、2月28日（星期六）上班. A result published
  // "within 20 working days" of 2026-02-12 is due on 2026-03-18.
  EXPECT_EQ(Add("2026-02-12", 2), "2026-02-14");
  EXPECT_EQ(Add("2026-02-12", 3), "2026-02-24");
  EXPECT_EQ(Add("2026-02-12", 7), "2026-02-28");
  EXPECT_EQ(Add("2026-02-12", 20), "2026-03-18");
  EXPECT_EQ(*WorkingDayCalendar::China().WorkingDaysBetween(D("2026-02-12"), D("2026-03-18")), 20);
}

TEST(WorkingDayCalendar, NationalDay2026) {
  // 2026: 10月1日至7日放假调休; 9月20日（星期日）、10月10日（星期六）上班.
  const WorkingDayCalendar& cal = WorkingDayCalendar::China();
  EXPECT_TRUE(cal.IsWorkingDay(D("2026-09-20")));
  EXPECT_FALSE(cal.IsWorkingDay(D("2026-10-05")));
  EXPECT_TRUE(cal.IsWorkingDay(D("2026-10-10")));
  EXPECT_FALSE(cal.IsWorkingDay(D("2026-10-11")));  // an ordinary Sunday
  EXPECT_EQ(Add("2026-09-30", 1), "2026-10-08");
}

TEST(WorkingDayCalendar, ZeroDaysIsTheSameDayAndBetweenIsAntisymmetric) {
  EXPECT_EQ(Add("2026-02-16", 0), "2026-02-16");
  const WorkingDayCalendar& cal = WorkingDayCalendar::China();
  EXPECT_EQ(*cal.WorkingDaysBetween(D("2024-03-01"), D("2024-02-01")),
            -*cal.WorkingDaysBetween(D("2024-02-01"), D("2024-03-01")));
  EXPECT_EQ(*cal.WorkingDaysBetween(D("2024-02-01"), D("2024-02-01")), 0);
}

TEST(WorkingDayCalendar, YearsWithoutANoticeAreAnError) {
  const WorkingDayCalendar& cal = WorkingDayCalendar::China();
  EXPECT_EQ(cal.first_year(), 2007);
  EXPECT_EQ(cal.last_year(), 2027);
  Result<std::chrono::year_month_day> r = cal.AddWorkingDays(D("2027-12-20"), 30);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "date");
  EXPECT_FALSE(cal.WorkingDaysBetween(D("2006-12-01"), D("2007-01-10")).ok());
}

TEST(WorkingDayCalendar, MalformedNoticeDataIsRejected) {
  const std::vector<std::string_view> bad = {R"({"year":2024,"days":[{"date":"2024-13-01",)"
                                             R"("isOffDay":true}]})"};
  EXPECT_EQ(WorkingDayCalendar::FromHolidayCnJson(bad).status().code(),
            StatusCode::kInvalidArgument);
  const std::vector<std::string_view> not_json = {"{"};
  EXPECT_FALSE(WorkingDayCalendar::FromHolidayCnJson(not_json).ok());
}

TEST(ParseDate, RejectsImpossibleDates) {
  for (std::string_view bad : {"2023-02-29", "2024-00-10", "2024-1-01", "20240101", "abcd-ef-gh"}) {
    Result<std::chrono::year_month_day> r = ParseDate(bad, "established_on");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().field(), "established_on");
  }
  EXPECT_EQ(FormatDate(*ParseDate("2024-02-29")), "2024-02-29");
}

// RFC 3339 instants, and the console's zone-less Beijing time, in the stored form (whole seconds).
TEST(ParseTimestamp, ReadsZonesAndFractionsIntoOneUtcForm) {
  auto utc = [](std::string_view text) {
    Result<std::chrono::sys_time<std::chrono::milliseconds>> t = ParseTimestamp(text);
    return t.ok() ? FormatUtcTimestamp(*t) : "error: " + t.status().message();
  };
  EXPECT_EQ(utc("2026-12-06T10:00:00Z"), "2026-12-06T10:00:00Z");
  EXPECT_EQ(utc("2026-12-06T10:00:00.5Z"), "2026-12-06T10:00:00Z");
  EXPECT_EQ(*ParseTimestamp("2026-12-06T10:00:00.5Z") - *ParseTimestamp("2026-12-06T10:00:00Z"),
            std::chrono::milliseconds{500});
  EXPECT_EQ(utc("2026-12-06T10:00:00.123456789Z"), "2026-12-06T10:00:00Z");
  EXPECT_EQ(utc("2026-12-06T18:00:00+08:00"), "2026-12-06T10:00:00Z");
  EXPECT_EQ(utc("2026-12-06T05:30:00-04:30"), "2026-12-06T10:00:00Z");
  EXPECT_EQ(utc("2026-12-06 08:00:00"), "2026-12-06T00:00:00Z");  // Beijing time
  EXPECT_EQ(utc("2026-01-01T07:59:59"), "2025-12-31T23:59:59Z");  // across the year
  EXPECT_EQ(utc("2024-02-29T00:00:00Z"), "2024-02-29T00:00:00Z");
  for (std::string_view bad :
       {"", "2026-12-06", "2026-12-06T10:00", "2026-12-06T24:00:00Z", "2026-12-06T10:60:00Z",
        "2026-02-30T10:00:00Z", "2026-12-06T10:00:00.Z", "2026-12-06T10:00:00+8:00",
        "2026-12-06T10:00:00 Z", "2026-12-06T10:00:00Zjunk", "2026-12-06X10:00:00Z",
        "2026-12-06T1a:00:00Z", "2026-12-06T10:00:00.1234567890Z"}) {
    Result<std::chrono::sys_time<std::chrono::milliseconds>> t = ParseTimestamp(bad, "from");
    EXPECT_FALSE(t.ok()) << bad;
    if (!t.ok())
      EXPECT_EQ(t.status().field(), "from") << bad;
  }
}

}  // namespace
}  // namespace zq

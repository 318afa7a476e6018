#include "core/export_headers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/calendar.h"
#include "core/testing/status_is.h"

namespace zq {
namespace {

using status_matchers::StatusIs;

TEST(ExportHeaders, ReadsTheThreeLayoutsAndRefusesAnyOther) {
  EXPECT_EQ(*ParseExportHeaders("codes"), ExportHeaders::kCodes);
  EXPECT_EQ(*ParseExportHeaders("zh"), ExportHeaders::kChinese);
  EXPECT_EQ(*ParseExportHeaders("en"), ExportHeaders::kEnglish);
  for (std::string_view bad : {"fr", "", "ZH", "zh-CN"})
    EXPECT_THAT(ParseExportHeaders(bad).status(), StatusIs(StatusCode::kInvalidArgument, "headers"))
        << bad;
}

TEST(DatedFileName, SaysWhatAndTheDayWithoutDashes) {
  EXPECT_EQ(DatedFileName("抽查合格率", "2026-12-07", "csv"), "抽查合格率_20261207.csv");
  EXPECT_EQ(DatedFileName("forward-trace", "2027-01-01", "xlsx"), "forward-trace_20270101.xlsx");
}

// Exports for people write instants in Beijing time, eight hours ahead of UTC, across the day.
TEST(FormatBeijingTime, IsEightHoursAheadOfUtcAcrossTheDay) {
  EXPECT_EQ(FormatBeijingTime(*ParseTimestamp("2026-03-04T10:00:30.000Z")), "2026-03-04 18:00:30");
  EXPECT_EQ(FormatBeijingTime(*ParseTimestamp("2026-12-31T16:00:00.999Z")), "2027-01-01 00:00:00");
  EXPECT_EQ(FormatBeijingTime(*ParseTimestamp("2026-12-06 08:00:00")), "2026-12-06 08:00:00");
}

// A line of numbers and names: a negative number stays a number, a name is still guarded.
TEST(CsvField, GuardsOnlyTheFieldsAskedFor) {
  EXPECT_EQ(CsvField("-0.050000") + "," + CsvField("-名称", FormulaGuard::kOn), "-0.050000,'-名称");
  EXPECT_EQ(CsvField("济南市, 历下区"), "\"济南市, 历下区\"");
}

}  // namespace
}  // namespace zq

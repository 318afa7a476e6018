#pragma once
// Enterprise quality statistics for the demo province (统计报表演示): the province asks a sample of
// its manufacturers to file the 企业质量统计表 for last year and for this year. Last year's filings
// come in from January to the end of March, some after the due date, a few corrected, a few never;
// the quality loss rate (质量损失率) of the province and its cities is then computed from them.
// This year's are not due yet. Every filing goes through the stats module's ReportStore, on the day
// a firm would have filed it.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "app/context.h"
#include "core/result.h"

namespace zq::demo {

struct ReportDemoOptions {
  std::string province_code = "370000";
  int firms = 120;  // manufacturers asked to file (fewer when the province has fewer)
  std::uint64_t seed = 0;
  std::chrono::year_month_day today{};
};

struct ReportDemoSummary {
  int year = 0;  // last year: the period filed
  int asked = 0, filed = 0, late = 0, corrected = 0, overdue = 0;
  std::optional<double> rate, lower, upper;  // the province's quality loss rate
};

Result<ReportDemoSummary> GenerateReportFilings(app::Context& ctx, const ReportDemoOptions& o);

}  // namespace zq::demo

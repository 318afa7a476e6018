#pragma once
// The pass-rate report (合格率, pass_rate_report.h) as a CSV file for people or for scripts:
// GET /api/v1/inspection/pass-rates?format=csv and the console's 导出 CSV.
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/export_headers.h"
#include "core/result.h"
#include "inspection/pass_rate_report.h"
#include "registry/registry.h"

namespace zq::inspection {

// 达标, 未达标, 不确定: a target verdict as the console and the file for people say it.
std::string_view TargetVerdictLabel(TargetVerdict verdict);

// The names of the groups a report's keys stand for, by key.
using GroupNames = std::map<std::string, std::string, std::less<>>;

// The names written beside the keys of a report grouped `by`: a region's full name and an
// industry's name (Registry::AllReferenceNames), a product category's name in the catalogue, a
// firm size's label (大型 under kChinese, its code word otherwise); a month is its own name.
// Empty under kCodes. Errors are those of the registry's reads.
Result<GroupNames> PassRateGroupNames(registry::Registry& registry, CubeDimension by,
                                      ExportHeaders headers);

// The report as CSV, the groups' lines then the total.
// - kCodes: the machine layout scripts read, as it always was: key,tested,passed,rate,
//   wilson_lower,wilson_upper,cp_lower,cp_upper,change,change_lower,change_upper,target with
//   "\n" line ends, no BOM, the key "total" on the total line and the verdict's code (met).
// - kChinese / kEnglish: UTF-8 with a BOM and CRLF (as spreadsheet programs read Chinese); the
//   group's code then its name (产品类别代码, 产品类别 …), the counts and proportions as numbers
//   (six decimals), the earlier period's counts and rate, the change with Newcombe's interval, the
//   target verdict as 达标/未达标/不确定 (kChinese) or its code; the total line labelled 合计
//   (Total) with an empty code. Names are formula-guarded; numbers, which may be negative, not.
std::string PassRateCsv(const PassRateReport& report, CubeDimension by, ExportHeaders headers,
                        const GroupNames& names);

// 抽查合格率_20261207.csv under kChinese, else pass-rates_20261207.csv; `date` is YYYY-MM-DD,
// today in Beijing time (TodayText).
std::string PassRateFileName(ExportHeaders headers, std::string_view date);

}  // namespace zq::inspection

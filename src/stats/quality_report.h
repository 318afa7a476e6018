#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/audit_log.h"
#include "auth/caller.h"
#include "core/clock.h"
#include "core/ids/region_code.h"
#include "core/result.h"
#include "registry/registry.h"
#include "stats/evaluation_store.h"
#include "stats/indicators.h"
#include "store/database.h"

// The annual quality status report (质量状况分析报告) of a province, city or county for a year.
// Generating it freezes every number it shows in a snapshot (JSON), stored with its SM3 digest
// (table stats_quality_reports, migration 0004_quality_reports.sql); the HTML is rendered from
// the snapshot, so a stored edition renders the same page however the records change after.
//
// What the snapshot holds, each number with its interval and its source:
// - 总体状况: the supervision spot-check pass rate of the year and of the year before, computed
//   and stored in the indicator store (spot_check_pass_rate, period "YYYY-01..YYYY-12", Wilson
//   interval), and the change between them with Newcombe's hybrid score interval (method 10);
//   the quality loss rate (质量损失率) of both years as stored by 统计报表 (not computed here);
// - 产品质量: the pass rate by product category of the key supervised catalogue and by firm size,
//   this year against the year before; a group improved (改善) or worsened (下降) only when the
//   interval of its change excludes zero, otherwise "no significant change";
// - 区域分析: each region one level below, its pass rates and its quality loss rate, and its
//   质量工作考核 grade, total and rank for the assessment year that ended on 30 June of the
//   report's year (the verified results, where a rule set was in force);
// - 数据来源: the provenance of every number: the indicator value's code, rule version, period,
//   interval method, inputs and time computed, or the pass-rate cube's roll-up and its months.
namespace zq::stats {

struct QualityReportEdition {
  std::string region_code;
  int year = 0;
  int edition = 1;  // 1 for the first generation of a region and year, then 2, …
  std::string generated_at, generated_by;
  nlohmann::json snapshot;
  std::string digest;  // SM3 of the snapshot as stored, hex
};

class QualityReports {
 public:
  QualityReports(store::Database& db, const auth::AuditLog& audit, const Clock& clock,
                 registry::Registry& registry, IndicatorStore& indicators,
                 const EvaluationStore& evaluations)
      : db_(db),
        audit_(audit),
        clock_(clock),
        registry_(registry),
        indicators_(indicators),
        evaluations_(evaluations) {}

  // Generates and stores the next edition for `region` (default: the caller's jurisdiction) and
  // `year`, audited (stats.quality_report.generate). Errors: kPermissionDenied unless the caller
  // may write; kInvalidArgument "year" (2000 to the current year), "region" (required for a caller
  // without a jurisdiction); kNotFound "region" outside the jurisdiction.
  Result<QualityReportEdition> Generate(const PassRateQuery& pass_rates, const auth::Caller& caller,
                                        const std::optional<ids::RegionCode>& region, int year);

  // A stored edition (the latest when `edition` is none), for officials who may read the region.
  // kNotFound "region" / "edition" otherwise.
  Result<QualityReportEdition> Get(const auth::Caller& caller, const ids::RegionCode& region,
                                   int year, std::optional<int> edition) const;

 private:
  store::Database& db_;
  const auth::AuditLog& audit_;
  const Clock& clock_;
  registry::Registry& registry_;
  IndicatorStore& indicators_;
  const EvaluationStore& evaluations_;
};

// The report as one self-contained HTML page (Simplified Chinese, inline styles and SVG, no
// script), every number with its interval and a reference to its source.
std::string QualityReportHtml(const QualityReportEdition& report);

// The same page printed to PDF (A4, the Chinese text in Noto Sans CJK) by a headless Chromium:
// ZQ_CHROMIUM names the browser, else `chromium` on the PATH (Debian's chromium and
// fonts-noto-cjk, which scripts/bootstrap installs). One print at a time, killed after 60 s.
// kUnavailable when no browser prints it.
Result<std::string> QualityReportPdf(const QualityReportEdition& report);

// 山东省_2026年质量状况分析报告_第2版.pdf (`extension` "pdf" or "html").
std::string QualityReportFileName(const QualityReportEdition& report, std::string_view extension);

// Whether a change's interval [lower, upper] says the rate improved ("improved"), worsened
// ("worsened") or neither ("no_significant_change").
std::string ChangeVerdict(double lower, double upper);

}  // namespace zq::stats

#pragma once

#include "app/context.h"
#include "app/module.h"
#include "core/result.h"

// The demo steps the modules' manifests name (app::DemoStep): each generates its module's part of
// the demo province through the module's services, prints one summary line to run.out, and does
// nothing when the database already holds it.
namespace zq::demo {

// registry: the province's market entities, products, catalogue and inspectors; kStop when the
// database already holds this demo.
Result<app::DemoNext> ProvinceStep(app::Context& ctx, const app::DemoRun& run);
// credit: three years of credit events (graded); the serious and abnormal lists and penalty
// publications; after the events, the spot-check verdicts' credit events and the objections and
// repairs.
Result<app::DemoNext> CreditEventsStep(app::Context& ctx, const app::DemoRun& run);
Result<app::DemoNext> CreditListsStep(app::Context& ctx, const app::DemoRun& run);
Result<app::DemoNext> RepairCasesStep(app::Context& ctx, const app::DemoRun& run);
// inspection: this year's plans and draws (双随机); a year of results.
Result<app::DemoNext> SpotChecksStep(app::Context& ctx, const app::DemoRun& run);
Result<app::DemoNext> SpotCheckResultsStep(app::Context& ctx, const app::DemoRun& run);
// trace: supply chains from makers through wholesalers to shops, as EPCIS events.
Result<app::DemoNext> TraceChainsStep(app::Context& ctx, const app::DemoRun& run);
// complaint: a year of complaint and report cases in every state, one series rising.
Result<app::DemoNext> ComplaintCasesStep(app::Context& ctx, const app::DemoRun& run);
// stats: last year's and this year's 企业质量统计表 asked of a sample of manufacturers, last
// year's filed (some late, some corrected, some never), and the quality loss rate from them.
Result<app::DemoNext> ReportFormsStep(app::Context& ctx, const app::DemoRun& run);
// stats: the 质量工作考核 of the province's cities for the assessment year that ended on 30 June:
// the rule set, each city's self-assessment, the province's verification (two cities waiting).
Result<app::DemoNext> EvaluationStep(app::Context& ctx, const app::DemoRun& run);
// stats: this year's 质量状况分析报告 of the province, generated from the demo's records.
Result<app::DemoNext> QualityReportStep(app::Context& ctx, const app::DemoRun& run);

}  // namespace zq::demo

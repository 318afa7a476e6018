#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

// The records of a spot check after the draw (抽样 → 检验 → 异议/复检 → 最终结论 → 后处理 → 一公开)
// and the rules for their deadlines. Stored by ResultService (result_service.h).
namespace zq::inspection {

enum class Verdict { kPass, kFail };  // 合格 / 不合格

std::string_view VerdictName(Verdict verdict);  // "pass", "fail"
// kInvalidArgument (field `field`) unless `text` is "pass" or "fail".
Result<Verdict> ParseVerdict(std::string_view text, std::string_view field);

// 检验项目: one test item of a batch.
struct TestItem {
  std::string name;       // e.g. 导体电阻
  bool key_item = false;  // 重点检查项目 (a safety or key quality characteristic)
  std::string method;     // the test method standard, e.g. GB/T 3048.4-2007
  std::string limit;      // the requirement, e.g. "≤7.41"
  std::string measured;   // the measured value as reported, e.g. "7.86"
  std::string unit;       // e.g. Ω/km; may be empty
  Verdict verdict = Verdict::kPass;
};

// 抽样单: the sampling record of one drawn task (抽样人员 ≥ 2).
struct SamplingRecord {
  std::string sampled_on;  // YYYY-MM-DD
  std::string place;       // 抽样地点, e.g. 成品仓库
  std::string batch_number;
  std::int64_t quantity = 0;          // units taken for testing (抽样数量)
  std::int64_t reserve_quantity = 0;  // units sealed as the reserve sample (备样数量)
  std::string category_code;          // key supervised product catalogue code
  std::string product_name;
  std::string specification;          // 规格型号
  std::string brand;                  // 商标, may be empty
  std::vector<std::string> samplers;  // names: personal data (sealed at rest, masked on read)
};

// 检验报告: the results of a test (first test or re-test).
struct TestResults {
  std::string institution;    // 承检机构
  std::string report_number;  // may be empty
  std::string tested_on;      // date of the report
  std::vector<TestItem> items;
};

// A batch fails when any item fails (判定原则: 任一项目不合格即判该批次不合格).
Verdict BatchVerdictOf(const std::vector<TestItem>& items);

// How a window is counted: calendar days (产品质量法 Art. 15) or working days (食品安全法
// Art. 88: 7 working days for food) on the working-day calendar.
enum class DayCount { kCalendar, kWorking };

struct Window {
  int days = 15;
  DayCount count = DayCount::kCalendar;
};

// Deadlines of the results workflow. Defaults from research §5; every one is configuration.
struct ResultRules {
  Window objection{15, DayCount::kCalendar};  // 异议: from the firm's receipt of the notice
  Window retest{15, DayCount::kCalendar};     // 复检: likewise
  // Overrides by catalogue-code prefix (the longest prefix wins), e.g. food → 7 working days.
  std::map<std::string, Window> objection_by_category;
  std::map<std::string, Window> retest_by_category;
  int rectify_days = 30;              // 整改: calendar days from the final verdict (and from an
                                      // escalation to suspension)
  int max_extension_days = 30;        // one extension (延期) of at most this many days
  int extension_notice_days = 5;      // requested at least this many days before the due date
  int publication_working_days = 20;  // 一公开: working days after the final verdict
  // The re-test window does not run while an objection is pending: when the objection is
  // rejected the firm has the days it had left on the day it objected, counted from the decision
  // (the law is silent; false = the window runs on and may close before the decision).
  bool pause_retest_during_objection = true;
};

// 异议 (on sampling or procedure) or 复检 (on the result, tested on the reserve sample).
enum class AppealKind { kObjection, kRetest };

std::string_view AppealKindName(AppealKind kind);  // "objection", "retest"
Result<AppealKind> ParseAppealKind(std::string_view text);

struct Appeal {
  std::int64_t id = 0;
  AppealKind kind = AppealKind::kObjection;
  std::string requested_on;
  std::string reason;
  std::string status;  // "pending" or "decided"
  std::string decided_on;
  // objection: "upheld" (the sampling is annulled) or "rejected"; retest: "pass" or "fail".
  std::string decision;
};

// One batch (抽样批次) of a drawn task, as far as it has got. status: "sampled", "tested",
// "notified", "appealed", "final", "annulled" (objection upheld).
struct Batch {
  std::int64_t id = 0;
  std::int64_t task_id = 0;
  std::int64_t plan_id = 0;
  std::string plan_code;
  std::string uscc;
  std::string firm_name;
  std::string region_code;
  std::string status;
  SamplingRecord sampling;
  TestResults results;             // the first test; empty until recorded
  std::string initial_verdict;     // "" until tested, then "pass" / "fail"
  std::string notified_on;         // the firm received the result notice
  std::string objection_deadline;  // last day to request, once notified
  std::string retest_deadline;
  std::vector<Appeal> appeals;
  TestResults retest;         // 复检 results on the reserve sample, when any
  std::string final_verdict;  // "" until final, then "pass" / "fail"
  std::string final_on;
  std::string publication_due;  // final_on + 20 working days
  std::string published_on;
  bool publication_overdue = false;  // due passed, not published
  std::string recorded_by;
  std::string updated_at;
};

// A drawn task with where its batch stands ("drawn" when nothing is recorded yet).
struct TaskSummary {
  std::int64_t task_id = 0;
  std::int64_t plan_id = 0;
  std::string plan_code;
  std::string plan_name;
  std::string uscc;
  std::string firm_name;
  std::string region_code;
  std::string drawn_on;
  std::vector<std::string> inspectors;  // enforcement certificate numbers
  std::int64_t batch_id = 0;
  std::string status;
  // Nothing sampled yet and the caller may record the sampling: the plan's bureau (or above), or
  // an inspector of the team signed in as themself (even outside their bureau's jurisdiction).
  bool may_sample = false;
};

// 后处理 of a failing batch. status: "open" (rectifying), "closed" (re-inspection passed),
// "revoked" (top of the ladder). level: 0 none, 1 public notice, 2 suspension, 3 revoked.
struct FollowUp {
  std::int64_t id = 0;
  std::int64_t batch_id = 0;
  std::string uscc;
  std::string firm_name;
  std::string region_code;
  std::string product_name;
  std::string specification;  // the specification the firm must stop selling
  std::string status;
  std::string opened_on;
  std::string due_on;
  int extended_days = 0;
  std::string rectification_reported_on;
  std::string reinspected_on;
  std::string reinspection_verdict;
  int level = 0;
  std::string closed_on;
  bool overdue = false;
};

std::string_view EscalationStepName(int level);  // "public_notice", "suspension", …

}  // namespace zq::inspection

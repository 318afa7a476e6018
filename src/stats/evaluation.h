#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "stats/composite.h"

// 质量工作考核: the evaluation of city and county governments' quality work by a versioned rule set
// (评分细则), the way 国办发〔2013〕47号 and the provinces' measures score it: items in up to three
// levels, each leaf scored by its rule, groups summed and capped, bonus items (加分项) on top up to
// their cap, the veto (一票否决) that makes the grade the lowest but keeps the points, grades A–D
// cut on points, and the assessment year from 1 July to 30 June. Totals are computed here, never
// typed. docs/statistics.md, "质量工作考核".
namespace zq::stats {

// The assessment year (考核年度): 1 July to 30 June of the next year, named by the year it starts
// in ("2025年度" runs from 2025-07-01 to 2026-06-30).
struct AssessmentYear {
  int starts_in = 0;
  std::int32_t first_day = 0;  // day numbers (core/calendar.h)
  std::int32_t last_day = 0;
};

AssessmentYear AssessmentYearOf(std::chrono::year_month_day day);
// kInvalidArgument (field "year") outside 2000–2100.
Result<AssessmentYear> AssessmentYearStarting(int year);

// How a leaf item turns what a region did into points.
enum class ScoringRule {
  // 分档: the level reached earns its points ("纳入国民经济社会发展规划 1分；纳入部门规划 0.5分；
  // 无 0分").
  kLevels,
  // 缺项扣分: full points less `deduction` for each required part missing, down to 0 ("每缺少一个
  // 方面扣0.1分").
  kPerMissing,
  // 目标完成, linear: full points at or beyond the target, none at or behind the baseline,
  // full × (actual − baseline) / (target − baseline) between.
  kTargetLinear,
  // 目标完成, by deduction: full points at or beyond the target, less `deduction` for each `step`
  // short of it (a started step counts whole, or pro rata), down to 0.
  kTargetDeduction,
};

// Whether a larger actual value is better (a pass rate) or a smaller one (a loss rate).
enum class TargetDirection { kHigherIsBetter, kLowerIsBetter };
// How kTargetDeduction counts a shortfall that is not a whole number of steps.
enum class PartialStep { kRoundUp, kProRata };

struct ScoreLevel {
  std::string label;
  double points = 0;
};

// An item of the rule set: a group (it has children; its points cap their sum) or a leaf (scored
// by its rule). A level-1 item marked `bonus` counts towards the bonus, not the base.
struct EvaluationItem {
  std::string code;    // unique, e.g. "2.1.3"
  std::string parent;  // empty at level 1
  std::string name;
  double points = 0;  // the most the item can earn
  bool bonus = false;
  std::string lead_department;  // 牵头部门
  std::string evidence;         // 评分依据: what the region must show
  // Leaves only (a group has none).
  std::optional<ScoringRule> rule;
  std::vector<ScoreLevel> levels;
  double deduction = 0;  // kPerMissing per part, kTargetDeduction per step
  double target = 0, baseline = 0, step = 0;
  TargetDirection direction = TargetDirection::kHigherIsBetter;
  PartialStep partial = PartialStep::kRoundUp;
};

struct VetoCondition {
  std::string code;
  std::string name;  // e.g. 发生区域性、系统性质量安全事件
};

struct EvaluationRules {
  std::string name;
  std::string version;
  std::int32_t effective_from = 0;  // day number: the first assessment year it applies to
  double total_points = 100;        // what the level-1 items other than bonus add up to
  double bonus_cap = 0;             // the most the bonus items together may add
  std::vector<GradeBand> bands = NationalGradeBands();
  std::vector<VetoCondition> vetoes;
  std::vector<EvaluationItem> items;  // parents before their children
};

// What a region did on one leaf: the level reached (kLevels), the parts missing (kPerMissing) or
// the actual value (kTarget…), and the evidence it rests on.
struct ItemInput {
  std::optional<std::string> level;
  std::optional<int> missing;
  std::optional<double> actual;
  // The actual value's standard error, where it is an estimate (a sampled pass rate): used only by
  // EvaluationUncertainty; a target item's alone.
  std::optional<double> standard_error;
  std::string evidence;
};

struct RegionInput {
  std::string code;  // GB/T 2260
  std::string name;
  std::map<std::string, ItemInput> verified;       // 核查: what the scores rest on
  std::map<std::string, ItemInput> self_assessed;  // 自评, optional: shown beside
  std::vector<std::string> vetoes;                 // codes of the rule set's veto conditions
};

struct ItemScore {
  std::string code;
  double points = 0;
  double maximum = 0;
  bool scored = false;  // a leaf with an input (an unscored leaf earns 0 and is listed)
  std::string basis;    // how the points came, e.g. "纳入部门规划", "2 missing × 0.1"
  std::optional<double> self_points;  // the same leaf by the self-assessment, where given
};

struct RegionEvaluation {
  std::string code;
  std::string name;
  std::vector<ItemScore> items;  // every item of the rule set, in its order
  double base_points = 0;        // level-1 items other than bonus
  double bonus_points = 0;       // capped at the rule set's bonus_cap
  double total = 0;
  std::optional<double> self_total;  // by the self-assessment, where one was given
  GradeResult grade;
  std::vector<std::string> vetoes;
  std::vector<std::string> unscored;  // leaves without an input
  int rank = 0;                       // by grade, then by total; ties share the best rank
};

// Checks the rule set: codes unique, each parent before its children and at most three levels,
// groups without a rule and leaves with one, each rule's parameters, level-1 items (bonus apart)
// adding up to total_points, the bands. kInvalidArgument naming the item ("items[3].levels").
Status ValidateRules(const EvaluationRules& rules);

// Scores every region and ranks them. kInvalidArgument (field "regions[i]…") for an input that
// names no item of the rule set, a level the item does not have, a negative count, a veto the
// rule set does not list, or a region given twice.
Result<std::vector<RegionEvaluation>> Evaluate(const EvaluationRules& rules,
                                               const std::vector<RegionInput>& regions);

// Rank and grade uncertainty (rankings carry intervals, the notes' §5.3): each replication draws
// every target item's actual value that carries a standard error from Normal(actual, se), scores
// every region again and ranks them. Seeded (mt19937_64 and Box–Muller, so the same seed gives the
// same intervals with any standard library). Percentiles by the nearest rank.
struct EvaluationUncertaintyOptions {
  int replications = 1000;
  std::uint64_t seed = 1;
};

struct RegionUncertainty {
  std::string code;
  int rank_median = 0;
  int rank_low = 0;                      // 5th percentile of the rank (the best it plausibly is)
  int rank_high = 0;                     // 95th percentile
  double total_low = 0, total_high = 0;  // 5th and 95th percentiles of the total
  std::map<std::string, double> grade_share;  // share of the replications in each grade
};

// kInvalidArgument (field "replications") outside 1–100,000; otherwise Evaluate's errors.
Result<std::vector<RegionUncertainty>> EvaluationUncertainty(
    const EvaluationRules& rules, const std::vector<RegionInput>& regions,
    const EvaluationUncertaintyOptions& options);

// kInvalidArgument (field "year") when the rule set takes effect after the year's first day: a
// year is scored by the rules in force when it began.
Status RulesApplyTo(const EvaluationRules& rules, const AssessmentYear& year);

// The JSON forms (evaluation_io.cc; docs/statistics.md gives them in full):
//   rules: {"name", "version", "effective_from", "total_points", "bonus_cap", "bands": [{"grade",
//   "minimum"}], "vetoes": [{"code", "name"}], "items": [{"code", "parent", "name", "points",
//   "bonus", "rule": "levels|per_missing|target_linear|target_deduction", "levels": [{"label",
//   "points"}], "deduction", "target", "baseline", "step", "direction": "higher|lower",
//   "partial": "round_up|pro_rata", "lead_department", "evidence"}]}
//   scores: {"year", "regions": [{"code", "name", "items": {code: {"level" | "missing" |
//   "actual", "standard_error", "evidence"}}, "self": {…the same…}, "vetoes": [code]}]}
Result<EvaluationRules> ParseEvaluationRules(std::string_view json_text);

struct EvaluationScores {
  AssessmentYear year;
  std::vector<RegionInput> regions;
};

Result<EvaluationScores> ParseEvaluationScores(std::string_view json_text);

// One region's inputs of one stage as the database keeps them: {"items": {…as in the scores…},
// "vetoes": [code]}. kInvalidArgument naming the field ("items.1.1.actual").
struct StageInputs {
  std::map<std::string, ItemInput> items;
  std::vector<std::string> vetoes;
};

Result<StageInputs> ParseStageInputs(std::string_view json_text);

}  // namespace zq::stats

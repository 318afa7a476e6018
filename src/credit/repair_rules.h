#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

// The rules of objections (异议) to credit records and of credit repair (信用修复, 《市场监督管理
// 信用修复管理办法》, in force 2021-09-01) as configuration with their defaults, and the pure
// functions that apply them: deadlines in working days (core/calendar.h) and repair eligibility
// with one reason per failed condition. Sources: ../shared/research/credit-and-supervision.md
// §2.2-§2.4; values marked [U] there are defaults to be confirmed. Method: docs/credit-rules.md,
// "Objections and credit repair".
namespace zq::credit {

// 异议处理时限: working days from filing to decide an objection, and the total from filing that
// its one extension may reach (Zhejiang 公共信用信息管理条例 Art. 31: 5, at most 20; Shandong
// 社会信用条例 Art. 39: 3, or 7 when another body must help).
struct ObjectionDeadlines {
  int working_days = 5;
  int extended_working_days = 20;
};

// 信用修复 kinds (管理办法 Art. 2): leaving the abnormal-operations list, early removal from the
// serious-dishonesty list, early stop of the publication of an administrative penalty.
enum class RepairKind { kAbnormalList, kSeriousList, kPenaltyPublication };

std::string_view RepairKindName(RepairKind kind);  // "abnormal_list", ...
Result<RepairKind> ParseRepairKind(std::string_view text);

// Leaving the abnormal list needs any one of four grounds (企业信息公示暂行条例 Art. 17 and the
// repair measures): filed the missing annual report, made the overdue instant disclosure,
// corrected false information, reachable again at (or moved from) the registered address.
inline constexpr std::string_view kAbnormalGrounds[] = {"annual_report", "disclosure", "corrected",
                                                        "reachable"};

// Penalty case domains with the longer minimum publication period (one year).
inline constexpr std::string_view kSpecialDomains[] = {"food", "drug", "special_equipment"};
inline constexpr std::string_view kDomains[] = {"general", "food", "drug", "special_equipment"};

// Penalty measures (处罚种类). Publication of warnings, 通报批评 and small fines cannot be
// repaired early, nor that of suspensions and licence revocations (总局令第45号 Art. 14).
inline constexpr std::string_view kPenaltyMeasures[] = {
    "warning",    "criticism",       "small_fine",     "fine", "confiscation",
    "suspension", "licence_revoked", "employment_ban", "other"};  // as penalty_publication.h
inline constexpr std::string_view kExcludedMeasures[] = {
    "warning", "criticism", "small_fine", "suspension", "licence_revoked", "employment_ban"};

// Configuration. Province keys are the first two digits of a GB/T 2260 code.
struct RepairRules {
  ObjectionDeadlines objection;  // provinces without an entry below
  std::map<std::string, ObjectionDeadlines, std::less<>> objection_by_province = {{"33", {5, 20}},
                                                                                  {"37", {3, 7}}};
  int review_working_days = 15;             // [U] the authority decides a repair within this
  bool serious_list_repair_allowed = true;  // early removal from the serious list at all
  std::map<std::string, bool, std::less<>> serious_list_repair_by_province = {
      {"33", false}};                       // Zhejiang 条例 Art. 32: serious-list firms cannot
  int serious_min_listed_months = 12;       // [U] listed at least a year (总局令第44号)
  int publication_min_months = 6;           // publication shown at least 6 months
  int publication_min_months_special = 12;  // 1 year for food, drug, special equipment
  int fraud_bar_months = 12;                // [U] no new application after a fraudulent one

  const ObjectionDeadlines& ObjectionFor(std::string_view region_code) const;
  bool SeriousRepairAllowed(std::string_view region_code) const;
};

// `day` (days since 1970-01-01) plus `n` working days; kInvalidArgument (field `field`) beyond
// the years the calendar covers.
Result<std::int32_t> AddWorkingDays(std::int32_t day, int n, std::string_view field = "date");

// What eligibility reads: the record to repair and the facts around it, gathered by the service
// from the store (dates, later events, list state) and from the application (declared facts,
// checked by the reviewer against the evidence).
struct RepairCase {
  RepairKind kind = RepairKind::kPenaltyPublication;
  std::string region_code;     // of the entity
  std::string target_type;     // event type of the listing or the penalty
  std::int32_t target_on = 0;  // listing date / penalty decision date (publication start)
  bool target_open = true;     // still listed / still published (not removed, expired, withdrawn)
  std::string ground;          // abnormal list: one of kAbnormalGrounds
  std::string domain = "general";      // penalty case: one of kDomains
  std::vector<std::string> measures;   // penalty: kPenaltyMeasures
  bool penalty_fulfilled = false;      // 履行行政处罚 (declared)
  bool harm_removed = false;           // 消除不良影响 (declared)
  bool heavier_penalty_since = false;  // a 较重 penalty after the listing (from the store)
  bool same_violation_since = false;   // the same violation again after the penalty (store)
  bool abnormal_listed = false;        // current list state (from the store)
  bool serious_listed = false;
  std::int32_t barred_until = 0;  // a fraudulent application bars until this day
};

// One condition not met: a stable code for clients and tests, and a sentence for people.
struct EligibilityFailure {
  std::string condition;
  std::string reason;
};

struct Eligibility {
  std::vector<EligibilityFailure> failures;  // empty: eligible
  std::int32_t earliest_on = 0;  // the first day the waiting period allows (0: none applies)

  bool eligible() const { return failures.empty(); }

  bool Fails(std::string_view condition) const;
};

// Checks every condition of `c` under `rules` on `today` and reports each one that fails.
// Conditions: "barred", "not_open", "target_type", "ground", "province", "listed_period",
// "penalty_fulfilled", "harm_removed", "heavier_penalty", "publication_period", "measures",
// "domain", "same_violation", "listed".
Eligibility CheckRepairEligibility(const RepairRules& rules, const RepairCase& c,
                                   std::int32_t today);

}  // namespace zq::credit

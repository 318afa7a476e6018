#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "auth/audit_log.h"
#include "auth/caller.h"
#include "core/clock.h"
#include "core/result.h"
#include "stats/evaluation.h"
#include "store/database.h"

// 质量工作考核 in the database: rule sets (table stats_evaluation_rules) and each region's inputs
// per assessment year and stage (stats_evaluation_inputs), scored when read (evaluation.h), so a
// total is never stored and never typed. Every write is audited.
namespace zq::stats {

// 自评: the region's own office assesses itself; 核查: the assessing office one level up verifies,
// and only its inputs (and its vetoes) make the score.
enum class EvaluationStage { kSelf, kVerified };

struct RulesSummary {
  std::string version;
  std::string name;
  std::string effective_from;  // YYYY-MM-DD
  std::string created_at;      // UTC
  std::string created_by;
};

struct YearEvaluation {
  EvaluationRules rules;  // the rule set in force when the year began
  AssessmentYear year;
  std::string parent;                              // the assessing region
  std::vector<RegionEvaluation> regions;           // those one level below it with verified inputs
  std::vector<std::string> awaiting_verification;  // a self-assessment only
  std::vector<RegionUncertainty> uncertainty;      // with replications
  EvaluationUncertaintyOptions options;
};

// Thread-safe (the database's transactions).
class EvaluationStore {
 public:
  EvaluationStore(store::Database& db, const auth::AuditLog& audit, const Clock& clock)
      : db_(db), audit_(audit), clock_(clock) {}

  // A new rule set (evaluation.h's JSON): administrators and a regulator of a province (the
  // provincial quality office). Errors: kPermissionDenied; kInvalidArgument naming the field;
  // kAlreadyExists (field "version") for a version already stored. `stored`, when given, receives
  // the rule set as parsed (the route answers with it).
  Status AddRules(const auth::Caller& caller, std::string_view json_text,
                  EvaluationRules* stored = nullptr);

  // Every stored rule set, newest effective first: officials.
  Result<std::vector<RulesSummary>> ListRules(const auth::Caller& caller) const;

  // The rule set in force for the year: the latest effective_from on or before its first day.
  // kNotFound (field "year") when none is.
  Result<EvaluationRules> RulesFor(const AssessmentYear& year) const;

  // Replaces the region's inputs of one stage for the year: `json_text` is {"items": {code:
  // {"level" | "missing" | "actual", "standard_error", "evidence"}}, "vetoes": [code]}. kSelf: a
  // regulator of exactly that region, without vetoes; kVerified: an administrator, or a regulator
  // whose jurisdiction holds the region and is above it. The inputs are checked against the rule
  // set in force. Errors: kPermissionDenied; kNotFound (field "region_code") outside the caller's
  // reach; kInvalidArgument naming the field ("items.2.1.1.level").
  Status SubmitInputs(const auth::Caller& caller, int year, std::string_view region_code,
                      EvaluationStage stage, std::string_view json_text);

  // Scores the regions one level below `parent` that have verified inputs for the year, each
  // with its self-assessment beside, and ranks them; with options.replications > 0 also their
  // rank and grade uncertainty. Officials who may read `parent`; kNotFound (field "region")
  // otherwise.
  Result<YearEvaluation> Results(const auth::Caller& caller, int year, std::string_view parent,
                                 const EvaluationUncertaintyOptions& options) const;

 private:
  store::Database& db_;
  const auth::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace zq::stats

// 质量工作考核 in the database (evaluation_store.h).
#include "stats/evaluation_store.h"

#include <map>
#include <set>

#include <fmt/format.h>

#include "core/calendar.h"
#include "core/ids/region_code.h"
#include "stats/internal/computing.h"
#include "store/row_mapping.h"

namespace zq::stats {
namespace {

using store::Value;

std::string_view StageName(EvaluationStage stage) {
  return stage == EvaluationStage::kSelf ? "self" : "verified";
}

// Evaluate's error for the one region checked ("regions[0].items.2.1.1.level") as the
// submission names its field ("items.2.1.1.level").
Status AsSubmissionError(const Status& status) {
  std::string field = status.field();
  const std::string_view prefix = "regions[0].";
  if (field.starts_with(prefix))
    field = field.substr(prefix.size());
  return Status::InvalidArgument(status.message(), field);
}

// The rule set in force when the year began: the latest effective_from on or before its first
// day (of two on the same day, the later stored).
Result<EvaluationRules> RulesIn(store::Transaction& tx, const AssessmentYear& year) {
  const Value p[] = {DayText(year.first_day)};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx.Query("SELECT body FROM stats_evaluation_rules WHERE effective_from <= ? "
                               "ORDER BY effective_from DESC, created_at DESC, version DESC "
                               "LIMIT 1",
                               p));
  if (rs.rows.empty()) {
    return Status::NotFound(fmt::format("no rule set is in force for the assessment year {} "
                                        "(from {})",
                                        year.starts_in, DayText(year.first_day)),
                            "year");
  }
  return ParseEvaluationRules(rs.rows[0].GetText(0));
}

bool IsProvincialOffice(const auth::Caller& caller) {
  const auto region = ids::ParseRegionCode(caller.region_code);
  return caller.ActsForAuthority() && region.ok() && region->level() == ids::RegionLevel::kProvince;
}

}  // namespace

Status EvaluationStore::AddRules(const auth::Caller& caller, std::string_view json_text,
                                 EvaluationRules* stored) {
  if (!caller.IsAdministrator() && !IsProvincialOffice(caller)) {
    return Status::PermissionDenied(
        "rule sets of the 质量工作考核 are set by the provincial quality office");
  }
  ZQ_ASSIGN_OR_RETURN(const EvaluationRules rules, ParseEvaluationRules(json_text));
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const Value p[] = {rules.version,
                       rules.name,
                       DayText(rules.effective_from),
                       std::string(json_text),
                       internal::NowUtcText(clock_),
                       caller.actor};
    ZQ_RETURN_IF_ERROR(store::ExecuteUnique(
        tx,
        "INSERT INTO stats_evaluation_rules (version, name, effective_from, body, created_at, "
        "created_by) VALUES (?, ?, ?, ?, ?, ?)",
        p, Status::AlreadyExists("a rule set " + rules.version + " is stored already", "version")));
    ZQ_RETURN_IF_ERROR(audit_.Append(tx, caller, "stats.evaluation_rules.add",
                                     "evaluation_rules:" + rules.version));
    if (stored != nullptr)
      *stored = rules;
    return Status::Ok();
  });
}

Result<std::vector<RulesSummary>> EvaluationStore::ListRules(const auth::Caller& caller) const {
  if (!caller.IsOfficial())
    return Status::PermissionDenied("officials read the rule sets of the 质量工作考核");
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx->Query("SELECT version, name, effective_from, created_at, created_by "
                                "FROM stats_evaluation_rules ORDER BY effective_from DESC, "
                                "created_at DESC, version DESC"));
  std::vector<RulesSummary> out;
  for (const store::Row& row : rs.rows) {
    out.push_back({.version = row.GetText(0),
                   .name = row.GetText(1),
                   .effective_from = row.GetText(2),
                   .created_at = row.GetText(3),
                   .created_by = row.GetText(4)});
  }
  return out;
}

Result<EvaluationRules> EvaluationStore::RulesFor(const AssessmentYear& year) const {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  return RulesIn(*tx, year);
}

Status EvaluationStore::SubmitInputs(const auth::Caller& caller, int year_starts_in,
                                     std::string_view region_code, EvaluationStage stage,
                                     std::string_view json_text) {
  ZQ_ASSIGN_OR_RETURN(const AssessmentYear year, AssessmentYearStarting(year_starts_in));
  ZQ_ASSIGN_OR_RETURN(const ids::RegionCode region, ids::ParseRegionCode(region_code));
  if (!caller.CanWrite())
    return Status::PermissionDenied("regulators submit the 质量工作考核's inputs");
  if (!caller.CanWriteIn(region.code))
    return Status::NotFound("no such region in your jurisdiction", "region_code");
  if (stage == EvaluationStage::kSelf && !caller.ActsForAuthority(region.code)) {
    return Status::PermissionDenied("a region's self-assessment (自评) comes from its own office",
                                    "stage");
  }
  if (stage == EvaluationStage::kVerified && !caller.IsAdministrator() &&
      caller.region_code == region.code) {
    return Status::PermissionDenied(
        "the office above a region verifies its work (核查), not the region itself", "stage");
  }
  ZQ_ASSIGN_OR_RETURN(const StageInputs inputs, ParseStageInputs(json_text));
  if (stage == EvaluationStage::kSelf && !inputs.vetoes.empty()) {
    return Status::InvalidArgument(
        "a veto is the assessing office's finding, not part of a self-assessment", "vetoes");
  }
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(const EvaluationRules rules, RulesIn(tx, year));
    RegionInput check;
    check.code = region.code;
    check.verified = inputs.items;
    check.vetoes = inputs.vetoes;
    if (const auto scored = Evaluate(rules, {check}); !scored.ok())
      return AsSubmissionError(scored.status());
    const Value key[] = {std::int64_t{year.starts_in}, region.code, std::string(StageName(stage))};
    ZQ_RETURN_IF_ERROR(tx.Execute("DELETE FROM stats_evaluation_inputs WHERE year = ? AND "
                                  "region_code = ? AND stage = ?",
                                  key)
                           .status());
    const Value row[] = {std::int64_t{year.starts_in},  region.code,
                         std::string(StageName(stage)), std::string(json_text),
                         internal::NowUtcText(clock_),  caller.actor};
    ZQ_RETURN_IF_ERROR(tx.Execute("INSERT INTO stats_evaluation_inputs (year, region_code, "
                                  "stage, body, submitted_at, submitted_by) VALUES (?, ?, ?, ?, "
                                  "?, ?)",
                                  row)
                           .status());
    return audit_.Append(
        tx, caller, "stats.evaluation_inputs.submit",
        fmt::format("evaluation:{}:{}:{}", year.starts_in, region.code, StageName(stage)));
  });
}

Result<YearEvaluation> EvaluationStore::Results(const auth::Caller& caller, int year_starts_in,
                                                std::string_view parent_code,
                                                const EvaluationUncertaintyOptions& options) const {
  ZQ_ASSIGN_OR_RETURN(const AssessmentYear year, AssessmentYearStarting(year_starts_in));
  const auto parent = ids::ParseRegionCode(parent_code);
  if (!parent.ok())
    return Status::InvalidArgument(parent.status().message(), "region");
  if (!caller.IsOfficial() || !caller.CanReadRegion(parent->code))
    return Status::NotFound("no such region in your jurisdiction", "region");
  if (parent->level() == ids::RegionLevel::kCounty)
    return Status::InvalidArgument("a county has no regions below it to assess", "region");
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  YearEvaluation out;
  ZQ_ASSIGN_OR_RETURN(out.rules, RulesIn(*tx, year));
  out.year = year;
  out.parent = parent->code;
  out.options = options;
  const Value p[] = {std::int64_t{year.starts_in},
                     std::string(ids::SubtreePrefix(parent->code)) + "%"};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx->Query("SELECT region_code, stage, body FROM stats_evaluation_inputs "
                                "WHERE year = ? AND region_code LIKE ? ORDER BY region_code, "
                                "stage",
                                p));
  std::map<std::string, RegionInput> regions;
  std::set<std::string> verified;
  for (const store::Row& row : rs.rows) {
    const std::string code = row.GetText(0);
    const auto region = ids::ParseRegionCode(code);
    if (!region.ok() || !region->Parent() || region->Parent()->code != parent->code)
      continue;  // the parent itself, or a region two levels down
    ZQ_ASSIGN_OR_RETURN(StageInputs inputs, ParseStageInputs(row.GetText(2)));
    RegionInput& input = regions[code];
    input.code = code;
    if (row.GetText(1) == StageName(EvaluationStage::kVerified)) {
      input.verified = std::move(inputs.items);
      input.vetoes = std::move(inputs.vetoes);
      verified.insert(code);
    } else {
      input.self_assessed = std::move(inputs.items);
    }
  }
  std::vector<RegionInput> scored;
  for (auto& [code, input] : regions) {
    if (verified.contains(code))
      scored.push_back(std::move(input));
    else
      out.awaiting_verification.push_back(code);
  }
  ZQ_ASSIGN_OR_RETURN(out.regions, Evaluate(out.rules, scored));
  if (options.replications > 0 && !scored.empty()) {
    ZQ_ASSIGN_OR_RETURN(out.uncertainty, EvaluationUncertainty(out.rules, scored, options));
  }
  return out;
}

}  // namespace zq::stats

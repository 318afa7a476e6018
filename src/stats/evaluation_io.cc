// 质量工作考核: the rule set and the scores as JSON, and the result as JSON (evaluation.h,
// stats_json.h).
#include <algorithm>
#include <initializer_list>
#include <limits>
#include <type_traits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "stats/evaluation.h"
#include "stats/stats_json.h"

namespace zq::stats {
namespace {

using nlohmann::json;

Status EvalInputError(std::string message, std::string field) {
  return Status::InvalidArgument(std::move(message), std::move(field));
}

std::string FieldIn(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : fmt::format("{}.{}", parent, key);
}

Status KnownKeys(const json& o, const std::string& field,
                 std::initializer_list<std::string_view> keys) {
  if (!o.is_object())
    return EvalInputError("an object is expected", field);
  for (const auto& [key, value] : o.items()) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end())
      return EvalInputError(fmt::format("unknown field {}", key), FieldIn(field, key));
  }
  return {};
}

// The member `key` of `o` as T, `fallback` when absent or null.
template <class T>
Result<T> Member(const json& o, std::string_view key, const std::string& field, T fallback) {
  const auto it = o.find(key);
  if (it == o.end() || it->is_null())
    return fallback;
  const std::string where = FieldIn(field, key);
  if constexpr (std::is_same_v<T, std::string>) {
    if (!it->is_string())
      return EvalInputError("text is expected", where);
    return it->template get<std::string>();
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!it->is_boolean())
      return EvalInputError("true or false is expected", where);
    return it->template get<bool>();
  } else if constexpr (std::is_same_v<T, int>) {
    if (!it->is_number_integer() || it->template get<std::int64_t>() < -1000000000 ||
        it->template get<std::int64_t>() > 1000000000)
      return EvalInputError("a whole number is expected", where);
    return static_cast<int>(it->template get<std::int64_t>());
  } else {
    if (!it->is_number())
      return EvalInputError("a number is expected", where);
    return it->template get<double>();
  }
}

Result<const json*> ArrayMember(const json& o, std::string_view key, const std::string& field) {
  const auto it = o.find(key);
  if (it == o.end() || it->is_null())
    return nullptr;
  if (!it->is_array())
    return EvalInputError("a list is expected", FieldIn(field, key));
  return &*it;
}

Result<std::optional<ScoringRule>> RuleOf(const std::string& name, const std::string& field) {
  if (name.empty())
    return std::optional<ScoringRule>();
  if (name == "levels")
    return std::optional(ScoringRule::kLevels);
  if (name == "per_missing")
    return std::optional(ScoringRule::kPerMissing);
  if (name == "target_linear")
    return std::optional(ScoringRule::kTargetLinear);
  if (name == "target_deduction")
    return std::optional(ScoringRule::kTargetDeduction);
  return EvalInputError(
      fmt::format("unknown rule {} (levels, per_missing, target_linear, target_deduction)", name),
      field);
}

Result<EvaluationItem> ParseItem(const json& o, const std::string& field) {
  ZQ_RETURN_IF_ERROR(KnownKeys(
      o, field,
      {"code", "parent", "name", "points", "bonus", "rule", "levels", "deduction", "target",
       "baseline", "step", "direction", "partial", "lead_department", "evidence"}));
  EvaluationItem item;
  ZQ_ASSIGN_OR_RETURN(item.code, Member<std::string>(o, "code", field, ""));
  ZQ_ASSIGN_OR_RETURN(item.parent, Member<std::string>(o, "parent", field, ""));
  ZQ_ASSIGN_OR_RETURN(item.name, Member<std::string>(o, "name", field, ""));
  ZQ_ASSIGN_OR_RETURN(item.points, Member<double>(o, "points", field, 0));
  ZQ_ASSIGN_OR_RETURN(item.bonus, Member<bool>(o, "bonus", field, false));
  ZQ_ASSIGN_OR_RETURN(const std::string rule, Member<std::string>(o, "rule", field, ""));
  ZQ_ASSIGN_OR_RETURN(item.rule, RuleOf(rule, FieldIn(field, "rule")));
  ZQ_ASSIGN_OR_RETURN(item.deduction, Member<double>(o, "deduction", field, 0));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  ZQ_ASSIGN_OR_RETURN(item.target, Member<double>(o, "target", field, nan));
  ZQ_ASSIGN_OR_RETURN(item.baseline, Member<double>(o, "baseline", field, nan));
  ZQ_ASSIGN_OR_RETURN(item.step, Member<double>(o, "step", field, 0));
  ZQ_ASSIGN_OR_RETURN(item.lead_department, Member<std::string>(o, "lead_department", field, ""));
  ZQ_ASSIGN_OR_RETURN(item.evidence, Member<std::string>(o, "evidence", field, ""));
  ZQ_ASSIGN_OR_RETURN(const std::string direction,
                      Member<std::string>(o, "direction", field, "higher"));
  if (direction != "higher" && direction != "lower")
    return EvalInputError("direction is higher (a pass rate) or lower (a loss rate)",
                          FieldIn(field, "direction"));
  item.direction =
      direction == "higher" ? TargetDirection::kHigherIsBetter : TargetDirection::kLowerIsBetter;
  ZQ_ASSIGN_OR_RETURN(const std::string partial,
                      Member<std::string>(o, "partial", field, "round_up"));
  if (partial != "round_up" && partial != "pro_rata")
    return EvalInputError("partial is round_up (a started step counts whole) or pro_rata",
                          FieldIn(field, "partial"));
  item.partial = partial == "round_up" ? PartialStep::kRoundUp : PartialStep::kProRata;
  ZQ_ASSIGN_OR_RETURN(const json* levels, ArrayMember(o, "levels", field));
  if (levels != nullptr) {
    for (size_t j = 0; j < levels->size(); ++j) {
      const std::string at = FieldIn(field, fmt::format("levels[{}]", j));
      ZQ_RETURN_IF_ERROR(KnownKeys((*levels)[j], at, {"label", "points"}));
      ScoreLevel level;
      ZQ_ASSIGN_OR_RETURN(level.label, Member<std::string>((*levels)[j], "label", at, ""));
      ZQ_ASSIGN_OR_RETURN(level.points, Member<double>((*levels)[j], "points", at, nan));
      item.levels.push_back(std::move(level));
    }
  }
  return item;
}

Result<std::map<std::string, ItemInput>> ParseInputs(const json& o, const std::string& field) {
  std::map<std::string, ItemInput> inputs;
  if (o.is_null())
    return inputs;
  if (!o.is_object())
    return EvalInputError("an object of item codes is expected", field);
  for (const auto& [code, value] : o.items()) {
    const std::string at = FieldIn(field, code);
    ZQ_RETURN_IF_ERROR(
        KnownKeys(value, at, {"level", "missing", "actual", "standard_error", "evidence"}));
    ItemInput in;
    if (value.contains("level")) {
      ZQ_ASSIGN_OR_RETURN(in.level, Member<std::string>(value, "level", at, ""));
    }
    if (value.contains("missing")) {
      ZQ_ASSIGN_OR_RETURN(in.missing, Member<int>(value, "missing", at, 0));
    }
    if (value.contains("actual")) {
      ZQ_ASSIGN_OR_RETURN(in.actual, Member<double>(value, "actual", at, 0));
    }
    if (value.contains("standard_error")) {
      ZQ_ASSIGN_OR_RETURN(in.standard_error, Member<double>(value, "standard_error", at, 0));
    }
    ZQ_ASSIGN_OR_RETURN(in.evidence, Member<std::string>(value, "evidence", at, ""));
    inputs.emplace(code, std::move(in));
  }
  return inputs;
}

Result<std::vector<std::string>> ParseVetoes(const json& o, const std::string& field) {
  std::vector<std::string> vetoes;
  ZQ_ASSIGN_OR_RETURN(const json* list, ArrayMember(o, "vetoes", field));
  if (list == nullptr)
    return vetoes;
  for (const json& v : *list) {
    if (!v.is_string())
      return EvalInputError("veto codes are text", FieldIn(field, "vetoes"));
    vetoes.push_back(v.get<std::string>());
  }
  return vetoes;
}

json OptionalNumber(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

Result<EvaluationRules> ParseEvaluationRules(std::string_view json_text) {
  const json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return EvalInputError(
        "the rule set is a JSON object: {\"name\", \"version\", "
        "\"effective_from\", \"items\": [...]}",
        "rules");
  ZQ_RETURN_IF_ERROR(KnownKeys(doc, "",
                               {"name", "version", "effective_from", "total_points", "bonus_cap",
                                "bands", "vetoes", "items"}));
  EvaluationRules rules;
  ZQ_ASSIGN_OR_RETURN(rules.name, Member<std::string>(doc, "name", "", ""));
  ZQ_ASSIGN_OR_RETURN(rules.version, Member<std::string>(doc, "version", "", ""));
  ZQ_ASSIGN_OR_RETURN(const std::string from, Member<std::string>(doc, "effective_from", "", ""));
  ZQ_ASSIGN_OR_RETURN(rules.effective_from, DayNumber(from, "effective_from"));
  ZQ_ASSIGN_OR_RETURN(rules.total_points, Member<double>(doc, "total_points", "", 100));
  ZQ_ASSIGN_OR_RETURN(rules.bonus_cap, Member<double>(doc, "bonus_cap", "", 0));
  ZQ_ASSIGN_OR_RETURN(const json* bands, ArrayMember(doc, "bands", ""));
  if (bands != nullptr) {
    rules.bands.clear();
    for (size_t b = 0; b < bands->size(); ++b) {
      const std::string at = fmt::format("bands[{}]", b);
      ZQ_RETURN_IF_ERROR(KnownKeys((*bands)[b], at, {"grade", "minimum"}));
      GradeBand band;
      ZQ_ASSIGN_OR_RETURN(band.grade, Member<std::string>((*bands)[b], "grade", at, ""));
      ZQ_ASSIGN_OR_RETURN(band.minimum, Member<double>((*bands)[b], "minimum", at, 0));
      if (band.grade.empty())
        return EvalInputError("each band names its grade", at + ".grade");
      rules.bands.push_back(std::move(band));
    }
  }
  ZQ_ASSIGN_OR_RETURN(const json* vetoes, ArrayMember(doc, "vetoes", ""));
  if (vetoes != nullptr) {
    for (size_t v = 0; v < vetoes->size(); ++v) {
      const std::string at = fmt::format("vetoes[{}]", v);
      ZQ_RETURN_IF_ERROR(KnownKeys((*vetoes)[v], at, {"code", "name"}));
      VetoCondition veto;
      ZQ_ASSIGN_OR_RETURN(veto.code, Member<std::string>((*vetoes)[v], "code", at, ""));
      ZQ_ASSIGN_OR_RETURN(veto.name, Member<std::string>((*vetoes)[v], "name", at, ""));
      rules.vetoes.push_back(std::move(veto));
    }
  }
  ZQ_ASSIGN_OR_RETURN(const json* items, ArrayMember(doc, "items", ""));
  if (items != nullptr) {
    for (size_t i = 0; i < items->size(); ++i) {
      ZQ_ASSIGN_OR_RETURN(EvaluationItem item, ParseItem((*items)[i], fmt::format("items[{}]", i)));
      rules.items.push_back(std::move(item));
    }
  }
  ZQ_RETURN_IF_ERROR(ValidateRules(rules));
  return rules;
}

Result<EvaluationScores> ParseEvaluationScores(std::string_view json_text) {
  const json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return EvalInputError("the scores are a JSON object: {\"year\", \"regions\": [...]}", "scores");
  ZQ_RETURN_IF_ERROR(KnownKeys(doc, "", {"year", "regions"}));
  if (!doc.contains("year"))
    return EvalInputError(
        "give the assessment year (the year it starts in: 2025 for "
        "2025-07-01 to 2026-06-30)",
        "year");
  ZQ_ASSIGN_OR_RETURN(const int year, Member<int>(doc, "year", "", 0));
  EvaluationScores scores;
  ZQ_ASSIGN_OR_RETURN(scores.year, AssessmentYearStarting(year));
  ZQ_ASSIGN_OR_RETURN(const json* regions, ArrayMember(doc, "regions", ""));
  if (regions == nullptr || regions->empty())
    return EvalInputError("the scores list at least one region", "regions");
  for (size_t r = 0; r < regions->size(); ++r) {
    const json& o = (*regions)[r];
    const std::string at = fmt::format("regions[{}]", r);
    ZQ_RETURN_IF_ERROR(KnownKeys(o, at, {"code", "name", "items", "self", "vetoes"}));
    RegionInput region;
    ZQ_ASSIGN_OR_RETURN(region.code, Member<std::string>(o, "code", at, ""));
    ZQ_ASSIGN_OR_RETURN(region.name, Member<std::string>(o, "name", at, ""));
    ZQ_ASSIGN_OR_RETURN(region.verified,
                        ParseInputs(o.value("items", json()), FieldIn(at, "items")));
    ZQ_ASSIGN_OR_RETURN(region.self_assessed,
                        ParseInputs(o.value("self", json()), FieldIn(at, "self")));
    ZQ_ASSIGN_OR_RETURN(region.vetoes, ParseVetoes(o, at));
    scores.regions.push_back(std::move(region));
  }
  return scores;
}

Result<StageInputs> ParseStageInputs(std::string_view json_text) {
  const json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return EvalInputError("the inputs are a JSON object: {\"items\": {...}, \"vetoes\": [...]}",
                          "items");
  ZQ_RETURN_IF_ERROR(KnownKeys(doc, "", {"items", "vetoes"}));
  StageInputs inputs;
  ZQ_ASSIGN_OR_RETURN(inputs.items, ParseInputs(doc.value("items", json()), "items"));
  ZQ_ASSIGN_OR_RETURN(inputs.vetoes, ParseVetoes(doc, ""));
  return inputs;
}

json EvaluationJson(const EvaluationRules& rules, const AssessmentYear& year,
                    const std::vector<RegionEvaluation>& regions,
                    const std::vector<RegionUncertainty>& uncertainty,
                    const EvaluationUncertaintyOptions& options) {
  json bands = json::array();
  for (const GradeBand& band : rules.bands)
    bands.push_back({{"grade", band.grade}, {"minimum", band.minimum}});
  json out = {
      {"rules",
       {{"name", rules.name},
        {"version", rules.version},
        {"effective_from", DayText(rules.effective_from)},
        {"total_points", rules.total_points},
        {"bonus_cap", rules.bonus_cap}}},
      {"year",
       {{"starts_in", year.starts_in},
        {"first_day", DayText(year.first_day)},
        {"last_day", DayText(year.last_day)}}},
      {"bands", bands},
      {"method",
       "Leaves scored by their rule, groups summed and capped at their points, bonus items "
       "added up to the cap; a veto makes the grade the lowest and keeps the points; ranked by "
       "grade, then points; points kept to 1e-4."},
      {"regions", json::array()}};
  if (!uncertainty.empty()) {
    out["replications"] = options.replications;
    out["seed"] = options.seed;
  }
  for (size_t r = 0; r < regions.size(); ++r) {
    const RegionEvaluation& e = regions[r];
    json items = json::array();
    for (size_t i = 0; i < e.items.size(); ++i) {
      const ItemScore& s = e.items[i];
      items.push_back({{"code", s.code},
                       {"name", rules.items[i].name},
                       {"points", s.points},
                       {"maximum", s.maximum},
                       {"scored", s.scored},
                       {"basis", s.basis},
                       {"self_points", OptionalNumber(s.self_points)}});
    }
    out["regions"].push_back({{"rank", e.rank},
                              {"code", e.code},
                              {"name", e.name},
                              {"total", e.total},
                              {"base_points", e.base_points},
                              {"bonus_points", e.bonus_points},
                              {"self_total", OptionalNumber(e.self_total)},
                              {"grade", e.grade.grade},
                              {"vetoed", e.grade.vetoed},
                              {"vetoes", e.vetoes},
                              {"above_cut", e.grade.above_cut},
                              {"to_next_band", OptionalNumber(e.grade.to_next_band)},
                              {"unscored", e.unscored},
                              {"items", items}});
    if (r < uncertainty.size()) {
      const RegionUncertainty& u = uncertainty[r];
      out["regions"].back()["uncertainty"] = {
          {"rank_median", u.rank_median}, {"rank_low", u.rank_low},
          {"rank_high", u.rank_high},     {"total_low", u.total_low},
          {"total_high", u.total_high},   {"grade_share", u.grade_share}};
    }
  }
  return out;
}

}  // namespace zq::stats

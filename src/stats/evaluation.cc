// 质量工作考核: the rule set's checks and the scoring of regions (evaluation.h).
#include "stats/evaluation.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "core/calendar.h"

namespace zq::stats {
namespace {

using std::chrono::year_month_day;

std::int32_t DayOf(int y, unsigned m, unsigned d) {
  const year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  return static_cast<std::int32_t>(std::chrono::sys_days(ymd).time_since_epoch().count());
}

// Points are kept to 1e-4: three deductions of 0.1 would otherwise be 0.30000000000000004.
double TidyPoints(double points) { return std::round(points * 1e4) / 1e4; }

Status RuleError(std::string message, std::string field) {
  return Status::InvalidArgument(std::move(message), std::move(field));
}

std::string ItemField(size_t i, std::string_view what) {
  return fmt::format("items[{}].{}", i, what);
}

// A number as the rule sets write it: 0.5, 94, 0.1 (no trailing zeros).
std::string Num(double v) { return fmt::format("{:g}", v); }

Status CheckLeaf(const EvaluationItem& item, size_t i) {
  switch (*item.rule) {
    case ScoringRule::kLevels: {
      if (item.levels.empty())
        return RuleError("a level rule lists its levels", ItemField(i, "levels"));
      std::set<std::string> labels;
      for (size_t j = 0; j < item.levels.size(); ++j) {
        const ScoreLevel& level = item.levels[j];
        if (level.label.empty() || !labels.insert(level.label).second) {
          return RuleError("each level has its own label",
                           ItemField(i, fmt::format("levels[{}].label", j)));
        }
        if (!std::isfinite(level.points) || level.points < 0 || level.points > item.points) {
          return RuleError(
              fmt::format("a level earns from 0 to the item's {} points", Num(item.points)),
              ItemField(i, fmt::format("levels[{}].points", j)));
        }
      }
      return {};
    }
    case ScoringRule::kPerMissing:
      if (!std::isfinite(item.deduction) || item.deduction <= 0)
        return RuleError("the deduction per missing part is a number > 0",
                         ItemField(i, "deduction"));
      return {};
    case ScoringRule::kTargetLinear: {
      if (!std::isfinite(item.target) || !std::isfinite(item.baseline))
        return RuleError("a target rule needs a target and a baseline", ItemField(i, "baseline"));
      const bool higher = item.direction == TargetDirection::kHigherIsBetter;
      if (higher ? item.baseline >= item.target : item.baseline <= item.target) {
        return RuleError(
            fmt::format("the baseline (where the item earns nothing) lies {} the target",
                        higher ? "below" : "above"),
            ItemField(i, "baseline"));
      }
      return {};
    }
    case ScoringRule::kTargetDeduction:
      if (!std::isfinite(item.target))
        return RuleError("a target rule needs a target", ItemField(i, "target"));
      if (!std::isfinite(item.step) || item.step <= 0)
        return RuleError("the step is a number > 0 (e.g. 0.1 percentage points)",
                         ItemField(i, "step"));
      if (!std::isfinite(item.deduction) || item.deduction <= 0)
        return RuleError("the deduction per step is a number > 0", ItemField(i, "deduction"));
      return {};
  }
  return {};
}

struct LeafScore {
  double points = 0;
  std::string basis;
};

Result<LeafScore> ScoreLeaf(const EvaluationItem& item, const ItemInput& in,
                            const std::string& field) {
  if (in.standard_error && *item.rule != ScoringRule::kTargetLinear &&
      *item.rule != ScoringRule::kTargetDeduction)
    return RuleError(fmt::format("item {} is not scored against a target: only an actual value "
                                 "carries a standard error",
                                 item.code),
                     field + ".standard_error");
  switch (*item.rule) {
    case ScoringRule::kLevels: {
      if (!in.level)
        return RuleError(fmt::format("item {} is scored by level: give its level", item.code),
                         field + ".level");
      std::vector<std::string> labels;
      for (const ScoreLevel& level : item.levels) {
        if (level.label == *in.level)
          return LeafScore{level.points, level.label};
        labels.push_back(level.label);
      }
      return RuleError(fmt::format("item {} has no level \"{}\" (its levels: {})", item.code,
                                   *in.level, fmt::join(labels, "、")),
                       field + ".level");
    }
    case ScoringRule::kPerMissing: {
      if (!in.missing || *in.missing < 0)
        return RuleError(fmt::format("item {} counts missing parts: give a count ≥ 0", item.code),
                         field + ".missing");
      const double points = std::max(0.0, item.points - *in.missing * item.deduction);
      return LeafScore{points, fmt::format("缺{}项 × {}", *in.missing, Num(item.deduction))};
    }
    case ScoringRule::kTargetLinear:
    case ScoringRule::kTargetDeduction:
      break;
  }
  if (in.standard_error && (!std::isfinite(*in.standard_error) || *in.standard_error < 0))
    return RuleError("a standard error is a number ≥ 0", field + ".standard_error");
  if (!in.actual || !std::isfinite(*in.actual))
    return RuleError(
        fmt::format("item {} is scored against its target: give the actual value", item.code),
        field + ".actual");
  const double actual = *in.actual;
  // Signed so that larger is better either way.
  const double sign = item.direction == TargetDirection::kHigherIsBetter ? 1 : -1;
  const std::string against = fmt::format("实际 {} / 目标 {}", Num(actual), Num(item.target));
  if (sign * actual >= sign * item.target)
    return LeafScore{item.points, against + "：达标"};
  if (*item.rule == ScoringRule::kTargetLinear) {
    const double from_baseline = sign * (actual - item.baseline);
    const double span = sign * (item.target - item.baseline);
    const double share = from_baseline <= 0 ? 0 : from_baseline / span;
    return LeafScore{item.points * share,
                     fmt::format("{} / 基线 {}：按比例", against, Num(item.baseline))};
  }
  double steps = sign * (item.target - actual) / item.step;
  // A started step counts whole; 1e-9 keeps 0.2 / 0.1 = 2.0000000000000004 at two steps.
  if (item.partial == PartialStep::kRoundUp)
    steps = std::ceil(steps - 1e-9);
  return LeafScore{
      std::max(0.0, item.points - steps * item.deduction),
      fmt::format("{}：差{}档 × {}", against, Num(TidyPoints(steps)), Num(item.deduction))};
}

// Children of each item, by position, in the rule set's order.
std::vector<std::vector<size_t>> ChildrenOf(const EvaluationRules& rules) {
  std::unordered_map<std::string, size_t> index;
  std::vector<std::vector<size_t>> children(rules.items.size());
  for (size_t i = 0; i < rules.items.size(); ++i) {
    index[rules.items[i].code] = i;
    if (!rules.items[i].parent.empty())
      children[index.at(rules.items[i].parent)].push_back(i);
  }
  return children;
}

Status CheckInputs(const EvaluationRules& rules, const std::vector<std::vector<size_t>>& children,
                   const std::map<std::string, ItemInput>& inputs, const std::string& field) {
  for (const auto& entry : inputs) {
    const std::string& code = entry.first;
    const auto it = std::find_if(rules.items.begin(), rules.items.end(),
                                 [&](const EvaluationItem& item) { return item.code == code; });
    if (it == rules.items.end())
      return RuleError(fmt::format("the rule set has no item {}", code), field + "." + code);
    if (!children[static_cast<size_t>(it - rules.items.begin())].empty())
      return RuleError(fmt::format("item {} is a group: score its sub-items", code),
                       field + "." + code);
  }
  return {};
}

// Each item's points (leaves by their rule, groups capped sums), from the last item up so that
// children are done before their parents. `basis` may be null (the self-assessment's pass).
Result<std::vector<double>> ScoreItems(const EvaluationRules& rules,
                                       const std::vector<std::vector<size_t>>& children,
                                       const std::map<std::string, ItemInput>& inputs,
                                       const std::string& field, std::vector<ItemScore>* scores) {
  std::vector<double> points(rules.items.size(), 0);
  for (size_t i = rules.items.size(); i-- > 0;) {
    const EvaluationItem& item = rules.items[i];
    std::string basis;
    bool scored = false;
    if (children[i].empty()) {
      const auto input = inputs.find(item.code);
      if (input == inputs.end()) {
        basis = "未评分";
      } else {
        ZQ_ASSIGN_OR_RETURN(LeafScore leaf,
                            ScoreLeaf(item, input->second, field + "." + item.code));
        points[i] = TidyPoints(leaf.points);
        basis = std::move(leaf.basis);
        scored = true;
      }
    } else {
      double sum = 0;
      for (size_t c : children[i]) sum += points[c];
      points[i] = TidyPoints(std::min(sum, item.points));
      basis = sum > item.points
                  ? fmt::format("小计 {}，封顶 {}", Num(TidyPoints(sum)), Num(item.points))
                  : "小计";
      scored = true;
    }
    if (scores != nullptr) {
      ItemScore& s = (*scores)[i];
      s.code = item.code;
      s.points = points[i];
      s.maximum = item.points;
      s.scored = scored;
      s.basis = std::move(basis);
    }
  }
  return points;
}

struct Totals {
  double base = 0, bonus = 0;
};

Totals TotalsOf(const EvaluationRules& rules, const std::vector<double>& points) {
  Totals t;
  for (size_t i = 0; i < rules.items.size(); ++i) {
    if (!rules.items[i].parent.empty())
      continue;
    (rules.items[i].bonus ? t.bonus : t.base) += points[i];
  }
  t.base = TidyPoints(t.base);
  t.bonus = TidyPoints(std::min(t.bonus, rules.bonus_cap));
  return t;
}

size_t BandIndex(const EvaluationRules& rules, const std::string& grade) {
  for (size_t b = 0; b < rules.bands.size(); ++b) {
    if (rules.bands[b].grade == grade)
      return b;
  }
  return rules.bands.size();
}

}  // namespace

AssessmentYear AssessmentYearOf(year_month_day day) {
  const int y = static_cast<int>(day.year());
  const int starts_in = static_cast<unsigned>(day.month()) >= 7 ? y : y - 1;
  return AssessmentYear{starts_in, DayOf(starts_in, 7, 1), DayOf(starts_in + 1, 6, 30)};
}

Result<AssessmentYear> AssessmentYearStarting(int year) {
  if (year < 2000 || year > 2100)
    return RuleError("the assessment year is named by the year it starts in, 2000–2100", "year");
  return AssessmentYear{year, DayOf(year, 7, 1), DayOf(year + 1, 6, 30)};
}

Status RulesApplyTo(const EvaluationRules& rules, const AssessmentYear& year) {
  if (rules.effective_from > year.first_day) {
    return RuleError(fmt::format("the rule set {} takes effect on {}, after the assessment year "
                                 "{} began ({})",
                                 rules.version, DayText(rules.effective_from), year.starts_in,
                                 DayText(year.first_day)),
                     "year");
  }
  return {};
}

Status ValidateRules(const EvaluationRules& rules) {
  if (rules.version.empty())
    return RuleError("the rule set needs a version", "version");
  if (!std::isfinite(rules.total_points) || rules.total_points <= 0)
    return RuleError("total_points is a number > 0", "total_points");
  if (!std::isfinite(rules.bonus_cap) || rules.bonus_cap < 0)
    return RuleError("bonus_cap is a number ≥ 0", "bonus_cap");
  ZQ_RETURN_IF_ERROR(GradeFromPoints(0, rules.bands).status());
  std::set<std::string> vetoes;
  for (size_t v = 0; v < rules.vetoes.size(); ++v) {
    if (rules.vetoes[v].code.empty() || !vetoes.insert(rules.vetoes[v].code).second)
      return RuleError("each veto condition has its own code", fmt::format("vetoes[{}].code", v));
  }
  if (rules.items.empty())
    return RuleError("the rule set has no items", "items");
  std::unordered_map<std::string, size_t> index;
  std::vector<int> depth(rules.items.size(), 1);
  double level_one = 0;
  for (size_t i = 0; i < rules.items.size(); ++i) {
    const EvaluationItem& item = rules.items[i];
    if (item.code.empty() || index.contains(item.code))
      return RuleError("each item has its own code", ItemField(i, "code"));
    if (!std::isfinite(item.points) || item.points <= 0)
      return RuleError("an item's points are a number > 0", ItemField(i, "points"));
    if (!item.parent.empty()) {
      const auto parent = index.find(item.parent);
      if (parent == index.end())
        return RuleError(
            fmt::format("the parent {} is not an item listed before {}", item.parent, item.code),
            ItemField(i, "parent"));
      depth[i] = depth[parent->second] + 1;
      if (depth[i] > 3)
        return RuleError("items go at most three levels deep", ItemField(i, "parent"));
      if (item.bonus)
        return RuleError("only a level-1 item is marked bonus; its sub-items count towards it",
                         ItemField(i, "bonus"));
    } else if (!item.bonus) {
      level_one += item.points;
    }
    index[item.code] = i;
  }
  const std::vector<std::vector<size_t>> children = ChildrenOf(rules);
  for (size_t i = 0; i < rules.items.size(); ++i) {
    const EvaluationItem& item = rules.items[i];
    if (children[i].empty()) {
      if (!item.rule)
        return RuleError(
            "a leaf item needs its rule (levels, per_missing, target_linear or "
            "target_deduction)",
            ItemField(i, "rule"));
      ZQ_RETURN_IF_ERROR(CheckLeaf(item, i));
      continue;
    }
    if (item.rule)
      return RuleError(fmt::format("item {} has sub-items: its points cap their sum, it takes "
                                   "no rule",
                                   item.code),
                       ItemField(i, "rule"));
    double sum = 0;
    for (size_t c : children[i]) sum += rules.items[c].points;
    if (sum < item.points - 1e-9)
      return RuleError(fmt::format("the sub-items of {} add up to {} points, less than its {}",
                                   item.code, Num(sum), Num(item.points)),
                       ItemField(i, "points"));
  }
  if (std::abs(level_one - rules.total_points) > 1e-9)
    return RuleError(fmt::format("the level-1 items (bonus apart) add up to {} points, not {}",
                                 Num(level_one), Num(rules.total_points)),
                     "items");
  return {};
}

Result<std::vector<RegionEvaluation>> Evaluate(const EvaluationRules& rules,
                                               const std::vector<RegionInput>& regions) {
  ZQ_RETURN_IF_ERROR(ValidateRules(rules));
  const std::vector<std::vector<size_t>> children = ChildrenOf(rules);
  std::set<std::string> veto_codes, seen;
  for (const VetoCondition& v : rules.vetoes) veto_codes.insert(v.code);
  std::vector<RegionEvaluation> out;
  for (size_t r = 0; r < regions.size(); ++r) {
    const RegionInput& region = regions[r];
    const std::string field = fmt::format("regions[{}]", r);
    if (region.code.empty() || !seen.insert(region.code).second)
      return RuleError("each region has its own code", field + ".code");
    ZQ_RETURN_IF_ERROR(CheckInputs(rules, children, region.verified, field + ".items"));
    ZQ_RETURN_IF_ERROR(CheckInputs(rules, children, region.self_assessed, field + ".self"));
    for (const std::string& veto : region.vetoes) {
      if (!veto_codes.contains(veto))
        return RuleError(fmt::format("the rule set lists no veto condition {}", veto),
                         field + ".vetoes");
    }
    RegionEvaluation e;
    e.code = region.code;
    e.name = region.name;
    e.vetoes = region.vetoes;
    e.items.resize(rules.items.size());
    ZQ_ASSIGN_OR_RETURN(std::vector<double> points,
                        ScoreItems(rules, children, region.verified, field + ".items", &e.items));
    const Totals totals = TotalsOf(rules, points);
    e.base_points = totals.base;
    e.bonus_points = totals.bonus;
    e.total = TidyPoints(totals.base + totals.bonus);
    for (size_t i = 0; i < rules.items.size(); ++i) {
      if (children[i].empty() && !e.items[i].scored)
        e.unscored.push_back(rules.items[i].code);
    }
    if (!region.self_assessed.empty()) {
      ZQ_ASSIGN_OR_RETURN(
          std::vector<double> self,
          ScoreItems(rules, children, region.self_assessed, field + ".self", nullptr));
      for (size_t i = 0; i < rules.items.size(); ++i) e.items[i].self_points = self[i];
      const Totals self_totals = TotalsOf(rules, self);
      e.self_total = TidyPoints(self_totals.base + self_totals.bonus);
    }
    ZQ_ASSIGN_OR_RETURN(e.grade,
                        GradeFromPoints(e.total, rules.bands,
                                        region.vetoes.empty() ? Veto::kNone : Veto::kApplied));
    out.push_back(std::move(e));
  }
  // Ranked by grade, then by points within a grade: a vetoed region sits among the lowest grade
  // with its points shown. Equal grade and points share the better rank (1, 2, 2, 4).
  std::vector<size_t> order(out.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto key = [&](size_t i) {
    return std::make_pair(BandIndex(rules, out[i].grade.grade), -out[i].total);
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key(a) < key(b); });
  for (size_t k = 0; k < order.size(); ++k) {
    out[order[k]].rank = k > 0 && key(order[k]) == key(order[k - 1]) ? out[order[k - 1]].rank
                                                                     : static_cast<int>(k) + 1;
  }
  return out;
}

}  // namespace zq::stats

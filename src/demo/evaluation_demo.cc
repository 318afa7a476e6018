// 考核演示 (evaluation_demo.h).
#include "demo/evaluation_demo.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "demo/random.h"
#include "registry/registry.h"
#include "stats/evaluation.h"
#include "stats/evaluation_store.h"
#include "stats/indicators.h"

namespace zq::demo {
namespace {

using nlohmann::json;

// The rule set: items of the published 评分细则's kinds, the quality loss rate among the targets.
json Rules(int year) {
  return json::parse(fmt::format(R"({{
  "name": "质量工作考核评分细则（演示）", "version": "demo-{0}", "effective_from": "{0}-07-01",
  "total_points": 100, "bonus_cap": 3,
  "vetoes": [{{"code": "regional_incident", "name": "发生区域性、系统性质量安全事件"}}],
  "items": [
    {{"code": "1", "name": "质量目标", "points": 40}},
    {{"code": "1.1", "parent": "1", "name": "制造业产品质量合格率（%）", "points": 20,
     "rule": "target_linear", "target": 94, "baseline": 90, "lead_department": "市场监管局"}},
    {{"code": "1.2", "parent": "1", "name": "质量损失率（%）", "points": 10, "rule": "target_deduction",
     "direction": "lower", "target": 1.5, "step": 0.1, "deduction": 1,
     "evidence": "统计报表：企业质量统计表"}},
    {{"code": "1.3", "parent": "1", "name": "监督抽查合格率（%）", "points": 10,
     "rule": "target_deduction", "target": 95, "step": 0.1, "deduction": 0.5, "partial": "pro_rata"}},
    {{"code": "2", "name": "质量措施", "points": 60}},
    {{"code": "2.1", "parent": "2", "name": "质量宏观管理", "points": 30}},
    {{"code": "2.1.1", "parent": "2.1", "name": "将质量发展目标纳入规划", "points": 10, "rule": "levels",
     "levels": [{{"label": "纳入国民经济社会发展规划", "points": 10}}, {{"label": "纳入部门规划", "points": 5}},
                {{"label": "无", "points": 0}}]}},
    {{"code": "2.1.2", "parent": "2.1", "name": "制定相关配套政策", "points": 10, "rule": "per_missing",
     "deduction": 2}},
    {{"code": "2.1.3", "parent": "2.1", "name": "质量统计分析制度", "points": 10, "rule": "levels",
     "levels": [{{"label": "建立并运行", "points": 10}}, {{"label": "建立未运行", "points": 4}},
                {{"label": "未建立", "points": 0}}]}},
    {{"code": "2.2", "parent": "2", "name": "质量安全监管", "points": 30}},
    {{"code": "2.2.1", "parent": "2.2", "name": "风险监测", "points": 15, "rule": "per_missing",
     "deduction": 5}},
    {{"code": "2.2.2", "parent": "2.2", "name": "投诉举报处置", "points": 15, "rule": "levels",
     "levels": [{{"label": "按时办结率≥95%", "points": 15}}, {{"label": "90%–95%", "points": 10}},
                {{"label": "低于90%", "points": 0}}]}},
    {{"code": "3", "name": "加分项", "points": 5, "bonus": true}},
    {{"code": "3.1", "parent": "3", "name": "获得中国质量奖", "points": 5, "rule": "levels",
     "levels": [{{"label": "获奖", "points": 5}}, {{"label": "提名", "points": 2}}, {{"label": "无", "points": 0}}]}}
  ]
}})",
                                 year));
}

// One of `labels`, the first the likeliest.
std::string Level(SplitMix64& rng, const std::vector<std::string>& labels) {
  const double u = rng.Unit();
  return labels[u < 0.6 ? 0 : u < 0.9 ? 1 : 2];
}

auth::Caller Office(std::string region, std::string name) {
  auth::Caller c;
  c.actor = "demo: " + std::move(name);
  c.role = auth::Role::kRegulator;  // the bureau of `region`: its 自评, or the province's 核查
  c.region_code = std::move(region);
  return c;
}

}  // namespace

Result<EvaluationDemoSummary> GenerateEvaluationCycle(app::Context& ctx,
                                                      const EvaluationDemoOptions& o) {
  const auth::Caller system = auth::Caller::System();
  EvaluationDemoSummary s;
  // The assessment year that ended on the last 30 June.
  const int year = static_cast<int>(o.today.year());
  s.year = o.today.month() >= std::chrono::July ? year - 1 : year - 2;
  auto& store = ctx.Get<stats::EvaluationStore>();
  ZQ_RETURN_IF_ERROR(store.AddRules(system, Rules(s.year).dump()));
  ZQ_ASSIGN_OR_RETURN(const auto cities,
                      ctx.Get<registry::Registry>().RegionChildren(o.province_code));
  // The cities' quality loss rates of the calendar year the assessment year began in: the
  // report-forms step's "last year" when the demo is made between July and December (otherwise
  // the rates are drawn).
  ZQ_ASSIGN_OR_RETURN(const auto losses,
                      ctx.Get<stats::IndicatorStore>().Values(
                          system, "quality_loss_rate", std::nullopt, std::to_string(s.year)));
  SplitMix64 rng(o.seed ^ 0x4B40'4845'2025'0630ULL);
  const std::size_t vetoed = cities.empty() ? 0 : rng.Below(cities.size());
  const auth::Caller province = Office(o.province_code, "省市场监管局");
  for (std::size_t i = 0; i < cities.size(); ++i) {
    const registry::Region& city = cities[i];
    json loss = {{"actual", 1.2 + 0.8 * rng.Unit()}};
    for (const stats::IndicatorValue& v : losses) {
      if (v.region_code != city.code)
        continue;
      const json inputs = json::parse(v.inputs);
      loss = {{"actual", std::round(v.value * 1e4) / 100},
              {"evidence", fmt::format("统计报表：{} 家企业报送", inputs.value("firms_filed", 0))}};
      if (inputs.contains("standard_error") && inputs["standard_error"].is_number())
        loss["standard_error"] = std::round(inputs["standard_error"].get<double>() * 1e4) / 100;
    }
    const double pass_rate = std::round((91.5 + 4 * rng.Unit()) * 10) / 10;
    json verified = {
        {"1.1", {{"actual", pass_rate}, {"standard_error", 0.6}}},
        {"1.2", loss},
        {"1.3", {{"actual", std::round((93.5 + 3 * rng.Unit()) * 10) / 10}}},
        {"2.1.1", {{"level", Level(rng, {"纳入国民经济社会发展规划", "纳入部门规划", "无"})}}},
        {"2.1.2", {{"missing", static_cast<int>(rng.Below(3))}}},
        {"2.1.3", {{"level", Level(rng, {"建立并运行", "建立未运行", "未建立"})}}},
        {"2.2.1", {{"missing", static_cast<int>(rng.Below(2))}}},
        {"2.2.2", {{"level", Level(rng, {"按时办结率≥95%", "90%–95%", "低于90%"})}}},
        {"3.1",
         {{"level", rng.Unit() < 0.15  ? "获奖"
                    : rng.Unit() < 0.3 ? "提名"
                                       : "无"}}}};
    // A city's own view is a little kinder: its pass rate as it counted it, no missing policy.
    json self = verified;
    self["1.1"] = {{"actual", std::min(99.0, pass_rate + 0.8)}};
    self["2.1.2"] = {{"missing", 0}};
    const auth::Caller office = Office(city.code, city.name + "市场监管局");
    ZQ_RETURN_IF_ERROR(store.SubmitInputs(office, s.year, city.code, stats::EvaluationStage::kSelf,
                                          json{{"items", self}}.dump()));
    ++s.self_assessed;
    json body = {{"items", verified}};
    if (i == vetoed) {
      body["vetoes"] = {"regional_incident"};
      ++s.vetoed;
    }
    // Two cities are still waiting for the province's verification.
    if (i + 2 < cities.size() || i == vetoed) {
      ZQ_RETURN_IF_ERROR(store.SubmitInputs(province, s.year, city.code,
                                            stats::EvaluationStage::kVerified, body.dump()));
      ++s.verified;
    }
  }
  s.cities = static_cast<int>(cities.size());
  return s;
}

}  // namespace zq::demo

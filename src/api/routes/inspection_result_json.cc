#include "api/routes/inspection_result_json.h"

#include <string_view>

#include <nlohmann/json.hpp>

namespace zq::api {
namespace {

using nlohmann::json;

json ItemsJson(const std::vector<inspection::TestItem>& items) {
  json out = json::array();
  for (const inspection::TestItem& i : items) {
    out.push_back({{"name", i.name},
                   {"key_item", i.key_item},
                   {"method", i.method},
                   {"limit", i.limit},
                   {"measured", i.measured},
                   {"unit", i.unit},
                   {"verdict", inspection::VerdictName(i.verdict)}});
  }
  return out;
}

json ResultsJson(const inspection::TestResults& r) {
  return {{"institution", r.institution},
          {"report_number", r.report_number},
          {"tested_on", r.tested_on},
          {"items", ItemsJson(r.items)}};
}

}  // namespace

json BatchJson(const inspection::Batch& b) {
  const inspection::SamplingRecord& s = b.sampling;
  json appeals = json::array();
  for (const inspection::Appeal& a : b.appeals) {
    appeals.push_back({{"id", a.id},
                       {"kind", inspection::AppealKindName(a.kind)},
                       {"requested_on", a.requested_on},
                       {"reason", a.reason},
                       {"status", a.status},
                       {"decided_on", a.decided_on},
                       {"decision", a.decision}});
  }
  json out = {{"id", b.id},
              {"task_id", b.task_id},
              {"plan_id", b.plan_id},
              {"plan_code", b.plan_code},
              {"uscc", b.uscc},
              {"firm_name", b.firm_name},
              {"region_code", b.region_code},
              {"status", b.status},
              {"sampling",
               {{"sampled_on", s.sampled_on},
                {"place", s.place},
                {"batch_number", s.batch_number},
                {"quantity", s.quantity},
                {"reserve_quantity", s.reserve_quantity},
                {"category_code", s.category_code},
                {"product_name", s.product_name},
                {"specification", s.specification},
                {"brand", s.brand},
                {"samplers", s.samplers}}},
              {"results", ResultsJson(b.results)},
              {"initial_verdict", b.initial_verdict},
              {"notified_on", b.notified_on},
              {"objection_deadline", b.objection_deadline},
              {"retest_deadline", b.retest_deadline},
              {"appeals", appeals},
              {"final_verdict", b.final_verdict},
              {"final_on", b.final_on},
              {"publication_due", b.publication_due},
              {"published_on", b.published_on},
              {"publication_overdue", b.publication_overdue},
              {"recorded_by", b.recorded_by},
              {"updated_at", b.updated_at}};
  if (!b.retest.items.empty())
    out["retest"] = ResultsJson(b.retest);
  return out;
}

json TaskJson(const inspection::TaskSummary& t) {
  return {{"task_id", t.task_id},         {"plan_id", t.plan_id},   {"plan_code", t.plan_code},
          {"plan_name", t.plan_name},     {"uscc", t.uscc},         {"firm_name", t.firm_name},
          {"region_code", t.region_code}, {"drawn_on", t.drawn_on}, {"inspectors", t.inspectors},
          {"batch_id", t.batch_id},       {"status", t.status},     {"may_sample", t.may_sample}};
}

json FollowUpJson(const inspection::FollowUp& f) {
  return {{"id", f.id},
          {"batch_id", f.batch_id},
          {"uscc", f.uscc},
          {"firm_name", f.firm_name},
          {"region_code", f.region_code},
          {"product_name", f.product_name},
          {"stop_selling_specification", f.specification},
          {"status", f.status},
          {"opened_on", f.opened_on},
          {"due_on", f.due_on},
          {"extended_days", f.extended_days},
          {"rectification_reported_on", f.rectification_reported_on},
          {"reinspected_on", f.reinspected_on},
          {"reinspection_verdict", f.reinspection_verdict},
          {"level", f.level},
          {"step", inspection::EscalationStepName(f.level)},
          {"closed_on", f.closed_on},
          {"overdue", f.overdue}};
}

json PublishedJson(const inspection::PublishedResult& p) {
  return {{"batch_id", p.batch_id},
          {"plan_code", p.plan_code},
          {"authority", p.authority},
          {"firm_name", p.firm_name},
          {"uscc", p.uscc},
          {"region_code", p.region_code},
          {"category_code", p.category_code},
          {"product_name", p.product_name},
          {"specification", p.specification},
          {"brand", p.brand},
          {"batch_number", p.batch_number},
          {"institution", p.institution},
          {"verdict", p.verdict},
          {"items_failed", p.items_failed},
          {"final_on", p.final_on},
          {"published_on", p.published_on}};
}

using inspection::SamplingRecord;
using inspection::TestItem;
using inspection::TestResults;

const Body<SamplingRecord> kSamplingBody =
    Body<SamplingRecord>()
        .Member(
            "sampled_on", &SamplingRecord::sampled_on, Presence::kRequired,
            {.description = "抽样日期: not before the draw, not in the future", .format = "date"})
        .Member("place", &SamplingRecord::place, Presence::kRequired,
                {.description = "抽样地点, e.g. 成品仓库"})
        .Member("batch_number", &SamplingRecord::batch_number, Presence::kRequired,
                {.description = "批号 of the sampled batch"})
        .Member("quantity", &SamplingRecord::quantity, Presence::kRequired,
                {.description = "抽样数量: units taken for testing, 1 to 100000"})
        .Member(
            "reserve_quantity", &SamplingRecord::reserve_quantity, Presence::kOptional,
            {.description = "备样数量: units sealed as the reserve sample for a re-test (复检); "
                            "0 (the default): none, and no re-test can be asked"})
        .Member("category_code", &SamplingRecord::category_code, Presence::kRequired,
                {.description = "the product's catalogue code"})
        .Member("product_name", &SamplingRecord::product_name, Presence::kRequired)
        .Member("specification", &SamplingRecord::specification, Presence::kRequired,
                {.description = "规格型号"})
        .Member("brand", &SamplingRecord::brand, Presence::kOptional, {.description = "商标"})
        .Member("samplers", &SamplingRecord::samplers, Presence::kRequired,
                {.description = "抽样人员: at least two different names; personal data, sealed at "
                                "rest and masked on read"});

const Body<TestItem> kTestItemBody =
    Body<TestItem>()
        .Member("name", &TestItem::name, Presence::kRequired,
                {.description = "检验项目, e.g. 导体电阻"})
        .Member("key_item", &TestItem::key_item, Presence::kOptional,
                {.description = "重点检查项目: a safety or key quality characteristic"})
        .Member("method", &TestItem::method, Presence::kRequired,
                {.description = "the test method standard, e.g. GB/T 3048.4-2007"})
        .Member("limit", &TestItem::limit, Presence::kRequired,
                {.description = "标准要求 as written, e.g. ≤7.41"})
        .Member("measured", &TestItem::measured, Presence::kRequired,
                {.description = "实测值 as reported, e.g. 7.86"})
        .Member("unit", &TestItem::unit, Presence::kOptional, {.description = "e.g. Ω/km"})
        .Enumerated(
            "verdict", &TestItem::verdict, Presence::kRequired,
            [](std::string_view text) { return inspection::ParseVerdict(text, "verdict"); },
            {.description = "单项判定: pass (合格) or fail (不合格)", .one_of = {"pass", "fail"}});

const Body<TestResults> kTestResultsBody =
    Body<TestResults>()
        .Member("institution", &TestResults::institution, Presence::kRequired,
                {.description = "承检机构"})
        .Member("report_number", &TestResults::report_number, Presence::kOptional,
                {.description = "检验报告编号"})
        .Member("tested_on", &TestResults::tested_on, Presence::kRequired,
                {.description = "the date of the report", .format = "date"})
        .List("items", &TestResults::items, kTestItemBody, Presence::kRequired,
              {.description = "1 to 500 检验项目; the batch fails when any item fails"});

}  // namespace zq::api

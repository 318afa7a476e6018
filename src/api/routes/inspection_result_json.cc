#include "api/routes/inspection_result_json.h"

#include <charconv>

#include <nlohmann/json.hpp>

namespace zq::api {
namespace {

using nlohmann::json;

Result<std::int64_t> Whole(const json& body, const char* field, bool required) {
  if (!body.contains(field)) {
    if (required)
      return Status::InvalidArgument(std::string(field) + " is required", field);
    return std::int64_t{0};
  }
  if (!body[field].is_number_integer())
    return Status::InvalidArgument(std::string(field) + " must be a whole number", field);
  return body[field].get<std::int64_t>();
}

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

Result<std::string> StringField(const json& body, const char* field, bool required) {
  if (!body.contains(field)) {
    if (required)
      return Status::InvalidArgument(std::string(field) + " is required", field);
    return std::string();
  }
  if (!body[field].is_string())
    return Status::InvalidArgument(std::string(field) + " must be a string", field);
  return body[field].get<std::string>();
}

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

Result<inspection::SamplingRecord> SamplingFromJson(const json& body) {
  inspection::SamplingRecord s;
  ZQ_ASSIGN_OR_RETURN(s.sampled_on, StringField(body, "sampled_on", true));
  ZQ_ASSIGN_OR_RETURN(s.place, StringField(body, "place", true));
  ZQ_ASSIGN_OR_RETURN(s.batch_number, StringField(body, "batch_number", true));
  ZQ_ASSIGN_OR_RETURN(s.quantity, Whole(body, "quantity", true));
  ZQ_ASSIGN_OR_RETURN(s.reserve_quantity, Whole(body, "reserve_quantity", false));
  ZQ_ASSIGN_OR_RETURN(s.category_code, StringField(body, "category_code", true));
  ZQ_ASSIGN_OR_RETURN(s.product_name, StringField(body, "product_name", true));
  ZQ_ASSIGN_OR_RETURN(s.specification, StringField(body, "specification", true));
  ZQ_ASSIGN_OR_RETURN(s.brand, StringField(body, "brand", false));
  if (!body.contains("samplers") || !body["samplers"].is_array())
    return Status::InvalidArgument("samplers is a list of at least two names", "samplers");
  for (const json& name : body["samplers"]) {
    if (!name.is_string())
      return Status::InvalidArgument("samplers is a list of names", "samplers");
    s.samplers.push_back(name.get<std::string>());
  }
  return s;
}

Result<inspection::TestResults> ResultsFromJson(const json& body) {
  inspection::TestResults r;
  ZQ_ASSIGN_OR_RETURN(r.institution, StringField(body, "institution", true));
  ZQ_ASSIGN_OR_RETURN(r.report_number, StringField(body, "report_number", false));
  ZQ_ASSIGN_OR_RETURN(r.tested_on, StringField(body, "tested_on", true));
  if (!body.contains("items") || !body["items"].is_array())
    return Status::InvalidArgument("items is a list of test items", "items");
  for (std::size_t n = 0; n < body["items"].size(); ++n) {
    const json& item = body["items"][n];
    const std::string at = "items[" + std::to_string(n) + "].";
    if (!item.is_object())
      return Status::InvalidArgument("a test item is an object", at.substr(0, at.size() - 1));
    inspection::TestItem i;
    auto text = [&](const char* field, bool required, std::string& out) -> Status {
      Result<std::string> v = StringField(item, field, required);
      if (!v.ok())
        return Status::InvalidArgument(v.status().message(), at + field);
      out = std::move(v).value();
      return Status::Ok();
    };
    ZQ_RETURN_IF_ERROR(text("name", true, i.name));
    ZQ_RETURN_IF_ERROR(text("method", true, i.method));
    ZQ_RETURN_IF_ERROR(text("limit", true, i.limit));
    ZQ_RETURN_IF_ERROR(text("measured", true, i.measured));
    ZQ_RETURN_IF_ERROR(text("unit", false, i.unit));
    std::string verdict;
    ZQ_RETURN_IF_ERROR(text("verdict", true, verdict));
    ZQ_ASSIGN_OR_RETURN(i.verdict, inspection::ParseVerdict(verdict, at + "verdict"));
    if (item.contains("key_item")) {
      if (!item["key_item"].is_boolean())
        return Status::InvalidArgument("key_item must be true or false", at + "key_item");
      i.key_item = item["key_item"].get<bool>();
    }
    r.items.push_back(std::move(i));
  }
  return r;
}

}  // namespace zq::api

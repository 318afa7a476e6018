// 统计报表's routes (report_store.h): the forms, the panel an office asks to file, the filings
// and their revisions, and the quality loss rate computed from them.
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/body.h"
#include "api/handlers.h"
#include "api/router.h"
#include "app/context.h"
#include "stats/report_store.h"
#include "stats/stats_json.h"

namespace zq::stats {

void AddReportRoutes(api::Router& router, app::Context& context);

namespace {

using nlohmann::json;

std::string_view GroupName(FigureGroup group) {
  switch (group) {
    case FigureGroup::kOutputValue:
      return "output_value";
    case FigureGroup::kInternalFailure:
      return "internal_failure";
    case FigureGroup::kExternalFailure:
      return "external_failure";
  }
  return "";
}

json FormJson(const ReportForm& form) {
  json fields = json::array();
  for (const FormField& f : form.fields) {
    fields.push_back({{"code", f.code},
                      {"name_zh", f.name_zh},
                      {"name_en", f.name_en},
                      {"group", GroupName(f.group)},
                      {"required", f.required}});
  }
  return {{"code", form.code},
          {"version", form.version},
          {"name_zh", form.name_zh},
          {"name_en", form.name_en},
          {"unit", form.unit},
          {"period", form.period_kind == ReportPeriodKind::kYear ? "year" : "quarter"},
          {"due_months_after", form.due_months_after},
          {"fields", fields}};
}

json FilingJson(const ReportFiling& f) {
  return {{"form", f.form_code},
          {"form_version", f.form_version},
          {"period", f.period},
          {"uscc", f.uscc},
          {"region_code", f.region_code},
          {"revision", f.revision},
          {"values", f.figures},
          {"warnings", f.warnings},
          {"reason", f.reason},
          {"submitted_at", f.submitted_at},
          {"submitted_by", f.submitted_by},
          {"by_office", f.by_office},
          {"late", f.late}};
}

json PanelJson(const PanelStatus& p) {
  json members = json::array();
  for (const PanelMember& m : p.members) {
    members.push_back({{"uscc", m.uscc},
                       {"name", m.name},
                       {"region_code", m.region_code},
                       {"state", m.state},
                       {"revisions", m.revisions},
                       {"filed_at", m.filed_at}});
  }
  return {{"form", p.form_code},        {"period", p.period},
          {"region", p.region_code},    {"due_on", p.due_on},
          {"as_of", p.as_of},           {"filed", p.filed},
          {"filed_late", p.filed_late}, {"due", p.due},
          {"overdue", p.overdue},       {"items", members}};
}

struct EnrolRequest {
  std::vector<std::string> usccs;
};

const api::Body<EnrolRequest> kEnrolBody = api::Body<EnrolRequest>().Member(
    "usccs", &EnrolRequest::usccs, api::Presence::kRequired,
    {.description = "the firms' USCCs (1 to 5,000), registered and in your jurisdiction"});

struct FilingRequest {
  json values;
  std::string reason;
};

const api::Body<FilingRequest> kFilingBody =
    api::Body<FilingRequest>()
        .Custom("values",
                {{"type", "object"},
                 {"description", "the form's figures by field code, numbers in the form's unit"},
                 {"additionalProperties", {{"type", "number"}}}},
                api::Presence::kRequired,
                [](const json& v, FilingRequest& out) {
                  out.values = v;
                  return Status::Ok();
                })
        .Member("reason", &FilingRequest::reason, api::Presence::kOptional,
                {.description = "why the figures are revised (更正): required for a revision"});

struct LossRateRequest {
  std::string period, region;
};

const api::Body<LossRateRequest> kLossRateBody =
    api::Body<LossRateRequest>()
        .Member("period", &LossRateRequest::period, api::Presence::kRequired,
                {.description = "the enterprise_quality form's period, a year: 2026"})
        .Member("region", &LossRateRequest::region, api::Presence::kOptional,
                {.description = "GB/T 2260 code within the jurisdiction (default: all of it)"});

}  // namespace

void AddReportRoutes(api::Router& router, app::Context& context) {
  ReportStore& reports = context.Get<ReportStore>();
  router.Add({.route = "GET /api/v1/stats/report-forms",
              .access = api::Access::kPublic,
              .summary = "统计报表: the report forms firms file, with their figures, unit, period "
                         "and due date rule",
              .handler = [](const api::Request&, api::RequestContext&) -> Result<api::Response> {
                return api::Response::Json(api::ItemsJson(BuiltInReportForms(), FormJson));
              }});
  router.Add(
      {.route = "POST /api/v1/stats/report-forms/{form}/{period}/panel",
       .access = api::Access::kWriter,
       .summary = "Ask firms to file a form for a period (调查对象); firms asked already stay",
       .request_schema = kEnrolBody.Schema(),
       .errors = {404},
       .handler = [&reports](const api::Request& req,
                             api::RequestContext& ctx) -> Result<api::Response> {
         ZQ_ASSIGN_OR_RETURN(const EnrolRequest body, kEnrolBody.Parse(req));
         ZQ_ASSIGN_OR_RETURN(const int added,
                             reports.Enrol(ctx.caller, req.path_params.at("form"),
                                           req.path_params.at("period"), body.usccs));
         return api::Response::Json({{"added", added}});
       }});
  router.Add(
      {.route = "GET /api/v1/stats/report-forms/{form}/{period}/panel",
       .access = api::Access::kOfficial,
       .summary = "The firms asked to file in a region and where each stands today: due, "
                  "overdue, filed, filed_late",
       .params = {{.name = "region", .description = "GB/T 2260 code (default: your jurisdiction)"}},
       .errors = {404},
       .handler = [&reports](const api::Request& req,
                             api::RequestContext& ctx) -> Result<api::Response> {
         ZQ_ASSIGN_OR_RETURN(const auto region, api::QueryRegion(req));
         ZQ_ASSIGN_OR_RETURN(const PanelStatus panel,
                             reports.Panel(ctx.caller, req.path_params.at("form"),
                                           req.path_params.at("period"), region));
         return api::Response::Json(PanelJson(panel));
       }});
  router.Add(
      {.route = "PUT /api/v1/stats/report-forms/{form}/{period}/filings/{uscc}",
       .access = api::Access::kSignedIn,
       .summary = "File a firm's figures (the firm, or its region's office for it: 代填), or "
                  "revise them with a reason (更正); every revision is kept",
       .request_schema = kFilingBody.Schema(),
       .errors = {404},
       .handler = [&reports](const api::Request& req,
                             api::RequestContext& ctx) -> Result<api::Response> {
         ZQ_ASSIGN_OR_RETURN(const FilingRequest body, kFilingBody.Parse(req));
         ZQ_ASSIGN_OR_RETURN(
             const ReportFiling filing,
             reports.File(ctx.caller, req.path_params.at("form"), req.path_params.at("period"),
                          req.path_params.at("uscc"), body.values, body.reason));
         return api::Response::Json(FilingJson(filing));
       }});
  router.Add(
      {.route = "POST /api/v1/stats/report-forms/{form}/{period}/filings",
       .access = api::Access::kWriter,
       .summary =
           "File many firms' figures from a CSV or XLSX file sent as the body (代填): a "
           "header row naming uscc (统一社会信用代码), an optional reason (更正原因) and the "
           "form's figures by code or Chinese name; good rows filed, each bad row "
           "reported with its line and field",
       .request_schema = R"({"type":"string","format":"binary"})",
       .request_media_types = {"text/csv",
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
       .errors = {404, 413},
       .handler = [&reports](const api::Request& req,
                             api::RequestContext& ctx) -> Result<api::Response> {
         if (req.body.empty())
           return Status::InvalidArgument("the body is the CSV or XLSX file", "body");
         std::istringstream in(req.body);
         ZQ_ASSIGN_OR_RETURN(const registry::ImportReport report,
                             reports.FileTable(ctx.caller, req.path_params.at("form"),
                                               req.path_params.at("period"), in));
         return api::Response::Json(registry::ImportReportJson(report));
       }});
  router.Add({.route = "GET /api/v1/stats/report-forms/{form}/{period}/template",
              .access = api::Access::kSignedIn,
              .summary = "The sheet to fill in and send back to …/filings, as CSV: headers in "
                         "Chinese; for an office, a row for each firm of its panel not yet filed; "
                         "for a firm, its own row",
              .errors = {404},
              .content_type = "text/csv",
              .handler = [&reports](const api::Request& req,
                                    api::RequestContext& ctx) -> Result<api::Response> {
                const std::string& form = req.path_params.at("form");
                const std::string& period = req.path_params.at("period");
                ZQ_ASSIGN_OR_RETURN(std::string sheet, reports.Template(ctx.caller, form, period));
                const ReportForm* found = FindReportForm(form).value();
                return api::Response::Download(std::move(sheet), "text/csv; charset=utf-8",
                                               found->name_zh + "_" + period + "_填报模板.csv");
              }});
  router.Add({.route = "GET /api/v1/stats/report-forms/{form}/{period}/filings/{uscc}",
              .access = api::Access::kSignedIn,
              .summary = "A firm's filing, every revision, newest first: the firm itself and the "
                         "officials of its region",
              .errors = {404},
              .handler = [&reports](const api::Request& req,
                                    api::RequestContext& ctx) -> Result<api::Response> {
                ZQ_ASSIGN_OR_RETURN(
                    const auto revisions,
                    reports.Revisions(ctx.caller, req.path_params.at("form"),
                                      req.path_params.at("period"), req.path_params.at("uscc")));
                return api::Response::Json(api::ItemsJson(revisions, FilingJson));
              }});
  router.Add(
      {.route = "POST /api/v1/stats/indicators/quality_loss_rate/compute",
       .access = api::Access::kWriter,
       .summary = "Compute and store the quality loss rate (质量损失率 = ΣC/ΣP over the firms' "
                  "latest filings of enterprise_quality) of the region and each region one "
                  "level below it, with its linearised 95% interval",
       .request_schema = kLossRateBody.Schema(),
       .errors = {404},
       .handler = [&reports](const api::Request& req,
                             api::RequestContext& ctx) -> Result<api::Response> {
         ZQ_ASSIGN_OR_RETURN(const LossRateRequest body, kLossRateBody.Parse(req));
         ZQ_ASSIGN_OR_RETURN(const auto region, api::RegionParam(body.region, "region"));
         ZQ_ASSIGN_OR_RETURN(const auto values,
                             reports.ComputeQualityLossRates(ctx.caller, body.period, region));
         return api::Response::Json(api::ItemsJson(values, IndicatorValueJson));
       }});
}

}  // namespace zq::stats

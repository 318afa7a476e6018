// The annual quality status report's routes (quality_report.h): generate an edition, read it as
// JSON (its snapshot) or as the HTML page rendered from that snapshot.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "api/body.h"
#include "api/handlers.h"
#include "api/router.h"
#include "app/context.h"
#include "stats/quality_report.h"

namespace zq::stats {

void AddQualityReportRoutes(api::Router& router, app::Context& context);
Result<PassRateQuery> LoadedPassRates(app::Context& context);  // module.cc

namespace {

using nlohmann::json;

struct GenerateRequest {
  std::string region;
  int year = 0;
};

const api::Body<GenerateRequest> kGenerateBody =
    api::Body<GenerateRequest>()
        .Member("region", &GenerateRequest::region, api::Presence::kOptional,
                {.description = "GB/T 2260 code of the province, city or county (default: your "
                                "jurisdiction)"})
        .Member("year", &GenerateRequest::year, api::Presence::kRequired,
                {.description = "the calendar year reported on, 2000 to this year"});

json EditionJson(const QualityReportEdition& e) {
  return {{"region", e.region_code},        {"year", e.year},
          {"edition", e.edition},           {"generated_at", e.generated_at},
          {"generated_by", e.generated_by}, {"digest", e.digest},
          {"snapshot", e.snapshot}};
}

// The path's region and year and the optional ?edition= of a stored report.
struct EditionKey {
  ids::RegionCode region;
  int year = 0;
  std::optional<int> edition;
};

Result<EditionKey> ReadEditionKey(const api::Request& req) {
  EditionKey key;
  ZQ_ASSIGN_OR_RETURN(key.region, ids::ParseRegionCode(req.path_params.at("region")));
  ZQ_ASSIGN_OR_RETURN(const std::int64_t year, api::PathId(req, "year"));
  if (year > 9999)
    return Status::InvalidArgument("the year is a calendar year", "year");
  key.year = static_cast<int>(year);
  if (req.HasQuery("edition")) {
    int edition = 0;
    ZQ_RETURN_IF_ERROR(api::ReadInt(req, "edition", 0, edition));
    if (edition < 1)
      return Status::InvalidArgument("the edition is 1 or more", "edition");
    key.edition = edition;
  }
  return key;
}

const std::vector<api::ParamSpec> kEditionParams = {
    {.name = "region", .description = "GB/T 2260 code the report is of"},
    {.name = "year", .description = "the calendar year reported on"},
    {.name = "edition", .description = "an edition (default: the latest)"}};

}  // namespace

void AddQualityReportRoutes(api::Router& router, app::Context& context) {
  QualityReports& reports = context.Get<QualityReports>();
  router.Add({.route = "POST /api/v1/stats/quality-reports",
              .access = api::Access::kWriter,
              .summary =
                  "Generate the annual quality status report (质量状况分析报告) of a region and "
                  "year as a new edition: the spot-check pass rates computed and stored, the "
                  "quality loss rates as stored, product categories and firm sizes against the "
                  "year before, the regions below; every number frozen in a snapshot with its "
                  "interval and source",
              .request_schema = kGenerateBody.Schema(),
              .errors = {404},
              .handler = [&reports, &context](const api::Request& req,
                                              api::RequestContext& ctx) -> Result<api::Response> {
                ZQ_ASSIGN_OR_RETURN(const GenerateRequest body, kGenerateBody.Parse(req));
                ZQ_ASSIGN_OR_RETURN(const auto region, api::RegionParam(body.region, "region"));
                ZQ_ASSIGN_OR_RETURN(const PassRateQuery query, LoadedPassRates(context));
                ZQ_ASSIGN_OR_RETURN(const QualityReportEdition edition,
                                    reports.Generate(query, ctx.caller, region, body.year));
                return api::Response::Json(EditionJson(edition), 201);
              }});
  router.Add({.route = "GET /api/v1/stats/quality-reports/{region}/{year}",
              .access = api::Access::kOfficial,
              .summary = "A stored edition of the annual quality status report: its snapshot, "
                         "every number with its interval and source, and the snapshot's SM3",
              .params = kEditionParams,
              .errors = {404},
              .handler = [&reports](const api::Request& req,
                                    api::RequestContext& ctx) -> Result<api::Response> {
                ZQ_ASSIGN_OR_RETURN(const EditionKey key, ReadEditionKey(req));
                ZQ_ASSIGN_OR_RETURN(const QualityReportEdition edition,
                                    reports.Get(ctx.caller, key.region, key.year, key.edition));
                return api::Response::Json(EditionJson(edition));
              }});
  router.Add({.route = "GET /api/v1/stats/quality-reports/{region}/{year}/html",
              .access = api::Access::kOfficial,
              .summary = "A stored edition of the annual quality status report as one HTML page "
                         "(Simplified Chinese), rendered from its snapshot",
              .params = kEditionParams,
              .errors = {404},
              .content_type = "text/html",
              .handler = [&reports](const api::Request& req,
                                    api::RequestContext& ctx) -> Result<api::Response> {
                ZQ_ASSIGN_OR_RETURN(const EditionKey key, ReadEditionKey(req));
                ZQ_ASSIGN_OR_RETURN(const QualityReportEdition edition,
                                    reports.Get(ctx.caller, key.region, key.year, key.edition));
                return api::Response::Bytes(QualityReportHtml(edition), "text/html; charset=utf-8");
              }});
  router.Add({.route = "GET /api/v1/stats/quality-reports/{region}/{year}/pdf",
              .access = api::Access::kOfficial,
              .summary = "A stored edition of the annual quality status report as PDF, the HTML "
                         "page printed by a headless Chromium (503 without one)",
              .params = kEditionParams,
              .errors = {404, 503},
              .content_type = "application/pdf",
              .handler = [&reports](const api::Request& req,
                                    api::RequestContext& ctx) -> Result<api::Response> {
                ZQ_ASSIGN_OR_RETURN(const EditionKey key, ReadEditionKey(req));
                ZQ_ASSIGN_OR_RETURN(const QualityReportEdition edition,
                                    reports.Get(ctx.caller, key.region, key.year, key.edition));
                ZQ_ASSIGN_OR_RETURN(std::string pdf, QualityReportPdf(edition));
                return api::Response::Download(std::move(pdf), "application/pdf",
                                               QualityReportFileName(edition, "pdf"));
              }});
}

}  // namespace zq::stats

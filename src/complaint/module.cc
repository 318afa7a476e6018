// The complaint module's manifest (投诉举报): ComplaintService (intake, routing, the handling steps
// with their statutory deadlines, classification, counts) and its routes: the portal's submission
// form (public, rate limited per client), the operator's and other systems' intake, the office's
// case list with deadlines and the overdue filter, a case with its submitter and history, the
// handling steps, the labels, the counts for the risk module, and the rule tables in force; and
// its command group, `zq complaint` (complaint_commands.h: the trainable text classifier).
#include <array>
#include <functional>
#include <string>

#include "api/body.h"
#include "api/handlers.h"
#include "api/http.h"
#include "api/router.h"
#include "app/context.h"
#include "app/manifests.h"
#include "cli/commands/commands.h"
#include "complaint/complaint_commands.h"
#include "complaint/complaint_json.h"
#include "complaint/complaint_service.h"
#include "core/calendar.h"
#include "core/page.h"
#include "demo/steps.h"
#include "registry/registry.h"

namespace zq::complaint {

// The complaint routes (the group "complaint"), the portal's (portal_routes.cc).
void AddComplaintRoutes(api::Router& router, app::Context& context);
void AddComplaintPortalRoutes(api::Router& router, app::Context& context);

namespace {

using api::Access;
using api::Body;
using api::Presence;
using S = SubmissionInput;

std::vector<std::string> AxisCodes(std::string_view axis) {
  std::vector<std::string> out;
  for (const TaxonomyEntry& e : Taxonomy::Embedded().Axis(axis)) out.push_back(e.code);
  return out;
}

Body<S> SubmissionBody() {
  return Body<S>()
      .Member("kinds", &S::kinds, Presence::kRequired,
              {.description = "complaint (投诉), report (举报) or both: a mixed submission becomes "
                              "one case of each (Order 20 Art. 7)"})
      .Member("external_id", &S::external_id, Presence::kOptional,
              {.description = "another system's identifier, taken once"})
      .Member("name", &S::name, Presence::kOptional,
              {.description = "the submitter's name (required for a complaint and a real-name "
                              "report, Art. 9)"})
      .Member("phone", &S::phone, Presence::kOptional, {.description = "required for a complaint"})
      .Member("id_number", &S::id_number, Presence::kOptional,
              {.description = "居民身份证号码, checked against GB 11643"})
      .Member("address", &S::address, Presence::kOptional,
              {.description = "required for a complaint"})
      .Member("real_name", &S::real_name, Presence::kOptional,
              {.description = "a report given with the reporter's name (default true)"})
      .Member("publish_consent", &S::publish_consent, Presence::kOptional,
              {.description = "a complaint's facts may be published, scrubbed of personal data, "
                              "once it is closed (default false)"})
      .Member("respondent_uscc", &S::respondent_uscc, Presence::kOptional,
              {.description = "the respondent's USCC: its name and domicile from the registry"})
      .Member("respondent_name", &S::respondent_name, Presence::kOptional,
              {.description = "required without a USCC"})
      .Member("respondent_kind", &S::respondent_kind, Presence::kOptional,
              {.one_of = {"ordinary", "platform", "own_site", "platform_merchant"}})
      .Member("domicile_region", &S::domicile_region, Presence::kOptional,
              {.description = "住所地 (GB/T 2260) when the respondent is not registered"})
      .Member("business_region", &S::business_region, Presence::kOptional,
              {.description = "实际经营地 (GB/T 2260)"})
      .Member("platform_uscc", &S::platform_uscc, Presence::kOptional,
              {.description = "a platform merchant's platform"})
      .Member("subject", &S::subject, Presence::kOptional,
              {.description = "what a report is about",
               .one_of = {"conduct", "mass_media_ad", "internet_ad", "self_published_internet_ad"}})
      .Member("act_region", &S::act_region, Presence::kOptional,
              {.description = "report: 行为发生地 (GB/T 2260)"})
      .Member("publisher_region", &S::publisher_region, Presence::kOptional,
              {.description = "advertisement: 广告发布者所在地"})
      .Member("advertiser_region", &S::advertiser_region, Presence::kOptional,
              {.description = "advertisement: 广告主所在地"})
      .Member("agency_region", &S::agency_region, Presence::kOptional,
              {.description = "advertisement: 广告经营者所在地"})
      .Member("facts", &S::facts, Presence::kRequired,
              {.description = "the dispute's facts or the lead (up to 4000 bytes)"})
      .Member("request", &S::request, Presence::kOptional,
              {.description = "complaint: what the complainant asks for"})
      .Member("object_class", &S::object_class, Presence::kOptional,
              {.description = "中消协 object class (else classified by keyword rules)",
               .one_of = AxisCodes("object")})
      .Member("problem", &S::problem, Presence::kOptional,
              {.description = "中消协 problem nature", .one_of = AxisCodes("problem")});
}

const Body<S> kSubmissionBody = SubmissionBody();

struct Batch {
  std::vector<S> items;
};

const Body<Batch> kBatchBody = Body<Batch>().List(
    "items", &Batch::items, SubmissionBody(), Presence::kRequired,
    {.description = "submissions from another system (the 12315 platform): all or none"});

const Body<StepInput> kStepBody =
    Body<StepInput>()
        .Member("ground", &StepInput::ground, Presence::kOptional,
                {.description = "refuse: an Art. 15 ground; terminate: an Art. 21 ground; pause: "
                                "what stops the clock (GET /api/v1/complaints/rules)"})
        .Member("reason", &StepInput::reason, Presence::kOptional,
                {.description = "return: why this office is not competent; extend: the approval; "
                                "reopen: why"})
        .Member("outcome", &StepInput::outcome, Presence::kOptional,
                {.description = "agree: the agreement; open/not_open/close: the result"})
        .Member("handling_region", &StepInput::handling_region, Presence::kOptional,
                {.description = "dispatch: the competent office (GB/T 2260)"})
        .Member("duplicate_of", &StepInput::duplicate_of, Presence::kOptional,
                {.description = "merge: the earlier case's number (the repeat is linked to the "
                                "first case of its chain)"})
        .Member("upheld", &StepInput::upheld, Presence::kOptional,
                {.description = "close: 查证属实, a finding against a registered respondent "
                                "(published to credit as complaint.upheld)"})
        .Member("note", &StepInput::note, Presence::kOptional,
                {.description = "mediate: online, phone or on site; any step: a note"});

const Body<Classification> kLabelBody =
    Body<Classification>()
        .Member("object_class", &Classification::object_class, Presence::kRequired,
                {.one_of = AxisCodes("object")})
        .Member("problem", &Classification::problem, Presence::kRequired,
                {.one_of = AxisCodes("problem")});

struct StepRoute {
  Action action;
  const char* summary;
};

constexpr std::array<StepRoute, 15> kSteps = {{
    {Action::kAccept, "Accept: a complaint is 受理 (Art. 14), a report's verification begins"},
    {Action::kRefuse, "Refuse a complaint (不予受理) with an Art. 15 ground"},
    {Action::kReturn,
     "Return a case this office is not competent for, with the reason; the competent office is "
     "named (Arts. 29, 37)"},
    {Action::kDispatch, "Intake sends a returned case on to a competent office (Art. 37)"},
    {Action::kMediate, "Begin mediation (online, phone or on site: note)"},
    {Action::kAgree, "Mediation succeeded: the agreement (outcome)"},
    {Action::kTerminate, "End mediation with an Art. 21 ground; tell the parties within 7 WD"},
    {Action::kExtend, "Extend a report's verification by 15 WD with approval (reason)"},
    {Action::kOpen, "Open an enforcement case on a report (立案)"},
    {Action::kNotOpen, "Decide not to open a case on a report (不予立案)"},
    {Action::kClose, "Close the case (办结); upheld: 查证属实, published to credit"},
    {Action::kPause,
     "Stop the running timer's clock (ground: testing; Art. 20, 处罚程序规定 Art. 18)"},
    {Action::kResume, "Restart the clock; the paused working days are not counted"},
    {Action::kMerge, "Merge a repeat into an earlier case (duplicate_of), linked both ways"},
    {Action::kReopen, "Reopen a closed case to the state it was closed from (reason)"},
}};

Result<CaseFilter> CaseFilterFrom(const api::Request& req) {
  CaseFilter f;
  f.kind = req.Query("kind");
  f.state = req.Query("state");
  if (req.HasQuery("region"))
    f.region = req.Query("region");
  f.overdue_only = req.Query("overdue") == "true";
  ZQ_RETURN_IF_ERROR(api::ReadPage(req, f.page.page, f.page.page_size));
  return f;
}

// A page of records: {"items": [to_json(item), …], "total", "page", "page_size"}.
template <class T>
nlohmann::json PageJson(const PageOf<T>& page, nlohmann::json (*to_json)(const T&)) {
  nlohmann::json out = api::ItemsJson(page.items, to_json);
  out["total"] = page.total;
  out["page"] = page.page;
  out["page_size"] = page.page_size;
  return out;
}

}  // namespace

void AddComplaintRoutes(api::Router& router, app::Context& context) {
  ComplaintService& service = context.Get<ComplaintService>();
  router.Add(
      {.route = "POST /api/v1/complaints/submissions",
       .access = Access::kPublic,
       .summary = "Submit a complaint, a report or both: from the portal (anonymous, at most a few "
                  "an hour per client), an official's console (a phone call, received by their "
                  "office) or a client with the complaint.submit permission; answers the cases "
                  "with their competent office and deadlines",
       .request_schema = kSubmissionBody.Schema(),
       .errors = {404, 409},
       .handler = [&service](const api::Request& req,
                             api::RequestContext& ctx) -> Result<api::Response> {
         ZQ_ASSIGN_OR_RETURN(S input, kSubmissionBody.Parse(req));
         ZQ_ASSIGN_OR_RETURN(const Submitted s, service.Submit(ctx.caller, input, req.remote_addr));
         return api::Response::Json(SubmittedJson(s), 201);
       }});
  router.Add({.route = "POST /api/v1/complaints/batch",
              .access = Access::kSignedIn,
              .summary = "Submissions from another system by API (complaint.submit permission or "
                         "a regulator): all stored or none, errors naming items[i].field",
              .request_schema = kBatchBody.Schema(),
              .errors = {404, 409},
              .handler = [&service](const api::Request& req,
                                    api::RequestContext& ctx) -> Result<api::Response> {
                ZQ_ASSIGN_OR_RETURN(Batch batch, kBatchBody.Parse(req));
                ZQ_ASSIGN_OR_RETURN(const std::vector<Submitted> all,
                                    service.SubmitBatch(ctx.caller, batch.items));
                return api::Response::Json(api::ItemsJson(all, SubmittedJson), 201);
              }});
  router.Add(
      {.route = "GET /api/v1/complaints",
       .access = Access::kOfficial,
       .summary = "Cases handled in the caller's jurisdiction, newest first (overdue=true: those "
                  "with a running timer past due, the most overdue first)",
       .params = {{.name = "kind", .description = "complaint or report"},
                  {.name = "state", .description = "a state of the case's machine"},
                  {.name = "region", .description = "GB/T 2260 code: its subtree"},
                  {.name = "overdue", .description = "true: overdue cases only"},
                  {.name = "page", .type = api::ParamType::kInteger, .description = "from 1"},
                  {.name = "page_size",
                   .type = api::ParamType::kInteger,
                   .description = "1-500, default 20"}},
       .handler = [&service](const api::Request& req,
                             api::RequestContext& ctx) -> Result<api::Response> {
         ZQ_ASSIGN_OR_RETURN(const CaseFilter f, CaseFilterFrom(req));
         ZQ_ASSIGN_OR_RETURN(const PageOf<CaseRecord> page, service.List(ctx.caller, f));
         return api::Response::Json(PageJson(page, CaseJson));
       }});
  router.Add(
      {.route = "GET /api/v1/complaints/counts",
       .access = Access::kOfficial,
       .summary = "Cases by handling office × object class × problem (中消协 axes), for clusters",
       .params = {{.name = "region", .description = "GB/T 2260 code: its subtree"},
                  {.name = "from", .description = "received on or after (YYYY-MM-DD)"},
                  {.name = "to", .description = "received on or before (YYYY-MM-DD)"},
                  {.name = "kind", .description = "complaint or report"}},
       .handler = [&service](const api::Request& req,
                             api::RequestContext& ctx) -> Result<api::Response> {
         CountFilter f{.from = req.Query("from"), .to = req.Query("to"), .kind = req.Query("kind")};
         if (req.HasQuery("region"))
           f.region = req.Query("region");
         ZQ_ASSIGN_OR_RETURN(const std::vector<CaseCount> counts, service.Counts(ctx.caller, f));
         return api::Response::Json(api::ItemsJson(counts, CaseCountJson));
       }});
  router.Add({.route = "GET /api/v1/public/complaints/businesses/{uscc}",
              .access = Access::kPublic,
              .summary =
                  "消费投诉公示: a registered business's complaints over the five years to today "
                  "(投诉量, 受理量, 调解成功率, by problem and by year), counts only",
              .params = {{.name = "uscc",
                          .in = api::ParamIn::kPath,
                          .description = "unified social credit code"}},
              .errors = {404},
              .handler = [&service](const api::Request& req,
                                    api::RequestContext&) -> Result<api::Response> {
                ZQ_ASSIGN_OR_RETURN(const ids::Uscc uscc, api::PathUscc(req));
                ZQ_ASSIGN_OR_RETURN(const BusinessComplaints b, service.BusinessRecord(uscc.code));
                return api::Response::Json(BusinessComplaintsJson(b));
              }});
  router.Add(
      {.route = "GET /api/v1/public/complaints/statistics",
       .access = Access::kPublic,
       .summary = "The quarter's complaint statistics as the 12315 reports give them: by object "
                  "class and problem, goods and services, reports, the handling tally",
       .params = {{.name = "quarter", .description = "2026Q3; default the last whole quarter"},
                  {.name = "region", .description = "GB/T 2260 code: its offices' cases"}},
       .errors = {404},
       .handler = [&service](const api::Request& req,
                             api::RequestContext&) -> Result<api::Response> {
         ZQ_ASSIGN_OR_RETURN(
             const QuarterlyComplaints q,
             service.QuarterlyStatistics(req.Query("quarter"), req.Query("region")));
         return api::Response::Json(QuarterlyComplaintsJson(q));
       }});
  router.Add(
      {.route = "GET /api/v1/public/complaints/cases",
       .access = Access::kPublic,
       .summary = "The public complaint database: closed complaints of five years once the "
                  "business's 15-day response window has passed, newest closed first; the facts "
                  "only where the complainant consented, scrubbed of personal data",
       .params = {{.name = "uscc", .description = "one business"},
                  {.name = "object_class", .description = "an object class of the taxonomy"},
                  {.name = "page", .type = api::ParamType::kInteger, .description = "from 1"},
                  {.name = "page_size",
                   .type = api::ParamType::kInteger,
                   .description = "1-500, default 20"}},
       .handler = [&service](const api::Request& req,
                             api::RequestContext&) -> Result<api::Response> {
         PublishedFilter f{.uscc = req.Query("uscc"), .object_class = req.Query("object_class")};
         ZQ_RETURN_IF_ERROR(api::ReadPage(req, f.page, f.page_size));
         ZQ_ASSIGN_OR_RETURN(const PageOf<PublishedComplaint> page, service.PublishedComplaints(f));
         return api::Response::Json(PageJson(page, PublishedComplaintJson));
       }});
  router.Add({.route = "GET /api/v1/complaints/rules",
              .access = Access::kPublic,
              .summary = "The timers, grounds (Arts. 15, 21) and taxonomy in force on a date "
                         "(default today): the dated rule tables",
              .params = {{.name = "date", .description = "YYYY-MM-DD"}},
              .handler = [&service, &context](const api::Request& req,
                                              api::RequestContext&) -> Result<api::Response> {
                std::string date = req.Query("date");
                if (date.empty())
                  date = TodayText(context.clock());
                ZQ_RETURN_IF_ERROR(ParseDate(date, "date").status());
                return api::Response::Json(RulesJson(service.rules(), service.taxonomy(), date));
              }});
  router.Add({.route = "GET /api/v1/complaints/classifier",
              .access = Access::kOfficial,
              .summary =
                  "The classifier intake uses (投诉分类模型): an installed model (its digest, "
                  "labels and size) or the keyword rules",
              .handler = [&service](const api::Request&,
                                    api::RequestContext& ctx) -> Result<api::Response> {
                ZQ_ASSIGN_OR_RETURN(const std::optional<ClassifierModelInfo> m,
                                    service.ClassifierInUse(ctx.caller));
                return api::Response::Json(ClassifierModelJson(m));
              }});
  router.Add({.route = "PUT /api/v1/complaints/classifier",
              .access = Access::kAdmin,
              .summary =
                  "Install a trained model file (zq complaint classifier train) sent as the body: "
                  "intake labels each new case's object class by it; the model before is retired",
              .request_schema = R"({"type":"string","format":"binary"})",
              .request_media_types = {"text/tab-separated-values"},
              .errors = {413},
              .handler = [&service](const api::Request& req,
                                    api::RequestContext& ctx) -> Result<api::Response> {
                ZQ_ASSIGN_OR_RETURN(const ClassifierModelInfo m,
                                    service.InstallClassifier(ctx.caller, req.body));
                return api::Response::Json(ClassifierModelJson(m));
              }});
  router.Add({.route = "DELETE /api/v1/complaints/classifier",
              .access = Access::kAdmin,
              .summary = "Retire the installed model: intake returns to the keyword rules",
              .handler = [&service](const api::Request&,
                                    api::RequestContext& ctx) -> Result<api::Response> {
                ZQ_ASSIGN_OR_RETURN(const ClassifierModelInfo m,
                                    service.RetireClassifier(ctx.caller));
                return api::Response::Json(ClassifierModelJson(m));
              }});
  router.Add({.route = "GET /api/v1/complaints/{id}",
              .access = Access::kOfficial,
              .summary = "One case with its deadlines, history and submitter (in full for the "
                         "handling office, audited; a reporter withheld from others, Art. 33)",
              .handler = api::OnId(std::bind_front(&ComplaintService::Get, &service), CaseJson)});
  for (const StepRoute& step : kSteps) {
    const Action action = step.action;
    router.Add({.route = "POST /api/v1/complaints/{id}/" + std::string(ActionName(action)),
                .access = Access::kWriter,
                .summary = step.summary,
                .request_schema = kStepBody.Schema(),
                .errors = {409},
                .handler = api::OnIdWith(
                    kStepBody,
                    [&service, action](const auth::Caller& caller, std::int64_t id, StepInput in) {
                      return service.Step(caller, id, action, in);
                    },
                    CaseJson)});
  }
  router.Add({.route = "POST /api/v1/complaints/{id}/notify",
              .access = Access::kWriter,
              .summary = "Record that the parties (terminated mediation) or the real-name reporter "
                         "(decision) were told",
              .request_schema = kStepBody.Schema(),
              .errors = {409},
              .handler = api::OnIdWith(
                  kStepBody, std::bind_front(&ComplaintService::Notify, &service), CaseJson)});
  router.Add({.route = "POST /api/v1/complaints/{id}/classification",
              .access = Access::kWriter,
              .summary = "An officer's label on the two axes; replaces the rules' label",
              .request_schema = kLabelBody.Schema(),
              .handler = api::OnIdWith(
                  kLabelBody,
                  [&service](const auth::Caller& caller, std::int64_t id, Classification c) {
                    return service.Classify(caller, id, std::move(c.object_class),
                                            std::move(c.problem));
                  },
                  CaseJson)});
}

namespace {

struct LookupInput {
  std::string number;
  std::string phone;
  int rating = 0;
  std::string comment;
};

Body<LookupInput> LookupBody() {
  return Body<LookupInput>()
      .Member("number", &LookupInput::number, Presence::kRequired,
              {.description = "the case number on the receipt (TS… 投诉, JB… 举报)"})
      .Member("phone", &LookupInput::phone, Presence::kRequired,
              {.description = "the phone given with the submission"});
}

const Body<LookupInput> kLookupBody = LookupBody();
const Body<LookupInput> kRatingBody =
    LookupBody()
        .Member("rating", &LookupInput::rating, Presence::kRequired,
                {.description = "1 (very dissatisfied) to 5 (very satisfied)"})
        .Member("comment", &LookupInput::comment, Presence::kOptional,
                {.description = "up to 1000 bytes"});

}  // namespace

void AddComplaintPortalRoutes(api::Router& router, app::Context& context) {
  ComplaintService& service = context.Get<ComplaintService>();
  router.Add({.route = "POST /api/v1/complaints/lookup",
              .access = Access::kPublic,
              .summary = "The submitter's view of a case by its number and phone: state, steps, "
                         "deadlines, outcome (404 alike for an unknown number and a wrong phone)",
              .request_schema = kLookupBody.Schema(),
              .errors = {404, 429},
              .handler = [&service](const api::Request& req,
                                    api::RequestContext&) -> Result<api::Response> {
                ZQ_ASSIGN_OR_RETURN(const LookupInput in, kLookupBody.Parse(req));
                ZQ_ASSIGN_OR_RETURN(const PublicCase c,
                                    service.Lookup(in.number, in.phone, req.remote_addr));
                return api::Response::Json(PublicCaseJson(c));
              }});
  router.Add({.route = "POST /api/v1/complaints/rating",
              .access = Access::kPublic,
              .summary = "The submitter rates the handling of their closed case (回访满意度), once",
              .request_schema = kRatingBody.Schema(),
              .errors = {404, 409, 429},
              .handler = [&service](const api::Request& req,
                                    api::RequestContext&) -> Result<api::Response> {
                ZQ_ASSIGN_OR_RETURN(const LookupInput in, kRatingBody.Parse(req));
                ZQ_ASSIGN_OR_RETURN(const PublicCase c, service.Rate(in.number, in.phone, in.rating,
                                                                     in.comment, req.remote_addr));
                return api::Response::Json(PublicCaseJson(c));
              }});
}

// 工作台 (complaint_todos.cc): the cases with a statutory timer running.
Result<std::optional<app::TodoCount>> CasesDue(app::Context& ctx, const auth::Caller& caller);

namespace {

// The command group's database: the workspace of `db` (cli/), its ComplaintService.
Status WithComplaintServiceOf(const std::string& db, const std::string& key_file,
                              const std::function<Status(ComplaintService&)>& work) {
  ZQ_ASSIGN_OR_RETURN(cli::Workspace w, cli::OpenWorkspace(db, key_file));
  return work(w.Get<ComplaintService>());
}

}  // namespace

app::Module Manifest() {
  app::Module m;
  m.name = "complaint";
  m.depends_on = {"registry"};  // respondents' names and domiciles
  m.publishes = {"complaint.upheld"};
  m.build = [](app::Context& ctx) {
    ctx.Emplace<ComplaintService>(ctx.db(), ctx.Get<registry::Registry>(), ctx.audit(),
                                  ctx.keys().personal_data(), ctx.clock());
    return Status::Ok();
  };
  m.routes = {app::Routes("complaint", AddComplaintRoutes),
              app::Routes("complaint.portal", AddComplaintPortalRoutes)};
  m.todos = {{"complaint.cases", CasesDue}};
  m.demo = {{"complaint cases", app::DemoStage::kRecords, demo::ComplaintCasesStep}};
  m.commands = {{"complaint", [](CLI::App& app) {
                   RegisterComplaintCommands(
                       app, [](const Status& status) { cli::FailCommand(status); },
                       WithComplaintServiceOf);
                 }}};
  return m;
}

}  // namespace zq::complaint

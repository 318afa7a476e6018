// Objections to credit records (异议), credit repair (信用修复) and the procurement preference list
// (优质优价). Enterprise users file for their own USCC (others' records answer not found),
// regulators on a firm's behalf in their region; regulators in scope extend and decide.
#include <algorithm>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/routes/credit_list_json.h"
#include "api/routes/credit_route_kit.h"
#include "api/routes/routes.h"
#include "core/calendar.h"
#include "credit/procurement.h"

namespace zq::api {
namespace {

using credit::NewRepair;
using credit::Objection;
using credit::RepairApplication;
using credit::RepairFacts;
using credit::RepairKind;

// The declared facts (NewRepair::facts) are members of the body itself. The service weighs
// them as eligibility conditions (an unknown ground or measure is a failed condition, listed by
// the eligibility check), so their vocabularies are documented here, not enforced; an empty
// text keeps the default.
template <class M>
std::function<Status(const nlohmann::json&, NewRepair&)> ReadFact(std::string name,
                                                                  M RepairFacts::*member) {
  return [name, member](const nlohmann::json& v, NewRepair& out) -> Status {
    M value{};
    ZQ_RETURN_IF_ERROR(JsonMember<M>::Read(v, name, value));
    if constexpr (std::is_same_v<M, std::string>) {
      if (value.empty())
        return Status::Ok();
    }
    out.facts.*member = std::move(value);
    return Status::Ok();
  };
}

template <class M>
nlohmann::json FactSchema(std::string description,
                          std::span<const std::string_view> vocabulary = {}) {
  nlohmann::json schema = JsonMember<M>::Schema();
  for (std::size_t i = 0; i < vocabulary.size(); ++i)
    description += (i == 0 ? ": " : ", ") + std::string(vocabulary[i]);
  schema["description"] = description;
  return schema;
}

std::vector<std::string> RepairKindNames() {
  std::vector<std::string> names;
  for (RepairKind k :
       {RepairKind::kAbnormalList, RepairKind::kSeriousList, RepairKind::kPenaltyPublication})
    names.emplace_back(credit::RepairKindName(k));
  return names;
}

const Body<NewRepair> kRepairBody =
    Body<NewRepair>()
        .Enumerated("kind", &NewRepair::kind, Presence::kRequired, credit::ParseRepairKind,
                    {.description = "信用修复 of: leaving the abnormal list, early removal from "
                                    "the serious list, early stop of a penalty's publication",
                     .one_of = RepairKindNames()})
        .Member("event_id", &NewRepair::event_id, Presence::kRequired,
                {.description = "the listing (list.*.added) or penalty event"})
        .Member("evidence_ref", &NewRepair::evidence_ref, Presence::kRequired,
                {.description = "the supporting documents (1-400 bytes)"})
        .Member("statement", &NewRepair::statement, Presence::kOptional,
                {.description = "信用修复承诺 or explanation (at most 2000 bytes)"})
        .Custom("ground",
                FactSchema<std::string>("abnormal list: the duty discharged, one of",
                                        credit::kAbnormalGrounds),
                Presence::kOptional, ReadFact("ground", &RepairFacts::ground))
        .Custom(
            "domain",
            FactSchema<std::string>("penalty: the case domain (default general)", credit::kDomains),
            Presence::kOptional, ReadFact("domain", &RepairFacts::domain))
        .Custom("measures",
                FactSchema<std::vector<std::string>>("penalty: its measures (处罚种类)",
                                                     credit::kPenaltyMeasures),
                Presence::kOptional, ReadFact("measures", &RepairFacts::measures))
        .Custom("penalty_fulfilled", FactSchema<bool>("the penalty is fulfilled (履行完毕)"),
                Presence::kOptional, ReadFact("penalty_fulfilled", &RepairFacts::penalty_fulfilled))
        .Custom("harm_removed", FactSchema<bool>("the harm is removed (消除危害后果)"),
                Presence::kOptional, ReadFact("harm_removed", &RepairFacts::harm_removed));

const Body<credit::NewObjection> kObjectionBody =
    Body<credit::NewObjection>()
        .Member("event_id", &credit::NewObjection::event_id, Presence::kRequired,
                {.description = "the credit event objected to"})
        .Member("grounds", &credit::NewObjection::grounds, Presence::kRequired,
                {.description = "异议理由 (1-2000 bytes)"})
        .Member("evidence_ref", &credit::NewObjection::evidence_ref, Presence::kRequired,
                {.description = "the supporting documents (1-400 bytes)"});

const Body<WithReason> kExtensionBody =
    Body<WithReason>().Member("reason", &WithReason::reason, Presence::kRequired,
                              {.description = "why the deadline is extended (once)"});

Result<credit::ObjectionDecision> ParseObjectionDecision(std::string_view text) {
  if (text == "upheld")
    return credit::ObjectionDecision::kUpheld;
  if (text == "rejected")
    return credit::ObjectionDecision::kRejected;
  return Status::InvalidArgument("decision: upheld or rejected", "decision");
}

Result<credit::RepairDecision> ParseRepairDecision(std::string_view text) {
  if (text == "approved")
    return credit::RepairDecision::kApproved;
  if (text == "rejected")
    return credit::RepairDecision::kRejected;
  return Status::InvalidArgument("decision: approved or rejected", "decision");
}

struct ObjectionVerdict {
  credit::ObjectionDecision decision = credit::ObjectionDecision::kRejected;
  std::string reason;
};

const Body<ObjectionVerdict> kObjectionVerdictBody =
    Body<ObjectionVerdict>()
        .Enumerated(
            "decision", &ObjectionVerdict::decision, Presence::kRequired, ParseObjectionDecision,
            {.description = "upheld: the record is withdrawn", .one_of = {"upheld", "rejected"}})
        .Member("reason", &ObjectionVerdict::reason, Presence::kOptional,
                {.description = "required for a rejection"});

struct RepairVerdict {
  credit::RepairDecision decision = credit::RepairDecision::kRejected;
  std::string reason;
  bool fraudulent = false;
};

const Body<RepairVerdict> kRepairVerdictBody =
    Body<RepairVerdict>()
        .Enumerated("decision", &RepairVerdict::decision, Presence::kRequired, ParseRepairDecision,
                    {.description = "approved: the listing or publication ends",
                     .one_of = {"approved", "rejected"}})
        .Member("reason", &RepairVerdict::reason, Presence::kOptional,
                {.description = "required for a rejection"})
        .Member("fraudulent", &RepairVerdict::fraudulent, Presence::kOptional,
                {.description = "a rejection for false material: re-application barred"});

Result<credit::CaseFilter> FilterFrom(const Request& req) {
  credit::CaseFilter f;
  f.uscc = req.Query("uscc");
  f.status = req.Query("status");
  const std::string overdue = req.Query("overdue");
  if (!overdue.empty() && overdue != "true" && overdue != "false")
    return Status::InvalidArgument("overdue: true or false", "overdue");
  f.overdue_only = overdue == "true";
  ZQ_RETURN_IF_ERROR(ReadPage(req, f.page, f.page_size));
  return f;
}

// GET `base` (the cases in the caller's scope, filtered and paged, soonest due first, overdue
// ones flagged) and GET `base`/{id}.
template <typename T>
void AddCaseReads(
    Router& router, const std::string& base, const std::string& what,
    std::vector<std::string> statuses,
    std::function<Result<std::vector<T>>(const auth::Caller&, const credit::CaseFilter&)> list,
    std::function<Result<T>(const auth::Caller&, std::int64_t)> get,
    nlohmann::json (*to_json)(const T&)) {
  const std::vector<ParamSpec> params = {
      {.name = "uscc", .description = "one firm"},
      {.name = "status", .description = "pending or a decision"},
      {.name = "overdue", .description = "true: pending past the deadline only"},
      kPageParam,
      kPageSizeParam};
  router.Add({.route = "GET " + base,
              .access = Access::kSignedIn,
              .summary = what + " in scope, soonest due first; overdue ones flagged",
              .params = params,
              .handler = [statuses, list, to_json](const Request& req,
                                                   RequestContext& ctx) -> Result<Response> {
                ZQ_ASSIGN_OR_RETURN(const credit::CaseFilter f, FilterFrom(req));
                if (!f.status.empty() &&
                    std::find(statuses.begin(), statuses.end(), f.status) == statuses.end())
                  return Status::InvalidArgument("status: pending or a decision", "status");
                ZQ_ASSIGN_OR_RETURN(const std::vector<T> found, list(ctx.caller, f));
                nlohmann::json items = nlohmann::json::array();
                for (const T& item : found) items.push_back(to_json(item));
                return Response::Json({{"items", items}});
              }});
  router.Add({.route = "GET " + base + "/{id}",
              .access = Access::kSignedIn,
              .summary = "One of the " + what,
              .handler = OnId(get, to_json)});
}

}  // namespace

void AddCreditRepairRoutes(Router& router, app::Context& services) {
  credit::RepairService& repairs = services.Get<credit::RepairService>();

  router.Add(
      {.route = "POST /api/v1/credit/objections",
       .access = Access::kSignedIn,
       .summary = "File an objection (异议) against a credit record: deadline in working days",
       .request_schema = kObjectionBody.Schema(),
       .errors = {404, 409},
       .handler = [&repairs](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const credit::NewObjection o, kObjectionBody.Parse(req));
         ZQ_ASSIGN_OR_RETURN(const Objection filed, repairs.FileObjection(ctx.caller, o));
         return Response::Json(ObjectionJson(filed), 201);
       }});
  AddCaseReads<Objection>(
      router, "/api/v1/credit/objections", "Objections", {"pending", "upheld", "rejected"},
      std::bind_front(&credit::RepairService::ListObjections, &repairs),
      std::bind_front(&credit::RepairService::GetObjection, &repairs), ObjectionJson);
  router.Add({.route = "POST /api/v1/credit/objections/{id}/extension",
              .access = Access::kWriter,
              .summary = "Extend an objection's deadline once, with a reason",
              .request_schema = kExtensionBody.Schema(),
              .errors = {409},
              .handler = OnIdWith(
                  kExtensionBody,
                  [&repairs](const auth::Caller& caller, std::int64_t oid, const WithReason& body) {
                    return repairs.ExtendObjection(caller, oid, body.reason);
                  },
                  ObjectionJson)});
  router.Add(
      {.route = "POST /api/v1/credit/objections/{id}/decision",
       .access = Access::kWriter,
       .summary =
           "Decide an objection: upheld (the record is withdrawn, grades change) or rejected",
       .request_schema = kObjectionVerdictBody.Schema(),
       .errors = {409},
       .handler = OnIdWith(
           kObjectionVerdictBody,
           [&repairs](const auth::Caller& caller, std::int64_t oid, const ObjectionVerdict& v) {
             return repairs.DecideObjection(caller, oid, v.decision, v.reason);
           },
           ObjectionJson)});

  router.Add(
      {.route = "POST /api/v1/credit/repairs/eligibility",
       .access = Access::kSignedIn,
       .summary =
           "Check a credit repair (信用修复) application without filing it: each failed condition",
       .request_schema = kRepairBody.Schema(),
       .errors = {404},
       .handler = [&repairs](const Request& req, RequestContext& ctx) -> Result<Response> {
         ZQ_ASSIGN_OR_RETURN(const NewRepair r, kRepairBody.Parse(req));
         ZQ_ASSIGN_OR_RETURN(const credit::Eligibility e, repairs.CheckEligibility(ctx.caller, r));
         nlohmann::json failures = nlohmann::json::array();
         for (const auto& f : e.failures)
           failures.push_back({{"condition", f.condition}, {"reason", f.reason}});
         return Response::Json({{"eligible", e.eligible()},
                                {"earliest_on", e.earliest_on == 0 ? "" : DayText(e.earliest_on)},
                                {"failures", failures}});
       }});
  router.Add(
      {.route = "POST /api/v1/credit/repairs",
       .access = Access::kSignedIn,
       .summary =
           "Apply for credit repair: leaving the abnormal list, early removal from the serious "
           "list, early stop of a penalty's publication",
       .request_schema = kRepairBody.Schema(),
       .errors = {404, 409},
       .handler =
           OnBody(kRepairBody, std::bind_front(&credit::RepairService::ApplyForRepair, &repairs),
                  RepairJson, 201)});
  AddCaseReads<RepairApplication>(
      router, "/api/v1/credit/repairs", "Repair applications", {"pending", "approved", "rejected"},
      std::bind_front(&credit::RepairService::ListRepairs, &repairs),
      std::bind_front(&credit::RepairService::GetRepair, &repairs), RepairJson);
  router.Add(
      {.route = "POST /api/v1/credit/repairs/{id}/decision",
       .access = Access::kWriter,
       .summary = "Decide a repair: approved (the listing or publication ends, grades change) or "
                  "rejected (fraudulent: re-application barred)",
       .request_schema = kRepairVerdictBody.Schema(),
       .errors = {409},
       .handler = OnIdWith(
           kRepairVerdictBody,
           [&repairs](const auth::Caller& caller, std::int64_t rid, const RepairVerdict& v) {
             return repairs.DecideRepair(caller, rid, v.decision, v.reason,
                                         v.fraudulent ? credit::Fraud::kYes : credit::Fraud::kNo);
           },
           RepairJson)});

  router.Add(
      {.route = "GET /api/v1/credit/procurement",
       .access = Access::kSignedIn,
       .summary =
           "Procurement preference list (优质优价): firms at or above a grade and on no list",
       .params = {{.name = "region", .description = "GB/T 2260 code"},
                  {.name = "industry", .description = "GB/T 4754 code prefix"},
                  {.name = "min_grade", .description = "default AA"},
                  kPageParam,
                  kPageSizeParam},
       .errors = {404},
       .handler = [&services](const Request& req, RequestContext& ctx) -> Result<Response> {
         credit::PreferenceFilter f;
         f.region_code = req.Query("region");
         f.industry_code = req.Query("industry");
         if (req.HasQuery("min_grade"))
           f.min_grade = req.Query("min_grade");
         ZQ_RETURN_IF_ERROR(ReadPage(req, f.page, f.page_size));
         ZQ_ASSIGN_OR_RETURN(
             const credit::PreferencePage p,
             credit::ProcurementPreferenceList(services.db(), services.Get<credit::CreditService>(),
                                               services.clock(), ctx.caller, f));
         nlohmann::json items = nlohmann::json::array();
         for (const credit::PreferredFirm& firm : p.items) {
           items.push_back({{"uscc", firm.uscc},
                            {"name", firm.name},
                            {"region_code", firm.region_code},
                            {"industry_code", firm.industry_code},
                            {"grade", firm.grade},
                            {"risk_class", firm.risk_class},
                            {"as_of", firm.as_of}});
         }
         return Response::Json({{"items", items},
                                {"total", p.total},
                                {"page", p.page},
                                {"page_size", p.page_size},
                                {"min_grade", p.min_grade}});
       }});
}

}  // namespace zq::api

// Intake: a submission checked, split into a complaint and/or a report (Art. 7), each routed to
// the competent office (routing.h), classified and stored with the submitter's identity sealed.
#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "complaint/complaint_service.h"
#include "complaint/internal/case_rows.h"
#include "core/calendar.h"
#include "core/csv.h"
#include "core/ids/uscc.h"

namespace zq::complaint {
namespace {

using store::Value;

Status Required(const std::string& value, std::string_view field, std::string_view why) {
  if (value.empty())
    return Status::InvalidArgument(fmt::format("{} is required ({})", field, why),
                                   std::string(field));
  return Status::Ok();
}

Status Text(const std::string& value, std::string_view field, std::size_t max) {
  if (!IsValidUtf8(value))
    return Status::InvalidArgument(fmt::format("{} is not UTF-8 text", field), std::string(field));
  if (value.size() > max)
    return Status::InvalidArgument(fmt::format("{} is longer than {} bytes", field, max),
                                   std::string(field));
  return Status::Ok();
}

// 7 to 20 digits, with an optional leading + and - or spaces between groups.
Status Phone(const std::string& phone) {
  int digits = 0;
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (!(c == '-' || c == ' ' || (c == '+' && i == 0))) {
      return Status::InvalidArgument("phone may hold only digits, +, - and spaces", "phone");
    }
  }
  if (!phone.empty() && (digits < 7 || digits > 20))
    return Status::InvalidArgument("phone must have 7 to 20 digits", "phone");
  return Status::Ok();
}

struct Kinds {
  bool complaint = false;
  bool report = false;
};

Result<Kinds> KindsOf(const std::vector<std::string>& kinds) {
  Kinds k;
  for (const std::string& text : kinds) {
    ZQ_ASSIGN_OR_RETURN(const Kind kind, ParseKind(text));
    (kind == Kind::kComplaint ? k.complaint : k.report) = true;
  }
  if (!k.complaint && !k.report)
    return Status::InvalidArgument("kinds must hold complaint, report or both", "kinds");
  return k;
}

Status Check(const SubmissionInput& in, const Kinds& k, const IntakeLimits& limits,
             const Taxonomy& taxonomy) {
  if (k.complaint) {  // Art. 9
    ZQ_RETURN_IF_ERROR(Required(in.name, "name", "a complaint gives the complainant's name"));
    ZQ_RETURN_IF_ERROR(Required(in.phone, "phone", "a complaint gives a phone number"));
    ZQ_RETURN_IF_ERROR(Required(in.address, "address", "a complaint gives an address"));
    ZQ_RETURN_IF_ERROR(Required(in.request, "request", "what the complainant asks for"));
  }
  if (k.report && in.real_name)
    ZQ_RETURN_IF_ERROR(Required(in.name, "name", "a real-name report gives the reporter's name"));
  if (in.respondent_uscc.empty())
    ZQ_RETURN_IF_ERROR(
        Required(in.respondent_name, "respondent_name", "name the respondent or give its USCC"));
  ZQ_RETURN_IF_ERROR(Required(in.facts, "facts", "the dispute's facts or the lead"));
  ZQ_RETURN_IF_ERROR(Phone(in.phone));
  if (!in.id_number.empty() && !internal::ValidIdNumber(in.id_number))
    return Status::InvalidArgument("id_number is not a valid 居民身份证号码 (GB 11643 check)",
                                   "id_number");
  ZQ_RETURN_IF_ERROR(Text(in.facts, "facts", limits.max_text_bytes));
  ZQ_RETURN_IF_ERROR(Text(in.request, "request", limits.max_text_bytes));
  for (const auto& [value, field] : {std::pair{&in.name, "name"},
                                     {&in.address, "address"},
                                     {&in.respondent_name, "respondent_name"},
                                     {&in.external_id, "external_id"}})
    ZQ_RETURN_IF_ERROR(Text(*value, field, 200));
  if (!in.object_class.empty() && !taxonomy.Has("object", in.object_class))
    return Status::InvalidArgument("object_class is not in the taxonomy", "object_class");
  if (!in.problem.empty() && !taxonomy.Has("problem", in.problem))
    return Status::InvalidArgument("problem is not in the taxonomy", "problem");
  return Status::Ok();
}

// The registered name and domicile of `uscc` (field `field`): malformed 400, unknown 404.
Result<registry::ListedEntity> Registered(store::Transaction& tx, registry::Registry& registry,
                                          const std::string& uscc, std::string_view field) {
  if (Result<ids::Uscc> parsed = ids::ParseUscc(uscc); !parsed.ok())
    return Status::InvalidArgument(parsed.status().message(), std::string(field));
  Result<registry::ListedEntity> e = registry.ListedEntityIn(tx, uscc);
  if (!e.ok() && e.status().code() == StatusCode::kNotFound)
    return Status::NotFound(fmt::format("{} is not a registered market entity", field),
                            std::string(field));
  return e;
}

std::string CompetentText(const Routing& r) {
  std::string out;
  for (const Competent& c : r.competent)
    out += fmt::format("{}{} ({})", out.empty() ? "" : "; ", c.region, c.basis);
  return out;
}

Status Prefixed(Status s, std::string_view prefix) {
  if (s.ok() || prefix.empty())
    return s;
  return Status(s.code(), s.message(), fmt::format("{}{}", prefix, s.field()));
}

}  // namespace

std::string_view ChannelName(Channel c) {
  switch (c) {
    case Channel::kPortal:
      return "portal";
    case Channel::kPhone:
      return "phone";
    case Channel::kApi:
      return "api";
  }
  return "portal";
}

ComplaintService::ComplaintService(store::Database& db, registry::Registry& registry,
                                   const auth::AuditLog& audit,
                                   const auth::PersonalDataCipher& cipher, const Clock& clock,
                                   IntakeLimits limits)
    : db_(db),
      registry_(registry),
      audit_(audit),
      cipher_(cipher),
      clock_(clock),
      limits_(limits) {}

Status ComplaintService::TakePortalQuota(std::string_view client) {
  return TakeQuota(std::string(client), limits_.portal_per_hour);
}

Status ComplaintService::TakeQuota(const std::string& key, int per_hour) {
  const auto now = clock_.Now();
  std::lock_guard lock(quota_mu_);
  auto& times = quota_[key];
  std::erase_if(times, [&](auto t) { return now - t >= std::chrono::hours(1); });
  if (static_cast<int>(times.size()) >= per_hour)
    return Status::ResourceExhausted(
        fmt::format("at most {} requests an hour from one client; try again later", per_hour));
  times.push_back(now);
  return Status::Ok();
}

Result<Submitted> ComplaintService::Submit(const auth::Caller& caller, const SubmissionInput& input,
                                           std::string_view client) {
  Channel channel = Channel::kPortal;
  if (caller.CanWrite()) {
    channel = Channel::kPhone;
  } else if (caller.HasPermission("complaint.submit")) {
    channel = Channel::kApi;
  } else if (caller.IsSignedIn()) {
    return Status::PermissionDenied("this account may not submit cases");
  }
  // Check before taking quota, so that a form with a mistake does not use up the hour.
  ZQ_ASSIGN_OR_RETURN(const Kinds kinds, KindsOf(input.kinds));
  ZQ_RETURN_IF_ERROR(Check(input, kinds, limits_, taxonomy_));
  if (channel == Channel::kPortal)
    ZQ_RETURN_IF_ERROR(TakePortalQuota(client));
  Submitted out;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(out.cases, Insert(tx, caller, input, channel, client, ""));
    return Status::Ok();
  }));
  out.submission_id = out.cases.front().submission_id;
  const std::string today = TodayText(clock_);
  for (CaseRecord& c : out.cases) ZQ_RETURN_IF_ERROR(Finish(c, caller, today));
  return out;
}

Result<std::vector<Submitted>> ComplaintService::SubmitBatch(
    const auth::Caller& caller, const std::vector<SubmissionInput>& inputs) {
  if (!caller.CanWrite() && !caller.HasPermission("complaint.submit"))
    return Status::PermissionDenied("submitting by API needs the complaint.submit permission");
  if (inputs.empty() || static_cast<int>(inputs.size()) > limits_.max_batch)
    return Status::InvalidArgument(
        fmt::format("items must hold 1 to {} submissions", limits_.max_batch), "items");
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string prefix = fmt::format("items[{}].", i);
    Result<Kinds> kinds = KindsOf(inputs[i].kinds);
    if (!kinds.ok())
      return Prefixed(kinds.status(), prefix);
    ZQ_RETURN_IF_ERROR(Prefixed(Check(inputs[i], *kinds, limits_, taxonomy_), prefix));
  }
  std::vector<Submitted> out(inputs.size());
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      ZQ_ASSIGN_OR_RETURN(out[i].cases, Insert(tx, caller, inputs[i], Channel::kApi, caller.actor,
                                               fmt::format("items[{}].", i)));
      out[i].submission_id = out[i].cases.front().submission_id;
    }
    return Status::Ok();
  }));
  const std::string today = TodayText(clock_);
  for (Submitted& s : out) {
    for (CaseRecord& c : s.cases) ZQ_RETURN_IF_ERROR(Finish(c, caller, today));
  }
  return out;
}

Result<std::vector<CaseRecord>> ComplaintService::Insert(store::Transaction& tx,
                                                         const auth::Caller& caller,
                                                         const SubmissionInput& in, Channel channel,
                                                         std::string_view client,
                                                         std::string_view prefix) {
  const std::string now =
      FormatUtcTimestamp(std::chrono::time_point_cast<std::chrono::milliseconds>(clock_.Now()));
  const std::string today = TodayText(clock_);
  CaseRecord base;
  base.channel = std::string(ChannelName(channel));
  base.respondent_uscc = in.respondent_uscc;
  base.respondent_name = in.respondent_name;
  base.domicile_region = in.domicile_region;
  if (!in.respondent_uscc.empty()) {
    Result<registry::ListedEntity> e =
        Registered(tx, registry_, in.respondent_uscc, "respondent_uscc");
    if (!e.ok())
      return Prefixed(e.status(), prefix);
    base.domicile_region = e->region_code;
    if (base.respondent_name.empty())
      base.respondent_name = e->name;
  }
  if (!in.platform_uscc.empty()) {
    Result<registry::ListedEntity> p = Registered(tx, registry_, in.platform_uscc, "platform_uscc");
    if (!p.ok())
      return Prefixed(p.status(), prefix);
    base.platform_uscc = in.platform_uscc;
    base.platform_domicile_region = p->region_code;
  }
  Result<RespondentKind> rk = ParseRespondentKind(in.respondent_kind);
  Result<ReportSubject> subject = ParseReportSubject(in.subject);
  if (!rk.ok() || !subject.ok())
    return Prefixed(rk.ok() ? subject.status() : rk.status(), prefix);
  base.respondent_kind = in.respondent_kind;
  base.subject = in.subject;
  base.business_region = in.business_region;
  base.act_region = in.act_region;
  base.publisher_region = in.publisher_region;
  base.advertiser_region = in.advertiser_region;
  base.agency_region = in.agency_region;
  base.facts = in.facts;
  base.request = in.request;
  const std::string text = in.facts + "\n" + in.request;
  const Classification rules = taxonomy_.Classify(text);
  base.object_class = in.object_class.empty() ? rules.object_class : in.object_class;
  base.problem = in.problem.empty() ? rules.problem : in.problem;
  base.classified_by = in.object_class.empty() && in.problem.empty() ? "rules" : caller.actor;
  if (in.object_class.empty()) {  // the installed model, if any, labels the object axis
    ZQ_ASSIGN_OR_RETURN(const auto by_model, ModelObjectClass(tx, text));
    if (by_model) {
      base.object_class = by_model->first;
      if (in.problem.empty())
        base.classified_by = by_model->second;
    }
  }
  base.dates.received_on = today;
  base.created_at = base.updated_at = now;

  // The submitter, sealed. A report's anonymous submitter leaves no identity.
  const std::vector<Value> sub = {std::string(ChannelName(channel)),
                                  std::string(client),
                                  in.external_id,
                                  now,
                                  cipher_.Seal(in.name),
                                  cipher_.Seal(in.phone),
                                  in.phone.empty() ? std::string() : cipher_.BlindIndex(in.phone),
                                  cipher_.Seal(in.id_number),
                                  cipher_.Seal(in.address),
                                  std::int64_t{in.real_name ? 1 : 0},
                                  caller.IsSignedIn() ? caller.actor : "public",
                                  std::int64_t{in.publish_consent ? 1 : 0}};
  Result<store::ResultSet> inserted = tx.Query(
      "INSERT INTO complaint_submissions (channel, client, external_id, received_at, "
      "submitter_name, submitter_phone, submitter_phone_index, submitter_id_number, "
      "submitter_address, real_name, created_by, publish_consent) VALUES (?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?) RETURNING id",
      sub);
  if (!inserted.ok() && inserted.status().code() == StatusCode::kAlreadyExists)
    return Status::AlreadyExists("this external_id was submitted already",
                                 fmt::format("{}external_id", prefix));
  ZQ_RETURN_IF_ERROR(inserted.status());
  base.submission_id = inserted->rows.at(0).GetInt(0);

  std::vector<CaseRecord> out;
  ZQ_ASSIGN_OR_RETURN(const Kinds kinds, KindsOf(in.kinds));
  for (const Kind kind : {Kind::kComplaint, Kind::kReport}) {
    if (!(kind == Kind::kComplaint ? kinds.complaint : kinds.report))
      continue;
    CaseRecord c = base;
    c.kind = c.dates.kind = kind;
    c.dates.real_name = kind == Kind::kReport && in.real_name;
    const std::string received_by =
        channel == Channel::kPhone && caller.HasJurisdiction() ? caller.region_code : "";
    Result<Routing> routing = Route(internal::RoutingOf(c, received_by));
    if (!routing.ok())
      return Prefixed(routing.status(), prefix);
    c.handling_region = routing->handler;
    c.routing_article = routing->article;
    c.competent = CompetentText(*routing);
    ZQ_ASSIGN_OR_RETURN(c.next_due_on, NextDue(c.dates, rules_, calendar_, today));
    c.number =
        fmt::format("{}{}-{:06d}", kind == Kind::kComplaint ? "TS" : "JB",
                    today.substr(0, 4) + today.substr(5, 2) + today.substr(8, 2), c.submission_id);
    const std::vector<Value> p = {c.number,
                                  c.submission_id,
                                  std::string(KindName(kind)),
                                  std::string("received"),
                                  c.channel,
                                  c.respondent_uscc,
                                  c.respondent_name,
                                  c.respondent_kind,
                                  c.subject,
                                  c.domicile_region,
                                  c.business_region,
                                  c.platform_uscc,
                                  c.platform_domicile_region,
                                  c.act_region,
                                  c.publisher_region,
                                  c.advertiser_region,
                                  c.agency_region,
                                  c.handling_region,
                                  c.routing_article,
                                  c.competent,
                                  c.facts,
                                  c.request,
                                  c.object_class,
                                  c.problem,
                                  c.classified_by,
                                  c.dates.received_on,
                                  c.next_due_on,
                                  std::int64_t{c.dates.real_name ? 1 : 0},
                                  now,
                                  now};
    ZQ_ASSIGN_OR_RETURN(
        store::ResultSet rs,
        tx.Query(
            "INSERT INTO complaint_cases (number, submission_id, kind, state, channel, "
            "respondent_uscc, respondent_name, respondent_kind, subject, domicile_region, "
            "business_region, platform_uscc, platform_domicile_region, act_region, "
            "publisher_region, advertiser_region, agency_region, handling_region, "
            "routing_article, competent, facts, request, object_class, problem, "
            "classified_by, received_on, decided_on, accepted_on, ended_on, notified_on, "
            "closed_on, next_due_on, real_name, extended, terminated, paused_working_days, ground, "
            "outcome, return_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', '', '', ?, ?, "
            "0, 0, 0, '', '', '', ?, ?) RETURNING id",
            p));
    c.id = rs.rows.at(0).GetInt(0);
    const std::string actor = caller.IsSignedIn() ? caller.actor : fmt::format("public:{}", client);
    ZQ_RETURN_IF_ERROR(internal::AddHistory(tx, c.id, now, actor, "submit", "", "received",
                                            fmt::format("{} → {}", c.channel, c.handling_region)));
    // Officials' and systems' writes are audited; the anonymous portal's are not (no identity
    // to record: architecture.md, Authorization), the history above keeps the client.
    if (caller.IsSignedIn())
      ZQ_RETURN_IF_ERROR(
          audit_.Append(tx, caller, "complaint.submit", fmt::format("complaint_case:{}", c.id)));
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace zq::complaint

// Case rows, history and scope (internal/case_rows.h).
#include "complaint/internal/case_rows.h"

#include <string>

#include <fmt/format.h>

#include "core/ids/region_code.h"

namespace zq::complaint::internal {

using store::Value;

const store::Columns<CaseRecord>& CaseColumns() {
  using C = CaseRecord;
  using D = CaseDates;
  static const store::Columns<C> kColumns(
      "id", &C::id, "number", &C::number, "submission_id", &C::submission_id, "kind", &C::kind,
      &ParseKind, "state", &C::state, &ParseState, "channel", &C::channel, "respondent_uscc",
      &C::respondent_uscc, "respondent_name", &C::respondent_name, "respondent_kind",
      &C::respondent_kind, "subject", &C::subject, "domicile_region", &C::domicile_region,
      "business_region", &C::business_region, "platform_uscc", &C::platform_uscc,
      "platform_domicile_region", &C::platform_domicile_region, "act_region", &C::act_region,
      "publisher_region", &C::publisher_region, "advertiser_region", &C::advertiser_region,
      "agency_region", &C::agency_region, "handling_region", &C::handling_region, "routing_article",
      &C::routing_article, "competent", &C::competent, "facts", &C::facts, "request", &C::request,
      "object_class", &C::object_class, "problem", &C::problem, "classified_by", &C::classified_by,
      "kind", &C::dates, &D::kind, &ParseKind, "state", &C::dates, &D::state, &ParseState,
      "received_on", &C::dates, &D::received_on, "decided_on", &C::dates, &D::decided_on,
      "accepted_on", &C::dates, &D::accepted_on, "ended_on", &C::dates, &D::ended_on, "notified_on",
      &C::dates, &D::notified_on, "terminated", &C::dates, &D::terminated, "real_name", &C::dates,
      &D::real_name, "extended", &C::dates, &D::extended, "paused_working_days", &C::dates,
      &D::paused_working_days, "paused_on", &C::dates, &D::paused_on, "pause_ground",
      &C::pause_ground, "duplicate_of", &C::duplicate_of, "reopened", &C::reopened, "upheld",
      &C::upheld, "rating", &C::rating, "rating_comment", &C::rating_comment, "rated_at",
      &C::rated_at, "closed_on", &C::closed_on, "next_due_on", &C::next_due_on, "ground",
      &C::ground, "outcome", &C::outcome, "return_reason", &C::return_reason, "created_at",
      &C::created_at, "updated_at", &C::updated_at);
  return kColumns;
}

Result<CaseRecord> LoadCase(store::Transaction& tx, const auth::Caller& caller, std::int64_t id) {
  const std::vector<Value> p = {id};
  ZQ_ASSIGN_OR_RETURN(CaseRecord c,
                      CaseColumns().QueryOneOr(tx, "complaint_cases WHERE id = ?", p,
                                               Status::NotFound("no such case", "id")));
  if (!caller.IsOfficial() || !caller.CanReadRegion(c.handling_region))
    return Status::NotFound("no such case", "id");
  return c;
}

Result<CaseRecord> LoadCaseByNumber(store::Transaction& tx, const auth::Caller& caller,
                                    std::string_view number) {
  if (!number.empty() && number.size() <= 18 &&
      number.find_first_not_of("0123456789") == std::string_view::npos)
    return LoadCase(tx, caller, std::stoll(std::string(number)));
  const std::vector<Value> p = {std::string(number)};
  ZQ_ASSIGN_OR_RETURN(CaseRecord c,
                      CaseColumns().QueryOneOr(tx, "complaint_cases WHERE number = ?", p,
                                               Status::NotFound("no such case", "number")));
  if (!caller.IsOfficial() || !caller.CanReadRegion(c.handling_region))
    return Status::NotFound("no such case", "number");
  return c;
}

Result<State> StateBeforeClosing(store::Transaction& tx, std::int64_t case_id) {
  const std::vector<Value> p = {case_id};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx.Query("SELECT from_state FROM complaint_case_history WHERE case_id = ? "
                               "AND action = 'close' ORDER BY id DESC LIMIT 1",
                               p));
  if (rs.rows.empty())
    return Status::FailedPrecondition("the case has no closing step to undo", "state");
  return ParseState(rs.rows.at(0).GetText(0));
}

RoutingInput RoutingOf(const CaseRecord& c, std::string received_by) {
  return {.kind = c.kind,
          .respondent_kind = ParseRespondentKind(c.respondent_kind).value_or(RespondentKind{}),
          .subject = ParseReportSubject(c.subject).value_or(ReportSubject{}),
          .domicile_region = c.domicile_region,
          .business_region = c.business_region,
          .platform_domicile_region = c.platform_domicile_region,
          .act_region = c.act_region,
          .publisher_region = c.publisher_region,
          .advertiser_region = c.advertiser_region,
          .agency_region = c.agency_region,
          .received_by = std::move(received_by)};
}

Status AppendKind(const std::string& kind, std::string& where, std::vector<Value>& params) {
  if (kind.empty())
    return Status::Ok();
  ZQ_ASSIGN_OR_RETURN(const Kind k, ParseKind(kind));
  where += " AND kind = ?";
  params.emplace_back(std::string(KindName(k)));
  return Status::Ok();
}

Status AddHistory(store::Transaction& tx, std::int64_t case_id, std::string_view at,
                  std::string_view actor, std::string_view action, std::string_view from,
                  std::string_view to, std::string_view note) {
  const std::vector<Value> p = {
      case_id,           std::string(at), std::string(actor), std::string(action),
      std::string(from), std::string(to), std::string(note)};
  return tx
      .Execute(
          "INSERT INTO complaint_case_history (case_id, at, actor, action, from_state, to_state, "
          "note) VALUES (?, ?, ?, ?, ?, ?, ?)",
          p)
      .status();
}

Result<std::vector<HistoryEntry>> HistoryOf(store::Transaction& tx, std::int64_t case_id) {
  using H = HistoryEntry;
  static const store::Columns<H> kColumns("at", &H::at, "actor", &H::actor, "action", &H::action,
                                          "from_state", &H::from_state, "to_state", &H::to_state,
                                          "note", &H::note);
  const std::vector<Value> p = {case_id};
  return kColumns.QueryAll(tx, "complaint_case_history WHERE case_id = ? ORDER BY id", p);
}

Status AppendScope(const auth::Caller& caller, const std::optional<std::string>& region,
                   std::string& where, std::vector<Value>& params) {
  if (!caller.IsOfficial())
    return Status::PermissionDenied("only officials read cases");
  if (caller.ReadsWithinRegion()) {
    where += " AND handling_region LIKE ?";
    params.emplace_back(std::string(ids::SubtreePrefix(caller.region_code)) + "%");
  }
  if (region) {
    ZQ_ASSIGN_OR_RETURN(const ids::RegionCode r, ids::ParseRegionCode(*region));
    if (caller.ReadsWithinRegion() && !caller.CanReadRegion(r.code))
      return Status::NotFound("region outside your jurisdiction", "region");
    where += " AND handling_region LIKE ?";
    params.emplace_back(std::string(ids::SubtreePrefix(r.code)) + "%");
  }
  return Status::Ok();
}

bool ValidIdNumber(std::string_view id) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[] = "10X98765432";
  if (id.size() != 18)
    return false;
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    if (id[i] < '0' || id[i] > '9')
      return false;
    sum += (id[i] - '0') * kWeights[i];
  }
  const char last = id[17] == 'x' ? 'X' : id[17];
  return last == kCheck[sum % 11];
}

}  // namespace zq::complaint::internal

#include "credit/internal/list_rows.h"

#include <chrono>

#include <fmt/format.h>

#include "core/calendar.h"
#include "core/ids/region_code.h"
#include "credit/scoring.h"

namespace zq::credit::internal {

using store::Value;

namespace {

using S = SeriousListing;
using A = AbnormalListing;
using P = PenaltyPublication;

}  // namespace

const store::Columns<SeriousListing>& SeriousColumns() {
  static const store::Columns<S> kColumns(
      "id", &S::id, "uscc", &S::uscc, "region_code", &S::region_code, "status", &S::status,
      "origin", &S::origin, "category", &S::category, "penalty_event_id", &S::penalty_event_id,
      "judgement", &S::judgement, "decision_no", &S::decision_no, "authority_region",
      &S::authority_region, "proposed_by", &S::proposed_by, "proposed_on", &S::proposed_on,
      "approver_region", &S::approver_region, "decided_by", &S::decided_by, "decided_on",
      &S::decided_on, "decision_note", &S::decision_note, "listed_on", &S::listed_on,
      "term_ends_on", &S::term_ends_on, "removed_on", &S::removed_on, "removed_by", &S::removed_by,
      "removal_reason", &S::removal_reason, "listing_event_id", &S::listing_event_id,
      "removal_event_id", &S::removal_event_id, "abnormal_listing_id", &S::abnormal_listing_id);
  return kColumns;
}

SeriousListing SeriousFromRow(const store::Row& r) { return SeriousColumns().FromRow(r); }

const store::Columns<PenaltyPublication>& PublicationColumns() {
  static const store::Columns<P> kColumns(
      "id", &P::id, "uscc", &P::uscc, "region_code", &P::region_code, "penalty_event_id",
      &P::penalty_event_id, "decision_no", &P::decision_no, "party", &P::party, "violation_type",
      &P::violation_type, "penalty_kind", &P::penalty_kind, "penalty_text", &P::penalty_text,
      "restriction_months", &P::restriction_months, "case_domain", &P::case_domain, "authority",
      &P::authority, "authority_region", &P::authority_region, "decision_date", &P::decision_date,
      "status", &P::status, "due_on", &P::due_on, "published_on", &P::published_on, "display_until",
      &P::display_until, "revoked_on", &P::revoked_on, "revocation_ref", &P::revocation_ref,
      "retraction_due_on", &P::retraction_due_on, "retracted_on", &P::retracted_on,
      "withdrawal_event_id", &P::withdrawal_event_id, "stopped_on", &P::stopped_on, "received_on",
      &P::received_on, "authority_province", &P::authority_province);
  return kColumns;
}

PenaltyPublication PublicationFromRow(const store::Row& r) {
  return PublicationColumns().FromRow(r);
}

const store::Columns<AbnormalListing>& AbnormalColumns() {
  static const store::Columns<A> kColumns(
      "id", &A::id, "uscc", &A::uscc, "region_code", &A::region_code, "status", &A::status,
      "reason", &A::reason, "decision_no", &A::decision_no, "authority_region",
      &A::authority_region, "listed_by", &A::listed_by, "listed_on", &A::listed_on, "escalation_on",
      &A::escalation_on, "removed_on", &A::removed_on, "removed_by", &A::removed_by,
      "removal_reason", &A::removal_reason, "listing_event_id", &A::listing_event_id,
      "removal_event_id", &A::removal_event_id, "serious_listing_id", &A::serious_listing_id);
  return kColumns;
}

AbnormalListing AbnormalFromRow(const store::Row& r) { return AbnormalColumns().FromRow(r); }

bool MayRead(const auth::Caller& caller, std::string_view region_code, std::string_view uscc) {
  return caller.CanSeeRegion(region_code) || caller.ActsForEntity(uscc);
}

Status AppendRegionFilter(std::string_view filter_region, std::string& where,
                          std::vector<Value>& params) {
  if (!filter_region.empty()) {
    ZQ_RETURN_IF_ERROR(ids::ParseRegionCode(filter_region).status());
    where += " AND region_code LIKE ?";
    params.emplace_back(std::string(ids::SubtreePrefix(filter_region)) + "%");
  }
  return Status::Ok();
}

Status AppendScope(const auth::Caller& caller, std::string_view filter_region, std::string& where,
                   std::vector<Value>& params) {
  ZQ_RETURN_IF_ERROR(AppendRegionFilter(filter_region, where, params));
  if (caller.IsAdministrator())
    return Status::Ok();
  if (caller.HasJurisdiction() && caller.region_code.size() == 6) {
    where += " AND region_code LIKE ?";
    params.emplace_back(std::string(ids::SubtreePrefix(caller.region_code)) + "%");
  } else if (caller.ActsForEntity()) {
    where += " AND uscc = ?";
    params.emplace_back(caller.uscc);
  } else {
    where += " AND 1 = 0";  // an official without a jurisdiction, or a role that reads no list
  }
  return Status::Ok();
}

Result<std::int64_t> QueryPage(store::Database& db, std::string_view table,
                               std::string_view columns, const std::string& where,
                               std::vector<Value> params, std::string_view order, int page,
                               int page_size, const std::function<void(const store::Row&)>& row) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(store::ResultSet count,
                      tx->Query(fmt::format("SELECT COUNT(*) FROM {} {}", table, where), params));
  params.emplace_back(std::int64_t{page_size});
  params.emplace_back(std::int64_t{page - 1} * page_size);
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx->Query(fmt::format("SELECT {} FROM {} {} ORDER BY {} LIMIT ? OFFSET ?",
                                            columns, table, where, order),
                                params));
  for (const store::Row& r : rs.rows) row(r);
  return count.rows.at(0).GetInt(0);
}

std::string PlusMonths(std::string_view date, int months) {
  return DayText(AddMonths(DayNumber(date).value(), months));
}

std::string PlusDays(std::string_view date, int days) {
  return DayText(DayNumber(date).value() + days);
}

Result<std::string> PlusWorkingDays(std::string_view date, int days) {
  ZQ_ASSIGN_OR_RETURN(const std::chrono::year_month_day d, ParseDate(date));
  ZQ_ASSIGN_OR_RETURN(const std::chrono::year_month_day due,
                      WorkingDayCalendar::China().AddWorkingDays(d, days));
  return FormatDate(due);
}

void AppendEquals(std::string_view column, const std::string& value, std::string& where,
                  std::vector<store::Value>& params) {
  if (value.empty())
    return;
  where += fmt::format(" AND {} = ?", column);
  params.emplace_back(value);
}

}  // namespace zq::credit::internal

#include "credit/internal/list_rows.h"

#include <chrono>

#include <fmt/format.h>

#include "core/calendar.h"
#include "core/ids/region_code.h"
#include "credit/scoring.h"

namespace zq::credit::internal {

using store::Value;

SeriousListing SeriousFromRow(const store::Row& r) {
  SeriousListing s;
  s.id = r.GetInt(0);
  s.uscc = r.GetText(1);
  s.region_code = r.GetText(2);
  s.status = r.GetText(3);
  s.origin = r.GetText(4);
  s.category = r.GetText(5);
  s.penalty_event_id = r.GetInt(6);
  s.judgement = r.GetText(7);
  s.decision_no = r.GetText(8);
  s.authority_region = r.GetText(9);
  s.proposed_by = r.GetText(10);
  s.proposed_on = r.GetText(11);
  s.approver_region = r.GetText(12);
  s.decided_by = r.GetText(13);
  s.decided_on = r.GetText(14);
  s.decision_note = r.GetText(15);
  s.listed_on = r.GetText(16);
  s.term_ends_on = r.GetText(17);
  s.removed_on = r.GetText(18);
  s.removed_by = r.GetText(19);
  s.removal_reason = r.GetText(20);
  s.listing_event_id = r.GetInt(21);
  s.removal_event_id = r.GetInt(22);
  s.abnormal_listing_id = r.GetInt(23);
  return s;
}

AbnormalListing AbnormalFromRow(const store::Row& r) {
  AbnormalListing a;
  a.id = r.GetInt(0);
  a.uscc = r.GetText(1);
  a.region_code = r.GetText(2);
  a.status = r.GetText(3);
  a.reason = r.GetText(4);
  a.decision_no = r.GetText(5);
  a.authority_region = r.GetText(6);
  a.listed_by = r.GetText(7);
  a.listed_on = r.GetText(8);
  a.escalation_on = r.GetText(9);
  a.removed_on = r.GetText(10);
  a.removed_by = r.GetText(11);
  a.removal_reason = r.GetText(12);
  a.listing_event_id = r.GetInt(13);
  a.removal_event_id = r.GetInt(14);
  a.serious_listing_id = r.GetInt(15);
  return a;
}

PenaltyPublication PublicationFromRow(const store::Row& r) {
  PenaltyPublication p;
  p.id = r.GetInt(0);
  p.uscc = r.GetText(1);
  p.region_code = r.GetText(2);
  p.penalty_event_id = r.GetInt(3);
  p.decision_no = r.GetText(4);
  p.party = r.GetText(5);
  p.violation_type = r.GetText(6);
  p.penalty_kind = r.GetText(7);
  p.penalty_text = r.GetText(8);
  p.restriction_months = static_cast<int>(r.GetInt(9));
  p.case_domain = r.GetText(10);
  p.authority = r.GetText(11);
  p.authority_region = r.GetText(12);
  p.decision_date = r.GetText(13);
  p.status = r.GetText(14);
  p.due_on = r.GetText(15);
  p.published_on = r.GetText(16);
  p.display_until = r.GetText(17);
  p.revoked_on = r.GetText(18);
  p.revocation_ref = r.GetText(19);
  p.retraction_due_on = r.GetText(20);
  p.retracted_on = r.GetText(21);
  p.withdrawal_event_id = r.GetInt(22);
  p.stopped_on = r.GetText(23);
  p.received_on = r.GetText(24);
  p.authority_province = r.GetText(25);
  return p;
}

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

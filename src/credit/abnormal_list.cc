// 经营异常名录 (企业信息公示暂行条例第17条): listing with a reason, removal once the duty is
// discharged, and the daily sweep: the serious list's term ends, and an entity still on the
// abnormal list after 3 years moves to the serious list (warned 60 days before).
#include <functional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "credit/credit_lists.h"
#include "credit/internal/list_rows.h"

namespace zq::credit {

using store::Value;

namespace {

// A step of the sweep: `move` takes each listing `sql` selects (its id and the date it is due)
// in a transaction of its own, so that a failure leaves the others done and a rerun picks it up.
// Returns how many moved.
Result<std::int64_t> SweepEach(
    store::Database& db, std::string_view sql, const std::vector<Value>& params,
    const std::function<Status(store::Transaction&, std::int64_t, const std::string&)>& move) {
  std::vector<std::pair<std::int64_t, std::string>> due;
  {
    ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(store::TxMode::kReadOnly));
    ZQ_ASSIGN_OR_RETURN(store::ResultSet rs, tx->Query(sql, params));
    for (const store::Row& r : rs.rows) due.emplace_back(r.GetInt(0), r.GetText(1));
  }
  for (const auto& listing : due) {  // not bound by name: clang before 16 cannot capture those
    ZQ_RETURN_IF_ERROR(store::InTransaction(
        db, [&](store::Transaction& tx) { return move(tx, listing.first, listing.second); }));
  }
  return static_cast<std::int64_t>(due.size());
}

}  // namespace

bool CreditLists::EscalationDue(const AbnormalListing& a, const std::string& today) const {
  return a.status == "listed" &&
         internal::PlusDays(a.escalation_on, -rules_.escalation_warning_days) <= today;
}

Result<AbnormalListing> CreditLists::LoadAbnormal(store::Transaction& tx,
                                                  const auth::Caller& caller, std::int64_t id,
                                                  Names names) const {
  const std::vector<Value> key = {id};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx.Query(fmt::format("SELECT {} FROM credit_abnormal_listings WHERE id = ?",
                                           internal::AbnormalColumns().List()),
                               key));
  if (rs.rows.empty())
    return Status::NotFound("no such abnormal listing", "listing_id");
  AbnormalListing a = internal::AbnormalFromRow(rs.rows[0]);
  if (!internal::MayRead(caller, a.region_code, a.uscc))
    return Status::NotFound("no such abnormal listing", "listing_id");
  a.escalation_due = EscalationDue(a, TodayText(clock_));
  if (names == Names::kWith) {
    ZQ_ASSIGN_OR_RETURN(const registry::ListedEntity facts, registry_.ListedEntityIn(tx, a.uscc));
    a.entity_name = facts.name;
  }
  return a;
}

Result<AbnormalListing> CreditLists::ListAbnormal(const auth::Caller& caller, std::string uscc,
                                                  std::string reason, std::string decision_no) {
  if (!caller.ActsForAuthority())
    return Status::PermissionDenied("a listing is decided by a regulator's bureau");
  if (!internal::OneOf(reason, kAbnormalReasons)) {
    return Status::InvalidArgument(
        "reason: annual_report_not_filed, instant_disclosure_overdue, false_information or "
        "unreachable_at_address",
        "reason");
  }
  if (decision_no.empty() || decision_no.size() > 200)
    return Status::InvalidArgument("decision_no is required (at most 200 bytes)", "decision_no");
  std::int64_t id = 0;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    Result<registry::ListedEntity> entity = registry_.ListedEntityIn(tx, uscc);
    if (!entity.ok() || !caller.CanWriteIn(entity->region_code))
      return Status::NotFound("no such market entity", "uscc");
    const std::vector<Value> key = {uscc};
    ZQ_ASSIGN_OR_RETURN(
        store::ResultSet open,
        tx.Query("SELECT id FROM credit_abnormal_listings WHERE uscc = ? AND status = 'listed'",
                 key));
    if (!open.rows.empty()) {
      return Status::FailedPrecondition(
          fmt::format("already on the abnormal list (listing {})", open.rows[0].GetInt(0)), "uscc");
    }
    const std::string today = TodayText(clock_);
    const std::vector<Value> row = {uscc,
                                    entity->region_code,
                                    reason,
                                    decision_no,
                                    caller.region_code,
                                    caller.actor,
                                    today,
                                    internal::PlusMonths(today, rules_.abnormal_escalation_months),
                                    auth::FormatTimestamp(clock_.Now())};
    ZQ_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO credit_abnormal_listings (uscc, region_code, status, reason, "
                   "decision_no, authority_region, listed_by, listed_on, escalation_on, "
                   "updated_at) VALUES (?, ?, 'listed', ?, ?, ?, ?, ?, ?, ?)",
                   row)
            .status());
    ZQ_ASSIGN_OR_RETURN(
        store::ResultSet ids,
        tx.Query("SELECT MAX(id) FROM credit_abnormal_listings WHERE uscc = ?", key));
    id = ids.rows.at(0).GetInt(0);
    ZQ_ASSIGN_OR_RETURN(const std::int64_t event,
                        AppendListEvent(tx, caller, "list.abnormal.added", uscc,
                                        fmt::format("abnormal:{}:added", id), today, decision_no,
                                        fmt::format("{} ({})", decision_no, reason)));
    const std::vector<Value> update = {event, id};
    ZQ_RETURN_IF_ERROR(
        tx.Execute("UPDATE credit_abnormal_listings SET listing_event_id = ? WHERE id = ?", update)
            .status());
    return credit_.audit().Append(tx, caller, "credit.abnormal.list",
                                  fmt::format("abnormal_listing:{}", id),
                                  nlohmann::json{{"uscc", uscc}, {"reason", reason}}.dump());
  }));
  return GetAbnormal(caller, id);
}

Result<AbnormalListing> CreditLists::RemoveAbnormalInTx(store::Transaction& tx,
                                                        const auth::Caller& caller,
                                                        std::int64_t listing_id,
                                                        std::string_view reason, std::string on) {
  if (!internal::OneOf(reason, kAbnormalRemovalReasons) && reason != "escalated")
    return Status::InvalidArgument("unknown removal reason", "reason");
  ZQ_ASSIGN_OR_RETURN(AbnormalListing a, LoadAbnormal(tx, caller, listing_id, Names::kWithout));
  const std::string status = reason == "escalated" ? "escalated" : "removed";
  ZQ_ASSIGN_OR_RETURN(a.removal_event_id,
                      RemoveListingInTx(tx, caller,
                                        {"abnormal", a.id, a.uscc, a.region_code, a.status,
                                         a.listed_on, a.decision_no},
                                        status, reason, on));
  a.status = status;
  a.removed_on = on;
  a.removed_by = caller.actor;
  a.removal_reason = std::string(reason);
  return a;
}

Result<AbnormalListing> CreditLists::RemoveAbnormal(const auth::Caller& caller,
                                                    std::int64_t listing_id,
                                                    std::string_view reason) {
  if (!internal::OneOf(reason, kAbnormalRemovalReasons)) {
    return Status::InvalidArgument(
        "reason: annual_report_filed, disclosure_made, information_corrected, reachable_again "
        "or corrected",
        "reason");
  }
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_RETURN_IF_ERROR(LoadAbnormal(tx, caller, listing_id, Names::kWithout).status());
    if (!caller.ActsForAuthority())
      return Status::PermissionDenied("a removal is decided by a regulator's bureau");
    return RemoveAbnormalInTx(tx, caller, listing_id, reason).status();
  }));
  return GetAbnormal(caller, listing_id);
}

Result<AbnormalListing> CreditLists::GetAbnormal(const auth::Caller& caller,
                                                 std::int64_t listing_id) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  return LoadAbnormal(*tx, caller, listing_id, Names::kWith);
}

Result<ListPage<AbnormalListing>> CreditLists::AbnormalListings(const auth::Caller& caller,
                                                                const ListFilter& f) {
  ZQ_RETURN_IF_ERROR(internal::CheckPage(f.page, f.page_size));
  std::string where = "WHERE 1 = 1";
  std::vector<Value> params;
  ZQ_RETURN_IF_ERROR(internal::AppendScope(caller, f.region_code, where, params));
  internal::AppendEquals("status", f.status, where, params);
  internal::AppendEquals("uscc", f.uscc, where, params);
  internal::AppendEquals("reason", f.category, where, params);
  const std::string today = TodayText(clock_);
  if (f.escalation_due_only) {
    where += " AND status = 'listed' AND escalation_on <= ?";
    params.emplace_back(internal::PlusDays(today, rules_.escalation_warning_days));
  }
  ListPage<AbnormalListing> out;
  out.page = f.page;
  out.page_size = f.page_size;
  ZQ_ASSIGN_OR_RETURN(
      out.total, internal::QueryPage(db_, "credit_abnormal_listings",
                                     internal::AbnormalColumns().List(), where, std::move(params),
                                     "id DESC", f.page, f.page_size, [&](const store::Row& row) {
                                       AbnormalListing a = internal::AbnormalFromRow(row);
                                       a.escalation_due = EscalationDue(a, today);
                                       out.items.push_back(std::move(a));
                                     }));
  const auto names = NamesOf(out.items);
  for (AbnormalListing& a : out.items) {
    if (const auto it = names.find(a.uscc); it != names.end())
      a.entity_name = it->second.name;
  }
  return out;
}

Result<SweepReport> CreditLists::Sweep(const auth::Caller& caller) {
  if (!caller.IsAdministrator())
    return Status::PermissionDenied("only a platform administrator runs the credit sweep");
  SweepReport report;
  report.as_of = TodayText(clock_);
  const std::vector<Value> today = {report.as_of};
  // Escalations first, so that a listing whose term already ended is removed in the same run.
  ZQ_ASSIGN_OR_RETURN(
      report.abnormal_escalated,
      SweepEach(
          db_,
          "SELECT id, escalation_on FROM credit_abnormal_listings WHERE status = 'listed' AND "
          "escalation_on <= ? ORDER BY id",
          today, [&](store::Transaction& tx, std::int64_t id, const std::string& on) -> Status {
            ZQ_ASSIGN_OR_RETURN(const AbnormalListing a,
                                RemoveAbnormalInTx(tx, caller, id, "escalated", on));
            SeriousListing s;
            s.uscc = a.uscc;
            s.region_code = a.region_code;
            s.origin = "escalation";
            s.category = std::string(kEscalationCategory);
            s.judgement = fmt::format(
                "列入经营异常名录（{}，{}）届满{}"
                "个月仍未履行相关义务（企业信息公示暂行条例第17条）",
                a.decision_no, a.listed_on, rules_.abnormal_escalation_months);
            s.decision_no = a.decision_no;
            s.authority_region = a.authority_region;
            s.proposed_by = caller.actor;
            s.proposed_on = on;
            s.decided_by = caller.actor;
            s.decided_on = on;
            s.abnormal_listing_id = a.id;
            const std::vector<Value> row = {s.uscc,
                                            s.region_code,
                                            s.origin,
                                            s.category,
                                            s.judgement,
                                            s.decision_no,
                                            s.authority_region,
                                            s.proposed_by,
                                            s.proposed_on,
                                            s.abnormal_listing_id,
                                            auth::FormatTimestamp(clock_.Now())};
            ZQ_RETURN_IF_ERROR(
                tx.Execute(
                      "INSERT INTO credit_serious_listings (uscc, region_code, status, origin, "
                      "category, judgement, decision_no, authority_region, proposed_by, "
                      "proposed_on, abnormal_listing_id, updated_at) VALUES "
                      "(?, ?, 'proposed', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      row)
                    .status());
            const std::vector<Value> key = {a.id};
            ZQ_ASSIGN_OR_RETURN(
                store::ResultSet ids,
                tx.Query("SELECT id FROM credit_serious_listings WHERE abnormal_listing_id = ?",
                         key));
            s.id = ids.rows.at(0).GetInt(0);
            ZQ_RETURN_IF_ERROR(ListSeriousInTx(tx, caller, s, on));
            const std::vector<Value> link = {s.id, a.id};
            ZQ_RETURN_IF_ERROR(
                tx.Execute(
                      "UPDATE credit_abnormal_listings SET serious_listing_id = ? WHERE id = ?",
                      link)
                    .status());
            return credit_.audit().Append(tx, caller, "credit.abnormal.escalate",
                                          fmt::format("abnormal_listing:{}", a.id),
                                          nlohmann::json{{"serious_listing_id", s.id}}.dump());
          }));
  ZQ_ASSIGN_OR_RETURN(
      report.serious_expired,
      SweepEach(db_,
                "SELECT id, term_ends_on FROM credit_serious_listings WHERE status = 'listed' AND "
                "term_ends_on <= ? ORDER BY id",
                today, [&](store::Transaction& tx, std::int64_t id, const std::string& on) {
                  return RemoveSeriousInTx(tx, caller, id, "term_expired", on).status();
                }));
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const std::vector<Value> window = {
        report.as_of, internal::PlusDays(report.as_of, rules_.escalation_warning_days)};
    ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                        tx.Query("SELECT COUNT(*) FROM credit_abnormal_listings WHERE status = "
                                 "'listed' AND escalation_on > ? AND escalation_on <= ?",
                                 window));
    report.escalation_warnings = rs.rows.at(0).GetInt(0);
    ZQ_ASSIGN_OR_RETURN(rs, tx.Query("SELECT COUNT(*) FROM credit_penalty_publications WHERE "
                                     "status = 'pending' AND due_on < ?",
                                     today));
    report.publications_overdue = rs.rows.at(0).GetInt(0);
    ZQ_ASSIGN_OR_RETURN(rs, tx.Query("SELECT COUNT(*) FROM credit_penalty_publications WHERE "
                                     "status = 'revoked' AND retraction_due_on < ?",
                                     today));
    report.retractions_overdue = rs.rows.at(0).GetInt(0);
    const nlohmann::json detail = {{"as_of", report.as_of},
                                   {"serious_expired", report.serious_expired},
                                   {"abnormal_escalated", report.abnormal_escalated},
                                   {"escalation_warnings", report.escalation_warnings},
                                   {"publications_overdue", report.publications_overdue},
                                   {"retractions_overdue", report.retractions_overdue}};
    return credit_.audit().Append(tx, caller, "credit.sweep", "credit", detail.dump());
  }));
  return report;
}

}  // namespace zq::credit

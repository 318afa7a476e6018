// 行政处罚信息公示 (总局令第45号): registration, publication within 20 working days, display
// periods with the provincial cap, revocation and retraction within 3 working days, early stop.
#include "credit/penalty_publication.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "core/ids/region_code.h"
#include "credit/internal/list_rows.h"

namespace zq::credit {

using store::Value;

namespace {

bool MinorKind(std::string_view kind) { return kind == "criticism" || kind == "small_fine"; }

std::string Object(std::int64_t id) { return fmt::format("penalty_publication:{}", id); }

}  // namespace

int PublicationRules::CapMonths(std::string_view region_code) const {
  const auto it = negative_cap_months_by_province.find(region_code.substr(0, 2));
  return it == negative_cap_months_by_province.end() ? 0 : it->second;
}

void PenaltyPublications::Flags(PenaltyPublication& p) const {
  const std::string today = TodayText(clock_);
  p.overdue = p.status == "pending" && today > p.due_on;
  p.expired = p.status == "published" && !p.display_until.empty() && p.display_until <= today;
  p.retraction_overdue = p.status == "revoked" && today > p.retraction_due_on;
  if (!p.received_on.empty()) {
    const Result<std::string> transfer_due =
        internal::PlusWorkingDays(p.decision_date, rules_.transfer_within_working_days);
    p.received_late = transfer_due.ok() && p.received_on > *transfer_due;
  }
}

Result<PenaltyPublication> PenaltyPublications::Load(store::Transaction& tx,
                                                     const auth::Caller& caller, std::int64_t id,
                                                     Intent intent) const {
  const std::vector<Value> key = {id};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx.Query(fmt::format("SELECT {} FROM credit_penalty_publications WHERE id = ?",
                           internal::PublicationColumns().List()),
               key));
  if (rs.rows.empty())
    return Status::NotFound("no such penalty publication", "publication_id");
  PenaltyPublication p = internal::PublicationFromRow(rs.rows[0]);
  const bool may = intent == Intent::kWrite ? caller.CanWriteIn(p.region_code)
                                            : internal::MayRead(caller, p.region_code, p.uscc);
  if (!may)
    return Status::NotFound("no such penalty publication", "publication_id");
  Flags(p);
  return p;
}

Result<PenaltyPublication> PenaltyPublications::Register(const auth::Caller& caller,
                                                         PenaltyDecision d) {
  if (!caller.ActsForAuthority())
    return Status::PermissionDenied("a penalty is published by a regulator's bureau");
  if (d.penalty_kind == "warning") {
    return Status::InvalidArgument("a warning alone is not published (总局令第45号 Art. 2)",
                                   "penalty_kind");
  }
  if (!internal::OneOf(d.penalty_kind, kPenaltyKinds)) {
    return Status::InvalidArgument(
        "penalty_kind: criticism, small_fine, fine, confiscation, suspension, licence_revoked, "
        "employment_ban or other",
        "penalty_kind");
  }
  if (!internal::OneOf(d.case_domain, kCaseDomains))
    return Status::InvalidArgument("case_domain: food, drug, special_equipment or other",
                                   "case_domain");
  if (d.violation_type.empty() || d.violation_type.size() > 200)
    return Status::InvalidArgument("violation_type is required (at most 200 bytes)",
                                   "violation_type");
  if (d.penalty_text.empty() || d.penalty_text.size() > 1000)
    return Status::InvalidArgument("penalty_text is required (at most 1000 bytes)", "penalty_text");
  if (d.authority.empty() || d.authority.size() > 200)
    return Status::InvalidArgument("authority is required (at most 200 bytes)", "authority");
  if (d.restriction_months < 0 || d.restriction_months > 1200)
    return Status::InvalidArgument("restriction_months lies in 0-1200", "restriction_months");
  if (d.decision_no.size() > 200)
    return Status::InvalidArgument("decision_no: at most 200 bytes", "decision_no");
  const bool transferred = !d.authority_province.empty() || !d.received_on.empty();
  if (transferred) {
    const Status province = d.authority_province.size() == 2
                                ? ids::ParseRegionCode(d.authority_province + "0000").status()
                                : Status::Ok();
    if (!province.ok())  // the code's own rule (digits, 11-82)
      return Status::InvalidArgument(province.message(), "authority_province");
    if (d.authority_province.size() != 2 ||
        d.authority_province == caller.region_code.substr(0, 2)) {
      return Status::InvalidArgument(
          "authority_province is the two-digit code of another province (跨省)",
          "authority_province");
    }
    if (d.received_on.empty()) {
      return Status::InvalidArgument(
          "received_on (YYYY-MM-DD) is required for a decision of another province", "received_on");
    }
    ZQ_RETURN_IF_ERROR(DayNumber(d.received_on, "received_on").status());
    if (d.received_on > TodayText(clock_))
      return Status::InvalidArgument("received_on lies in the future", "received_on");
  }
  std::int64_t id = 0;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    Result<CreditEvent> event = credit_.EventInScope(tx, caller, d.penalty_event_id);
    if (!event.ok() || !caller.CanWriteIn(event->region_code))
      return Status::NotFound("no such penalty event", "penalty_event_id");
    if (!event->event_type.starts_with("penalty."))
      return Status::InvalidArgument("not a penalty event", "penalty_event_id");
    if (MinorKind(d.penalty_kind) != (event->event_type == "penalty.minor")) {
      return Status::InvalidArgument(
          "criticism and small_fine go with penalty.minor events, other kinds with the others",
          "penalty_kind");
    }
    const std::vector<Value> key = {d.penalty_event_id};
    ZQ_ASSIGN_OR_RETURN(store::ResultSet ended,
                        tx.Query("SELECT id FROM credit_events WHERE ends_event_id = ?", key));
    if (!ended.rows.empty())
      return Status::FailedPrecondition("that penalty was withdrawn", "penalty_event_id");
    ZQ_ASSIGN_OR_RETURN(
        store::ResultSet known,
        tx.Query("SELECT id FROM credit_penalty_publications WHERE penalty_event_id = ?", key));
    if (!known.rows.empty()) {
      return Status::FailedPrecondition(
          fmt::format("already registered (publication {})", known.rows[0].GetInt(0)),
          "penalty_event_id");
    }
    ZQ_ASSIGN_OR_RETURN(const registry::ListedEntity entity,
                        registry_.ListedEntityIn(tx, event->uscc));
    if (transferred && d.received_on < event->occurred_on)
      return Status::InvalidArgument("received_on is before the decision", "received_on");
    ZQ_ASSIGN_OR_RETURN(
        const std::string due,
        transferred
            ? internal::PlusWorkingDays(d.received_on, rules_.publish_after_receipt_working_days)
            : internal::PlusWorkingDays(event->occurred_on, rules_.publish_within_working_days));
    const std::vector<Value> row = {event->uscc,
                                    event->region_code,
                                    d.penalty_event_id,
                                    d.decision_no.empty() ? event->evidence_ref : d.decision_no,
                                    entity.name,
                                    d.violation_type,
                                    d.penalty_kind,
                                    d.penalty_text,
                                    std::int64_t{d.restriction_months},
                                    d.case_domain,
                                    d.authority,
                                    caller.region_code,
                                    event->occurred_on,
                                    due,
                                    caller.actor,
                                    auth::FormatTimestamp(clock_.Now()),
                                    d.received_on,
                                    d.authority_province};
    ZQ_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO credit_penalty_publications (uscc, region_code, penalty_event_id, "
                   "decision_no, party, violation_type, penalty_kind, penalty_text, "
                   "restriction_months, case_domain, authority, authority_region, decision_date, "
                   "status, due_on, created_by, updated_at, received_on, authority_province) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)",
                   row)
            .status());
    ZQ_ASSIGN_OR_RETURN(
        store::ResultSet ids,
        tx.Query("SELECT id FROM credit_penalty_publications WHERE penalty_event_id = ?", key));
    id = ids.rows.at(0).GetInt(0);
    const nlohmann::json detail = {{"penalty_event_id", d.penalty_event_id},
                                   {"penalty_kind", d.penalty_kind},
                                   {"due_on", due}};
    return credit_.audit().Append(tx, caller, "credit.publication.register", Object(id),
                                  detail.dump());
  }));
  return Get(caller, id);
}

Result<PenaltyPublication> PenaltyPublications::Publish(const auth::Caller& caller,
                                                        std::int64_t id) {
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(const PenaltyPublication p, Load(tx, caller, id, Intent::kWrite));
    if (p.status != "pending")
      return Status::FailedPrecondition("only a pending publication is published", "status");
    const std::string today = TodayText(clock_);
    const int months =
        std::max(MinorKind(p.penalty_kind) ? rules_.minor_months : rules_.ordinary_months,
                 p.restriction_months);
    std::string until = internal::PlusMonths(today, months);
    if (const int cap = rules_.CapMonths(p.region_code); cap > 0)
      until = std::min(until, internal::PlusMonths(p.decision_date, cap));
    const std::vector<Value> update = {today, until, auth::FormatTimestamp(clock_.Now()), id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE credit_penalty_publications SET status = 'published', "
                                  "published_on = ?, display_until = ?, updated_at = ? "
                                  "WHERE id = ?",
                                  update)
                           .status());
    const nlohmann::json detail = {{"display_until", until}, {"overdue", p.overdue}};
    return credit_.audit().Append(tx, caller, "credit.publication.publish", Object(id),
                                  detail.dump());
  }));
  return Get(caller, id);
}

Result<PenaltyPublication> PenaltyPublications::Revoke(const auth::Caller& caller, std::int64_t id,
                                                       std::string revocation_ref,
                                                       std::string revoked_on) {
  if (revocation_ref.empty() || revocation_ref.size() > 400)
    return Status::InvalidArgument("the revoking document is required (at most 400 bytes)",
                                   "revocation_ref");
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(const PenaltyPublication p, Load(tx, caller, id, Intent::kWrite));
    if (p.status != "pending" && p.status != "published")
      return Status::FailedPrecondition("only a pending or published decision is revoked",
                                        "status");
    const std::string today = TodayText(clock_);
    const std::string on = revoked_on.empty() ? today : revoked_on;
    ZQ_RETURN_IF_ERROR(DayNumber(on, "revoked_on").status());
    if (on < p.decision_date || on > today) {
      return Status::InvalidArgument("revoked_on lies between the decision date and today",
                                     "revoked_on");
    }
    // The penalty's credit event ends (an upheld objection may have ended it already).
    const std::vector<Value> key = {p.penalty_event_id};
    ZQ_ASSIGN_OR_RETURN(store::ResultSet ended,
                        tx.Query("SELECT id FROM credit_events WHERE ends_event_id = ?", key));
    std::int64_t withdrawal = ended.rows.empty() ? 0 : ended.rows[0].GetInt(0);
    if (withdrawal == 0) {
      ZQ_ASSIGN_OR_RETURN(
          const RecordOutcome w,
          credit_.EndEvent(tx, caller, p.penalty_event_id, "record.withdrawn",
                           "credit-publications", fmt::format("publication:{}:revoked", id),
                           revocation_ref, "行政处罚决定撤销", on));
      withdrawal = w.event.id;
    }
    const bool published = p.status == "published";
    std::string due;
    if (published) {
      ZQ_ASSIGN_OR_RETURN(due, internal::PlusWorkingDays(on, rules_.retract_within_working_days));
    }
    const std::vector<Value> update = {std::string(published ? "revoked" : "withdrawn"),
                                       on,
                                       revocation_ref,
                                       due,
                                       withdrawal,
                                       auth::FormatTimestamp(clock_.Now()),
                                       id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE credit_penalty_publications SET status = ?, "
                                  "revoked_on = ?, revocation_ref = ?, retraction_due_on = ?, "
                                  "withdrawal_event_id = ?, updated_at = ? WHERE id = ?",
                                  update)
                           .status());
    const nlohmann::json detail = {{"revocation_ref", revocation_ref}, {"retraction_due_on", due}};
    return credit_.audit().Append(tx, caller, "credit.publication.revoke", Object(id),
                                  detail.dump());
  }));
  return Get(caller, id);
}

Result<PenaltyPublication> PenaltyPublications::Retract(const auth::Caller& caller,
                                                        std::int64_t id) {
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(const PenaltyPublication p, Load(tx, caller, id, Intent::kWrite));
    if (p.status != "revoked")
      return Status::FailedPrecondition("only a revoked decision's publication is retracted",
                                        "status");
    const std::vector<Value> update = {TodayText(clock_), auth::FormatTimestamp(clock_.Now()), id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE credit_penalty_publications SET status = 'retracted', "
                                  "retracted_on = ?, updated_at = ? WHERE id = ?",
                                  update)
                           .status());
    return credit_.audit().Append(tx, caller, "credit.publication.retract", Object(id),
                                  nlohmann::json{{"overdue", p.retraction_overdue}}.dump());
  }));
  return Get(caller, id);
}

Result<PenaltyPublication> PenaltyPublications::StopEarlyInTx(store::Transaction& tx,
                                                              const auth::Caller& caller,
                                                              std::int64_t id,
                                                              std::string source_id,
                                                              std::string evidence_ref) {
  ZQ_ASSIGN_OR_RETURN(PenaltyPublication p, Load(tx, caller, id, Intent::kWrite));
  if (p.status != "published" || p.expired)
    return Status::FailedPrecondition("only a publication being shown is stopped", "status");
  ZQ_ASSIGN_OR_RETURN(
      const RecordOutcome repaired,
      credit_.EndEvent(tx, caller, p.penalty_event_id, "record.repaired", "credit-repair",
                       std::move(source_id), std::move(evidence_ref), "信用修复：提前停止公示"));
  p.status = "stopped";
  p.stopped_on = TodayText(clock_);
  p.withdrawal_event_id = repaired.event.id;
  const std::vector<Value> update = {p.stopped_on, p.withdrawal_event_id,
                                     auth::FormatTimestamp(clock_.Now()), id};
  ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE credit_penalty_publications SET status = 'stopped', "
                                "stopped_on = ?, withdrawal_event_id = ?, updated_at = ? "
                                "WHERE id = ?",
                                update)
                         .status());
  ZQ_RETURN_IF_ERROR(credit_.audit().Append(tx, caller, "credit.publication.stop", Object(id)));
  Flags(p);
  return p;
}

Result<PenaltyPublication> PenaltyPublications::GetInTx(store::Transaction& tx,
                                                        const auth::Caller& caller,
                                                        std::int64_t id) {
  ZQ_ASSIGN_OR_RETURN(PenaltyPublication p, Load(tx, caller, id, Intent::kRead));
  ZQ_ASSIGN_OR_RETURN(const registry::ListedEntity facts, registry_.ListedEntityIn(tx, p.uscc));
  p.legal_representative = facts.legal_representative_masked;
  return p;
}

Result<PenaltyPublication> PenaltyPublications::Get(const auth::Caller& caller, std::int64_t id) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  return GetInTx(*tx, caller, id);
}

Result<ListPage<PenaltyPublication>> PenaltyPublications::List(const auth::Caller& caller,
                                                               const PublicationFilter& f) {
  ZQ_RETURN_IF_ERROR(internal::CheckPage(f.page, f.page_size));
  std::string where = "WHERE 1 = 1";
  std::vector<Value> params;
  ZQ_RETURN_IF_ERROR(internal::AppendScope(caller, f.region_code, where, params));
  internal::AppendEquals("status", f.status, where, params);
  internal::AppendEquals("uscc", f.uscc, where, params);
  const std::string today = TodayText(clock_);
  if (f.overdue_only) {
    where +=
        " AND ((status = 'pending' AND due_on < ?) OR "
        "(status = 'revoked' AND retraction_due_on < ?))";
    params.emplace_back(today);
    params.emplace_back(today);
  }
  ListPage<PenaltyPublication> out;
  out.page = f.page;
  out.page_size = f.page_size;
  ZQ_ASSIGN_OR_RETURN(out.total, internal::QueryPage(db_, "credit_penalty_publications",
                                                     internal::PublicationColumns().List(), where,
                                                     std::move(params), "id DESC", f.page,
                                                     f.page_size, [&](const store::Row& row) {
                                                       PenaltyPublication p =
                                                           internal::PublicationFromRow(row);
                                                       Flags(p);
                                                       out.items.push_back(std::move(p));
                                                     }));
  const auto names = lists_.NamesOf(out.items);
  for (PenaltyPublication& p : out.items) {  // the party keeps the name it had at the decision
    if (const auto it = names.find(p.uscc); it != names.end())
      p.legal_representative = it->second.legal_representative_masked;
  }
  return out;
}

Result<ListPage<PublicPenalty>> PenaltyPublications::PublicList(const PublicationFilter& f) {
  ZQ_RETURN_IF_ERROR(internal::CheckPage(f.page, f.page_size));
  std::string where = "WHERE status = 'published' AND display_until > ?";
  std::vector<Value> params = {TodayText(clock_)};
  ZQ_RETURN_IF_ERROR(internal::AppendRegionFilter(f.region_code, where, params));
  internal::AppendEquals("uscc", f.uscc, where, params);
  ListPage<PublicPenalty> out;
  out.page = f.page;
  out.page_size = f.page_size;
  std::vector<PenaltyPublication> rows;
  ZQ_ASSIGN_OR_RETURN(
      out.total,
      internal::QueryPage(
          db_, "credit_penalty_publications", internal::PublicationColumns().List(), where,
          std::move(params), "published_on DESC, id DESC", f.page, f.page_size,
          [&](const store::Row& row) { rows.push_back(internal::PublicationFromRow(row)); }));
  const auto names = lists_.NamesOf(rows);
  for (PenaltyPublication& p : rows) {
    const auto it = names.find(p.uscc);
    std::string legal_representative =
        it == names.end() ? std::string() : it->second.legal_representative_masked;
    out.items.push_back({std::move(p.uscc), std::move(p.party), std::move(legal_representative),
                         std::move(p.decision_no), std::move(p.violation_type),
                         std::move(p.penalty_text), std::move(p.authority),
                         std::move(p.decision_date), std::move(p.published_on),
                         std::move(p.display_until)});
  }
  return out;
}

}  // namespace zq::credit

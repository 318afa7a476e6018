// RepairService: credit repair (信用修复, 《市场监督管理信用修复管理办法》) — eligibility from the
// store and the declared facts, the application, the review decision (approved: the listing or
// publication ends by a record.repaired event and the entity is regraded), the fraud bar.
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "credit/credit_lists.h"
#include "credit/event_catalogue.h"
#include "credit/internal/credit_sql.h"
#include "credit/internal/list_rows.h"
#include "credit/internal/repair_sql.h"
#include "credit/penalty_publication.h"
#include "credit/repair_service.h"

namespace zq::credit {
namespace {

using store::Value;

// True when `later` happened after `e` (by date, then by id on the same day).
bool After(const CreditEvent& later, const CreditEvent& e) {
  return later.occurred_on > e.occurred_on ||
         (later.occurred_on == e.occurred_on && later.id > e.id);
}

Status ValidateRepair(const NewRepair& r) {
  if (r.event_id <= 0)
    return Status::InvalidArgument("event_id: the id of the listing or penalty event", "event_id");
  if (r.evidence_ref.empty() || r.evidence_ref.size() > 400)
    return Status::InvalidArgument("evidence_ref is required (at most 400 bytes)", "evidence_ref");
  if (r.statement.size() > 2000)
    return Status::InvalidArgument("statement: at most 2000 bytes", "statement");
  if (r.facts.measures.size() > 16)
    return Status::InvalidArgument("measures: at most 16", "measures");
  return Status::Ok();
}

}  // namespace

// The facts eligibility reads, from the entity's stored events and (for a penalty) its
// publication record (credit_penalty_publications, when the penalty was published through it).
Result<RepairCase> RepairService::BuildCase(store::Transaction& tx, const CreditEvent& target,
                                            const NewRepair& repair) const {
  RepairCase c;
  c.kind = repair.kind;
  c.region_code = target.region_code;
  c.target_type = target.event_type;
  ZQ_ASSIGN_OR_RETURN(c.target_on, DayNumber(target.occurred_on, "occurred_on"));
  c.ground = repair.facts.ground;
  c.domain = repair.facts.domain;
  c.measures = repair.facts.measures;
  c.penalty_fulfilled = repair.facts.penalty_fulfilled;
  c.harm_removed = repair.facts.harm_removed;
  const std::int32_t today = TodayNumber(clock_);

  const std::vector<Value> key = {target.uscc};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx.Query(fmt::format("SELECT {} FROM credit_events WHERE uscc = ? ORDER BY id",
                           internal::EventColumns().List()),
               key));
  std::vector<CreditEvent> events;
  for (const store::Row& row : rs.rows) events.push_back(internal::EventFromRow(row));
  std::set<std::int64_t> ended;
  for (const CreditEvent& e : events) {
    if (e.ends_event_id != 0 && e.occurred_on <= DayText(today))
      ended.insert(e.ends_event_id);
  }
  const std::string removal = target.event_type == "list.abnormal.added"  ? "list.abnormal.removed"
                              : target.event_type == "list.serious.added" ? "list.serious.removed"
                                                                          : "";
  c.target_open = !ended.contains(target.id);
  if (!target.display_until.empty() && DayText(today) >= target.display_until)
    c.target_open = false;  // the publication period is over
  for (const CreditEvent& e : events) {
    if (ended.contains(e.id) || e.id == target.id)
      continue;
    if (!removal.empty() && e.event_type == removal && After(e, target))
      c.target_open = false;
    if (After(e, target) && e.event_type == "penalty.heavy")
      c.heavier_penalty_since = true;
    if (After(e, target) && e.event_type == target.event_type && target.event_type != removal &&
        target.event_type.starts_with("penalty."))
      c.same_violation_since = true;
  }

  // The current list state, as scoring sees it today.
  ZQ_ASSIGN_OR_RETURN(const std::vector<ScoringEvent> scoring, internal::ToScoring(events));
  ZQ_ASSIGN_OR_RETURN(const RuleSet* rules, credit_.RuleSetOn(today));
  const Assessment a = Assess(*rules, scoring, today);
  c.abnormal_listed = a.abnormal_listed;
  c.serious_listed = a.serious_listed;

  if (repair.kind == RepairKind::kPenaltyPublication) {
    // A penalty published through the publication records: its own start, domain, measure and
    // violation type replace the declared ones, and a stopped or retracted one is not open.
    const std::vector<Value> pkey = {target.id};
    ZQ_ASSIGN_OR_RETURN(
        store::ResultSet pub,
        tx.Query("SELECT published_on, case_domain, penalty_kind, violation_type, status FROM "
                 "credit_penalty_publications WHERE penalty_event_id = ?",
                 pkey));
    if (!pub.rows.empty()) {
      const store::Row& p = pub.rows[0];
      if (!p.GetText(0).empty()) {
        ZQ_ASSIGN_OR_RETURN(c.target_on, DayNumber(p.GetText(0), "published_on"));
      }
      if (p.GetText(1) == "other")
        c.domain = "general";
      else if (internal::OneOf(p.GetText(1), kDomains))
        c.domain = p.GetText(1);
      if (internal::OneOf(p.GetText(2), kPenaltyMeasures) &&
          std::find(c.measures.begin(), c.measures.end(), p.GetText(2)) == c.measures.end())
        c.measures.push_back(p.GetText(2));
      if (p.GetText(4) != "published")
        c.target_open = false;  // not yet published, retracted, or already stopped
      if (!p.GetText(3).empty()) {
        // The same violation: a later publication of this entity with the same violation type.
        const std::vector<Value> vkey = {target.uscc, p.GetText(3), target.id};
        ZQ_ASSIGN_OR_RETURN(store::ResultSet same,
                            tx.Query("SELECT COUNT(*) FROM credit_penalty_publications WHERE "
                                     "uscc = ? AND violation_type = ? AND penalty_event_id > ?",
                                     vkey));
        c.same_violation_since = same.rows.at(0).GetInt(0) > 0;
      }
    }
  }

  // A fraudulent application bars the entity's new ones for a while.
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet bar,
      tx.Query("SELECT MAX(barred_until) FROM credit_repairs WHERE uscc = ? AND fraudulent = 1",
               key));
  if (!bar.rows.empty() && !bar.rows[0].IsNull(0) && !bar.rows[0].GetText(0).empty()) {
    ZQ_ASSIGN_OR_RETURN(c.barred_until, DayNumber(bar.rows[0].GetText(0), "barred_until"));
  }
  return c;
}

Result<Eligibility> RepairService::CheckEligibility(const auth::Caller& caller,
                                                    const NewRepair& repair) {
  ZQ_RETURN_IF_ERROR(ValidateRepair(repair));
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(const CreditEvent target, TargetEvent(*tx, caller, repair.event_id));
  ZQ_ASSIGN_OR_RETURN(const RepairCase c, BuildCase(*tx, target, repair));
  return CheckRepairEligibility(rules_, c, TodayNumber(clock_));
}

Result<RepairApplication> RepairService::LoadRepair(store::Transaction& tx,
                                                    const auth::Caller& caller,
                                                    std::int64_t id) const {
  const std::vector<Value> key = {id};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx.Query(fmt::format("SELECT {} FROM credit_repairs r JOIN credit_events e "
                                           "ON e.id = r.event_id WHERE r.id = ?",
                                           internal::RepairColumns().List()),
                               key));
  if (rs.rows.empty() ||
      !internal::MayReadCase(caller, rs.rows[0].GetText(1), rs.rows[0].GetText(2))) {
    return Status::NotFound("no such repair application", "id");
  }
  return internal::RepairFromRow(rs.rows[0], DayText(TodayNumber(clock_)));
}

namespace {

std::string FailureText(const Eligibility& e) {
  std::string text = "not eligible:";
  for (const EligibilityFailure& f : e.failures)
    text += fmt::format(" [{}] {};", f.condition, f.reason);
  text.pop_back();
  return text;
}

}  // namespace

Result<RepairApplication> RepairService::ApplyForRepair(const auth::Caller& caller,
                                                        NewRepair repair) {
  ZQ_RETURN_IF_ERROR(ValidateRepair(repair));
  std::int64_t id = 0;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(const CreditEvent target, TargetEvent(tx, caller, repair.event_id));
    const std::vector<Value> key = {target.id};
    ZQ_ASSIGN_OR_RETURN(
        store::ResultSet pending,
        tx.Query("SELECT id FROM credit_repairs WHERE event_id = ? AND status = 'pending'", key));
    if (!pending.rows.empty()) {
      return Status::AlreadyExists(fmt::format("repair application {} for this record is pending",
                                               pending.rows[0].GetInt(0)),
                                   "event_id");
    }
    ZQ_ASSIGN_OR_RETURN(const RepairCase c, BuildCase(tx, target, repair));
    const std::int32_t today = TodayNumber(clock_);
    const Eligibility e = CheckRepairEligibility(rules_, c, today);
    if (!e.eligible())
      return Status::FailedPrecondition(FailureText(e), "eligibility");
    ZQ_ASSIGN_OR_RETURN(const std::int32_t due,
                        AddWorkingDays(today, rules_.review_working_days, "due_on"));
    const std::vector<Value> row = {target.uscc,
                                    target.region_code,
                                    std::string(RepairKindName(repair.kind)),
                                    target.id,
                                    internal::FactsJson(repair.facts),
                                    repair.evidence_ref,
                                    repair.statement,
                                    caller.actor,
                                    DayText(today),
                                    DayText(due),
                                    std::string("pending")};
    ZQ_ASSIGN_OR_RETURN(
        store::ResultSet inserted,
        tx.Query("INSERT INTO credit_repairs (uscc, region_code, kind, event_id, facts, "
                 "evidence_ref, statement, filed_by, filed_on, due_on, status) VALUES (?, ?, ?, "
                 "?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                 row));
    id = inserted.rows.at(0).GetInt(0);
    const nlohmann::json detail = {{"uscc", target.uscc},
                                   {"kind", RepairKindName(repair.kind)},
                                   {"event_id", target.id},
                                   {"due_on", DayText(due)}};
    return audit_.Append(tx, caller, "credit.repair.apply", fmt::format("credit_repair:{}", id),
                         detail.dump());
  }));
  return GetRepair(caller, id);
}

Result<RepairApplication> RepairService::DecideRepair(const auth::Caller& caller, std::int64_t id,
                                                      RepairDecision decision,
                                                      std::string_view reason, Fraud fraud) {
  if (reason.size() > 2000)
    return Status::InvalidArgument("reason: at most 2000 bytes", "reason");
  if (decision == RepairDecision::kRejected && reason.empty())
    return Status::InvalidArgument("a rejection states its reason", "reason");
  if (decision == RepairDecision::kApproved && fraud == Fraud::kYes)
    return Status::InvalidArgument("an approved application is not fraudulent", "fraudulent");
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(const RepairApplication a, LoadRepair(tx, caller, id));
    if (!internal::MayDecide(caller, a.region_code))
      return Status::PermissionDenied("only a regulator in scope decides a repair");
    if (a.status != "pending")
      return Status::FailedPrecondition("the application is already decided", "status");
    const std::int32_t today = TodayNumber(clock_);
    std::int64_t ending = 0;
    std::string barred;
    if (decision == RepairDecision::kApproved) {
      // The application's scope was checked (MayDecide): its event, whoever may see it.
      ZQ_ASSIGN_OR_RETURN(const CreditEvent target, internal::EventById(tx, a.event_id));
      NewRepair again;
      again.kind = a.kind;
      again.event_id = a.event_id;
      again.facts = a.facts;
      ZQ_ASSIGN_OR_RETURN(const RepairCase c, BuildCase(tx, target, again));
      const Eligibility e = CheckRepairEligibility(rules_, c, today);
      if (!e.eligible())
        return Status::FailedPrecondition(FailureText(e), "eligibility");
      ZQ_ASSIGN_OR_RETURN(ending, EndRepaired(tx, caller, a, reason));
    } else if (fraud == Fraud::kYes) {
      barred = DayText(AddMonths(today, rules_.fraud_bar_months));
    }
    const std::string status = decision == RepairDecision::kApproved ? "approved" : "rejected";
    const std::vector<Value> row = {status,
                                    caller.actor,
                                    DayText(today),
                                    std::string(reason),
                                    std::int64_t{fraud == Fraud::kYes},
                                    barred,
                                    ending,
                                    id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE credit_repairs SET status = ?, decided_by = ?, "
                                  "decided_on = ?, decision_reason = ?, fraudulent = ?, "
                                  "barred_until = ?, ending_event_id = ? WHERE id = ?",
                                  row)
                           .status());
    const nlohmann::json detail = {
        {"decision", status}, {"fraudulent", fraud == Fraud::kYes}, {"ending_event_id", ending}};
    return audit_.Append(tx, caller, "credit.repair.decide", fmt::format("credit_repair:{}", id),
                         detail.dump());
  }));
  return GetRepair(caller, id);
}

Result<std::int64_t> RepairService::EndRepaired(store::Transaction& tx, const auth::Caller& caller,
                                                const RepairApplication& a,
                                                std::string_view reason) {
  const std::vector<Value> key = {a.event_id};
  if (a.kind == RepairKind::kPenaltyPublication && publications_ != nullptr) {
    ZQ_ASSIGN_OR_RETURN(store::ResultSet pub,
                        tx.Query("SELECT id FROM credit_penalty_publications WHERE "
                                 "penalty_event_id = ? AND status = 'published'",
                                 key));
    if (!pub.rows.empty()) {
      ZQ_RETURN_IF_ERROR(publications_
                             ->StopEarlyInTx(tx, caller, pub.rows[0].GetInt(0),
                                             fmt::format("repair-{}", a.id), a.evidence_ref)
                             .status());
      return internal::EndedBy(tx, a.event_id);
    }
  }
  if (a.kind == RepairKind::kSeriousList && lists_ != nullptr) {
    ZQ_ASSIGN_OR_RETURN(store::ResultSet listing,
                        tx.Query("SELECT id FROM credit_serious_listings WHERE "
                                 "listing_event_id = ? AND status = 'listed'",
                                 key));
    if (!listing.rows.empty()) {
      ZQ_ASSIGN_OR_RETURN(
          const SeriousListing removed,
          lists_->RemoveSeriousInTx(tx, caller, listing.rows[0].GetInt(0), "repaired"));
      return removed.removal_event_id;
    }
  }
  if (a.kind == RepairKind::kAbnormalList && lists_ != nullptr) {
    ZQ_ASSIGN_OR_RETURN(store::ResultSet listing,
                        tx.Query("SELECT id FROM credit_abnormal_listings WHERE "
                                 "listing_event_id = ? AND status = 'listed'",
                                 key));
    if (!listing.rows.empty()) {
      // The four grounds of the repair are the list's removal reasons.
      const std::string_view why = a.facts.ground == "annual_report" ? "annual_report_filed"
                                   : a.facts.ground == "disclosure"  ? "disclosure_made"
                                   : a.facts.ground == "corrected"   ? "information_corrected"
                                                                     : "reachable_again";
      ZQ_ASSIGN_OR_RETURN(const AbnormalListing removed,
                          lists_->RemoveAbnormalInTx(tx, caller, listing.rows[0].GetInt(0), why));
      return removed.removal_event_id;
    }
  }
  ZQ_ASSIGN_OR_RETURN(
      const RecordOutcome repaired,
      credit_.EndEvent(tx, caller, a.event_id, "record.repaired", "credit-repair",
                       fmt::format("repair-{}", a.id), a.evidence_ref,
                       reason.empty() ? std::string("信用修复") : std::string(reason)));
  return repaired.event.id;
}

Result<RepairApplication> RepairService::GetRepair(const auth::Caller& caller, std::int64_t id) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  return LoadRepair(*tx, caller, id);
}

Result<std::vector<RepairApplication>> RepairService::ListRepairs(const auth::Caller& caller,
                                                                  const CaseFilter& filter) {
  const std::string today = DayText(TodayNumber(clock_));
  ZQ_ASSIGN_OR_RETURN(const std::vector<store::Row> rows,
                      internal::CasePage(db_, internal::RepairColumns().List(), "credit_repairs r",
                                         "r", filter, caller, today));
  std::vector<RepairApplication> out;
  for (const store::Row& row : rows) {
    ZQ_ASSIGN_OR_RETURN(RepairApplication a, internal::RepairFromRow(row, today));
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace zq::credit

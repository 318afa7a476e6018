#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/audit_log.h"
#include "auth/caller.h"
#include "core/clock.h"
#include "core/ids/region_code.h"
#include "core/ids/uscc.h"
#include "core/result.h"
#include "credit/credit_records.h"
#include "credit/scoring.h"
#include "registry/registry.h"
#include "store/database.h"

namespace zq::credit {

// kPermissionDenied unless the caller may report credit events: admins, regulators (their scope
// is checked per entity) and department clients holding "credit.events".
Status CheckReporter(const auth::Caller& caller);

// The quality credit file (质量信用档案) on the store: credit events, the stored rule sets, grade
// history with reproducible snapshots, and the views given to regulators, departments and the
// public. Every write runs in one transaction with its audit entry and rescoring of the entity
// (so the grade is never behind its events). Scope: platform admins everything; regulators and
// analysts their region's subtree (other entities answer kNotFound); department clients by named
// permission ("credit.query", "credit.events"); enterprise users their own entity's file; the
// public the published grade only. Thread-safe: holds references and immutable rule sets only.
class CreditService {
 public:
  CreditService(store::Database& db, registry::Registry& registry, const auth::AuditLog& audit,
                const Clock& clock)
      : db_(db), registry_(registry), audit_(audit), clock_(clock) {}

  const auth::AuditLog& audit() const { return audit_; }

  // Stores the shipped rule sets that are not stored yet and loads every stored one. Idempotent;
  // the look-ups below call it on first use. kFailedPrecondition (field "rules") when a stored
  // version differs from the shipped text of the same version: versions are immutable.
  Status LoadRuleSets() const;

  // The stored rule set of `version`; kNotFound otherwise. The one in force on `day`: the stored
  // version with the latest effective_from <= day (kFailedPrecondition when none).
  Result<const RuleSet*> RuleSetVersion(std::string_view version) const;
  Result<const RuleSet*> RuleSetOn(std::int32_t day) const;

  // Records a credit event (idempotent by (source, source_id): a repeat returns the stored event
  // with created = false) and rescores the entity. kInvalidArgument with the field; kNotFound for
  // an entity not registered or outside the caller's scope; kPermissionDenied for a caller who
  // may not report events.
  Result<RecordOutcome> RecordEvent(const auth::Caller& caller, CreditEvent event);

  // Ends the effect of stored event `event_id` (docs/credit-rules.md, "Ending events"): stores an
  // event of `ending_type` ("record.withdrawn": revoked or corrected, e.g. objection upheld or
  // penalty decision revoked; "record.repaired": 信用修复 granted) that names it, dated
  // `occurred_on` ("" = today; not before the ended event, not in the future), audited, and
  // regrades the entity, all in `tx` (the caller commits). Idempotent by (source, source_id) like
  // RecordEvent. kNotFound (field "event_id") for an event outside the caller's scope;
  // kFailedPrecondition ("event_id") when it is already ended or is itself an ending event;
  // kInvalidArgument with the field otherwise.
  Result<RecordOutcome> EndEvent(store::Transaction& tx, const auth::Caller& caller,
                                 std::int64_t event_id, std::string_view ending_type,
                                 std::string source, std::string source_id,
                                 std::string evidence_ref, std::string summary,
                                 std::string occurred_on = "");
  // The stored event `event_id` if the caller may see it (kNotFound, field "event_id", otherwise).
  Result<CreditEvent> EventInScope(store::Transaction& tx, const auth::Caller& caller,
                                   std::int64_t event_id) const;

  // Validates `event` and fills region_code, display_until and severity (no writes). For
  // importers that check every row before writing a batch.
  Status PrepareEvent(const auth::Caller& caller, CreditEvent& event);
  // The same in the caller's transaction (for writers that prepare and store in one).
  Status PrepareEventInTx(store::Transaction& tx, const auth::Caller& caller, CreditEvent& event);
  // Stores prepared events in `tx` (one audit entry per new event) and rescores each entity
  // touched. For importers and consumers that batch; the caller commits.
  Result<std::vector<RecordOutcome>> StoreEvents(store::Transaction& tx, const auth::Caller& caller,
                                                 std::span<const CreditEvent> events);

  // The look-ups by entity below take its USCC parsed at the edge (ids::ParseUscc gives the
  // precise error of a malformed one), and answer kNotFound (field "uscc") for an entity not
  // registered or outside the caller's scope.

  // Rescores one entity now (incremental update): writes a grade row when class, grade, list
  // status or rule version changed. Returns the current grade.
  Result<GradeRecord> Rescore(const auth::Caller& caller, const ids::Uscc& uscc);
  Result<GradeRecord> RescoreInTx(store::Transaction& tx, std::string_view uscc,
                                  std::string_view region_code);

  // The regulator's view: events, grade history and the explained current assessment.
  Result<CreditFile> File(const auth::Caller& caller, const ids::Uscc& uscc);

  // The department view (部门共享查询): class, grade, lists and the reasons (event types, dates,
  // legal basis; no evidence references). Batch: at most 1000 USCCs; unknown ones have found=false,
  // a malformed one fails the batch with the parser's kInvalidArgument (field "usccs", the message
  // naming its index). A caller without "credit.query" (or an official role) has nothing in
  // scope: kNotFound (kPermissionDenied for the batch).
  Result<CreditStatus> Query(const auth::Caller& caller, const ids::Uscc& uscc);
  Result<std::vector<CreditStatus>> QueryBatch(const auth::Caller& caller,
                                               std::span<const std::string> usccs);

  // The public grade for the portal: grade and public list status. kNotFound for an unknown USCC.
  Result<PublicGrade> Public(const ids::Uscc& uscc);

  // The change feed: grade rows with id > `after`, oldest first, at most `limit` (1-1000), in the
  // caller's scope. next_cursor is the last id returned (or `after`).
  Result<ChangePage> Changes(const auth::Caller& caller, std::int64_t after, int limit);

  // Recomputes a stored grade from its rule version and its event snapshot. kDataLoss-like
  // kInternal (field "snapshot") when the stored events no longer hash to the snapshot.
  Result<Assessment> Recompute(const auth::Caller& caller, std::int64_t grade_id);

  // Full rescore of every entity with events (the monthly run), as of today, audited as one
  // entry. kPermissionDenied for anyone but a platform admin.
  Result<RescoreStats> RescoreAll(const auth::Caller& caller);

  // Appends events through the backend's bulk path for trusted batch jobs (the demo, a legacy
  // migration): platform admins only (kPermissionDenied). Each event is checked against the
  // catalogue (type, dates, evidence) and gets its display period and severity; region_code must
  // be given (it is not looked up). One audit entry per call; no rescoring: run RescoreAll after.
  // kAlreadyExists when a (source, source_id) is already stored (nothing is written then).
  Result<std::int64_t> BulkLoadEvents(const auth::Caller& caller, std::vector<CreditEvent> events);

  // The events of `event_types` of entities in the caller's scope and in `region`'s subtree
  // (none: the whole scope) that occurred on or after `since` (ISO date, "" any), by id. For
  // batch jobs and the demo, which pick firms by their records. Officials only
  // (kPermissionDenied).
  Result<std::vector<CreditEvent>> EventsOfTypes(const auth::Caller& caller,
                                                 std::span<const std::string> event_types,
                                                 const std::optional<ids::RegionCode>& region,
                                                 std::string_view since = {});

  // Risk classes for the spot-check draw: the current class of each USCC, the rule set's class
  // for an entity without events for those with no grade. Runs in the caller's transaction.
  Result<std::map<std::string, RiskClass>> RiskClasses(store::Transaction& tx,
                                                       std::span<const std::string> usccs) const;

 private:
  Result<std::vector<StoredEvent>> LoadEvents(store::Transaction& tx, std::string_view uscc) const;
  Result<std::optional<GradeRecord>> LatestGrade(store::Transaction& tx,
                                                 std::string_view uscc) const;
  Result<std::string> EntityRegion(const auth::Caller& caller, const ids::Uscc& uscc);
  // Recompute's work for a grade already read and scoped, in `tx`.
  Result<Assessment> Reassess(store::Transaction& tx, const GradeRecord& g) const;
  // For a new ending event `e`: its target exists, belongs to the same entity, is not an ending
  // event, is not ended yet and did not occur after `e`.
  Status CheckEndable(store::Transaction& tx, const CreditEvent& e) const;

  store::Database& db_;
  registry::Registry& registry_;
  const auth::AuditLog& audit_;
  const Clock& clock_;
  enum class Reload { kNo, kYes };
  Status EnsureRuleSets(Reload reload = Reload::kNo) const;
  // Stores `r` in `tx` unless stored (kFailedPrecondition when a stored text differs).
  Status StoreRuleSet(store::Transaction& tx, const RuleSet& r) const;

  // By version; entries are only ever added (a version is immutable), so pointers stay valid.
  mutable std::mutex rules_mutex_;
  mutable std::map<std::string, std::unique_ptr<RuleSet>, std::less<>> rules_;
};

}  // namespace zq::credit

#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "auth/audit_log.h"
#include "auth/caller.h"
#include "core/clock.h"
#include "core/result.h"
#include "credit/credit_service.h"
#include "credit/repair_rules.h"
#include "store/database.h"

namespace zq::credit {

class CreditLists;
class PenaltyPublications;

// 异议: an objection against one stored credit event.
struct Objection {
  std::int64_t id = 0;
  std::string uscc;
  std::string region_code;
  std::int64_t event_id = 0;
  std::string event_type;  // of the contested event
  std::string grounds;
  std::string evidence_ref;
  std::string filed_by;
  std::string filed_on;
  std::string due_on;  // working days from filed_on (the province's rule)
  bool extended = false;
  std::string extension_reason;
  std::string status;  // "pending", "upheld", "rejected"
  std::string decided_by;
  std::string decided_on;
  std::string decision_reason;
  std::int64_t ending_event_id = 0;  // the record.withdrawn event when upheld
  bool overdue = false;              // pending after due_on (today, injected clock)
};

struct NewObjection {
  std::int64_t event_id = 0;
  std::string grounds;       // 1-2000 bytes
  std::string evidence_ref;  // 1-400 bytes
};

// The declared facts of a repair application (checked by the reviewer against the evidence).
struct RepairFacts {
  std::string ground;                 // abnormal list: kAbnormalGrounds
  std::string domain = "general";     // penalty: kDomains
  std::vector<std::string> measures;  // penalty: kPenaltyMeasures
  bool penalty_fulfilled = false;
  bool harm_removed = false;
};

struct NewRepair {
  RepairKind kind = RepairKind::kPenaltyPublication;
  std::int64_t event_id = 0;  // the listing (list.*.added) or penalty event
  RepairFacts facts;
  std::string evidence_ref;  // 1-400 bytes
  std::string statement;     // 信用修复承诺 / explanation, at most 2000 bytes
};

// 信用修复申请.
struct RepairApplication {
  std::int64_t id = 0;
  std::string uscc;
  std::string region_code;
  RepairKind kind = RepairKind::kPenaltyPublication;
  std::int64_t event_id = 0;
  std::string event_type;
  RepairFacts facts;
  std::string evidence_ref;
  std::string statement;
  std::string filed_by;
  std::string filed_on;
  std::string due_on;
  std::string status;  // "pending", "approved", "rejected"
  std::string decided_by;
  std::string decided_on;
  std::string decision_reason;
  bool fraudulent = false;
  std::string barred_until;  // fraudulent: no new application by this entity before this day
  std::int64_t ending_event_id = 0;  // the record.repaired event when approved
  bool overdue = false;
};

enum class ObjectionDecision { kUpheld, kRejected };
enum class RepairDecision { kApproved, kRejected };
enum class Fraud { kNo, kYes };

struct CaseFilter {
  std::string uscc;    // "" for all in scope
  std::string status;  // "" for all
  bool overdue_only = false;
  int page = 1;
  int page_size = 50;  // 1-500
};

// Objections to credit records (异议) and credit repair (信用修复) on the store (tables: migration
// credit/migrations/0003_repair.sql). Enterprise users file for their own USCC, regulators on a
// firm's behalf within their region; a regulator in scope (or an admin) extends and decides.
// Records outside the caller's scope answer kNotFound (field "event_id" or "id"); steps out of
// order kFailedPrecondition ("status"); input kInvalidArgument with the field. Every write is
// audited in its transaction; decisions that end a record do so through CreditService::EndEvent,
// which regrades the entity in the same transaction. Dates come from the injected clock and
// deadlines from the working-day calendar. Thread-safe: holds references and immutable rules only.
class RepairService {
 public:
  // `lists` and `publications` (optional): an approved repair of a listing or publication they
  // hold goes through them (RemoveSeriousInTx / RemoveAbnormalInTx / StopEarlyInTx) so that their
  // records stay in step; otherwise the record is ended by a record.repaired event directly.
  RepairService(store::Database& db, CreditService& credit, const auth::AuditLog& audit,
                const Clock& clock, RepairRules rules = {}, CreditLists* lists = nullptr,
                PenaltyPublications* publications = nullptr)
      : db_(db),
        credit_(credit),
        audit_(audit),
        clock_(clock),
        rules_(std::move(rules)),
        lists_(lists),
        publications_(publications) {}

  const RepairRules& rules() const { return rules_; }

  // 异议. One pending objection per event (kAlreadyExists, field "event_id"); an ending event or
  // an event already ended cannot be contested (kFailedPrecondition, "event_id").
  Result<Objection> FileObjection(const auth::Caller& caller, NewObjection objection);
  // The one extension to the province's extended limit, with a reason, before the due date has
  // passed (kFailedPrecondition "due_on" after; "extended" a second time).
  Result<Objection> ExtendObjection(const auth::Caller& caller, std::int64_t id,
                                    std::string_view reason);
  // Upheld: the event is withdrawn (record.withdrawn) and the entity regraded; rejected: the
  // reason (required) is kept. Decided late is allowed and stays visible (decided_on > due_on).
  Result<Objection> DecideObjection(const auth::Caller& caller, std::int64_t id,
                                    ObjectionDecision decision, std::string_view reason);
  Result<Objection> GetObjection(const auth::Caller& caller, std::int64_t id);
  Result<std::vector<Objection>> ListObjections(const auth::Caller& caller,
                                                const CaseFilter& filter);

  // 信用修复. Eligibility of an application as of today, without filing it.
  Result<Eligibility> CheckEligibility(const auth::Caller& caller, const NewRepair& repair);
  // Files an eligible application (kFailedPrecondition, field "eligibility", with the failed
  // conditions in the message otherwise); one pending per event (kAlreadyExists "event_id").
  Result<RepairApplication> ApplyForRepair(const auth::Caller& caller, NewRepair repair);
  // Approved (eligibility re-checked today): the listing or publication ends (record.repaired)
  // and the entity is regraded. Rejected: reason required; Fraud::kYes bars the entity's new
  // applications for rules().fraud_bar_months.
  Result<RepairApplication> DecideRepair(const auth::Caller& caller, std::int64_t id,
                                         RepairDecision decision, std::string_view reason,
                                         Fraud fraud = Fraud::kNo);
  Result<RepairApplication> GetRepair(const auth::Caller& caller, std::int64_t id);
  Result<std::vector<RepairApplication>> ListRepairs(const auth::Caller& caller,
                                                     const CaseFilter& filter);

 private:
  // The event to contest or repair, if the caller may act for its entity (kNotFound otherwise).
  Result<CreditEvent> TargetEvent(store::Transaction& tx, const auth::Caller& caller,
                                  std::int64_t event_id) const;
  Result<RepairCase> BuildCase(store::Transaction& tx, const CreditEvent& target,
                               const NewRepair& repair) const;
  // A pending objection a regulator in scope may `verb` ("extends", "decides"): kPermissionDenied
  // for anyone else, kFailedPrecondition ("status") once decided.
  Result<Objection> LoadPendingObjection(store::Transaction& tx, const auth::Caller& caller,
                                         std::int64_t id, std::string_view verb) const;
  Result<Objection> LoadObjection(store::Transaction& tx, const auth::Caller& caller,
                                  std::int64_t id) const;
  Result<RepairApplication> LoadRepair(store::Transaction& tx, const auth::Caller& caller,
                                       std::int64_t id) const;
  // Ends the repaired record in `tx`; returns the id of the event that ends or closes it.
  Result<std::int64_t> EndRepaired(store::Transaction& tx, const auth::Caller& caller,
                                   const RepairApplication& a, std::string_view reason);

  store::Database& db_;
  CreditService& credit_;
  const auth::AuditLog& audit_;
  const Clock& clock_;
  RepairRules rules_;
  CreditLists* lists_;
  PenaltyPublications* publications_;
};

}  // namespace zq::credit

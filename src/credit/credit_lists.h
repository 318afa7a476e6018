#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "auth/audit_log.h"
#include "auth/caller.h"
#include "core/clock.h"
#include "core/result.h"
#include "credit/credit_service.h"
#include "registry/registry.h"
#include "store/database.h"

// The credit lists (docs/credit-rules.md, "Lists"): the serious-dishonesty list (严重违法失信名单,
// 总局令第44号) with its approval by the level above, term and removal, and the abnormal-operations
// list (经营异常名录, 企业信息公示暂行条例第17条) with its escalation after 3 years. Every listing
// and removal appends its list.* credit event and regrades the entity in the same transaction, so
// the veto applies at once. Tables: credit/migrations/0002_lists.sql.
namespace zq::credit {

// Rules marked [U] in the research notes are configuration with the stated default.
struct ListRules {
  // 总局令第44号: a county or city bureau's listing needs approval by the bureau of the level
  // above; a province lists directly. A 2025 draft revision may drop the step.
  bool approval_by_level_above = true;
  int serious_term_months = 36;         // [U] removed after 3 years on the list
  int abnormal_escalation_months = 36;  // still on the abnormal list after 3 years → serious list
  int escalation_warning_days = 60;     // warned ("escalation due") this many days before
};

// The violation categories of 总局令第44号 Arts. 5-10; "abnormal_3_years" only by escalation.
inline constexpr std::string_view kSeriousCategories[] = {
    "food",                  // Art. 5 食品安全
    "drug_device_cosmetic",  // Art. 6 药品、医疗器械、化妆品
    "quality_safety",    // Art. 7 质量安全 (产品质量、特种设备、工业产品许可)
    "consumer_harm",     // Art. 8 侵害消费者权益
    "fair_competition",  // Art. 9 破坏公平竞争秩序
    "obstructing_inspection",  // Art. 10 拒绝、阻碍、干扰监督检查
};
inline constexpr std::string_view kEscalationCategory = "abnormal_3_years";

// 经营异常名录 reasons (企业信息公示暂行条例第17条; the 2014 implementing rules).
inline constexpr std::string_view kAbnormalReasons[] = {
    "annual_report_not_filed",     // 未按期公示年度报告
    "instant_disclosure_overdue",  // 未在责令期限内公示即时信息
    "false_information",           // 公示信息隐瞒真实情况、弄虚作假
    "unreachable_at_address",      // 通过登记的住所或经营场所无法联系
};

// Removal reasons of a serious listing: the term ended (the sweep), the listing bureau removed
// it, credit repair granted early removal, the decision behind it was revoked.
inline constexpr std::string_view kSeriousRemovalReasons[] = {"term_expired", "decision_revoked",
                                                              "repaired", "corrected"};
// Removal reasons of an abnormal listing: the duty was discharged (the four repairs of the 2021
// 信用修复管理办法), or the listing was wrong.
inline constexpr std::string_view kAbnormalRemovalReasons[] = {
    "annual_report_filed", "disclosure_made", "information_corrected", "reachable_again",
    "corrected"};

struct SeriousProposal {
  std::string uscc;
  std::string category;           // one of kSeriousCategories
  std::int64_t penalty_event_id;  // the entity's stored penalty.heavy or penalty.ordinary event
  std::string judgement;  // Art. 12: 性质恶劣、情节严重、社会危害较大, and why (10-4000 bytes)
  std::string decision_no;  // 列入决定书文号
};

// One serious listing. status: "proposed" (awaiting approval), "rejected", "listed", "removed".
struct SeriousListing {
  std::int64_t id = 0;
  std::string uscc;
  std::string entity_name;
  std::string legal_representative;  // masked unless the caller may see personal data
  std::string region_code;           // the entity's county
  std::string status;
  std::string origin;  // "decision", or "escalation" from the abnormal list
  std::string category;
  std::int64_t penalty_event_id = 0;
  std::string judgement;
  std::string decision_no;
  std::string authority_region;  // the listing bureau (谁列入谁移出)
  std::string proposed_by;
  std::string proposed_on;
  std::string approver_region;  // the bureau that must approve; "" when none
  std::string decided_by;       // approved or rejected by
  std::string decided_on;
  std::string decision_note;  // the rejection's reason
  std::string listed_on;
  std::string term_ends_on;  // listed_on + the term: removed by the sweep on that day
  std::string removed_on;
  std::string removed_by;
  std::string removal_reason;
  std::int64_t listing_event_id = 0;  // list.serious.added
  std::int64_t removal_event_id = 0;  // list.serious.removed
  std::int64_t abnormal_listing_id = 0;
  // What the asking caller may do with it (not stored; empty in public views): "approve" and
  // "reject" a proposal (the approving bureau, not the proposer), "remove" a listing (the
  // listing bureau, 谁列入谁移出). The console offers only these.
  std::vector<std::string> actions;
};

// One abnormal listing. status: "listed", "removed", "escalated" (moved to the serious list).
struct AbnormalListing {
  std::int64_t id = 0;
  std::string uscc;
  std::string entity_name;
  std::string region_code;
  std::string status;
  std::string reason;
  std::string decision_no;
  std::string authority_region;
  std::string listed_by;
  std::string listed_on;
  std::string escalation_on;    // listed_on + 3 years
  bool escalation_due = false;  // listed and within the warning days of escalation_on
  std::string removed_on;
  std::string removed_by;
  std::string removal_reason;
  std::int64_t listing_event_id = 0;
  std::int64_t removal_event_id = 0;
  std::int64_t serious_listing_id = 0;
};

struct ListFilter {
  std::string status;                // "" any
  std::string region_code;           // "" the caller's scope; else a region whose subtree is listed
  std::string uscc;                  // "" any
  std::string category;              // serious: a category; abnormal: a reason
  bool escalation_due_only = false;  // abnormal only
  int page = 1;
  int page_size = 50;  // 1..kMaxPageSize (core/page.h)
};

template <typename T>
struct ListPage {
  std::vector<T> items;
  std::int64_t total = 0;
  int page = 1;
  int page_size = 50;
};

// What the public sees of the current serious list (no approver, no judgement's author).
struct PublicSeriousEntry {
  std::string uscc;
  std::string entity_name;
  std::string legal_representative;  // masked (auth::MaskPersonName)
  std::string category;
  std::string decision_no;
  std::string authority_region;
  std::string listed_on;
  std::string term_ends_on;
};

struct SweepReport {
  std::string as_of;
  std::int64_t serious_expired = 0;       // removed at the end of their term
  std::int64_t abnormal_escalated = 0;    // moved to the serious list
  std::int64_t escalation_warnings = 0;   // abnormal listings within the warning days
  std::int64_t publications_overdue = 0;  // penalty publications past their due date
  std::int64_t retractions_overdue = 0;   // revoked publications not retracted in time
};

// Thread-safe: holds references and the rules only.
class CreditLists {
 public:
  CreditLists(store::Database& db, registry::Registry& registry, CreditService& credit,
              const Clock& clock, ListRules rules = {})
      : db_(db), registry_(registry), credit_(credit), clock_(clock), rules_(rules) {}

  const ListRules& rules() const { return rules_; }

  // A regulator proposes a serious listing for an entity in scope (kNotFound "uscc" otherwise).
  // Listed at once when no approval is needed (a province bureau, or approval disabled); else
  // "proposed" with approver_region = the parent of the proposer's region. kInvalidArgument with
  // the field (category, penalty_event_id: not a heavier penalty of this entity, judgement,
  // decision_no); kFailedPrecondition ("uscc") when the entity is already listed or proposed.
  Result<SeriousListing> ProposeSerious(const auth::Caller& caller, SeriousProposal proposal);
  // The approver: a regulator of exactly approver_region (kPermissionDenied, field "approver"
  // otherwise), not the proposer ("approver"). Approval lists (list.serious.added, regrade);
  // rejection needs a reason ("reason"). kFailedPrecondition ("status") unless proposed.
  Result<SeriousListing> ApproveSerious(const auth::Caller& caller, std::int64_t listing_id);
  Result<SeriousListing> RejectSerious(const auth::Caller& caller, std::int64_t listing_id,
                                       std::string reason);
  // Removal by the listing bureau (a regulator of authority_region; admins too) with one of
  // kSeriousRemovalReasons but "term_expired" (the sweep's).
  Result<SeriousListing> RemoveSerious(const auth::Caller& caller, std::int64_t listing_id,
                                       std::string_view reason);
  // For credit repair and revocations in the caller's transaction: removes a listed serious
  // listing with `reason` dated `on` ("" today), appends list.serious.removed and regrades.
  // Checks scope (kNotFound "listing_id") but not the listing bureau.
  Result<SeriousListing> RemoveSeriousInTx(store::Transaction& tx, const auth::Caller& caller,
                                           std::int64_t listing_id, std::string_view reason,
                                           std::string on = "");
  Result<SeriousListing> GetSerious(const auth::Caller& caller, std::int64_t listing_id);
  Result<ListPage<SeriousListing>> SeriousListings(const auth::Caller& caller,
                                                   const ListFilter& filter);
  // The current serious list for the portal (status listed), newest listing first.
  Result<ListPage<PublicSeriousEntry>> PublicSeriousList(const ListFilter& filter);

  // A regulator lists an entity in scope on the abnormal list with one of kAbnormalReasons
  // (kFailedPrecondition "uscc" when already listed), or removes it once the duty is discharged
  // (one of kAbnormalRemovalReasons; any regulator in scope, the duty being the firm's).
  Result<AbnormalListing> ListAbnormal(const auth::Caller& caller, std::string uscc,
                                       std::string reason, std::string decision_no);
  Result<AbnormalListing> RemoveAbnormal(const auth::Caller& caller, std::int64_t listing_id,
                                         std::string_view reason);
  Result<AbnormalListing> RemoveAbnormalInTx(store::Transaction& tx, const auth::Caller& caller,
                                             std::int64_t listing_id, std::string_view reason,
                                             std::string on = "");
  Result<AbnormalListing> GetAbnormal(const auth::Caller& caller, std::int64_t listing_id);
  Result<ListPage<AbnormalListing>> AbnormalListings(const auth::Caller& caller,
                                                     const ListFilter& filter);

  // The daily sweep as of today (injected clock): serious listings whose term ended are removed
  // (dated term_ends_on), abnormal listings at escalation_on move to the serious list (dated
  // escalation_on), and the report counts warnings and overdue publications. Idempotent; admins
  // only (kPermissionDenied). One audit entry per transition and one for the run.
  Result<SweepReport> Sweep(const auth::Caller& caller);

  // How many listings, serious and abnormal, in any status, the caller sees in `region`'s
  // subtree (none: the whole scope).
  Result<std::int64_t> CountListings(const auth::Caller& caller,
                                     const std::optional<ids::RegionCode>& region);

  // Name, region and masked legal representative of each of `usccs` that is registered, read
  // in one transaction and one query (a list page); empty when the read fails, so a page still
  // shows without names rather than failing.
  std::map<std::string, registry::ListedEntity, std::less<>> NamesOf(
      const std::vector<std::string>& usccs);

  // The same for the USCCs of a page of records (anything with a `uscc` member).
  template <class Record>
  std::map<std::string, registry::ListedEntity, std::less<>> NamesOf(
      const std::vector<Record>& records) {
    std::vector<std::string> usccs;
    usccs.reserve(records.size());
    for (const Record& r : records) usccs.push_back(r.uscc);
    return NamesOf(usccs);
  }

 private:
  // Listed and within the warning days of its escalation date.
  bool EscalationDue(const AbnormalListing& a, const std::string& today) const;
  // kWith: with the entity's name (and masked legal representative) from the registry.
  enum class Names { kWithout, kWith };
  Result<SeriousListing> LoadSerious(store::Transaction& tx, const auth::Caller& caller,
                                     std::int64_t id, Names names) const;
  Result<AbnormalListing> LoadAbnormal(store::Transaction& tx, const auth::Caller& caller,
                                       std::int64_t id, Names names) const;

  // A proposal the caller may decide: the approver's bureau (kPermissionDenied "approver"), not
  // the proposer ("approver"); kFailedPrecondition ("status") unless proposed. `d` words the
  // refusals.
  struct ProposalDecision {
    std::string_view done, noun;  // "approved", "approval"
  };

  Result<SeriousListing> LoadProposal(store::Transaction& tx, const auth::Caller& caller,
                                      std::int64_t listing_id, const ProposalDecision& d) const;
  Status ListSeriousInTx(store::Transaction& tx, const auth::Caller& caller,
                         SeriousListing& listing, const std::string& on);
  Result<std::int64_t> AppendListEvent(store::Transaction& tx, const auth::Caller& caller,
                                       std::string_view type, std::string_view uscc,
                                       std::string source_id, std::string on,
                                       std::string evidence_ref, std::string summary);

  // A page of serious listings matching `where` (the scope's clauses) and the filter's status,
  // USCC and category, with names and masked legal representatives.
  Result<ListPage<SeriousListing>> SeriousPage(const ListFilter& f, std::string where,
                                               std::vector<store::Value> params);

  // What a removal from either list reads of the listing.
  struct ListingRef {
    std::string_view list;  // "serious" or "abnormal": table credit_<list>_listings
    std::int64_t id;
    std::string_view uscc, region_code, status, listed_on, decision_no;
  };

  // The removal both lists share (scope, status and date checks, the list.<list>.removed event,
  // the row's update and its audit entry); `on` defaults to today. Returns the event's id.
  Result<std::int64_t> RemoveListingInTx(store::Transaction& tx, const auth::Caller& caller,
                                         const ListingRef& listing, std::string_view new_status,
                                         std::string_view reason, std::string& on);
  store::Database& db_;
  registry::Registry& registry_;
  CreditService& credit_;
  const Clock& clock_;
  ListRules rules_;
};

}  // namespace zq::credit

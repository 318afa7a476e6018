#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "credit/credit_lists.h"

// 行政处罚信息公示 (市场监督管理行政处罚信息公示规定, 总局令第45号; docs/credit-rules.md,
// "Penalty publication"): a penalty decision (a stored penalty.* credit event) is registered for
// publication, due within 20 working days of the decision, published for 3 months (通报批评 or a
// small fine) or 3 years (longer when a business restriction lasts longer), capped by the
// province's limit on negative information; a revoked decision is retracted within 3 working
// days and its credit event ends (record.withdrawn). A warning alone is not published (Art. 2).
namespace zq::credit {

struct PublicationRules {
  int publish_within_working_days = 20;  // Art. 9: from the decision
  // Art. 10: a decision of another province's authority is published within this many working
  // days of its receipt by the party's registration authority (which the deciding authority must
  // send within transfer_within_working_days of the decision: a later receipt is flagged).
  int publish_after_receipt_working_days = 10;
  int transfer_within_working_days = 10;
  int retract_within_working_days = 3;  // Art. 11
  int minor_months = 3;                 // Art. 13: 通报批评 or a small fine
  int ordinary_months = 36;             // Art. 13: otherwise
  // Provincial caps on disclosing negative information, from the decision date, by province
  // (the region code's first two digits): 60 months in Shandong (社会信用条例 Art. 38) and
  // Zhejiang (公共信用信息管理条例 Art. 16); a province not named has no cap.
  std::map<std::string, int, std::less<>> negative_cap_months_by_province = {{"33", 60},
                                                                             {"37", 60}};

  // The cap for an entity in `region_code`; 0 = none.
  int CapMonths(std::string_view region_code) const;
};

// Penalty kinds (Art. 2, 13). "warning" is refused: a warning alone is not published.
inline constexpr std::string_view kPenaltyKinds[] = {
    "criticism",        // 通报批评 → minor period
    "small_fine",       // 较低数额罚款 → minor period
    "fine",             // 罚款
    "confiscation",     // 没收违法所得、非法财物
    "suspension",       // 责令停产停业、限制开展生产经营活动
    "licence_revoked",  // 暂扣、吊销许可证件，降低资质等级
    "employment_ban",   // 限制从业
    "other",
};
// Case domains: food, drug and special-equipment cases need a year of publication before
// repair (信用修复管理办法), the others six months.
inline constexpr std::string_view kCaseDomains[] = {"food", "drug", "special_equipment", "other"};

struct PenaltyDecision {
  std::int64_t penalty_event_id = 0;  // the stored penalty.minor/ordinary/heavy event
  std::string decision_no;            // "" → the event's evidence_ref
  std::string violation_type;         // 违法行为类型, e.g. 生产销售不合格产品
  std::string penalty_kind;           // one of kPenaltyKinds (or "warning": refused)
  std::string penalty_text;           // 处罚内容, e.g. 罚款5万元，没收违法所得
  int restriction_months = 0;         // length of a business restriction (suspension, ban)
  std::string case_domain;            // one of kCaseDomains
  std::string authority;              // 处罚机关 name
  // A decision of another province's authority (跨省): the two-digit GB/T 2260 province code of
  // the deciding authority and the date it reached this bureau; both "" for a decision of this
  // province.
  std::string authority_province;
  std::string received_on;
};

// status: "pending" (registered, not yet published), "published", "revoked" (the decision was
// revoked; retraction due), "retracted", "withdrawn" (revoked before publication), "stopped"
// (early stop through credit repair). Overdue flags and "expired" are computed as of today.
struct PenaltyPublication {
  std::int64_t id = 0;
  std::string uscc;
  std::string region_code;
  std::int64_t penalty_event_id = 0;
  std::string decision_no;
  std::string party;                 // 当事人: the entity's registered name
  std::string legal_representative;  // masked unless the caller may see personal data
  std::string violation_type;
  std::string penalty_kind;
  std::string penalty_text;
  int restriction_months = 0;
  std::string case_domain;
  std::string authority;
  std::string authority_region;
  std::string decision_date;
  std::string status;
  std::string authority_province;  // "" = this province; else the deciding authority's (跨省)
  std::string received_on;         // cross-province: the date the transfer reached this bureau
  bool received_late = false;      // cross-province: received after the 10 working days allowed
  std::string due_on;    // decision_date + 20 working days; cross-province received_on + 10
  bool overdue = false;  // pending after due_on
  std::string published_on;
  std::string display_until;  // exclusive; fixed at publication
  bool expired = false;       // published and display_until reached
  std::string revoked_on;
  std::string revocation_ref;
  std::string retraction_due_on;  // revoked_on + 3 working days
  bool retraction_overdue = false;
  std::string retracted_on;
  std::int64_t withdrawal_event_id = 0;  // the record.withdrawn ending the penalty event
  std::string stopped_on;
};

struct PublicationFilter {
  std::string status;       // "" any
  std::string region_code;  // "" the caller's scope
  std::string uscc;
  bool overdue_only = false;  // pending past due, or revoked past the retraction date
  int page = 1;
  int page_size = 50;  // 1..kMaxPageSize (core/page.h)
};

// What the portal shows (Art. 4): only publications being shown today.
struct PublicPenalty {
  std::string uscc;
  std::string party;
  std::string legal_representative;  // masked
  std::string decision_no;
  std::string violation_type;
  std::string penalty_text;
  std::string authority;
  std::string decision_date;
  std::string published_on;
  std::string display_until;
};

class PenaltyPublications {
 public:
  // Borrows every argument. `lists` names the entities of a page (CreditLists::NamesOf).
  PenaltyPublications(store::Database& db, registry::Registry& registry, CreditService& credit,
                      CreditLists& lists, const Clock& clock, PublicationRules rules = {})
      : db_(db),
        registry_(registry),
        credit_(credit),
        lists_(lists),
        clock_(clock),
        rules_(rules) {}

  const PublicationRules& rules() const { return rules_; }

  // Registers a decision for publication (a regulator in scope of the penalty event's entity:
  // kNotFound "penalty_event_id" otherwise). kInvalidArgument with the field; "warning" answers
  // kInvalidArgument ("penalty_kind"); kFailedPrecondition ("penalty_event_id") when already
  // registered or the event is ended.
  Result<PenaltyPublication> Register(const auth::Caller& caller, PenaltyDecision decision);
  // Publishes a pending one today: display_until = today + the period, capped.
  Result<PenaltyPublication> Publish(const auth::Caller& caller, std::int64_t id);
  // The decision was revoked (复议、诉讼 or self-correction) on `revoked_on` ("" today): ends the
  // penalty event (record.withdrawn, regrade) and, if published, makes retraction due; otherwise
  // status "withdrawn". kInvalidArgument ("revocation_ref") without the revoking document.
  Result<PenaltyPublication> Revoke(const auth::Caller& caller, std::int64_t id,
                                    std::string revocation_ref, std::string revoked_on = "");
  Result<PenaltyPublication> Retract(const auth::Caller& caller, std::int64_t id);
  // For credit repair in the caller's transaction: stops a published publication early (status
  // "stopped") and ends the penalty event with record.repaired (regrade). kFailedPrecondition
  // ("status") unless published; kNotFound ("publication_id") out of scope.
  Result<PenaltyPublication> StopEarlyInTx(store::Transaction& tx, const auth::Caller& caller,
                                           std::int64_t id, std::string source_id,
                                           std::string evidence_ref);
  Result<PenaltyPublication> Get(const auth::Caller& caller, std::int64_t id);
  Result<PenaltyPublication> GetInTx(store::Transaction& tx, const auth::Caller& caller,
                                     std::int64_t id);
  Result<ListPage<PenaltyPublication>> List(const auth::Caller& caller,
                                            const PublicationFilter& filter);
  Result<ListPage<PublicPenalty>> PublicList(const PublicationFilter& filter);

 private:
  // kRead: the caller may read it; kWrite: the caller may write in its region.
  enum class Intent { kRead, kWrite };
  Result<PenaltyPublication> Load(store::Transaction& tx, const auth::Caller& caller,
                                  std::int64_t id, Intent intent) const;
  void Flags(PenaltyPublication& p) const;

  store::Database& db_;
  registry::Registry& registry_;
  CreditService& credit_;
  CreditLists& lists_;
  const Clock& clock_;
  PublicationRules rules_;
};

}  // namespace zq::credit

// Lifecycle tests of objections (异议) and credit repair (信用修复) on both databases, with the
// injected clock: each transition, deadlines across the National Day holiday, eligibility
// boundaries, and repair restoring a grade (the worked example of docs/credit-rules.md, "Objections
// and credit repair").
#include <gtest/gtest.h>

#include "core/testing/ids.h"
#include "credit/internal/credit_test_fixture.h"
#include "credit/internal/status_is.h"
#include "credit/repair_service.h"

namespace zq::credit {
namespace {

using registry::testing::Regulator;
using testing::StatusIs;

class RepairTest : public testing::CreditServiceTest {
 protected:
  void StartRepair(store::Database& db) {
    Start(db);
    repair_ = std::make_unique<RepairService>(db, *service_, env_.audit, env_.clock);
  }

  void SetToday(std::string_view iso) {
    env_.clock.Set(std::chrono::sys_days{std::chrono::days{DayNumber(iso).value()}});
  }

  auth::Caller Firm(int i) const {
    auth::Caller c;
    c.actor = "firm-" + std::to_string(i);
    c.role = auth::Role::kEnterprise;
    c.uscc = uscc_.at(static_cast<std::size_t>(i));
    return c;
  }

  std::int64_t RecordId(int firm, std::string type, std::string on, std::string id) {
    Result<RecordOutcome> r = Record(firm, std::move(type), std::move(on), std::move(id));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->event.id : 0;
  }

  std::string Grade(int firm) { return service_->Public(TestUscc(uscc_.at(firm))).value().grade; }

  CreditFile FileOf(int firm) { return service_->File(admin_, TestUscc(uscc_.at(firm))).value(); }

  NewObjection Against(std::int64_t event_id) {
    return {event_id, "处罚决定已被复议撤销", "济复决〔2026〕1号"};
  }

  const auth::Caller lixia_ = Regulator("370102");
  const auth::Caller qingdao_ = Regulator("370202");
  std::unique_ptr<RepairService> repair_;
};

TEST_P(RepairTest, UpheldObjectionWithdrawsTheRecordAcrossTheHolidayDeadline) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  StartRepair(t->db());
  SetToday("2026-09-29");
  const std::int64_t penalty = RecordId(0, "penalty.heavy", "2026-06-01", "P-1");
  EXPECT_EQ(Grade(0), "C");  // 80 - 25

  Result<Objection> o = repair_->FileObjection(Firm(0), Against(penalty));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->status, "pending");
  EXPECT_EQ(o->filed_on, "2026-09-29");
  // Shandong: 3 working days; 1-7 October is the National Day holiday.
  EXPECT_EQ(o->due_on, "2026-10-09");
  EXPECT_EQ(o->event_type, "penalty.heavy");
  EXPECT_THAT(repair_->FileObjection(Firm(0), Against(penalty)).status(),
              StatusIs(StatusCode::kAlreadyExists, "event_id"));

  // Disputed (异议中) in the file and the department view while pending.
  const CreditFile f = FileOf(0);
  ASSERT_EQ(f.events.size(), 1u);
  EXPECT_TRUE(f.events[0].disputed);
  const CreditStatus q = service_->Query(lixia_, TestUscc(uscc_[0])).value();
  ASSERT_FALSE(q.reasons.empty());
  EXPECT_TRUE(q.reasons[0].disputed);

  // One extension, to 7 working days from filing (Sat 10 October is a working day).
  EXPECT_THAT(repair_->ExtendObjection(Firm(0), o->id, "需协查").status(),
              StatusIs(StatusCode::kPermissionDenied, ""));
  EXPECT_THAT(repair_->ExtendObjection(qingdao_, o->id, "需协查").status(),
              StatusIs(StatusCode::kNotFound, "id"));
  Result<Objection> ext = repair_->ExtendObjection(lixia_, o->id, "需会同税务部门核查");
  ASSERT_TRUE(ext.ok()) << ext.status().ToString();
  EXPECT_EQ(ext->due_on, "2026-10-14");
  EXPECT_TRUE(ext->extended);
  EXPECT_THAT(repair_->ExtendObjection(lixia_, o->id, "again").status(),
              StatusIs(StatusCode::kFailedPrecondition, "extended"));

  // Overdue after the extended date.
  SetToday("2026-10-15");
  EXPECT_TRUE(repair_->GetObjection(lixia_, o->id)->overdue);
  CaseFilter overdue;
  overdue.overdue_only = true;
  EXPECT_EQ(repair_->ListObjections(lixia_, overdue)->size(), 1u);
  EXPECT_EQ(repair_->ListObjections(qingdao_, overdue)->size(), 0u);

  Result<Objection> decided =
      repair_->DecideObjection(lixia_, o->id, ObjectionDecision::kUpheld, "决定已撤销");
  ASSERT_TRUE(decided.ok()) << decided.status().ToString();
  EXPECT_EQ(decided->status, "upheld");
  EXPECT_EQ(decided->decided_on, "2026-10-15");
  EXPECT_FALSE(decided->overdue);
  EXPECT_NE(decided->ending_event_id, 0);
  EXPECT_EQ(Grade(0), "A");  // the withdrawn penalty counts for nothing
  EXPECT_FALSE(FileOf(0).events[0].disputed);
  EXPECT_THAT(repair_->DecideObjection(lixia_, o->id, ObjectionDecision::kRejected, "x").status(),
              StatusIs(StatusCode::kFailedPrecondition, "status"));
  EXPECT_THAT(repair_->FileObjection(Firm(0), Against(penalty)).status(),
              StatusIs(StatusCode::kFailedPrecondition, "event_id"));  // already withdrawn
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'credit.objection.%'"), 3);
}

TEST_P(RepairTest, RejectedObjectionKeepsTheRecordAndItsReason) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  StartRepair(t->db());
  const std::int64_t penalty = RecordId(0, "penalty.heavy", "2026-06-01", "P-1");
  EXPECT_THAT(repair_->FileObjection(Firm(1), Against(penalty)).status(),
              StatusIs(StatusCode::kNotFound, "event_id"));  // another firm's record
  EXPECT_THAT(repair_->FileObjection(qingdao_, Against(penalty)).status(),
              StatusIs(StatusCode::kNotFound, "event_id"));
  NewObjection bare = Against(penalty);
  bare.grounds.clear();
  EXPECT_THAT(repair_->FileObjection(Firm(0), bare).status(),
              StatusIs(StatusCode::kInvalidArgument, "grounds"));
  // A regulator files on the firm's behalf.
  Result<Objection> o = repair_->FileObjection(lixia_, Against(penalty));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->due_on, "2026-11-27");  // Tue + 3 working days
  EXPECT_THAT(repair_->DecideObjection(Firm(0), o->id, ObjectionDecision::kUpheld, "").status(),
              StatusIs(StatusCode::kPermissionDenied, ""));
  EXPECT_THAT(repair_->DecideObjection(lixia_, o->id, ObjectionDecision::kRejected, "").status(),
              StatusIs(StatusCode::kInvalidArgument, "reason"));
  Result<Objection> d =
      repair_->DecideObjection(lixia_, o->id, ObjectionDecision::kRejected, "复议维持原决定");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->status, "rejected");
  EXPECT_EQ(d->decision_reason, "复议维持原决定");
  EXPECT_EQ(d->ending_event_id, 0);
  EXPECT_EQ(Grade(0), "C");
  EXPECT_EQ(repair_->ListObjections(Firm(0), {})->size(), 1u);
  EXPECT_EQ(repair_->ListObjections(Firm(1), {})->size(), 0u);
}

NewRepair PublicationRepair(std::int64_t event_id) {
  NewRepair r;
  r.kind = RepairKind::kPenaltyPublication;
  r.event_id = event_id;
  r.facts.measures = {"fine"};
  r.facts.penalty_fulfilled = true;
  r.facts.harm_removed = true;
  r.evidence_ref = "罚没款缴款书 370102-2026-0001";
  r.statement = "已全部履行，承诺不再违法";
  return r;
}

// The worked example "repair restoring a grade": a 一般 penalty (-10) takes a firm from A (80) to
// B (70); its publication may stop early after exactly 6 months, and the approved repair ends the
// penalty's effect, so the grade is A again.
TEST_P(RepairTest, ApprovedPublicationRepairRestoresTheGrade) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  StartRepair(t->db());
  SetToday("2026-09-09");
  const std::int64_t penalty = RecordId(0, "penalty.ordinary", "2026-03-10", "P-1");
  EXPECT_EQ(Grade(0), "B");
  Result<Eligibility> early = repair_->CheckEligibility(Firm(0), PublicationRepair(penalty));
  ASSERT_TRUE(early.ok()) << early.status().ToString();
  EXPECT_TRUE(early->Fails("publication_period"));
  EXPECT_THAT(repair_->ApplyForRepair(Firm(0), PublicationRepair(penalty)).status(),
              StatusIs(StatusCode::kFailedPrecondition, "eligibility"));

  SetToday("2026-09-10");  // exactly 6 months
  Result<RepairApplication> a = repair_->ApplyForRepair(Firm(0), PublicationRepair(penalty));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->status, "pending");
  EXPECT_EQ(a->due_on, "2026-10-08");  // 15 working days across the National Day holiday
  EXPECT_EQ(a->facts.measures, std::vector<std::string>{"fine"});
  EXPECT_THAT(repair_->ApplyForRepair(Firm(0), PublicationRepair(penalty)).status(),
              StatusIs(StatusCode::kAlreadyExists, "event_id"));
  EXPECT_THAT(repair_->GetRepair(Firm(1), a->id).status(), StatusIs(StatusCode::kNotFound, "id"));

  SetToday("2026-10-09");
  EXPECT_TRUE(repair_->GetRepair(lixia_, a->id)->overdue);
  Result<RepairApplication> d =
      repair_->DecideRepair(lixia_, a->id, RepairDecision::kApproved, "同意提前停止公示");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->status, "approved");
  EXPECT_NE(d->ending_event_id, 0);
  EXPECT_EQ(Grade(0), "A");
  const CreditFile f = FileOf(0);
  EXPECT_EQ(f.current.grade, "A");
  EXPECT_EQ(f.history.front().grade, "A");  // the regrade is in the history and the feed
  EXPECT_THAT(repair_->DecideRepair(lixia_, a->id, RepairDecision::kRejected, "x").status(),
              StatusIs(StatusCode::kFailedPrecondition, "status"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'credit.repair.%'"), 2);
}

TEST_P(RepairTest, SeriousListRepairLiftsTheVetoAfterOneYear) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  StartRepair(t->db());
  SetToday("2026-11-23");
  const std::int64_t listed = RecordId(0, "list.serious.added", "2025-11-24", "L-1");
  EXPECT_EQ(Grade(0), "D");
  NewRepair r;
  r.kind = RepairKind::kSeriousList;
  r.event_id = listed;
  r.facts.penalty_fulfilled = true;
  r.facts.harm_removed = true;
  r.evidence_ref = "履行证明";
  EXPECT_TRUE(repair_->CheckEligibility(Firm(0), r)->Fails("listed_period"));
  SetToday("2026-11-24");
  Result<RepairApplication> a = repair_->ApplyForRepair(Firm(0), r);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  // A heavier penalty recorded meanwhile blocks the approval.
  RecordId(0, "penalty.heavy", "2026-11-24", "P-9");
  Result<RepairApplication> blocked =
      repair_->DecideRepair(lixia_, a->id, RepairDecision::kApproved, "");
  EXPECT_THAT(blocked.status(), StatusIs(StatusCode::kFailedPrecondition, "eligibility"));
  EXPECT_NE(blocked.status().message().find("heavier_penalty"), std::string::npos);
  EXPECT_EQ(repair_->GetRepair(lixia_, a->id)->status, "pending");  // nothing written

  // Firm 1 without a later penalty: approved, off the list, the veto gone.
  const std::int64_t listed1 = RecordId(1, "list.serious.added", "2025-06-01", "L-2");
  r.event_id = listed1;
  Result<RepairApplication> b = repair_->ApplyForRepair(Firm(1), r);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_TRUE(repair_->DecideRepair(lixia_, b->id, RepairDecision::kApproved, "").ok());
  const PublicGrade g = service_->Public(TestUscc(uscc_[1])).value();
  EXPECT_FALSE(g.serious_listed);
  EXPECT_EQ(g.grade, "A");
}

TEST_P(RepairTest, FraudulentRepairBarsNewApplications) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  StartRepair(t->db());
  const std::int64_t listed = RecordId(0, "list.abnormal.added", "2026-10-01", "A-1");
  EXPECT_EQ(Grade(0), "C");  // the abnormal list caps the grade at C
  NewRepair r;
  r.kind = RepairKind::kAbnormalList;
  r.event_id = listed;
  r.evidence_ref = "2025年度报告";
  r.facts.ground = "none";
  EXPECT_THAT(repair_->ApplyForRepair(Firm(0), r).status(),
              StatusIs(StatusCode::kFailedPrecondition, "eligibility"));
  r.facts.ground = "annual_report";
  Result<RepairApplication> a = repair_->ApplyForRepair(Firm(0), r);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_THAT(
      repair_->DecideRepair(lixia_, a->id, RepairDecision::kApproved, "", Fraud::kYes).status(),
      StatusIs(StatusCode::kInvalidArgument, "fraudulent"));
  Result<RepairApplication> d =
      repair_->DecideRepair(lixia_, a->id, RepairDecision::kRejected, "年报系伪造", Fraud::kYes);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_TRUE(d->fraudulent);
  EXPECT_EQ(d->barred_until, "2027-11-24");
  EXPECT_EQ(Grade(0), "C");
  Result<Eligibility> e = repair_->CheckEligibility(Firm(0), r);
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->Fails("barred"));
  SetToday("2027-11-24");  // the bar has run out
  Result<RepairApplication> again = repair_->ApplyForRepair(Firm(0), r);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ASSERT_TRUE(repair_->DecideRepair(lixia_, again->id, RepairDecision::kApproved, "").ok());
  EXPECT_FALSE(service_->Public(TestUscc(uscc_[0]))->abnormal_listed);
}

INSTANTIATE_TEST_SUITE_P(Backends, RepairTest, ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::credit

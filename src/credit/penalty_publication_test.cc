// Penalty publication (总局令第45号) on the store with the injected clock: due dates in working
// days across the 2026 Mid-Autumn and National Day holidays, display periods and the provincial
// cap, revocation with retraction due in 3 working days, the public list, refusals.
#include "credit/penalty_publication.h"

#include <gtest/gtest.h>

#include "core/testing/ids.h"
#include "credit/internal/credit_test_fixture.h"
#include "credit/internal/status_is.h"

namespace zq::credit {
namespace {

using registry::testing::Regulator;
using testing::StatusIs;

class PenaltyPublicationTest : public testing::CreditServiceTest {
 protected:
  void StartPublications(store::Database& db, PublicationRules rules = {}) {
    Start(db);
    lists_ = std::make_unique<CreditLists>(db, *env_.registry, *service_, env_.clock);
    publications_ = std::make_unique<PenaltyPublications>(db, *env_.registry, *service_, *lists_,
                                                          env_.clock, rules);
    // Thursday 2026-09-24, the day before the Mid-Autumn break (2026-09-25..27, then 10-01..07).
    SetDay(2026, 9, 24);
  }

  PenaltyDecision Decision(std::int64_t event, std::string kind = "fine") {
    PenaltyDecision d;
    d.penalty_event_id = event;
    d.violation_type = "生产销售不合格产品";
    d.penalty_kind = std::move(kind);
    d.penalty_text = "罚款5万元";
    d.case_domain = "special_equipment";
    d.authority = "济南市历下区市场监督管理局";
    return d;
  }

  const auth::Caller county_ = Regulator("370102");
  std::unique_ptr<CreditLists> lists_;
  std::unique_ptr<PenaltyPublications> publications_;
};

TEST_P(PenaltyPublicationTest, DueInTwentyWorkingDaysAcrossTheHolidays) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  StartPublications(t->db());
  const std::int64_t e = Record(0, "penalty.ordinary", "2026-09-24", "P-1")->event.id;
  const Result<PenaltyPublication> p = publications_->Register(county_, Decision(e));
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  // Working days after 09-24: 09-28..30 (3), 10-08, 10-09, Saturday 10-10 worked (6),
  // 10-12..16 (11), 10-19..23 (16), 10-26..29 (20). Without the holidays it would be 10-22.
  EXPECT_EQ(p->due_on, "2026-10-29");
  EXPECT_EQ(p->status, "pending");
  EXPECT_EQ(p->decision_no, "济市监处罚〔2026〕P-1号");  // the event's evidence
  EXPECT_EQ(p->party, "信用测试企业0");
  EXPECT_EQ(p->legal_representative, "张*");
  EXPECT_FALSE(p->overdue);
  SetDay(2026, 10, 29);
  EXPECT_FALSE(publications_->Get(county_, p->id)->overdue);
  SetDay(2026, 10, 30);
  EXPECT_TRUE(publications_->Get(county_, p->id)->overdue);
  PublicationFilter overdue;
  overdue.overdue_only = true;
  EXPECT_EQ(publications_->List(county_, overdue)->total, 1);
  EXPECT_EQ(lists_->Sweep(admin_)->publications_overdue, 1);
  EXPECT_EQ(publications_->PublicList({})->total, 0);  // nothing public before publication
  const Result<PenaltyPublication> shown = publications_->Publish(county_, p->id);
  ASSERT_TRUE(shown.ok()) << shown.status().ToString();
  EXPECT_EQ(shown->published_on, "2026-10-30");
  EXPECT_EQ(shown->display_until, "2029-10-30");  // 3 years (Art. 13)
  EXPECT_FALSE(shown->overdue);
  const Result<ListPage<PublicPenalty>> pub = publications_->PublicList({});
  ASSERT_TRUE(pub.ok());
  ASSERT_EQ(pub->total, 1);
  EXPECT_EQ(pub->items[0].legal_representative, "张*");
  EXPECT_EQ(pub->items[0].penalty_text, "罚款5万元");
  SetDay(2029, 10, 30);
  EXPECT_TRUE(publications_->Get(county_, p->id)->expired);
  EXPECT_EQ(publications_->PublicList({})->total, 0);
}

TEST_P(PenaltyPublicationTest, AnotherProvincesDecisionIsDueTenWorkingDaysAfterItsReceipt) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  StartPublications(t->db());
  // A Jiangsu (32) authority fines a firm registered in 历下区 on 2026-09-24 (Art. 10).
  const std::int64_t e = Record(0, "penalty.ordinary", "2026-09-24", "JS-1")->event.id;
  const std::int64_t late = Record(1, "penalty.ordinary", "2026-09-24", "JS-2")->event.id;
  SetDay(2026, 10, 20);
  PenaltyDecision d = Decision(e);
  d.authority = "南京市市场监督管理局";
  d.authority_province = "32";
  d.received_on = "2026-10-12";
  const Result<PenaltyPublication> p = publications_->Register(county_, d);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  // Working days after the receipt on 10-12: 10-13..16 (4), 10-19..23 (9), 10-26 (10).
  EXPECT_EQ(p->due_on, "2026-10-26");
  EXPECT_EQ(p->authority_province, "32");
  // Sent within 10 working days of the decision (by 10-15, Saturday 10-10 worked): in time.
  EXPECT_FALSE(p->received_late);
  d.penalty_event_id = late;
  d.received_on = "2026-10-16";
  const Result<PenaltyPublication> q = publications_->Register(county_, d);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_TRUE(q->received_late);
  EXPECT_EQ(q->due_on, "2026-10-30");
  // Refusals: this province's own code, no or a future receipt date, a receipt before the decision.
  const std::int64_t other = Record(2, "penalty.ordinary", "2026-09-24", "JS-3")->event.id;
  d.penalty_event_id = other;
  d.authority_province = "37";
  EXPECT_THAT(publications_->Register(county_, d).status(),
              StatusIs(StatusCode::kInvalidArgument, "authority_province"));
  d.authority_province = "3";
  EXPECT_THAT(publications_->Register(county_, d).status(),
              StatusIs(StatusCode::kInvalidArgument, "authority_province"));
  d.authority_province = "99";  // the region code's own rule is the message
  Status refused = publications_->Register(county_, d).status();
  EXPECT_THAT(refused, StatusIs(StatusCode::kInvalidArgument, "authority_province"));
  EXPECT_NE(refused.message().find("11-82"), std::string::npos) << refused.message();
  d.authority_province = "32";
  d.received_on = "";
  EXPECT_THAT(publications_->Register(county_, d).status(),
              StatusIs(StatusCode::kInvalidArgument, "received_on"));
  d.received_on = "2026-10-1";  // the date parser's message
  refused = publications_->Register(county_, d).status();
  EXPECT_THAT(refused, StatusIs(StatusCode::kInvalidArgument, "received_on"));
  EXPECT_NE(refused.message().find("YYYY-MM-DD"), std::string::npos) << refused.message();
  d.received_on = "2026-10-21";
  EXPECT_THAT(publications_->Register(county_, d).status(),
              StatusIs(StatusCode::kInvalidArgument, "received_on"));
  d.received_on = "2026-09-23";
  EXPECT_THAT(publications_->Register(county_, d).status(),
              StatusIs(StatusCode::kInvalidArgument, "received_on"));
}

TEST_P(PenaltyPublicationTest, PeriodsFollowTheKindTheRestrictionAndTheProvincialCap) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  StartPublications(t->db());  // the firms are in Shandong: the 5-year cap applies
  const std::int64_t minor = Record(0, "penalty.minor", "2026-09-24", "P-1")->event.id;
  const std::int64_t banned = Record(1, "penalty.heavy", "2026-09-24", "P-2")->event.id;
  const std::int64_t old = Record(2, "penalty.heavy", "2022-06-01", "P-3")->event.id;
  const auto publish = [&](PenaltyDecision d) {
    const Result<PenaltyPublication> r = publications_->Register(county_, std::move(d));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return publications_->Publish(county_, r->id)->display_until;
  };
  EXPECT_EQ(publish(Decision(minor, "small_fine")), "2026-12-24");  // 3 months
  PenaltyDecision ban = Decision(banned, "employment_ban");
  ban.restriction_months = 48;
  EXPECT_EQ(publish(ban), "2030-09-24");  // the 4-year restriction outlasts 3 years
  // Published late (2026) for a 2022 decision: 3 years would end 2029-09-24, the 5-year cap
  // from the decision ends it 2027-06-01.
  EXPECT_EQ(publish(Decision(old)), "2027-06-01");
  // Without the provincial cap the same late publication runs its 3 years.
  PublicationRules uncapped;
  uncapped.negative_cap_months_by_province.clear();
  PenaltyPublications elsewhere(t->db(), *env_.registry, *service_, *lists_, env_.clock, uncapped);
  const std::int64_t old3 = Record(3, "penalty.heavy", "2022-06-01", "P-4")->event.id;
  const auth::Caller qingdao = Regulator("370202");
  const Result<PenaltyPublication> r = elsewhere.Register(qingdao, Decision(old3));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(elsewhere.Publish(qingdao, r->id)->display_until, "2029-09-24");
}

TEST_P(PenaltyPublicationTest, RevocationEndsThePenaltyAndRetractionIsDueInThreeWorkingDays) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  StartPublications(t->db());
  const std::int64_t e = Record(0, "penalty.heavy", "2026-09-24", "P-1")->event.id;
  EXPECT_EQ(service_->Public(TestUscc(uscc_[0]))->grade, "C");
  const std::int64_t id = publications_->Register(county_, Decision(e))->id;
  SetDay(2026, 9, 28);
  ASSERT_TRUE(publications_->Publish(county_, id).ok());
  SetDay(2026, 9, 30);
  EXPECT_THAT(publications_->Revoke(county_, id, "").status(),
              StatusIs(StatusCode::kInvalidArgument, "revocation_ref"));
  EXPECT_THAT(publications_->Revoke(county_, id, "复议决定书", "2026-09-23").status(),
              StatusIs(StatusCode::kInvalidArgument, "revoked_on"));
  const Status malformed = publications_->Revoke(county_, id, "复议决定书", "2026-9-29").status();
  EXPECT_THAT(malformed, StatusIs(StatusCode::kInvalidArgument, "revoked_on"));
  EXPECT_NE(malformed.message().find("YYYY-MM-DD"), std::string::npos) << malformed.message();
  const Result<PenaltyPublication> r = publications_->Revoke(county_, id, "济市监复决〔2026〕3号");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, "revoked");
  // 10-01..07 off: 10-08, 10-09 and the worked Saturday 10-10.
  EXPECT_EQ(r->retraction_due_on, "2026-10-10");
  EXPECT_NE(r->withdrawal_event_id, 0);
  EXPECT_EQ(service_->Public(TestUscc(uscc_[0]))->grade, "A");  // the penalty no longer counts
  EXPECT_EQ(publications_->PublicList({})->total, 0);           // a revoked decision is not shown
  SetDay(2026, 10, 12);
  EXPECT_TRUE(publications_->Get(county_, id)->retraction_overdue);
  EXPECT_EQ(lists_->Sweep(admin_)->retractions_overdue, 1);
  const Result<PenaltyPublication> done = publications_->Retract(county_, id);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->status, "retracted");
  EXPECT_EQ(done->retracted_on, "2026-10-12");
  EXPECT_FALSE(done->retraction_overdue);
  EXPECT_THAT(publications_->Retract(county_, id).status(),
              StatusIs(StatusCode::kFailedPrecondition, "status"));
}

TEST_P(PenaltyPublicationTest, RegistrationsAreRefusedWithTheirField) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  StartPublications(t->db());
  const std::int64_t e = Record(0, "penalty.ordinary", "2026-09-24", "P-1")->event.id;
  const std::int64_t minor = Record(0, "penalty.minor", "2026-09-24", "P-2")->event.id;
  const std::int64_t complaint = Record(0, "complaint.upheld", "2026-09-24", "C-1")->event.id;
  EXPECT_THAT(publications_->Register(county_, Decision(e, "warning")).status(),
              StatusIs(StatusCode::kInvalidArgument, "penalty_kind"));
  EXPECT_THAT(publications_->Register(county_, Decision(e, "small_fine")).status(),
              StatusIs(StatusCode::kInvalidArgument, "penalty_kind"));
  EXPECT_THAT(publications_->Register(county_, Decision(minor, "fine")).status(),
              StatusIs(StatusCode::kInvalidArgument, "penalty_kind"));
  PenaltyDecision d = Decision(e);
  d.case_domain = "tobacco";
  EXPECT_THAT(publications_->Register(county_, d).status(),
              StatusIs(StatusCode::kInvalidArgument, "case_domain"));
  d = Decision(e);
  d.violation_type = "";
  EXPECT_THAT(publications_->Register(county_, d).status(),
              StatusIs(StatusCode::kInvalidArgument, "violation_type"));
  EXPECT_THAT(publications_->Register(county_, Decision(complaint)).status(),
              StatusIs(StatusCode::kInvalidArgument, "penalty_event_id"));
  EXPECT_THAT(publications_->Register(Regulator("370202"), Decision(e)).status(),
              StatusIs(StatusCode::kNotFound, "penalty_event_id"));
  const Result<PenaltyPublication> p = publications_->Register(county_, Decision(e));
  ASSERT_TRUE(p.ok());
  EXPECT_THAT(publications_->Register(county_, Decision(e)).status(),
              StatusIs(StatusCode::kFailedPrecondition, "penalty_event_id"));
  EXPECT_THAT(publications_->Get(Regulator("370202"), p->id).status(),
              StatusIs(StatusCode::kNotFound, "publication_id"));
  // Revoked before publication: withdrawn, nothing to retract.
  const Result<PenaltyPublication> w = publications_->Revoke(county_, p->id, "撤销决定书");
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->status, "withdrawn");
  EXPECT_EQ(w->retraction_due_on, "");
  EXPECT_THAT(publications_->Publish(county_, p->id).status(),
              StatusIs(StatusCode::kFailedPrecondition, "status"));
}

INSTANTIATE_TEST_SUITE_P(Backends, PenaltyPublicationTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::credit

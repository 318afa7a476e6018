// The credit lists on the store with the injected clock: the serious list's proposal, approval by
// the level above, listing, removal and term; the abnormal list with its escalation after 3
// years; the sweep; the grade veto applied on listing and lifted on removal.
#include "credit/credit_lists.h"

#include <gtest/gtest.h>

#include "core/testing/ids.h"
#include "credit/internal/credit_test_fixture.h"
#include "credit/internal/status_is.h"

namespace zq::credit {
namespace {

using registry::testing::Regulator;
using testing::StatusIs;

class CreditListsTest : public testing::CreditServiceTest {
 protected:
  void StartLists(store::Database& db, ListRules rules = {}) {
    Start(db);
    lists_ = std::make_unique<CreditLists>(db, *env_.registry, *service_, env_.clock, rules);
  }

  SeriousProposal Proposal(int firm, std::int64_t penalty) {
    SeriousProposal p;
    p.uscc = uscc_.at(static_cast<std::size_t>(firm));
    p.category = "quality_safety";
    p.penalty_event_id = penalty;
    p.judgement = "生产销售不合格燃气具，性质恶劣、情节严重、社会危害较大（第12条）";
    p.decision_no = "历下市监列严〔2026〕1号";
    return p;
  }

  std::string Grade(int firm) {
    const Result<PublicGrade> g =
        service_->Public(TestUscc(uscc_.at(static_cast<std::size_t>(firm))));
    return g.ok() ? g->grade : g.status().ToString();
  }

  const auth::Caller county_ = Regulator("370102");  // 历下区
  const auth::Caller city_ = Regulator("370100");    // 济南市
  const auth::Caller province_ = Regulator("370000");
  std::unique_ptr<CreditLists> lists_;
};

TEST_P(CreditListsTest, ACountyListingWaitsForTheCityThenVetoesTheGrade) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  StartLists(t->db());
  const std::int64_t penalty = Record(0, "penalty.heavy", "2026-10-01", "P-1")->event.id;
  EXPECT_EQ(Grade(0), "C");  // 80 − 25 × 1.0 = 55
  const Result<SeriousListing> proposed = lists_->ProposeSerious(county_, Proposal(0, penalty));
  ASSERT_TRUE(proposed.ok()) << proposed.status().ToString();
  EXPECT_EQ(proposed->status, "proposed");
  EXPECT_EQ(proposed->approver_region, "370100");
  EXPECT_EQ(proposed->entity_name, "信用测试企业0");
  EXPECT_EQ(proposed->legal_representative, "张*");
  EXPECT_EQ(Grade(0), "C");  // not listed yet
  // Not the province (wrong level), not another city (out of scope), not the proposer.
  EXPECT_THAT(lists_->ApproveSerious(province_, proposed->id).status(),
              StatusIs(StatusCode::kPermissionDenied, "approver"));
  EXPECT_THAT(lists_->ApproveSerious(Regulator("370200"), proposed->id).status(),
              StatusIs(StatusCode::kNotFound, "listing_id"));
  auth::Caller promoted = city_;
  promoted.actor = county_.actor;
  EXPECT_THAT(lists_->ApproveSerious(promoted, proposed->id).status(),
              StatusIs(StatusCode::kPermissionDenied, "approver"));
  const Result<SeriousListing> listed = lists_->ApproveSerious(city_, proposed->id);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ(listed->status, "listed");
  EXPECT_EQ(listed->listed_on, "2026-11-24");
  EXPECT_EQ(listed->term_ends_on, "2029-11-24");
  EXPECT_EQ(listed->decided_by, "reg-370100");
  EXPECT_NE(listed->listing_event_id, 0);
  EXPECT_EQ(Grade(0), "D");  // the serious list forces D
  EXPECT_TRUE(service_->Public(TestUscc(uscc_[0]))->serious_listed);
  const Result<ListPage<PublicSeriousEntry>> pub = lists_->PublicSeriousList({});
  ASSERT_TRUE(pub.ok());
  ASSERT_EQ(pub->total, 1);
  EXPECT_EQ(pub->items[0].legal_representative, "张*");
  EXPECT_EQ(pub->items[0].category, "quality_safety");
  // Approved once only; removal by the listing bureau (谁列入谁移出), not the approver.
  EXPECT_THAT(lists_->ApproveSerious(city_, proposed->id).status(),
              StatusIs(StatusCode::kFailedPrecondition, "status"));
  EXPECT_THAT(lists_->RemoveSerious(city_, proposed->id, "corrected").status(),
              StatusIs(StatusCode::kPermissionDenied, "authority_region"));
  EXPECT_THAT(lists_->RemoveSerious(county_, proposed->id, "term_expired").status(),
              StatusIs(StatusCode::kInvalidArgument, "reason"));
  const Result<SeriousListing> removed = lists_->RemoveSerious(county_, proposed->id, "corrected");
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(removed->status, "removed");
  EXPECT_EQ(Grade(0), "C");  // the veto is lifted; the penalty still counts
  EXPECT_EQ(lists_->PublicSeriousList({})->total, 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'credit.serious.%'"), 3);
}

// Issue 21, finding 5: a listing says what the asking caller may do, exactly what the service
// then allows: the city decides the county's proposal, the county removes its listing.
TEST_P(CreditListsTest, ListingsListTheActionsTheCallerMayTake) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  StartLists(t->db());
  const std::int64_t penalty = Record(0, "penalty.heavy", "2026-10-01", "P-1")->event.id;
  const SeriousListing proposed =
      std::move(lists_->ProposeSerious(county_, Proposal(0, penalty))).value();
  using Actions = std::vector<std::string>;
  EXPECT_EQ(proposed.actions, Actions{});  // the proposer does not decide
  EXPECT_EQ(lists_->GetSerious(province_, proposed.id)->actions, Actions{});  // wrong level
  EXPECT_EQ(lists_->GetSerious(city_, proposed.id)->actions, (Actions{"approve", "reject"}));
  EXPECT_EQ(lists_->SeriousListings(city_, {})->items.at(0).actions,
            (Actions{"approve", "reject"}));
  EXPECT_EQ(lists_->SeriousListings(province_, {})->items.at(0).actions, Actions{});

  const SeriousListing listed = std::move(lists_->ApproveSerious(city_, proposed.id)).value();
  EXPECT_EQ(listed.actions, Actions{});  // the approver does not remove
  EXPECT_EQ(lists_->GetSerious(county_, proposed.id)->actions, Actions{"remove"});
  ASSERT_TRUE(lists_->RemoveSerious(county_, proposed.id, "corrected").ok());
  EXPECT_EQ(lists_->GetSerious(county_, proposed.id)->actions, Actions{});
}

TEST_P(CreditListsTest, CountListingsCountsBothListsInTheRegionAndScope) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  StartLists(t->db());
  EXPECT_EQ(*lists_->CountListings(admin_, TestRegion("370000")), 0);
  const std::int64_t penalty = Record(0, "penalty.heavy", "2026-10-01", "P-1")->event.id;
  ASSERT_TRUE(lists_->ProposeSerious(county_, Proposal(0, penalty)).ok());
  ASSERT_TRUE(lists_
                  ->ListAbnormal(Regulator("370202"), uscc_[3], "annual_report_not_filed",
                                 "市南市监异〔2026〕1号")
                  .ok());
  EXPECT_EQ(*lists_->CountListings(admin_, TestRegion("370000")), 2);
  EXPECT_EQ(*lists_->CountListings(admin_, TestRegion("370100")), 1);
  EXPECT_EQ(*lists_->CountListings(Regulator("370202"), std::nullopt), 1);
}

TEST_P(CreditListsTest, AProvinceListsDirectlyAndApprovalIsConfigurable) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ListRules rules;
  rules.approval_by_level_above = false;
  StartLists(t->db(), rules);
  const std::int64_t p0 = Record(0, "penalty.heavy", "2026-10-01", "P-1")->event.id;
  const std::int64_t p1 = Record(1, "penalty.heavy", "2026-10-01", "P-2")->event.id;
  const Result<SeriousListing> by_province = lists_->ProposeSerious(province_, Proposal(0, p0));
  ASSERT_TRUE(by_province.ok());
  EXPECT_EQ(by_province->status, "listed");
  EXPECT_EQ(by_province->approver_region, "");
  const Result<SeriousListing> by_county = lists_->ProposeSerious(county_, Proposal(1, p1));
  ASSERT_TRUE(by_county.ok());
  EXPECT_EQ(by_county->status, "listed");  // approval switched off
  EXPECT_EQ(Grade(1), "D");
}

TEST_P(CreditListsTest, ProposalsAreRefusedWithTheirField) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  StartLists(t->db());
  const std::int64_t heavy = Record(0, "penalty.heavy", "2026-10-01", "P-1")->event.id;
  const std::int64_t ordinary = Record(0, "penalty.ordinary", "2026-10-02", "P-2")->event.id;
  const std::int64_t other = Record(1, "penalty.heavy", "2026-10-01", "P-3")->event.id;
  SeriousProposal p = Proposal(0, heavy);
  p.judgement = "";
  EXPECT_THAT(lists_->ProposeSerious(county_, p).status(),
              StatusIs(StatusCode::kInvalidArgument, "judgement"));
  p = Proposal(0, heavy);
  p.category = "tax";
  EXPECT_THAT(lists_->ProposeSerious(county_, p).status(),
              StatusIs(StatusCode::kInvalidArgument, "category"));
  p = Proposal(0, heavy);
  p.decision_no = "";
  EXPECT_THAT(lists_->ProposeSerious(county_, p).status(),
              StatusIs(StatusCode::kInvalidArgument, "decision_no"));
  for (const std::int64_t penalty : {ordinary, other, std::int64_t{0}}) {
    EXPECT_THAT(lists_->ProposeSerious(county_, Proposal(0, penalty)).status(),
                StatusIs(StatusCode::kInvalidArgument, "penalty_event_id"))
        << penalty;
  }
  EXPECT_THAT(lists_->ProposeSerious(Regulator("370202"), Proposal(0, heavy)).status(),
              StatusIs(StatusCode::kNotFound, "uscc"));
  auth::Caller analyst = county_;
  analyst.role = auth::Role::kAnalyst;
  EXPECT_EQ(lists_->ProposeSerious(analyst, Proposal(0, heavy)).status().code(),
            StatusCode::kPermissionDenied);
  const Result<SeriousListing> ok = lists_->ProposeSerious(county_, Proposal(0, heavy));
  ASSERT_TRUE(ok.ok());
  EXPECT_THAT(lists_->ProposeSerious(county_, Proposal(0, heavy)).status(),
              StatusIs(StatusCode::kFailedPrecondition, "uscc"));
  EXPECT_THAT(lists_->RejectSerious(city_, ok->id, "").status(),
              StatusIs(StatusCode::kInvalidArgument, "reason"));
  const Result<SeriousListing> rejected = lists_->RejectSerious(city_, ok->id, "处罚未生效");
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->status, "rejected");
  EXPECT_EQ(rejected->decision_note, "处罚未生效");
  EXPECT_EQ(Grade(0), "D");  // 80 − 25 − 10 = 45: D on points, never listed
  EXPECT_FALSE(service_->Public(TestUscc(uscc_[0]))->serious_listed);
  // A withdrawn penalty no longer carries a listing.
  ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
                return service_
                    ->EndEvent(tx, county_, heavy, "record.withdrawn", "samr-370102", "W-1",
                               "撤销决定书", "")
                    .status();
              }).ok());
  EXPECT_THAT(lists_->ProposeSerious(county_, Proposal(0, heavy)).status(),
              StatusIs(StatusCode::kInvalidArgument, "penalty_event_id"));
}

TEST_P(CreditListsTest, AbnormalListingCapsTheGradeAndEscalatesAfterThreeYears) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  StartLists(t->db());
  ASSERT_TRUE(Record(1, "award.quality", "2026-06-01", "A-1").ok());  // grade 80 + 10 = 90
  EXPECT_EQ(Grade(1), "AA");
  EXPECT_THAT(lists_->ListAbnormal(county_, uscc_[1], "late", "历下市监异〔2026〕7号").status(),
              StatusIs(StatusCode::kInvalidArgument, "reason"));
  EXPECT_THAT(lists_->ListAbnormal(county_, uscc_[3], "annual_report_not_filed", "X").status(),
              StatusIs(StatusCode::kNotFound, "uscc"));
  const Result<AbnormalListing> a =
      lists_->ListAbnormal(county_, uscc_[1], "annual_report_not_filed", "历下市监异〔2026〕7号");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->escalation_on, "2029-11-24");
  EXPECT_FALSE(a->escalation_due);
  EXPECT_EQ(Grade(1), "C");  // the abnormal list caps at C
  EXPECT_THAT(lists_->ListAbnormal(county_, uscc_[1], "false_information", "X").status(),
              StatusIs(StatusCode::kFailedPrecondition, "uscc"));
  // 60 days before the third anniversary: warned, not escalated.
  SetDay(2029, 9, 25);
  Result<SweepReport> sweep = lists_->Sweep(admin_);
  ASSERT_TRUE(sweep.ok()) << sweep.status().ToString();
  EXPECT_EQ(sweep->escalation_warnings, 1);
  EXPECT_EQ(sweep->abnormal_escalated, 0);
  EXPECT_TRUE(lists_->GetAbnormal(county_, a->id)->escalation_due);
  ListFilter due;
  due.escalation_due_only = true;
  EXPECT_EQ(lists_->AbnormalListings(county_, due)->total, 1);
  SetDay(2029, 9, 24);  // one day earlier: outside the window
  EXPECT_FALSE(lists_->GetAbnormal(county_, a->id)->escalation_due);
  // On the anniversary the sweep moves it to the serious list, dated that day.
  SetDay(2029, 11, 26);
  sweep = lists_->Sweep(admin_);
  ASSERT_TRUE(sweep.ok()) << sweep.status().ToString();
  EXPECT_EQ(sweep->abnormal_escalated, 1);
  const Result<AbnormalListing> escalated = lists_->GetAbnormal(county_, a->id);
  EXPECT_EQ(escalated->status, "escalated");
  EXPECT_EQ(escalated->removed_on, "2029-11-24");
  const Result<SeriousListing> s = lists_->GetSerious(county_, escalated->serious_listing_id);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->origin, "escalation");
  EXPECT_EQ(s->status, "listed");
  EXPECT_EQ(s->listed_on, "2029-11-24");
  EXPECT_EQ(s->authority_region, "370102");
  EXPECT_EQ(Grade(1), "D");
  // Idempotent: a second run the same day changes nothing.
  const std::int64_t events = Count("SELECT COUNT(*) FROM credit_events");
  sweep = lists_->Sweep(admin_);
  ASSERT_TRUE(sweep.ok());
  EXPECT_EQ(sweep->abnormal_escalated + sweep->serious_expired + sweep->escalation_warnings, 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM credit_events"), events);
  // Three years on the serious list: removed by the sweep on its term's last day.
  SetDay(2032, 12, 1);
  sweep = lists_->Sweep(admin_);
  ASSERT_TRUE(sweep.ok());
  EXPECT_EQ(sweep->serious_expired, 1);
  const Result<SeriousListing> ended = lists_->GetSerious(county_, s->id);
  EXPECT_EQ(ended->status, "removed");
  EXPECT_EQ(ended->removed_on, "2032-11-24");
  EXPECT_EQ(ended->removal_reason, "term_expired");
  EXPECT_EQ(Grade(1), "A");  // the award expired after its 48 months: 80
  EXPECT_EQ(lists_->Sweep(admin_)->serious_expired, 0);
  EXPECT_EQ(lists_->Sweep(county_).status().code(), StatusCode::kPermissionDenied);
}

TEST_P(CreditListsTest, AbnormalRemovalLiftsTheCapAndListsPageWithinScope) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  StartLists(t->db());
  const Result<AbnormalListing> a =
      lists_->ListAbnormal(county_, uscc_[0], "unreachable_at_address", "D-1");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(lists_->ListAbnormal(county_, uscc_[2], "annual_report_not_filed", "D-2").ok());
  ASSERT_TRUE(lists_->ListAbnormal(Regulator("370202"), uscc_[3], "false_information", "D-3").ok());
  EXPECT_EQ(Grade(0), "C");
  ListFilter f;
  f.page_size = 1;
  Result<ListPage<AbnormalListing>> page = lists_->AbnormalListings(county_, f);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 2);  // 市南区's listing is outside 历下区
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].uscc, uscc_[2]);  // newest first
  f.page = 2;
  EXPECT_EQ(lists_->AbnormalListings(county_, f)->items.at(0).uscc, uscc_[0]);
  EXPECT_EQ(lists_->AbnormalListings(province_, {})->total, 3);
  f = {};
  f.category = "false_information";
  EXPECT_EQ(lists_->AbnormalListings(province_, f)->total, 1);
  f = {};
  f.page_size = 0;
  EXPECT_THAT(lists_->AbnormalListings(county_, f).status(),
              StatusIs(StatusCode::kInvalidArgument, "page_size"));
  EXPECT_THAT(lists_->GetAbnormal(Regulator("370202"), a->id).status(),
              StatusIs(StatusCode::kNotFound, "listing_id"));
  EXPECT_THAT(lists_->RemoveAbnormal(county_, a->id, "paid").status(),
              StatusIs(StatusCode::kInvalidArgument, "reason"));
  const Result<AbnormalListing> removed = lists_->RemoveAbnormal(county_, a->id, "reachable_again");
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(removed->status, "removed");
  EXPECT_EQ(Grade(0), "A");
  EXPECT_THAT(lists_->RemoveAbnormal(county_, a->id, "reachable_again").status(),
              StatusIs(StatusCode::kFailedPrecondition, "status"));
}

INSTANTIATE_TEST_SUITE_P(Backends, CreditListsTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::credit

// CreditService::EndEvent on the store: a withdrawn or repaired record ends another event's effect
// in the same transaction as the regrade, old grades stay reproducible, and refusals name their
// field.
#include <gtest/gtest.h>

#include "core/testing/ids.h"
#include "credit/internal/credit_test_fixture.h"
#include "credit/internal/status_is.h"
#include "credit/rescore.h"

namespace zq::credit {
namespace {

using registry::testing::Regulator;
using testing::StatusIs;

class CreditWithdrawalTest : public testing::CreditServiceTest {
 protected:
  Result<RecordOutcome> End(const auth::Caller& caller, std::int64_t event_id,
                            std::string source_id, std::string_view type = "record.withdrawn",
                            std::string occurred_on = "") {
    Result<RecordOutcome> out = Status::Internal("not run");
    const Status s = store::InTransaction(*db_, [&](store::Transaction& tx) -> Status {
      out = service_->EndEvent(tx, caller, event_id, type, "samr-370100", std::move(source_id),
                               "济市监撤〔2026〕1号", "处罚决定撤销", std::move(occurred_on));
      return out.status();
    });
    if (!s.ok())
      return s;
    return out;
  }
};

TEST_P(CreditWithdrawalTest, WithdrawingAPenaltyRegradesAndKeepsOldGradesReproducible) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const Result<RecordOutcome> penalty = Record(0, "penalty.heavy", "2026-06-01", "P-1");
  ASSERT_TRUE(penalty.ok());
  const GradeRecord punished = service_->File(admin_, TestUscc(uscc_[0]))->history.at(0);
  EXPECT_EQ(punished.risk_class, "C");  // 80 − 25 = 55
  const Result<RecordOutcome> w = End(Regulator("370102"), penalty->event.id, "W-1");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_TRUE(w->created);
  EXPECT_EQ(w->event.ends_event_id, penalty->event.id);
  EXPECT_EQ(w->event.occurred_on, "2026-11-24");  // today by the injected clock
  const Result<CreditFile> file = service_->File(admin_, TestUscc(uscc_[0]));
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->history.at(0).risk_class, "B");  // back to the base 80
  ASSERT_EQ(file->current.contributions.size(), 2u);
  EXPECT_EQ(file->current.contributions[0].note, "ended");
  EXPECT_EQ(file->current.contributions[0].ended_by, w->event.id);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'credit.event.record'"), 2);
  // Both the grade before and the grade after recompute identically from their snapshots.
  for (const GradeRecord& g : {punished, file->history.at(0)}) {
    const Result<Assessment> again = service_->Recompute(admin_, g.id);
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    EXPECT_EQ(again->risk_class, g.risk_class);
    EXPECT_EQ(again->risk_score, g.risk_score);
  }
  // The full rescore reads the link too: it agrees with the incremental grade.
  const Result<RescoreStats> stats =
      RescoreAllEntities(*db_, RuleSet::Builtin().front(), *DayNumber("2026-11-24"), "t");
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->changed, 0);
  // A repeat by (source, source_id) changes nothing.
  const Result<RecordOutcome> again = End(admin_, penalty->event.id, "W-1");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
}

TEST_P(CreditWithdrawalTest, ARepairedListingLiftsTheVetoFromItsDate) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const Result<RecordOutcome> listed = Record(1, "list.serious.added", "2025-06-01", "L-1");
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(service_->Public(TestUscc(uscc_[1]))->serious_listed);
  ASSERT_TRUE(End(admin_, listed->event.id, "R-1", "record.repaired", "2026-11-20").ok());
  const Result<PublicGrade> p = service_->Public(TestUscc(uscc_[1]));
  EXPECT_FALSE(p->serious_listed);
  EXPECT_EQ(p->grade, "A");
}

TEST_P(CreditWithdrawalTest, RefusalsNameTheirField) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const std::int64_t p = Record(0, "penalty.ordinary", "2026-06-01", "P-1")->event.id;
  EXPECT_THAT(End(admin_, p, "W-0", "list.serious.removed").status(),
              StatusIs(StatusCode::kInvalidArgument, "ending_type"));
  EXPECT_THAT(End(Regulator("370202"), p, "W-0").status(),
              StatusIs(StatusCode::kNotFound, "event_id"));
  EXPECT_THAT(End(admin_, 999999, "W-0").status(), StatusIs(StatusCode::kNotFound, "event_id"));
  EXPECT_THAT(End(admin_, p, "W-0", "record.withdrawn", "2026-05-31").status(),
              StatusIs(StatusCode::kInvalidArgument, "occurred_on"));
  EXPECT_THAT(End(admin_, p, "W-0", "record.withdrawn", "2026-11-25").status(),
              StatusIs(StatusCode::kInvalidArgument, "occurred_on"));
  const Result<RecordOutcome> w = End(admin_, p, "W-1");
  ASSERT_TRUE(w.ok());
  EXPECT_THAT(End(admin_, p, "W-2", "record.repaired").status(),
              StatusIs(StatusCode::kFailedPrecondition, "event_id"));
  EXPECT_THAT(End(admin_, w->event.id, "W-3").status(),
              StatusIs(StatusCode::kFailedPrecondition, "event_id"));
  // The generic path neither records an ending event without its target nor a link on others.
  EXPECT_THAT(Record(0, "record.withdrawn", "2026-11-01", "W-4").status(),
              StatusIs(StatusCode::kInvalidArgument, "ends_event_id"));
  CreditEvent linked = Event(0, "complaint.upheld", "2026-11-01", "C-1");
  linked.ends_event_id = p;
  EXPECT_THAT(service_->RecordEvent(admin_, linked).status(),
              StatusIs(StatusCode::kInvalidArgument, "ends_event_id"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM credit_events"), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, CreditWithdrawalTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::credit

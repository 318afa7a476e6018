// Follow-up of failing firms (后处理) and the pass-rate cube over stored verdicts.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "inspection/internal/result_test_env.h"
#include "inspection/pass_rate_report.h"

namespace zq::inspection {
namespace {

using registry::testing::Regulator;
using testing::kCables;
using testing::kFood;
using testing::StatusIs;

class FollowUpTest : public testing::ResultEnv {
 protected:
  // A failing batch of task `i`, notified on 2026-09-20 and final on 2026-10-06 (follow-up due
  // 2026-11-05).
  FollowUp Failed(std::size_t i) {
    At("2026-09-20");
    const Batch b = Tested(i, "2026-09-20", true);
    EXPECT_TRUE(results_->RecordNotice(system_, b.id, "2026-09-20").ok());
    At("2026-10-06");
    EXPECT_TRUE(results_->Finalize(system_, b.id).ok());
    const std::vector<FollowUp> all =
        results_->ListFollowUps(system_, FollowUpSelection::kAll).value();
    for (const FollowUp& f : all) {
      if (f.batch_id == b.id)
        return f;
    }
    ADD_FAILURE() << "no follow-up for batch " << b.id;
    return {};
  }
};

TEST_P(FollowUpTest, OneExtensionRequestedAtLeastFiveDaysBeforeTheDeadline) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const FollowUp a = Failed(0);
  const FollowUp b = Failed(1);
  EXPECT_EQ(a.due_on, "2026-11-05");
  EXPECT_EQ(a.status, "open");
  EXPECT_THAT(results_->RequestExtension(system_, a.id, 31).status(),
              StatusIs(StatusCode::kInvalidArgument, "days"));
  At("2026-10-31");  // five days before 5 November: still in time
  Result<FollowUp> extended = results_->RequestExtension(system_, a.id, 30);
  ASSERT_TRUE(extended.ok()) << extended.status().ToString();
  EXPECT_EQ(extended->due_on, "2026-12-05");
  EXPECT_EQ(extended->extended_days, 30);
  EXPECT_THAT(results_->RequestExtension(system_, a.id, 5).status(),
              StatusIs(StatusCode::kFailedPrecondition, "extended_days"));
  At("2026-11-01");  // four days before: too late
  EXPECT_THAT(results_->RequestExtension(system_, b.id, 10).status(),
              StatusIs(StatusCode::kFailedPrecondition, "deadline"));
  EXPECT_THAT(results_->RequestExtension(Regulator("370200"), b.id, 10).status(),
              StatusIs(StatusCode::kNotFound));
}

TEST_P(FollowUpTest, OverdueOrFailingAgainClimbsTheLadderWithAnEventPerStep) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const FollowUp f = Failed(0);
  const FollowUp fixed = Failed(1);
  At("2026-11-05");  // the due date: not overdue yet
  EXPECT_THAT(results_->Escalate(system_, f.id).status(),
              StatusIs(StatusCode::kFailedPrecondition, "due_on"));
  EXPECT_EQ(results_->ListFollowUps(system_, FollowUpSelection::kOverdueOnly)->size(), 0u);
  Result<FollowUp> closed = results_->RecordReinspection(system_, fixed.id, Verdict::kPass);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->status, "closed");
  At("2026-11-06");
  std::vector<FollowUp> overdue =
      *results_->ListFollowUps(Regulator("370100"), FollowUpSelection::kOverdueOnly);
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(overdue[0].id, f.id);
  EXPECT_TRUE(overdue[0].overdue);

  Result<FollowUp> notice = results_->Escalate(Regulator("370100"), f.id);  // not rectified
  ASSERT_TRUE(notice.ok()) << notice.status().ToString();
  EXPECT_EQ(notice->level, 1);
  EXPECT_EQ(notice->due_on, "2026-12-06");
  EXPECT_FALSE(notice->overdue);
  At("2026-11-20");
  Result<FollowUp> suspended = results_->RecordReinspection(system_, f.id, Verdict::kFail);
  ASSERT_TRUE(suspended.ok());
  EXPECT_EQ(suspended->level, 2);
  EXPECT_EQ(suspended->status, "open");
  At("2026-12-21");
  Result<FollowUp> revoked = results_->Escalate(system_, f.id);
  ASSERT_TRUE(revoked.ok());
  EXPECT_EQ(revoked->level, 3);
  EXPECT_EQ(revoked->status, "revoked");
  EXPECT_THAT(results_->Escalate(system_, f.id).status(),
              StatusIs(StatusCode::kFailedPrecondition, "status"));

  std::vector<nlohmann::json> steps;
  for (const store::DomainEvent& e : Events()) {
    if (e.kind == "inspection.escalated") {
      EXPECT_EQ(e.uscc, f.uscc);
      steps.push_back(nlohmann::json::parse(e.payload));
    }
  }
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0]["step"], "public_notice");
  EXPECT_EQ(steps[0]["reason"], "not_rectified");
  EXPECT_EQ(steps[0]["severity"], "serious");
  EXPECT_EQ(steps[1]["step"], "suspension");
  EXPECT_EQ(steps[1]["reason"], "reinspection_failed");
  EXPECT_EQ(steps[2]["step"], "licence_revoked");
  EXPECT_EQ(steps[2]["escalated_on"], "2026-12-21");
  EXPECT_EQ(steps[2]["verdict_date"], "2026-10-06");
}

TEST_P(FollowUpTest, IncrementalCubeEqualsARecomputeFromTheDatabase) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  At("2026-09-24");
  for (std::size_t i = 0; i < 6; ++i) Tested(i, "2026-09-24", /*fail=*/i % 3 == 0);
  Failed(6);
  ASSERT_TRUE(results_->RecordSample(system_, tasks_[7].task_id, Sample()).ok());  // no verdict
  PassRateStore fresh;
  ASSERT_TRUE(fresh.Load(t->db()).ok());
  EXPECT_EQ(cube_.Snapshot(), fresh.Snapshot());
  EXPECT_EQ(cube_.verdict_count(), 5u);  // 4 passes at once, 1 finalized failure

  // The report counts the same verdicts: 4 of 5 passed in 370102 (the firms' county).
  PassRateRequest request;
  request.by = CubeDimension::kRegion;
  request.target = 0.9;
  Result<PassRateReport> report = BuildPassRateReport(cube_, Regulator("370100"), request);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->lines.size(), 1u);
  EXPECT_EQ(report->lines[0].key, "370102");
  EXPECT_EQ(report->total.rate.tested, 5);
  EXPECT_EQ(report->total.rate.passed, 4);
  EXPECT_EQ(report->total.target, TargetVerdict::kInconclusive);
  request.region = "370200";
  EXPECT_THAT(BuildPassRateReport(cube_, Regulator("370100"), request).status(),
              StatusIs(StatusCode::kNotFound, "region"));
  request.region.clear();
  request.from = "2026-13";
  EXPECT_THAT(BuildPassRateReport(cube_, Regulator("370100"), request).status(),
              StatusIs(StatusCode::kInvalidArgument, "from"));
  // Comparing September with October: the change and its Newcombe interval are present.
  request.from = "2026-10";
  request.to = "2026-10";
  request.compare_from = "2026-09";
  request.compare_to = "2026-09";
  report = BuildPassRateReport(cube_, Regulator("370100"), request);
  ASSERT_TRUE(report.ok());
  ASSERT_TRUE(report->total.change.has_value());
  EXPECT_DOUBLE_EQ(report->total.change->difference, 0.0 - 1.0);  // 0/1 in Oct, 4/4 in Sep
  // A reversed period is refused by its field, not answered with an empty table.
  request.to = "2026-09";
  EXPECT_THAT(BuildPassRateReport(cube_, Regulator("370100"), request).status(),
              StatusIs(StatusCode::kInvalidArgument, "to"));
  request.to = "2026-10";
  request.compare_from = "2026-10";
  EXPECT_THAT(BuildPassRateReport(cube_, Regulator("370100"), request).status(),
              StatusIs(StatusCode::kInvalidArgument, "compare_to"));
}

INSTANTIATE_TEST_SUITE_P(Backends, FollowUpTest, ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::inspection

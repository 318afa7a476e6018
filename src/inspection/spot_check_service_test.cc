#include "inspection/spot_check_service.h"

#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/testing/ids.h"
#include "inspection/internal/spot_check_fixture.h"

namespace zq::inspection {
namespace {

using registry::testing::MakeEntity;
using registry::testing::Regulator;

using testing::kCables;
using testing::kToys;

class SpotCheckServiceTest : public testing::SpotCheckFixture {};

TEST_P(SpotCheckServiceTest, PlansAreValidatedWithTheirFieldAndScoped) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  auto field_of = [&](SpotCheckPlan p, const auth::Caller& who) {
    return service_->CreatePlan(who, std::move(p)).status().field();
  };
  SpotCheckPlan p = CablePlan("bad code!");
  EXPECT_EQ(field_of(p, admin_), "plan_code");
  p = CablePlan();
  p.period_end = "2026-10-01";
  EXPECT_EQ(field_of(p, admin_), "period_end");
  p = CablePlan();
  p.parameters.product_categories = {"CP-NOT-IN-CATALOGUE"};
  EXPECT_EQ(field_of(p, admin_), "product_categories");
  p = CablePlan();
  p.parameters.inspectors_per_task = 1;
  EXPECT_FALSE(service_->CreatePlan(admin_, p).ok());
  p = CablePlan();
  const Status elsewhere = service_->CreatePlan(Regulator("370202"), p).status();
  EXPECT_EQ(elsewhere.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(elsewhere.field(), "region_code");

  Result<SpotCheckPlan> created = service_->CreatePlan(Regulator("370100"), CablePlan());
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(service_->CreatePlan(admin_, CablePlan()).status().code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(service_->GetPlan(Regulator("370102"), created->id).ok());  // a county in it
  EXPECT_EQ(service_->CommitDraw(Regulator("370102"), created->id).status().code(),
            StatusCode::kNotFound);  // reads the city's plan, but draws only its own
  EXPECT_EQ(service_->GetPlan(Regulator("370202"), created->id).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(service_->ListPlans(Regulator("370202"))->size(), 0u);
  EXPECT_EQ(service_->ListPlans(Regulator("370100"))->size(), 1u);
}

// Issue 21, finding 5: a plan and its draws say what the asking caller may do, and the service
// refuses exactly what they leave out.
TEST_P(SpotCheckServiceTest, PlansAndDrawsListTheActionsTheCallerMayTake) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const SpotCheckPlan plan = std::move(service_->CreatePlan(admin_, CablePlan())).value();
  using Actions = std::vector<std::string>;
  EXPECT_EQ(plan.actions, Actions{"draw"});
  EXPECT_EQ(service_->GetPlan(Regulator("370100"), plan.id)->actions, Actions{"draw"});
  // 历下区 reads the city's plan (市抽县查) but may not draw it, nor may an analyst of the city.
  auth::Caller analyst = Regulator("370100");
  analyst.role = auth::Role::kAnalyst;
  for (const auth::Caller& reader : {Regulator("370102"), analyst}) {
    EXPECT_EQ(service_->GetPlan(reader, plan.id)->actions, Actions{}) << reader.region_code;
    EXPECT_EQ(service_->ListPlans(reader)->at(0).actions, Actions{});
    EXPECT_FALSE(service_->CommitDraw(reader, plan.id).ok());
  }
  EXPECT_EQ(service_->ListPlans(Regulator("370100"))->at(0).actions, Actions{"draw"});

  const DrawSummary committed =
      std::move(service_->CommitDraw(Regulator("370100"), plan.id)).value();
  EXPECT_EQ(committed.actions, Actions{"run"});
  EXPECT_EQ(service_->ListDraws(Regulator("370100"), plan.id)->at(0).actions, Actions{"run"});
  EXPECT_EQ(service_->ListDraws(Regulator("370102"), plan.id)->at(0).actions, Actions{});
  EXPECT_FALSE(service_->RunDraw(Regulator("370102"), committed.id).ok());
  ASSERT_TRUE(service_->RunDraw(Regulator("370100"), committed.id).ok());
  EXPECT_EQ(service_->ListDraws(Regulator("370100"), plan.id)->at(0).actions, Actions{});
}

TEST_P(SpotCheckServiceTest, CommitThenDrawPublishesAVerifiableRecord) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const SpotCheckPlan plan = std::move(service_->CreatePlan(admin_, CablePlan())).value();
  Result<DrawSummary> committed = service_->CommitDraw(Regulator("370100"), plan.id);
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  EXPECT_EQ(committed->status, "committed");
  EXPECT_EQ(committed->frame_size, 30);  // the cable makers of Jinan, not the toy makers
  EXPECT_EQ(committed->pool_size, 8);
  EXPECT_EQ(committed->commitment.size(), 64u);
  DrawRecord before = std::move(service_->PublishedRecord(committed->id)).value();
  EXPECT_TRUE(before.seed.empty());
  EXPECT_TRUE(before.tasks.empty());
  EXPECT_EQ(service_->VerifyPublished(committed->id).status().code(),
            StatusCode::kFailedPrecondition);

  EXPECT_EQ(service_->RunDraw(Regulator("370202"), committed->id).status().code(),
            StatusCode::kNotFound);
  Result<DrawSummary> drawn = service_->RunDraw(Regulator("370100"), committed->id);
  ASSERT_TRUE(drawn.ok()) << drawn.status().ToString();
  EXPECT_EQ(drawn->status, "drawn");
  EXPECT_EQ(drawn->tasks, 6);  // ⌈30 × 20 %⌉
  DrawRecord after = std::move(service_->PublishedRecord(committed->id)).value();
  EXPECT_EQ(after.seed.size(), 64u);
  EXPECT_EQ(after.commitment, committed->commitment);
  std::set<std::string> targets;
  for (const DrawTask& task : after.tasks) {
    targets.insert(task.uscc);
    EXPECT_EQ(task.inspectors.size(), 2u);
    for (const std::string& id : task.inspectors) EXPECT_NE(id, "37010010007");  // toys only
  }
  EXPECT_EQ(targets.size(), 6u);
  Result<DrawVerification> verified = service_->VerifyPublished(committed->id);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_TRUE(verified->ok());
  EXPECT_EQ(service_->RunDraw(admin_, committed->id).status().code(),
            StatusCode::kFailedPrecondition);

  // The next draw of the same plan leaves out the firms drawn already.
  Result<DrawSummary> second = service_->CommitDraw(admin_, plan.id);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->frame_size, 24);
  EXPECT_EQ(second->excluded, 6);
  EXPECT_NE(second->commitment, committed->commitment);
}

// The frame's classes come from the credit module's latest grades (信用风险分类): a firm on the
// serious-dishonesty list (严重违法失信名单) is class D, so the plan's class-D quota applies to it.
TEST_P(SpotCheckServiceTest, TheFrameTakesEachFirmsRiskClassFromTheCreditModule) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  credit::CreditService credit(t->db(), *env_.registry, env_.audit, env_.clock);
  const std::string listed = MakeEntity("370102", 0, "").uscc;
  credit::CreditEvent listing;
  listing.source = "court-370102";
  listing.source_id = "SD-LIST-1";
  listing.event_type = "list.serious.added";
  listing.uscc = listed;
  listing.occurred_on = "2026-09-01";
  listing.evidence_ref = "鲁市监信〔2026〕1号";
  Result<credit::RecordOutcome> recorded = credit.RecordEvent(admin_, listing);
  ASSERT_TRUE(recorded.ok()) << recorded.status().ToString();
  ASSERT_TRUE(credit.Rescore(admin_, TestUscc(listed)).ok());
  SpotCheckService graded(t->db(), *env_.registry, env_.audit, env_.keys.personal_data(),
                          env_.clock, &credit);
  SpotCheckPlan plan = CablePlan();
  plan.parameters.quotas[static_cast<int>(RiskClass::kD)] = ClassQuota::Rate(10000);  // all of D
  plan = std::move(graded.CreatePlan(admin_, plan)).value();
  Result<DrawSummary> committed = graded.CommitDraw(admin_, plan.id);
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  const DrawRecord record = std::move(graded.PublishedRecord(committed->id)).value();
  int class_d = 0;
  for (const FrameEntry& f : record.frame) {
    if (f.risk_class == RiskClass::kD) {
      ++class_d;
      EXPECT_EQ(f.uscc, listed);
    }
  }
  EXPECT_EQ(class_d, 1);
  ASSERT_TRUE(graded.RunDraw(admin_, committed->id).ok());
  const DrawRecord drawn = std::move(graded.PublishedRecord(committed->id)).value();
  bool listed_drawn = false;
  for (const DrawTask& task : drawn.tasks) listed_drawn = listed_drawn || task.uscc == listed;
  EXPECT_TRUE(listed_drawn);  // 100 % of class D
}

TEST_P(SpotCheckServiceTest, AnAlteredStoredRecordFailsVerification) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const SpotCheckPlan plan = std::move(service_->CreatePlan(admin_, CablePlan())).value();
  const DrawSummary committed = std::move(service_->CommitDraw(admin_, plan.id)).value();
  ASSERT_TRUE(service_->RunDraw(admin_, committed.id).ok());
  DrawRecord record = std::move(service_->PublishedRecord(committed.id)).value();
  // Swap the first target for a firm that was not drawn, as a forger would.
  std::set<std::string> drawn;
  for (const DrawTask& task : record.tasks) drawn.insert(task.uscc);
  for (const FrameEntry& f : record.frame) {
    if (!drawn.contains(f.uscc)) {
      record.tasks[0].uscc = f.uscc;
      break;
    }
  }
  ASSERT_TRUE(
      store::InTransaction(t->db(), [&](store::Transaction& tx) {
        const std::vector<store::Value> p = {DrawRecordToJson(record).dump(), committed.id};
        return tx.Execute("UPDATE inspection_draws SET record = ? WHERE id = ?", p).status();
      }).ok());
  Result<DrawVerification> verified = service_->VerifyPublished(committed.id);
  ASSERT_TRUE(verified.ok());
  ASSERT_FALSE(verified->ok());
  EXPECT_EQ(verified->mismatches[0].kind, DrawMismatch::Kind::kTarget);
  EXPECT_EQ(verified->mismatches[0].task_number, 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, SpotCheckServiceTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::inspection

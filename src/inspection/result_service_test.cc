#include "inspection/result_service.h"

#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "inspection/internal/result_test_env.h"

namespace zq::inspection {
namespace {

using registry::testing::Regulator;
using testing::kCables;
using testing::kFood;
using testing::StatusIs;

class ResultServiceTest : public testing::ResultEnv {};

auth::Caller Firm(std::string uscc) {
  auth::Caller c;
  c.actor = "firm";
  c.role = auth::Role::kEnterprise;
  c.uscc = std::move(uscc);
  return c;
}

auth::Caller Analyst(std::string region) {
  auth::Caller c = Regulator(std::move(region));
  c.role = auth::Role::kAnalyst;
  return c;
}

TEST_P(ResultServiceTest, SamplingIsValidatedWithItsFieldAndScopedToThePlan) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  At("2026-09-03");
  const std::int64_t task = tasks_[0].task_id;
  auto field_of = [&](SamplingRecord s) {
    return results_->RecordSample(system_, task, std::move(s)).status().field();
  };
  SamplingRecord s = Sample();
  s.samplers = {"王小明"};
  EXPECT_EQ(field_of(s), "samplers");
  s.samplers = {"王小明", "王小明"};
  EXPECT_EQ(field_of(s), "samplers");
  s = Sample();
  s.quantity = 0;
  EXPECT_EQ(field_of(s), "quantity");
  s = Sample();
  s.category_code = "CP-NOT-IN-PLAN";
  EXPECT_EQ(field_of(s), "category_code");
  s = Sample();
  s.sampled_on = "2026-09-30";  // the clock says 2026-09-03
  EXPECT_EQ(field_of(s), "sampled_on");
  s = Sample();
  s.sampled_on = "2026-02-30";
  EXPECT_EQ(field_of(s), "sampled_on");
  s = Sample();
  s.sampled_on = "2026-08-31";  // before the draw
  EXPECT_EQ(field_of(s), "sampled_on");
  EXPECT_THAT(results_->RecordSample(Regulator("370200"), task, Sample()).status(),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(results_->RecordSample(system_, 999999, Sample()).status(),
              StatusIs(StatusCode::kNotFound));

  Result<Batch> b = results_->RecordSample(Regulator("370100"), task, Sample());
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->status, "sampled");
  EXPECT_EQ(b->sampling.samplers, (std::vector<std::string>{"王小明", "李华"}));
  EXPECT_THAT(results_->RecordSample(system_, task, Sample()).status(),
              StatusIs(StatusCode::kAlreadyExists, "task_id"));
  // Samplers are personal data: masked for analysts and the firm, which sees its own batch only.
  Result<Batch> seen = results_->GetBatch(Analyst("370100"), b->id);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->sampling.samplers, (std::vector<std::string>{"王**", "李*"}));
  EXPECT_TRUE(results_->GetBatch(Firm(tasks_[0].uscc), b->id).ok());
  EXPECT_THAT(results_->GetBatch(Firm(tasks_[1].uscc), b->id).status(),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(results_->GetBatch(Regulator("370200"), b->id).status(),
              StatusIs(StatusCode::kNotFound));
  EXPECT_EQ(results_->ListBatches(Firm(tasks_[0].uscc), {})->size(), 1u);
  EXPECT_EQ(results_->ListBatches(Regulator("370200"), {})->size(), 0u);
  // A task of the plan with its batch status; "my tasks" by certificate number.
  const std::string inspector = tasks_[0].inspectors.at(0);
  TaskFilter mine;
  mine.inspector_id = inspector;
  const std::vector<TaskSummary> my_tasks = results_->ListTasks(Regulator("370100"), mine).value();
  for (const TaskSummary& task_row : my_tasks) {
    EXPECT_NE(std::find(task_row.inspectors.begin(), task_row.inspectors.end(), inspector),
              task_row.inspectors.end());
  }
  EXPECT_EQ(results_->ListTasks(Regulator("370200"), {})->size(), 0u);
}

TEST_P(ResultServiceTest, ABatchFailsWhenAnyItemFailsAndAPassIsFinalAtOnce) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  At("2026-09-24");
  const Batch passed = Tested(0, "2026-09-24", /*fail=*/false);
  EXPECT_EQ(passed.initial_verdict, "pass");
  EXPECT_EQ(passed.status, "final");
  EXPECT_EQ(passed.final_on, "2026-09-24");
  // 20 working days after Thursday 24 September 2026, across 中秋 (25–27 Sep) and 国庆 (1–7 Oct)
  // with the adjusted working Saturday 10 October: 28, 29, 30 Sep, 8, 9, 10, 12–16, 19–23,
  // 26–29 Oct (counted by hand from the State Council notice).
  EXPECT_EQ(passed.publication_due, "2026-10-29");

  Result<Batch> b = results_->RecordSample(system_, tasks_[1].task_id, Sample());
  TestResults general_only = Results("2026-09-24", /*fail_key=*/false, /*fail_general=*/true);
  Result<Batch> failed = results_->RecordResults(system_, b->id, general_only);
  ASSERT_TRUE(failed.ok()) << failed.status().ToString();
  EXPECT_EQ(failed->initial_verdict, "fail");
  EXPECT_EQ(failed->status, "tested");
  EXPECT_THAT(results_->RecordResults(system_, b->id, general_only).status(),
              StatusIs(StatusCode::kFailedPrecondition, "status"));
  TestResults bad = general_only;
  bad.items[1].method.clear();
  EXPECT_THAT(results_->RecordResults(system_, b->id, bad).status(),
              StatusIs(StatusCode::kInvalidArgument, "items[1].method"));

  const std::vector<store::DomainEvent> events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "inspection.batch_passed");
  EXPECT_EQ(events[0].uscc, tasks_[0].uscc);
  EXPECT_EQ(events[0].occurred_on, "2026-09-24");
  const nlohmann::json payload = nlohmann::json::parse(events[0].payload);
  EXPECT_EQ(payload["verdict"], "pass");
  EXPECT_EQ(payload["severity"], "none");
  EXPECT_EQ(payload["plan_code"], "JN-2026-R1");
  EXPECT_EQ(payload["authority_region"], "370100");
}

TEST_P(ResultServiceTest, AppealsAreOpenFifteenCalendarDaysFromTheNotice) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ResultRules runs_on;  // the re-test window is not paused by the objection (see the next test)
  runs_on.pause_retest_during_objection = false;
  Start(t->db(), runs_on);
  At("2026-09-20");
  std::vector<Batch> b;
  for (std::size_t i = 0; i < 3; ++i) b.push_back(Tested(i, "2026-09-20", /*fail=*/true));
  EXPECT_THAT(
      results_->RequestAppeal(Firm(tasks_[0].uscc), b[0].id, AppealKind::kObjection, "x").status(),
      StatusIs(StatusCode::kFailedPrecondition, "received_on"));
  At("2026-09-21");
  for (const Batch& batch : b)
    ASSERT_TRUE(results_->RecordNotice(system_, batch.id, "2026-09-21").ok());
  EXPECT_EQ(results_->GetBatch(system_, b[0].id)->objection_deadline, "2026-10-06");
  At("2026-10-06");  // day 15: still in time
  Result<Batch> objected =
      results_->RequestAppeal(Firm(tasks_[0].uscc), b[0].id, AppealKind::kObjection, "抽样程序");
  ASSERT_TRUE(objected.ok()) << objected.status().ToString();
  EXPECT_EQ(objected->status, "appealed");
  EXPECT_THAT(
      results_->RequestAppeal(Firm(tasks_[0].uscc), b[0].id, AppealKind::kRetest, "x").status(),
      StatusIs(StatusCode::kFailedPrecondition, "status"));  // one pending at a time
  EXPECT_THAT(
      results_->RequestAppeal(Firm(tasks_[0].uscc), b[1].id, AppealKind::kRetest, "x").status(),
      StatusIs(StatusCode::kNotFound));  // another firm's batch
  EXPECT_THAT(results_->Finalize(system_, b[2].id).status(),
              StatusIs(StatusCode::kFailedPrecondition, "deadline"));
  At("2026-10-07");  // day 16: too late
  EXPECT_THAT(
      results_->RequestAppeal(Firm(tasks_[1].uscc), b[1].id, AppealKind::kRetest, "x").status(),
      StatusIs(StatusCode::kFailedPrecondition, "deadline"));
  EXPECT_THAT(results_->RequestAppeal(system_, b[1].id, AppealKind::kObjection, "x").status(),
              StatusIs(StatusCode::kFailedPrecondition, "deadline"));

  // The objection is rejected: the first result stands and becomes final with the window gone.
  Result<Batch> rejected =
      results_->DecideObjection(system_, b[0].id, ObjectionDecision::kRejected);
  ASSERT_TRUE(rejected.ok()) << rejected.status().ToString();
  EXPECT_EQ(rejected->status, "notified");
  Result<Batch> final = results_->Finalize(system_, b[0].id);
  ASSERT_TRUE(final.ok()) << final.status().ToString();
  EXPECT_EQ(final->final_verdict, "fail");
  EXPECT_EQ(final->final_on, "2026-10-07");
  EXPECT_THAT(results_->Finalize(system_, b[0].id).status(),
              StatusIs(StatusCode::kFailedPrecondition, "status"));
  const std::vector<store::DomainEvent> events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "inspection.batch_failed");
  EXPECT_EQ(events[0].source_id, "batch:" + std::to_string(b[0].id) + ":final");
  const nlohmann::json payload = nlohmann::json::parse(events[0].payload);
  EXPECT_EQ(payload["items_failed"], nlohmann::json({"导体电阻"}));
  EXPECT_EQ(payload["key_items_failed"], nlohmann::json({"导体电阻"}));
  EXPECT_EQ(payload["severity"], "key_item");
  EXPECT_EQ(payload["retested"], false);
  EXPECT_EQ(payload["prior_failures_24m"], 0);
  // The failing firm's follow-up: rectify within 30 days of the final verdict.
  std::vector<FollowUp> follow_ups =
      *results_->ListFollowUps(Firm(tasks_[0].uscc), FollowUpSelection::kAll);
  ASSERT_EQ(follow_ups.size(), 1u);
  EXPECT_EQ(follow_ups[0].due_on, "2026-11-06");
  EXPECT_EQ(follow_ups[0].specification, "BV 2.5mm²");
}

TEST_P(ResultServiceTest, ARejectedObjectionGivesBackTheReTestDaysItTook) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ResultRules rules;  // default: the re-test window pauses while an objection is pending
  rules.retest_by_category[kFood] = {7, DayCount::kWorking};
  Start(t->db(), rules);
  At("2026-09-21");
  const Batch cable = Tested(0, "2026-09-20", true);
  ASSERT_TRUE(results_->RecordNotice(system_, cable.id, "2026-09-21").ok());
  EXPECT_EQ(results_->GetBatch(system_, cable.id)->retest_deadline, "2026-10-06");
  At("2026-09-26");  // day 5 of 15: 10 days left after today
  ASSERT_TRUE(
      results_->RequestAppeal(Firm(tasks_[0].uscc), cable.id, AppealKind::kObjection, "抽样程序")
          .ok());
  At("2026-10-20");  // decided after the window as opened had closed
  Result<Batch> rejected =
      results_->DecideObjection(system_, cable.id, ObjectionDecision::kRejected);
  ASSERT_TRUE(rejected.ok()) << rejected.status().ToString();
  EXPECT_EQ(rejected->retest_deadline, "2026-10-30");  // the 10 days, from the decision
  EXPECT_THAT(results_->Finalize(system_, cable.id).status(),
              StatusIs(StatusCode::kFailedPrecondition, "deadline"));
  BatchFilter all;
  const std::vector<Batch> listed = *results_->ListBatches(system_, all);
  const auto in_list =
      std::find_if(listed.begin(), listed.end(), [&](const Batch& x) { return x.id == cable.id; });
  ASSERT_NE(in_list, listed.end());
  EXPECT_EQ(in_list->retest_deadline, "2026-10-30");  // lists show the moved deadline too
  At("2026-10-30");
  Result<Batch> retest =
      results_->RequestAppeal(Firm(tasks_[0].uscc), cable.id, AppealKind::kRetest, "复检");
  ASSERT_TRUE(retest.ok()) << retest.status().ToString();
  EXPECT_EQ(retest->status, "appealed");

  // Working days: food's 7-working-day window across the Mid-Autumn and National Day holidays.
  At("2026-09-24");
  const Batch food = Tested(1, "2026-09-24", true, 1, kFood);
  ASSERT_TRUE(results_->RecordNotice(system_, food.id, "2026-09-24").ok());
  EXPECT_EQ(results_->GetBatch(system_, food.id)->retest_deadline, "2026-10-12");
  At("2026-09-29");  // left after today: 30 Sep, 8, 9, 10 (adjusted working Saturday), 12 Oct
  ASSERT_TRUE(results_->RequestAppeal(system_, food.id, AppealKind::kObjection, "抽样程序").ok());
  At("2026-10-14");
  Result<Batch> food_rejected =
      results_->DecideObjection(system_, food.id, ObjectionDecision::kRejected);
  ASSERT_TRUE(food_rejected.ok()) << food_rejected.status().ToString();
  EXPECT_EQ(food_rejected->retest_deadline, "2026-10-21");  // 15, 16, 19, 20, 21 Oct
}

TEST_P(ResultServiceTest, AnInspectorOfTheTeamRecordsTheSamplingOutsideTheirBureau) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  registry::Registry& r = *env_.registry;
  // A second Jinan (city) plan staffed only by 历下区 (county) inspectors: the city's 8 are set
  // inactive, and 3 of the county bureau join the pool.
  const auto staff = [&](const std::string& region, int first_id, int n, const std::string& name,
                         const std::string& unit, bool active) {
    for (int i = 0; i < n; ++i) {
      const registry::Inspector in{region + std::to_string(first_id + i),
                                   name + std::to_string(i),
                                   unit,
                                   region,
                                   {"product_quality"},
                                   active,
                                   ""};
      ASSERT_TRUE(r.UpsertInspector(system_, in).ok());
    }
  };
  staff("370100", 10000, 8, "检查员", "济南市市场监督管理局", false);
  staff("370102", 20000, 3, "区检查员", "历下区市场监督管理局", true);
  std::int64_t plan_id = 0;
  ASSERT_NO_FATAL_FAILURE(
      Draw(testing::JinanPlan("JN-2026-R2", "2026年济南市电线电缆监督抽查（第二批）", "2026-09-01",
                              {kCables}, 5000),  // 50 %
           plan_id));

  auth::Caller inspector = Regulator("370102");
  inspector.actor = "lixia-inspector";
  const std::string own_id = "37010220000";
  ASSERT_TRUE(
      registry::testing::RegistryEnv::AddAccount(t->db(), inspector.actor, "regulator", "370102")
          .ok());
  ASSERT_TRUE(r.LinkInspectorAccount(system_, own_id, inspector.actor).ok());
  TaskFilter mine;
  mine.plan_id = plan_id;
  mine.mine = true;
  Result<std::vector<TaskSummary>> tasks = results_->ListTasks(inspector, mine);
  ASSERT_TRUE(tasks.ok()) << tasks.status().ToString();
  ASSERT_FALSE(tasks->empty());
  const TaskSummary task = tasks->front();
  EXPECT_TRUE(task.may_sample);

  // A colleague of the same county bureau, not on the team: the city plan's task is not theirs.
  auth::Caller colleague = Regulator("370102");
  colleague.actor = "lixia-colleague";
  At("2026-09-03");
  EXPECT_THAT(results_->RecordSample(colleague, task.task_id, Sample()).status(),
              StatusIs(StatusCode::kNotFound, "task_id"));
  TaskFilter of_plan;
  of_plan.plan_id = plan_id;
  const Result<std::vector<TaskSummary>> seen = results_->ListTasks(colleague, of_plan);
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  for (const TaskSummary& other : *seen) EXPECT_FALSE(other.may_sample) << other.task_id;

  Result<Batch> sampled = results_->RecordSample(inspector, task.task_id, Sample());
  ASSERT_TRUE(sampled.ok()) << sampled.status().ToString();
  EXPECT_FALSE(results_->ListTasks(inspector, mine)->front().may_sample);  // sampled now
  // The test results are the plan's bureau's to record, not the inspector's.
  EXPECT_THAT(
      results_->RecordResults(inspector, sampled->id, Results("2026-09-03", false)).status(),
      StatusIs(StatusCode::kNotFound));
  EXPECT_TRUE(
      results_->RecordResults(Regulator("370100"), sampled->id, Results("2026-09-03", false)).ok());
}

TEST_P(ResultServiceTest, FoodWindowIsSevenWorkingDaysAcrossTheHolidays) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ResultRules rules;
  rules.objection_by_category[kFood] = {7, DayCount::kWorking};  // 食品安全法 Art. 88
  rules.retest_by_category[kFood] = {7, DayCount::kWorking};
  Start(t->db(), rules);
  At("2026-09-24");
  const Batch food = Tested(0, "2026-09-24", true, 1, kFood);
  ASSERT_TRUE(results_->RecordNotice(system_, food.id, "2026-09-24").ok());
  // 28, 29, 30 Sep, 8, 9, 10 (adjusted working Saturday), 12 Oct.
  EXPECT_EQ(results_->GetBatch(system_, food.id)->retest_deadline, "2026-10-12");
  const Batch cable = Tested(1, "2026-09-24", true);
  ASSERT_TRUE(results_->RecordNotice(system_, cable.id, "2026-09-24").ok());
  EXPECT_EQ(results_->GetBatch(system_, cable.id)->retest_deadline, "2026-10-09");
  At("2026-10-13");
  EXPECT_THAT(results_->RequestAppeal(system_, food.id, AppealKind::kRetest, "复检").status(),
              StatusIs(StatusCode::kFailedPrecondition, "deadline"));
}

TEST_P(ResultServiceTest, ReTestNeedsTheReserveSampleAndGivesTheFinalVerdict) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  At("2026-09-20");
  const Batch without = Tested(0, "2026-09-20", true, /*reserve=*/0);
  const Batch with = Tested(1, "2026-09-20", true, /*reserve=*/1);
  const Batch annulled = Tested(2, "2026-09-20", true);
  for (const Batch& b : {without, with, annulled})
    ASSERT_TRUE(results_->RecordNotice(system_, b.id, "2026-09-20").ok());
  At("2026-09-25");
  EXPECT_THAT(results_->RequestAppeal(system_, without.id, AppealKind::kRetest, "复检").status(),
              StatusIs(StatusCode::kFailedPrecondition, "reserve_quantity"));
  EXPECT_THAT(results_->RecordRetest(system_, with.id, Results("2026-09-25", false)).status(),
              StatusIs(StatusCode::kFailedPrecondition, "kind"));
  ASSERT_TRUE(results_->RequestAppeal(system_, with.id, AppealKind::kRetest, "复检").ok());
  At("2026-09-28");
  Result<Batch> retested = results_->RecordRetest(system_, with.id, Results("2026-09-28", false));
  ASSERT_TRUE(retested.ok()) << retested.status().ToString();
  EXPECT_EQ(retested->final_verdict, "pass");
  EXPECT_EQ(retested->final_on, "2026-09-28");
  EXPECT_EQ(retested->retest.items.size(), 2u);
  ASSERT_EQ(retested->appeals.size(), 1u);
  EXPECT_EQ(retested->appeals[0].decision, "pass");

  ASSERT_TRUE(results_->RequestAppeal(system_, annulled.id, AppealKind::kObjection, "x").ok());
  Result<Batch> upheld =
      results_->DecideObjection(system_, annulled.id, ObjectionDecision::kUpheld);
  ASSERT_TRUE(upheld.ok());
  EXPECT_EQ(upheld->status, "annulled");
  EXPECT_TRUE(upheld->final_verdict.empty());

  const std::vector<store::DomainEvent> events = Events();
  ASSERT_EQ(events.size(), 1u);  // the re-test's pass; nothing for the annulled batch
  EXPECT_EQ(nlohmann::json::parse(events[0].payload)["retested"], true);
  EXPECT_EQ(results_->ListFollowUps(system_, FollowUpSelection::kAll)->size(), 0u);
}

TEST_P(ResultServiceTest, ResultsArePublishedWithinTwentyWorkingDaysWithoutPersonalData) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  At("2026-09-24");
  const Batch a = Tested(0, "2026-09-24", false);
  const Batch b = Tested(1, "2026-09-24", false);
  EXPECT_THAT(results_->Publish(system_, Tested(2, "2026-09-24", true).id).status(),
              StatusIs(StatusCode::kFailedPrecondition, "status"));
  At("2026-10-29");  // the due date itself: not yet overdue
  std::vector<Batch> due = *results_->ListUnpublished(Regulator("370100"));
  ASSERT_EQ(due.size(), 2u);
  EXPECT_FALSE(due[0].publication_overdue);
  ASSERT_TRUE(results_->Publish(Regulator("370100"), a.id).ok());
  EXPECT_THAT(results_->Publish(system_, a.id).status(),
              StatusIs(StatusCode::kFailedPrecondition, "published_on"));
  EXPECT_THAT(results_->Publish(Regulator("370200"), b.id).status(),
              StatusIs(StatusCode::kNotFound));
  At("2026-10-30");
  due = *results_->ListUnpublished(Regulator("370100"));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_TRUE(due[0].publication_overdue);

  const PublishedPage page = *results_->PublicResults({});
  EXPECT_EQ(page.total, 1);
  const std::vector<PublishedResult>& published = page.items;
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0].uscc, tasks_[0].uscc);
  EXPECT_EQ(published[0].published_on, "2026-10-29");
  EXPECT_EQ(published[0].institution, "山东省产品质量检验研究院");
  EXPECT_TRUE(published[0].items_failed.empty());
  PublicFilter firm;
  firm.uscc = tasks_[0].uscc;
  EXPECT_EQ(results_->PublicResults(firm)->total, 1);
  firm.verdict = Verdict::kFail;
  EXPECT_EQ(results_->PublicResults(firm)->total, 0);  // it passed
  firm.verdict = Verdict::kPass;
  EXPECT_EQ(results_->PublicResults(firm)->total, 1);
  firm.uscc = tasks_[1].uscc;
  EXPECT_EQ(results_->PublicResults(firm)->total, 0);  // not published
  firm.uscc = "91370100MA3C5XXXXX";
  EXPECT_THAT(results_->PublicResults(firm).status(),
              StatusIs(StatusCode::kInvalidArgument, "uscc"));
  PublicFilter elsewhere;
  elsewhere.region = "370200";
  EXPECT_EQ(results_->PublicResults(elsewhere)->total, 0);
  PublicFilter city;
  city.region = "370100";
  city.category = kCables;
  EXPECT_EQ(results_->PublicResults(city)->items.size(), 1u);
  PublicFilter second_page = city;
  second_page.page = 2;
  const PublishedPage beyond = *results_->PublicResults(second_page);
  EXPECT_TRUE(beyond.items.empty());
  EXPECT_EQ(beyond.total, 1);  // the count ignores paging
  PublicFilter bad;
  bad.region = "37";
  EXPECT_THAT(results_->PublicResults(bad).status(),
              StatusIs(StatusCode::kInvalidArgument, "region"));
}

INSTANTIATE_TEST_SUITE_P(Backends, ResultServiceTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::inspection

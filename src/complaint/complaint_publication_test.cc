// Publication of complaint counts on both databases (publication.h): a business's record over
// five years (投诉量, 受理量, 调解成功率) and the quarter's statistics, counted by hand from the
// cases each test makes.
#include <map>
#include <numeric>
#include <string>

#include <gtest/gtest.h>

#include "complaint/complaint_test_env.h"

namespace zq::complaint {
namespace {

using registry::testing::Regulator;
using testing::ComplaintServiceTest;

class ComplaintPublicationTest : public ComplaintServiceTest {
 protected:
  // Against the shop, handled by 370103: one mediation agreed, one terminated, one accepted and
  // still mediating, one refused, one repeat merged into the first, a report; one complaint
  // against the platform; and two older complaints against the shop, one a day inside the
  // five-year window to 2026-11-24 and one a day outside it.
  void MakeCases() {
    const auth::Caller office = Regulator("370103");
    int client = 0;
    const auto submit = [&](SubmissionInput in) {
      Result<Submitted> s = service_->Submit(public_, in, fmt::format("10.3.0.{}", ++client));
      EXPECT_TRUE(s.ok()) << s.status().ToString();
      return s->cases.at(0);
    };
    At("2021-11-24");
    submit(Form());  // outside: the window starts on 2021-11-25
    At("2021-11-25");
    submit(Form());
    At("2026-11-16");
    const CaseRecord agreed = submit(Form());
    const CaseRecord terminated = submit(Form());
    const CaseRecord mediating = submit(Form());
    const CaseRecord refused = submit(Form());
    const CaseRecord repeat = submit(Form());
    submit(Form({"report"}));
    SubmissionInput platform = Form();
    platform.respondent_uscc = platform_.uscc;
    platform.business_region = "";  // handled where it is domiciled, 330110
    submit(platform);
    for (const CaseRecord* c : {&agreed, &terminated, &mediating})
      ASSERT_TRUE(service_->Step(office, c->id, Action::kAccept, {}).ok());
    ASSERT_TRUE(service_->Step(office, agreed.id, Action::kMediate, {}).ok());
    ASSERT_TRUE(service_->Step(office, agreed.id, Action::kAgree, {.outcome = "退货"}).ok());
    ASSERT_TRUE(service_->Classify(office, agreed.id, "household_appliances", "quality").ok());
    ASSERT_TRUE(service_->Step(office, agreed.id, Action::kClose, {}).ok());
    ASSERT_TRUE(service_->Step(office, terminated.id, Action::kMediate, {}).ok());
    ASSERT_TRUE(
        service_->Step(office, terminated.id, Action::kTerminate, {.ground = "no_agreement"}).ok());
    ASSERT_TRUE(service_->Classify(office, terminated.id, "life_services", "after_sales").ok());
    ASSERT_TRUE(service_->Step(office, mediating.id, Action::kMediate, {}).ok());
    ASSERT_TRUE(
        service_->Step(office, refused.id, Action::kRefuse, {.ground = "over_three_years"}).ok());
    ASSERT_TRUE(
        service_->Step(office, repeat.id, Action::kMerge, {.duplicate_of = agreed.number}).ok());
    At("2026-11-24");
  }
};

TEST_P(ComplaintPublicationTest, ABusinessRecordCountsFiveYearsOfComplaints) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  ASSERT_NO_FATAL_FAILURE(MakeCases());
  const std::int64_t audit = AuditSeq();
  Result<BusinessComplaints> b = service_->BusinessRecord(shop_.uscc);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->name, "济南某电器商行");
  EXPECT_EQ(b->region, "370102");
  EXPECT_EQ(b->from, "2021-11-25");
  EXPECT_EQ(b->to, "2026-11-24");
  // 2021-11-25 and the four of 2026 not merged; not the report, the platform's, the repeat or
  // the one of 2021-11-24.
  EXPECT_EQ(b->tally.complaints, 5);
  EXPECT_EQ(b->tally.accepted, 3);
  EXPECT_EQ(b->tally.mediation_ended, 2);
  EXPECT_EQ(b->tally.agreed, 1);
  ASSERT_TRUE(b->tally.mediation_success_rate.has_value());
  EXPECT_DOUBLE_EQ(*b->tally.mediation_success_rate, 0.5);
  ASSERT_EQ(b->years.size(), 6U);
  EXPECT_EQ(b->years.front().year, "2021");
  EXPECT_EQ(b->years.front().complaints, 1);
  EXPECT_EQ(b->years[3].complaints, 0);
  EXPECT_EQ(b->years.back().year, "2026");
  EXPECT_EQ(b->years.back().complaints, 4);
  std::int64_t by_problem = 0;
  double shares = 0;
  for (const ProblemCount& p : b->problems) {
    by_problem += p.complaints;
    shares += p.share;
    EXPECT_FALSE(p.name.empty()) << p.problem;
  }
  EXPECT_EQ(by_problem, 5);
  EXPECT_NEAR(shares, 1.0, 1e-12);
  for (std::size_t i = 1; i < b->problems.size(); ++i)
    EXPECT_GE(b->problems[i - 1].complaints, b->problems[i].complaints);
  // Anonymous counts: nothing audited.
  EXPECT_EQ(AuditSeq(), audit);

  // A business none of whose mediations has ended has no rate.
  Result<BusinessComplaints> none = service_->BusinessRecord(platform_.uscc);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->tally.complaints, 1);
  EXPECT_FALSE(none->tally.mediation_success_rate.has_value());
  const Status unknown =
      service_->BusinessRecord(registry::testing::MakeUscc("370102", 99)).status();
  EXPECT_EQ(unknown.code(), StatusCode::kNotFound);
  EXPECT_EQ(unknown.field(), "uscc");
  const Status malformed = service_->BusinessRecord("91370102MA3C").status();
  EXPECT_EQ(malformed.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(malformed.field(), "uscc");
}

TEST_P(ComplaintPublicationTest, TheQuarterByCategoryProblemAndOffice) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  ASSERT_NO_FATAL_FAILURE(MakeCases());
  Result<QuarterlyComplaints> q = service_->QuarterlyStatistics("2026Q4", "");
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->from, "2026-10-01");
  EXPECT_EQ(q->to, "2026-12-31");
  // The shop's four of November and the platform's; the report apart; the repeat not at all.
  EXPECT_EQ(q->tally.complaints, 5);
  EXPECT_EQ(q->reports, 1);
  EXPECT_EQ(q->tally.accepted, 3);
  EXPECT_EQ(q->tally.agreed, 1);
  const auto total = [](const std::vector<CategoryCount>& v) {
    return std::accumulate(v.begin(), v.end(), std::int64_t{0},
                           [](std::int64_t s, const CategoryCount& c) { return s + c.complaints; });
  };
  EXPECT_EQ(total(q->categories), 5);
  const auto appliances =
      std::find_if(q->categories.begin(), q->categories.end(),
                   [](const CategoryCount& c) { return c.object_class == "household_appliances"; });
  ASSERT_NE(appliances, q->categories.end());
  EXPECT_EQ(appliances->name, "家用电子电器");
  EXPECT_EQ(appliances->group, "goods");
  const auto services =
      std::find_if(q->categories.begin(), q->categories.end(),
                   [](const CategoryCount& c) { return c.object_class == "life_services"; });
  ASSERT_NE(services, q->categories.end());
  EXPECT_EQ(services->group, "services");
  EXPECT_EQ(services->complaints, 1);
  EXPECT_EQ(q->services, 1);
  // Every other complaint says 电热水壶: household appliances, goods.
  EXPECT_EQ(q->goods, 4);

  // By office: the shop's cases are handled in 370103 (Jinan), the platform's in Hangzhou.
  EXPECT_EQ(service_->QuarterlyStatistics("2026Q4", "370100")->tally.complaints, 4);
  EXPECT_EQ(service_->QuarterlyStatistics("2026Q4", "370200")->tally.complaints, 0);
  // Default: the last whole quarter.
  EXPECT_EQ(service_->QuarterlyStatistics("", "")->quarter, "2026Q3");
  EXPECT_EQ(service_->QuarterlyStatistics("2021Q4", "")->tally.complaints, 2);
  for (const char* bad : {"2026Q5", "2026-Q4", "26Q4", "2026q4", "abcdQ1"})
    EXPECT_EQ(service_->QuarterlyStatistics(bad, "").status().field(), "quarter") << bad;
  EXPECT_EQ(service_->QuarterlyStatistics("2027Q1", "").status().field(), "quarter");
  EXPECT_EQ(service_->QuarterlyStatistics("2026Q4", "12345").status().field(), "region");
  EXPECT_EQ(service_->QuarterlyStatistics("2026Q4", "379900").status().code(),
            StatusCode::kNotFound);
}

// 按时受理率 and the mediation's: a decision nine working days after receipt is late (7 allowed),
// one the same day is on time; an undecided complaint three weeks old runs late.
TEST_P(ComplaintPublicationTest, TimelinessCountsTimersMetByTheirDueDay) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const auth::Caller office = Regulator("370103");
  At("2026-11-02");
  const CaseRecord late = service_->Submit(public_, Form(), "10.5.0.1")->cases.at(0);
  At("2026-11-03");
  ASSERT_TRUE(service_->Submit(public_, Form(), "10.5.0.2").ok());  // never decided
  At("2026-11-13");
  ASSERT_TRUE(service_->Step(office, late.id, Action::kAccept, {}).ok());
  At("2026-11-16");
  const CaseRecord prompt = service_->Submit(public_, Form(), "10.5.0.3")->cases.at(0);
  ASSERT_TRUE(service_->Step(office, prompt.id, Action::kAccept, {}).ok());
  ASSERT_TRUE(service_->Step(office, prompt.id, Action::kMediate, {}).ok());
  ASSERT_TRUE(service_->Step(office, prompt.id, Action::kAgree, {.outcome = "换货"}).ok());
  At("2026-11-24");
  Result<QuarterlyComplaints> q = service_->QuarterlyStatistics("2026Q4", "");
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->acceptance.met, 2);
  EXPECT_EQ(q->acceptance.on_time, 1);
  ASSERT_TRUE(q->acceptance.rate.has_value());
  EXPECT_DOUBLE_EQ(*q->acceptance.rate, 0.5);
  EXPECT_EQ(q->acceptance.running_late, 1);
  EXPECT_EQ(q->mediation.met, 1);
  EXPECT_EQ(q->mediation.on_time, 1);
  EXPECT_EQ(q->mediation.running_late, 0);  // the late one's 45 days run to January
  // A quarter without complaints has no rate.
  EXPECT_FALSE(service_->QuarterlyStatistics("2026Q2", "")->acceptance.rate.has_value());
}

TEST_P(ComplaintPublicationTest, TheDatabaseShowsClosedComplaintsAfterTheWindowScrubbed) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const auth::Caller office = Regulator("370103");
  const auto closed = [&](bool consent, const std::string& client) {
    SubmissionInput in = Form();
    in.publish_consent = consent;
    in.facts = "我叫李四，电话13812345678，住在济南市历下区泉城路188号3单元，买的电热水壶漏电。";
    const CaseRecord c = service_->Submit(public_, in, client)->cases.at(0);
    EXPECT_TRUE(service_->Step(office, c.id, Action::kAccept, {}).ok());
    EXPECT_TRUE(service_->Step(office, c.id, Action::kMediate, {}).ok());
    EXPECT_TRUE(service_->Step(office, c.id, Action::kAgree, {.outcome = "退货"}).ok());
    EXPECT_TRUE(service_->Step(office, c.id, Action::kClose, {}).ok());
    return c;
  };
  At("2026-10-09");
  const CaseRecord consented = closed(true, "10.4.0.1");
  const CaseRecord silent = closed(false, "10.4.0.2");
  At("2026-11-16");
  const CaseRecord recent = closed(true, "10.4.0.3");               // inside its business's 15 days
  ASSERT_TRUE(service_->Submit(public_, Form(), "10.4.0.4").ok());  // open
  At("2026-11-24");
  const std::int64_t audit = AuditSeq();
  Result<PageOf<PublishedComplaint>> page = service_->PublishedComplaints({});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->total, 2);
  ASSERT_EQ(page->items.size(), 2U);
  std::map<std::string, PublishedComplaint> by_number;
  for (const PublishedComplaint& c : page->items) by_number[c.number] = c;
  ASSERT_TRUE(by_number.contains(consented.number));
  ASSERT_TRUE(by_number.contains(silent.number));
  EXPECT_FALSE(by_number.contains(recent.number));
  const PublishedComplaint& shown = by_number[consented.number];
  EXPECT_TRUE(shown.narrative_published);
  EXPECT_EQ(shown.narrative,
            "我叫李某，电话[电话]，住在济南市历下区[详细地址]，买的电热水壶漏电。");
  EXPECT_EQ(shown.result, "agreed");
  EXPECT_EQ(shown.respondent_name, "济南某电器商行");
  EXPECT_EQ(shown.object_name, "家用电子电器");
  EXPECT_EQ(shown.closed_on, "2026-10-09");
  EXPECT_FALSE(by_number[silent.number].narrative_published);
  EXPECT_EQ(by_number[silent.number].narrative, "");
  EXPECT_EQ(AuditSeq(), audit);
  // Seven days on, the recent one's window has passed.
  At("2026-12-01");
  EXPECT_EQ(service_->PublishedComplaints({})->total, 3);

  EXPECT_EQ(service_->PublishedComplaints({.uscc = shop_.uscc})->total, 3);
  EXPECT_EQ(service_->PublishedComplaints({.uscc = platform_.uscc})->total, 0);
  EXPECT_EQ(service_->PublishedComplaints({.object_class = "food"})->total, 0);
  EXPECT_EQ(service_->PublishedComplaints({.uscc = "91370102"}).status().field(), "uscc");
  EXPECT_EQ(service_->PublishedComplaints({.object_class = "toys"}).status().field(),
            "object_class");
  EXPECT_EQ(service_->PublishedComplaints({.page_size = 0}).status().field(), "page_size");
  Result<PageOf<PublishedComplaint>> second =
      service_->PublishedComplaints({.page = 2, .page_size = 2});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->items.size(), 1U);
}

INSTANTIATE_TEST_SUITE_P(Backends, ComplaintPublicationTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::complaint

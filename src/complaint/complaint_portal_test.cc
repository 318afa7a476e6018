// The portal's side of a case, on both databases: the submitter finds it by number and phone
// (and nobody else does), follows its steps, and rates a closed case once; look-ups are rate
// limited per client.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "complaint/complaint_test_env.h"

namespace zq::complaint {
namespace {

using registry::testing::Regulator;
using testing::ComplaintServiceTest;

class ComplaintPortalTest : public ComplaintServiceTest {};

TEST_P(ComplaintPortalTest, TheSubmitterFollowsTheirCaseAndRatesItOnce) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const CaseRecord c = service_->Submit(public_, Form(), "10.2.0.1")->cases.at(0);
  // The phone as written on the form or with other separators; any other phone: not found, with
  // the same answer as an unknown number.
  Result<PublicCase> p = service_->Lookup(c.number, "138-1234-5678", "10.2.0.1");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->state, State::kReceived);
  EXPECT_EQ(p->phone, "138****5678");
  SubmissionInput spaced = Form();
  spaced.phone = "139 0531 7788";
  const CaseRecord other = service_->Submit(public_, spaced, "10.2.0.1")->cases.at(0);
  EXPECT_EQ(service_->Lookup(other.number, "13905317788", "10.2.0.1")->phone, "139****7788");
  EXPECT_EQ(p->handling_region, "370103");
  EXPECT_EQ(p->respondent_name, "济南某电器商行");
  ASSERT_EQ(p->deadlines.size(), 1U);
  EXPECT_EQ(p->deadlines[0].due_on, "2026-12-03");
  EXPECT_FALSE(p->may_rate);
  const Status wrong = service_->Lookup(c.number, "13900000000", "10.2.0.1").status();
  const Status unknown = service_->Lookup("TS20261124-999999", "13812345678", "10.2.0.1").status();
  EXPECT_EQ(wrong.code(), StatusCode::kNotFound);
  EXPECT_EQ(wrong.message(), unknown.message());
  EXPECT_EQ(service_->Lookup(c.number, "", "10.2.0.1").status().code(), StatusCode::kNotFound);
  // Not rated before closing.
  EXPECT_EQ(service_->Rate(c.number, "13812345678", 5, "", "10.2.0.1").status().field(), "state");
  const auth::Caller office = Regulator("370103");
  ASSERT_TRUE(service_->Step(office, c.id, Action::kAccept, {}).ok());
  ASSERT_TRUE(service_->Step(office, c.id, Action::kMediate, {.note = "内部备注"}).ok());
  ASSERT_TRUE(service_->Step(office, c.id, Action::kAgree, {.outcome = "退货退款"}).ok());
  ASSERT_TRUE(service_->Classify(office, c.id, "household_appliances", "quality").ok());
  ASSERT_TRUE(service_->Step(office, c.id, Action::kClose, {}).ok());
  p = service_->Lookup(c.number, "13812345678", "10.2.0.1");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->state, State::kClosed);
  EXPECT_EQ(p->outcome, "退货退款");
  EXPECT_TRUE(p->may_rate);
  ASSERT_EQ(p->steps.size(), 5U);  // submit accept mediate agree close: no officer's bookkeeping
  EXPECT_EQ(p->steps[2].action, "mediate");
  EXPECT_EQ(p->steps[2].note, "");
  EXPECT_EQ(p->steps[2].actor, "");
  EXPECT_EQ(service_->Rate(c.number, "13812345678", 6, "", "10.2.0.1").status().field(), "rating");
  EXPECT_EQ(service_->Rate(c.number, "13900000000", 4, "", "10.2.0.1").status().code(),
            StatusCode::kNotFound);
  p = service_->Rate(c.number, "13812345678", 4, "处理及时", "10.2.0.1");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->rating, 4);
  EXPECT_FALSE(p->may_rate);
  EXPECT_EQ(service_->Rate(c.number, "13812345678", 5, "", "10.2.0.1").status().field(), "rating");
  const CaseRecord read = *service_->Get(office, c.id);
  EXPECT_EQ(read.rating, 4);
  EXPECT_EQ(read.rating_comment, "处理及时");
  EXPECT_EQ(read.history.back().action, "rate");
  EXPECT_EQ(read.history.back().actor, "public:10.2.0.1");
}

TEST_P(ComplaintPortalTest, LookupsAreRateLimitedPerClient) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const CaseRecord c = service_->Submit(public_, Form(), "10.2.1.1")->cases.at(0);
  for (int i = 0; i < 30; ++i)
    ASSERT_EQ(service_->Lookup(c.number, "13900000000", "10.2.1.9").status().code(),
              StatusCode::kNotFound);
  EXPECT_EQ(service_->Lookup(c.number, "13812345678", "10.2.1.9").status().code(),
            StatusCode::kResourceExhausted);
  EXPECT_TRUE(service_->Lookup(c.number, "13812345678", "10.2.1.10").ok());
  env_.clock.Advance(std::chrono::minutes(61));
  EXPECT_TRUE(service_->Lookup(c.number, "13812345678", "10.2.1.9").ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, ComplaintPortalTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::complaint

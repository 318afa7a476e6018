// Upheld complaints (the complaint module's "complaint.upheld" domain events) become credit events
// once, through the event dispatcher, on both databases.
#include "credit/complaint_events.h"

#include <gtest/gtest.h>

#include "core/testing/ids.h"
#include "credit/internal/credit_test_fixture.h"
#include "events/dispatcher.h"
#include "store/domain_events.h"

namespace zq::credit {
namespace {

class CreditComplaintEventsTest : public testing::CreditServiceTest {};

TEST_P(CreditComplaintEventsTest, UpheldComplaintsBecomeCreditEventsOnce) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const auto publish = [&](std::string kind, std::string number, std::string uscc) {
    store::DomainEvent d;
    d.source = "complaint";
    d.source_id = std::move(number);
    d.kind = std::move(kind);
    d.uscc = std::move(uscc);
    d.region_code = "370102";
    d.occurred_on = "2026-10-20";
    d.payload = R"({"kind": "report", "object_class": "food", "problem": "safety"})";
    ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
                  return store::AppendDomainEvent(tx, d).status();
                }).ok());
  };
  publish("complaint.upheld", "JB20261020-000007", uscc_[0]);
  publish("complaint.upheld", "JB20261020-000007", uscc_[0]);  // the same case: one event
  publish("complaint.upheld", "TS20261020-000009", registry::testing::MakeUscc("370102", 999));
  events::EventDispatcher dispatcher(*db_, {ComplaintEventConsumer(*service_)});
  Result<std::vector<events::ConsumerStats>> s = dispatcher.RunUntilIdle();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->at(0).consumer, "credit.complaint");
  EXPECT_EQ(s->at(0).delivered, 2);
  EXPECT_EQ(s->at(0).dead_lettered, 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM credit_events WHERE source = 'complaint'"), 1);
  const Result<CreditFile> f = service_->File(admin_, TestUscc(uscc_[0]));
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  ASSERT_EQ(f->events.size(), 1u);
  EXPECT_EQ(f->events[0].event_type, "complaint.upheld");
  EXPECT_EQ(f->events[0].source_id, "JB20261020-000007");
  EXPECT_EQ(f->events[0].severity, 1);  // the catalogue's default
  EXPECT_NE(f->events[0].summary.find("举报查证属实"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'credit.event.skipped'"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, CreditComplaintEventsTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::credit

#include "credit/credit_service.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/testing/ids.h"
#include "credit/internal/credit_test_fixture.h"
#include "credit/internal/status_is.h"

namespace zq::credit {
namespace {

using registry::testing::Regulator;
using testing::CreditServiceTest;
using testing::StatusIs;

TEST_P(CreditServiceTest, EventsAreIdempotentBySourceIdAndAuditedOnce) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const Result<RecordOutcome> first = Record(0, "penalty.ordinary", "2026-06-01", "P-1");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->event.region_code, "370102");
  EXPECT_EQ(first->event.display_until, "2029-06-01");  // 36 months (总局令第45号 Art. 13)
  EXPECT_EQ(first->event.severity, 2);                  // the catalogue's default
  const Result<RecordOutcome> again = Record(0, "penalty.ordinary", "2026-06-01", "P-1");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->event.id, first->event.id);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM credit_events"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'credit.event.record'"), 1);
}

TEST_P(CreditServiceTest, EventsAreValidatedWithTheirField) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const auto field_of = [&](CreditEvent e, const auth::Caller& who) {
    return service_->RecordEvent(who, std::move(e)).status();
  };
  CreditEvent e = Event(0, "penalty.ordinary", "2026-06-01", "P-1");
  auto bad = e;
  bad.source = "税务 局";
  EXPECT_THAT(field_of(bad, admin_), StatusIs(StatusCode::kInvalidArgument, "source"));
  bad = e;
  bad.source_id.clear();
  EXPECT_THAT(field_of(bad, admin_), StatusIs(StatusCode::kInvalidArgument, "source_id"));
  bad = e;
  bad.event_type = "penalty.huge";
  EXPECT_THAT(field_of(bad, admin_), StatusIs(StatusCode::kInvalidArgument, "event_type"));
  bad = e;
  bad.occurred_on = "2026-11-25";  // tomorrow on the injected clock
  EXPECT_THAT(field_of(bad, admin_), StatusIs(StatusCode::kInvalidArgument, "occurred_on"));
  bad = e;
  bad.uscc = "91370102MA0000000X";
  EXPECT_THAT(field_of(bad, admin_), StatusIs(StatusCode::kInvalidArgument, "uscc"));
  // The USCC parser's own rule comes back (issue 17), not a generic refusal.
  bad = e;
  bad.uscc[17] = bad.uscc[17] == '0' ? '1' : '0';
  const Status check = field_of(bad, admin_);
  EXPECT_THAT(check, StatusIs(StatusCode::kInvalidArgument, "uscc"));
  EXPECT_NE(check.message().find("check character"), std::string::npos) << check.message();
  bad = e;
  bad.evidence_ref.clear();
  EXPECT_THAT(field_of(bad, admin_), StatusIs(StatusCode::kInvalidArgument, "evidence_ref"));
  bad = e;
  bad.uscc = registry::testing::MakeUscc("370102", 999);  // valid but not registered
  EXPECT_THAT(field_of(bad, admin_), StatusIs(StatusCode::kNotFound, "uscc"));
  // A regulator of 市南区 does not see a firm of 历下区.
  EXPECT_THAT(field_of(e, Regulator("370202")), StatusIs(StatusCode::kNotFound, "uscc"));
  auth::Caller tax;
  tax.actor = "tax-370000";
  tax.role = auth::Role::kDepartmentClient;
  EXPECT_THAT(field_of(e, tax), StatusIs(StatusCode::kPermissionDenied, ""));
  tax.permissions = {"credit.events"};
  EXPECT_THAT(field_of(e, tax), StatusIs(StatusCode::kPermissionDenied, "source"));
  e.source = "tax-370000";
  e.event_type = "tax.grade_d";
  EXPECT_TRUE(field_of(e, tax).ok());
}

TEST_P(CreditServiceTest, GradesFollowEventsAndExplainThemselves) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  ASSERT_TRUE(Record(0, "penalty.heavy", "2026-06-01", "P-1").ok());  // 80 − 25 = 55 → C
  Result<CreditStatus> s = service_->Query(admin_, TestUscc(uscc_[0]));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->risk_class, "C");
  ASSERT_TRUE(Record(0, "complaint.upheld", "2026-07-01", "C-1").ok());       // 53 → D
  ASSERT_TRUE(Record(0, "certification.granted", "2026-08-01", "Z-1").ok());  // 54.5 → D
  s = service_->Query(admin_, TestUscc(uscc_[0]));
  EXPECT_EQ(s->risk_class, "D");
  EXPECT_EQ(s->grade, "C");  // 80 − 25 − 2 + 3 (honours ×1) = 56 → C; risk: + 1.5 → 54.5 → D
  ASSERT_EQ(s->reasons.size(), 3u);
  EXPECT_EQ(s->reasons[0].event_type, "penalty.heavy");
  EXPECT_EQ(s->reasons[0].risk_points, -25);
  EXPECT_FALSE(s->reasons[0].legal_basis.empty());
  // History, newest first: D/C (the certification lifted the grade), D/D, C/C.
  const Result<CreditFile> file = service_->File(Regulator("370100"), TestUscc(uscc_[0]));
  ASSERT_TRUE(file.ok());
  ASSERT_EQ(file->history.size(), 3u);
  EXPECT_EQ(file->history[0].risk_class + file->history[0].grade, "DC");
  EXPECT_EQ(file->history[1].risk_class + file->history[1].grade, "DD");
  EXPECT_EQ(file->history[2].risk_class + file->history[2].grade, "CC");
  EXPECT_EQ(file->events.size(), 3u);
  EXPECT_EQ(file->current.contributions.size(), 3u);
  EXPECT_THAT(service_->File(Regulator("370202"), TestUscc(uscc_[0])).status(),
              StatusIs(StatusCode::kNotFound, "uscc"));
}

// What batch jobs and the demo pick firms by: events of given types in a region's subtree and
// the caller's scope, since a date, by id.
TEST_P(CreditServiceTest, EventsOfTypesSelectByTypeRegionScopeAndDate) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  ASSERT_TRUE(Record(0, "penalty.heavy", "2026-03-01", "E-1").ok());
  ASSERT_TRUE(Record(1, "penalty.minor", "2026-06-01", "E-2").ok());
  ASSERT_TRUE(Record(3, "penalty.heavy", "2026-06-01", "E-3").ok());  // 市南区
  ASSERT_TRUE(Record(2, "complaint.upheld", "2026-06-01", "E-4").ok());
  const std::vector<std::string> penalties = {"penalty.heavy", "penalty.minor"};
  Result<std::vector<CreditEvent>> all =
      service_->EventsOfTypes(admin_, penalties, TestRegion("370000"));
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].source_id, "E-1");
  EXPECT_EQ((*all)[2].source_id, "E-3");
  Result<std::vector<CreditEvent>> recent =
      service_->EventsOfTypes(admin_, penalties, TestRegion("370100"), "2026-05-01");
  ASSERT_TRUE(recent.ok());
  ASSERT_EQ(recent->size(), 1u);
  EXPECT_EQ((*recent)[0].source_id, "E-2");
  // A regulator of 市南区 sees its own county only, whatever region it asks for.
  Result<std::vector<CreditEvent>> scoped =
      service_->EventsOfTypes(Regulator("370202"), penalties, std::nullopt);
  ASSERT_TRUE(scoped.ok());
  ASSERT_EQ(scoped->size(), 1u);
  EXPECT_EQ((*scoped)[0].source_id, "E-3");
  auth::Caller firm;
  firm.role = auth::Role::kEnterprise;
  firm.uscc = uscc_[0];
  EXPECT_THAT(service_->EventsOfTypes(firm, penalties, std::nullopt).status(),
              StatusIs(StatusCode::kPermissionDenied));
}

INSTANTIATE_TEST_SUITE_P(Backends, CreditServiceTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::credit

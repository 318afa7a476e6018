// Grade history: reproducibility from rule version + snapshot, the full rescore against the
// incremental one, the change feed, the public grade and the risk classes for the draw.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/testing/ids.h"
#include "credit/internal/credit_test_fixture.h"
#include "credit/internal/status_is.h"
#include "credit/rescore.h"

namespace zq::credit {
namespace {

using registry::testing::Regulator;
using testing::StatusIs;

class CreditHistoryTest : public testing::CreditServiceTest {
 protected:
  // Stores a later rule version in which complaints weigh ten times as much.
  void PublishHarsherRules() {
    nlohmann::json doc = nlohmann::json::parse(RuleSet::Builtin().front().text());
    doc["version"] = "test-2027.1";
    doc["effective_from"] = "2027-06-01";  // after zq-credit-2026.2 (2027-01-01): no tie
    doc["events"]["complaint.upheld"]["points"] = -20;
    const RuleSet r = *RuleSet::Parse(doc.dump());
    ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
                  const std::vector<store::Value> row = {r.version(), r.effective_from(), r.text(),
                                                         r.hash()};
                  return tx
                      .Execute(
                          "INSERT INTO credit_rule_sets (version, effective_from, body, sha) "
                          "VALUES (?, ?, ?, ?)",
                          row)
                      .status();
                }).ok());
    ASSERT_TRUE(service_->LoadRuleSets().ok());
  }

  GradeRecord Latest(int firm) {
    return service_->File(admin_, TestUscc(uscc_.at(static_cast<std::size_t>(firm))))
        ->history.at(0);
  }
};

TEST_P(CreditHistoryTest, LastMonthsGradeRecomputesIdenticallyAfterRulesAndEventsChange) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  ASSERT_TRUE(Record(0, "penalty.ordinary", "2026-10-01", "P-1").ok());
  ASSERT_TRUE(Record(0, "complaint.upheld", "2026-11-01", "C-1").ok());  // 80 − 12 = 68 → C
  const GradeRecord old = Latest(0);
  EXPECT_EQ(old.risk_class, "C");
  EXPECT_EQ(old.risk_score, 68);
  EXPECT_EQ(old.event_ids.size(), 2u);
  // A month later: new events, then new rules from mid-2027, and a year on.
  env_.clock.Advance(std::chrono::days{30});
  ASSERT_TRUE(Record(0, "award.quality", "2026-12-20", "A-1").ok());
  PublishHarsherRules();
  env_.clock.Advance(std::chrono::days{365});
  ASSERT_TRUE(service_->Rescore(admin_, TestUscc(uscc_[0])).ok());
  const GradeRecord now = Latest(0);
  EXPECT_EQ(now.rule_version, "test-2027.1");
  EXPECT_NE(now.id, old.id);
  // The old grade, from its version and snapshot: the same as when it was made.
  const Result<Assessment> again = service_->Recompute(admin_, old.id);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->rule_version, old.rule_version);
  EXPECT_EQ(again->risk_class, old.risk_class);
  EXPECT_EQ(again->grade, old.grade);
  EXPECT_EQ(again->risk_score, old.risk_score);
  EXPECT_EQ(again->grade_score, old.grade_score);
  // A stored event edited behind the service's back no longer matches the snapshot.
  ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
                return tx
                    .Execute(
                        "UPDATE credit_events SET occurred_on = '2026-01-01' "
                        "WHERE source_id = 'P-1'")
                    .status();
              }).ok());
  EXPECT_THAT(service_->Recompute(admin_, old.id).status(),
              StatusIs(StatusCode::kInternal, "snapshot"));
  EXPECT_THAT(service_->Recompute(Regulator("370202"), old.id).status(),
              StatusIs(StatusCode::kNotFound, "grade_id"));
}

TEST_P(CreditHistoryTest, FullRescoreAgreesWithIncrementalRescoring) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  ASSERT_TRUE(Record(0, "penalty.minor", "2026-11-01", "P-1").ok());        // 77 → B
  ASSERT_TRUE(Record(1, "penalty.heavy", "2026-01-05", "P-2").ok());        // 55 → C
  ASSERT_TRUE(Record(2, "list.abnormal.added", "2026-05-05", "L-1").ok());  // capped at C
  ASSERT_TRUE(Record(3, "spot_check.passed", "2026-05-05", "S-1").ok());    // 83 → B
  const std::int64_t rows = Count("SELECT COUNT(*) FROM credit_grades");
  EXPECT_EQ(rows, 4);
  // Nothing has changed: the full run writes nothing.
  const std::int32_t today = *DayNumber("2026-11-24");
  const RuleSet& rules = RuleSet::Builtin().front();
  Result<RescoreStats> stats = RescoreAllEntities(*db_, rules, today, "t1");
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->entities, 4);
  EXPECT_EQ(stats->events, 4);
  EXPECT_EQ(stats->changed, 0);
  // On 2028-01-05, under the rules then in force (zq-credit-2026.2: the same points for events of
  // default severity), the heavy penalty is two years old (×0.3: 80 − 7.5 = 72.5 → class B,
  // grade B) and the minor one has expired (3 months: firm 0 back to 80, grade B → A). Firm 3's
  // pass decayed (×0.6) without changing B/A; firm 2 stays capped. Every firm gets a row, as its
  // rule version changes.
  const RuleSet& later = **service_->RuleSetOn(*DayNumber("2028-01-05"));
  EXPECT_EQ(later.version(), "zq-credit-2026.2");
  stats = RescoreAllEntities(*db_, later, *DayNumber("2028-01-05"), "t2");
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->changed, 4);
  EXPECT_EQ(Latest(0).grade, "A");
  EXPECT_EQ(Latest(3).risk_class, "B");
  EXPECT_EQ(Latest(2).risk_class, "C");
  EXPECT_EQ(Latest(1).risk_class, "B");
  EXPECT_EQ(Latest(1).as_of, "2028-01-05");
  // The incremental rescore on the same day agrees: it writes no further row.
  SetDay(2028, 1, 5);
  ASSERT_TRUE(service_->Rescore(admin_, TestUscc(uscc_[1])).ok());
  ASSERT_TRUE(service_->Rescore(admin_, TestUscc(uscc_[0])).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM credit_grades"), rows + 4);
}

TEST_P(CreditHistoryTest, ChangeFeedPagesByCursorWithinScope) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  ASSERT_TRUE(Record(0, "penalty.heavy", "2026-06-01", "P-1").ok());
  ASSERT_TRUE(Record(3, "penalty.heavy", "2026-06-01", "P-2").ok());
  ASSERT_TRUE(Record(0, "complaint.upheld", "2026-07-01", "C-1").ok());
  auth::Caller bank;
  bank.actor = "bank-370000";
  bank.role = auth::Role::kDepartmentClient;
  EXPECT_THAT(service_->Changes(bank, 0, 10).status(), StatusIs(StatusCode::kNotFound, "cursor"));
  bank.permissions = {"credit.query"};
  Result<ChangePage> page = service_->Changes(bank, 0, 2);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->changes.size(), 2u);
  EXPECT_TRUE(page->changes[0].event_ids.empty());
  page = service_->Changes(bank, page->next_cursor, 10);
  ASSERT_EQ(page->changes.size(), 1u);
  EXPECT_EQ(page->changes[0].risk_class, "D");
  EXPECT_TRUE(service_->Changes(bank, page->next_cursor, 10)->changes.empty());
  // A 市南区 regulator sees only its own firm's change.
  EXPECT_EQ(service_->Changes(Regulator("370202"), 0, 10)->changes.size(), 1u);
  // The scope is part of the query, not a filter of its page: a page of one holds that change,
  // though an out-of-scope change comes first in id order, and the cursor moves past it.
  page = service_->Changes(Regulator("370202"), 0, 1);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->changes.size(), 1u);
  EXPECT_EQ(page->changes[0].region_code, "370202");
  EXPECT_EQ(page->next_cursor, page->changes[0].id);
  EXPECT_TRUE(service_->Changes(Regulator("370202"), page->next_cursor, 1)->changes.empty());
  EXPECT_THAT(service_->Changes(bank, 0, 0).status(),
              StatusIs(StatusCode::kInvalidArgument, "limit"));
}

TEST_P(CreditHistoryTest, PublicGradeAndRiskClassesForTheDraw) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  ASSERT_TRUE(Record(0, "list.serious.added", "2026-06-01", "L-1").ok());
  const Result<PublicGrade> p = service_->Public(TestUscc(uscc_[0]));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->grade, "D");
  EXPECT_TRUE(p->serious_listed);
  EXPECT_EQ(service_->Public(TestUscc(uscc_[1]))->grade, "A");  // no events: the rule set's default
  EXPECT_THAT(service_->Public(TestUscc(registry::testing::MakeUscc("370102", 999))).status(),
              StatusIs(StatusCode::kNotFound, "uscc"));
  auto tx = std::move(db_->Begin(store::TxMode::kReadOnly)).value();
  const auto classes = service_->RiskClasses(*tx, uscc_);
  ASSERT_TRUE(classes.ok());
  EXPECT_EQ(classes->at(uscc_[0]), RiskClass::kD);
  EXPECT_EQ(classes->at(uscc_[1]), RiskClass::kB);
}

// Under zq-credit-2026.2 (in force from 2027) the severity is part of the snapshot: the grade
// recomputes identically, and a severity edited behind the service's back breaks the snapshot.
TEST_P(CreditHistoryTest, SeverityVersionGradeRecomputesIdentically) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  SetDay(2027, 1, 4);
  CreditEvent e = Event(0, "penalty.ordinary", "2026-12-20", "P-1");
  e.severity = 4;  // reference 2: factor 1.5 → 80 − 15 = 65 → C
  ASSERT_TRUE(service_->RecordEvent(admin_, e).ok());
  const GradeRecord g = Latest(0);
  EXPECT_EQ(g.rule_version, "zq-credit-2026.2");
  EXPECT_EQ(g.risk_score, 65);
  EXPECT_EQ(g.risk_class, "C");
  const Result<Assessment> again = service_->Recompute(admin_, g.id);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->risk_score, g.risk_score);
  EXPECT_EQ(again->risk_class, g.risk_class);
  EXPECT_EQ(again->grade, g.grade);
  ASSERT_TRUE(
      store::InTransaction(*db_, [&](store::Transaction& tx) {
        return tx.Execute("UPDATE credit_events SET severity = 2 WHERE source_id = 'P-1'").status();
      }).ok());
  EXPECT_THAT(service_->Recompute(admin_, g.id).status(),
              StatusIs(StatusCode::kInternal, "snapshot"));
}

INSTANTIATE_TEST_SUITE_P(Backends, CreditHistoryTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::credit

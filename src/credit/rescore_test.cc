// The full rescore on several threads writes exactly the rows the sequential one writes, and the
// set-based RiskClasses answers what a look-up per firm answers (both backends).
#include "credit/rescore.h"

#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "credit/event_catalogue.h"
#include "credit/internal/credit_sql.h"
#include "credit/internal/credit_test_fixture.h"
#include "credit/internal/scoring_sql.h"

namespace zq::credit {
namespace {

constexpr const char* kTypes[] = {
    "penalty.minor",     "penalty.ordinary",      "penalty.heavy",       "spot_check.failed",
    "spot_check.passed", "complaint.upheld",      "tax.grade_b",         "tax.grade_d",
    "award.quality",     "certification.granted", "list.abnormal.added", "list.abnormal.removed",
    "list.serious.added"};

std::string Uscc(int i) { return fmt::format("91370{:03d}MA{:08d}", i % 7, i); }

class RescoreTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  // `entities` firms with 0-7 random events each (types above, 2022-2026, random severities;
  // some list events on the same day as their counterpart, so that ties by id matter).
  static void AddEvents(store::Database& db, int entities) {
    std::mt19937 rng(42);
    const std::int32_t today = *DayNumber("2026-11-24");
    std::vector<std::vector<store::Value>> rows;
    int serial = 0;
    for (int i = 0; i < entities; ++i) {
      const int n = static_cast<int>(rng() % 8);
      std::int32_t day = today - static_cast<std::int32_t>(rng() % 1500);
      for (int k = 0; k < n; ++k) {
        const std::string type = kTypes[rng() % std::size(kTypes)];
        if (rng() % 3 != 0)
          day = today - static_cast<std::int32_t>(rng() % 1500);
        const EventType t = *EventCatalogue::Builtin().Find(type, DayText(day));
        rows.push_back(
            {std::string("test"), fmt::format("{}", ++serial), type, Uscc(i), std::string("370102"),
             DayText(day),
             t.display_months == 0 ? std::string() : DayText(AddMonths(day, t.display_months)),
             static_cast<std::int64_t>(rng() % 6), std::string("ref"), std::string(),
             std::string("test"), std::string("2026-11-24T00:00:00Z")});
      }
    }
    static const std::vector<std::string> kColumns = {
        "source",        "source_id", "event_type",   "uscc",    "region_code", "occurred_on",
        "display_until", "severity",  "evidence_ref", "summary", "recorded_by", "recorded_at"};
    ASSERT_TRUE(store::InTransaction(db, [&](store::Transaction& tx) {
                  return tx.BulkInsert("credit_events", kColumns, rows);
                }).ok());
  }

  // The grade rows of `as_of` (all but id and computed_at), in USCC order.
  static std::vector<std::string> Rows(store::Database& db, std::string_view as_of) {
    auto tx = std::move(db.Begin(store::TxMode::kReadOnly)).value();
    const std::vector<store::Value> key = {std::string(as_of)};
    std::vector<std::string> out;
    const store::ResultSet rs = *tx->Query(
        "SELECT uscc, region_code, risk_class, grade, risk_score, grade_score, "
        "abnormal_listed, serious_listed, rule_version, event_ids, snapshot_hash "
        "FROM credit_grades WHERE as_of = ? ORDER BY uscc",
        key);
    for (const store::Row& r : rs.rows) {
      out.push_back(fmt::format("{} {} {} {} {:.17g} {:.17g} {} {} {} {} {}", r.GetText(0),
                                r.GetText(1), r.GetText(2), r.GetText(3), r.GetDouble(4),
                                r.GetDouble(5), r.GetInt(6), r.GetInt(7), r.GetText(8),
                                r.GetText(9), r.GetText(10)));
    }
    return out;
  }

  static void DeleteRows(store::Database& db, std::string_view as_of) {
    const std::vector<store::Value> key = {std::string(as_of)};
    ASSERT_TRUE(store::InTransaction(db, [&](store::Transaction& tx) {
                  return tx.Execute("DELETE FROM credit_grades WHERE as_of = ?", key).status();
                }).ok());
  }
};

TEST_P(RescoreTest, ParallelRescoreWritesTheSameRowsAsTheSequentialOne) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  store::Database& db = t->db();
  AddEvents(db, 400);
  for (const RuleSet& rules : RuleSet::Builtin()) {
    SCOPED_TRACE(rules.version());
    RescoreOptions sequential;
    sequential.threads = 1;
    sequential.events_per_range = 1'000'000;  // one range
    RescoreOptions parallel;
    parallel.threads = 3;
    parallel.events_per_range = 37;  // about 40 ranges, several per thread
    parallel.batch_size = 50;        // several write transactions
    // First grades, then a later date on top of them (only changes are written).
    for (const char* as_of : {"2026-11-24", "2027-06-30"}) {
      SCOPED_TRACE(as_of);
      const std::int32_t day = *DayNumber(as_of);
      Result<RescoreStats> one = RescoreAllEntities(db, rules, day, "t", sequential);
      ASSERT_TRUE(one.ok()) << one.status().ToString();
      const std::vector<std::string> expected = Rows(db, as_of);
      DeleteRows(db, as_of);
      Result<RescoreStats> many = RescoreAllEntities(db, rules, day, "t", parallel);
      ASSERT_TRUE(many.ok()) << many.status().ToString();
      EXPECT_EQ(Rows(db, as_of), expected);
      EXPECT_EQ(many->entities, one->entities);
      EXPECT_EQ(many->events, one->events);
      EXPECT_EQ(many->changed, one->changed);
      EXPECT_EQ(many->changed, static_cast<std::int64_t>(expected.size()));
      EXPECT_GT(one->entities, 300);
      // Run again: nothing changed, nothing written.
      Result<RescoreStats> again = RescoreAllEntities(db, rules, day, "t", parallel);
      ASSERT_TRUE(again.ok());
      EXPECT_EQ(again->changed, 0);
    }
    DeleteRows(db, "2026-11-24");
    DeleteRows(db, "2027-06-30");
  }
}

TEST_P(RescoreTest, SetBasedRiskClassesMatchALookUpPerFirm) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  store::Database& db = t->db();
  AddEvents(db, 1200);
  const RuleSet& rules = RuleSet::Builtin().front();
  // Two generations of grades, so that most firms have several rows.
  ASSERT_TRUE(RescoreAllEntities(db, rules, *DayNumber("2024-01-01"), "t").ok());
  ASSERT_TRUE(RescoreAllEntities(db, rules, *DayNumber("2026-11-24"), "t").ok());
  registry::testing::RegistryEnv env;
  ASSERT_TRUE(env.Start(db).ok());
  const CreditService service(db, *env.registry, env.audit, env.clock);
  std::vector<std::string> usccs;
  for (int i = 0; i < 1300; ++i) usccs.push_back(Uscc(i));  // the last 100 have no events
  usccs.push_back(Uscc(5));                                 // a repeat
  auto tx = std::move(db.Begin(store::TxMode::kReadOnly)).value();
  const Result<std::map<std::string, RiskClass>> classes = service.RiskClasses(*tx, usccs);
  ASSERT_TRUE(classes.ok()) << classes.status().ToString();
  ASSERT_EQ(classes->size(), 1300u);
  std::map<std::string, int> seen;
  for (const std::string& uscc : usccs) {
    const std::optional<GradeRecord> g = *internal::LatestGrade(*tx, uscc);
    const std::string expected = g.has_value() ? g->risk_class : "B";  // no grade: the default
    EXPECT_EQ(RiskClassName(classes->at(uscc)), expected) << uscc;
    ++seen[expected];
  }
  EXPECT_GT(seen["B"], 100);  // every class occurs, so the comparison means something
  EXPECT_GT(seen["C"], 10);
  EXPECT_GT(seen["D"], 10);
}

// The engine's classes are those of the GROUP BY a user would write (internal::RiskClassesSql),
// firm for firm, on the first run and on a later date's run on top of it.
TEST_P(RescoreTest, ClassesEqualTheSqlGroupBys) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  store::Database& db = t->db();
  AddEvents(db, 1500);
  const RuleSet& rules = RuleSet::Builtin().back();  // with a boundary tolerance
  for (const char* as_of : {"2026-11-24", "2027-06-30"}) {
    SCOPED_TRACE(as_of);
    ASSERT_TRUE(RescoreAllEntities(db, rules, *DayNumber(as_of), "t").ok());
    auto tx = std::move(db.Begin(store::TxMode::kReadOnly)).value();
    std::map<std::string, std::string> engine;
    std::map<std::string, std::string> sql;
    std::map<std::string, int> seen;
    ASSERT_TRUE(tx->QueryEach("SELECT uscc, risk_class FROM credit_grades ORDER BY uscc, id", {},
                              [&](const store::Row& r) {
                                engine[r.GetText(0)] = r.GetText(1);  // the latest wins
                                return true;
                              })
                    .ok());
    const Status s = tx->QueryEach(internal::RiskClassesSql(rules, as_of, db.backend()), {},
                                   [&](const store::Row& r) {
                                     sql[r.GetText(0)] = r.GetText(1);
                                     ++seen[r.GetText(1)];
                                     return true;
                                   });
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_GT(sql.size(), 1000u);
    EXPECT_EQ(engine, sql);
    EXPECT_GT(seen["B"], 100);  // the classes vary, so the comparison means something
    EXPECT_GT(seen["C"] + seen["D"], 50);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, RescoreTest, ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::credit

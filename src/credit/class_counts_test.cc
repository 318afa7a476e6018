// The maintained class counts (credit migration 0006, issue 22): after every kind of write that
// changes a grade or an entity's cell (events recorded one at a time, an ending event, the full
// rescore's batches under two rule sets, entities moved, reclassified, deregistered and revived,
// an entity import in chunks), the distribution read from the counts equals the one scanned from
// the grades and entities, for every jurisdiction, and the counts equal a recount. Both backends.
#include <sstream>

#include <gtest/gtest.h>

#include "core/testing/ids.h"
#include "credit/internal/credit_test_fixture.h"
#include "credit/internal/distribution_cells.h"
#include "credit/rescore.h"
#include "credit/rule_set.h"
#include "credit/scoring.h"
#include "registry/entity_import.h"

namespace zq::credit {
namespace {

using registry::testing::MakeEntity;

std::string Text(const ClassDistribution::Counts& c, std::int64_t graded) {
  return std::to_string(c[0]) + "/" + std::to_string(c[1]) + "/" + std::to_string(c[2]) + "/" +
         std::to_string(c[3]) + " graded " + std::to_string(graded);
}

// Everything the route shows, one line per figure.
std::vector<std::string> Lines(const ClassDistribution& d) {
  std::vector<std::string> out = {d.region_code + " " + d.rule_version + " " + d.as_of + " " +
                                  d.default_class + " " + Text(d.total, d.graded)};
  for (const auto* groups : {&d.by_region, &d.by_industry})
    for (const ClassDistribution::Group& g : *groups)
      out.push_back(g.code + " " + g.name + " " + Text(g.counts, g.graded));
  return out;
}

class ClassCountsTest : public testing::CreditServiceTest {
 protected:
  // 30 firms in three counties of two cities, in manufacturing and retail.
  void Seed() {
    std::vector<registry::MarketEntity> firms;
    const char* counties[] = {"370102", "370103", "370202"};
    for (int i = 0; i < 30; ++i) {
      registry::MarketEntity e =
          MakeEntity(counties[i % 3], 200 + i, "计数企业" + std::to_string(i));
      e.industry_code = i % 2 == 0 ? "3831" : "5211";
      firms.push_back(e);
    }
    ASSERT_TRUE(env_.registry->AppendEntities(admin_, firms).ok());
    firms_ = firms;
  }

  void Event(int firm, const char* type, const std::string& on, const std::string& id) {
    CreditEvent e = CreditServiceTest::Event(0, type, on, id);
    e.uscc = firms_.at(static_cast<std::size_t>(firm)).uscc;
    const Result<RecordOutcome> r = service_->RecordEvent(admin_, e);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    last_event_ = r->event.id;
  }

  // The counts against the scan, for the whole country and a province, city and county.
  void ExpectSame(const std::string& step) {
    SCOPED_TRACE(step);
    for (const char* region : {"", "370000", "370100", "370200", "370102"}) {
      SCOPED_TRACE(region);
      const auto code = *ids::ParseOptionalRegionCode(region);
      const Result<ClassDistribution> kept = internal::DistributionFrom(
          internal::ReadMaintainedCells, *db_, *env_.registry, *service_, env_.clock, admin_, code);
      const Result<ClassDistribution> scanned = internal::DistributionFrom(
          internal::ScanCells, *db_, *env_.registry, *service_, env_.clock, admin_, code);
      ASSERT_TRUE(kept.ok()) << kept.status().ToString();
      ASSERT_TRUE(scanned.ok()) << scanned.status().ToString();
      EXPECT_EQ(Lines(*kept), Lines(*scanned));
    }
    // Every status, not only the active entities the distribution shows.
    const char* recount =
        "SELECT e.region_code || '/' || substr(e.industry_code, 1, 2) || '/' || e.status || '/' "
        "|| g.risk_class || '=' || COUNT(*) FROM credit_grades g JOIN registry_entity_facts e "
        "ON e.uscc = g.uscc WHERE g.id = (SELECT MAX(l.id) FROM credit_grades l "
        "WHERE l.uscc = g.uscc) GROUP BY e.region_code, substr(e.industry_code, 1, 2), "
        "e.status, g.risk_class ORDER BY 1";
    const char* kept =
        "SELECT region_code || '/' || division || '/' || status || '/' || risk_class || '=' || n "
        "FROM credit_class_counts WHERE n <> 0 ORDER BY 1";
    EXPECT_EQ(Column(kept), Column(recount));
  }

  std::vector<std::string> Column(const char* sql) {
    auto tx = std::move(db_->Begin(store::TxMode::kReadOnly)).value();
    std::vector<std::string> out;
    const store::ResultSet rs = std::move(tx->Query(sql)).value();
    for (const store::Row& r : rs.rows) out.push_back(r.GetText(0));
    return out;
  }

  void Upsert(int firm, const std::function<void(registry::MarketEntity&)>& change) {
    registry::MarketEntity& e = firms_.at(static_cast<std::size_t>(firm));
    change(e);
    const Result<bool> r = env_.registry->UpsertEntity(admin_, e);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  std::vector<registry::MarketEntity> firms_;
  std::int64_t last_event_ = 0;
};

TEST_P(ClassCountsTest, CountsEqualTheScanAfterEveryKindOfWrite) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  Seed();
  ExpectSame("nothing graded");

  for (int firm : {0, 4, 9, 13}) {  // → A
    Event(firm, "award.quality", "2026-06-01", "AW-1-" + std::to_string(firm));
    Event(firm, "award.quality", "2026-06-02", "AW-2-" + std::to_string(firm));
  }
  for (int firm : {1, 2, 7, 10, 20, 25})
    Event(firm, "penalty.heavy", "2026-06-01", "PH-" + std::to_string(firm));
  Event(3, "penalty.heavy", "2026-06-01", "PH-3-1");
  Event(3, "penalty.heavy", "2026-06-02", "PH-3-2");  // C → D
  ExpectSame("events one at a time");

  Event(4, "penalty.heavy", "2026-07-01", "PH-4");  // A → lower
  const std::int64_t penalty_of_4 = last_event_;
  ExpectSame("a class changed by a later event");

  ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) -> Status {
                return service_
                    ->EndEvent(tx, admin_, penalty_of_4, "record.withdrawn", "samr-370100", "WD-4",
                               "济市监撤〔2026〕1号", "objection upheld")
                    .status();
              }).ok());
  ExpectSame("an ending event");

  // Entities move, change industry, leave and come back: their classes move with them.
  Upsert(0, [](registry::MarketEntity& e) { e.region_code = "370202"; });
  Upsert(1, [](registry::MarketEntity& e) { e.industry_code = "6410"; });
  Upsert(3, [](registry::MarketEntity& e) {
    e.status = registry::EntityStatus::kCancelled;
    e.deregistered_on = "2026-08-01";
  });
  Upsert(5, [](registry::MarketEntity& e) { e.region_code = "370103"; });  // never graded
  ExpectSame("entities moved, reclassified and deregistered");
  Upsert(3, [](registry::MarketEntity& e) {
    e.status = registry::EntityStatus::kActive;
    e.deregistered_on.reset();
  });
  ExpectSame("an entity revived");

  // The full rescore's batches: a later day under each rule set, in small batches on 2 threads.
  RescoreOptions options;
  options.threads = 2;
  options.events_per_range = 3;
  options.batch_size = 4;
  for (const char* day : {"2027-06-30", "2029-01-01"}) {
    for (const RuleSet& rules : RuleSet::Builtin()) {
      const Result<RescoreStats> s = RescoreAllEntities(*db_, rules, *DayNumber(day), "t", options);
      ASSERT_TRUE(s.ok()) << s.status().ToString();
      ExpectSame(std::string("full rescore on ") + day + " with " + rules.version());
    }
  }

  // An import in chunks: graded firms moved and deregistered, new firms added.
  std::string csv =
      "uscc,name,legal_representative,region_code,industry_code,type,registered_capital,"
      "established_on,status,size,address\n";
  for (int i = 0; i < 12; ++i) {
    const registry::MarketEntity& e = firms_.at(static_cast<std::size_t>(i));
    const char* region = i % 2 == 0 ? "370203" : e.region_code.c_str();
    csv += e.uscc + "," + e.name + ",张三," + region + "," + (i % 3 == 0 ? "6410" : "3831") +
           ",企业,1000.50,2015-06-01," + (i % 4 == 1 ? "注销" : "存续") + ",small,济南市\n";
  }
  for (int i = 0; i < 5; ++i)
    csv += registry::testing::MakeUscc("370203", 900 + i) + ",新企业" + std::to_string(i) +
           ",张三,370203,3831,企业,1000.50,2015-06-01,存续,small,青岛市\n";
  std::istringstream in(csv);
  registry::ImportOptions import;
  import.batch_size = 4;
  const Result<registry::ImportReport> report =
      registry::ImportEntities(*env_.registry, admin_, in, import);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->rejected, 0u);
  EXPECT_EQ(report->inserted, 5u);
  ExpectSame("an import in chunks");
}

INSTANTIATE_TEST_SUITE_P(Backends, ClassCountsTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::credit

// `zq import entities` in chunks (issue 22): idempotence, every bad row reported, the good rows of
// a chunk kept, one verifiable audit entry per chunk, and the maintained aggregates (the
// dashboard's counts, the name and address search) equal to a recount afterwards. On both backends.
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "registry/entity_import.h"
#include "registry/internal/entity_chunk.h"
#include "registry/registry_test_env.h"

namespace zq::registry {
namespace {

using testing::MakeUscc;

constexpr std::string_view kHeader =
    "uscc,name,legal_representative,region_code,industry_code,type,registered_capital,"
    "established_on,status,size,address\n";

struct Firm {
  std::string uscc, name, region = "370102", industry = "3831", status = "存续",
                          address = "济南市历下区泉城路1号";
};

std::string Csv(const std::vector<Firm>& firms) {
  std::string csv(kHeader);
  for (const Firm& f : firms) {
    csv += f.uscc + "," + f.name + ",张三," + f.region + "," + f.industry +
           ",企业,1000.50,2012-03-01," + f.status + ",small," + f.address + "\n";
  }
  return csv;
}

std::vector<Firm> Firms(int n) {
  std::vector<Firm> firms;
  for (int i = 1; i <= n; ++i) {
    Firm f;
    f.uscc = MakeUscc("370102", i);
    f.name = "济南达恒" + std::to_string(i) + "信息技术有限公司";
    if (i % 3 == 0)
      f.industry = "6410";
    if (i % 4 == 0)
      f.region = "370103";
    f.address = "济南市历下区泉城路" + std::to_string(i) + "号";
    firms.push_back(f);
  }
  return firms;
}

class EntityImportChunkTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  Result<ImportReport> Import(const std::string& csv, const auth::Caller& caller,
                              std::size_t batch = 4) {
    std::istringstream in(csv);
    ImportOptions options;
    options.batch_size = batch;
    return ImportEntities(*env_.registry, caller, in, options);
  }

  std::vector<std::string> Strings(store::Database& db, const std::string& sql) {
    auto tx = std::move(db.Begin(store::TxMode::kReadOnly)).value();
    std::vector<std::string> out;
    const store::ResultSet rs = tx->Query(sql).value();
    for (const store::Row& r : rs.rows) {
      std::string line;
      for (std::size_t i = 0; i < r.size(); ++i) line += r.GetText(i) + "|";
      out.push_back(line);
    }
    return out;
  }

  // The maintained aggregates equal a recount from the entities themselves.
  void ExpectAggregatesEqualARecount(store::Database& db) {
    EXPECT_EQ(Strings(db,
                      "SELECT region_code, division, status, n FROM entity_counts WHERE n <> 0 "
                      "ORDER BY 1, 2, 3"),
              Strings(db,
                      "SELECT region_code, substr(industry_code, 1, 2), status, COUNT(*) "
                      "FROM entities GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"));
    for (const char* word : {"达恒1", "新华信息", "信息技术", "泉城路1"}) {
      EntityFilter by_name;
      by_name.name_contains = word;
      EntityFilter by_address;
      by_address.address_contains = word;
      const std::string like = std::string("'%") + word + "%'";
      EXPECT_EQ(std::to_string(env_.registry->CountEntities(admin_, by_name).value()) + "|",
                Strings(db, "SELECT COUNT(*) FROM entities WHERE name LIKE " + like)[0])
          << word;
      EXPECT_EQ(std::to_string(env_.registry->CountEntities(admin_, by_address).value()) + "|",
                Strings(db, "SELECT COUNT(*) FROM entities WHERE address LIKE " + like)[0])
          << word;
    }
    if (db.backend() == store::Backend::kSqlite) {
      EXPECT_EQ(Strings(db, "SELECT uscc FROM entity_search_keys ORDER BY uscc"),
                Strings(db, "SELECT uscc FROM entities ORDER BY uscc"));
    }
    EXPECT_TRUE(Strings(db, "SELECT key FROM meta WHERE key = 'registry.import_chunk'").empty());
  }

  testing::RegistryEnv env_;
  const auth::Caller admin_ = auth::Caller::System();
};

TEST_P(EntityImportChunkTest, ReimportIsIdempotentAndAggregatesEqualARecount) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  std::vector<Firm> firms = Firms(20);
  Result<ImportReport> first = Import(Csv(firms), admin_);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->inserted, 20u);
  ExpectAggregatesEqualARecount(t->db());

  // Names, statuses, regions and industries change; new firms arrive.
  for (int i = 0; i < 5; ++i) firms[i].name = "济南新华" + std::to_string(i) + "信息技术有限公司";
  for (int i = 5; i < 10; ++i) firms[i].status = "注销";
  firms[10].region = "370203";
  firms[11].industry = "4910";
  firms[12].address = "济南市市中区经七路9号";
  for (int i = 21; i <= 25; ++i) {
    Firm f;
    f.uscc = MakeUscc("370102", i);
    f.name = "济南新华" + std::to_string(i) + "电缆有限公司";
    firms.push_back(f);
  }
  Result<ImportReport> second = Import(Csv(firms), admin_);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->inserted, 5u);
  EXPECT_EQ(second->updated, 13u);
  EXPECT_EQ(second->unchanged, 7u);
  ExpectAggregatesEqualARecount(t->db());

  const std::size_t entries = Strings(t->db(), "SELECT seq FROM audit_log").size();
  Result<ImportReport> again = Import(Csv(firms), admin_);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->unchanged, 25u);
  EXPECT_EQ(again->inserted + again->updated + again->rejected, 0u);
  EXPECT_EQ(Strings(t->db(), "SELECT seq FROM audit_log").size(), entries);  // nothing written

  // The per-row triggers work again for ordinary writes after an import.
  ASSERT_TRUE(
      env_.registry->UpsertEntity(admin_, testing::MakeEntity("370102", 99, "济南达恒99号")).ok());
  ExpectAggregatesEqualARecount(t->db());
}

// A bad row never enters a chunk, so it costs no good row: every row of the file is validated
// first, each bad one reported with its line and field (all of them, in line order), and the good
// ones written. A row refused on what is stored (the stored firm lies outside the importer's
// jurisdiction) is rejected while its chunk is written; the chunk's other rows are kept.
TEST_P(EntityImportChunkTest, EveryBadRowIsReportedAndItsChunkKeepsTheGoodRows) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Firm elsewhere{MakeUscc("370102", 50), "青岛远方有限公司", "370203"};
  ASSERT_TRUE(Import(Csv({elsewhere}), admin_).ok());

  std::vector<Firm> rows = Firms(9);
  rows[1].region = "379999";                                     // line 3: no such region
  rows[3].name = "";                                             // line 5: no name
  rows[4].uscc.back() = rows[4].uscc.back() == 'A' ? 'B' : 'A';  // line 6: check character
  rows[5] = elsewhere;  // line 7: stored outside 3701, claimed for 370102
  rows[5].region = "370102";
  rows[6].region = "370203";  // line 8: outside the regulator's jurisdiction
  rows[7].status = "营业";    // line 9: unknown status
  Result<ImportReport> r = Import(Csv(rows), testing::Regulator("370100"), 3);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows_read, 9u);
  EXPECT_EQ(r->inserted, 3u);  // lines 2, 4 and 10
  EXPECT_EQ(r->rejected, 6u);
  std::vector<std::pair<std::size_t, std::string>> errors;
  for (const ImportError& e : r->errors) errors.emplace_back(e.line, e.field);
  EXPECT_EQ(errors, (std::vector<std::pair<std::size_t, std::string>>{{3, "region_code"},
                                                                      {5, "name"},
                                                                      {6, "uscc"},
                                                                      {7, "uscc"},
                                                                      {8, "region_code"},
                                                                      {9, "status"}}));
  EXPECT_EQ(r->errors[3].code, "PERMISSION_DENIED");
  EXPECT_EQ(
      Strings(t->db(), "SELECT region_code FROM entities WHERE uscc = '" + elsewhere.uscc + "'"),
      std::vector<std::string>{"370203|"});
  for (int line : {2, 4, 10}) {
    EXPECT_EQ(Strings(t->db(), "SELECT 1 FROM entities WHERE uscc = '" +
                                   rows[static_cast<std::size_t>(line - 2)].uscc + "'")
                  .size(),
              1u)
        << line;
  }
  ExpectAggregatesEqualARecount(t->db());
}

// One audit entry per chunk written, carrying the SM3 digest of the chunk's rows as stored; the
// chain verifies, and each digest equals one recomputed from the stored rows of its lines.
TEST_P(EntityImportChunkTest, EachChunkHasOneAuditEntryWhoseDigestVerifies) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  const std::vector<Firm> firms = Firms(10);
  ASSERT_TRUE(Import(Csv(firms), admin_).ok());
  auto tx = std::move(t->db().Begin(store::TxMode::kReadOnly)).value();
  const store::ResultSet entries =
      tx->Query("SELECT detail FROM audit_log WHERE action = 'entity.import' ORDER BY seq").value();
  ASSERT_EQ(entries.rows.size(), 3u);  // 4 + 4 + 2 rows
  for (const store::Row& row : entries.rows) {
    const nlohmann::json detail = nlohmann::json::parse(row.GetText(0));
    std::vector<std::string> usccs;
    const auto first = detail["first_line"].get<std::size_t>();
    for (std::size_t line = first; line <= detail["last_line"].get<std::size_t>(); ++line) {
      usccs.push_back(firms[line - 2].uscc);
    }
    EXPECT_EQ(detail["rows"].get<std::size_t>(), usccs.size());
    std::vector<internal::DigestRow> stored = internal::StoredDigestRows(*tx, usccs).value();
    EXPECT_EQ(detail["digest"].get<std::string>(), internal::ChunkDigest(stored));
  }
  tx.reset();
  EXPECT_FALSE(env_.audit.Verify(t->db()).value().has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, EntityImportChunkTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::registry

// Exact-match search of sealed personal fields through their blind indexes (HMAC-SM3), and the
// indexes' upkeep: every write, `zq keys reindex`, `zq keys rotate`.
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "core/testing/ids.h"
#include "registry/entity_import.h"
#include "registry/registry.h"
#include "registry/registry_test_env.h"

namespace zq::registry {
namespace {

using testing::MakeEntity;
using testing::Regulator;

void ExpectError(const Status& s, StatusCode code, std::string_view field) {
  EXPECT_EQ(s.code(), code) << s.ToString();
  EXPECT_EQ(s.field(), field) << s.ToString();
}

class PersonalDataTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  // 张三 in Lixia (two firms), 张三丰 in Lixia, 李四 in Qingdao.
  void Register(Registry& r) {
    MarketEntity a = MakeEntity("370102", 1, "济南甲电缆有限公司");
    MarketEntity b = MakeEntity("370102", 2, "济南乙电缆有限公司");
    MarketEntity c = MakeEntity("370102", 3, "济南丙电缆有限公司");
    c.legal_representative = "张三丰";
    MarketEntity d = MakeEntity("370202", 4, "青岛丁电缆有限公司");
    d.legal_representative = "李四";
    for (const MarketEntity& e : {a, b, c, d}) ASSERT_TRUE(r.UpsertEntity(admin_, e).ok());
    zhang_san_ = {a.uscc, b.uscc};
  }

  void AddInspector(Registry& r, std::string name) {
    const Inspector i{"SD-0001", std::move(name),     "历下区市场监督管理局",
                      "370102",  {"product_quality"}, true,
                      ""};
    ASSERT_TRUE(r.UpsertInspector(admin_, i).ok());
  }

  std::vector<std::string> Found(Registry& r, const auth::Caller& caller, std::string name) {
    EntityFilter f;
    f.legal_representative = std::move(name);
    Result<PageOf<MarketEntity>> page = r.SearchEntities(caller, f, Page{});
    EXPECT_TRUE(page.ok()) << page.status().message();
    std::vector<std::string> out;
    if (page.ok()) {
      for (const MarketEntity& e : page->items) out.push_back(e.uscc);
    }
    return out;
  }

  std::size_t PersonalDataReads(store::Database& db) {
    auto tx = std::move(db.Begin()).value();
    auth::AuditLog::Filter f;
    f.action_prefix = "personal_data.read";
    f.object_prefix = "entities";
    return env_.audit.Search(*tx, admin_, f)->size();
  }

  testing::RegistryEnv env_;
  const auth::Caller admin_ = auth::Caller::System();
  std::vector<std::string> zhang_san_;
};

TEST_P(PersonalDataTest, FindsEntitiesByExactLegalRepresentativeOnly) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  Register(r);
  EXPECT_EQ(Found(r, admin_, "张三"), zhang_san_);
  EXPECT_EQ(Found(r, admin_, " 张三\xE3\x80\x80"), zhang_san_);  // surrounding spaces
  EXPECT_TRUE(Found(r, admin_, "王五").empty());                 // a different name
  EXPECT_TRUE(Found(r, admin_, "张").empty());                   // a substring
  EXPECT_TRUE(Found(r, admin_, "三丰").empty());
  EXPECT_EQ(Found(r, admin_, "张三丰").size(), 1u);
  // A regulator finds only within the jurisdiction.
  EXPECT_EQ(Found(r, Regulator("370100"), "张三"), zhang_san_);
  EXPECT_TRUE(Found(r, Regulator("370200"), "张三").empty());
  EXPECT_EQ(Found(r, Regulator("370200"), "李四").size(), 1u);
  EntityFilter f;
  f.legal_representative = "张三";
  EXPECT_EQ(*r.CountEntities(admin_, f), 2);
  // Masking is unchanged: a list shows 张*, the single record shows the name to a regulator.
  EXPECT_EQ(r.SearchEntities(admin_, f, Page{})->items.at(0).legal_representative, "张*");
  EXPECT_EQ(r.GetEntity(Regulator("370100"), TestUscc(zhang_san_[0]))->legal_representative,
            "张三");
  f.legal_representative = "  ";
  ExpectError(r.SearchEntities(admin_, f, Page{}).status(), StatusCode::kInvalidArgument,
              "legal_representative");
}

TEST_P(PersonalDataTest, OnlyCallersWhoMaySeePersonalDataMaySearchAndEachSearchIsAudited) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  Register(r);
  const std::size_t before = PersonalDataReads(t->db());
  EntityFilter f;
  f.legal_representative = "张三";
  auth::Caller analyst = Regulator("370100");
  analyst.role = auth::Role::kAnalyst;
  auth::Caller enterprise;
  enterprise.role = auth::Role::kEnterprise;
  enterprise.uscc = zhang_san_[0];
  for (const auth::Caller& c : {analyst, enterprise, auth::Caller{}}) {
    ExpectError(r.SearchEntities(c, f, Page{}).status(), StatusCode::kPermissionDenied,
                "legal_representative");
    ExpectError(r.CountEntities(c, f).status(), StatusCode::kPermissionDenied,
                "legal_representative");
  }
  EXPECT_EQ(PersonalDataReads(t->db()), before);  // refused searches read nothing
  ASSERT_TRUE(r.SearchEntities(Regulator("370100"), f, Page{}).ok());
  EXPECT_EQ(PersonalDataReads(t->db()), before + 1);
  auto tx = std::move(t->db().Begin()).value();
  auth::AuditLog::Filter af;
  af.action_prefix = "personal_data.read";
  af.limit = 1;
  const auth::AuditEntry last = env_.audit.Search(*tx, admin_, af)->at(0);
  EXPECT_EQ(last.actor, "reg-370100");
  EXPECT_EQ(last.object, "entities");
  EXPECT_NE(last.detail.find("legal_representative"), std::string::npos);
  EXPECT_EQ(last.detail.find("张三"), std::string::npos);  // the name stays out of the log
}

TEST_P(PersonalDataTest, ListPagesReadNamesInOneQueryWithTheRepresentativeMaskedAndUnaudited) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  Register(r);
  const std::size_t reads_before = PersonalDataReads(t->db());
  const std::string qingdao = MakeEntity("370202", 4, "").uscc;
  const std::string unknown = MakeEntity("370102", 99, "").uscc;
  std::vector<std::string> usccs = {zhang_san_[1], unknown, qingdao, zhang_san_[0]};
  for (int i = 0; i < 600; ++i) usccs.push_back(unknown);  // more than one query's worth
  auto tx = std::move(t->db().Begin(store::TxMode::kReadOnly)).value();
  Result<std::map<std::string, ListedEntity, std::less<>>> names = r.ListedEntitiesIn(*tx, usccs);
  ASSERT_TRUE(names.ok()) << names.status().ToString();
  ASSERT_EQ(names->size(), 3u);  // the unregistered one is left out
  EXPECT_EQ(names->at(zhang_san_[1]).name, "济南乙电缆有限公司");
  EXPECT_EQ(names->at(zhang_san_[1]).legal_representative_masked, "张*");
  EXPECT_EQ(names->at(qingdao).region_code, "370202");
  EXPECT_EQ(names->at(qingdao).legal_representative_masked, "李*");
  tx.reset();
  EXPECT_EQ(PersonalDataReads(t->db()), reads_before);  // masked: not a personal-data read
}

TEST_P(PersonalDataTest, StoredIndexIsAKeyedHashNotTheName) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  Register(r);
  AddInspector(r, "张三");
  auto tx = std::move(t->db().Begin(store::TxMode::kReadOnly)).value();
  const store::ResultSet rs = *tx->Query(
      "SELECT legal_representative, legal_representative_index FROM entities "
      "ORDER BY uscc");
  ASSERT_EQ(rs.rows.size(), 4u);
  const std::string index = rs.rows[0].GetText(1);
  EXPECT_EQ(index.size(), 64u);  // hex of an SM3-sized HMAC
  EXPECT_EQ(index, env_.keys.personal_data().BlindIndex("张三"));
  EXPECT_NE(index, auth::ToHex(
                       auth::Sm3("张三")));  // keyed: not the plain SM3 digest anyone could compute
  EXPECT_EQ(rs.rows[1].GetText(1), index);   // deterministic: same name, same index
  EXPECT_NE(rs.rows[2].GetText(1), index);
  for (const store::Row& row : rs.rows) {
    EXPECT_EQ(row.GetText(1).find("张"), std::string::npos);
    EXPECT_NE(row.GetText(0), row.GetText(1));
  }
  const store::ResultSet inspectors = *tx->Query("SELECT name, name_index FROM inspectors");
  EXPECT_EQ(inspectors.rows.at(0).GetText(1), index);  // same key, same normalisation
  EXPECT_TRUE(inspectors.rows.at(0).GetText(0).starts_with("v1:"));
}

TEST_P(PersonalDataTest, RowsWithoutIndexAreRefusedUntilReindexed) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  Register(r);
  // A database written before registry migration 0004: no index on any row.
  ASSERT_TRUE(store::InTransaction(t->db(), [](store::Transaction& tx) {
                return tx.Execute("UPDATE entities SET legal_representative_index = NULL").status();
              }).ok());
  EntityFilter f;
  f.legal_representative = "张三";
  ExpectError(r.SearchEntities(admin_, f, Page{}).status(), StatusCode::kFailedPrecondition,
              "legal_representative");
  std::int64_t changed = -1;
  ASSERT_TRUE(store::InTransaction(t->db(), [&](store::Transaction& tx) -> Status {
                ZQ_ASSIGN_OR_RETURN(changed, r.ReindexPersonalData(tx));
                return Status::Ok();
              }).ok());
  EXPECT_EQ(changed, 4);
  EXPECT_EQ(Found(r, admin_, "张三"), zhang_san_);
  ASSERT_TRUE(store::InTransaction(t->db(), [&](store::Transaction& tx) -> Status {
                ZQ_ASSIGN_OR_RETURN(changed, r.ReindexPersonalData(tx));
                return Status::Ok();
              }).ok());
  EXPECT_EQ(changed, 0);  // idempotent
}

TEST_P(PersonalDataTest, BulkAppendAndImportWriteTheIndex) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  MarketEntity a = MakeEntity("370102", 7, "济南庚电缆有限公司");
  a.legal_representative = "赵六";
  MarketEntity b = MakeEntity("370102", 8, "济南辛电缆有限公司");
  b.legal_representative = "";
  const std::vector<MarketEntity> batch = {a, b};
  ASSERT_TRUE(r.AppendEntities(admin_, batch).ok());
  EXPECT_EQ(Found(r, admin_, "赵六"), std::vector<std::string>{a.uscc});
  const std::string imported = testing::MakeUscc("370102", 9);
  std::istringstream csv(
      "uscc,name,legal_representative,region_code,industry_code,type,registered_capital,"
      "established_on,status,size,address\n" +
      imported + ",济南壬电缆有限公司,赵六,370102,3831,企业,1000.50,2012-03-01,存续,small,\n");
  Result<ImportReport> report = ImportEntities(r, admin_, csv);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE(report->errors.empty()) << report->errors.at(0).message;
  EXPECT_EQ(Found(r, admin_, "赵六"), (std::vector<std::string>{a.uscc, imported}));
}

TEST_P(PersonalDataTest, RotationKeepsSearchWorkingUnderTheNewKey) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  Register(r);
  AddInspector(r, "李四");
  const auth::KeyRing next = *auth::KeyRing::FromMasterKey(std::string(32, 'n'));
  ASSERT_TRUE(store::InTransaction(t->db(), [&](store::Transaction& tx) {
                return r.RekeyPersonalData(tx, next.personal_data());
              }).ok());
  Registry rotated(t->db(), env_.audit, next.personal_data(), env_.clock);
  EXPECT_EQ(Found(rotated, admin_, "张三"), zhang_san_);
  EXPECT_EQ(Found(rotated, admin_, "李四").size(), 1u);
  EXPECT_TRUE(Found(r, admin_, "张三").empty());  // the old key's index no longer matches
  EXPECT_EQ(rotated.GetEntity(admin_, TestUscc(zhang_san_[0]))->legal_representative, "张三");
  auto tx = std::move(t->db().Begin(store::TxMode::kReadOnly)).value();
  EXPECT_EQ(tx->Query("SELECT name_index FROM inspectors")->rows.at(0).GetText(0),
            next.personal_data().BlindIndex("李四"));
}

INSTANTIATE_TEST_SUITE_P(Backends, PersonalDataTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::registry

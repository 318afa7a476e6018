#include "registry/registry.h"

#include <algorithm>
#include <functional>

#include <gtest/gtest.h>

#include "core/testing/ids.h"
#include "registry/registry_test_env.h"
#include "store/index_maintenance.h"

namespace zq::registry {
namespace {

using testing::MakeEntity;
using testing::Regulator;

class RegistryTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  testing::RegistryEnv env_;
  const auth::Caller admin_ = auth::Caller::System();
};

TEST_P(RegistryTest, ShandongHasSixteenCitiesAndOneHundredThirtySixCounties) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  EXPECT_EQ(r.RegionChildren("")->size(), 34u);
  std::vector<Region> cities = *r.RegionChildren("370000");
  ASSERT_EQ(cities.size(), 16u);
  EXPECT_EQ(cities.front().name, "济南市");
  EXPECT_EQ(r.CountiesUnder("370000")->size(), 136u);
  EXPECT_EQ(r.GetRegion("370102")->parent_code, "370100");
  EXPECT_EQ(r.GetRegion("110101")->parent_code, "110000");  // municipal district
  EXPECT_EQ(r.GetRegion("429004")->parent_code, "420000");  // 省直辖 county-level city
  EXPECT_EQ(r.GetRegion("999999").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.RegionChildren("999999").status().code(), StatusCode::kNotFound);
}

TEST_P(RegistryTest, IndustriesHaveAllFourLevels) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  EXPECT_EQ(r.IndustryChildren("")->size(), 20u);
  EXPECT_EQ(r.GetIndustry("C")->name, "制造业");
  EXPECT_EQ(r.GetIndustry("0712")->name, "海洋石油开采");  // the corrected source defect
  EXPECT_EQ(r.GetIndustry("9051")->parent_code, "905");
  ASSERT_TRUE(r.LoadReferenceData().ok());  // idempotent
  EXPECT_EQ(r.IndustryChildren("")->size(), 20u);
}

TEST_P(RegistryTest, IndustryClassesAreGroupedByTheirSection) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Result<std::map<char, std::vector<std::string>>> classes =
      env_.registry->IndustryClassesBySection();
  ASSERT_TRUE(classes.ok()) << classes.status().ToString();
  EXPECT_EQ(classes->size(), 20u);
  const std::vector<std::string>& manufacturing = classes->at('C');
  EXPECT_TRUE(std::is_sorted(manufacturing.begin(), manufacturing.end()));
  EXPECT_NE(std::find(manufacturing.begin(), manufacturing.end(), "1311"), manufacturing.end());
  for (const auto& [section, codes] : *classes) {
    for (const std::string& code : codes) EXPECT_EQ(code.size(), 4u) << section;
  }
}

TEST_P(RegistryTest, UpsertValidatesEveryFieldWithItsName) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  const MarketEntity good = MakeEntity("370102", 1, "济南甲电缆有限公司");

  // Each case spoils one field of a good entity; the refusal names it.
  const struct {
    std::function<void(MarketEntity&)> spoil;
    const char* field;
  } cases[] = {
      {[](MarketEntity& e) { e.uscc.back() = e.uscc.back() == '0' ? '1' : '0'; }, "uscc"},
      {[](MarketEntity& e) { e.name = ""; }, "name"},
      {[](MarketEntity& e) { e.region_code = "370100"; }, "region_code"},  // a city, not a county
      {[](MarketEntity& e) { e.region_code = "379999"; }, "region_code"},
      {[](MarketEntity& e) { e.industry_code = "9999"; }, "industry_code"},
      {[](MarketEntity& e) { e.established_on = "2015-02-30"; }, "established_on"},
      {[](MarketEntity& e) { e.name = "bad\xff"; }, "name"},
  };

  for (const auto& c : cases) {
    MarketEntity e = good;
    c.spoil(e);
    EXPECT_EQ(r.UpsertEntity(admin_, e).status().field(), c.field) << c.field;
  }
  EXPECT_EQ(r.CountEntities(admin_, {}).value(), 0);
  EXPECT_TRUE(*r.UpsertEntity(admin_, good));
  EXPECT_FALSE(*r.UpsertEntity(admin_, good));  // unchanged
}

TEST_P(RegistryTest, SearchByNameFragmentRegionAndIndustryWithPages) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  std::vector<MarketEntity> batch;
  for (int i = 0; i < 30; ++i) {
    batch.push_back(
        MakeEntity(i < 20 ? "370102" : "370202", i, "山东质强电缆有限公司" + std::to_string(i)));
  }
  batch.push_back(MakeEntity("370103", 100, "济南泉城食品有限公司"));
  batch.back().industry_code = "1391";
  ASSERT_TRUE(r.AppendEntities(admin_, batch).ok());

  EntityFilter by_name;
  by_name.name_contains = "质强电缆";
  PageOf<MarketEntity> p1 = *r.SearchEntities(admin_, by_name, Page{1, 12});
  EXPECT_EQ(p1.total, 30);
  EXPECT_EQ(p1.items.size(), 12u);
  PageOf<MarketEntity> p3 = *r.SearchEntities(admin_, by_name, Page{3, 12});
  EXPECT_EQ(p3.items.size(), 6u);
  EXPECT_NE(p1.items[0].uscc, p3.items[0].uscc);

  EntityFilter jinan;
  jinan.region_code = "370100";
  EXPECT_EQ(r.SearchEntities(admin_, jinan, Page{})->total, 21);
  EntityFilter shandong;
  shandong.region_code = "370000";
  EXPECT_EQ(r.SearchEntities(admin_, shandong, Page{})->total, 31);
  EntityFilter food;
  food.industry_code = "C";
  EXPECT_EQ(r.SearchEntities(admin_, food, Page{})->total, 31);
  food.industry_code = "13";
  EXPECT_EQ(r.SearchEntities(admin_, food, Page{})->total, 1);
  EntityFilter injection;
  injection.name_contains = "' OR '1'='1";
  EXPECT_EQ(r.SearchEntities(admin_, injection, Page{})->total, 0);
  EXPECT_EQ(r.SearchEntities(admin_, {}, Page{1, 501}).status().field(), "page_size");
  EXPECT_EQ(r.SearchEntities(admin_, {}, Page{0, 20}).status().field(), "page");
}

TEST_P(RegistryTest, RegulatorsSeeOnlyTheirJurisdiction) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  MarketEntity jinan = MakeEntity("370102", 1, "济南甲公司");
  MarketEntity qingdao = MakeEntity("370202", 2, "青岛乙公司");
  ASSERT_TRUE(r.UpsertEntity(admin_, jinan).ok());
  ASSERT_TRUE(r.UpsertEntity(admin_, qingdao).ok());
  const auth::Caller lixia = Regulator("370102");
  EXPECT_TRUE(r.GetEntity(lixia, TestUscc(jinan.uscc)).ok());
  Result<MarketEntity> hidden = r.GetEntity(lixia, TestUscc(qingdao.uscc));
  EXPECT_EQ(hidden.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.SearchEntities(lixia, {}, Page{})->total, 1);
  EntityFilter other;
  other.region_code = "370200";
  EXPECT_EQ(r.SearchEntities(lixia, other, Page{})->total, 0);
  MarketEntity moved = qingdao;
  moved.name = "改名";
  EXPECT_EQ(r.UpsertEntity(lixia, moved).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(r.SearchEntities(Regulator("370000"), {}, Page{})->total, 2);
}

TEST_P(RegistryTest, LegalRepresentativeIsEncryptedAtRestAndMaskedInLists) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  MarketEntity e = MakeEntity("370102", 1, "济南甲公司");
  e.legal_representative = "欧阳娜娜";
  ASSERT_TRUE(r.UpsertEntity(admin_, e).ok());
  {
    auto tx = std::move(t->db().Begin(store::TxMode::kReadOnly)).value();
    std::string stored =
        tx->Query("SELECT legal_representative FROM entities")->rows.at(0).GetText(0);
    EXPECT_TRUE(stored.starts_with("v1:"));
    EXPECT_EQ(stored.find("欧阳"), std::string::npos);
  }
  EXPECT_EQ(r.SearchEntities(admin_, {}, Page{})->items.at(0).legal_representative, "欧***");
  auth::Caller public_caller;
  EXPECT_EQ(r.GetEntity(public_caller, TestUscc(e.uscc))->legal_representative, "欧***");
  EXPECT_EQ(r.GetEntity(Regulator("370100"), TestUscc(e.uscc))->legal_representative, "欧阳娜娜");
  auto tx = std::move(t->db().Begin()).value();
  auth::AuditLog::Filter f;
  f.action_prefix = "personal_data.read";
  EXPECT_EQ(env_.audit.Search(*tx, admin_, f)->size(), 1u);
}

TEST_P(RegistryTest, ProductsCatalogueAndInspectors) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  CatalogueEntry c{"CP-0101", "电线电缆", "", RiskGrade::kHigh, "CCC 强制性产品认证", "3831"};
  ASSERT_TRUE(r.UpsertCatalogueEntry(admin_, c).ok());
  EXPECT_EQ(r.ListCatalogue()->at(0).risk_grade, RiskGrade::kHigh);
  Product p{"06901234567892", "铜芯电缆", "质强", "CP-0101", testing::MakeUscc("370102", 1)};
  ASSERT_TRUE(r.UpsertProduct(admin_, p).ok());
  EXPECT_EQ(r.GetProduct(admin_, "6901234567892")->name, "铜芯电缆");
  p.product_code = "6901234567893";
  EXPECT_EQ(r.UpsertProduct(admin_, p).status().field(), "gtin");
  Inspector i{"SD-0001", "李四", "历下区市场监督管理局", "370102", {"product_quality"}, true, ""};
  ASSERT_TRUE(r.UpsertInspector(admin_, i).ok());
  PageOf<Inspector> pool =
      *r.ListInspectors(Regulator("370100"), std::nullopt, "product_quality", Page{});
  ASSERT_EQ(pool.total, 1);
  EXPECT_EQ(pool.items[0].name, "李*");
  EXPECT_EQ(r.ListInspectors(Regulator("370200"), std::nullopt, "", Page{})->total, 0);
}

TEST_P(RegistryTest, AnInspectorsConsoleAccountFindsTheInspector) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  ASSERT_TRUE(env_.AddAccount(t->db(), "lixia", "regulator", "370102").ok());
  ASSERT_TRUE(env_.AddAccount(t->db(), "admin", "platform_admin", "").ok());
  ASSERT_TRUE(env_.AddAccount(t->db(), "qd", "regulator", "370202").ok());
  ASSERT_TRUE(env_.AddAccount(t->db(), "jinan", "regulator", "370100").ok());
  auth::Caller lixia = Regulator("370102");
  lixia.actor = "lixia";
  EXPECT_EQ(r.InspectorOfCaller(lixia).status().field(), "inspector");  // not linked yet
  Inspector i{"SD-0001", "李四", "历下区市场监督管理局", "370102", {"product_quality"}, true, ""};
  // Only an official's account within the caller's jurisdiction, whose own jurisdiction holds
  // the inspector, may be linked: not the administrator, not a name nobody holds, not another
  // county's regulator, not a city regulator above the county linking.
  for (const char* name : {"admin", "nobody", "qd", "jinan"}) {
    i.username = name;
    EXPECT_EQ(r.UpsertInspector(lixia, i).status().field(), "username") << name;
    EXPECT_TRUE(r.UpsertInspector(lixia, Inspector{i.inspector_id, i.name, i.unit, i.region_code,
                                                   i.qualifications, true, ""})
                    .ok());
    EXPECT_EQ(r.LinkInspectorAccount(lixia, "SD-0001", name).field(), "username") << name;
  }
  // The city regulator may link its own account to an inspector of a county below it.
  EXPECT_TRUE(r.LinkInspectorAccount(Regulator("370100"), "SD-0001", "jinan").ok());
  ASSERT_TRUE(r.LinkInspectorAccount(Regulator("370100"), "SD-0001", "").ok());
  i.username = "lixia";
  ASSERT_TRUE(r.UpsertInspector(lixia, i).ok());
  Result<Inspector> me = r.InspectorOfCaller(lixia);
  ASSERT_TRUE(me.ok()) << me.status().ToString();
  EXPECT_EQ(me->inspector_id, "SD-0001");
  EXPECT_TRUE(me->name.empty());  // the lookup carries no personal data
  EXPECT_EQ(r.ListInspectors(lixia, std::nullopt, "", Page{})->items.at(0).username, "lixia");
  // One account is one inspector.
  Inspector other{"SD-0002", "王五", "历下区市场监督管理局", "370102", {}, true, ""};
  other.username = "lixia";
  EXPECT_EQ(r.UpsertInspector(lixia, other).status().code(), StatusCode::kAlreadyExists);
  // The same user name signed in elsewhere, or a caller with no jurisdiction, finds nothing.
  auth::Caller qingdao = Regulator("370202");
  qingdao.actor = "lixia";
  EXPECT_EQ(r.InspectorOfCaller(qingdao).status().code(), StatusCode::kNotFound);
  auth::Caller firm;
  firm.role = auth::Role::kEnterprise;
  firm.actor = "lixia";
  EXPECT_EQ(r.InspectorOfCaller(firm).status().code(), StatusCode::kNotFound);
  // Another county may not take the inspector over by re-declaring its unit.
  Inspector taken = i;
  taken.region_code = "370202";
  taken.username = "";
  EXPECT_EQ(r.UpsertInspector(qingdao, taken).status().field(), "inspector_id");
  EXPECT_EQ(r.InspectorOfCaller(lixia)->region_code, "370102");
  // Unlinking frees the account; linking alone keeps the rest of the record.
  ASSERT_TRUE(r.LinkInspectorAccount(lixia, "SD-0001", "").ok());
  EXPECT_EQ(r.LinkInspectorAccount(qingdao, "SD-0001", "x").field(), "inspector_id");
  EXPECT_EQ(r.LinkInspectorAccount(lixia, "SD-9999", "x").field(), "inspector_id");
  EXPECT_EQ(r.ListInspectors(lixia, std::nullopt, "", Page{})->items.at(0).name, "李*");
  EXPECT_EQ(r.InspectorOfCaller(lixia).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(r.UpsertInspector(lixia, other).ok());
}

TEST_P(RegistryTest, BulkLoadModeDropsAndRestoresTheSearchIndexes) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  auto index_count = [&] {
    auto tx = std::move(t->db().Begin(store::TxMode::kReadOnly)).value();
    return store::ListSecondaryIndexes(*tx, "entities")->size();
  };
  const std::size_t before = index_count();
  ASSERT_GE(before, 3u);
  EXPECT_EQ(r.BeginBulkLoad(Regulator("370102")).code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(r.BeginBulkLoad(admin_).ok());
  EXPECT_EQ(index_count(), 0u);
  const std::vector<MarketEntity> batch = {MakeEntity("370102", 1, "济南甲电缆有限公司"),
                                           MakeEntity("370102", 2, "济南乙电缆有限公司")};
  ASSERT_TRUE(r.AppendEntities(admin_, batch).ok());
  // A second Begin (a load that died half-way and was started again) keeps the recorded set.
  ASSERT_TRUE(r.BeginBulkLoad(admin_).ok());
  ASSERT_TRUE(r.EndBulkLoad(admin_).ok());
  EXPECT_EQ(index_count(), before);
  EntityFilter by_region;
  by_region.region_code = "370102";
  EXPECT_EQ(*r.CountEntities(admin_, by_region), 2);
  ASSERT_TRUE(r.EndBulkLoad(admin_).ok());  // nothing recorded: nothing to do
  EXPECT_EQ(index_count(), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistryTest, ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::registry

#include "registry/inspector_import.h"

#include <sstream>

#include <gtest/gtest.h>

#include "registry/registry_test_env.h"

namespace zq::registry {
namespace {

using testing::Regulator;

class InspectorImportTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  Result<ImportReport> Import(const std::string& csv, const auth::Caller& caller) {
    std::istringstream in(csv);
    return ImportInspectors(*env_.registry, caller, in);
  }

  std::vector<Inspector> Pool(const auth::Caller& caller) {
    Result<PageOf<Inspector>> page =
        env_.registry->ListInspectors(caller, std::nullopt, "", Page{1, 100});
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() ? page->items : std::vector<Inspector>{};
  }

  testing::RegistryEnv env_;
  const auth::Caller admin_ = auth::Caller::System();
};

const char kPool[] =
    "inspector_id,name,unit,region_code,qualifications,active\n"                            // 1
    "37010210001,王小明,历下区市场监督管理局,370102,product_quality;special_equipment,1\n"  // 2
    "37010210002,李华,历下区市场监督管理局,370102,product_quality,在岗\n"                   // 3
    "37010210003,赵敏,历下区市场监督管理局,370102,product_quality,maybe\n"  // 4 active
    "37010210004,,历下区市场监督管理局,370102,product_quality,1\n"          // 5 name
    "37010210001,王小明,历下区市场监督管理局,370102,food,1\n"               // 6 again
    "37020210001,孙丽,市南区市场监督管理局,370202,product_quality,0\n"      // 7 good
    "37010210005,周强,历下区市场监督管理局,3701,product_quality,1\n";       // 8 region

TEST_P(InspectorImportTest, BadRowsAreReportedGoodRowsKeptAndAReImportChangesNothing) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Result<ImportReport> r = Import(kPool, admin_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows_read, 7u);
  EXPECT_EQ(r->inserted, 3u);
  EXPECT_EQ(r->rejected, 4u);
  std::vector<std::pair<std::size_t, std::string>> errors;
  for (const ImportError& e : r->errors) errors.emplace_back(e.line, e.field);
  EXPECT_EQ(errors, (std::vector<std::pair<std::size_t, std::string>>{
                        {4, "active"}, {5, "name"}, {6, "inspector_id"}, {8, "region_code"}}));
  const std::vector<Inspector> pool = Pool(admin_);
  ASSERT_EQ(pool.size(), 3u);
  EXPECT_EQ(pool[0].inspector_id, "37010210001");
  EXPECT_EQ(pool[0].qualifications,
            (std::vector<std::string>{"product_quality", "special_equipment"}));
  EXPECT_FALSE(pool[2].active);  // 孙丽, 0

  // The same file again: nothing written, the same rows rejected.
  r = Import(kPool, admin_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->inserted + r->updated, 0u);
  EXPECT_EQ(r->unchanged, 3u);
  EXPECT_EQ(r->rejected, 4u);
}

TEST_P(InspectorImportTest, ScopeAndConsoleLinksAreKept) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  ASSERT_TRUE(Import(kPool, admin_).ok());
  ASSERT_TRUE(env_.AddAccount(t->db(), "lixia", "regulator", "370102").ok());
  ASSERT_TRUE(env_.registry->LinkInspectorAccount(admin_, "37010210002", "lixia").ok());
  // 历下区 re-imports its pool without a username column: the link stays; 市南区's inspector
  // is not 历下区's to change (reported, not written).
  const std::string csv =
      "inspector_id,name,unit,region_code,qualifications\n"
      "37010210002,李华,历下区市场监督管理局,370102,product_quality;food\n"
      "37020210001,孙丽,历下区市场监督管理局,370102,product_quality\n";
  Result<ImportReport> r = Import(csv, Regulator("370102"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->updated, 1u);
  ASSERT_EQ(r->errors.size(), 1u);
  EXPECT_EQ(r->errors[0].line, 3u);
  EXPECT_EQ(r->errors[0].field, "inspector_id");
  EXPECT_EQ(r->errors[0].code, "PERMISSION_DENIED");
  auth::Caller lixia = Regulator("370102");
  lixia.actor = "lixia";
  Result<Inspector> me = env_.registry->InspectorOfCaller(lixia);
  ASSERT_TRUE(me.ok()) << me.status().ToString();
  EXPECT_EQ(me->inspector_id, "37010210002");
  EXPECT_EQ(me->qualifications, (std::vector<std::string>{"product_quality", "food"}));
  // A username column links accounts; one account is one inspector.
  const std::string links =
      "inspector_id,name,unit,region_code,username\n"
      "37010210001,王小明,历下区市场监督管理局,370102,lixia\n";
  r = Import(links, Regulator("370102"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->errors.size(), 1u);
  EXPECT_EQ(r->errors[0].field, "username");
  // Headers: unknown and missing columns stop the import before anything is written.
  EXPECT_EQ(Import("inspector_id,name,unit\n1,甲,乙\n", admin_).status().field(), "header");
  EXPECT_EQ(Import("inspector_id,name,unit,region_code,rank\n", admin_).status().field(), "header");
  auth::Caller analyst = Regulator("370102");
  analyst.role = auth::Role::kAnalyst;
  EXPECT_EQ(Import(kPool, analyst).status().code(), StatusCode::kPermissionDenied);
}

INSTANTIATE_TEST_SUITE_P(Backends, InspectorImportTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::registry

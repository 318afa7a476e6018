#include "registry/entity_import.h"

#include <sstream>

#include <gtest/gtest.h>

#include "core/testing/ids.h"
#include "registry/entity_export.h"
#include "registry/registry_test_env.h"

namespace zq::registry {
namespace {

using testing::MakeUscc;

class EntityImportTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  Result<ImportReport> Import(const std::string& csv) {
    std::istringstream in(csv);
    ImportOptions options;
    options.batch_size = 3;  // several batches even in a small file
    return ImportEntities(*env_.registry, admin_, in, options);
  }

  testing::RegistryEnv env_;
  const auth::Caller admin_ = auth::Caller::System();
};

std::string GoodFile() {
  std::string csv =
      "uscc,name,legal_representative,region_code,industry_code,type,"
      "registered_capital,established_on,status,size,address\n";
  for (int i = 1; i <= 7; ++i) {
    csv += MakeUscc("370102", i) + ",济南第" + std::to_string(i) +
           "电缆有限公司,张三,370102,3831,"
           "企业,1000.50,2012-03-0" +
           std::to_string(i) + ",存续,small,\"济南市历下区, 泉城路\"\n";
  }
  return csv;
}

TEST_P(EntityImportTest, BadRowsAreReportedAndGoodRowsKept) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  std::string bad_check = MakeUscc("370102", 20);
  bad_check.back() = bad_check.back() == 'A' ? 'B' : 'A';
  const std::string csv = "uscc,name,region_code\n" +                          // line 1
                          MakeUscc("370102", 10) + ",甲公司,370102\n" +        // 2 good
                          bad_check + ",乙公司,370102\n" +                     // 3 wrong check char
                          MakeUscc("370102", 11) + ",丙公司,379999\n" +        // 4 unknown region
                          MakeUscc("370102", 12) + ",,370102\n" +              // 5 missing name
                          MakeUscc("370102", 10) + ",甲公司重复,370102\n" +    // 6 duplicate of 2
                          MakeUscc("370102", 13) + ",\"丁\"公司\",370102\n" +  // 7 broken quoting
                          MakeUscc("370102", 14) + ",戊\xff\xfe公司,370102\n" +  // 8 not UTF-8
                          MakeUscc("370102", 15) + ",己公司,370102\n";           // 9 good
  Result<ImportReport> r = Import(csv);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows_read, 8u);
  EXPECT_EQ(r->inserted, 2u);
  EXPECT_EQ(r->rejected, 6u);
  std::vector<std::pair<std::size_t, std::string>> errors;
  for (const ImportError& e : r->errors) errors.emplace_back(e.line, e.field);
  EXPECT_EQ(
      errors,
      (std::vector<std::pair<std::size_t, std::string>>{
          {3, "uscc"}, {4, "region_code"}, {5, "name"}, {6, "uscc"}, {7, "csv"}, {8, "encoding"}}));
  EXPECT_EQ(env_.registry->CountEntities(admin_, {}).value(), 2);
}

TEST_P(EntityImportTest, ReimportingTheSameFileChangesNothing) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Result<ImportReport> first = Import(GoodFile());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->inserted, 7u);
  EXPECT_TRUE(first->errors.empty()) << first->errors[0].message;
  auto audit_count = [&] {
    auto tx = std::move(t->db().Begin(store::TxMode::kReadOnly)).value();
    return tx->Query("SELECT COUNT(*) FROM audit_log")->rows[0].GetInt(0);
  };
  const std::int64_t audits = audit_count();
  Result<ImportReport> second = Import(GoodFile());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->inserted, 0u);
  EXPECT_EQ(second->updated, 0u);
  EXPECT_EQ(second->unchanged, 7u);
  EXPECT_EQ(audit_count(), audits);  // nothing written, nothing audited
  MarketEntity e = *env_.registry->GetEntity(admin_, TestUscc(MakeUscc("370102", 3)));
  EXPECT_EQ(e.registered_capital_fen, 100050);
  EXPECT_EQ(e.address, "济南市历下区, 泉城路");
  EXPECT_EQ(e.legal_representative, "张三");
}

TEST_P(EntityImportTest, ChangedRowsAreUpdated) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  ASSERT_TRUE(Import(GoodFile()).ok());
  std::string changed = GoodFile();
  changed.replace(changed.find("济南第2"), std::string("济南第2").size(), "济南新2");
  Result<ImportReport> r = Import(changed);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->updated, 1u);
  EXPECT_EQ(r->unchanged, 6u);
  EXPECT_EQ(env_.registry->GetEntity(admin_, TestUscc(MakeUscc("370102", 2)))->name,
            "济南新2电缆有限公司");
}

TEST_P(EntityImportTest, BadHeaderRejectsTheWholeFile) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  for (const std::string header : {"uscc,name\n", "uscc,name,region_code,colour\n", ""}) {
    Result<ImportReport> r = Import(header + MakeUscc("370102", 1) + ",甲,370102\n");
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << header;
    EXPECT_EQ(r.status().field(), "header") << header;
  }
  EXPECT_EQ(env_.registry->CountEntities(admin_, {}).value(), 0);
}

TEST_P(EntityImportTest, RegulatorCannotImportOutsideTheirJurisdiction) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  std::istringstream in("uscc,name,region_code\n" + MakeUscc("370202", 1) + ",青岛甲,370202\n" +
                        MakeUscc("370102", 2) + ",济南乙,370102\n");
  Result<ImportReport> r = ImportEntities(*env_.registry, testing::Regulator("370100"), in, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->inserted, 1u);
  ASSERT_EQ(r->errors.size(), 1u);
  EXPECT_EQ(r->errors[0].code, "PERMISSION_DENIED");
}

TEST_P(EntityImportTest, AdministratorsCsvExportReimportsUnchanged) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  ASSERT_TRUE(Import(GoodFile()).ok());
  std::ostringstream out;
  Result<std::size_t> n = ExportEntities(*env_.registry, admin_, {}, ExportFormat::kCsv, out);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 7u);
  Result<ImportReport> again = Import(out.str());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->unchanged, 7u);
  EXPECT_TRUE(again->errors.empty()) << again->errors[0].message;
}

TEST_P(EntityImportTest, RegulatorsExportIsMaskedAndScoped) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  ASSERT_TRUE(Import(GoodFile()).ok());
  std::ostringstream jinan, qingdao;
  EXPECT_EQ(
      *ExportEntities(*env_.registry, testing::Regulator("370100"), {}, ExportFormat::kCsv, jinan),
      7u);
  EXPECT_EQ(jinan.str().find("张三"), std::string::npos);
  EXPECT_NE(jinan.str().find("张*"), std::string::npos);
  EXPECT_EQ(*ExportEntities(*env_.registry, testing::Regulator("370200"), {}, ExportFormat::kCsv,
                            qingdao),
            0u);
}

TEST_P(EntityImportTest, AnAdministratorsXlsxExportReimportsUnchanged) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  ASSERT_TRUE(Import(GoodFile()).ok());
  std::ostringstream out;
  ASSERT_EQ(*ExportEntities(*env_.registry, admin_, {}, ExportFormat::kXlsx, out), 7u);
  EXPECT_EQ(out.str().substr(0, 4), std::string("PK\3\4", 4));  // a ZIP package
  // The workbook goes back in through the same import as the CSV, every row unchanged.
  Result<ImportReport> again = Import(out.str());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->rows_read, 7u);
  EXPECT_EQ(again->unchanged, 7u);
  EXPECT_TRUE(again->errors.empty()) << again->errors[0].message;
}

INSTANTIATE_TEST_SUITE_P(Backends, EntityImportTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::registry

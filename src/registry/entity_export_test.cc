// Exports people read (issue 21): Chinese or English headers, Chinese labels, the region's and the
// industry's names beside their codes, capital as a number, a file name that says what and when;
// and every layout goes back in through the import unchanged. On both backends.
#include "registry/entity_export.h"

#include <sstream>

#include <gtest/gtest.h>

#include "core/csv.h"
#include "registry/entity_import.h"
#include "registry/registry_test_env.h"

namespace zq::registry {
namespace {

using testing::MakeUscc;

class EntityExportTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void ImportFirms() {
    std::string csv =
        "uscc,name,legal_representative,region_code,industry_code,type,registered_capital,"
        "established_on,status,size,address\n";
    for (int i = 1; i <= 4; ++i) {
      csv += MakeUscc("370102", i) + ",济南第" + std::to_string(i) + "电缆有限公司,张三," +
             (i == 4 ? "370203" : "370102") + ",3831,企业,1234567.89,2012-03-0" +
             std::to_string(i) + "," + (i == 3 ? "注销" : "存续") + ",small,济南市历下区泉城路\n";
    }
    std::istringstream in(csv);
    Result<ImportReport> r = ImportEntities(*env_.registry, admin_, in);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->inserted, 4u);
  }

  std::string Export(ExportFormat format, ExportHeaders headers) {
    std::ostringstream out;
    Result<std::size_t> n = ExportEntities(*env_.registry, admin_, {}, format, out, headers);
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    EXPECT_EQ(n.value_or(0), 4u);
    return out.str();
  }

  // The export's records, BOM dropped.
  static std::vector<std::vector<std::string>> Records(const std::string& csv) {
    std::istringstream in(csv.substr(3));
    std::vector<std::vector<std::string>> out;
    EXPECT_TRUE(ReadCsv(in, [&](CsvRecord& r) {
                  out.push_back(r.fields);
                  return true;
                }).ok());
    return out;
  }

  void ExpectReimportUnchanged(const std::string& file) {
    std::istringstream in(file);
    Result<ImportReport> again = ImportEntities(*env_.registry, admin_, in);
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    EXPECT_EQ(again->rows_read, 4u);
    EXPECT_EQ(again->unchanged, 4u);
    EXPECT_TRUE(again->errors.empty()) << again->errors[0].message;
  }

  testing::RegistryEnv env_;
  const auth::Caller admin_ = auth::Caller::System();
};

TEST_P(EntityExportTest, ChineseHeadersLabelsAndNamesBesideCodes) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  ImportFirms();
  const auto rows = Records(Export(ExportFormat::kCsv, ExportHeaders::kChinese));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{
                         "统一社会信用代码", "名称", "法定代表人", "行政区划代码", "行政区划",
                         "国民经济行业代码", "国民经济行业", "主体类型", "注册资本（元）",
                         "成立日期", "注销日期", "登记状态", "企业规模", "住所"}));
  EXPECT_EQ(rows[1][3], "370102");
  EXPECT_EQ(rows[1][4], "山东省济南市历下区");
  EXPECT_EQ(rows[4][4], "山东省青岛市市北区");
  EXPECT_EQ(rows[1][5], "3831");
  EXPECT_EQ(rows[1][6], "电线、电缆制造");
  EXPECT_EQ(rows[1][7], "企业");
  EXPECT_EQ(rows[1][8], "1234567.89");
  EXPECT_EQ(rows[1][11], "存续");
  EXPECT_EQ(rows[3][11], "注销");
  EXPECT_EQ(rows[1][12], "小型");
}

TEST_P(EntityExportTest, EnglishHeadersKeepCodeValues) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  ImportFirms();
  const auto rows = Records(Export(ExportFormat::kCsv, ExportHeaders::kEnglish));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0][0], "USCC");
  EXPECT_EQ(rows[0][4], "Region");
  EXPECT_EQ(rows[1][4], "山东省济南市历下区");
  EXPECT_EQ(rows[1][7], "enterprise");
  EXPECT_EQ(rows[1][11], "active");
  // The machine layout is the one it always was.
  const auto codes = Records(Export(ExportFormat::kCsv, ExportHeaders::kCodes));
  EXPECT_EQ(codes[0].size(), 12u);
  EXPECT_EQ(codes[0][0], "uscc");
  EXPECT_EQ(codes[1][5], "enterprise");
}

TEST_P(EntityExportTest, EveryLayoutReimportsUnchanged) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  ImportFirms();
  for (const ExportFormat format : {ExportFormat::kCsv, ExportFormat::kXlsx}) {
    for (const ExportHeaders headers :
         {ExportHeaders::kCodes, ExportHeaders::kChinese, ExportHeaders::kEnglish}) {
      SCOPED_TRACE(static_cast<int>(format) * 10 + static_cast<int>(headers));
      ExpectReimportUnchanged(Export(format, headers));
    }
  }
}

TEST_P(EntityExportTest, AHeaderNamedTwiceOrUnknownIsRefused) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  for (const char* header : {"统一社会信用代码,uscc,name,region_code\n",
                             "统一社会信用代码,名称,行政区划代码,行政区划,行政区划\n",
                             "统一社会信用代码,名称,行政区划代码,颜色\n"}) {
    std::istringstream in(header);
    Result<ImportReport> r = ImportEntities(*env_.registry, admin_, in);
    ASSERT_FALSE(r.ok()) << header;
    EXPECT_EQ(r.status().field(), "header");
  }
}

TEST(ExportFileNameTest, SaysWhatAndWhen) {
  EXPECT_EQ(ExportFileName(ExportFormat::kXlsx, ExportHeaders::kChinese, "2026-12-07"),
            "市场主体_20261207.xlsx");
  EXPECT_EQ(ExportFileName(ExportFormat::kCsv, ExportHeaders::kEnglish, "2026-12-07"),
            "market-entities_20261207.csv");
  EXPECT_FALSE(ParseExportHeaders("fr").ok());
  EXPECT_EQ(ParseExportHeaders("fr").status().field(), "headers");
}

INSTANTIATE_TEST_SUITE_P(Backends, EntityExportTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::registry

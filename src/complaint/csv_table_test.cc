// The classifier's CSV files: read whole, refused with the line (a GBK file said to be GBK).
#include "complaint/csv_table.h"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/testing/status_is.h"

namespace zq::complaint {
namespace {

using status_matchers::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

Result<CsvTable> Read(const std::string& text) {
  std::istringstream in(text);
  return ReadCsvTable(in);
}

TEST(CsvTable, ReadsTheHeaderAndRowsWithTheirLinesPastABom) {
  const Result<CsvTable> t =
      Read("\xEF\xBB\xBFid,text\r\n1,\"冰箱坏了,要求退款\"\r\n2,\"多行\n文本\"\r\n3,x\r\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_THAT(t->header, ElementsAre("id", "text"));
  ASSERT_EQ(t->rows.size(), 3U);
  EXPECT_THAT(t->rows[0].fields, ElementsAre("1", "冰箱坏了,要求退款"));
  EXPECT_EQ(t->rows[2].line, 5U);  // the quoted line end counts
  EXPECT_EQ(*ColumnIndex(*t, "text", "text-column"), 1U);
  const Status missing = ColumnIndex(*t, "facts", "text-column").status();
  EXPECT_THAT(missing, StatusIs(StatusCode::kInvalidArgument, "text-column"));
  EXPECT_THAT(missing.message(), HasSubstr("no column \"facts\" (the header has: id, text)"));
}

TEST(CsvTable, AGbkFileIsRefusedAsGbkNamingTheLine) {
  // "冰箱坏了" in GBK: C3 C0 CF E4 BB B5 C1 CB.
  const Status s = Read("id,text\n1,ok\n2,\xC3\xC0\xCF\xE4\xBB\xB5\xC1\xCB\n").status();
  EXPECT_THAT(s, StatusIs(StatusCode::kInvalidArgument, "encoding"));
  EXPECT_THAT(s.message(), HasSubstr("line 3 is not UTF-8: its bytes look like GBK"));
  // Latin-1 "café": 0xE9 ends the field, a GBK lead byte without its trail byte.
  const Status latin = Read("id,text\n1,caf\xE9\n").status();
  EXPECT_THAT(latin, StatusIs(StatusCode::kInvalidArgument, "encoding"));
  EXPECT_THAT(latin.message(), Not(HasSubstr("GBK")));
  EXPECT_THAT(latin.message(), HasSubstr("line 2 is not UTF-8"));
}

TEST(CsvTable, LooksLikeGbkOnlyForBytesThatAreNotUtf8AndPairUp) {
  EXPECT_TRUE(LooksLikeGbk("\xC4\xE3\xBA\xC3"));     // 你好
  EXPECT_TRUE(LooksLikeGbk("a\x81\x30\x81\x30 b"));  // GB 18030 four-byte form
  EXPECT_FALSE(LooksLikeGbk("你好"));                // UTF-8
  EXPECT_FALSE(LooksLikeGbk("\xC4"));                // a lead byte alone
  EXPECT_FALSE(LooksLikeGbk("\x80\x41"));            // 0x80 leads nothing
}

TEST(CsvTable, AnEmptyFileARaggedRowAndABrokenQuoteAreRefused) {
  EXPECT_THAT(Read("").status(), StatusIs(StatusCode::kInvalidArgument, "file"));
  const Status ragged = Read("id,text,label\n1,a,x\n2,b\n").status();
  EXPECT_THAT(ragged, StatusIs(StatusCode::kInvalidArgument, "file"));
  EXPECT_THAT(ragged.message(), HasSubstr("line 3 has 2 fields, the header 3"));
  const Status quote = Read("id,text\n1,\"open\n").status();
  EXPECT_THAT(quote, StatusIs(StatusCode::kInvalidArgument, "file"));
  EXPECT_THAT(quote.message(), HasSubstr("line 2: unterminated quote"));
  // A header alone is a table without rows (train refuses it, classify answers a header).
  EXPECT_TRUE(Read("id,text\n")->rows.empty());
}

}  // namespace
}  // namespace zq::complaint

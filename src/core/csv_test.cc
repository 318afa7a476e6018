#include "core/csv.h"

#include <sstream>

#include <gtest/gtest.h>

namespace zq {
namespace {

std::vector<CsvRecord> Read(const std::string& text) {
  std::istringstream in(text);
  std::vector<CsvRecord> out;
  EXPECT_TRUE(ReadCsv(in, [&](CsvRecord& r) {
                out.push_back(r);
                return true;
              }).ok());
  return out;
}

TEST(ReadCsv, HandlesQuotedCommasNewlinesAndDoubledQuotes) {
  auto recs = Read("a,b,c\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,,\n");
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[1].fields, (std::vector<std::string>{"x,1", "say \"hi\"", "two\nlines"}));
  EXPECT_EQ(recs[1].line, 2u);
  EXPECT_EQ(recs[2].line, 4u);  // the quoted newline moved it down
  EXPECT_EQ(recs[2].fields, (std::vector<std::string>{"last", "", ""}));
  for (const auto& r : recs) EXPECT_TRUE(r.error.ok()) << r.error.ToString();
}

TEST(ReadCsv, SkipsBomAndEmptyLinesAndAcceptsCrlf) {
  auto recs = Read("\xEF\xBB\xBFuscc,name\r\n\r\n91350100M000100Y43,甲公司\r\n");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].fields[0], "uscc");
  EXPECT_EQ(recs[1].fields, (std::vector<std::string>{"91350100M000100Y43", "甲公司"}));
  EXPECT_EQ(recs[1].line, 3u);
}

TEST(ReadCsv, ReportsBrokenQuotingOnItsRecordAndGoesOn) {
  auto recs = Read("a,b\nx\"y,z\n\"ok\"tail,w\ngood,row\n");
  ASSERT_EQ(recs.size(), 4u);
  EXPECT_EQ(recs[1].error.field(), "csv");
  EXPECT_NE(recs[1].error.message().find("stray quote"), std::string::npos);
  EXPECT_NE(recs[2].error.message().find("after the closing quote"), std::string::npos);
  EXPECT_TRUE(recs[3].error.ok());
  EXPECT_EQ(recs[3].line, 4u);
}

TEST(ReadCsv, UnterminatedQuoteAtTheEndIsReported) {
  auto recs = Read("a,b\n1,\"never closed\n2,3\n");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_NE(recs[1].error.message().find("unterminated"), std::string::npos);
  EXPECT_EQ(recs[1].line, 2u);
}

TEST(ReadCsv, OversizeRecordIsAnErrorAndReadingResumes) {
  std::string text = "a,b\n\"" + std::string(kMaxCsvRecordBytes + 10, 'x') + "\n";
  text += "after,it\n";
  auto recs = Read(text);
  ASSERT_GE(recs.size(), 2u);
  EXPECT_NE(recs[1].error.message().find("longer than"), std::string::npos);
}

TEST(ReadCsv, FlagsInvalidUtf8PerField) {
  auto recs = Read("a,b\nok,\xC3\x28\n");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[1].error.field(), "encoding");
  EXPECT_NE(recs[1].error.message().find("field 2"), std::string::npos);
}

TEST(IsValidUtf8, AcceptsChineseRejectsOverlongsSurrogatesAndTruncation) {
  EXPECT_TRUE(IsValidUtf8("质强 Zhiqiang 😀"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xE8\xB4"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\x80"));      // overlong three-byte
}

TEST(CsvLine, QuotesWhatNeedsItAndRoundTrips) {
  const std::vector<std::string> fields = {"plain", "a,b", "say \"x\"", "two\nlines", " pad", ""};
  const std::string line = CsvLine(fields);
  EXPECT_EQ(line, "plain,\"a,b\",\"say \"\"x\"\"\",\"two\nlines\",\" pad\",\r\n");
  auto recs = Read(line);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].fields, fields);
}

// Found by fuzz/csv_fuzz.cc: a first field that begins with a byte-order mark lost it on reading.
TEST(CsvLine, QuotesAFieldThatBeginsWithAByteOrderMark) {
  const std::vector<std::string> fields = {
      "\xEF\xBB\xBF"
      "b",
      "x"};
  auto recs = Read(CsvLine(fields));
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].fields, fields);
}

TEST(CsvLine, GuardsFormulasInExportsForPeople) {
  EXPECT_EQ(CsvLine({"=HYPERLINK(\"x\")", "+1", "-2", "@a", "ok"}, FormulaGuard::kOn),
            "\"'=HYPERLINK(\"\"x\"\")\",'+1,'-2,'@a,ok\r\n");
  EXPECT_EQ(CsvLine({"=1"}, FormulaGuard::kOff), "=1\r\n");
}

}  // namespace
}  // namespace zq

#include "core/xlsx.h"

#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "core/internal/xlsx_cells.h"
#include "core/internal/xlsx_sheet.h"
#include "core/table_file.h"
#include "core/testing/files.h"
#include "core/testing/status_is.h"

namespace zq {
namespace {

using status_matchers::StatusIs;
using ::testing::ElementsAre;

std::string TempPath(std::string_view name) {
  return (std::filesystem::temp_directory_path() /
          (std::to_string(::getpid()) + "-" + std::string(name)))
      .string();
}

// A ZIP package with the given parts, written by libzip: workbooks that spreadsheet programs
// other than libxlsxwriter write (inline strings, rich text, the 1904 system) and broken ones.
std::string Package(const std::map<std::string, std::string>& parts) {
  const std::string path = TempPath("package.zip");
  std::remove(path.c_str());
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(archive, nullptr);
  for (const auto& [name, text] : parts) {
    zip_source_t* source = zip_source_buffer(archive, text.data(), text.size(), 0);
    EXPECT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0);
  }
  EXPECT_EQ(zip_close(archive), 0);
  std::string bytes = testing_files::TestFileText(path);
  std::remove(path.c_str());
  return bytes;
}

const char* kWorkbookRels =
    R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>)";

std::string Workbook(bool date1904) {
  return std::string(
             R"(<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)") +
         (date1904 ? R"(<x:workbookPr date1904="1"/>)" : "") +
         R"(<x:sheets><x:sheet name="事件" sheetId="7" r:id="rId1"/></x:sheets></x:workbook>)";
}

// Styles: 0 general, 1 the built-in date 14, 2 a custom Chinese date, 3 a number with "d" only
// inside quotes (not a date).
const char* kStyles =
    R"(<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="0.0&quot; days&quot;"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>)";

std::map<std::string, std::string> Parts(std::string sheet_data, std::string shared = "",
                                         bool date1904 = false) {
  return {{"xl/workbook.xml", Workbook(date1904)},
          {"xl/_rels/workbook.xml.rels", kWorkbookRels},
          {"xl/styles.xml", kStyles},
          {"xl/sharedStrings.xml", "<sst>" + shared + "</sst>"},
          {"xl/worksheets/sheet1.xml",
           "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/"
           "spreadsheetml/2006/main\"><x:sheetData>" +
               sheet_data + "</x:sheetData></x:worksheet>"}};
}

std::vector<CsvRecord> Records(std::string_view bytes) {
  std::vector<CsvRecord> out;
  const Status read = ReadXlsx(bytes, [&](CsvRecord& r) {
    out.push_back(r);
    return true;
  });
  EXPECT_TRUE(read.ok()) << read.ToString();
  return out;
}

TEST(ReadXlsx, ReadsWhatLibxlsxwriterWritesFromTheFirstSheet) {
  const std::string path = TempPath("written.xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* sheet = workbook_add_worksheet(wb, "events");
  lxw_worksheet* second = workbook_add_worksheet(wb, "notes");
  lxw_format* iso = workbook_add_format(wb);
  format_set_num_format(iso, "yyyy-mm-dd");
  lxw_format* chinese = workbook_add_format(wb);
  format_set_num_format_index(chinese, 14);
  lxw_format* stamp = workbook_add_format(wb);
  format_set_num_format(stamp, "yyyy-mm-dd hh:mm:ss");
  worksheet_write_string(sheet, 0, 0, "uscc", nullptr);
  worksheet_write_string(sheet, 0, 1, "occurred_on", nullptr);
  worksheet_write_string(sheet, 0, 3, "summary", nullptr);  // column C left empty
  worksheet_write_string(sheet, 1, 0, "91370100MA3C5HXX2K", nullptr);
  lxw_datetime day = {2026, 3, 5, 0, 0, 0};
  worksheet_write_datetime(sheet, 1, 1, &day, iso);
  worksheet_write_number(sheet, 1, 2, 0.5, nullptr);
  worksheet_write_string(sheet, 1, 3, "抽查不合格 \"A\", 第2批", nullptr);
  // Row 3 is blank; row 4 has a built-in date format, a time of day and a boolean.
  lxw_datetime new_year = {2025, 1, 1, 0, 0, 0};
  worksheet_write_datetime(sheet, 3, 0, &new_year, chinese);
  lxw_datetime noon = {2026, 11, 24, 14, 30, 5};
  worksheet_write_datetime(sheet, 3, 1, &noon, stamp);
  worksheet_write_boolean(sheet, 3, 2, 1, nullptr);
  worksheet_write_formula_num(sheet, 3, 3, "=1+1", nullptr, 2);
  worksheet_write_string(second, 0, 0, "not this sheet", nullptr);
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);

  const std::vector<CsvRecord> rows = Records(testing_files::TestFileText(path));
  std::remove(path.c_str());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].line, 1u);
  EXPECT_THAT(rows[0].fields, ElementsAre("uscc", "occurred_on", "", "summary"));
  EXPECT_EQ(rows[1].line, 2u);
  EXPECT_THAT(rows[1].fields,
              ElementsAre("91370100MA3C5HXX2K", "2026-03-05", "0.5", "抽查不合格 \"A\", 第2批"));
  EXPECT_EQ(rows[2].line, 4u);  // the blank row 3 is skipped, numbering stays the sheet's
  EXPECT_THAT(rows[2].fields, ElementsAre("2025-01-01", "2026-11-24 14:30:05", "TRUE", "2"));
  for (const CsvRecord& r : rows) EXPECT_TRUE(r.error.ok()) << r.error.ToString();
}

TEST(ReadXlsx, ReadsInlineAndRichTextEscapesCustomDateFormatsAndCellGaps) {
  const std::string shared =
      R"(<si><t>plain</t></si><si><r><t>rich </t></r><r><rPr><b/></rPr><t xml:space="preserve">text </t></r><rPh><t>フリガナ</t></rPh></si><si><t>line_x000D__x000A_break_x005F_x0041_</t></si>)";
  const std::string data =
      R"(<x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c r="C2" t="s"><x:v>1</x:v></x:c><x:c r="D2" t="inlineStr"><x:is><x:t>内联</x:t></x:is></x:c></x:row>)"
      R"(<x:row r="5"><x:c r="A5" t="s"><x:v>2</x:v></x:c><x:c r="B5" s="2"><x:v>46000</x:v></x:c><x:c r="C5" s="3"><x:v>46000</x:v></x:c><x:c r="D5" t="e"><x:v>#N/A</x:v></x:c></x:row>)"
      R"(<x:row><x:c t="str"><x:f>A1</x:f><x:v>formula</x:v></x:c><x:c t="d"><x:v>2026-02-01T00:00:00</x:v></x:c></x:row>)"
      R"(<x:row r="0"><x:c t="inlineStr"><x:is><x:t>row zero</x:t></x:is></x:c></x:row>)";
  const std::vector<CsvRecord> rows = Records(Package(Parts(data, shared)));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].line, 2u);
  EXPECT_THAT(rows[0].fields, ElementsAre("plain", "", "rich text ", "内联"));
  EXPECT_EQ(rows[1].line, 5u);
  EXPECT_THAT(rows[1].fields, ElementsAre("line\r\nbreak_x0041_", "2025-12-09", "46000", "#N/A"));
  EXPECT_EQ(rows[2].line, 6u);  // no r attribute: the row after the last one
  EXPECT_THAT(rows[2].fields, ElementsAre("formula", "2026-02-01"));
  EXPECT_EQ(rows[3].line, 7u);  // r="0" is no row number (they start at 1): counted on
}

TEST(ReadXlsx, UsesTheWorkbooks1904DateSystem) {
  const std::vector<CsvRecord> rows = Records(
      Package(Parts(R"(<x:row r="1"><x:c s="1"><x:v>44196</x:v></x:c></x:row>)", "", true)));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_THAT(rows[0].fields, ElementsAre("2025-01-01"));
}

TEST(ReadXlsx, ABadRowIsReportedOnItsLineAndReadingGoesOn) {
  const std::string data =
      R"(<x:row r="1"><x:c t="s"><x:v>0</x:v></x:c></x:row>)"
      R"(<x:row r="2"><x:c t="s"><x:v>7</x:v></x:c></x:row>)"
      R"(<x:row r="3"><x:c r="XFE3"><x:v>1</x:v></x:c></x:row>)"
      R"(<x:row r="4"><x:c><x:v>)" +
      std::string(kMaxCsvRecordBytes + 1, '9') +
      R"(</x:v></x:c></x:row><x:row r="5"><x:c t="s"><x:v>0</x:v></x:c></x:row>)";
  const std::vector<CsvRecord> rows = Records(Package(Parts(data, "<si><t>ok</t></si>")));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_TRUE(rows[0].error.ok());
  EXPECT_THAT(rows[1].error, StatusIs(StatusCode::kInvalidArgument, "row"));
  EXPECT_THAT(rows[1].error.message(), ::testing::HasSubstr("shared string '7'"));
  EXPECT_THAT(rows[2].error.message(), ::testing::HasSubstr("XFE3"));
  EXPECT_THAT(rows[3].error.message(), ::testing::HasSubstr("longer than"));
  EXPECT_EQ(rows[4].line, 5u);
  EXPECT_THAT(rows[4].fields, ElementsAre("ok"));
}

// The fuzzer's find (fuzz/corpus/xlsx/cell-past-xfd): a cell without a reference after one in
// column XFD would be column 16,385. The row is an error on its line; no record is wider than XFD.
TEST(ReadXlsx, ACellCountedOnPastColumnXfdIsAnErrorOnItsRow) {
  const std::string fuzzed =
      R"(<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" s="1"><v>45658.5</v></c><c t="inlineS|r"><is><r><t>a_x000D_</t></r><rPh><t>b</t></rPh></is></c></row>)"
      R"(<row><c r="XFD2" t="b"><v>15</v></c><c t="inlineS|r"><is><r><t>a_x000D_</t></r><rPh><t>b</t></rPh></is></c></row>)"
      R"(<row><c r="XFD2" t=</v></c></row></sheetData></worksheet>)";
  const std::vector<std::string> strings = {"uscc", "甲公司", ""};
  const std::vector<bool> date_styles = {false, true, false};
  std::vector<CsvRecord> rows;
  const Status read = internal::ReadXlsxSheet(
      [&](XmlReader& reader) { return reader.Feed(fuzzed, true, "xl/worksheets/sheet1.xml"); },
      strings, date_styles, false,
      [&](CsvRecord& r) {
        rows.push_back(r);
        return true;
      });
  EXPECT_THAT(read, StatusIs(StatusCode::kInvalidArgument, "file"));  // row 3 is not XML
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[0].error.ok()) << rows[0].error.ToString();
  EXPECT_THAT(rows[0].fields, ElementsAre("甲公司", "2025-01-01 12:00:00",
                                          "a_x000D_"));  // t="inlineS|r" is no type
  EXPECT_EQ(rows[1].line, 2u);
  EXPECT_THAT(rows[1].error, StatusIs(StatusCode::kInvalidArgument, "row"));
  EXPECT_THAT(rows[1].error.message(), ::testing::HasSubstr("XFD"));
  EXPECT_LE(rows[1].fields.size(), 16384u);

  // The same in a well-formed workbook: the bad row is reported and the next row is read.
  const std::vector<CsvRecord> packaged = Records(Package(Parts(
      R"(<x:row r="1"><x:c r="XFC1"><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c><x:c><x:v>3</x:v></x:c></x:row>)"
      R"(<x:row r="2"><x:c r="XFD2"><x:v>4</x:v></x:c></x:row>)")));
  ASSERT_EQ(packaged.size(), 2u);
  EXPECT_EQ(packaged[0].line, 1u);
  EXPECT_THAT(packaged[0].error, StatusIs(StatusCode::kInvalidArgument, "row"));
  EXPECT_LE(packaged[0].fields.size(), 16384u);
  EXPECT_TRUE(packaged[1].error.ok());
  EXPECT_EQ(packaged[1].fields.size(), 16384u);
  EXPECT_EQ(packaged[1].fields.back(), "4");
}

TEST(ReadXlsx, StopsWhenTheCallerSaysSo) {
  const std::string data = R"(<x:row><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c></x:row>)"
                           R"(<x:row><x:c t="inlineStr"><x:is><x:t>b</x:t></x:is></x:c></x:row>)";
  int seen = 0;
  EXPECT_TRUE(ReadXlsx(Package(Parts(data)), [&](CsvRecord&) { return ++seen < 1; }).ok());
  EXPECT_EQ(seen, 1);
}

TEST(ReadXlsx, RefusesWhatIsNotAWorkbookWithTheFileField) {
  const auto refused = [](std::string_view bytes) {
    return ReadXlsx(bytes, [](CsvRecord&) { return true; });
  };
  EXPECT_THAT(refused("uscc,name\n"), StatusIs(StatusCode::kInvalidArgument, "file"));
  EXPECT_THAT(refused(std::string_view("PK\3\4 truncated", 15)),
              StatusIs(StatusCode::kInvalidArgument, "file"));
  EXPECT_THAT(refused(Package({{"hello.txt", "hi"}})),
              StatusIs(StatusCode::kInvalidArgument, "file"));
  std::map<std::string, std::string> broken = Parts("<x:row><x:c><x:v>1</x:v></x:row>");
  const Status malformed = refused(Package(broken));
  EXPECT_THAT(malformed, StatusIs(StatusCode::kInvalidArgument, "file"));
  EXPECT_THAT(malformed.message(), ::testing::HasSubstr("xl/worksheets/sheet1.xml"));
  // Entity declarations are refused before anything expands ("billion laughs").
  std::map<std::string, std::string> laughs = Parts("");
  laughs["xl/sharedStrings.xml"] =
      R"(<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><sst><si><t>&b;</t></si></sst>)";
  const Status dtd = refused(Package(laughs));
  EXPECT_THAT(dtd, StatusIs(StatusCode::kInvalidArgument, "file"));
  EXPECT_THAT(dtd.message(), ::testing::HasSubstr("DTD"));
}

TEST(ReadTableFile, TakesCsvOrAWorkbookByItsContent) {
  std::vector<std::vector<std::string>> seen;
  const auto collect = [&](CsvRecord& r) {
    seen.push_back(r.fields);
    return true;
  };
  std::istringstream csv("a,b\n1,2\n");
  ASSERT_TRUE(ReadTableFile(csv, collect).ok());
  std::istringstream xlsx(Package(Parts(
      R"(<x:row><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c><x:v>1</x:v></x:c></x:row>)"
      R"(<x:row><x:c><x:v>2</x:v></x:c><x:c s="1"/></x:row>)")));
  ASSERT_TRUE(ReadTableFile(xlsx, collect).ok());
  // The last row's empty B2 is padded to the header's width.
  EXPECT_THAT(seen, ElementsAre(ElementsAre("a", "b"), ElementsAre("1", "2"), ElementsAre("a", "1"),
                                ElementsAre("2", "")));
}

TEST(XlsxCells, DateSerialsFollowTheSpreadsheetCalendar) {
  using internal::DateFromSerial;
  // Reference: Python's date(1899, 12, 30) + timedelta(serial) for serials from 61 on, and
  // Excel's documented 1900-01-01 = 1 and its fictitious 1900-02-29 = 60.
  EXPECT_EQ(DateFromSerial("1", false), "1900-01-01");
  EXPECT_EQ(DateFromSerial("59", false), "1900-02-28");
  EXPECT_EQ(DateFromSerial("60", false), "1900-02-29");
  EXPECT_EQ(DateFromSerial("61", false), "1900-03-01");
  EXPECT_EQ(DateFromSerial("45658", false), "2025-01-01");
  EXPECT_EQ(DateFromSerial("45658.5", false), "2025-01-01 12:00:00");
  EXPECT_EQ(DateFromSerial("45658.999999999", false), "2025-01-02");  // rounds to midnight
  EXPECT_EQ(DateFromSerial("2958465", false), "9999-12-31");
  EXPECT_EQ(DateFromSerial("0", true), "1904-01-01");
  EXPECT_EQ(DateFromSerial("44196", true), "2025-01-01");
  EXPECT_EQ(DateFromSerial("2958466", false), std::nullopt);
  EXPECT_EQ(DateFromSerial("-1", false), std::nullopt);
  EXPECT_EQ(DateFromSerial("1e400", false), std::nullopt);
  EXPECT_EQ(DateFromSerial("abc", false), std::nullopt);
}

TEST(XlsxCells, DateFormatsAndColumnReferences) {
  using internal::ColumnOfCellReference;
  using internal::IsDateFormat;
  EXPECT_TRUE(IsDateFormat(14, ""));
  EXPECT_TRUE(IsDateFormat(31, ""));   // yyyy"年"m"月"d"日" in zh-CN
  EXPECT_FALSE(IsDateFormat(20, ""));  // h:mm, a time of day
  EXPECT_FALSE(IsDateFormat(2, ""));
  EXPECT_TRUE(IsDateFormat(164, "yyyy/m/d"));
  EXPECT_TRUE(IsDateFormat(164, "[$-804]dddd"));
  EXPECT_FALSE(IsDateFormat(164, "[Red]0.00"));
  EXPECT_FALSE(IsDateFormat(164, "0\"天\"\\d"));
  EXPECT_FALSE(IsDateFormat(164, "h:mm:ss"));
  EXPECT_EQ(ColumnOfCellReference("A1"), 0u);
  EXPECT_EQ(ColumnOfCellReference("Z9"), 25u);
  EXPECT_EQ(ColumnOfCellReference("AA1"), 26u);
  EXPECT_EQ(ColumnOfCellReference("XFD1048576"), 16383u);
  EXPECT_EQ(ColumnOfCellReference("XFE1"), std::nullopt);
  EXPECT_EQ(ColumnOfCellReference("AAAA1"), std::nullopt);
  EXPECT_EQ(ColumnOfCellReference("a1"), std::nullopt);
  EXPECT_EQ(ColumnOfCellReference("1"), std::nullopt);
}

}  // namespace
}  // namespace zq

// libFuzzer target: an uploaded spreadsheet never crashes the XLSX reader. The first byte picks
// what the rest is: a whole file (the ZIP package, through ReadTableFile as an import reads it),
// or the XML of a worksheet (the row, cell and date handling, which mutations of a compressed
// package rarely reach).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "core/internal/xlsx_sheet.h"
#include "core/table_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  // Every record names a row of the sheet (rows start at 1), and no row is wider than XFD.
  const auto check_row = [](zq::CsvRecord& r) {
    ZQ_CHECK(r.line > 0);
    ZQ_CHECK(r.fields.size() <= 16384);
    return true;
  };
  if (data[0] % 2 == 0) {
    std::istringstream in(rest);
    (void)zq::ReadTableFile(in, check_row);
  } else {
    static const std::vector<std::string> kStrings = {"uscc", "甲公司", ""};
    static const std::vector<bool> kDateStyles = {false, true, false};
    (void)zq::internal::ReadXlsxSheet(
        [&](zq::XmlReader& reader) { return reader.Feed(rest, true, "xl/worksheets/sheet1.xml"); },
        kStrings, kDateStyles, data[0] % 4 == 3, check_row);
  }
  return 0;
}

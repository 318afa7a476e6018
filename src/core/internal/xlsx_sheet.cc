#include "core/internal/xlsx_sheet.h"

#include <charconv>
#include <optional>

#include <fmt/format.h>

#include "core/internal/xlsx_cells.h"

namespace zq::internal {
namespace {

std::optional<std::size_t> ParseIndex(std::string_view text) {
  std::size_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty())
    return std::nullopt;
  return v;
}

// ISO/IEC 29500-1 §18.3.1.73: rows are numbered 1 to 1,048,576.
constexpr std::size_t kMaxRows = 1048576;
// §18.3.1.4: columns A to XFD.
constexpr std::size_t kMaxColumns = 16384;

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Rows of a worksheet (ISO/IEC 29500-1 §18.3.1: sheetData > row > c > v | is > t) as records.
class SheetRows {
 public:
  SheetRows(const std::vector<std::string>& shared_strings, const std::vector<bool>& date_styles,
            bool date1904, const std::function<bool(CsvRecord&)>& on_record)
      : shared_strings_(shared_strings),
        date_styles_(date_styles),
        date1904_(date1904),
        on_record_(on_record),
        reader_([this](std::string_view n, const char** a) { Start(n, a); },
                [this](std::string_view n) { End(n); }, [this](std::string_view t) { Text(t); }) {}

  XmlReader& reader() { return reader_; }

 private:
  void Start(std::string_view name, const char** a) {
    if (name == "row") {
      record_ = CsvRecord{};
      const char* r = XmlAttribute(a, "r");
      std::optional<std::size_t> number = r ? ParseIndex(r) : std::nullopt;
      if (number && (*number < 1 || *number > kMaxRows))
        number.reset();  // not a row of a sheet: count on from the previous row
      record_.line = number.value_or(last_line_ + 1);
      last_line_ = record_.line;
      row_bytes_ = 0;
      next_column_ = 0;
      nonblank_ = false;
    } else if (name == "c") {
      StartCell(a);
    } else if (name == "v") {
      collecting_ = true;
    } else if (name == "rPh") {
      ++phonetic_;
    } else if (name == "t") {
      collecting_ = in_inline_ && phonetic_ == 0;
    } else if (name == "is") {
      in_inline_ = true;
    }
  }

  void StartCell(const char** a) {
    const char* ref = XmlAttribute(a, "r");
    const char* type = XmlAttribute(a, "t");
    const char* style = XmlAttribute(a, "s");
    type_ = type ? type : "n";
    style_ = style ? ParseIndex(style).value_or(0) : 0;
    value_.clear();
    value_too_long_ = false;
    cell_ok_ = true;
    if (ref == nullptr && next_column_ >= kMaxColumns) {
      // Counting on from a cell in column XFD would place this one past the sheet's edge.
      cell_ok_ = false;
      Fail(fmt::format("a cell without a reference follows column XFD, the last of {} columns",
                       kMaxColumns));
    } else if (ref == nullptr) {
      column_ = next_column_;
    } else if (const std::optional<std::size_t> c = ColumnOfCellReference(ref); c) {
      column_ = *c;
    } else {
      cell_ok_ = false;
      Fail(fmt::format("cell reference '{}' is not a column A to XFD",
                       std::string_view(ref).substr(0, 20)));
    }
    next_column_ = column_ + 1;
  }

  void Text(std::string_view text) {
    if (!collecting_)
      return;
    if (value_.size() + text.size() > kMaxCsvRecordBytes) {
      value_too_long_ = true;
      return;
    }
    value_.append(text);
  }

  void End(std::string_view name) {
    if (name == "v" || name == "t") {
      collecting_ = false;
    } else if (name == "rPh") {
      --phonetic_;
    } else if (name == "is") {
      in_inline_ = false;
    } else if (name == "c") {
      EndCell();
    } else if (name == "row") {
      if (nonblank_ || !record_.error.ok()) {
        if (!on_record_(record_))
          reader_.Stop();
      }
    }
  }

  void EndCell() {
    if (!cell_ok_)
      return;
    if (value_too_long_)
      return Fail(fmt::format("a cell is longer than {} bytes", kMaxCsvRecordBytes));
    std::optional<std::string> text = CellText();
    if (!text)
      return;
    row_bytes_ += text->size();
    if (row_bytes_ > kMaxCsvRecordBytes)
      return Fail(fmt::format("the row is longer than {} bytes", kMaxCsvRecordBytes));
    if (text->empty())
      return;  // a styled cell without a value: no trailing empty fields for it
    nonblank_ = nonblank_ || !IsBlank(*text);
    if (record_.fields.size() <= column_)
      record_.fields.resize(column_ + 1);
    record_.fields[column_] = std::move(*text);
  }

  // The cell's text by its type (ISO/IEC 29500-1 §18.18.11 ST_CellType); nullopt after Fail.
  std::optional<std::string> CellText() {
    if (type_ == "s") {
      const std::optional<std::size_t> index = ParseIndex(value_);
      if (!index || *index >= shared_strings_.size()) {
        Fail(fmt::format("column {} refers to shared string '{}', which the workbook lacks",
                         column_ + 1, value_.substr(0, 20)));
        return std::nullopt;
      }
      return shared_strings_[*index];
    }
    if (type_ == "inlineStr" || type_ == "str")
      return DecodeXstring(value_);
    if (type_ == "b")
      return value_ == "1" ? "TRUE" : value_ == "0" ? "FALSE" : value_;
    if (type_ == "d") {
      // An ISO 8601 date-time; a date at midnight is shown as the date alone.
      if (value_.size() > 10 && value_[10] == 'T' &&
          value_.find_first_not_of("0:.Z", 11) == std::string::npos)
        return value_.substr(0, 10);
      return value_;
    }
    if (type_ == "n" && style_ < date_styles_.size() && date_styles_[style_])
      return DateFromSerial(value_, date1904_).value_or(value_);
    return value_;  // a number as stored, or an error code (t="e")
  }

  void Fail(std::string why) {
    if (record_.error.ok())
      record_.error = Status::InvalidArgument(std::move(why), "row");
  }

  const std::vector<std::string>& shared_strings_;
  const std::vector<bool>& date_styles_;
  const bool date1904_;
  const std::function<bool(CsvRecord&)>& on_record_;
  XmlReader reader_;

  CsvRecord record_;
  std::size_t last_line_ = 0;
  std::size_t row_bytes_ = 0;
  std::size_t next_column_ = 0;
  bool nonblank_ = false;

  std::string type_;
  std::size_t style_ = 0;
  std::size_t column_ = 0;
  std::string value_;
  bool value_too_long_ = false;
  bool cell_ok_ = true;
  bool collecting_ = false;
  bool in_inline_ = false;
  int phonetic_ = 0;
};

}  // namespace

Status ReadXlsxSheet(const std::function<Status(XmlReader&)>& parse,
                     const std::vector<std::string>& shared_strings,
                     const std::vector<bool>& date_styles, bool date1904,
                     const std::function<bool(CsvRecord&)>& on_record) {
  SheetRows rows(shared_strings, date_styles, date1904, on_record);
  return parse(rows.reader());
}

}  // namespace zq::internal

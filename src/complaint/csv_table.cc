// CSV files of texts for the classifier's commands (csv_table.h).
#include "complaint/csv_table.h"

#include <fmt/format.h>

namespace zq::complaint {
namespace {

bool Between(unsigned char c, unsigned char low, unsigned char high) {
  return c >= low && c <= high;
}

}  // namespace

bool LooksLikeGbk(std::string_view bytes) {
  if (IsValidUtf8(bytes))
    return false;
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (!Between(c, 0x81, 0xFE) || i + 1 >= bytes.size())
      return false;
    const auto t = static_cast<unsigned char>(bytes[i + 1]);
    if (Between(t, 0x40, 0x7E) || Between(t, 0x80, 0xFE)) {
      i += 2;
    } else if (Between(t, 0x30, 0x39) && i + 3 < bytes.size() &&
               Between(static_cast<unsigned char>(bytes[i + 2]), 0x81, 0xFE) &&
               Between(static_cast<unsigned char>(bytes[i + 3]), 0x30, 0x39)) {
      i += 4;  // GB 18030 four-byte form
    } else {
      return false;
    }
  }
  return true;
}

Result<CsvTable> ReadCsvTable(std::istream& in) {
  CsvTable table;
  bool have_header = false;
  Status bad;
  ZQ_RETURN_IF_ERROR(ReadCsv(in, [&](CsvRecord& r) {
    if (!r.error.ok()) {
      if (r.error.field() != "encoding") {
        bad =
            Status::InvalidArgument(fmt::format("line {}: {}", r.line, r.error.message()), "file");
        return false;
      }
      std::string raw;
      for (const std::string& f : r.fields) {
        if (!IsValidUtf8(f))
          raw += f;
      }
      bad = Status::InvalidArgument(
          LooksLikeGbk(raw)
              ? fmt::format("line {} is not UTF-8: its bytes look like GBK (GB 18030); convert "
                            "the file to UTF-8, e.g. iconv -f GB18030 -t UTF-8",
                            r.line)
              : fmt::format("line {} is not UTF-8 ({})", r.line, r.error.message()),
          "encoding");
      return false;
    }
    if (!have_header) {
      table.header = std::move(r.fields);
      have_header = true;
      return true;
    }
    if (r.fields.size() != table.header.size()) {
      bad = Status::InvalidArgument(fmt::format("line {} has {} fields, the header {}", r.line,
                                                r.fields.size(), table.header.size()),
                                    "file");
      return false;
    }
    table.rows.push_back(std::move(r));
    return true;
  }));
  ZQ_RETURN_IF_ERROR(bad);
  if (!have_header)
    return Status::InvalidArgument("the file is empty: no header", "file");
  return table;
}

Result<std::size_t> ColumnIndex(const CsvTable& table, std::string_view name,
                                std::string_view field) {
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    if (table.header[i] == name)
      return i;
  }
  return Status::InvalidArgument(
      fmt::format("no column \"{}\" (the header has: {})", name, fmt::join(table.header, ", ")),
      std::string(field));
}

}  // namespace zq::complaint

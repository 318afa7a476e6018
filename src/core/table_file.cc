#include "core/table_file.h"

#include <iterator>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "core/result.h"
#include "core/xlsx.h"

namespace zq {
namespace {

Result<std::string> ReadAll(std::istream& in) {
  std::string bytes;
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    bytes.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > kMaxTableFileBytes) {
      return Status::InvalidArgument(
          fmt::format("the file is larger than {} MiB", kMaxTableFileBytes >> 20), "file");
    }
  }
  if (in.bad())
    return Status::Unavailable("cannot read the file");
  return bytes;
}

}  // namespace

Status ReadTableFile(std::istream& in, const std::function<bool(CsvRecord&)>& on_record) {
  char signature[4] = {};
  const std::istream::pos_type start = in.tellg();
  in.read(signature, sizeof signature);
  const std::string_view head(signature, static_cast<std::size_t>(in.gcount()));
  in.clear();
  if (LooksLikeZip(head)) {
    ZQ_ASSIGN_OR_RETURN(std::string rest, ReadAll(in));
    // A sheet row ends at its last cell with a value; pad it to the header's width so that a
    // row with empty trailing cells reads like the CSV line ",,," would.
    std::size_t header_width = 0;
    bool header_seen = false;
    return ReadXlsx(std::string(head) + rest, [&](CsvRecord& record) {
      if (!header_seen) {
        header_seen = true;
        header_width = record.fields.size();
      } else if (record.fields.size() < header_width) {
        record.fields.resize(header_width);
      }
      return on_record(record);
    });
  }
  if (start != std::istream::pos_type(-1) && in.seekg(start))
    return ReadCsv(in, on_record);
  // A stream that cannot seek back (a pipe): the CSV is the bytes already read and the rest.
  in.clear();
  ZQ_ASSIGN_OR_RETURN(std::string rest, ReadAll(in));
  std::istringstream whole(std::string(head) + rest);
  return ReadCsv(whole, on_record);
}

}  // namespace zq

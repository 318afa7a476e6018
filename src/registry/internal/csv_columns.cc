#include "registry/internal/csv_columns.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/table_file.h"

namespace zq::registry::internal {

Status CsvColumns::Parse(const CsvRecord& header, std::span<const std::string_view> known,
                         std::span<const std::string_view> required,
                         std::span<const ColumnAlias> aliases) {
  if (!header.error.ok())
    return Status::InvalidArgument(header.error.message(), "header");
  width_ = header.fields.size();
  std::set<std::string, std::less<>> labels;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    std::string name = header.fields[i];
    while (!name.empty() && name.back() == ' ') name.pop_back();
    const auto alias = std::find_if(aliases.begin(), aliases.end(),
                                    [&](const ColumnAlias& a) { return a.label == name; });
    if (alias != aliases.end() && alias->name.empty()) {
      if (!labels.insert(name).second)
        return Status::InvalidArgument(fmt::format("column '{}' appears twice", name), "header");
      continue;
    }
    if (alias != aliases.end())
      name = std::string(alias->name);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return Status::InvalidArgument(fmt::format("unknown column '{}'", name.substr(0, 40)),
                                     "header");
    }
    if (columns_.contains(name))
      return Status::InvalidArgument(fmt::format("column '{}' appears twice", name), "header");
    columns_[name] = i;
  }
  for (const std::string_view r : required) {
    if (!columns_.contains(r))
      return Status::InvalidArgument(fmt::format("the header lacks column '{}'", r), "header");
  }
  return Status::Ok();
}

std::string CsvColumns::Get(const CsvRecord& record, std::string_view name) const {
  const auto it = columns_.find(name);
  if (it == columns_.end() || it->second >= record.fields.size())
    return {};
  const std::string& v = record.fields[it->second];
  const std::size_t start = v.find_first_not_of(" \t");
  if (start == std::string::npos)
    return {};
  const std::size_t end = v.find_last_not_of(" \t");
  return v.substr(start, end - start + 1);
}

Status ReadImportFile(std::istream& in, const std::function<Status(const CsvRecord&)>& header,
                      const std::function<Status(const CsvRecord&)>& row) {
  bool header_done = false;
  Status failure;
  ZQ_RETURN_IF_ERROR(ReadTableFile(in, [&](CsvRecord& rec) {
    failure = header_done ? row(rec) : header(rec);
    header_done = true;
    return failure.ok();
  }));
  ZQ_RETURN_IF_ERROR(failure);
  if (!header_done)
    return Status::InvalidArgument("the file is empty", "header");
  return Status::Ok();
}

Status RowImporter::ReadRow(const CsvRecord& rec) {
  ++report_.rows_read;
  if (!rec.error.ok())
    return rec.error;
  if (rec.fields.size() != columns_.size()) {
    return Status::InvalidArgument(
        fmt::format("{} fields, the header has {}", rec.fields.size(), columns_.size()), "csv");
  }
  return Status::Ok();
}

Status RowImporter::Reject(std::size_t line, const Status& why) {
  ++report_.rejected;
  if (report_.errors.size() < options_.max_reported_errors) {
    report_.errors.push_back(
        ImportError{line, why.field(), std::string(StatusCodeName(why.code())), why.message()});
  }
  return Status::Ok();
}

}  // namespace zq::registry::internal

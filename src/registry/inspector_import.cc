#include "registry/inspector_import.h"

#include <map>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "core/csv.h"
#include "registry/internal/csv_columns.h"

namespace zq::registry {
namespace {

constexpr std::string_view kRequired[] = {"inspector_id", "name", "unit", "region_code"};
constexpr std::string_view kKnown[] = {"inspector_id",   "name",   "unit",    "region_code",
                                       "qualifications", "active", "username"};

// What an unchanged row must match: the stored row with the name as its blind index.
struct Stored {
  std::string name_index;
  std::string unit;
  std::string region_code;
  std::string qualifications;  // comma-joined, as stored
  bool active = true;
  std::string username;
};

std::string Joined(const std::vector<std::string>& qualifications) {
  std::string out;
  for (const std::string& q : qualifications) out += (out.empty() ? "" : ",") + q;
  return out;
}

bool ParseActive(std::string_view text, bool& active) {
  static const std::map<std::string_view, bool> kWords = {
      {"", true},     {"1", true},      {"true", true}, {"yes", true},   {"在岗", true},
      {"0", false},   {"false", false}, {"no", false},  {"停用", false}, {"离岗", false},
      {"TRUE", true}, {"FALSE", false}};  // a spreadsheet's boolean cell
  const auto it = kWords.find(text);
  if (it == kWords.end())
    return false;
  active = it->second;
  return true;
}

std::vector<std::string> SplitQualifications(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t pos = 0; pos <= text.size();) {
    const std::size_t semi = std::min(text.find(';', pos), text.size());
    std::string_view part = text.substr(pos, semi - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty())
      out.emplace_back(part);
    pos = semi + 1;
  }
  return out;
}

class InspectorImporter : public internal::RowImporter {
 public:
  InspectorImporter(Registry& registry, const auth::Caller& caller, const ImportOptions& options)
      : RowImporter(options), registry_(registry), caller_(caller) {}

  Status LoadStored() {
    ZQ_ASSIGN_OR_RETURN(auto tx, registry_.db().Begin(store::TxMode::kReadOnly));
    return tx->QueryEach(
        "SELECT inspector_id, name_index, unit, region_code, qualifications, active, username "
        "FROM inspectors",
        {}, [&](const store::Row& r) {
          stored_[r.GetText(0)] = Stored{r.GetText(1), r.GetText(2),     r.GetText(3),
                                         r.GetText(4), r.GetInt(5) != 0, r.GetText(6)};
          return true;
        });
  }

  Status Header(const CsvRecord& rec) { return columns_.Parse(rec, kKnown, kRequired); }

  Status Row(const CsvRecord& rec) {
    if (Status malformed = ReadRow(rec); !malformed.ok())
      return Reject(rec.line, malformed);
    Inspector i;
    i.inspector_id = columns_.Get(rec, "inspector_id");
    i.name = columns_.Get(rec, "name");
    i.unit = columns_.Get(rec, "unit");
    i.region_code = columns_.Get(rec, "region_code");
    i.qualifications = SplitQualifications(columns_.Get(rec, "qualifications"));
    if (!ParseActive(columns_.Get(rec, "active"), i.active)) {
      return Reject(rec.line, Status::InvalidArgument(
                                  "active is 1 or 0 (true/false, yes/no, 在岗/停用)", "active"));
    }
    const auto old = stored_.find(i.inspector_id);
    if (columns_.Has("username"))
      i.username = columns_.Get(rec, "username");
    else if (old != stored_.end())
      i.username = old->second.username;  // keep the console link
    if (!seen_.insert(i.inspector_id).second) {
      return Reject(rec.line,
                    Status::AlreadyExists("this inspector appears on an earlier line of the file",
                                          "inspector_id"));
    }
    if (old != stored_.end() && caller_.CanSeeRegion(old->second.region_code) &&
        old->second.unit == i.unit && old->second.region_code == i.region_code &&
        old->second.qualifications == Joined(i.qualifications) && old->second.active == i.active &&
        old->second.username == i.username && !i.name.empty() &&
        old->second.name_index == registry_.SealWithIndex(i.name).index) {
      ++report_.unchanged;
      return Status::Ok();
    }
    Result<bool> written = registry_.UpsertInspector(caller_, i);
    if (!written.ok()) {
      // Bad input or scope is the row's fault; anything else (the database) stops the import.
      const StatusCode code = written.status().code();
      if (code != StatusCode::kInvalidArgument && code != StatusCode::kPermissionDenied &&
          code != StatusCode::kAlreadyExists && code != StatusCode::kNotFound)
        return written.status();
      return Reject(rec.line, written.status());
    }
    ++(old == stored_.end() ? report_.inserted : report_.updated);
    if (options_.progress && report_.rows_read % options_.batch_size == 0)
      options_.progress(report_.rows_read);
    return Status::Ok();
  }

 private:
  Registry& registry_;
  const auth::Caller& caller_;
  std::map<std::string, Stored, std::less<>> stored_;
  std::set<std::string> seen_;
};

}  // namespace

Result<ImportReport> ImportInspectors(Registry& registry, const auth::Caller& caller,
                                      std::istream& in, const ImportOptions& options) {
  if (!caller.CanWrite())
    return Status::PermissionDenied("this role may not import inspectors");
  if (options.batch_size == 0)
    return Status::InvalidArgument("batch size is 0", "batch_size");
  InspectorImporter importer(registry, caller, options);
  ZQ_RETURN_IF_ERROR(importer.LoadStored());
  ZQ_RETURN_IF_ERROR(internal::ReadImportFile(
      in, [&](const CsvRecord& rec) { return importer.Header(rec); },
      [&](const CsvRecord& rec) { return importer.Row(rec); }));
  return std::move(importer.report());
}

}  // namespace zq::registry

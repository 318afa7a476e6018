#include "credit/event_import.h"

#include <array>
#include <charconv>
#include <map>
#include <set>

#include "core/table_file.h"

namespace zq::credit {
namespace {

enum Column {
  kSource,
  kSourceId,
  kEventType,
  kUscc,
  kOccurredOn,
  kEvidenceRef,
  kSeverity,
  kSummary
};

constexpr std::array<std::string_view, 8> kColumnNames = {"source",   "source_id",   "event_type",
                                                          "uscc",     "occurred_on", "evidence_ref",
                                                          "severity", "summary"};
// The Chinese headers of the same columns, in the same order (the console's template in Chinese).
constexpr std::array<std::string_view, 8> kChineseColumnNames = {
    "来源部门", "来源编号", "事件类型", "统一社会信用代码",
    "发生日期", "依据文号", "严重程度", "摘要"};
constexpr int kRequiredColumns = 6;

// The column a header names, in English or in Chinese; -1 for none.
int ColumnOf(std::string name) {
  while (!name.empty() && name.back() == ' ') name.pop_back();
  for (std::size_t c = 0; c < kColumnNames.size(); ++c) {
    if (name == kColumnNames[c] || name == kChineseColumnNames[c])
      return static_cast<int>(c);
  }
  return -1;
}

}  // namespace

Result<registry::ImportReport> ImportEvents(CreditService& service, store::Database& db,
                                            const auth::Caller& caller, std::istream& in,
                                            const registry::ImportOptions& options) {
  registry::ImportReport report;
  std::array<int, kColumnNames.size()> index;
  index.fill(-1);
  bool header_read = false;
  Status failure;
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<CreditEvent> batch;

  const auto reject = [&](std::size_t line, const Status& why) {
    ++report.rejected;
    if (report.errors.size() < options.max_reported_errors) {
      report.errors.push_back(registry::ImportError{
          line, why.field(), std::string(StatusCodeName(why.code())), why.message()});
    }
  };
  const auto flush = [&]() -> Status {
    if (batch.empty())
      return Status::Ok();
    ZQ_RETURN_IF_ERROR(store::InTransaction(db, [&](store::Transaction& tx) -> Status {
      ZQ_ASSIGN_OR_RETURN(const std::vector<RecordOutcome> outcomes,
                          service.StoreEvents(tx, caller, batch));
      for (const RecordOutcome& o : outcomes) ++(o.created ? report.inserted : report.unchanged);
      return Status::Ok();
    }));
    batch.clear();
    if (options.progress)
      options.progress(report.rows_read);
    return Status::Ok();
  };

  ZQ_RETURN_IF_ERROR(ReadTableFile(in, [&](CsvRecord& record) {
    if (!header_read) {
      header_read = true;
      for (std::size_t i = 0; i < record.fields.size(); ++i) {
        const int c = ColumnOf(record.fields[i]);
        if (c < 0) {
          failure = Status::InvalidArgument(
              "unknown column '" + record.fields[i].substr(0, 40) + "'", "header");
          return false;
        }
        if (index[static_cast<std::size_t>(c)] >= 0) {
          failure = Status::InvalidArgument(
              "column '" + std::string(kColumnNames[static_cast<std::size_t>(c)]) +
                  "' appears twice",
              "header");
          return false;
        }
        index[static_cast<std::size_t>(c)] = static_cast<int>(i);
      }
      for (int c = 0; c < kRequiredColumns; ++c) {
        if (index[static_cast<std::size_t>(c)] < 0) {
          failure = Status::InvalidArgument(
              "missing column '" + std::string(kColumnNames[static_cast<std::size_t>(c)]) + "'",
              "header");
          return false;
        }
      }
      failure = CheckReporter(caller);  // before any row is read
      return failure.ok();
    }
    ++report.rows_read;
    if (!record.error.ok()) {
      reject(record.line, record.error);
      return true;
    }
    const auto field = [&](Column c) -> std::string {
      const int i = index[c];
      return i >= 0 && static_cast<std::size_t>(i) < record.fields.size()
                 ? record.fields[static_cast<std::size_t>(i)]
                 : std::string();
    };
    CreditEvent e;
    e.source = field(kSource);
    e.source_id = field(kSourceId);
    e.event_type = field(kEventType);
    e.uscc = field(kUscc);
    e.occurred_on = field(kOccurredOn);
    e.evidence_ref = field(kEvidenceRef);
    e.summary = field(kSummary);
    if (const std::string severity = field(kSeverity); !severity.empty()) {
      const auto [end, ec] =
          std::from_chars(severity.data(), severity.data() + severity.size(), e.severity);
      if (ec != std::errc() || end != severity.data() + severity.size()) {
        reject(record.line, Status::InvalidArgument("severity is a whole number 0-5", "severity"));
        return true;
      }
    }
    if (Status ok = service.PrepareEvent(caller, e); !ok.ok()) {
      reject(record.line, ok);
      return true;
    }
    if (!seen.emplace(e.source, e.source_id).second) {
      reject(record.line,
             Status::AlreadyExists("(source, source_id) repeated in the file", "source_id"));
      return true;
    }
    batch.push_back(std::move(e));
    if (batch.size() >= options.batch_size) {
      failure = flush();
      return failure.ok();
    }
    return true;
  }));
  ZQ_RETURN_IF_ERROR(failure);
  if (!header_read)
    return Status::InvalidArgument("the file is empty (no header row)", "header");
  ZQ_RETURN_IF_ERROR(flush());
  return report;
}

}  // namespace zq::credit

#include "registry/entity_import.h"

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "registry/internal/csv_columns.h"
#include "registry/internal/entity_chunk.h"
#include "registry/internal/entity_columns.h"
#include "registry/internal/entity_sql.h"
#include "registry/internal/entity_validation.h"

namespace zq::registry {
namespace {

constexpr std::string_view kRequired[] = {"uscc", "name", "region_code"};
constexpr std::string_view kKnown[] = {"uscc",
                                       "name",
                                       "region_code",
                                       "legal_representative",
                                       "industry_code",
                                       "type",
                                       "registered_capital",
                                       "established_on",
                                       "deregistered_on",
                                       "status",
                                       "size",
                                       "address"};

// "1234.5" yuan → 123450 fen, exactly.
bool ParseYuan(std::string_view text, std::int64_t& fen) {
  if (text.empty()) {
    fen = 0;
    return true;
  }
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || frac.size() > 2)
    return false;
  std::int64_t y = 0;
  auto [p, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), y);
  if (ec != std::errc() || p != whole.data() + whole.size() || y < 0 || y > 1'000'000'000'000) {
    return false;
  }
  std::int64_t f = 0;
  for (std::size_t i = 0; i < 2; ++i) {
    const char c = i < frac.size() ? frac[i] : '0';
    if (c < '0' || c > '9')
      return false;
    f = f * 10 + (c - '0');
  }
  fen = y * 100 + f;
  return true;
}

class Importer : public internal::RowImporter {
 public:
  Importer(Registry& registry, const auth::Caller& caller, const ImportOptions& options)
      : RowImporter(options), registry_(registry), caller_(caller) {}

  Status LoadReferenceSets() {
    ZQ_ASSIGN_OR_RETURN(auto tx, registry_.db().Begin(store::TxMode::kReadOnly));
    ZQ_RETURN_IF_ERROR(
        tx->QueryEach("SELECT code, level FROM regions", {}, [&](const store::Row& r) {
          region_levels_[r.GetText(0)] = static_cast<int>(r.GetInt(1));
          return true;
        }));
    return tx->QueryEach("SELECT code FROM industries", {}, [&](const store::Row& r) {
      industries_.insert(r.GetText(0));
      return true;
    });
  }

  Status Header(const CsvRecord& rec) {
    return columns_.Parse(rec, kKnown, kRequired, internal::kEntityColumnAliases);
  }

  Status Row(const CsvRecord& rec) {
    if (Status malformed = ReadRow(rec); !malformed.ok())
      return Reject(rec.line, malformed);
    auto get = [&](std::string_view name) { return columns_.Get(rec, name); };
    MarketEntity e;
    e.uscc = get("uscc");
    for (char& c : e.uscc) {
      if (c >= 'a' && c <= 'z')
        c = static_cast<char>(c - 'a' + 'A');
    }
    e.name = get("name");
    e.region_code = get("region_code");
    e.legal_representative = get("legal_representative");
    e.industry_code = get("industry_code");
    e.established_on = get("established_on");
    if (std::string d = get("deregistered_on"); !d.empty())
      e.deregistered_on = d;
    e.address = get("address");
    if (std::string t = get("type"); !t.empty() && !ParseEntityType(t, e.type)) {
      return Reject(rec.line, Status::InvalidArgument("unknown entity type", "type"));
    }
    if (std::string s = get("status"); !s.empty() && !ParseEntityStatus(s, e.status)) {
      return Reject(rec.line, Status::InvalidArgument("unknown status", "status"));
    }
    if (std::string s = get("size"); !s.empty() && !ParseEntitySize(s, e.size)) {
      return Reject(rec.line, Status::InvalidArgument("unknown size", "size"));
    }
    if (!ParseYuan(get("registered_capital"), e.registered_capital_fen)) {
      return Reject(rec.line,
                    Status::InvalidArgument("registered capital is yuan with at most 2 decimals",
                                            "registered_capital"));
    }
    Status valid = internal::ValidateEntityFields(
        e,
        [&](std::string_view code) {
          auto it = region_levels_.find(std::string(code));
          return it == region_levels_.end() ? 0 : it->second;
        },
        [&](std::string_view code) { return industries_.contains(std::string(code)); });
    if (!valid.ok())
      return Reject(rec.line, valid);
    if (!caller_.CanSeeRegion(e.region_code)) {
      return Reject(rec.line, Status::PermissionDenied("outside your jurisdiction", "region_code"));
    }
    if (!seen_.insert(e.uscc).second) {
      return Reject(rec.line, Status::AlreadyExists(
                                  "this USCC appears on an earlier line of the file", "uscc"));
    }
    SealedField sealed = registry_.SealWithIndex(e.legal_representative);
    batch_.push_back(internal::ChunkRow{rec.line, std::move(e), std::move(sealed)});
    if (batch_.size() >= options_.batch_size)
      return Flush();
    return Status::Ok();
  }

  // Hands the rows gathered so far to the writer; false when the writer has stopped.
  Status Flush() {
    if (batch_.empty())
      return Status::Ok();
    Chunk chunk{std::move(batch_), report_.rows_read};
    batch_.clear();
    if (!chunks_.Push(std::move(chunk)))
      return Status::Unavailable("the import stopped at a chunk that could not be written");
    return Status::Ok();
  }

  // The writer: each chunk in its own transaction, while the reader thread reads, checks and
  // seals the next one. Returns the first error; the chunks before it stay committed.
  Status WriteChunks(std::vector<ImportError>& rejected, ImportReport& counts) {
    while (std::optional<Chunk> chunk = chunks_.Pop()) {
      internal::ChunkOutcome outcome;
      Status s = store::InTransaction(registry_.db(), [&](store::Transaction& tx) -> Status {
        ZQ_ASSIGN_OR_RETURN(outcome,
                            internal::WriteEntityChunk(tx, registry_, caller_, chunk->rows));
        return Status::Ok();
      });
      if (!s.ok()) {
        chunks_.Cancel();
        return s;
      }
      counts.inserted += outcome.inserted;
      counts.updated += outcome.updated;
      counts.unchanged += outcome.unchanged;
      rejected.insert(rejected.end(), outcome.rejected.begin(), outcome.rejected.end());
      if (options_.progress)
        options_.progress(chunk->rows_read);
    }
    return Status::Ok();
  }

  void CloseChunks() { chunks_.Close(); }

  // A row the writer refused on what is stored.
  Status RejectStored(const ImportError& e) {
    return Reject(e.line, Status::PermissionDenied(e.message, e.field));
  }

 private:
  struct Chunk {
    std::vector<internal::ChunkRow> rows;
    std::size_t rows_read = 0;  // of the file when the chunk was handed over
  };

  // At most two chunks wait between the reader and the writer.
  class ChunkQueue {
   public:
    bool Push(Chunk chunk) {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return queue_.size() < 2 || cancelled_; });
      if (cancelled_)
        return false;
      queue_.push_back(std::move(chunk));
      cv_.notify_all();
      return true;
    }

    std::optional<Chunk> Pop() {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return !queue_.empty() || closed_; });
      if (queue_.empty())
        return std::nullopt;
      Chunk c = std::move(queue_.front());
      queue_.pop_front();
      cv_.notify_all();
      return c;
    }

    void Close() {
      std::lock_guard lock(mu_);
      closed_ = true;
      cv_.notify_all();
    }

    void Cancel() {
      std::lock_guard lock(mu_);
      cancelled_ = true;
      cv_.notify_all();
    }

   private:
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Chunk> queue_;
    bool closed_ = false, cancelled_ = false;
  };

  Registry& registry_;
  const auth::Caller& caller_;
  std::unordered_map<std::string, int> region_levels_;
  std::unordered_set<std::string> industries_;
  std::unordered_set<std::string> seen_;
  std::vector<internal::ChunkRow> batch_;
  ChunkQueue chunks_;
};

}  // namespace

Result<ImportReport> ImportEntities(Registry& registry, const auth::Caller& caller,
                                    std::istream& in, const ImportOptions& options) {
  if (!caller.CanWrite())
    return Status::PermissionDenied("this role may not import entities");
  if (options.batch_size == 0)
    return Status::InvalidArgument("batch size is 0", "batch_size");
  Importer importer(registry, caller, options);
  ZQ_RETURN_IF_ERROR(importer.LoadReferenceSets());
  // This thread reads, checks and seals the rows; another writes the chunks (two cores busy).
  Status read;
  std::thread reader([&] {
    read = internal::ReadImportFile(
        in, [&](const CsvRecord& rec) { return importer.Header(rec); },
        [&](const CsvRecord& rec) { return importer.Row(rec); });
    if (read.ok())
      read = importer.Flush();
    importer.CloseChunks();
  });
  std::vector<ImportError> rejected;
  ImportReport counts;
  Status written = importer.WriteChunks(rejected, counts);
  reader.join();
  ZQ_RETURN_IF_ERROR(written);
  ZQ_RETURN_IF_ERROR(read);
  ImportReport& report = importer.report();
  report.inserted = counts.inserted;
  report.updated = counts.updated;
  report.unchanged = counts.unchanged;
  for (const ImportError& e : rejected) {
    ZQ_RETURN_IF_ERROR(importer.RejectStored(e));
  }
  std::stable_sort(report.errors.begin(), report.errors.end(),
                   [](const ImportError& a, const ImportError& b) { return a.line < b.line; });
  return std::move(report);
}

nlohmann::json ImportReportJson(const ImportReport& report) {
  nlohmann::json errors = nlohmann::json::array();
  for (const ImportError& e : report.errors) {
    errors.push_back(
        {{"line", e.line}, {"field", e.field}, {"code", e.code}, {"message", e.message}});
  }
  return {{"rows_read", report.rows_read}, {"inserted", report.inserted},
          {"updated", report.updated},     {"unchanged", report.unchanged},
          {"rejected", report.rejected},   {"errors", errors}};
}

}  // namespace zq::registry

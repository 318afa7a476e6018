#include "registry/entity_import.h"

#include <charconv>
#include <map>
#include <set>
#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "registry/internal/csv_columns.h"
#include "registry/internal/entity_sql.h"
#include "registry/internal/entity_validation.h"

namespace zq::registry {
namespace {

using store::Value;

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

struct Pending {
  std::size_t line;
  MarketEntity entity;
};

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

  Status Header(const CsvRecord& rec) { return columns_.Parse(rec, kKnown, kRequired); }

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
    batch_.push_back(Pending{rec.line, std::move(e)});
    if (batch_.size() >= options_.batch_size)
      return Flush();
    return Status::Ok();
  }

  Status Flush() {
    if (batch_.empty())
      return Status::Ok();
    std::size_t inserted = 0, updated = 0, unchanged = 0;
    const std::string now = auth::FormatTimestamp(registry_.clock().Now());
    Status s = store::InTransaction(registry_.db(), [&](store::Transaction& tx) -> Status {
      inserted = updated = unchanged = 0;
      std::map<std::string, MarketEntity> existing;
      for (std::size_t start = 0; start < batch_.size(); start += 500) {
        const std::size_t end = std::min(batch_.size(), start + 500);
        std::string marks;
        std::vector<Value> keys;
        for (std::size_t i = start; i < end; ++i) {
          marks += i == start ? "?" : ", ?";
          keys.emplace_back(batch_[i].entity.uscc);
        }
        ZQ_RETURN_IF_ERROR(tx.QueryEach(fmt::format("SELECT {} FROM entities WHERE uscc IN ({})",
                                                    internal::EntityColumns().List(), marks),
                                        keys, [&](const store::Row& r) {
                                          MarketEntity old = internal::EntityFromRow(r);
                                          existing.emplace(old.uscc, std::move(old));
                                          return true;
                                        }));
      }
      std::vector<std::vector<Value>> fresh;
      for (const Pending& p : batch_) {
        auto it = existing.find(p.entity.uscc);
        if (it == existing.end()) {
          fresh.push_back(internal::EntityValues(
              p.entity, registry_.SealWithIndex(p.entity.legal_representative), now));
          ++inserted;
          continue;
        }
        MarketEntity old = it->second;
        if (!caller_.CanSeeRegion(old.region_code)) {
          return Status::PermissionDenied(
              fmt::format("line {}: the stored entity lies outside your jurisdiction", p.line),
              "uscc");
        }
        old.legal_representative = registry_.OpenedPersonalField(old.legal_representative);
        if (internal::SameEntity(old, p.entity)) {
          ++unchanged;
          continue;
        }
        ZQ_RETURN_IF_ERROR(internal::WriteEntity(
            tx, p.entity, registry_.SealWithIndex(p.entity.legal_representative), now));
        ++updated;
      }
      if (!fresh.empty()) {
        ZQ_RETURN_IF_ERROR(tx.BulkInsert("entities", internal::EntityColumnList(), fresh));
      }
      if (inserted + updated == 0)
        return Status::Ok();  // nothing written, nothing to audit
      const nlohmann::json detail = {{"inserted", inserted},
                                     {"updated", updated},
                                     {"first_line", batch_.front().line},
                                     {"last_line", batch_.back().line}};
      return registry_.audit().Append(tx, caller_, "entity.import", "entities", detail.dump());
    });
    ZQ_RETURN_IF_ERROR(s);
    report_.inserted += inserted;
    report_.updated += updated;
    report_.unchanged += unchanged;
    batch_.clear();
    if (options_.progress)
      options_.progress(report_.rows_read);
    return Status::Ok();
  }

 private:
  Registry& registry_;
  const auth::Caller& caller_;
  std::unordered_map<std::string, int> region_levels_;
  std::unordered_set<std::string> industries_;
  std::unordered_set<std::string> seen_;
  std::vector<Pending> batch_;
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
  ZQ_RETURN_IF_ERROR(internal::ReadImportFile(
      in, [&](const CsvRecord& rec) { return importer.Header(rec); },
      [&](const CsvRecord& rec) { return importer.Row(rec); }));
  ZQ_RETURN_IF_ERROR(importer.Flush());
  return std::move(importer.report());
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

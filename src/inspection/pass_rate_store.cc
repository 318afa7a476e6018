#include "inspection/pass_rate_store.h"

#include <algorithm>
#include <string>
#include <thread>

#include <fmt/format.h>

namespace zq::inspection {
namespace {

// The size FirmSizeName names `text`; kUnknown for any other text.
FirmSize SizeFrom(std::string_view text) {
  for (FirmSize size : {FirmSize::kLarge, FirmSize::kMedium, FirmSize::kSmall, FirmSize::kMicro}) {
    if (FirmSizeName(size) == text)
      return size;
  }
  return FirmSize::kUnknown;
}

}  // namespace

Result<std::vector<BatchVerdict>> LoadStoredVerdicts(store::Transaction& tx,
                                                     std::optional<std::int64_t> batch_id) {
  std::vector<store::Value> params;
  std::string where = "WHERE b.status = 'final'";
  if (batch_id) {
    where += " AND b.id = ?";
    params.emplace_back(*batch_id);
  }
  std::vector<BatchVerdict> out;
  ZQ_RETURN_IF_ERROR(tx.QueryEach(
      fmt::format(
          "SELECT b.id, b.category_code, b.region_code, COALESCE(e.industry_code, ''), "
          "COALESCE(e.size, ''), b.final_on, b.final_verdict "
          "FROM inspection_batches b LEFT JOIN registry_entity_facts e ON e.uscc = b.uscc {}",
          where),
      params, [&](const store::Row& r) {
        BatchVerdict v;
        v.verdict_id = std::to_string(r.GetInt(0));
        v.product_category = r.GetText(1);
        v.region_code = r.GetText(2);
        v.industry_code = r.GetText(3).empty() ? std::string("unknown") : r.GetText(3);
        v.firm_size = SizeFrom(r.GetText(4));
        v.period = r.GetText(5).substr(0, 7);
        v.outcome = r.GetText(6) == "pass" ? BatchOutcome::kPass : BatchOutcome::kFail;
        out.push_back(std::move(v));
        return true;
      }));
  return out;
}

namespace {

// The stored final verdicts with ids in [lo, hi) as columns: read in place (store::RowView), the
// dimension values interned, nothing allocated per verdict. The firms' facts are not joined row
// by row: each distinct firm's industry and size is read once afterwards (IN lists of 500), so a
// firm with many verdicts costs one look-up, not one per verdict.
Status ReadVerdictColumns(store::Database& db, std::int64_t lo, std::int64_t hi,
                          VerdictColumns& out) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(store::TxMode::kReadOnly));
  const std::vector<store::Value> range = {lo, hi};
  Dictionary firms;
  std::vector<std::uint32_t> firm;  // per verdict, into `firms`
  ZQ_RETURN_IF_ERROR(tx->Scan(
      "SELECT id, uscc, category_code, region_code, final_on, final_verdict "
      "FROM inspection_batches WHERE status = 'final' AND id >= ? AND id < ?",
      range, [&](const store::RowView& r) {
        out.id.push_back(r.Int(0));
        firm.push_back(firms.Intern(r.Text(1)));
        out.category.push_back(out.categories.Intern(r.Text(2)));
        out.region.push_back(out.regions.Intern(r.Text(3)));
        out.period.push_back(out.periods.Intern(r.Text(4).substr(0, 7)));
        out.outcome.push_back(r.Text(5) == "pass" ? BatchOutcome::kPass : BatchOutcome::kFail);
        return true;
      }));
  // Unregistered firms keep industry "unknown" and size kUnknown.
  const std::uint32_t unknown = out.industries.Intern("unknown");
  std::vector<std::uint32_t> firm_industry(firms.size(), unknown);
  std::vector<FirmSize> firm_size(firms.size(), FirmSize::kUnknown);
  constexpr std::uint32_t kChunk = 500;
  std::vector<store::Value> keys;
  for (std::uint32_t first = 0; first < firms.size(); first += kChunk) {
    const std::uint32_t end = std::min<std::uint32_t>(first + kChunk, firms.size());
    keys.clear();
    std::string marks;
    for (std::uint32_t f = first; f < end; ++f) {
      keys.emplace_back(firms[f]);
      marks += f == first ? "?" : ", ?";
    }
    ZQ_RETURN_IF_ERROR(tx->Scan(
        "SELECT uscc, industry_code, size FROM registry_entity_facts WHERE uscc IN (" + marks + ")",
        keys, [&](const store::RowView& r) {
          const std::uint32_t f = firms.Intern(r.Text(0));  // known: one of the keys
          if (f < firm_industry.size()) {
            firm_industry[f] = r.Text(1).empty() ? unknown : out.industries.Intern(r.Text(1));
            firm_size[f] = SizeFrom(r.Text(2));
          }
          return true;
        }));
  }
  out.industry.resize(firm.size());
  out.size.resize(firm.size());
  for (std::size_t v = 0; v < firm.size(); ++v) {
    out.industry[v] = firm_industry[firm[v]];
    out.size[v] = firm_size[firm[v]];
  }
  return Status::Ok();
}

}  // namespace

Status PassRateStore::Load(store::Database& db) {
  // Two id ranges read side by side, each on its own connection (a transaction each: a verdict
  // committed meanwhile is folded in by its Refresh), then one cube built from both.
  std::int64_t first = 0;
  std::int64_t last = 0;
  {
    ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(store::TxMode::kReadOnly));
    ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                        tx->Query("SELECT MIN(id), MAX(id) FROM inspection_batches"));
    first = rs.rows.at(0).GetInt(0);
    last = rs.rows.at(0).GetInt(1);
  }
  constexpr int kParts = 2;
  std::vector<VerdictColumns> parts(kParts);
  std::vector<Status> read(kParts);
  {
    std::vector<std::jthread> threads;
    for (int p = 0; p < kParts; ++p) {
      const std::int64_t lo = p == 0 ? first : first + (last - first + 1) * p / kParts;
      const std::int64_t hi =
          p == kParts - 1 ? last + 1 : first + (last - first + 1) * (p + 1) / kParts;
      threads.emplace_back([&, p, lo, hi] {
        read[static_cast<std::size_t>(p)] =
            ReadVerdictColumns(db, lo, hi, parts[static_cast<std::size_t>(p)]);
      });
    }
  }
  for (const Status& s : read) ZQ_RETURN_IF_ERROR(s);
  ZQ_ASSIGN_OR_RETURN(PassRateCube cube,
                      PassRateCube::Build(std::span<const VerdictColumns>(parts)));
  std::lock_guard lock(mu_);
  cube_ = std::move(cube);
  loaded_ = true;
  return Status::Ok();
}

Status PassRateStore::EnsureLoaded(store::Database& db) {
  {
    std::lock_guard lock(mu_);
    if (loaded_)
      return Status::Ok();
  }
  return Load(db);
}

Status PassRateStore::Refresh(store::Database& db, std::int64_t batch_id) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(std::vector<BatchVerdict> verdicts, LoadStoredVerdicts(*tx, batch_id));
  std::lock_guard lock(mu_);
  if (!loaded_)
    return Status::Ok();
  if (verdicts.empty()) {
    Status removed = cube_.Remove(std::to_string(batch_id));
    return removed.code() == StatusCode::kNotFound ? Status::Ok() : removed;
  }
  return cube_.Upsert(verdicts.front());
}

Result<std::vector<CubeRow>> PassRateStore::Query(const CubeQuery& query) const {
  std::lock_guard lock(mu_);
  return cube_.Query(query);
}

std::map<CubeCell, BatchCounts> PassRateStore::Snapshot() const {
  std::lock_guard lock(mu_);
  return cube_.cells();
}

std::size_t PassRateStore::verdict_count() const {
  std::lock_guard lock(mu_);
  return cube_.verdict_count();
}

}  // namespace zq::inspection

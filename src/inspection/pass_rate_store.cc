#include "inspection/pass_rate_store.h"

#include <string>

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

Status PassRateStore::Load(store::Database& db) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(std::vector<BatchVerdict> verdicts, LoadStoredVerdicts(*tx));
  ZQ_ASSIGN_OR_RETURN(PassRateCube cube, PassRateCube::Build(verdicts));
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
